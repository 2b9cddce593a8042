"""Participant lists in the layouts minutes use: "Title Name, Organisation", "Name,
Organisation (role)", "- Name – Title (role) - afbud" grouped under "Organisation:",
"Afbud" / "Gæster" / "Sekretariat" blocks, "på vegne af", guests for named items.

Each line is read by finding the registry's people and organisations in it (by name or
alias, whole words); what remains gives title, role and note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
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
    return [text[a:b].strip(" ,;") for a, b in pairwise([*cuts, len(text)])]


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


# --- People the registry does not know yet, anywhere in the document ---------------------
# Minutes name people in blocks (a label, then names on the rest of the line or the lines
# after it), in the middle of a run-on line ("... Fraværende: A. Mødedeltagere: B, C"),
# and in sentences ("Der er afbud fra A og B", "alle var mødt, undtagen A, der havde meldt
# afbud", "A havde meldt afbud, og B deltog i stedet").

WORD = r"[A-ZÆØÅ][a-zæøåäöüéè]+(?:-[A-ZÆØÅ][a-zæøåäöüéè]+)?"
NAME_RE = re.compile(rf"(?<![\w-])({WORD}(?:\s+(?:(?:von|van|de|af|la)\s+)?(?:{WORD}|[A-ZÆØÅ]\.)){{1,3}})(?!\w)(?!-\w)")
# A word that is a job title, not part of a name ("Hospitalsdirektør", "Praksiskoordinator").
TITLE_WORD_RE = re.compile(
    r"^(?:\w*(?:direktør|chef|konsulent|koordinator|leder|repræsentant|formand|sekretær|læge|sygeplejerske|"
    r"rådgiver|fuldmægtig|medarbejder|borgmester|rådmand|overlæge|stedfortræder|suppleant|medlem)|"
    r"[Ff]ormand|[Nn]æstformand|[Dd]irektør)$", re.I)
# Words of an organisation's name: a segment holding one is not a person.
ORG_WORD_RE = re.compile(
    r"\b(?:kommune|region|regionen|hospital|hospitalet|regionshospitalet|sygehus|universitetshospital|psykiatri|"
    r"psykiatrien|praksis|plo|kl|rådhus|rådhuset|regionshuset|sekretariat|sekretariatet|forvaltning|"
    r"forvaltningen|udvalg|udvalget|center|centret|styrelse|styrelsen|klinik|afdeling|staben|kommunes|regions)\b", re.I)
LABELS_ANYWHERE = [
    (r"mødedeltagere|deltagere(?:\s+i\s+øvrigt)?|deltagerliste|til\s+stede(?:\s+ved\s+mødet)?|tilstede|fremmødte|"
     r"medlemmer|fremmøde(?:\s+og\s+inhabilitet)?|fra\s+(?:forvaltningen|administrationen)", "present"),
    (r"afbud(?:\s+fra)?|fraværende|deltog\s+ikke|meldt\s+afbud", "absent"),
    (r"gæster|gæst|eksterne\s+deltagere", "guest"),
    (r"sekretariat|sekretær|referent|fra\s+sekretariatet", "secretary"),
    (r"mødeleder|ordstyrer|formand\s+for\s+mødet", "chair"),
]
LABEL_RE = re.compile(r"(?:^|(?<=[\s.;]))(" + "|".join(p for p, _ in LABELS_ANYWHERE) + r")\s*(?::|$)", re.I)
LABEL_START_RE = re.compile(r"^(" + "|".join(p for p, _ in LABELS_ANYWHERE) + r")\b\s*:?\s*", re.I)
SENTENCES = [
    # "Alle var mødt, undtagen A, B og C, der havde meldt afbud."
    (re.compile(r"\balle\s+(?:var\s+)?(?:mødt|til stede)\s*,?\s*undtagen\s+(.+?)"
                r"(?:,?\s+der\s+havde\s+meldt\s+afbud|[.]|$)", re.I), "absent"),
    (re.compile(r"\bder\s+(?:er|var)\s+afbud\s+fra\s+(.+?)(?:\.(?:\s|$)|$)", re.I), "absent"),
    (re.compile(r"^(.+?)\s+(?:var|er)\s+fraværende\b", re.I), "absent"),
    (re.compile(r"^(.+?)\s+havde\s+meldt\s+afbud\b", re.I), "absent"),
    (re.compile(r",?\s*og\s+(.+?)\s+deltog\s+i\s+stedet\b", re.I), "present"),
    (re.compile(r"\bi\s+stedet\s+deltog\s+(?:stedfortræder\s+|suppleant\s+)?(.+?)(?:\.(?:\s|$)|$)", re.I), "present"),
    # "Direktør X deltog under punkt 4": a guest for the items named
    (re.compile(r"^(.+?)\s+deltog\s+(?:under|ved|i)\s+(?:behandlingen\s+af\s+)?(punkt(?:erne)?\s+[\d,\sog]+)", re.I), "guest"),
]
SUBSTITUTE_RE = re.compile(r"\b(?:på vegne af|i stedet for|stedfortræder for)\b", re.I)
CHAIR_SENTENCE_RE = re.compile(r"^(.+?)\s+blev\s+valgt\s+som\s+(?:ordstyrer|mødeleder|dirigent)\b", re.I)
STATUS_WORDS_RE = re.compile(r"(?:[-–,]\s*|\(\s*|\s)afbud\s*\)?\.?\s*$|\(afbud\)", re.I)
SECRETARY_WORD_RE = re.compile(r"\b(?:sekretær|sekretariat|referent)\b", re.I)
CHAIR_WORD_RE = re.compile(r"^(?:formand|mødeleder|ordstyrer)$", re.I)


@dataclass
class Found:
    name: str
    status: str
    line: int
    person: str = ""  # a registry id when the registry knows the name
    title: str = ""
    organisation: str = ""  # as printed
    role: str = ""
    items: list | None = None
    on_behalf_of: str = ""
    chair: bool = False


def find_people(lines: list[Line], resolver: Resolver, attendance: set[int], starts: set[int] = frozenset()) -> list[Found]:
    """Every person the document names as attending, absent, guest or secretary.
    `attendance` holds the numbers of lines in the header or an attendance item, where
    names follow a block label over several lines."""
    found: list[Found] = []
    status = None
    column: list[Found] = []  # a two-column table flattened: all names, then all organisations
    organisations: list[str] = []
    for line in lines:
        if line.no in starts:
            status = None  # a block of names ends where an agenda item starts
        text = re.sub(r"\s*\|\s*", ", ", line.text.lstrip("-–•·▪ ").strip())
        text = re.sub(r"^[a-h]\)\s+", "", text)
        if _sentences(text, line.no, resolver, found):
            status = None
            continue
        chunks = _chunks(text)
        if chunks:
            for label, rest in chunks:
                status = _status_of(label)
                found += _people_in_list(rest, status, line.no, resolver)
            if not chunks[-1][1].strip() or line.no in attendance:
                continue
            status = None if line.no not in attendance else status
        elif status and _person_line(text):
            people = _people_in_list(text, status, line.no, resolver)
            found += people
            bare = len(people) == 1 and people[0].name == text.strip(" .") and not organisations
            column = column + people if bare else []
            continue
        elif status and column and _organisation_line(text, resolver):
            organisations.append(text.strip(" ."))
            if len(organisations) == len(column):
                for person, organisation in zip(column, organisations, strict=True):
                    person.organisation = person.organisation or organisation
                column, organisations = [], []
            continue
        elif status and not _person_line(text):
            status = None if line.no not in attendance or len(text) > 120 else status
        column, organisations = [], []
    return found


def _organisation_line(text: str, resolver: Resolver) -> bool:
    return len(text) < 80 and not _split_person(text)[0] and bool(ORG_WORD_RE.search(text) or resolver.organisation_in(text)[0])


def _status_of(label: str) -> str:
    label = " ".join(label.lower().split())
    for pattern, status in LABELS_ANYWHERE:
        if re.fullmatch(pattern, label, re.I):
            return status
    return "present"


def _chunks(text: str) -> list[tuple[str, str]]:
    """(label, the names after it) for each attendance label in the line: at its start,
    or after a sentence end with a colon ('Fraværende: A. Mødedeltagere: B, C')."""
    starts = [m for m in LABEL_RE.finditer(text) if m.start() == 0 or text[m.end() - 1] == ":"]
    if not starts or (starts[0].start() > 0 and not LABEL_START_RE.match(text) and len(starts) < 1):
        return []
    if starts[0].start() != 0 and text[starts[0].end() - 1] != ":":
        return []
    out = []
    for n, m in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(text)
        out.append((m.group(1), text[m.end():end].strip(" .;")))
    return out


def _person_line(text: str) -> bool:
    """A line of a participant list: short, a name in it, not a sentence."""
    if len(text) > 160 or re.search(r"[.!?]\s+[A-ZÆØÅ]", text) or re.match(r"^\d", text):
        return False
    if len(re.findall(r"(?<![\w(])[a-zæøå]+\b", re.sub(r"\([^)]*\)", "", text))) > 4:
        return False  # a sentence about people, not a list of them
    return bool(_split_person(text.split(",")[0])[0]) and len(text.split()) <= 14


def _sentences(text: str, no: int, resolver: Resolver, found: list[Found]) -> bool:
    hit = False
    absent_names: list[str] = []
    for pattern, status in SENTENCES:
        for m in pattern.finditer(text):
            people = _people_in_list(m.group(1), status, no, resolver)
            if status == "guest":
                for p in people:
                    p.items = re.findall(r"\d+", m.group(2))
            if status == "present" and absent_names:
                for p in people:
                    p.on_behalf_of = absent_names[-1]
            if status == "absent":
                absent_names += [p.person or p.name for p in people]
            found += people
            hit = hit or bool(people)
    if m := CHAIR_SENTENCE_RE.match(text):
        people = _people_in_list(m.group(1), "present", no, resolver)
        for p in people:
            p.chair = True
        found += people
        hit = hit or bool(people)
    return hit


def _people_in_list(text: str, status: str, no: int, resolver: Resolver) -> list[Found]:
    """'A (A), Formand; B, Org og C - afbud': one person per name, what follows a name
    (title, organisation, party, 'afbud') belongs to it."""
    if status == "chair":
        people = _people_in_list(text, "present", no, resolver)
        for p in people:
            p.chair = True
        return people
    separators = r"\s*;\s*" if ";" in text else r"\s*,\s*|\s+og\s+|\s+&\s+|(?<=\))\s+(?=[A-ZÆØÅ][a-zæøå])"
    out: list[Found] = []
    for segment in re.split(separators, text):
        segment = segment.strip(" .")
        if not segment:
            continue
        if behalf := SUBSTITUTE_RE.search(segment):  # "X, på vegne af Y": Y did not attend
            absent_for = _split_person(segment[behalf.end():])[0] or segment[behalf.end():].strip()
            segment = segment[:behalf.start()].strip(" ,")
            if not segment and out:
                out[-1].on_behalf_of = absent_for
                continue
        else:
            absent_for = ""
        name, title, rest = _split_person(segment)
        known = resolver.people_in(segment)
        if known and not name:
            name = segment[known[0][1]:known[0][2]]
        if name and not (ORG_WORD_RE.search(name) and not known):
            p = Found(name, status, no, person=known[0][0] if known else "", title=title, on_behalf_of=absent_for)
            p.chair = bool(CHAIR_WORD_RE.match(title))  # "Formand Arne Hjulmand, ..."
            _attach(p, rest)
            out.append(p)
        elif out:
            _attach(out[-1], segment)
    return out


def _split_person(segment: str) -> tuple[str, str, str]:
    """(name, leading title, the rest) of 'Sygeplejefaglig direktør Ida Nørgaard, ...'."""
    for m in NAME_RE.finditer(segment):
        words = m.group(1).split()
        while words and TITLE_WORD_RE.match(words[0]):
            words = words[1:]
        if len(words) < 2 or ORG_WORD_RE.search(" ".join(words)):
            continue
        start = segment.index(words[0], m.start(1))
        return " ".join(words), segment[:start].strip(" ,–-"), segment[m.end(1):]
    return "", "", segment


def _attach(p: Found, rest: str) -> None:
    rest = rest.strip()
    if not rest or re.fullmatch(r"(?:deltog|deltager|til stede|fremmødt|mødt|ja|x)", rest, re.I):
        return  # a table's attendance column saying present
    if STATUS_WORDS_RE.search(rest) or re.fullmatch(r"[-–]?\s*(?:afbud|fraværende|meldt afbud)", rest, re.I):
        p.status = "absent"
        rest = "" if re.fullmatch(r"[-–]?\s*(?:afbud|fraværende|meldt afbud)", rest, re.I) else STATUS_WORDS_RE.sub("", rest)
    if m := re.search(r"\(punkt(?:erne)?\s*([\d,\sog]+)\)", rest, re.I):
        p.items = re.findall(r"\d+", m.group(1))
        rest = rest.replace(m.group(0), "")
    rest = re.sub(r"\s*kl\.?\s*\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?", "", rest)
    for role in re.findall(r"\(([^()]*)\)", rest):
        role = role.strip()
        if ORG_WORD_RE.search(role) and not SECRETARY_WORD_RE.search(role) and not p.organisation:
            p.organisation = role  # "Birthe Leth (Struer Kommune)"
        elif role and not re.fullmatch(r"[A-ZÆØÅ]{2,5}", role) or re.fullmatch(r"[A-ZÆØÅ]{1,2}", role):
            p.role = ", ".join(filter(None, [p.role, role]))
    rest = re.sub(r"\([^()]*\)", "", rest).strip(" ,–-")
    if rest:
        if CHAIR_WORD_RE.match(rest) or re.fullmatch(r"[Nn]æstformand|[A-ZÆØÅ]{1,2}|referent|sekretær", rest, re.I):
            p.role = ", ".join(filter(None, [p.role, rest]))
        elif ORG_WORD_RE.search(rest) and not p.organisation:
            p.organisation = rest
        elif not p.title:
            p.title = rest
    if p.status == "present" and SECRETARY_WORD_RE.search(p.role):
        p.status = "secretary"
    if p.status != "absent" and CHAIR_WORD_RE.match(p.role.split(",")[-1].strip() or "-"):
        p.chair = True
