"""Removing PDF debris from extracted text while keeping each line's source line number.

Page headers ("Side 1 af 8"), stray page numbers and dumped URL lists go; words split
across lines or by a hyphen and space are joined ("psy-\\nkiatri", "ud- fordringer"),
but enumerations keep their hyphen ("Børne- og Ungdomspsykiatri"). Bare URLs are kept as
links, once, with the line they stood on; Outlook safelinks are decoded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

PAGE_HEADER_RE = re.compile(r"^\s*side\s+\d+\s+af\s+\d+\s*$", re.I)
# A transcript's page marker: "3 Side i Til behandling - for åbne døre", "Side v".
PAGE_MARK_RE = re.compile(r"^(?:\d{1,3}\s+)?side\s+(?:[ivxlc]+|\d{1,3})\b(?!\s+af\b)", re.I)
# The chrome of minutes portals and document-sharing sites: navigation, fold controls,
# cookie notices, download bars. Whole lines only, never text inside a sentence.
CHROME_RE = re.compile(
    r"^(?:til toppen|gå til indhold|skip til (?:primært |hoved ?)?indhold(?:et)?|søg|menu|print|udskriv|"
    r"luk alle punkter.*|åbn alle punkter.*|fold (?:alle )?(?:punkter )?(?:ud|ind)|"
    r"se alle dagsordener og referater.*|vi bruger cookies.*|nej tak til cookies|"
    r"størrelse:\s*px|starte? visningen fra side:?|download\s+\S.*|transkript|save this pdf as:?.*|"
    r"forsiden?\s*\|.*|dagsordner og referater|dagsordener og referater)$", re.I)
FOLD_RE = re.compile(r"^fold (?:dette )?punkt (?:ind|ud)\s+", re.I)
# A case-number line of a portal: "Sagsnr. 13/1184", "Sagnr.: 1-01-81", "Brevid: 4318822".
CASE_LINE_RE = re.compile(r"^(?:.{0,80}\bbrevid:\s*\d+|sag(?:s)?nr\.?:?\s*[\w\-/]+(?:\s+dok\.?nr\.?:?\s*[\w\-/]+)?(?:\s+åben(?:t)?)?|"
                          r"dok\.?\s*nr\.?:?\s*[\w\-/]+|åben(?:t)?|åben sag|lukket|initialer:\s*\w*)$", re.I)
LETTER_SPACED_RE = re.compile(r"^(?:[A-ZÆØÅa-zæøå] ){3,}[A-ZÆØÅa-zæøå]$")
# Field labels run into their value by a portal's markup: "MødestedRådssalen".
GLUED_LABEL_RE = re.compile(r"^(Mødested|Udvalg|Lokale|Sted|Dato|Tidspunkt|Mødedato|Bemærkninger)(?=[A-ZÆØÅ][a-zæøå])")
# A page number printed before an item heading: "3 2. Status på ...".
PAGE_PREFIX_RE = re.compile(r"^\d{1,3}\s+(?=\d{1,3}[.)]\s+[A-ZÆØÅ])")
# A time slot printed before the item number: "(Kl. 13:30-13:40) 1. Godkendelse".
LEADING_SLOT_RE = re.compile(r"^(\((?:kl\.?\s*)?\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}\))\s+(\d{1,3}[a-zA-Z]?[.)]?\s+\S.*)$", re.I)
# A heading run into the first item: "Indholdsfortegnelse1. Fraværende".
GLUED_ITEM_RE = re.compile(r"^([A-ZÆØÅ][a-zæøå]{3,})(\d{1,3}\.\s+[A-ZÆØÅ].*)$")
PAGE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
URL_RE = re.compile(r"https?://\S+")
ONLY_URL_RE = re.compile(r"^\s*<?(https?://\S+?)>?\s*$")
# A hyphen that ends a word fragment, followed by a word that continues it.
SPLIT_WORD_RE = re.compile(r"(\w)- (?!(?:og|eller|samt|til|som|el\.|&|afbud)\b)([a-zæøå]\w*)")
KEEP_HYPHEN_NEXT = {"og", "eller", "samt", "til", "som", "&", "afbud"}
# A whole agenda run together on one line: "1. Fraværende2. Samarbejdsaftale3. Eventuelt".
RUN_ON_NUMBER_RE = re.compile(r"(?:(?<=[^\d\s.])|(?<=\s)|^)(\d{1,3})\.\s+(?=[A-ZÆØÅ])")


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
        stripped = _table_pipes(FOLD_RE.sub("", stripped))
        if LETTER_SPACED_RE.match(stripped):
            stripped = stripped.replace(" ", "")
        if not stripped or PAGE_HEADER_RE.match(stripped) or PAGE_NUMBER_RE.match(stripped) \
                or CHROME_RE.match(stripped) or CASE_LINE_RE.match(stripped) \
                or (PAGE_MARK_RE.match(stripped) and len(stripped) < 80):
            continue
        if lines and " ".join(stripped.split()) == " ".join(lines[-1].text.split()) and len(stripped) > 12:
            continue  # a heading or page header printed twice in a row
        stripped = PAGE_PREFIX_RE.sub("", stripped)
        if m := LEADING_SLOT_RE.match(stripped):
            stripped = f"{m.group(2)} {m.group(1)}"
        if m := GLUED_LABEL_RE.match(stripped):
            stripped = f"{m.group(1)}: {stripped[m.end():]}"
        if m := GLUED_ITEM_RE.match(stripped):
            lines.append(Line(no, m.group(1)))
            stripped = m.group(2)
        parts = _run_on_agenda(stripped)
        for part in parts[:-1]:
            lines.append(Line(no, part))
        stripped = parts[-1]
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


def _run_on_agenda(text: str) -> list[str]:
    """Three or more consecutively numbered titles on one line are an agenda: one line each."""
    marks = list(RUN_ON_NUMBER_RE.finditer(text))[:300]  # an agenda, not a table of figures
    for start in range(len(marks)):
        run = [marks[start]]
        for m in marks[start + 1:]:
            if int(m.group(1)) == int(run[-1].group(1)) + 1:
                run.append(m)
        if len(run) >= 3:
            cuts = [0, *[m.start() for m in run], len(text)]
            return [p.strip() for p in (text[a:b] for a, b in pairwise(cuts)) if p.strip()]
    return [text]


def _table_pipes(text: str) -> str:
    """A table flattened to text: 'at | dagsorden godkendes |' → 'at dagsorden godkendes';
    cells inside a row stay apart ('A | B' → 'A | B')."""
    if "|" not in text:
        return text
    text = text.strip().strip("|").strip()
    return re.sub(r"^(at)\s*\|\s*", r"\1 ", text, flags=re.I)


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
