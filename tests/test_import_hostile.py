"""Hostile and broken documents given to `referat import`: a one-line message saying what
is wrong with the file, never a traceback, and bounded time and memory."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from generator.cli import main

HERE = Path(__file__).parent
CONTENT = HERE.parent / "content"
TABLE = HERE / "fixtures" / "import" / "other" / "table-layout.txt"
OPTIONS = ["--date", "2022-01", "--forum", "klyngestyregruppe-syd", "--content", str(CONTENT)]


def run_import(path: Path, tmp_path: Path, capsys) -> str:
    code = main(["import", str(path), *OPTIONS, "-o", str(tmp_path / "out.md")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"referat import: {path}: ")
    return err


def small_pdf() -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 10, "1. Godkendelse af dagsorden")
    return bytes(pdf.output())


def small_docx() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("1. Godkendelse af dagsorden")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite_docx(path: Path, change) -> None:
    """A copy of a real .docx with word/document.xml replaced by change(old) (bytes, or a
    writer function for data too large to hold)."""
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "word/document.xml":
                target.writestr(info.filename, data)
            elif callable(new := change(data)):
                with target.open(info.filename, "w", force_zip64=True) as part:
                    new(part)
            else:
                target.writestr(info.filename, new)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_an_encrypted_pdf_is_named_as_encrypted(tmp_path, capsys, algorithm):
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import DependencyError

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(small_pdf())))
    path = tmp_path / "krypteret.pdf"
    try:
        writer.encrypt("hemmelig", algorithm=algorithm)
        writer.write(path)
    except DependencyError:
        pytest.skip(f"writing {algorithm} needs the cryptography package")
    assert "the PDF is encrypted" in run_import(path, tmp_path, capsys)


def test_a_pdf_stream_inflating_to_a_gigabyte_is_refused(tmp_path, capsys):
    squeeze = zlib.compressobj(9)
    chunk = b" " * 2**24
    data = b"".join(squeeze.compress(chunk) for _ in range(64)) + squeeze.flush()  # 1 GiB of spaces
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    body, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path = tmp_path / "bombe.pdf"
    path.write_bytes(body)
    assert "expands beyond any real document's size" in run_import(path, tmp_path, capsys)


def test_a_docx_with_a_damaged_zip_member_is_named_damaged(tmp_path, capsys):
    path = tmp_path / "skadet.docx"
    rewrite_docx(path, lambda old: old)
    raw = bytearray(path.read_bytes())
    start = raw.find(b"word/document.xml") + 40
    raw[start:start + 30] = bytes(30)
    path.write_bytes(bytes(raw))
    assert "damaged" in run_import(path, tmp_path, capsys)


def test_a_docx_with_an_xml_entity_bomb_is_refused(tmp_path, capsys):
    entities = b'<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %c "%s">' % (98 + n, b"&%c;" % (97 + n) * 10) for n in range(9))
    path = tmp_path / "entiteter.docx"
    rewrite_docx(path, lambda old: old.replace(b"?>", b"?><!DOCTYPE w:document [" + entities + b"]>", 1)
                 .replace(b"1. Godkendelse af dagsorden", b"&j;"))
    assert "XML is malformed or oversized" in run_import(path, tmp_path, capsys)


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, capsys):
    def gigabyte(part):
        for _ in range(64):
            part.write(b"x" * 2**24)

    path = tmp_path / "zipbombe.docx"
    rewrite_docx(path, lambda old: gigabyte)
    assert path.stat().st_size < 5 * 2**20
    assert "zip bomb" in run_import(path, tmp_path, capsys)


@pytest.mark.parametrize("name, data, message", [
    ("tom.pdf", b"", "not a readable PDF"),
    ("tekst.docx", b"1. Punkt\n", "not a Word document"),
    ("dyb.html", b"<div>" * 200_000 + b"1. Punkt", "cannot be read"),
])
def test_other_broken_files_get_one_line(tmp_path, capsys, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    code = main(["import", str(path), *OPTIONS, "-o", str(tmp_path / "out.md")])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 2:
        assert message in err and len(err.strip().splitlines()) == 1, err


def test_output_file_is_not_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "kladde.md"
    out.write_text("a reviewer's edits\n", encoding="utf-8")
    args = ["import", str(TABLE), "--content", str(CONTENT), "-o", str(out)]
    assert main(args) == 2
    assert "exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "a reviewer's edits\n"
    assert main([*args, "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("---\n")
