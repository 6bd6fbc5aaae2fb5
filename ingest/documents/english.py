"""English forms of real news and notices that name no relation word of the ontology.

* **Titles without quotes**: "signed the Framework Agreement on … with B", "issued the
  Implementation Opinions on …": a capitalised run after a policy's kind and its preposition is
  a Policy (agreements included), up to the first word that cannot be in a title.
* **Passive agents** (document reader): "X, jointly established by A, B and C, opened" and
  "A and B have been selected as … by C" give BUILDS / DESIGNATES from the agents after "by".
* **Signings**: "A and B signed a cooperation agreement", "A and B held a signing ceremony",
  "A signed an agreement with B for (the) construction of P" pair the signers and give BUILDS
  of the platform the purpose names.

Example:
    >>> [t for _a, _b, t in policy_titles("They issued the Action Plan for Rural Schools.")]
    ['Action Plan for Rural Schools']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from iegraph.ingest.documents.script import is_english

if TYPE_CHECKING:
    from iegraph.ingest.documents.docread import _Doc

# -- titles ----------------------------------------------------------------------------------
#: a policy's (or an agreement's) kind, opening a title before its preposition
_KIND = (
    r"(?:(?:Strategic\s+)?(?:Framework|Cooperation|Co-operation|Partnership)\s+Agreement|"
    r"Agreement|Memorandum\s+of\s+Understanding|Memorandum|"
    r"(?:Implementation|Guiding)\s+(?:Opinions|Plan|Measures|Rules)|Opinions|"
    r"(?:Action|Work|Development)\s+Plan|Plan|Programme|Program|Notice|Circular|Measures|"
    r"Guidelines|Regulations|Provisions|Scheme|Decision|Outline)"
)
#: "the Framework Agreement on", "the Implementation Opinions on": where a title starts
_TITLE_HEAD = re.compile(
    r"(?<![A-Za-z])(?:the|The)\s+((?:[A-Z][A-Za-z\-]*\s+){0,3}?"
    + _KIND
    + r"\s+(?:on|for|of|to)\s+)"
    r"(?=(?:the\s+)?[A-Z])"
)
#: the next title of a list of titles ("… and the Framework Agreement on …")
_NEXT_TITLE = re.compile(
    r"(?:the\s+)?(?:[A-Z][A-Za-z\-]*\s+){0,3}?" + _KIND + r"\s+(?:on|for|of|to)\b"
)
#: words a title may hold between its capitalised words
_TITLE_GLUE = frozenset({"the", "of", "and", "for", "on", "in", "to", "a", "an", "with"})
#: a list of capitalised names closed by "and": "Guangdong, Hong Kong and Macao"
_CAP_LIST_REST = re.compile(
    r",\s+[A-Z][\w\-’']*(?:\s+[A-Z][\w\-’']*)*(?:,\s+[A-Z][\w\-’']*(?:\s+[A-Z][\w\-’']*)*)*"
    r",?\s+and\s+[A-Z]"
)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-’'&]*|\S")


def policy_titles(s: str) -> list[tuple[int, int, str]]:
    """Unquoted titles opening with a policy's kind and a preposition, as (start, end, text)."""
    out: list[tuple[int, int, str]] = []
    for m in _TITLE_HEAD.finditer(s):
        start = m.start(1)
        end = _title_end(s, m.end(1))
        if end > m.end(1):
            out.append((start, end, s[start:end]))
    return out


def _title_end(s: str, pos: int) -> int:
    """Where a title's body that starts at ``pos`` ends: after its last capitalised word, before
    a word no title holds (a lower-case verb, "with", "at", punctuation other than a list's comma)."""
    end = pos
    for t in _TOKEN.finditer(s, pos):
        w = t.group(0)
        if w[0].isupper() or w[0].isdigit():
            end = t.end()
            continue
        if w == "," and _CAP_LIST_REST.match(s, t.start()):
            continue  # "… of Guangdong, Hong Kong and Macao"
        if w.lower() in _TITLE_GLUE and w.islower():
            if w == "and" and _NEXT_TITLE.match(s, t.end() + 1):
                break  # "… Cooperation and the Framework Agreement on …": a second title
            if w == "with":
                break  # "signed the Agreement on X with B": the partner, not the title
            continue
        break
    return end


# -- document passes -------------------------------------------------------------------------
_ORG = ("Institution", "Enterprise", "Government")
#: a passive verb whose agent follows "by"
_PASSIVE_BY = re.compile(
    r"(?:,\s*|\s+)(?:(?:was|were|has\s+been|have\s+been|had\s+been|is|are|been|being)\s+)?"
    r"(?:(?:jointly|officially|newly|recently|successfully)\s+)?"
    r"(?P<verb>established|founded|set\s+up|built|co-built|co-founded|co-established|created|"
    r"launched|run|selected|designated|recogni[sz]ed|certified|named|approved|listed)"
    r"(?P<as>\s+as\s+[^.;]{2,120}?)?\s+by\s+(?:the\s+)?"
)
_BUILD_VERBS = frozenset(
    {"established", "founded", "set up", "built", "co-built", "co-founded", "co-established"}
    | {"created", "launched", "run"}
)
#: a short form in brackets after a name ("The Hong Kong Polytechnic University (PolyU)")
_SHORT_FORM = re.compile(r"^\s*\([A-Za-z&\-]{2,12}\)")
#: separators inside a list of names
_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*,?\s+as\s+well\s+as\s+)(?:the\s+)?$")
#: signing words after a list of signers: "signed a cooperation agreement", "held a signing ceremony"
_SIGNED = re.compile(
    r"(?:\s*\([A-Za-z&\-]{2,12}\))?"  # "A (PolyU) and B (FHKI) signed": B's short form
    r"\s*(?:(?:jointly|successfully|officially|formally|also|have|has|had)\s+)*"
    r"(?:signed|inked|held\s+(?:a|the)\s+(?:[\w\-]+\s+){0,4}?signing\s+ceremony)\b"
)
_SIGNED_OBJECT = re.compile(
    r"\s*(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,5}?(?:agreements?|memorand(?:um|a)|MoUs?|contracts?)\b"
    r"|\s*(?:to|for)\b",
    re.IGNORECASE,
)
#: what stands between a signing's subject and "signed": its short form, an auxiliary, an adverb
_SUBJECT_GAP = re.compile(
    r"(?:\s*\([A-Za-z&\-]{2,12}\))?\s*"
    r"(?:(?:also|has|have|had|jointly|officially|formally|successfully)\s+)*"
)
#: a visit to the body named next: "went to B", "visited B", "paid a visit to B"
_VISITED = re.compile(r"\b(?:went\s+to|came\s+to|visited|paid\s+a\s+visit\s+to)\s+(?:the\s+)?")
#: "… and signed a (…) agreement" later in the visit's sentence, with no partner after "with"
_SIGNED_AFTER_VISIT = re.compile(
    r"\band\s+(?:then\s+)?signed\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,6}?"
    r"(?:agreements?|memorand(?:um|a)|MoUs?|contracts?)\b(?!\s+with\b)"
)
#: "on behalf of (the) A" before the person who signs
_ON_BEHALF = re.compile(r"\b[Oo]n\s+behalf\s+of\s+(?:the\s+)?")
#: "signed a … agreement (on …) with (the) B": the partner after "with"
_SIGNED_WITH = re.compile(
    r"\bsign(?:ed|s)\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,5}?"
    r"(?:agreements?|memorand(?:um|a)|MoUs?|contracts?)\b[^.;]{0,90}?\bwith\s+(?:the\s+)?"
)
#: a purpose of building after a signing: "for (the) construction of", "to construct"
_BUILD_PURPOSE = re.compile(
    r"\b(?:for\s+(?:the\s+)?(?:construction|establishment|building)\s+of|"
    r"to\s+(?:jointly\s+)?(?:construct|co-construct|build|co-build|establish|set\s+up|create))\s+"
    r"(?:the\s+|a\s+|an\s+)?",
    re.IGNORECASE,
)


def passive_agents(doc: _Doc) -> None:
    """ "The X College, jointly established by A, B and C, opened": A, B and C build X (a
    "college" that companies build with a school is an industrial college, a platform); "A and
    B have been selected as pilot institutions … by C": C designates A and B."""
    ents = doc.res.entities
    for sa, sb, sent, ins in _english_sentences(doc):
        for m in _PASSIVE_BY.finditer(sent):
            at, by = sa + m.start(), sa + m.end()
            agents = _list_from(doc, ins, by, forward=True)
            subjects = _list_from(doc, ins, at, forward=False)
            agents = [k for k in agents if ents[k].label in _ORG]
            if not agents or not subjects:
                continue
            verb = re.sub(r"\s+", " ", m.group("verb"))
            if verb in _BUILD_VERBS and m.group("as") is None:
                x = subjects[-1]
                if ents[x].label == "Institution" and any(
                    ents[k].label == "Enterprise" for k in agents
                ):
                    _as_platform(doc, x)
                for k in agents:
                    doc.add_rel(k, "BUILDS", x, 0.75, "en:built-by", at)
            elif verb not in _BUILD_VERBS:
                orgs = [x for x in subjects if ents[x].label != "Place"]
                # "two colleges in Zhuzhou, A and B,": the place only says where the bodies are
                for x in orgs or subjects:
                    for k in agents:
                        doc.add_rel(k, "DESIGNATES", x, 0.75, "en:designated-by", at)


def signings(doc: _Doc) -> None:
    """ "A and B signed a cooperation agreement" / "held a signing ceremony": the signers are
    partners; "… for the construction of P" / "… to construct P": they build P."""
    ents = doc.res.entities
    for sa, sb, sent, ins in _english_sentences(doc):
        for k in ins:
            e = ents[k]
            m = _SIGNED.match(doc.f, e.end, sb)
            if m is None:
                continue
            obj = _SIGNED_OBJECT.match(doc.f, m.end(), sb)
            if obj is None and "ceremony" not in m.group(0):
                continue
            signers = [
                x for x in _list_from(doc, ins, e.end, forward=False) if ents[x].label in _ORG
            ]
            for i, h in enumerate(signers):
                for t in signers[i + 1 :]:
                    doc.add_rel(h, "COOPERATES_WITH", t, 0.75, "en:signed", e.end)
            if len(signers) >= 2:
                _build_purpose(doc, signers, m.end(), sb)
        # "On behalf of A, Wang signed an agreement … with B": the person signs for A
        for m in _ON_BEHALF.finditer(sent):
            signer = [k for k in ins if ents[k].start == sa + m.end() and ents[k].label in _ORG]
            w = _SIGNED_WITH.search(sent, m.end())
            if not signer or w is None:
                continue
            between = [
                k
                for k in ins
                if ents[signer[0]].end <= ents[k].start < sa + w.start() and ents[k].label in _ORG
            ]
            if between:
                continue  # another body between: the signing is not plainly A's
            for k in _list_from(doc, ins, sa + w.end(), forward=True):
                if ents[k].label in _ORG:
                    doc.add_rel(
                        signer[0], "COOPERATES_WITH", k, 0.75, "en:on-behalf", sa + w.start()
                    )
        # "Wang, Secretary of A, went to B to discuss cooperation and signed an agreement":
        # the visitor's body and the host sign
        for m in _VISITED.finditer(sent):
            host = [k for k in ins if ents[k].start == sa + m.end() and ents[k].label in _ORG]
            signed = _SIGNED_AFTER_VISIT.search(sent, m.end())
            guest = [k for k in ins if ents[k].end <= sa + m.start() and ents[k].label in _ORG]
            if not host or not guest or signed is None:
                continue
            if any(
                ents[host[0]].end <= ents[k].start < sa + signed.start()
                for k in ins
                if ents[k].label in _ORG
            ):
                continue  # another body named between the visit and the signing
            doc.add_rel(
                guest[-1], "COOPERATES_WITH", host[0], 0.7, "en:visit-signed", sa + m.start()
            )
        # "A signed an agreement with B for (the) construction of P"
        for m in re.finditer(
            r"\bsign(?:ed|s|ing)?\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,4}?"
            r"agreements?\s+with\s+(?:the\s+)?",
            sent,
        ):
            before = [k for k in ins if ents[k].end <= sa + m.start() and ents[k].label in _ORG]
            after = _list_from(doc, ins, sa + m.end(), forward=True)
            parties = ([before[-1]] if before else []) + [k for k in after if ents[k].label in _ORG]
            if len(parties) >= 2:
                _build_purpose(doc, parties, sa + m.end(), sb)
            if before and _SUBJECT_GAP.fullmatch(doc.f, ents[before[-1]].end, sa + m.start()):
                # "…, Shindanda signed a … agreement with NUIST": the clause's subject signs
                for k in parties[1:]:
                    doc.add_rel(
                        before[-1], "COOPERATES_WITH", k, 0.75, "en:signed-with", sa + m.start()
                    )


def _build_purpose(doc: _Doc, parties: list[int], pos: int, sb: int) -> None:
    ents = doc.res.entities
    goal = _BUILD_PURPOSE.search(doc.f, pos, sb)
    if goal is None or goal.start() - pos > 160:
        return
    p = next(
        (k for k, e in enumerate(ents) if e.label == "Platform" and e.start == goal.end()),
        None,
    )
    if p is None:
        return
    for k in parties:
        doc.add_rel(k, "BUILDS", p, 0.75, "en:build-purpose", goal.start())


def _list_from(doc: _Doc, ins: list[int], pos: int, forward: bool) -> list[int]:
    """The names of a list that starts (forward) or ends (backward) at ``pos``: names joined by
    commas and "and" only, and an appositive before a passive ("Two colleges in X, A and B,")."""
    ents = doc.res.entities
    f = doc.f
    out: list[int] = []
    if forward:
        cur = pos
        for k in ins:
            e = ents[k]
            if e.start < cur:
                continue
            gap = f[cur : e.start]
            if (not out and gap.strip() == "") or (out and _LIST_GAP.match(gap)):
                out.append(k)
                cur = e.end
                continue
            break
        return out
    cur = pos
    for k in reversed(ins):
        e = ents[k]
        if e.end > cur:
            continue
        if f[e.start - 1 : e.start] == "(" and f[e.end : e.end + 1] == ")":
            continue  # "A (PolyU) and B": the short form in brackets is A's, no list item
        gap = _SHORT_FORM.sub("", f[e.end : cur])
        if (not out and re.fullmatch(r"\s*,?\s*", gap)) or (out and _LIST_GAP.match(gap)):
            out.insert(0, k)
            cur = e.start
            continue
        break
    return out


def _english_sentences(doc: _Doc) -> Iterator[tuple[int, int, str, list[int]]]:
    """Each English sentence of the document: its span, its text and its entities in order."""
    ents = doc.res.entities
    for sa, sb in doc.res.sentences:
        sent = doc.f[sa:sb]
        if is_english(sent):
            ins = [k for k, e in enumerate(ents) if sa <= e.start < sb]
            yield sa, sb, sent, sorted(ins, key=lambda k: ents[k].start)


def _as_platform(doc: _Doc, k: int) -> None:
    """A school-named unit that companies build with a school: the ontology's industrial
    college (its English label "Industrial college")."""
    e = doc.res.entities[k]
    cls = doc.lex.en_compound_heads.get("industrial college", "Platform")
    top = doc.schema.classes[cls].top if cls in doc.schema.classes else "Platform"
    for x in doc.res.entities:
        if x.text == e.text and x.label == "Institution":
            x.cls, x.label = cls, top
