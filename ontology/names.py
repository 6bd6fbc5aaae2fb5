"""Name normalisation and identity keys, shared by every layer (records, documents, search).

It lives in `ontology` (the lowest package) because identity is part of the model: `graph`
and `queries` need the same folding as `ingest`, and must not import `ingest`.

Matching works on a folded form: Traditional → Simplified (OpenCC ``t2s``), NFKC width
folding, one bracket style, no whitespace. The display name always keeps its original form.

Example:
    >>> norm_name("深圳職業技術大學")
    '深圳职业技术大学'
    >>> norm_name("达利（中国） 有限公司")
    '达利(中国)有限公司'
    >>> entity_key("Institution", "深圳職業技術大學")
    'institution:深圳职业技术大学'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")
_WS = re.compile(r"\s+")
_BRACKETS = str.maketrans(
    {
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "［": "[",
        "］": "]",
        "（": "(",
        "）": ")",
        "《": "",
        "》": "",
        "“": "",
        "”": "",
        '"': "",
        "'": "",
        "「": "",
        "」": "",
    }
)

#: legal-form suffixes stripped for *matching only* (longest first)
LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份公司",
    "有限公司",
    "集团公司",
    "股份公司",
    "集团",
    "公司",
    "co., ltd.",
    "co.,ltd.",
    "co. ltd.",
    "co., ltd",
    "company limited",
    "corporation",
    "limited",
    "ltd.",
    "ltd",
    "inc.",
    "inc",
    "group",
    "corp.",
)
_LEGAL_ENDS = tuple(LEGAL_SUFFIXES)


@lru_cache(maxsize=200_000)
def to_simplified(text: str) -> str:
    return str(_T2S.convert(text))


@lru_cache(maxsize=50_000)
def to_traditional(text: str) -> str:
    return str(_S2T.convert(text))


@lru_cache(maxsize=500_000)
def norm_name(name: str) -> str:
    """The matching form of a name: Simplified, width-folded, one bracket style, no spaces."""
    return _norm_end(str(_T2S.convert(_norm_start(name))))


def norm_names(names: Sequence[str]) -> list[str]:
    """:func:`norm_name` of each name (not memoised), the Traditional→Simplified conversion
    made in one call for all of them: the names joined by newlines, which no conversion
    phrase contains, so each converts exactly as alone (names holding a newline themselves
    are converted one by one)."""
    starts = [_norm_start(n) for n in names]
    joined = "\n".join(starts)
    if joined.count("\n") == len(starts) - 1:
        done = str(_T2S.convert(joined)).split("\n")
        if len(done) == len(starts):
            return [_norm_end(s) for s in done]
    return [_norm_end(str(_T2S.convert(s))) for s in starts]


def _norm_start(name: str) -> str:
    return unicodedata.normalize("NFKC", name).translate(_BRACKETS)


def _norm_end(s: str) -> str:
    s = _WS.sub("", s) if _has_cjk(s) else _WS.sub(" ", s).strip()
    return s.lower()


def strip_legal_suffix(norm: str) -> str:
    """``norm`` without its legal-form suffix (for matching only; never displayed)."""
    if not norm.endswith(_LEGAL_ENDS):  # most names: no suffix to look for
        return norm
    for suf in LEGAL_SUFFIXES:
        if norm.endswith(suf) and len(norm) > len(suf) + 1:
            return norm[: -len(suf)].rstrip(" ,")
    return norm


#: a CJK unified ideograph (one regex search, not a Python loop over the characters)
_CJK = re.compile("[\u4e00-\u9fff]")


def _has_cjk(s: str) -> bool:
    return _CJK.search(s) is not None


#: longest key written to a store, in UTF-8 bytes. FalkorDB 4.16 crashed (signal 11 in
#: ``EnforceUniqueEntity``) on a key of about 4 KB; names longer than the ontology allows are
#: refused by validation, and any key past this bound is shortened by :func:`entity_key`.
MAX_KEY_BYTES = 512
#: UTF-8 bytes of the readable head kept in front of the digest of a shortened key
_KEY_HEAD_BYTES = 200


def entity_key(top_class: str, name: str) -> str:
    """Stable key of an entity from its top-level class and normalised name.

    A key longer than :data:`MAX_KEY_BYTES` keeps a readable head and ends with the SHA-256
    of the whole normalised name, so it stays unique, stable and bounded.

    Example:
        >>> len(entity_key("Organization", "很长的名字" * 300).encode()) <= MAX_KEY_BYTES
        True
    """
    return key_of_norm(top_class, norm_name(name))


def key_of_norm(top_class: str, norm: str) -> str:
    """:func:`entity_key` from a name already normalised (:func:`norm_name`)."""
    key = f"{top_class.lower()}:{norm}"
    raw = key.encode("utf-8")
    if len(raw) <= MAX_KEY_BYTES:
        return key
    head = raw[:_KEY_HEAD_BYTES].decode("utf-8", errors="ignore")
    return f"{head}~sha256:{hashlib.sha256(raw).hexdigest()}"
