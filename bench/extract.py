"""Throughput of the document pipeline on >= 1 MB of Chinese text, beside raw jieba.

Builds the corpus from the seed paper (read from ../shared, never copied) when present, else
from the project's own sample documents, repeated and varied (Simplified and Traditional) to
reach the size; then times, in the same run and on the same text:

* raw jieba segmentation (``jieba.lcut``, default settings: the baseline),
* the whole pipeline: cleaning, script folding, sentence splitting, spaCy tokenisation with
  jieba, phrase matching, the character scanners and the relation rules, and the outline.

Prints characters/second of both and their ratio (targets: >= 200,000 chars/s and >= 0.4).

    python bench/extract.py [--mb 1.0]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def corpus(min_chars: int) -> tuple[str, str]:
    seed = ROOT.parent / "shared" / "seeds" / "000_d1a1060689f05482.txt"
    parts: list[str] = []
    if seed.exists():
        parts.append(seed.read_text(encoding="utf-8"))
        origin = "seed paper (../shared) + own samples"
    else:
        origin = "own samples"
    samples = ROOT / "ingest" / "samples" / "docs"
    for p in sorted(samples.glob("*.txt")) + sorted(samples.glob("*.md")):
        parts.append(p.read_text(encoding="utf-8"))
    from iegraph.ingest.normalize import to_simplified, to_traditional

    out: list[str] = []
    n = 0
    i = 0
    while n < min_chars:
        base = parts[i % len(parts)]
        # vary: alternate the script so the folding does real work both ways
        text = to_simplified(base) if (i // len(parts)) % 2 else to_traditional(base)
        out.append(text)
        n += len(text)
        i += 1
    return "\n\n".join(out), origin


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=1.0, help="corpus size in millions of chars")
    args = ap.parse_args()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    import jieba

    from iegraph.ingest.documents import get_extractor
    from iegraph.ingest.documents.clean import find_boilerplate, merge_spans, toc_entries
    from iegraph.ingest.documents.outline import find_outline
    from iegraph.ingest.documents.script import fold

    text, origin = corpus(int(args.mb * 1_000_000))
    t0 = time.perf_counter()
    ex = get_extractor()
    build = time.perf_counter() - t0
    jieba.initialize()

    # the baseline: raw jieba on the same text, in the same run. Wall time and CPU time of this
    # process are both reported: on a shared, loaded machine the CPU time is the fair figure.
    t0, c0 = time.perf_counter(), time.process_time()
    tokens = jieba.lcut(text)
    t_jieba, c_jieba = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    folded = fold(text)
    spans = find_boilerplate(folded)
    excluded = merge_spans(spans)
    result = ex.extract_text(text, excluded=excluded, folded=folded)
    outline = find_outline(folded, excluded, toc_entries(folded, spans))
    t_pipe, c_pipe = time.perf_counter() - t0, time.process_time() - c0

    n = len(text)
    print(f"corpus: {n:,} chars ({origin}); pipeline built in {build:.1f} s (once per process)")
    print(
        f"raw jieba.lcut : {n / t_jieba:12,.0f} chars/s  ({t_jieba:.2f} s, {len(tokens):,} tokens)"
    )
    print(
        f"pipeline       : {n / t_pipe:12,.0f} chars/s  ({t_pipe:.2f} s, "
        f"{len(result.sentences):,} sentences, {len(result.entities):,} mentions, "
        f"{len(result.relations):,} relations, {outline.counts['points']:,} outline points)"
    )
    print(
        f"ratio pipeline / raw jieba: {t_jieba / t_pipe:.2f}  (targets: >= 200,000 chars/s, >= 0.4)"
    )
    print(
        f"per CPU second: raw jieba {n / c_jieba:,.0f} chars/s, pipeline {n / c_pipe:,.0f} "
        f"chars/s, ratio {c_jieba / c_pipe:.2f}"
    )
    try:
        import os

        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    except OSError:
        pass


if __name__ == "__main__":
    main()
