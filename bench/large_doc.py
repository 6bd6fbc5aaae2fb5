"""Large text documents: extraction speed and peak memory, whole against in parts.

Builds a text of SIZE MB from the project's sample documents, then runs
``ingest_documents`` on an empty embedded store in a fresh process per mode (so each peak
RSS is its own): ``whole`` (one document, the previous behaviour) and ``parts`` (the
chunked reader). Prints characters/s and peak RSS per mode and the ratios. The machine is
shared: read the ratios.

Usage: python bench/large_doc.py [--mb 2] [--modes whole,parts]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "docs"


def child(path: str, mode: str, data_dir: str) -> None:
    from iegraph.graph.falkor_store import FalkorStore
    from iegraph.ingest.documents.ingest import ingest_documents
    from iegraph.ontology.schema import load_schema

    store = FalkorStore(Path(data_dir))
    try:
        chars = len(Path(path).read_text(encoding="utf-8"))
        t = time.perf_counter()
        s = ingest_documents(
            [path],
            store,
            load_schema(),
            max_bytes=1 << 31,
            stream_above=(1 << 40) if mode == "whole" else 1 << 20,
        )
        dt = time.perf_counter() - t
    finally:
        store.close()
        store.server.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"mode": mode, "chars": chars, "s": dt, "rss": rss, "docs": s.documents}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--modes", default="whole,parts")
    ap.add_argument("--child", nargs=3)
    a = ap.parse_args()
    if a.child:
        child(*a.child)
        return
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    with tempfile.TemporaryDirectory(prefix="iegbig") as d:
        f = Path(d) / "big.txt"
        copies = int(a.mb * 1e6 / len(base.encode())) + 1
        f.write_text("\n\n".join([base] * copies), encoding="utf-8")
        print(f"load average {os.getloadavg()[0]:.1f}; {f.stat().st_size / 1e6:.1f} MB text")
        out = {}
        for mode in a.modes.split(","):
            r = subprocess.run(
                [sys.executable, __file__, "--child", str(f), mode, str(Path(d) / mode)],
                capture_output=True,
                text=True,
                check=True,
            )
            res = json.loads(r.stdout.strip().splitlines()[-1])
            out[mode] = res
            print(
                f"{mode:6s} {res['chars'] / res['s']:,.0f} chars/s, peak RSS {res['rss']} MB, "
                f"{res['docs']} source(s)",
                flush=True,
            )
        if {"whole", "parts"} <= set(out):
            w, p = out["whole"], out["parts"]
            print(
                f"parts / whole: speed {(p['chars'] / p['s']) / (w['chars'] / w['s']):.2f}x, "
                f"peak RSS {p['rss'] / w['rss']:.2f}x"
            )


if __name__ == "__main__":
    main()
