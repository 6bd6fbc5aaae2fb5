"""Documents into the graph: load → clean → fold → sentences → extract → outline → write.

Each file is one source (key from its content hash). A file that cannot be read is reported
and skipped; the batch goes on. Documents are written in groups (:data:`GROUP_DOCS`): one
store write per group, each document still its own source with its own provenance. Nothing
of a failed file is written: the writer validates a whole group before it writes any of it
and undoes a group write that fails midway; the group's documents are then written one by
one, so only the document the store refuses is reported failed and left out.

Example:
    >>> from iegraph.graph import open_store
    >>> from iegraph.ontology.schema import load_schema
    >>> with open_store() as store:
    ...     summary = ingest_documents(["ingest/samples/docs"], store, load_schema())
    >>> summary.documents, summary.relations_by_type["LEADS"]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iegraph.ingest.assertions import SourceInfo
from iegraph.ingest.documents.chunked import CHUNK_CHARS, STREAM_ABOVE, streamable
from iegraph.ingest.documents.clean import (
    find_boilerplate,
    merge_spans,
    title_from_page_titles,
    toc_entries,
)
from iegraph.ingest.documents.convert import Converted, outline_records, to_assertions
from iegraph.ingest.documents.loaders import MAX_BYTES, LoadedDocument, iter_paths, load_document
from iegraph.ingest.documents.outline import find_outline
from iegraph.ingest.documents.pipeline import EXTRACTOR, Extractor
from iegraph.ingest.documents.script import fold
from iegraph.ontology.errors import IegraphError
from iegraph.ontology.settings import get_settings

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

#: documents per store write, and the assertions that close a group earlier (bounded memory)
GROUP_DOCS = 256
GROUP_ITEMS = 50_000

#: progress(done files, total files, current path)
Progress = Callable[[int, int, str], None]


@dataclass
class DocumentReport:
    path: str
    source: str = ""
    title: str = ""
    sentences: int = 0
    mentions: int = 0
    relations: int = 0
    outline: dict[str, int] = field(default_factory=dict)
    excluded_chars: int = 0
    error: str = ""
    hint: str = ""
    rejected: int = 0
    dropped_relations: int = 0  # below --min-confidence

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", 0, {}, None)}


@dataclass
class IngestSummary:
    documents: int = 0
    failed: int = 0
    sentences: int = 0
    mentions: int = 0
    relations_by_type: Counter[str] = field(default_factory=Counter)
    mentions_by_label: Counter[str] = field(default_factory=Counter)
    outline: Counter[str] = field(default_factory=Counter)
    reports: list[DocumentReport] = field(default_factory=list)
    written: dict[str, Any] = field(default_factory=dict)
    writes: int = 0  # store writes (groups of documents)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "failed": self.failed,
            "sentences": self.sentences,
            "mentions": self.mentions,
            "mentions_by_label": dict(self.mentions_by_label),
            "relations_by_type": dict(self.relations_by_type),
            "outline": dict(self.outline),
            "written": self.written,
            "writes": self.writes,
            "files": [r.to_json() for r in self.reports],
        }


@dataclass
class Prepared:
    """One document, read and analysed, ready to be written."""

    source: SourceInfo
    converted: Converted
    report: DocumentReport
    mention_labels: Counter[str]
    relation_types: Counter[str]
    result: Any = None  # the ExtractionResult (review)


def prepare_document(
    doc: LoadedDocument, extractor: Extractor, min_confidence: float = 0.0
) -> Prepared:
    """Clean, read (structure, sentences, document level) and convert one loaded document
    (no store needed).

    Args:
        doc: the loaded document.
        extractor: the compiled extractor.
        min_confidence: relations below it are not asserted (the review lists them).
    """
    from iegraph.ingest.documents.docread import read_document
    from iegraph.ingest.documents.structure import strip_glosses, unwrap_lines

    text, _glosses = strip_glosses(doc.text)
    text, _wraps = unwrap_lines(text)
    folded = fold(text)
    spans = find_boilerplate(folded)
    excluded = merge_spans(spans)
    result = read_document(extractor, text, folded, excluded)
    if getattr(extractor, "relscore", None) is not None:  # --relations learned
        extractor.relscore.apply(result, extractor.schema)
    st = result.structure
    title = (
        title_from_page_titles(folded, text, spans)
        or (st.title if st is not None and st.title else "")
        or doc.title
    )
    toc = toc_entries(folded, spans)
    outline = find_outline(folded, excluded, toc)
    source = SourceInfo(
        kind="document",
        path=doc.path,
        content_hash=doc.content_hash,
        title=title,
        url=doc.url,
        extractor=EXTRACTOR,
        extra={
            "format": doc.fmt,
            "encoding": doc.encoding,
            "sentence_count": len(result.sentences),
            "excluded_chars": sum(b - a for a, b in excluded),
        },
    )
    conv = to_assertions(result, doc.url, source.key, min_confidence)
    if st is not None:
        source.extra["genre"] = st.genre
    outl = outline_records(source, text, folded, outline, extractor.schema, extractor.lex)
    conv.entities.extend(outl.entities)
    conv.nodes.extend(outl.nodes)
    conv.rels.extend(outl.rels)
    rep = DocumentReport(
        doc.path,
        source.key,
        title,
        len(result.sentences),
        len(result.entities),
        len(result.relations),
        outline.counts,
        sum(b - a for a, b in excluded),
    )
    rep.dropped_relations = sum(1 for r in result.relations if r.confidence < min_confidence)
    return Prepared(
        source,
        conv,
        rep,
        Counter(e.label for e in result.entities),
        Counter(r.type for r in result.relations if r.confidence >= min_confidence),
        result,
    )


def teaching_names(writer: Any, store: GraphStore) -> list[tuple[str, str, str]]:
    """The graph's names that records brought in (not names documents asserted): what
    documents say must not change how the same documents are read next time, or re-ingesting
    would not be a no-op."""
    records = {s["key"] for s in writer.list_sources() if s.get("kind") != "document"}
    if not records:
        return []
    names = writer.known_names()
    nodes = store.get_nodes(sorted({k for _n, _c, k in names}))
    keep = {k for k, n in nodes.items() if records & set(n.props.get("source_ids") or ())}
    return [x for x in names if x[2] in keep]


def ingest_documents(
    paths: Iterable[Path | str],
    store: GraphStore,
    schema: Schema | None = None,
    progress: Progress | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    extractor: Extractor | None = None,
    stream_above: int = STREAM_ABOVE,
    chunk_chars: int = CHUNK_CHARS,
    min_confidence: float = 0.0,
    group_docs: int = GROUP_DOCS,
    group_items: int = GROUP_ITEMS,
) -> IngestSummary:
    """Read documents (files or folders) into the graph.

    Args:
        paths: files and/or folders (walked).
        store: an open GraphStore.
        schema: the compiled ontology (default: the packaged one).
        progress: called as ``progress(done, total, path)``.
        max_bytes: files above this size are refused (reported, the batch goes on).
        extractor: a prebuilt extractor (default: built with the graph's known names, so a
            records load teaches it the names it brought in).
        stream_above: plain-text files above this many bytes are read in parts of about
            ``chunk_chars`` characters, each written as a source ``<file>#part-NNNN``
            (bounded memory, progress per part; :mod:`ingest.documents.chunked`).
        min_confidence: relations whose confidence is below it are not written.
        group_docs / group_items: documents are written in groups of at most this many
            documents or assertions (one store write per group; see :func:`_write_group`).

    Returns:
        An :class:`IngestSummary`; per-file failures are in ``reports`` with ``error`` set.
    """
    from iegraph.ingest.writer import GraphWriter

    if schema is None:
        from iegraph.ontology.schema import load_schema

        schema = load_schema()
    writer = GraphWriter(store, schema, skip_invalid=True)
    if extractor is None:
        extractor = Extractor(schema, teaching_names(writer, store))
    files = list(iter_paths(paths))
    summary = IngestSummary()
    written: Counter[str] = Counter()
    # documents read but not yet written: (report slot, path, prepared), at most
    # group_docs of them or group_items assertions (bounded memory); written as one group
    pending: list[tuple[int, Path, Prepared]] = []
    pending_keys: set[str] = set()
    pending_items = 0

    def flush() -> None:
        nonlocal pending_items
        summary.writes += 1 if pending else 0
        for slot, prep, ws in _write_group(writer, pending):
            if isinstance(ws, DocumentReport):  # could not be written
                summary.failed += 1
                summary.reports[slot] = ws
                continue
            prep.report.rejected = len(ws.rejected)
            summary.documents += 1
            summary.sentences += prep.report.sentences
            summary.mentions += prep.report.mentions
            summary.mentions_by_label.update(prep.mention_labels)
            summary.relations_by_type.update(prep.relation_types)
            summary.outline.update(prep.report.outline)
            for k in ("created", "updated", "unchanged"):
                written[k] += sum(getattr(ws, k).values())
        pending.clear()
        pending_keys.clear()
        pending_items = 0

    # a large text file comes as parts of bounded size (ingest.documents.chunked), each
    # through the same steps as a whole document
    for n, path, part in _units(files, stream_above, chunk_chars, summary):
        if progress:
            progress(n, len(files), str(path) + (f" ({part.title})" if part else ""))
        try:
            doc = part or load_document(path, max_bytes=max_bytes)
            prep = prepare_document(doc, extractor, min_confidence)
        except IegraphError as exc:
            summary.failed += 1
            summary.reports.append(_failure(path, exc))
            continue
        except Exception as exc:
            if get_settings().runtime.debug:
                raise
            summary.failed += 1
            summary.reports.append(_failure(path, exc))
            continue
        prep.result = None  # the review's; not kept while the group waits
        if prep.source.key in pending_keys:
            flush()  # the same content twice: written once, then skipped as unchanged
        pending.append((len(summary.reports), path, prep))
        pending_keys.add(prep.source.key)
        summary.reports.append(prep.report)
        c = prep.converted
        pending_items += len(c.entities) + len(c.relations) + len(c.nodes) + len(c.rels)
        if len(pending) >= group_docs or pending_items >= group_items:
            flush()
    flush()
    if progress:
        progress(len(files), len(files), "")
    summary.written = dict(written)
    return summary


def _failure(path: Path, exc: Exception, step: str = "extraction") -> DocumentReport:
    """The report of a document that could not be read (``step`` extraction) or written."""
    if isinstance(exc, IegraphError):
        return DocumentReport(str(path), error=exc.message, hint=exc.hint or "")
    return DocumentReport(
        str(path),
        error=f"{path}: {step} failed ({type(exc).__name__}: {exc})",
        hint="re-run with IEGRAPH_DEBUG=1 for the traceback and report it",
    )


def _write_group(
    writer: Any, group: list[tuple[int, Path, Prepared]]
) -> list[tuple[int, Prepared, Any]]:
    """Write the documents of ``group`` as one store write; ``(slot, prepared, summary)``
    each, or a failure :class:`DocumentReport` instead of the summary.

    The group is one write of the writer: if the store fails midway the writer undoes all of
    it, and then each document is written again on its own — so a document the store
    refuses costs only itself, and every document is in the graph whole or not at all.
    """
    if not group:
        return []
    batches = [(p.source, p.converted.entities, p.converted.relations) for _, _, p in group]
    extras = {p.source.key: (p.converted.nodes, p.converted.rels) for _, _, p in group}
    try:
        sums = writer.write_sources(batches, extras=extras, together=True)
        return [(slot, p, ws) for (slot, _, p), ws in zip(group, sums, strict=True)]
    except Exception as exc:
        if get_settings().runtime.debug and not isinstance(exc, IegraphError):
            raise
        if len(group) == 1:
            return [(group[0][0], group[0][2], _failure(group[0][1], exc, "writing"))]
    out: list[tuple[int, Prepared, Any]] = []
    for item in group:
        out.extend(_write_group(writer, [item]))
    return out


def _units(
    files: list[Path], stream_above: int, chunk_chars: int, summary: IngestSummary
) -> Iterator[tuple[int, Path, LoadedDocument | None]]:
    """``(index, path, None)`` per file, or ``(index, path, part)`` per part of a large text
    file; a large file that cannot be read in parts is reported in ``summary``."""
    from iegraph.ingest.documents.chunked import iter_text_parts

    for n, path in enumerate(files):
        if not streamable(path, stream_above):
            yield n, path, None
            continue
        try:
            for part in iter_text_parts(path, chunk_chars=chunk_chars):
                yield n, path, part
        except IegraphError as exc:
            summary.failed += 1
            summary.reports.append(
                DocumentReport(str(path), error=exc.message, hint=exc.hint or "")
            )
