"""Removing PDF debris from extracted text while keeping each line's source line number.

Page headers ("Side 1 af 8"), stray page numbers and dumped URL lists go; words split
across lines or by a hyphen and space are joined ("psy-\\nkiatri", "ud- fordringer"),
but enumerations keep their hyphen ("Børne- og Ungdomspsykiatri"). Bare URLs are kept as
links, once, with the line they stood on; Outlook safelinks are decoded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

PAGE_HEADER_RE = re.compile(r"^\s*side\s+\d+\s+af\s+\d+\s*$", re.I)
PAGE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
URL_RE = re.compile(r"https?://\S+")
ONLY_URL_RE = re.compile(r"^\s*<?(https?://\S+?)>?\s*$")
# A hyphen that ends a word fragment, followed by a word that continues it.
SPLIT_WORD_RE = re.compile(r"(\w)- (?!(?:og|eller|samt|til|som|el\.|&)\b)([a-zæøå]\w*)")
KEEP_HYPHEN_NEXT = {"og", "eller", "samt", "til", "som", "&"}


@dataclass
class Line:
    no: int  # 1-based line in the source text
    text: str


@dataclass
class Link:
    no: int
    url: str
    inline: bool = False  # stood right after a line ending in ':' ("Link til referatet:")


def decode_safelink(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc.endswith("safelinks.protection.outlook.com"):
        target = parse_qs(parts.query).get("url")
        if target:
            return target[0]
    return url


def clean_lines(text: str) -> tuple[list[Line], list[Link]]:
    """Non-empty, debris-free lines (hyphenated line ends joined) and the bare links."""
    lines: list[Line] = []
    links: list[Link] = []
    seen: set[str] = set()
    pending: Link | None = None  # a URL broken at a hyphen continues on the next line
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        stripped = raw.replace("\u00a0", " ").replace("\f", "").strip()
        if not stripped or PAGE_HEADER_RE.match(stripped) or PAGE_NUMBER_RE.match(stripped):
            continue
        if pending and re.fullmatch(r"[\w\-./?=&%#~+]+", stripped):
            pending.url += stripped
            pending = None
            continue
        pending = None
        only = ONLY_URL_RE.match(stripped)
        if only:
            url = decode_safelink(only.group(1))
            if url not in seen:
                seen.add(url)
                inline = bool(lines) and lines[-1].text.endswith(":") and lines[-1].no >= no - 3
                links.append(Link(no, url, inline))
                pending = links[-1] if url.endswith("-") else None
            continue
        lines.append(Line(no, stripped))
    return _join_split_words(lines), links


def _join_split_words(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        text = SPLIT_WORD_RE.sub(r"\1\2", line.text)
        if out and _continues_word(out[-1].text, text):
            out[-1] = Line(out[-1].no, out[-1].text[:-1] + text)
        else:
            out.append(Line(line.no, text))
    return out


def _continues_word(previous: str, text: str) -> bool:
    """'psy-' + 'kiatri': the previous line ends in a word fragment and a hyphen."""
    if not re.search(r"\w-$", previous) or not text[:1].islower():
        return False
    first = text.split(" ", 1)[0].rstrip(".,;:")
    return first not in KEEP_HYPHEN_NEXT
