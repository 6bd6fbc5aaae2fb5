"""Loading documents: formats, encodings and bad input — each failure one clear IngestError
naming the file and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from iegraph.ingest.documents.loaders import decode_bytes, iter_paths, load_document
from iegraph.ontology.errors import IngestError

ZH = "深圳职业技术大学与华为技术有限公司共同牵头组建深圳市域产教联合体。"
ZH_T = "國家軌道交通裝備行業產教融合共同體在常州成立，由中國中車集團有限公司牽頭。"


@pytest.mark.parametrize(
    "encoding,text",
    [
        ("utf-8", ZH),
        ("utf-8-sig", ZH),
        ("gb18030", ZH),
        ("gbk", ZH),
        ("big5", ZH_T),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, text: str) -> None:
    p = tmp_path / f"doc_{encoding}.txt"
    p.write_bytes(((text + "\n") * 3).encode(encoding))
    doc = load_document(p)
    assert doc.text.strip().splitlines()[0] == text
    assert len(doc.content_hash) == 64


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"  \n")
    with pytest.raises(IngestError) as e:
        load_document(p)
    assert "empty.txt" in e.value.message and "empty" in e.value.message
    assert e.value.hint


def test_binary_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "blob.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(IngestError) as e:
        load_document(p)
    assert "binary" in e.value.message and "blob.txt" in e.value.message


def test_size_limit(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text(ZH * 100, encoding="utf-8")
    with pytest.raises(IngestError) as e:
        load_document(p, max_bytes=1000)
    assert "limit" in e.value.message and "big.txt" in e.value.message


def test_html_main_text_without_menus(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>T</title><link rel='canonical' href='https://x.org/a'>"
        "</head><body><nav>首页 | 新闻中心</nav><article><p>" + ZH + "</p></article>"
        "<footer>版权所有</footer><script>var a='教育部';</script></body></html>",
        encoding="utf-8",
    )
    doc = load_document(p)
    assert ZH in doc.text
    assert "新闻中心" not in doc.text and "版权所有" not in doc.text and "var a" not in doc.text
    assert doc.url == "https://x.org/a" and doc.title == "T"


def test_docx(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(ZH)
    p = tmp_path / "a.docx"
    d.save(str(p))
    assert ZH in load_document(p).text


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    p = tmp_path / "scan.pdf"
    with p.open("wb") as fh:
        w.write(fh)
    with pytest.raises(IngestError) as e:
        load_document(p)
    assert "no text layer" in e.value.message and "OCR" in (e.value.hint or "")


def test_broken_pdf(tmp_path: Path) -> None:
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4\n" + "这不是PDF".encode() * 10)
    with pytest.raises(IngestError):
        load_document(p)


def test_folder_is_walked(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "b.md").write_text(ZH, encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00")
    (tmp_path / ".hidden.txt").write_text(ZH, encoding="utf-8")
    names = sorted(p.name for p in iter_paths([tmp_path]))
    assert names == ["a.txt", "b.md"]


def test_undecodable_bytes() -> None:
    with pytest.raises(IngestError):
        decode_bytes(bytes([0x81, 0x30, 0xFF, 0xFE, 0x00, 0x01]) * 20, "x.txt")
