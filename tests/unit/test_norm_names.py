"""Names normalised together (:func:`ontology.names.norm_names`, one Traditional→Simplified
conversion call for many names) give exactly what each gives alone (:func:`norm_name`), and
the legal-suffix pre-check strips what the suffix loop strips."""

from __future__ import annotations

import pytest

from iegraph.ingest.resolve import name_forms, name_forms_once
from iegraph.ontology.names import LEGAL_SUFFIXES, norm_name, norm_names, strip_legal_suffix

NAMES = [
    "深圳職業技術大學",
    "深圳职业技术大学",
    "華為技術有限公司",
    "（香港）發展 有限公司",
    "【廣州】數據中心",
    "ＡＢＣ　Ｃｏ．， Ｌｔｄ．",
    "  Acme   Corporation ",
    "後台 裡面 乾燥",  # one-to-many characters, decided by the phrase
    "",
    "a",
    "發\n展",  # a newline inside a name: converted alone
    "乾隆",
    "头发",
    "頭髮",
]


@pytest.mark.parametrize("names", [NAMES, NAMES[:10], [n for n in NAMES if "\n" not in n], []])
def test_together_equals_alone(names: list[str]) -> None:
    assert norm_names(names) == [norm_name.__wrapped__(n) for n in names]
    assert name_forms_once(names) == [name_forms(n) for n in names]


def test_bench_like_names_together_equal_alone() -> None:
    names = [f"{c}{a}{b}有限公司" for c in "深廣东華" for a in "數据科技" for b in "發展團集"]
    names += [f"{n}·{m}" for n, m in zip(names, reversed(names), strict=True)]
    assert norm_names(names) == [norm_name.__wrapped__(n) for n in names]


@pytest.mark.parametrize(
    "name", ["华为有限公司", "华为", "公司", "acme ltd.", "acme", "集团有限公司x"]
)
def test_suffix_precheck_is_the_loop(name: str) -> None:
    want = name
    for suf in LEGAL_SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf) + 1:
            want = name[: -len(suf)].rstrip(" ,")
            break
    assert strip_legal_suffix(name) == want
