"""Read documents from disk into text: .txt .md .html/.htm .pdf .docx, a folder walked.

Every failure is an :class:`~ontology.errors.IngestError` naming the file and the fix, so a
batch can report it and go on with the next file.

Example:
    >>> doc = load_document(Path("ingest/samples/docs/zh_hans_shenzhen.txt"))
    >>> doc.title, len(doc.text) > 0
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from iegraph.ingest.documents.script import cjk_ratio
from iegraph.ontology.errors import IngestError

#: formats we read, by file suffix
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
#: above this a file is refused (configurable per call): a 100 MB "document" is a data dump
MAX_BYTES = 100 * 1024 * 1024

# tags whose text is page furniture, not the document
_DROP_TAGS = (
    "nav",
    "header",
    "footer",
    "script",
    "style",
    "aside",
    "noscript",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
)


@dataclass(frozen=True)
class LoadedDocument:
    """The text of one file, before cleaning."""

    path: str
    text: str
    content_hash: str  # sha256 of the raw bytes: the document's identity
    title: str = ""
    url: str = ""
    fmt: str = "txt"
    encoding: str = "utf-8"


def iter_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files to read: each path as given, folders walked (sorted, hidden files skipped)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if (
                    f.is_file()
                    and not any(part.startswith(".") for part in f.parts[-1:])
                    and f.suffix.lower() in SUPPORTED
                ):
                    yield f
        else:
            yield path


def load_document(path: Path | str, *, max_bytes: int = MAX_BYTES) -> LoadedDocument:
    """Read one file into text.

    Args:
        path: a .txt/.md/.html/.pdf/.docx file.
        max_bytes: refuse larger files.

    Raises:
        IngestError: missing, too large, empty, binary, undecodable, or a PDF without text.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file", hint="check the path")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(
            f"{path}: {size / 1e6:.0f} MB is above the {max_bytes / 1e6:.0f} MB document limit",
            hint="split the file, or ingest it as records if it is a data dump",
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise IngestError(f"{path}: the file is empty", hint="remove it or add its text")
    digest = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        text, title = _read_pdf(path, raw)
        return LoadedDocument(str(path), text, digest, title or path.stem, fmt="pdf")
    if suffix == ".docx":
        text, title = _read_docx(path, raw)
        return LoadedDocument(str(path), text, digest, title or path.stem, fmt="docx")
    if suffix not in SUPPORTED:
        # unknown suffix: accept it only if it decodes as text
        pass
    text, enc = decode_bytes(raw, str(path))
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        body, title, url = html_to_text(text)
        if not body.strip():
            raise IngestError(
                f"{path}: the HTML page has no main text",
                hint="check that the page is not only scripts or frames",
            )
        return LoadedDocument(str(path), body, digest, title or path.stem, url, "html", enc)
    title = _first_title(text) or path.stem
    return LoadedDocument(
        str(path), text, digest, title, "", "md" if suffix in {".md", ".markdown"} else "txt", enc
    )


def decode_bytes(raw: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode text bytes: UTF-8 (with or without BOM) first, then GB18030 / Big5 / others as
    detected by charset-normalizer, keeping the candidate that reads most like Chinese or
    plain text.

    Raises:
        IngestError: binary content or no encoding that yields readable text.
    """
    head = raw[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise IngestError(
            f"{name}: looks like a binary file (NUL bytes), not a text document",
            hint="convert it to .txt/.pdf/.docx or remove it from the batch",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = ["gb18030", "big5"]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:200_000]).best()
        if best is not None and best.encoding not in candidates:
            candidates.insert(0, best.encoding)
    except Exception:  # noqa: BLE001, S110 — the detector is a hint; the checks below decide
        pass
    scored: list[tuple[float, str, str]] = []
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        # CJK sanity check: the right decoding of Chinese text is mostly common ideographs and
        # has no control characters; a wrong one yields rare ideographs or symbols
        bad = sum(1 for c in text if (ord(c) < 32 and c not in "\r\n\t") or c == "\ufffd")
        score = _common_cjk_share(text) - bad / max(len(text), 1) * 10
        scored.append((score, enc, text))
    if not scored:
        raise IngestError(
            f"{name}: cannot decode the text (not UTF-8, GB18030/GBK or Big5)",
            hint="save the file as UTF-8 and ingest it again",
        )
    scored.sort(key=lambda t: t[0], reverse=True)
    score, enc, text = scored[0]
    if score <= 0 and cjk_ratio(text) < 0.05 and not text.isascii():
        raise IngestError(
            f"{name}: the text does not decode to readable characters",
            hint="check the file's encoding and save it as UTF-8",
        )
    return text, enc


def _common_cjk_share(text: str) -> float:
    """Share of characters that are among the most frequent ideographs in both scripts
    (GB2312 level 1 plus their Traditional forms) — high for a correct decoding."""
    sample = text[:20_000]
    chars = [c for c in sample if not c.isspace()]
    if not chars:
        return 0.0
    common = _common_chars()
    return sum(1 for c in chars if c in common or c.isascii()) / len(chars)


_COMMON: frozenset[str] | None = None


def _common_chars() -> frozenset[str]:
    global _COMMON
    if _COMMON is None:
        # GB2312 level-1 hanzi (rows 16–55) are the 3,755 most common Simplified characters
        chars: set[str] = set()
        for row in range(0xB0, 0xD8):
            for col in range(0xA1, 0xFF):
                try:
                    chars.add(bytes([row, col]).decode("gb2312"))
                except UnicodeDecodeError:
                    continue
        from iegraph.ingest.normalize import to_traditional

        chars |= set(to_traditional("".join(sorted(chars))))
        chars |= set("，。、；：？！「」『』（）《》〔〕【】“”‘’—…·　")
        _COMMON = frozenset(chars)
    return _COMMON


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def html_to_text(html: str) -> tuple[str, str, str]:
    """Main text, title and canonical URL of an HTML page (menus, scripts, footers dropped).

    Prefers ``<article>`` / ``<main>`` when the page has one.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = ""
    if soup.title and soup.title.string:
        title = soup.title.string.strip()
    url = ""
    canon = soup.find("link", rel="canonical")
    if canon is not None and canon.get("href"):
        url = str(canon.get("href"))
    else:
        og = soup.find("meta", property="og:url")
        if og is not None and og.get("content"):
            url = str(og.get("content"))
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    # elements marked as navigation by role or class are menus too
    for tag in soup.find_all(role=re.compile("^(navigation|banner|contentinfo)$")):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    h1 = root.find("h1") if hasattr(root, "find") else None
    if not title and h1 is not None:
        title = h1.get_text(" ", strip=True)
    lines = [ln.strip() for ln in root.get_text("\n").splitlines()]
    return "\n".join(ln for ln in lines if ln), title, url


def _first_title(text: str) -> str:
    for line in text.splitlines()[:10]:
        s = line.strip().lstrip("#").strip()
        if s:
            return s[:120]
    return ""


def _read_pdf(path: Path, raw: bytes) -> tuple[str, str]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise IngestError(
                    f"{path}: the PDF is encrypted", hint="save an unencrypted copy and ingest that"
                ) from exc
        pages = [(p.extract_text() or "") for p in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(
            f"{path}: not a readable PDF ({exc})", hint="check that the file is a complete PDF"
        ) from exc
    text = "\n".join(pages)
    if len("".join(text.split())) < 20:
        raise IngestError(
            f"{path}: the PDF has no text layer (a scanned document?)",
            hint="run OCR on it first (e.g. ocrmypdf --language chi_sim) and ingest the result",
        )
    title = ""
    try:
        if reader.metadata and reader.metadata.title:
            title = str(reader.metadata.title)
    except Exception:  # noqa: BLE001 — metadata is optional
        title = ""
    return text, title


def _read_docx(path: Path, raw: bytes) -> tuple[str, str]:
    import io
    import zipfile

    try:
        import docx

        d = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(
            f"{path}: not a readable .docx file ({exc})",
            hint="open and re-save it in Word/LibreOffice as .docx",
        ) from exc
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.append("\t".join(c.text for c in row.cells))
    text = "\n".join(parts)
    if not text.strip():
        raise IngestError(f"{path}: the .docx file has no text", hint="check the file")
    title = d.core_properties.title or ""
    return text, title
