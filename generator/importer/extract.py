"""Text out of a minutes document: .txt (already extracted), .pdf (pypdf) or .docx."""

from __future__ import annotations

from pathlib import Path


class ImportFailed(Exception):
    """A document that cannot be imported; the message says why and what to do."""


def extract_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    if suffix == ".txt":
        return _text_file(path)
    if suffix == ".pdf":
        return _pdf(path)
    if suffix == ".docx":
        return _docx(path)
    raise ImportFailed(f"{path}: cannot import '{suffix or 'no extension'}' files; use .txt, .pdf or .docx")


def _text_file(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ImportFailed(f"{path}: binary data, not text; import the .pdf or .docx instead")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # Windows text exports


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ImportFailed(f"{path}: not a readable PDF ({exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ImportFailed(f"{path}: the PDF has no text layer (a scan?); run OCR first")
    return text


def _docx(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise ImportFailed(f"{path}: not a readable Word document ({exc})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:  # participant lists are often tables: one line per row
        for row in table.rows:
            lines.append(", ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
    return "\n".join(lines)
