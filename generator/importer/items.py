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

# "3. Title", "3 Title", "Punkt 3. Title", "Pkt. 3 Title", "Sag nr. 3", "SAG NR. 3", "Ad 3) Title",
# "3) Title", "2a. Title", "2B Title"; the number as printed (items 49..58 keep 49..58).
HEADING_RE = re.compile(
    r"^(?P<prefix>(?:punkt|pkt|sag\s*nr|sagsnr|ad)\.?\s*)?(?P<n>\d{1,3})(?P<letter>[a-zA-Z](?![a-zA-Z]))?"
    r"(?P<sep>\s*(?:\.|\)|:)\s*|\s+)(?P<title>\S.*)$", re.I)
LIST_NUMBER_RE = re.compile(r"^(\d{1,2})\s*[.)]\s+")
DURATION_RE = re.compile(r"\s*[–-]\s*\d+\s*min\.?\s*$", re.I)
# Things printed in a title that are the item's data, not its title.
TIME_SLOT_RE = re.compile(r"\s*\((?:kl\.?\s*)?(\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2})\)\s*$", re.I)
KIND_PREFIX_RE = re.compile(r"^(beslutning|drøftelse|orientering|til orientering|til beslutning|til drøftelse)\s*:\s*(?=\S)", re.I)
EMPTY_PARENS_RE = re.compile(r"\s*\(\s*\)\s*$")
CASE_TAIL_RE = re.compile(r"\s+(?:J\.?\s?nr\.?|Sagsnr\.?|Sagsid\.?)\s*:.*$", re.I)
# "1. Godkendelse af dagsorden. Godkendt." - the decision printed on the title line.
INLINE_DECISION_RE = re.compile(
    r"^(.{6,}?\w{2})\.\s+((?:godkendt|vedtaget|taget til efterretning|tiltrådt|drøftet|intet|ingen bemærkninger)\b.*)$", re.I)
# A line that announces a list of points: "Formanden indstiller," / "..., at".
LIST_INTRO_RE = re.compile(r"(?:\b(?:indstiller|foreslår|indstilles)\s*,?\s*(?:at)?|,\s*at)\s*:?$", re.I)
DECISION_WORDS = r"(?:godkendt|taget|vedtaget|tiltrådt|drøftet|intet|ingen|orienteringen)"
LABELS = [
    (re.compile(r"^(?:referat|beslutning)\s*[–-]\s*punkt\s*\d+[a-z]?\s*:?\s*", re.I), "Beslutning"),
    (re.compile(r"^beslutning(?:\s+i\s+[^:]{1,60})?\s*(?::\s*|$)", re.I), "Beslutning"),
    # "Beslutning Ældrerådet den 09-03-2017", "Beslutning i X den 9. februar 2021:"
    (re.compile(r"^beslutning\s+[^:]{2,80}?\s+den\s+[\d.\-/]+(?:\s+[a-zæøå]+\s+\d{4})?\s*:?\s*$", re.I), "Beslutning"),
    # "Behandling i Udvalget for ... onsdag den 12. februar 2020, pkt. 2"
    (re.compile(r"^behandling i\s.{3,160}$", re.I), "Beslutning"),
    (re.compile(r"^(?:politisk\s+)?behandling\s*:?\s*$", re.I), "Beslutning"),
    (re.compile(r"^referat\s*:?\s*$", re.I), "Beslutning"),
    (re.compile(r"^referat\s*:\s*", re.I), "Beslutning"),
    (re.compile(rf"^referat\s+(?={DECISION_WORDS}\b)", re.I), "Beslutning"),  # "Referat Godkendt."
    (re.compile(r"^(?:indstilling|forslag)(?:\s*:\s*|\s*$)", re.I), "Indstilling"),
    (re.compile(r"^uddybning(?:\s*:\s*|\s*$)", re.I), "Uddybning"),
    (re.compile(r"^bilag(?:\s+vedlagt)?\s*:\s*", re.I), "Bilag"),
]
RECOMMENDS_RE = re.compile(r"^det indstilles\b\s*(?:,?\s*at\b.*|[^:]*:?)\s*$", re.I)
# "Direktionen indstiller, at ...", "Senior- og Socialforvaltningen foreslår,": the
# recommendation, its speaker kept in the text.
RECOMMENDER_RE = re.compile(
    r"^[A-ZÆØÅ][\w\-]*(?:\s+[\w\-]+){0,8}\s+(?:indstiller|foreslår)\b(?:\s+(?:over ?for|til)\s+[^,:]{1,80})?\s*[,:]?\s*(?:at\b.*)?$")
# Headings of the background (sagsfremstilling) in portal layouts; kept as bold lines.
BACKGROUND_RE = re.compile(
    r"^(?:resum[eé]|sagsfremstilling|baggrund|sagsforløb|beskrivelse af sagen|beslutningstema|sagen behandles i|"
    r"økonomiske konsekvenser(?: og finansiering)?|uddybende sagsfremstilling|kompetence)\s*:?\s*$", re.I)


@dataclass
class ParsedItem:
    number: str
    title: str
    line: int
    background: list[Line] = field(default_factory=list)
    sections: dict[str, list[Line]] = field(default_factory=dict)
    labelled_decision: bool = False
    bare: bool = False  # numbered 'N Title', without a point or bracket


def label_of(text: str) -> tuple[str, str] | None:
    """(section, rest of the line) when a line starts a section."""
    for pattern, kind in LABELS:
        m = pattern.match(text)
        if m:
            return kind, text[m.end():].strip()
    if RECOMMENDS_RE.match(text):
        bare = re.fullmatch(r"det indstilles\s*:?", text.strip(), re.I)
        return "Indstilling", "" if bare else text
    if len(text) < 200 and RECOMMENDER_RE.match(text):
        return "Indstilling", text
    if BACKGROUND_RE.match(text):
        return "background", text.rstrip(": ")
    return None


def split_items(lines: list[Line], width: int) -> tuple[list[Line], list[ParsedItem]]:
    """Lines before the first item (the header), and the items."""
    header: list[Line] = []
    items: list[ParsedItem] = []
    current: ParsedItem | None = None
    section: str | None = None
    list_last = 0  # number of the last point of a numbered list in the current section
    first = _first_number(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = HEADING_RE.match(line.text)
        if heading and _is_heading(lines, i, heading, items, first, list_last):
            number = heading["n"].lstrip("0") + (heading["letter"] or "").lower()
            title, i = _title(lines, i, heading["title"], width)
            title, notes, decision = _title_parts(title)
            current, section, list_last = ParsedItem(number, title, line.no), None, 0
            current.bare = not heading["prefix"] and not heading["sep"].strip()
            if notes:
                current.background.append(Line(line.no, f"*{notes}*"))
            if decision:
                current.sections["Beslutning"], current.labelled_decision, section = [Line(line.no, decision)], True, "Beslutning"
            items.append(current)
            continue
        if current is None:
            header.append(line)
            i += 1
            continue
        label = label_of(line.text)
        if label and label[0] == "background":
            section, list_last = None, 0
            current.background.append(Line(line.no, f"**{label[1]}**"))
        elif label:
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


def _candidate(heading: re.Match) -> bool:
    """A numbered line that may head an item: a title that starts like one, not a sentence
    run on from a page number, and a bare 'N Title' only with a capital and short."""
    title = heading["title"]
    if not re.match(r"[A-ZÆØÅ0-9\"“'(]", title) or re.match(r"at\b", title, re.I):
        return False
    if re.search(r"\.{3,}\s*(?:[ivxlc]+|\d+)\b", title):
        return False  # a line of a table of contents, with its page number
    if not heading["prefix"] and not heading["sep"].strip():
        return len(title) < 100 and not re.match(r"\d", title)
    return len(title) < 250


def _first_number(lines: list[Line]) -> int:
    """Numbering may continue through the year: the first item is the first candidate
    heading whose successor follows it (1 in most minutes, 49 in the 49..58 meeting)."""
    numbers = [int(m["n"]) for line in lines if (m := HEADING_RE.match(line.text)) and _candidate(m)]
    last = {number: n for n, number in enumerate(numbers)}
    return next((number for n, number in enumerate(numbers) if last.get(number + 1, -1) > n), 1)


def _is_heading(lines: list[Line], i: int, heading: re.Match, items: list[ParsedItem], first: int, list_last: int) -> bool:
    if not _candidate(heading):
        return False
    n, letter = int(heading["n"]), (heading["letter"] or "").lower()
    if items:
        last = items[-1].number
        last_n, last_letter = int(last.rstrip("abcdefghijklmnopqrstuvwxyz")), last.lstrip("0123456789")
        successor = (n == last_n + 1 and not letter) or (
            n == last_n and letter and letter == (chr(ord(last_letter) + 1) if last_letter else "a"))
    else:
        successor = n == first and not letter
    if not successor:
        return False
    if not heading["prefix"] and not heading["sep"].strip() and items and not _bare(items):
        return False  # '2 Praktiserende læger' in a document numbered '1.'
    if DURATION_RE.search(lines[i].text) or INLINE_DECISION_RE.match(heading["title"]) or heading["prefix"]:
        return True
    if i and LIST_INTRO_RE.search(lines[i - 1].text):
        return False  # the first point after "Sekretariatet indstiller,"
    expected = n
    return not (list_last and expected == list_last + 1) and not _starts_list(lines, i)


def _bare(items: list[ParsedItem]) -> bool:
    return items[0].bare


def _title_parts(title: str) -> tuple[str, str, str]:
    """(title, the item's data printed in it: kind and time slot, a decision on the title line)."""
    title = EMPTY_PARENS_RE.sub("", CASE_TAIL_RE.sub("", title)).strip()
    notes = []
    if m := KIND_PREFIX_RE.match(title):
        notes.append(m.group(1).capitalize())
        title = title[m.end():]
    if m := TIME_SLOT_RE.search(title):
        notes.append(f"kl. {m.group(1)}")
        title = title[:m.start()]
    decision = ""
    if m := INLINE_DECISION_RE.match(title):
        title, decision = m.group(1), m.group(2)
    return title.strip(), ", ".join(notes), decision


def _starts_list(lines: list[Line], i: int) -> bool:
    """'3. Tidlig opsporing' directly followed by '4. ...' is a list, not an item heading."""
    if i + 1 >= len(lines):
        return False
    here, after = HEADING_RE.match(lines[i].text), LIST_NUMBER_RE.match(lines[i + 1].text)
    return bool(here and after and int(after[1]) == int(here["n"]) + 1 and len(lines[i].text) < 70)


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
        if not wrapped or label_of(text) or HEADING_RE.match(text) or len(parts) >= 4 or INLINE_DECISION_RE.match(parts[-1]):
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


AOB_RE = re.compile(r"^(evt\.?|eventuelt|spørgetid)$", re.I)


def _any_other_business(item: ParsedItem) -> None:
    """'Evt.' with unlabelled text: that text is the minute of the item."""
    if AOB_RE.match(item.title.strip()) and item.background and not item.sections:
        item.sections["Beslutning"], item.background = item.background, []
