"""The meeting's header facts: date, time, place, meeting number; Danish formats."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Line

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
WEEKDAY = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)"
DATE_RE = re.compile(rf"(?:{WEEKDAY}\s+)?(?:den\s+|d\.\s*)?(\d{{1,2}})\.\s*({'|'.join(MONTHS)})(?:\s+(\d{{4}}))?", re.I)
TIME_RE = re.compile(r"(?:kl\.?\s*|tid\s+)?(\d{1,2})[.:](\d{2})\s*(?:til|–|-)\s*(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})", re.I)
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})\b")
MEETING_NO_RE = re.compile(r"\b(Møde\s+\d+\s*,\s*\d{4})\b", re.I)
YEAR_RE = re.compile(r"\b(20\d{2}|19\d{2})\b")
PLACE_RE = re.compile(r"^sted\s*:?\s+(.+)$", re.I)


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
            day, month, year = int(m[1]), MONTHS.index(m[2].lower()) + 1, m[3]
            if not year and text_years:
                year, header.year_inferred = str(max(text_years)), True
            if year:
                header.date, header.date_line = f"{int(year):04d}-{month:02d}-{day:02d}", line.no
        if not header.date and (m := NUMERIC_DATE_RE.search(line.text)) and 1 <= int(m[2]) <= 12:
            header.date, header.date_line = f"{int(m[3]):04d}-{int(m[2]):02d}-{int(m[1]):02d}", line.no
        if not header.time and (m := TIME_RE.search(line.text)):
            header.time = f"{int(m[1])}:{m[2]}-{int(m[3])}:{m[4]}"
        if not header.place:
            header.place = _place(lines, n)
    return header


def _place(lines: list[Line], n: int) -> str:
    text = lines[n].text
    if m := PLACE_RE.match(text):
        place = m.group(1).strip()
        if n + 1 < len(lines) and re.match(r"^(mødelokale|lokale)\b", lines[n + 1].text, re.I):
            place += " " + lines[n + 1].text.strip()
        return place
    lowered = text.lower()
    if re.search(r"\bteams\b", lowered) and len(text) < 80:
        return "Teams"
    if re.search(r"\bonline\b", lowered) and len(text) < 80:
        return "Online"
    return ""
