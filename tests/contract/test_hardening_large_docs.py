"""Issue 14 (hardening), row 8: a large text document is read in parts of bounded size."""

from __future__ import annotations

from pathlib import Path

import pytest

from iegraph.ingest.documents.chunked import iter_text_parts
from iegraph.ingest.documents.ingest import ingest_documents

pytestmark = pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)

SAMPLES = Path(__file__).resolve().parents[2] / "ingest" / "samples" / "docs"


def _big_text(tmp_path: Path, copies: int) -> Path:
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    f = tmp_path / "big.txt"
    f.write_text("\n\n".join([base] * copies), encoding="utf-8")
    return f


def test_row8_parts_are_bounded_and_cover_the_text(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = _big_text(tmp_path, 60)
    text = f.read_text(encoding="utf-8")
    parts = list(iter_text_parts(f, chunk_chars=10_000))
    assert len(parts) > 2
    assert all(len(p.text) <= 10_000 for p in parts)
    assert "".join(p.text for p in parts) == text  # nothing lost or repeated at the cuts
    assert len({p.path for p in parts}) == len(parts)


def test_row8_large_document_ingested_part_by_part(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = _big_text(tmp_path, 30)
    seen: list[str] = []
    s = ingest_documents(
        [f],
        store,
        schema,
        progress=lambda done, total, path: seen.append(path),
        stream_above=10_000,
        chunk_chars=15_000,
    )
    n_parts = len(list(iter_text_parts(f, chunk_chars=15_000)))
    assert s.failed == 0 and s.documents == n_parts > 1
    assert sum(1 for p in seen if "(big (part" in p) == n_parts  # progress per part
    assert s.mentions > 0 and store.stats()["nodes"].get("Institution", 0) > 0
    again = ingest_documents([f], store, schema, stream_above=10_000, chunk_chars=15_000)
    assert again.written.get("created", 0) == 0  # a re-run is a no-op
