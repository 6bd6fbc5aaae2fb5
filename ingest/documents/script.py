"""Script normalisation with offsets kept: the matching form of a text is Simplified and
NFKC width-folded, one character for one character, so an offset in the matching form is
the same offset in the original.

OpenCC ``t2s`` maps Traditional to Simplified character by character for almost all text; a
few phrase rules can change the length. When they do, we fall back to converting character by
character (always 1:1), so offsets never drift.

Example:
    >>> fold("國家發展改革委（試行）")
    '国家发展改革委(试行)'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from iegraph.ingest.normalize import to_simplified


@lru_cache(maxsize=65_536)
def _fold_char(ch: str) -> str:
    """NFKC of one character if it stays one character (full-width → ASCII, compatibility
    ideographs), else the character itself — a length change would break the offsets."""
    out = unicodedata.normalize("NFKC", ch)
    return out if len(out) == 1 else ch


class _FoldTable(dict[int, str]):
    """``str.translate`` table of :func:`_fold_char`, filled as characters are met (one table
    for every text instead of one built per call)."""

    def __missing__(self, o: int) -> str:
        c = chr(o)
        out = self[o] = _fold_char(c) if o > 127 else c
        return out


_FOLD_TABLE = _FoldTable()


def width_fold(text: str) -> str:
    """Per-character NFKC folding that keeps the length."""
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """The matching form: width-folded, then Traditional → Simplified, same length as ``text``.

    Args:
        text: original text in any script.

    Returns:
        A string of exactly ``len(text)`` characters; ``fold(t)[i]`` corresponds to ``t[i]``.
    """
    w = width_fold(text)
    s = to_simplified(w) if len(w) < 4096 else _t2s_long(w)
    if len(s) == len(w):
        return s
    # a phrase rule changed the length: convert per character (always 1:1) instead
    return "".join(_char_t2s(c) for c in w)


_T2S_LONG = None


def _t2s_long(text: str) -> str:
    """Whole documents: converted once, not kept in the name cache."""
    global _T2S_LONG
    if _T2S_LONG is None:
        import opencc

        _T2S_LONG = opencc.OpenCC("t2s")
    return str(_T2S_LONG.convert(text))


@lru_cache(maxsize=65_536)
def _char_t2s(ch: str) -> str:
    out = to_simplified(ch)
    return out if len(out) == 1 else ch


_CJK = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile("[A-Za-z]")


def count_cjk(text: str) -> int:
    """CJK ideographs (U+4E00–U+9FFF) in ``text`` (counted in C)."""
    return len(_CJK.findall(text))


def count_latin(text: str) -> int:
    """ASCII letters in ``text``."""
    return len(_LATIN.findall(text))


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among the non-space characters (a sanity check on decoding)."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if "\u4e00" <= c <= "\u9fff") / len(chars)


def is_english(s: str) -> bool:
    """Is a sentence written in English (Latin letters outnumber CJK characters three to one)?"""
    latin = count_latin(s)
    return latin > 3 * count_cjk(s) and latin > 0
