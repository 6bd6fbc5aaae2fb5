"""Large text documents read in parts, so memory stays bounded whatever the file's size.

A plain-text file above :data:`STREAM_ABOVE` bytes is decoded incrementally and cut into
parts of about :data:`CHUNK_CHARS` characters at paragraph ends (else sentence ends); each
part goes through the ordinary per-document path (clean → extract → write) as a source of
its own, ``<file>#part-0001`` …, so only one part is ever in memory, progress is reported
per part, and a re-run is a no-op (same parts, same content hashes). Measured with
``bench/large_doc.py`` (see docs/limits.md).

Example:
    >>> for part in iter_text_parts(Path("big.txt"), chunk_chars=200_000):
    ...     print(part.path, len(part.text))
    big.txt#part-0001 199874
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from iegraph.ingest.documents.loaders import TEXT_SUFFIXES, LoadedDocument, decode_bytes
from iegraph.ontology.errors import IngestError

#: text files larger than this (bytes) are read in parts
STREAM_ABOVE = 4 * 1024 * 1024
#: characters per part (about 1–2 s of extraction each at the pipeline's speed)
CHUNK_CHARS = 200_000
#: largest text file read in parts (bytes)
MAX_STREAM_BYTES = 2 * 1024 * 1024 * 1024
_READ = 1 << 20
#: where a part may end: a blank line, else a line end, else a sentence end
_CUTS = (re.compile(r"\n[ \t\u3000]*\n"), re.compile(r"\n"), re.compile(r"[。！？!?；;.]"))


def streamable(path: Path, stream_above: int = STREAM_ABOVE) -> bool:
    """Whether ``path`` is a plain-text file large enough to be read in parts."""
    try:
        return path.suffix.lower() in TEXT_SUFFIXES and path.stat().st_size > stream_above
    except OSError:
        return False


def _encoding(path: Path) -> str:
    """The file's encoding, judged on its first MiB (cut at a line end) by the loaders' own
    detection; UTF-8 must then hold for the whole file, which the strict decoder checks."""
    with path.open("rb") as fh:
        head = fh.read(_READ)
    cut = head.rfind(b"\n")
    _, enc = decode_bytes(head[: cut + 1] if cut > 0 else head, str(path))
    return enc


def _cut(buf: str, size: int) -> int:
    """Where to end a part of ``buf`` near ``size`` characters (never 0)."""
    window = buf[size // 2 : size]
    for pat in _CUTS:
        ends = [m.end() for m in pat.finditer(window)]
        if ends:
            return size // 2 + ends[-1]
    return size


def iter_text_parts(
    path: Path,
    *,
    chunk_chars: int = CHUNK_CHARS,
    max_bytes: int = MAX_STREAM_BYTES,
) -> Iterator[LoadedDocument]:
    """The parts of a large text file, decoded strictly and incrementally.

    Raises:
        IngestError: too large, or not decodable in the detected encoding (named with the
            byte offset where decoding failed).
    """
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(
            f"{path}: {size / 1e6:.0f} MB is above the {max_bytes / 1e6:.0f} MB limit",
            hint="split the file",
        )
    enc = _encoding(path)
    dec = codecs.getincrementaldecoder("utf-8" if enc == "utf-8-sig" else enc)(errors="strict")
    buf = ""
    n = 0
    offset = 0
    first = True

    def part(text: str) -> LoadedDocument:
        nonlocal n
        n += 1
        return LoadedDocument(
            f"{path}#part-{n:04d}",
            text,
            hashlib.sha256(text.encode("utf-8")).hexdigest(),
            f"{path.stem} (part {n})",
            fmt="md" if path.suffix.lower() in {".md", ".markdown"} else "txt",
            encoding=enc,
        )

    with path.open("rb") as fh:
        while True:
            raw = fh.read(_READ)
            try:
                buf += dec.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"{path}: not valid {enc} near byte {offset + exc.start:,}",
                    hint="re-save the file as UTF-8",
                ) from exc
            offset += len(raw)
            if first:
                buf = buf.lstrip("\ufeff")
                first = False
            while len(buf) >= chunk_chars:
                at = _cut(buf, chunk_chars)
                text, buf = buf[:at], buf[at:]
                if text.strip():
                    yield part(text)
            if not raw:
                break
    if buf.strip():
        yield part(buf)
