"""The meeting's header facts: date, time, place, meeting number; Danish formats."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Line

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
WEEKDAY = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)"
# "27. januar 2021", "d. 6 marts 2023", "9. mar 2017": full or abbreviated month names.
SHORT_MONTHS = r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b\.?"
DATE_RE = re.compile(rf"(?:{WEEKDAY}\s+)?(?:den\s+|d\.\s*)?(\d{{1,2}})\.?\s*({'|'.join(MONTHS)}|{SHORT_MONTHS})(?:\s+(\d{{4}}))?",
                     re.I)
TIME_RE = re.compile(r"(?:kl\.?\s*|tid\s+)?(\d{1,2})[.:](\d{2})\s*(?:til|–|-)\s*(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})", re.I)
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})\b")
MEETING_NO_RE = re.compile(r"\b(Møde\s+\d+\s*,\s*\d{4})\b", re.I)
YEAR_RE = re.compile(r"\b(20\d{2}|19\d{2})\b")
PLACE_RE = re.compile(r"^(?:sted|mødested|lokale)\s*:?\s+(.+)$", re.I)
PLACE_LABEL_RE = re.compile(r"^(?:sted|mødested|lokale)\s*:?$", re.I)
# "i Regionshuset Viborg, mødelokale F4": a place without a label.
PLACE_PHRASE_RE = re.compile(r"^i\s+(.*\b(?:mødelokale|lokale|rådhus\w*|regionshus\w*)\b.*)$", re.I)
SINGLE_TIME_RE = re.compile(r"\bkl\.?\s*(\d{1,2})[.:](\d{2})\b(?!\s*(?:-|–|til))", re.I)


@dataclass
class Header:
    date: str = ""  # YYYY-MM-DD or YYYY-MM or ""
    date_line: int | None = None
    year_inferred: bool = False
    time: str = ""
    place: str = ""
    title: str = ""


def parse_header(lines: list[Line]) -> Header:
    header = Header()
    text_years = [int(y) for line in lines for y in YEAR_RE.findall(line.text)]
    for n, line in enumerate(lines):
        if not header.title and (m := MEETING_NO_RE.search(line.text)):
            header.title = re.sub(r"\s+", " ", m.group(1))
        if not header.date and (m := DATE_RE.search(line.text)):
            day, month, year = int(m[1]), _month(m[2]), m[3]
            if not year and text_years:
                year, header.year_inferred = str(max(text_years)), True
            if year:
                header.date, header.date_line = f"{int(year):04d}-{month:02d}-{day:02d}", line.no
        if not header.date and (m := NUMERIC_DATE_RE.search(line.text)) and 1 <= int(m[2]) <= 12:
            header.date, header.date_line = f"{int(m[3]):04d}-{int(m[2]):02d}-{int(m[1]):02d}", line.no
        if not header.time and (m := TIME_RE.search(line.text)):
            header.time = f"{int(m[1])}:{m[2]}-{int(m[3])}:{m[4]}"
        elif not header.time and (m := SINGLE_TIME_RE.search(line.text)):
            header.time = f"{int(m[1])}:{m[2]}"
        if not header.place:
            header.place = _place(lines, n)
    return header


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    return next(n for n, name in enumerate(MONTHS, 1) if name.startswith(word[:3]))


def _place(lines: list[Line], n: int) -> str:
    text = lines[n].text
    if PLACE_LABEL_RE.match(text) and n + 1 < len(lines) and len(lines[n + 1].text) < 100:
        return lines[n + 1].text.strip()
    if m := PLACE_PHRASE_RE.match(text):
        return m.group(1).strip()
    if m := PLACE_RE.match(text):
        place = m.group(1).strip(" |")
        if n + 1 < len(lines) and re.match(r"^(mødelokale|lokale)\b", lines[n + 1].text, re.I):
            place += " " + lines[n + 1].text.strip()
        return place
    lowered = text.lower()
    if re.search(r"\bteams\b", lowered) and len(text) < 80:
        return "Teams"
    if re.search(r"\bonline\b", lowered) and len(text) < 80:
        return "Online"
    return ""


# A forum's name printed in the header: "Møde i Udvalget for ...", "Sundhedsudvalget -
# Referat - 8. november 2016", "Møde: Porteføljestyregruppen", "Udvalg: Ældreråd",
# "Lindholm Kommune. Kommunalbestyrelsen. Referat"; else a short line naming a body by
# its kind ("Valby Lokaludvalg", "Driftsforum for Akutområdet Nord").
FORUM_PATTERNS = [
    re.compile(r"^(?:møde|udvalg|forum|mødeforum)\s*:\s*(.{3,80})$", re.I),
    re.compile(r"\bmødet?\s+i\s+(?!den\b)(.{3,80}?)(?:\s+(?:den|d\.)\s+\d.*|\s+\d{1,2}\.\s.*|,.*|\s*$)", re.I),
    re.compile(r"^(?:dagsord(?:n|en)er og referater\s+)(.{3,80})$", re.I),
    re.compile(r"^(.{3,80}?)\s*[-–]\s*referat\b", re.I),
    re.compile(r"^(?:referat|dagsorden)\s+(?:fra|af)\s+(?:mødet?\s+i\s+)?(.{3,80}?)(?:\s+(?:den|d\.)\s+\d.*|\s*$)", re.I),
    re.compile(r"^(?:.*\.\s+)?([^.]{3,60})\.\s*referat\b", re.I),
]
FORUM_KIND_RE = re.compile(r"(?:udvalg\w*|råd(?:et)?|forum|gruppe[n]?|styregruppe\w*|bestyrelse[n]?|klynge[n]?|byråd\w*|"
                           r"kommunalbestyrelse\w*|regionsråd\w*|fora)\b", re.I)


def forum_name(lines: list[Line]) -> tuple[str, int, bool] | None:
    """(name, line, printed as the document's title) of the forum the header names."""
    for line in lines[:30]:
        for pattern in FORUM_PATTERNS:
            if (m := pattern.search(line.text)) and FORUM_KIND_RE.search(m.group(1)) and not re.match(r"\d", m.group(1)):
                return _tidy(m.group(1)), line.no, True
    for line in lines[:30]:
        text = line.text.strip(" .")
        if len(text) <= 60 and FORUM_KIND_RE.search(text) and re.match(r"[A-ZÆØÅ]", text) and not re.search(r"\d|:", text):
            return _tidy(text), line.no, False
    return None


def _tidy(name: str) -> str:
    name = re.sub(r"\s*[-–]\s*(?:referat|dagsorden)\b.*$", "", name, flags=re.I)
    return " ".join(name.strip(" .,:;").split())


def fallback_date(header_lines: list[Line], body: list[Line]) -> tuple[str, int | None, str]:
    """A date from the first lines of the text, else the year the text names most (a
    year-precise date): (value, line, why); ("", None, "") without any year."""
    for line in body[:60]:
        header = parse_header([line])
        if header.date and not header.year_inferred:
            return header.date, line.no, f"the first date in the text (line {line.no}) is taken"
    years: dict[str, int] = {}
    first_line: dict[str, int] = {}
    for line in header_lines or body:
        for year in YEAR_RE.findall(line.text):
            years[year] = years.get(year, 0) + 1
            first_line.setdefault(year, line.no)
    if not years and header_lines:
        return fallback_date([], body) if body else ("", None, "")
    if not years:
        return "", None, ""
    year = max(sorted(years), key=years.get)
    return year, first_line[year], f"only the year is known ({year}, the year the text names most); the date is year-precise"
