"""Generate ``ingest/documents/data/places_en.csv``: the English (Hanyu Pinyin) names of every
province and prefecture-level unit of the reference tables, plus the conventional English
names that are not pinyin (Shaanxi, Inner Mongolia, Hong Kong, Macao …).

English news writes Chinese places in pinyin without tones ("Weihai", "Xi'an", "Wuzhong
city"); the document pipeline's English recogniser reads them from this table. Needs the
package ``pypinyin`` (only to regenerate; the CSV is committed):

    pip install pypinyin==0.55.0 && python scripts/gen_places_en.py
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "ingest" / "reference" / "data"
OUT = ROOT / "ingest" / "documents" / "data" / "places_en.csv"

#: conventional English names that are not the pinyin of the stem (or beside it)
EXONYMS: dict[str, list[str]] = {
    "陕西省": ["Shaanxi"],
    "内蒙古自治区": ["Inner Mongolia"],
    "西藏自治区": ["Tibet", "Xizang"],
    "哈尔滨市": ["Harbin"],
    "乌鲁木齐市": ["Urumqi"],
    "呼和浩特市": ["Hohhot"],
    "拉萨市": ["Lhasa"],
    "香港特别行政区": ["Hong Kong", "Hong Kong SAR"],
    "澳门特别行政区": ["Macao", "Macau", "Macao SAR"],
    "台湾省": ["Taiwan"],
    "台北市": ["Taipei"],
    "新北市": ["New Taipei"],
    "台中市": ["Taichung"],
    "台南市": ["Tainan"],
    "高雄市": ["Kaohsiung"],
    "新竹市": ["Hsinchu"],
    "粤港澳大湾区": ["Guangdong-Hong Kong-Macao Greater Bay Area"],
    "大湾区": ["Greater Bay Area"],
    "漯河市": ["Luohe"],  # pypinyin reads 漯 as ta
}
#: places outside the mainland tables (the class they take in the ontology)
EXTRA = {
    "香港特别行政区": "Province",
    "澳门特别行政区": "Province",
    "台湾省": "Province",
    "台北市": "City",
    "新北市": "City",
    "台中市": "City",
    "台南市": "City",
    "高雄市": "City",
    "新竹市": "City",
    "粤港澳大湾区": "Region",
    "大湾区": "Region",
}
_SUFFIX = re.compile(
    r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|"
    r"地区|盟|省|市)$"
)
#: stems whose pinyin is an everyday English word or name: never read alone
_ENGLISH_WORDS = {"Ali", "Hami", "Lasa"}


def romanise(stem: str) -> str:
    sylls = lazy_pinyin(stem, style=Style.NORMAL, strict=True)
    out = ""
    for k, s in enumerate(sylls):
        if k and s[:1] in "aoe":
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    with open(DATA / "admin_provinces.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((r["name"], "Province", "province"))
    with open(DATA / "admin_prefectures.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["name"] in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            if r["name"].endswith("自治州"):
                continue  # 红河哈尼族彝族自治州: the stem's end is not knowable without a list
            rows.append((r["name"], "City", "prefecture"))
    for name, cls in EXTRA.items():
        rows.append((name, cls, "extra"))
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str, str, str]] = []
    for name, cls, level in rows:
        stem = _SUFFIX.sub("", name) or name
        # the short Chinese form of a place outside the mainland tables (香港, 台湾) is its
        # name too; a mainland stem is judged by the pipeline's own place list
        zh_short = stem if level == "extra" and stem != name else ""
        forms = list(EXONYMS.get(name, []))
        if name not in EXTRA and name not in ("陕西省", "漯河市"):
            en = romanise(stem)
            if en not in _ENGLISH_WORDS and len(stem) >= 2:
                forms.append(en)
        for en in forms:
            if (en, name) in seen:
                continue
            seen.add((en, name))
            out.append((en, name, cls, zh_short))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name_en", "name_zh", "class", "zh_short"])
        w.writerows(sorted(out))
    print(f"{OUT}: {len(out)} names")


if __name__ == "__main__":
    main()
