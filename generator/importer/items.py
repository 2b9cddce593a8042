"""Agenda items and their sections from cleaned lines.

Item headings are numbered lines whose number is the next one expected (so numbered lists
inside an item are not taken for items), and that do not start or continue a numbered
list. Sections start at the labels minutes use: "Indstilling:", "Det indstilles", "Referat:",
"Beslutning:", "Referat – punkt 3:", "Uddybning:", "Bilag:", "Bilag vedlagt:". Minutes
without a decision label (seed 001) have the decision after the recommendation's "At ..."
lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import Line

# "3. Title", "Punkt 3. Title", "Ad 3) Title"
HEADING_RE = re.compile(r"^(?:punkt\s+|ad\s+)?(\d{1,2})\s*(?:\.|\)|:)\s*(\S.*)$", re.I)
LIST_NUMBER_RE = re.compile(r"^(\d{1,2})\s*[.)]\s+")
DURATION_RE = re.compile(r"\s*[–-]\s*\d+\s*min\.?\s*$", re.I)
LABELS = [
    (re.compile(r"^(?:referat|beslutning)\s*[–-]\s*punkt\s*\d+[a-z]?\s*:?\s*", re.I), "Beslutning"),
    (re.compile(r"^beslutning(?:\s+i\s+[^:]{1,60})?\s*(?::\s*|$)", re.I), "Beslutning"),
    (re.compile(r"^referat\s*:?\s*$", re.I), "Beslutning"),
    (re.compile(r"^referat\s*:\s*", re.I), "Beslutning"),
    (re.compile(r"^indstilling(?:\s*:\s*|\s*$)", re.I), "Indstilling"),
    (re.compile(r"^uddybning(?:\s*:\s*|\s*$)", re.I), "Uddybning"),
    (re.compile(r"^bilag(?:\s+vedlagt)?\s*:\s*", re.I), "Bilag"),
]
RECOMMENDS_RE = re.compile(r"^det indstilles\b\s*(?:,?\s*at\b.*|[^:]*:?)\s*$", re.I)


@dataclass
class ParsedItem:
    number: str
    title: str
    line: int
    background: list[Line] = field(default_factory=list)
    sections: dict[str, list[Line]] = field(default_factory=dict)
    labelled_decision: bool = False


def label_of(text: str) -> tuple[str, str] | None:
    """(section, rest of the line) when a line starts a section."""
    for pattern, kind in LABELS:
        m = pattern.match(text)
        if m:
            return kind, text[m.end():].strip()
    if RECOMMENDS_RE.match(text):
        bare = re.fullmatch(r"det indstilles\s*:?", text.strip(), re.I)
        return "Indstilling", "" if bare else text
    return None


def split_items(lines: list[Line], width: int) -> tuple[list[Line], list[ParsedItem]]:
    """Lines before the first item (the header), and the items."""
    header: list[Line] = []
    items: list[ParsedItem] = []
    current: ParsedItem | None = None
    section: str | None = None
    list_last = 0  # number of the last point of a numbered list in the current section
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = HEADING_RE.match(line.text)
        expected = len(items) + 1
        if heading and int(heading[1]) == expected and (
                DURATION_RE.search(line.text) or (not (list_last and expected == list_last + 1) and not _starts_list(lines, i))):
            title, i = _title(lines, i, heading[2], width)
            current, section, list_last = ParsedItem(str(expected), title, line.no), None, 0
            items.append(current)
            continue
        if current is None:
            header.append(line)
            i += 1
            continue
        label = label_of(line.text)
        if label:
            kind, rest = label
            section, list_last = kind, 0
            if kind == "Beslutning":
                current.labelled_decision = True
            current.sections.setdefault(kind, [])
            if rest:
                current.sections[kind].append(Line(line.no, rest))
        else:
            number = LIST_NUMBER_RE.match(line.text)
            if number and int(number[1]) in (1, list_last + 1):
                list_last = int(number[1])
            (current.sections[section] if section else current.background).append(line)
        i += 1
    for item in items:
        _split_unlabelled_decision(item)
        _any_other_business(item)
    return header, items


def _starts_list(lines: list[Line], i: int) -> bool:
    """'3. Tidlig opsporing' directly followed by '4. ...' is a list, not an item heading."""
    if i + 1 >= len(lines):
        return False
    here, after = HEADING_RE.match(lines[i].text), LIST_NUMBER_RE.match(lines[i + 1].text)
    return bool(here and after and int(after[1]) == int(here[1]) + 1 and len(lines[i].text) < 70)


def _title(lines: list[Line], i: int, first: str, width: int) -> tuple[str, int]:
    """A title runs over the following lines while the previous one was wrapped."""
    parts = [first]
    i += 1
    while i < len(lines) and not DURATION_RE.search(parts[-1]):
        previous, text = lines[i - 1].text, lines[i].text
        point = re.match(r"^(?:[•▪●◦·o-]\s|[A-Za-z0-9]{1,2}[.)]\s)", text)
        # Continuations are lower-case, after a hyphen, or the short rest of a wrapped line.
        wrapped = previous.endswith("-") or (text[:1].islower() and not point) or (
            len(previous) >= 0.6 * width and len(text) < 0.5 * width and not point
            and not re.search(r"[.:!?]$", text))
        if not wrapped or label_of(text) or HEADING_RE.match(text) or len(parts) >= 4:
            break
        parts.append(text)
        i += 1
    title = parts[0]
    for part in parts[1:]:
        title = title[:-1] + part if re.search(r"\w-$", title) and part[:1].islower() else f"{title} {part}"
    return DURATION_RE.sub("", title).strip(), i


def _split_unlabelled_decision(item: ParsedItem) -> None:
    """Without a decision label, the recommendation is its 'At ...' lines; what follows is
    the decision (as in seed 001)."""
    if item.labelled_decision or "Indstilling" not in item.sections:
        return
    lines = item.sections["Indstilling"]
    cut = next((n for n, line in enumerate(lines) if n > 0 and not _recommendation_line(line.text, lines[n - 1].text)), None)
    if cut is None:
        return
    item.sections["Indstilling"], decision = lines[:cut], lines[cut:]
    item.sections["Beslutning"] = decision


def _recommendation_line(text: str, previous: str) -> bool:
    if re.match(r"^(at\b|\d+\.\s|[a-z]\.\s)", text, re.I):
        return True
    return not re.search(r"[.:!?]$", previous) and text[:1].islower()  # a wrapped "At ..." line


AOB_RE = re.compile(r"^(evt\.?|eventuelt)$", re.I)


def _any_other_business(item: ParsedItem) -> None:
    """'Evt.' with unlabelled text: that text is the minute of the item."""
    if AOB_RE.match(item.title.strip()) and item.background and not item.sections:
        item.sections["Beslutning"], item.background = item.background, []
