"""Language tags for names: which of zh-Hans, zh-Hant or en a surface form is written in, and
its form in the other Chinese script.

It lives in ``ontology`` (not ``ingest.normalize``) because ``graph`` needs it for the RDF
export and ``graph`` must not import ``ingest``; both wrap the same OpenCC conversions.

Example:
    >>> tagged_forms("深圳職業技術大學")
    [('深圳職業技術大學', 'zh-Hant'), ('深圳职业技术大学', 'zh-Hans')]
    >>> tagged_forms("Huawei")
    [('Huawei', 'en')]
"""

from __future__ import annotations

from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


@lru_cache(maxsize=100_000)
def lang_of(text: str) -> str:
    """``zh-Hant`` if converting to Simplified changes the text, ``zh-Hans`` for other Chinese
    text (a form valid in both scripts counts as Simplified), ``en`` for text without CJK."""
    if not has_cjk(text):
        return "en"
    return "zh-Hant" if _T2S.convert(text) != text else "zh-Hans"


@lru_cache(maxsize=100_000)
def tagged_forms(text: str) -> list[tuple[str, str]]:
    """The text with its language tag, followed by its form in the other Chinese script (if
    different). One form per tag, so a skos:prefLabel per language stays unique."""
    lang = lang_of(text)
    if lang == "en":
        return [(text, "en")]
    if lang == "zh-Hant":
        return [(text, "zh-Hant"), (_T2S.convert(text), "zh-Hans")]
    trad = _S2T.convert(text)
    return [(text, "zh-Hans")] + ([(trad, "zh-Hant")] if trad != text else [])
