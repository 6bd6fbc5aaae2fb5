"""Checks on a zip container (.docx, .xlsx) before anything inflates it.

A 3.2 MB .docx can hold a 1.1 GB ``word/document.xml``; python-docx and openpyxl would
inflate it whole (issue 14, row 6: past 8 GB in under 40 s). The central directory states
each entry's uncompressed size, so the totals are checked from it, before reading; and since
those sizes could lie, the readers' own decompression is additionally bounded by the size
checked here (a lying entry fails its CRC / size check in :mod:`zipfile`).

Example:
    >>> check_zip(Path("report.docx"))        # raises IngestError on a bomb
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from iegraph.ontology.errors import IngestError

#: most bytes a container may inflate to, all entries together
MAX_UNCOMPRESSED = 256 * 1024 * 1024
#: most entries (a .docx has a few dozen, an .xlsx one per sheet plus a few)
MAX_ENTRIES = 10_000
#: largest compression ratio of an entry bigger than 1 MiB (XML compresses 10-30x; bombs 1000x)
MAX_RATIO = 200


def check_zip(
    source: Path | bytes,
    name: str | None = None,
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_entries: int = MAX_ENTRIES,
    max_ratio: int = MAX_RATIO,
) -> None:
    """Refuse a zip whose central directory promises too much.

    Raises:
        IngestError: not a zip, too many entries, too large once inflated, or an entry
            compressed past ``max_ratio`` — naming the file, the figure and the limit.
    """
    label = name or (str(source) if isinstance(source, Path) else "<upload>")
    try:
        zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(
            f"{label}: not a readable zip container ({exc})",
            hint="open and re-save it in Word/Excel/LibreOffice",
            file=label,
        ) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > max_entries:
            raise IngestError(
                f"{label}: {len(infos):,} entries inside (limit {max_entries:,})",
                hint="this is not an ordinary office file; re-save it or split it",
                file=label,
            )
        total = sum(i.file_size for i in infos)
        if total > max_uncompressed:
            raise IngestError(
                f"{label}: inflates to {total:,} bytes (limit {max_uncompressed:,})",
                hint="split the file, or save large tables as CSV",
                file=label,
            )
        for i in infos:
            if i.file_size > 1 << 20 and i.file_size > max_ratio * max(1, i.compress_size):
                raise IngestError(
                    f"{label}: entry {i.filename} is compressed {i.file_size // max(1, i.compress_size):,}"
                    f":1 (limit {max_ratio}:1) — a compression bomb",
                    hint="the file was refused before it was inflated; do not load it",
                    file=label,
                )
