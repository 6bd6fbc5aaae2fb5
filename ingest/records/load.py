"""Records ingestion end to end: read → parse/map → validate (all files) → write.

Each input file is one source (a ``Source`` node keyed by its content hash — for a mapped
table, the hash of the table *and* the mapping, so a changed mapping re-derives the facts).
All files of one load are validated before the first write: by default one invalid row
anywhere means nothing is written (ValidationError carrying the report).

Example:
    >>> from iegraph.graph import open_store
    >>> from iegraph.ontology.schema import load_schema
    >>> with open_store() as store:
    ...     res = load_records(store, load_schema(), entities=["orgs.csv"],
    ...                        relations=["links.csv"])
    >>> res.summary.created
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iegraph.ingest.assertions import EntityAssertion, RelationAssertion, SourceInfo
from iegraph.ingest.records.canonical import parse_entities, parse_relations
from iegraph.ingest.records.io import hash_file, read_table
from iegraph.ingest.records.mapping import MappingApplier, check_columns, parse_mapping
from iegraph.ingest.writer import GraphWriter, Problem, WriteSummary
from iegraph.ontology.errors import IngestError, ValidationError

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

EXTRACTOR = "iegraph.records/0.1"

#: progress callback: (stage text, done, total)
Progress = Callable[[str, int, int], None]


@dataclass
class Prepared:
    """One input file, parsed: its source, assertions, problems and filter counts."""

    source: SourceInfo
    entities: list[EntityAssertion]
    relations: list[RelationAssertion]
    problems: list[Problem]
    filtered: Counter[str] = field(default_factory=Counter)
    rows: int = 0


@dataclass
class LoadResult:
    summary: WriteSummary
    files: list[dict[str, Any]] = field(default_factory=list)
    #: which path wrote: "fast" (:mod:`ingest.records.fastload`) or "normal"
    path: str = "normal"

    @property
    def problems(self) -> list[Problem]:
        return self.summary.rejected

    def to_json(self) -> dict[str, Any]:
        return {"summary": self.summary.to_json(), "files": self.files, "path": self.path}


def _source(
    table_path: str,
    digest: str,
    *,
    mapping: Path | None = None,
    rows: int,
    encoding: str,
    fmt: str,
    role: str,
) -> SourceInfo:
    extra: dict[str, Any] = {
        "row_count": rows,
        "encoding": encoding,
        "format": fmt,
        "file_sha256": digest,
        "records_role": role,
    }
    content = digest
    mpath = ""
    if mapping is not None:
        mhash = hashlib.sha256(mapping.read_bytes()).hexdigest()
        extra["mapping_sha256"] = mhash
        # the facts come from the table read through the mapping: both make the content
        content = hashlib.sha256(f"{digest}:{mhash}".encode()).hexdigest()
        mpath = str(mapping.resolve())
    return SourceInfo(
        kind="records",
        path=str(Path(table_path).resolve()),
        content_hash=content,
        title=Path(table_path).name,
        mapping=mpath,
        extractor=EXTRACTOR,
        extra=extra,
    )


def prepare_entities(path: str | Path, schema: Schema, encoding: str | None = None) -> Prepared:
    t = read_table(path, encoding=encoding)
    parsed = parse_entities(t, schema)
    src = _source(
        t.path, t.content_hash, rows=parsed.rows, encoding=t.encoding, fmt=t.format, role="entities"
    )
    return Prepared(src, parsed.entities, parsed.relations, parsed.problems, rows=parsed.rows)


def prepare_relations(path: str | Path, schema: Schema, encoding: str | None = None) -> Prepared:
    t = read_table(path, encoding=encoding)
    parsed = parse_relations(t, schema)
    src = _source(
        t.path,
        t.content_hash,
        rows=parsed.rows,
        encoding=t.encoding,
        fmt=t.format,
        role="relations",
    )
    return Prepared(src, parsed.entities, parsed.relations, parsed.problems, rows=parsed.rows)


def prepare_table(
    table: str | Path | None,
    mapping: str | Path,
    schema: Schema,
    encoding: str | None = None,
) -> Prepared:
    """A table read through a mapping (``table`` None: the mapping's own ``table:``)."""
    m = parse_mapping(mapping, schema)
    tpath = Path(table) if table else m.table_path()
    if tpath is None:
        raise IngestError(
            f"mapping {mapping}: no table given and no table: in the mapping",
            hint="pass the table file, or add table: <path> to the mapping",
            file=str(mapping),
        )
    t = read_table(tpath, m.format, sheet=m.sheet, delimiter=m.delimiter, encoding=encoding)
    check_columns(m, t.columns, t.path)
    app = MappingApplier(m, schema, t.path)
    rows = list(t.rows)
    if t.format in ("json", "jsonl"):
        cols = set().union(*(r.keys() for _, r in rows)) if rows else set()
        check_columns(m, sorted(cols), t.path)
    app.prepare(rows)
    for row_no, row in rows:
        app.apply(row_no, row)
    src = _source(
        t.path,
        t.content_hash,
        mapping=Path(mapping),
        rows=app.rows,
        encoding=t.encoding,
        fmt=t.format,
        role="table",
    )
    return Prepared(src, app.entities, app.relations, app.problems, app.filtered, app.rows)


def load_prepared(
    store: GraphStore,
    schema: Schema,
    prepared: Sequence[Prepared],
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    writer: GraphWriter | None = None,
) -> LoadResult:
    """Validate every prepared file, then write them in order (nothing if any is invalid)."""
    w = writer or GraphWriter(store, schema, skip_invalid=skip_invalid)
    _key_by_code(store, schema, prepared)
    parse_problems = [p for prep in prepared for p in prep.problems]
    if parse_problems and not skip_invalid:
        # one report with every problem: the rows' own ones and what the ontology and the
        # graph say about the rest
        problems = parse_problems + w.check([(p.source, p.entities, p.relations) for p in prepared])
        raise _invalid(problems)

    def cb(i: int, path: str, done: int, total: int) -> None:
        if progress:
            progress(Path(path).name, done, total)

    counts = [(len(p.entities), len(p.relations)) for p in prepared]
    try:
        # validated together (a relations file may name what an entities file of the same
        # load brings), then written in order; nothing is written if anything is invalid.
        # The writer empties the assertion lists once it has its own keyed form of them.
        summaries = w.write_sources(
            [(p.source, p.entities, p.relations) for p in prepared],
            progress=cb,
            skip_invalid=skip_invalid,
            consume=True,
        )
    except ValidationError as exc:
        raise _invalid([Problem(**p) for p in exc.details.get("problems", [])]) from None
    total = WriteSummary(rejected=list(parse_problems))
    files = []
    for prep, s, (n_ent, n_rel) in zip(prepared, summaries, counts, strict=True):
        s.filtered.update(prep.filtered)
        total.merge(s)
        files.append(
            {
                "file": prep.source.path,
                "source": s.sources[0] if s.sources else prep.source.key,
                "mapping": prep.source.mapping,
                "rows": prep.rows,
                "entities": n_ent,
                "relations": n_rel,
                "filtered": dict(prep.filtered),
                "rejected": len(s.rejected),
            }
        )
    return LoadResult(total, files)


def _key_by_code(store: GraphStore, schema: Schema, prepared: Sequence[Prepared]) -> None:
    """An ``moe_code`` / ``adcode`` the graph knows resolves its row to that node (see
    :mod:`ingest.reference.codes`); a malformed code is a problem of its row."""
    from iegraph.ingest.reference.codes import code_index, code_properties, key_records_by_code

    props = set(code_properties(schema).values())
    if not any(props & e.props.keys() for p in prepared for e in p.entities):
        return  # no code column anywhere: no query
    index = code_index(store, schema)
    for p in prepared:
        p.problems.extend(
            key_records_by_code(store, schema, p.source.path, p.entities, p.relations, index)
        )


def _invalid(problems: list[Problem]) -> ValidationError:
    problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.field))
    files = sorted({p.file for p in problems})
    return ValidationError(
        f"{len(problems)} invalid row(s) in {', '.join(Path(f).name for f in files)}; "
        "nothing was written",
        hint="fix the rows listed in the report, or pass --skip-invalid to load the valid ones",
        problems=[p.to_json() for p in problems],
    )


def load_records(
    store: GraphStore,
    schema: Schema,
    *,
    tables: Sequence[tuple[str | Path | None, str | Path]] = (),
    entities: Sequence[str | Path] = (),
    relations: Sequence[str | Path] = (),
    skip_invalid: bool = False,
    progress: Progress | None = None,
    encoding: str | None = None,
    fast: bool = True,
) -> LoadResult:
    """Load canonical entity/relation files and mapped tables (entities first, then tables,
    then relations), validating all of them before the first write.

    Example:
        >>> load_records(store, schema, tables=[("colleges.xlsx", "colleges.yaml")])
    """
    writer = GraphWriter(store, schema, skip_invalid=skip_invalid)
    if fast and not tables:
        # canonical files into an empty graph: the lean bulk path (None: a precondition
        # failed, nothing was written)
        from iegraph.ingest.records.fastload import fast_load

        res_fast = fast_load(
            writer,
            schema,
            [Path(e) for e in entities],
            [Path(r) for r in relations],
            encoding=encoding,
            progress=progress,
        )
        if res_fast is not None:
            return res_fast
    # an unchanged file is skipped before it is parsed: its content hash names a Source node
    # the graph already holds (written last, so its presence means the write completed)
    inputs: list[tuple[str, Path, Path | None]] = [("entities", Path(e), None) for e in entities]
    for t, m in tables:
        inputs.append(("table", Path(t) if t else Path(), Path(m)))
    inputs.extend(("relations", Path(r), None) for r in relations)
    probes = {i: _probe(kind, path, mp) for i, (kind, path, mp) in enumerate(inputs)}
    known = writer.unchanged_sources([s for s in probes.values() if s is not None], skip_invalid)
    prepared: list[Prepared] = []
    skipped: list[tuple[SourceInfo, WriteSummary]] = []
    for i, (kind, path, mp) in enumerate(inputs):
        probe = probes[i]
        if probe is not None and probe.key in known:
            skipped.append((probe, known[probe.key]))
        elif kind == "entities":
            prepared.append(prepare_entities(path, schema, encoding))
        elif kind == "table":
            prepared.append(
                prepare_table(path if str(path) != "." else None, mp or path, schema, encoding)
            )
        else:
            prepared.append(prepare_relations(path, schema, encoding))
    res = (
        load_prepared(
            store, schema, prepared, skip_invalid=skip_invalid, progress=progress, writer=writer
        )
        if prepared
        else LoadResult(WriteSummary())
    )
    for src, s in skipped:
        res.summary.merge(s)
        key = s.sources[0] if s.sources else src.key
        res.files.append({"file": src.path, "source": key, "unchanged": True})
    return res


def _probe(kind: str, path: Path, mapping: Path | None) -> SourceInfo | None:
    """The source key a file would get, from its bytes alone (None: cannot tell cheaply)."""
    if kind == "table" or not path.is_file():
        return None  # a mapped table's key also hashes its mapping: parsed the normal way
    digest, _, _ = hash_file(path)
    return SourceInfo(kind="records", path=str(path.resolve()), content_hash=digest)
