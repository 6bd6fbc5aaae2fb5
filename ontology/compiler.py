"""Compile ``iegraph.ttl`` (+ ``shapes.ttl`` beside it) into the typed :class:`Schema`.

Parsing the Turtle with rdflib takes about 0.4 s, and every CLI command needs the schema, so
the compiled result is cached as a pickle keyed by the sha256 of both files and this
compiler's version (in the user cache directory; a cache that cannot be written is skipped).
A broken ontology (syntax error, dangling reference, relation without domain/range, missing
label, shape naming an unknown class) raises :class:`OntologyError` — nothing downstream ever
sees a half-valid schema.

Example:
    >>> from pathlib import Path
    >>> from iegraph.ontology.compiler import compile_ontology
    >>> s = compile_ontology(Path("ontology/iegraph.ttl"))
    >>> s.relations["COOPERATES_WITH"].symmetric
    True
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from iegraph.ontology.errors import OntologyError
from iegraph.ontology.schema import Schema
from iegraph.ontology.settings import get_settings

#: bump when the compiled output changes shape, so stale caches are ignored
COMPILER_VERSION = "2"
_MAX_LISTED = 8


def compile_ontology(path: Path, shapes: Path | None = None, *, use_cache: bool = True) -> Schema:
    """Compile an ontology file (and its SHACL shapes) into a :class:`Schema`.

    Args:
        path: the ontology Turtle file.
        shapes: the shapes file; default ``shapes.ttl`` beside ``path`` (optional).
        use_cache: read/write the compiled pickle in the user cache directory.

    Raises:
        OntologyError: the file does not parse or fails the ontology checks; the message names
            the file, line and term, and the hint says how to fix it.

    Example:
        >>> s = compile_ontology(Path("ontology/iegraph.ttl"))
        >>> s.resolve_class("高职")
        'VocationalCollege'
    """
    path = Path(path)
    shapes_path = Path(shapes) if shapes else path.parent / "shapes.ttl"
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise OntologyError(
            f"cannot read ontology file {path}: {e}",
            hint="check the path (default: the packaged ontology/iegraph.ttl)",
            file=str(path),
        ) from e
    raw_shapes = shapes_path.read_bytes() if shapes_path.exists() else b""
    source_hash = hashlib.sha256(raw).hexdigest()
    cache_key = hashlib.sha256(b"\0".join([COMPILER_VERSION.encode(), raw, raw_shapes])).hexdigest()
    cache_file = _cache_dir() / f"schema-{cache_key[:32]}.pickle" if use_cache else None
    if cache_file is not None:
        cached = _read_cache(cache_file)
        if cached is not None:
            return cached

    # rdflib only on a cache miss: importing it costs about a second
    from iegraph.ontology.build import build_schema
    from iegraph.ontology.rdfutil import parse_turtle
    from iegraph.ontology.validate import check_graphs

    g = parse_turtle(path)
    sg = parse_turtle(shapes_path) if raw_shapes else None
    problems = [
        p
        for p in check_graphs(
            g, sg, str(path), raw.decode("utf-8"), str(shapes_path), raw_shapes.decode("utf-8")
        )
        if p.severity == "error"
    ]
    if problems:
        listed = "\n".join(f"  {p}" for p in problems[:_MAX_LISTED])
        more = (
            f"\n  … and {len(problems) - _MAX_LISTED} more" if len(problems) > _MAX_LISTED else ""
        )
        first = problems[0]
        raise OntologyError(
            f"the ontology {path} has {len(problems)} problem(s):\n{listed}{more}",
            hint=f"{first.fix}; run `iegraph ontology validate {path}` for the full list",
            file=first.file,
            line=first.line,
            term=first.term,
        )
    schema = build_schema(g, sg, source_hash=source_hash)
    if cache_file is not None:
        _write_cache(cache_file, schema)
    return schema


# -- cache --------------------------------------------------------------------------------------
def _cache_dir() -> Path:
    return get_settings().runtime.cache_dir


def _read_cache(file: Path) -> Schema | None:
    try:
        with file.open("rb") as fh:
            data = pickle.load(fh)  # our own file in the user's cache dir, keyed by content
        return Schema(
            classes=data["classes"],
            relations=data["relations"],
            concepts=data["concepts"],
            version=data["version"],
            source_hash=data["source_hash"],
        )
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 — a corrupt or stale cache is simply rebuilt
        return None


def _write_cache(file: Path, schema: Schema) -> None:
    data = {
        "classes": schema.classes,
        "relations": schema.relations,
        "concepts": schema.concepts,
        "version": schema.version,
        "source_hash": schema.source_hash,
    }
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)  # atomic: concurrent CLI processes never read half a file
    except OSError:
        pass  # read-only home or full disk: compiling again next time is only slower
