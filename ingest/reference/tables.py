"""The reference tables, read and interpreted: places with their classes, parents, keys and
short forms; institutions with their class, place and supervising bodies.

Pure functions over the CSV files in ``ingest/reference/data`` (or a newer vintage given by
the user); nothing here touches a store. :func:`reference_tables` is cached per file set, so
the loader, the gazetteer and the records hook share one parse (about 0.1 s).

Decisions (stated once, used everywhere):

* **Places.** A province-level unit is a ``Province`` (the four municipalities included: their
  prefecture rows are placeholders); a prefecture-level unit (地级市, 地区, 自治州, 盟) is a
  ``City``; a county-level unit ending in 区 is a ``District``, any other (县, 旗, 县级市, 特区,
  林区 …) a ``County``. The NBS placeholder rows (市辖区, 县, 省直辖县级行政区划 …) are not
  places: their counties are PART_OF the province. A county-level row that repeats its
  prefecture (东莞市 441900) is the same place and is skipped.
* **Short forms** (济南 → 济南市, 广西 → 广西壮族自治区, 延边 → 延边朝鲜族自治州) are made for
  provinces and prefecture-level units only: county stems are too often common words (公安,
  和平, 通道, 东方). A short form shared by a province and a prefecture goes to the province
  (吉林 → 吉林省, 海南 → 海南省), as in common usage; one shared by two units of the same
  level is dropped (ambiguous) and listed in :attr:`ReferenceTables.ambiguous`.
* **Keys.** A place's key is the writer's ordinary name key (``place:济南市``); a name that
  several places share (朝阳区 in 北京市 and 长春市) keys each by its qualified name
  (``place:北京市朝阳区``), which is also an alias. Such a bare name is never resolved by
  guess.
* **Institutions.** 成人 → ``AdultCollege`` (成人高校 are listed and counted apart by MoE, so
  they get a class of their own rather than a flag on University); 本科 whose name ends in
  职业技术大学 / 职业大学 → ``VocationalUniversity``; other 本科 → ``University``; 专科 →
  ``VocationalCollege``. An institution is LOCATED_IN the place its ``city`` names within its
  MoE province group (a prefecture, or a county-level city such as 昆山市), the province
  when the list gives no city (成人高校) or the city is the municipality itself.
* **Former names**: ``data/former_names.csv`` (curated: code, former name, date when known,
  basis) — renames and upgrades the sample data still writes the old way (苏州市职业大学 →
  苏州职业技术大学). They become former names (aliases) of the node.
* **Supervising bodies** (主管部门): a province-level name → its people's government
  (广东省 → 广东省人民政府), ``…教育厅`` → that department, ``X市教委`` → ``X市教育委员会``;
  the rest from ``data/authorities.csv`` (a curated table: full name, class, short names).
  ``上海市 中国科学院`` names two bodies.

Example:
    >>> t = reference_tables()
    >>> t.place("370100").name, t.place("370100").aliases
    ('济南市', ('济南',))
    >>> t.institution("4144011113").cls
    'VocationalUniversity'
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from iegraph.ontology.errors import IngestError
from iegraph.ontology.names import entity_key, norm_name

DATA_DIR = Path(__file__).resolve().parent / "data"
INSTITUTIONS_FILE = DATA_DIR / "moe_higher_education_institutions_2025.csv"
AUTHORITIES_FILE = DATA_DIR / "authorities.csv"
FORMER_NAMES_FILE = DATA_DIR / "former_names.csv"
PLACE_FILES = ("admin_provinces.csv", "admin_prefectures.csv", "admin_counties.csv")
#: as-of dates of the packaged vintages (SOURCES.md)
INSTITUTIONS_AS_OF = "2025-06-20"
PLACES_AS_OF = "2023-06-30"

#: NBS placeholder names in the prefecture table: statistical groupings, not places
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# the 55 minority nationalities' names as they appear inside autonomous-area names
# (facts, used only to derive short forms: 延边朝鲜族自治州 → 延边)
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|"
    "拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|"
    "塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
_AUTONOMOUS = re.compile(rf"^(?P<stem>.{{2,}}?)(?:(?:{_ETHNIC})族?)+自治(?:区|州)$")
_PLAIN_SUFFIXES = ("特别行政区", "自治区", "地区", "省", "市", "盟", "自治州")
_MOE_CODE = re.compile(r"^\d{10}$")
_ADCODE = re.compile(r"^\d{2}(\d{2}(\d{2})?)?$")
_CITY_COMMISSION = re.compile(r"^(?P<city>.+市)教委$")


@dataclass(frozen=True)
class PlaceRow:
    """One place of the skeleton."""

    code: str  # adcode, 6 digits (370000 province, 370100 prefecture, 370102 county)
    name: str
    cls: str  # Province | City | District | County
    level: str  # province | prefecture | county
    parent: str  # adcode of the place it is PART_OF ("" for a province)
    province: str  # adcode of its province
    key: str
    aliases: tuple[str, ...] = ()  # short form, qualified name


@dataclass(frozen=True)
class Body:
    """A supervising body (主管部门) named by the MoE list."""

    name: str
    cls: str
    key: str
    level: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstitutionRow:
    """One institution of the MoE list, interpreted."""

    moe_code: str
    name: str
    cls: str
    level: str  # 本科 | 专科 | 成人
    ownership: str
    authority: str  # as written
    province: str  # MoE province group (name)
    city: str  # as written ("" for 成人高校)
    remark: str
    institution_type: str
    key: str
    place: str  # adcode it is LOCATED_IN
    bodies: tuple[Body, ...]
    row: int  # line in the CSV (header = 1)
    former: tuple[tuple[str, str | None], ...] = ()  # (former name, renamed on) curated


@dataclass
class ReferenceTables:
    """Everything the loader and the gazetteer need, parsed once."""

    places: list[PlaceRow]
    institutions: list[InstitutionRow]
    places_hash: str  # sha256 of the place files (loader version excluded)
    institutions_hash: str  # sha256 of the institution list and authorities.csv
    institutions_path: str
    places_dir: str
    #: short forms left out because two places of the same level share them
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    #: names several places share (keyed by their qualified names instead)
    shared_names: dict[str, list[str]] = field(default_factory=dict)
    _by_code: dict[str, PlaceRow] = field(default_factory=dict, repr=False)
    _by_moe: dict[str, InstitutionRow] = field(default_factory=dict, repr=False)

    def place(self, code: str) -> PlaceRow:
        """A place by its adcode (2, 4 or 6 digits: 37, 3701, 370100)."""
        return self._by_code[adcode6(code)]

    def institution(self, moe_code: str) -> InstitutionRow:
        return self._by_moe[moe_code]

    def has_place(self, code: str) -> bool:
        return adcode6(code) in self._by_code

    def bodies(self) -> list[Body]:
        """Every supervising body, once."""
        out: dict[str, Body] = {}
        for i in self.institutions:
            for b in i.bodies:
                out.setdefault(b.key, b)
        return list(out.values())


# ------------------------------------------------------------------------------------------
# reading
# ------------------------------------------------------------------------------------------
def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise IngestError(
            f"cannot read reference file {path}: {e}",
            hint="give an existing UTF-8 CSV file (see ingest/reference/data/SOURCES.md)",
            file=str(path),
        ) from e
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise IngestError(
            f"{path}: missing column(s) {', '.join(missing)}",
            hint=f"the file needs the columns {', '.join(required)}",
            file=str(path),
        )
    return [
        (i + 2, {k: (v or "").strip() for k, v in r.items() if k}) for i, r in enumerate(reader)
    ]


def short_forms(name: str) -> list[str]:
    """The common short forms of a province- or prefecture-level name.

    Example:
        >>> short_forms("广西壮族自治区"), short_forms("临夏回族自治州"), short_forms("济南市")
        (['广西'], ['临夏', '临夏州'], ['济南'])
    """
    m = _AUTONOMOUS.match(name)
    if m:
        stem = m.group("stem")
        return [stem, f"{stem}州"] if name.endswith("州") else [stem]
    for suf in _PLAIN_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return [name[: -len(suf)]]
    return []


def _place_class(level: str, name: str) -> str:
    if level == "province":
        return "Province"
    if level == "prefecture":
        return "City"
    return "District" if name.endswith("区") else "County"


def read_places(
    places_dir: Path,
) -> tuple[list[PlaceRow], dict[str, list[str]], dict[str, list[str]]]:
    """Places of the three NBS tables (placeholders dropped), with keys and aliases."""
    files = [places_dir / f for f in PLACE_FILES]
    provs = _read_csv(files[0], ("code", "name"))
    prefs = _read_csv(files[1], ("code", "name", "province_code"))
    counties = _read_csv(files[2], ("code", "name", "prefecture_code", "province_code"))
    raw: list[tuple[str, str, str, str, str]] = []  # code, name, level, parent, province
    names_of: dict[str, str] = {}
    for line, r in provs:
        _check_code(files[0], line, r["code"], 2)
        code = adcode6(r["code"])
        raw.append((code, r["name"], "province", "", code))
        names_of[code] = r["name"]
    placeholder: set[str] = set()
    for line, r in prefs:
        _check_code(files[1], line, r["code"], 4)
        code, prov = adcode6(r["code"]), adcode6(r["province_code"])
        if r["name"] in PLACEHOLDERS:
            placeholder.add(code)
            continue
        raw.append((code, r["name"], "prefecture", prov, prov))
        names_of[code] = r["name"]
    for line, r in counties:
        _check_code(files[2], line, r["code"], 6)
        pref, prov = adcode6(r["prefecture_code"]), adcode6(r["province_code"])
        if names_of.get(pref) == r["name"]:
            continue  # 东莞市 441900: the prefecture-level city itself, repeated
        parent = prov if pref in placeholder or not r["prefecture_code"] else pref
        raw.append((r["code"], r["name"], "county", parent, prov))

    # names several places share → qualified keys; short forms → aliases when unambiguous
    count: dict[str, list[str]] = {}
    for code, name, *_ in raw:
        count.setdefault(norm_name(name), []).append(code)
    shared = {n: codes for n, codes in count.items() if len(codes) > 1}
    rank = {"province": 0, "prefecture": 1, "county": 2}
    shorts: dict[str, list[tuple[int, str]]] = {}
    for code, name, level, _parent, _prov in raw:
        if level == "county":
            continue
        for s in short_forms(name):
            if norm_name(s) not in count:  # never shadow a full name
                shorts.setdefault(s, []).append((rank[level], code))
    short_of: dict[str, list[str]] = {}
    ambiguous: dict[str, list[str]] = {}
    for s, cands in shorts.items():
        cands.sort()
        if len(cands) > 1 and cands[0][0] == cands[1][0]:
            ambiguous[s] = [c for _, c in cands]
            continue
        short_of.setdefault(cands[0][1], []).append(s)
        if len(cands) > 1:  # kept for the report: the higher level won
            ambiguous.setdefault(s, [c for _, c in cands])
    out: list[PlaceRow] = []
    for code, name, level, parent, prov in raw:
        aliases: list[str] = []
        key_name = name
        if norm_name(name) in shared:
            key_name = names_of.get(parent, "") + name
            aliases.append(key_name)
        aliases.extend(short_of.get(code, ()))
        out.append(
            PlaceRow(
                code,
                name,
                _place_class(level, name),
                level,
                parent,
                prov,
                entity_key("Place", key_name),
                tuple(aliases),
            )
        )
    qualified = {p.key for p in out}
    if len(qualified) != len(out):  # two places under one parent with one name: refuse
        seen: set[str] = set()
        dup = next(p for p in out if p.key in seen or seen.add(p.key))  # type: ignore[func-returns-value]
        raise IngestError(
            f"two places share the key {dup.key!r}",
            hint="check the place tables for a duplicated row",
            file=str(places_dir),
        )
    return out, ambiguous, {n: c for n, c in shared.items()}


def adcode6(code: str) -> str:
    """The 6-digit form of a 2-, 4- or 6-digit division code (37 → 370000, 3701 → 370100).

    Example:
        >>> adcode6("3701")
        '370100'
    """
    return code.ljust(6, "0") if len(code) < 6 else code


def _check_code(path: Path, line: int, code: str, digits: int) -> None:
    if not (_ADCODE.match(code) and len(code) == digits):
        raise IngestError(
            f"{path.name} row {line}: code {code!r} is not a {digits}-digit division code",
            hint="division codes are digits: 2 (province), 4 (prefecture), 6 (county)",
            file=str(path),
            row=line,
            field="code",
        )


# ------------------------------------------------------------------------------------------
# institutions
# ------------------------------------------------------------------------------------------
def institution_class(level: str, name: str) -> str:
    """Ontology class of an MoE-listed institution (see the module docstring)."""
    if level == "成人":
        return "AdultCollege"
    if level == "本科":
        return (
            "VocationalUniversity" if name.endswith(("职业技术大学", "职业大学")) else "University"
        )
    return "VocationalCollege"


def _read_authorities(path: Path) -> dict[str, Body]:
    out: dict[str, Body] = {}
    for _line, r in _read_csv(path, ("authority", "name", "class")):
        aliases = tuple(a for a in r.get("aliases", "").split("|") if a)
        top = "Institution" if r["class"] == "ResearchInstitute" else "Government"
        out[r["authority"]] = Body(
            r["name"], r["class"], entity_key(top, r["name"]), r.get("level", ""), aliases
        )
    return out


def authority_bodies(
    text: str, province_names: set[str], table: dict[str, Body]
) -> tuple[Body, ...]:
    """The supervising bodies an MoE 主管部门 cell names (empty when none is recognised)."""
    out: list[Body] = []
    for part in text.split():
        if part in table:
            out.append(table[part])
        elif part in province_names:
            name = f"{part}人民政府"
            out.append(
                Body(
                    name,
                    "PeoplesGovernment",
                    entity_key("Government", name),
                    "provincial",
                    (f"{part}政府",),
                )
            )
        elif part.endswith("教育厅"):
            out.append(
                Body(part, "ProvincialDepartment", entity_key("Government", part), "provincial")
            )
        elif m := _CITY_COMMISSION.match(part):
            name = f"{m.group('city')}教育委员会"
            out.append(
                Body(
                    name,
                    "ProvincialDepartment",
                    entity_key("Government", name),
                    "provincial",
                    (part,),
                )
            )
    return tuple(out)


def _locate(
    row: dict[str, str], provinces: dict[str, PlaceRow], places: list[PlaceRow]
) -> str | None:
    prov = provinces.get(row["province"])
    if prov is None:
        return None
    city = row["city"]
    if not city or city == prov.name:
        return prov.code
    hits = [
        p
        for p in places
        if p.province == prov.code and p.level != "province" and city in (p.name, *p.aliases)
    ]
    if not hits:  # listed under one province, sited in another (河北工业大学 in 天津市)
        hits = [p for p in places if city in (p.name, *p.aliases)]
        if len({p.level for p in hits}) == len(hits) == 1 or (
            hits and all(p.level == "province" for p in hits[:1])
        ):
            return hits[0].code
        return None
    hits.sort(key=lambda p: p.level != "prefecture")  # a prefecture before a county namesake
    return hits[0].code


def read_former_names(path: Path) -> dict[str, list[tuple[str, str | None]]]:
    """``{moe_code: [(former name, renamed on or None)]}`` of the curated rename table."""
    out: dict[str, list[tuple[str, str | None]]] = {}
    if not path.exists():
        return out
    for _line, r in _read_csv(path, ("moe_code", "former_name")):
        out.setdefault(r["moe_code"], []).append((r["former_name"], r.get("renamed_on") or None))
    return out


def read_institutions(
    path: Path,
    places: list[PlaceRow],
    authorities: Path = AUTHORITIES_FILE,
    former_names: Path = FORMER_NAMES_FILE,
) -> list[InstitutionRow]:
    formers = read_former_names(former_names)
    rows = _read_csv(
        path, ("moe_code", "name", "province", "city", "level", "authority", "ownership")
    )
    provinces = {p.name: p for p in places if p.level == "province"}
    table = _read_authorities(authorities)
    out: list[InstitutionRow] = []
    seen: dict[str, int] = {}
    for line, r in rows:
        code = r["moe_code"]
        if not _MOE_CODE.match(code):
            raise IngestError(
                f"{path.name} row {line}: moe_code {code!r} is not a 10-digit 学校标识码",
                hint="write the code as 10 digits, as text (leading zeros kept)",
                file=str(path),
                row=line,
                field="moe_code",
            )
        if code in seen:
            raise IngestError(
                f"{path.name} row {line}: moe_code {code} repeats row {seen[code]}",
                hint="each institution once per list",
                file=str(path),
                row=line,
                field="moe_code",
            )
        seen[code] = line
        if r["level"] not in ("本科", "专科", "成人"):
            raise IngestError(
                f"{path.name} row {line}: level {r['level']!r} is not 本科, 专科 or 成人",
                hint="use the MoE list's 办学层次 (成人 for 成人高校)",
                file=str(path),
                row=line,
                field="level",
            )
        place = _locate(r, provinces, places)
        if place is None:
            raise IngestError(
                f"{path.name} row {line}: no place {r['city'] or r['province']!r} in "
                f"{r['province']!r}",
                hint="the province must be a province name and the city a prefecture or "
                "county-level name within it, as in the place tables",
                file=str(path),
                row=line,
                field="city",
            )
        name = r["name"]
        out.append(
            InstitutionRow(
                code,
                name,
                institution_class(r["level"], name),
                r["level"],
                r["ownership"] or "公办",
                r["authority"],
                r["province"],
                r["city"],
                r.get("remark", ""),
                r.get("institution_type", ""),
                entity_key("Institution", name),
                place,
                authority_bodies(r["authority"], set(provinces), table),
                line,
                tuple((f, d) for f, d in formers.get(code, ()) if f != name),
            )
        )
    return out


def _existing(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.exists()]


def _hash_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=8)
def _cached(
    inst: str, places_dir: str, authorities: str, stamp: tuple[float, ...]
) -> ReferenceTables:
    pdir = Path(places_dir)
    places, ambiguous, shared = read_places(pdir)
    institutions = read_institutions(Path(inst), places, Path(authorities))
    t = ReferenceTables(
        places,
        institutions,
        _hash_files([pdir / f for f in PLACE_FILES]),
        _hash_files([Path(inst), Path(authorities), *_existing([FORMER_NAMES_FILE])]),
        inst,
        places_dir,
        ambiguous,
        shared,
    )
    t._by_code = {p.code: p for p in places}
    t._by_moe = {i.moe_code: i for i in institutions}
    return t


def _files(
    institutions: Path | str | None, places_dir: Path | str | None, authorities: Path | str | None
) -> tuple[Path, Path, Path]:
    inst = Path(institutions) if institutions else INSTITUTIONS_FILE
    pdir = Path(places_dir) if places_dir else DATA_DIR
    auth = Path(authorities) if authorities else AUTHORITIES_FILE
    return inst, pdir, auth


def file_hashes(
    institutions: Path | str | None = None,
    places_dir: Path | str | None = None,
    authorities: Path | str | None = None,
) -> tuple[str, str]:
    """``(places hash, institutions hash)`` of the files, without parsing them (what the
    loader needs to tell that a source is already loaded)."""
    inst, pdir, auth = _files(institutions, places_dir, authorities)
    try:
        return (
            _hash_files([pdir / f for f in PLACE_FILES]),
            _hash_files([inst, auth, *_existing([FORMER_NAMES_FILE])]),
        )
    except OSError as e:
        raise IngestError(
            f"reference file missing: {e.filename}",
            hint="give the institution list with --institutions and the folder of "
            "admin_provinces.csv, admin_prefectures.csv, admin_counties.csv with --places",
            file=str(e.filename),
        ) from e


def reference_tables(
    institutions: Path | str | None = None,
    places_dir: Path | str | None = None,
    authorities: Path | str | None = None,
) -> ReferenceTables:
    """The parsed reference tables (default: the packaged ones), cached per file set."""
    inst, pdir, auth = _files(institutions, places_dir, authorities)
    files = [inst, auth, *(pdir / f for f in PLACE_FILES), *_existing([FORMER_NAMES_FILE])]
    try:
        stamp = tuple(f.stat().st_mtime for f in files)
    except OSError as e:
        raise IngestError(
            f"reference file missing: {e.filename}",
            hint="give the institution list with --institutions and the folder of "
            "admin_provinces.csv, admin_prefectures.csv, admin_counties.csv with --places",
            file=str(e.filename),
        ) from e
    return _cached(str(inst.resolve()), str(pdir.resolve()), str(auth.resolve()), stamp)
