"""Text out of a minutes document: .txt (already extracted), .pdf (pypdf), .docx
(python-docx) or .html (a saved page of a minutes portal, via BeautifulSoup).

Every document may be hostile or broken: sizes are bounded before anything is decompressed
or parsed, and the libraries' errors become one line saying what is wrong with the file."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024  # far above any real minutes document
MAX_TEXT_CHARS = 5 * 1024 * 1024  # extracted text: about 2,500 pages
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one part of a .docx, uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts of a .docx, uncompressed
MAX_RATIO = 200  # text and XML compress 5-20 times; a bomb compresses thousands of times
SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")


class ImportFailed(Exception):
    """A document that cannot be imported; the message says why and what to do."""


def extract_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    if suffix not in SUFFIXES:
        raise ImportFailed(f"{path}: cannot import '{suffix or 'no extension'}' files; use .txt, .pdf, .docx or .html")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFailed(f"{path}: {size / 2**20:.0f} MB is too large for a minutes document "
                           f"(limit {MAX_FILE_BYTES // 2**20} MB); split it or import the text")
    reader = {".txt": _text_file, ".pdf": _pdf, ".docx": _docx, ".html": _html, ".htm": _html}[suffix]
    try:
        text = reader(path)
    except ImportFailed:
        raise
    except MemoryError:
        raise ImportFailed(f"{path}: the document expands to more data than memory holds; is it damaged?") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ImportFailed(f"{path}: the file is damaged (a compressed part cannot be read: {exc})") from None
    except Exception as exc:  # any other library error: the file, not the importer, is broken
        raise ImportFailed(f"{path}: the file cannot be read ({type(exc).__name__}: {_short(exc)})") from None
    if len(text) > MAX_TEXT_CHARS:
        raise ImportFailed(f"{path}: the document holds more than {MAX_TEXT_CHARS // 2**20} million characters of text; "
                           f"that is no single meeting's minutes")
    return text


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:160] + ("…" if len(text) > 160 else "")


def _text_file(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ImportFailed(f"{path}: binary data, not text; import the .pdf or .docx instead")
    return _decode(raw)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # Windows text exports


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password required")
        pages, total = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            total += len(pages[-1])
            if total > MAX_TEXT_CHARS:
                break
    except (FileNotDecryptedError, DependencyError):
        raise ImportFailed(f"{path}: the PDF is encrypted (password-protected); save a copy without protection and import that") from None
    except LimitReachedError:
        raise ImportFailed(f"{path}: a compressed part of the PDF expands beyond any real document's size; is it damaged?") from None
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise ImportFailed(f"{path}: not a readable PDF ({_short(exc)})") from None
    text = "\n".join(pages)
    if not text.strip() and _oversized_stream(reader):
        raise ImportFailed(f"{path}: a compressed part of the PDF expands beyond any real document's size; is it damaged?")
    if not text.strip():
        raise ImportFailed(f"{path}: the PDF has no text layer (a scan?); run OCR first")
    return text


def _oversized_stream(reader) -> bool:
    """pypdf stops inflating a stream at its limit but extracts no text from it, silently."""
    from pypdf.errors import LimitReachedError, PyPdfError

    for page in reader.pages:
        try:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
        except LimitReachedError:
            return True
        except (PyPdfError, ValueError, KeyError, TypeError):
            continue
    return False


def _docx(path: Path) -> str:
    _check_zip(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise ImportFailed(f"{path}: not a readable Word document ({_short(exc)})") from None
    except XMLSyntaxError as exc:
        raise ImportFailed(f"{path}: the Word document's XML is malformed or oversized ({_short(exc)})") from None
    from docx.table import Table

    lines = []
    for block in document.iter_inner_content():  # paragraphs and tables in document order
        if isinstance(block, Table):  # participant lists are often tables: one line per row
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                lines.append(" | ".join(dict.fromkeys(c for c in cells if c)))  # merged cells repeat
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _check_zip(path: Path) -> None:
    """A .docx is a zip: its declared sizes are checked before any part is decompressed
    (zipfile never inflates a part beyond its declared size)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise ImportFailed(f"{path}: not a Word document (.docx files are zip archives; this one is not)") from None
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or (info.file_size > 2**20 and ratio > MAX_RATIO):
            raise ImportFailed(f"{path}: part '{info.filename}' unpacks to {info.file_size / 2**20:.0f} MB "
                               f"({ratio:.0f} times its packed size): a zip bomb or a damaged file, not minutes")


def _html(path: Path) -> str:
    from .html import html_text

    return html_text(_decode(path.read_bytes()))
