"""Participant lists in the layouts minutes use: "Title Name, Organisation", "Name,
Organisation (role)", "- Name – Title (role) - afbud" grouped under "Organisation:",
"Afbud" / "Gæster" / "Sekretariat" blocks, "på vegne af", guests for named items.

Each line is read by finding the registry's people and organisations in it (by name or
alias, whole words); what remains gives title, role and note."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pathlib import Path

from ..mentions import words
from ..model import Participant, Source
from .clean import Line
from .resolve import Resolver

BLOCKS = [
    (re.compile(r"^(?:deltager(?:e|liste)|til stede|tilstede|fremmødte|fremmøde)\b[^:]*:?\s*", re.I), "present"),
    (re.compile(r"^afbud\b\s*:?\s*", re.I), "absent"),
    (re.compile(r"^(?:gæster|gæst)\b\s*:?\s*", re.I), "guest"),
    (re.compile(r"^(?:sekretariat|sekretær|referent)\b\s*:?\s*", re.I), "secretary"),
]
ABSENT_RE = re.compile(r"(?:\s*[–\-,]\s*afbud\b\.?|\s*,?\s*\bafbud\s*$)", re.I)
PRESENT_WORDS_RE = re.compile(r",\s*(?:deltog|fremmødt|til stede)\s*$", re.I)
ROLE_RE = re.compile(r"\(([^()]*)\)")
ITEMS_RE = re.compile(r"punkt(?:erne|er)?\s*([\d,\sog]+)", re.I)
BEHALF_RE = re.compile(r"på vegne af", re.I)
NOTE_RE = re.compile(r"\s*[–-]\s*(deltog\b.*)$", re.I)
SECRETARY_ROLE_RE = re.compile(r"sekretær", re.I)


@dataclass
class UnknownName:
    line: int
    text: str


CHAIR_RE = re.compile(r"^(?:mødeleder|ordstyrer|formand for mødet)\s*:?\s+(.+)$", re.I)


def find_chair(lines: list[Line], resolver: Resolver) -> str:
    for line in lines:
        if (m := CHAIR_RE.match(line.text)) and (people := resolver.people_in(m.group(1))):
            return people[0][0]
    return ""


def parse_participants(lines: list[Line], resolver: Resolver) -> tuple[list[Participant], list[UnknownName]]:
    """Participants from the lines from the first participant block ("Deltagere", "Afbud",
    "Gæster", "Sekretariat") on; lines before it are the document's title and facts."""
    found: list[Participant] = []
    unknown: list[UnknownName] = []
    status, org_context, items_context = "present", "", []
    in_block = False
    for line in lines:
        text = line.text.lstrip("-–•· ").strip()
        text = re.sub(r"\s*\|\s*", ", ", text)  # a table flattened to text: one row per line
        for pattern, block in BLOCKS:
            if m := pattern.match(text):
                status, items_context, in_block = block, _items(text), True
                text = text[m.end():].strip()
                break
        if not in_block or CHAIR_RE.match(text):
            continue
        org_header = re.fullmatch(r"([^,:]{2,60}):", text)
        if org_header and resolver.organisation_in(org_header.group(1))[0]:
            org_context = resolver.organisation_in(org_header.group(1))[0]
            continue
        people = resolver.people_in(text)
        if not people:
            if _looks_like_name(text):
                unknown.append(UnknownName(line.no, text))
            continue
        for segment in _segments(text, people):
            found.append(_participant(segment, line.no, resolver.people_in(segment), status, org_context,
                                      items_context, resolver))
    return _dedupe(found), unknown


def _segments(text: str, people: list[tuple[str, int, int]]) -> list[str]:
    """'A (Org), B (Org)': several people on one line, split at each name (but 'X på vegne
    af Y' is one participant)."""
    if len(people) < 2 or BEHALF_RE.search(text):
        return [text]
    cuts = [start for _, start, _ in people]
    return [text[a:b].strip(" ,;") for a, b in zip(cuts, cuts[1:] + [len(text)])]


def _participant(text, no, people, status, org_context, items_context, resolver) -> Participant:
    (pid, start, end), *others = people
    behalf = BEHALF_RE.search(text)
    on_behalf = next((p for p, s, _ in others if behalf and s > behalf.start()), "")
    org, org_span = resolver.organisation_in(text)
    p = Participant(pid, status, organisation=org or org_context, source=Source(Path("document"), no))
    if ABSENT_RE.search(text):
        p.status = "absent"
    roles = [r.strip() for r in ROLE_RE.findall(text) if not ITEMS_RE.search(r) and not resolver.organisation_in(r)[0]]
    p.role = ", ".join(r for r in roles if r)
    if p.role and SECRETARY_ROLE_RE.search(p.role) and p.status == "present":
        p.status = "secretary"
    if note := NOTE_RE.search(ABSENT_RE.sub("", text)):
        p.note = note.group(1).strip().rstrip(".")
    p.items = (_items(text) or items_context) if p.status == "guest" else []
    p.on_behalf_of = on_behalf
    p.title = _title(text, start, end, org_span)
    rest = PRESENT_WORDS_RE.sub("", ABSENT_RE.sub("", text[end:])).strip(" ,")
    if not org and SECRETARY_ROLE_RE.search(rest) and not ROLE_RE.search(rest):
        p.role, p.status = rest, "secretary" if p.status == "present" else p.status
    if SECRETARY_ROLE_RE.search(p.title) and p.status == "present" and not org:
        p.status, p.role, p.title = "secretary", p.title, ""
    return p


def _title(text: str, start: int, end: int, org_span: tuple[int, int] | None) -> str:
    """'Direktør Søren Aalund, ...' → 'Direktør'; 'Name – Klinikchef i ... (role)' → 'Klinikchef i ...'."""
    before = text[:start].strip(" ,–-")
    if before:
        return before
    after = text[end:]
    after = ROLE_RE.sub("", ABSENT_RE.sub("", after))
    after = NOTE_RE.sub("", after)
    after = re.sub(r"^\s*[–-]\s*", "", after) if re.match(r"^\s*[–-]", after) else ""
    if org_span and after.endswith(text[org_span[0]:org_span[1]]):
        pass  # an organisation named inside a title stays part of the title
    return after.strip(" ,–-")


def _items(text: str) -> list[str]:
    m = ITEMS_RE.search(text)
    return re.findall(r"\d+", m.group(1)) if m else []


def _looks_like_name(text: str) -> bool:
    """Two or three capitalised words first: a person the registry does not know yet."""
    return bool(re.match(r"^(?:[A-ZÆØÅ][\w-]+\s+){1,3}[A-ZÆØÅ][\w-]+\b", text)) and len(words(text)) <= 12


def _dedupe(found: list[Participant]) -> list[Participant]:
    """A person listed twice (e.g. under Deltagere and again under Afbud) keeps one entry;
    the later listing's status wins (the Afbud block corrects the list)."""
    by_person: dict[str, Participant] = {}
    for p in found:
        if p.person in by_person:
            earlier = by_person[p.person]
            earlier.status = p.status if p.status != "present" else earlier.status
            continue
        by_person[p.person] = p
    return list(by_person.values())
