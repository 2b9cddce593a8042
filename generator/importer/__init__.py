"""Import: a minutes document (.txt, .pdf, .docx) to a draft archive entry and a report of
everything the importer was unsure of, each with the source line it came from."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from ..model import MeetingDate, Participant
from .clean import Link, clean_lines
from .extract import ImportFailed, extract_text
from .header import fallback_date, forum_name, parse_header
from .items import ParsedItem, split_items
from .paragraphs import line_width, to_markdown
from .participants import Found, find_chair, find_people, parse_participants
from .resolve import Resolver, proposed_id

__all__ = ["ImportFailed", "ImportResult", "Uncertainty", "import_document", "write_proposals"]
REGISTRY_OF = {"person": "people", "organisation": "organisations", "forum": "forums"}

PARTICIPANTS_AT_END_RE = re.compile(r"^deltagere\b", re.I)
AGREEMENT_PHRASE_RE = re.compile(
    r"\b((?:[Ss]amarbejdsaftale(?:n)?|[Ff]orløbsprogram(?:met)?)\s+(?:om|for|vedr\.|vedrørende|mellem)\s+[^.;:\n]{4,100}?)(?=[.;:]|\s[–-]\s|\s\(|$)")


@dataclass
class Uncertainty:
    line: int | None
    kind: str  # date, forum, person, agreement, structure
    message: str
    proposal: dict | None = None

    def format(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    forum: str
    date: str
    markdown: str
    uncertainties: list[Uncertainty] = field(default_factory=list)
    items: int = 0
    participants: int = 0
    source: str = ""

    def report_json(self, source: str) -> str:
        return json.dumps({"source": source, "forum": self.forum, "date": self.date, "items": self.items,
                           "participants": self.participants,
                           "uncertainties": [asdict(u) for u in self.uncertainties]},
                          ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_proposals(result: ImportResult, content: Path) -> list[Path]:
    """The proposed registry entries of an import, as files a reviewer then checks: the
    draft is a valid entry once they exist. Existing files are never touched."""
    written = []
    for note in result.uncertainties:
        proposal = note.proposal or {}
        folder = REGISTRY_OF.get(note.kind)
        if not folder or "id" not in proposal or note.kind == "agreement":
            continue
        path = content / folder / f"{proposal['id']}.md"
        if path.exists():
            continue
        fields = {"name": proposal["name"]}
        if note.kind == "organisation":
            fields["kind"] = "andet"
        if note.kind == "forum":
            fields.update(cluster="Regionalt", kind="Andet")
        fields["aliases"] = []
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\nForeslået af importen fra {result.source}; gennemgå navn og felter.\n", encoding="utf-8")
        written.append(path)
    return written


def import_document(path: Path, content: Path, forum: str | None = None, date: str | None = None) -> ImportResult:
    text = extract_text(path)
    return import_text(text, content, source_name=path.name, forum=forum, date=date)


def import_text(text: str, content: Path, source_name: str, forum: str | None = None,
                date: str | None = None) -> ImportResult:
    resolver = Resolver.from_content(content)
    lines, links = clean_lines(text)
    lines = _inline_links(lines, links)
    links = [link for link in links if not link.inline]
    if not lines:
        raise ImportFailed(f"{source_name}: the document has no text")
    width = line_width(lines)
    body, trailer = _split_trailer(lines)
    body, signoff = _split_signoff(body)
    header_lines, items = split_items(body, width)
    notes: list[Uncertainty] = []
    if not items:  # best effort: the text is kept as one item for a reviewer to divide
        notes.append(Uncertainty(header_lines[0].no if header_lines else None, "structure",
                                 "no numbered agenda items found; the whole text is kept as one item: divide it by hand"))
        items = [ParsedItem("1", "Referat", header_lines[0].no if header_lines else 1, background=list(header_lines))]
    header = parse_header(header_lines)
    meeting_date = _date(date, header, header_lines, body, notes)
    forum_id = _forum(forum, header_lines, items, resolver, notes)
    people, _ = parse_participants(header_lines + _attendance_item(items) + trailer, resolver)
    people, found_chair = _add_found(people, header_lines, items, trailer, resolver, notes)
    if not people:
        notes.append(Uncertainty(None, "participants", "no participants found; add them by hand from the document"))
    for item in items:
        if "Beslutning" not in item.sections:
            notes.append(Uncertainty(item.line, "structure", f"item {item.number} ('{item.title[:60]}') has no decision "
                                                               "(Beslutning) the importer could find"))
    _unknown_agreements(items, resolver, notes)
    if header.year_inferred:
        notes.append(Uncertainty(header.date_line, "date",
                                 f"the year of the date is not printed; {meeting_date[:4]} is taken from the text"))
    fields = _frontmatter(forum_id, meeting_date, header, people, source_name, notes)
    _signoff_fields(signoff, resolver, fields, notes)
    chair = find_chair(header_lines, resolver) or found_chair
    if chair:
        fields = {**{k: v for k, v in fields.items() if k not in TAIL_FIELDS},
                  "chair": chair, **{k: v for k, v in fields.items() if k in TAIL_FIELDS}}
    fields = {**{k: v for k, v in fields.items() if k not in ("source", "review")},
              **{k: v for k, v in fields.items() if k in ("source", "review")}}
    markdown = _markdown(fields, items, links, width)
    return ImportResult(forum_id, meeting_date, markdown, notes, len(items), len(people), source_name)


def _inline_links(lines, links):
    """'Link til referatet:' followed by a URL: the URL joins that line, where it belongs."""
    inline = {link.no: link.url for link in links if link.inline}
    if not inline:
        return lines
    out = list(lines)
    for no, url in sorted(inline.items()):
        target = max((n for n, line in enumerate(out) if line.no < no), default=None)
        if target is not None:
            out[target] = type(out[target])(out[target].no, f"{out[target].text} <{url}>")
    return out


TAIL_FIELDS = ("participants", "minutes_by", "approved_by", "source", "review")
SIGNOFF_RE = re.compile(r"^(således\s+opfattet|referent|godkendt\s+af)\b\s*:?\s*(.*)$", re.I)


def _split_signoff(lines):
    """'Således opfattet IKA' / 'Godkendt af SA og LKL' at the end: who wrote and approved."""
    end = len(lines)
    while end and SIGNOFF_RE.match(lines[end - 1].text):
        end -= 1
    return lines[:end], lines[end:]


def _signoff_fields(lines, resolver: Resolver, fields: dict, notes) -> None:
    for line in lines:
        m = SIGNOFF_RE.match(line.text)
        key = "approved_by" if m.group(1).lower().startswith("godkendt") else "minutes_by"
        ids = []
        for name in re.split(r"\s*(?:,|\bog\b)\s*", m.group(2)):
            if not name:
                continue
            found = resolver.people_in(name) or [(p, 0, 0) for p in resolver.by_initials(name)]
            if len(found) == 1 or (found and resolver.people_in(name)):
                ids.append(found[0][0])
            else:
                notes.append(Uncertainty(line.no, "person", f"'{name}' ({m.group(1)}) matches "
                                         f"{'no' if not found else len(found)} people in the registry; add '{key}' by hand"))
        if ids:
            fields[key] = fields.get(key, []) + ids


ATTENDANCE_TITLE_RE = re.compile(r"^(?:fremmøde|deltagere|tilstedeværende|til stede|fraværende|afbud)\b", re.I)
STATUS_RANK = {"present": 0, "guest": 1, "secretary": 2, "absent": 3}


def _item_lines(item: ParsedItem) -> list:
    return sorted(_text_lines(item), key=lambda line: line.no)


def _text_lines(item: ParsedItem) -> list:
    """An item's background and section lines, section by section."""
    return [*item.background, *[line for section in item.sections.values() for line in section]]


def _add_found(people: list[Participant], header_lines, items, trailer, resolver: Resolver, notes):
    """People the registry does not know (and registered people named outside the
    participant list), found anywhere in the document: kept in the draft under a proposed
    id, with the registry entry to add reported for review."""
    attendance = {line.no for line in header_lines + _attendance_item(items) + trailer}
    for item in items[:2]:  # the approval of the agenda often records who came
        attendance |= {line.no for line in _item_lines(item)}
    lines = header_lines + [line for item in items for line in _item_lines(item)] + trailer
    found = find_people(lines, resolver, attendance, {_item_lines(item)[0].no for item in items if _item_lines(item)})
    by_id = {p.person: p for p in people}
    added: dict[str, Participant] = {}
    chair = ""
    for f in found:
        pid = f.person or _person_id(f, resolver, notes)
        if f.chair and not chair and f.status != "absent":
            chair = pid
        if pid in by_id:
            continue
        if pid in added:
            earlier = added[pid]
            if STATUS_RANK[f.status] > STATUS_RANK[earlier.status]:
                earlier.status = f.status
            continue
        p = Participant(pid, f.status, title=f.title, role=f.role)
        p.organisation = _organisation_id(f.organisation, f.line, resolver, notes) if f.organisation else ""
        p.items = list(f.items or []) if f.status == "guest" else []
        p.on_behalf_of = _behalf_id(f.on_behalf_of, resolver) if f.on_behalf_of else ""
        added[pid] = p
    return people + list(added.values()), chair


def _person_id(f: Found, resolver: Resolver, notes) -> str:
    close = resolver.fuzzy_person(f.name)
    if close:
        notes.append(Uncertainty(f.line, "person", f"'{f.name}' is not in the registry; it looks like '{close[0]}' "
                                 f"({close[1]:.0f}% alike): add it as an alias if it is the same person",
                                 {"alias_of": close[0], "alias": f.name}))
        return close[0]
    pid = proposed_id(f.name)
    if not any(u.proposal and u.proposal.get("id") == pid for u in notes):
        notes.append(Uncertainty(f.line, "person", f"'{f.name}' is not in the registry; add content/people/{pid}.md",
                                 {"id": pid, "name": f.name}))
    return pid


def _behalf_id(name: str, resolver: Resolver) -> str:
    known = resolver.people_in(name)
    return known[0][0] if known else proposed_id(name)


def _organisation_id(name: str, line: int, resolver: Resolver, notes) -> str:
    known, span = resolver.organisation_in(name)
    if known and span[1] - span[0] >= len(name.strip(" .,")):  # 'Psykiatrien Vest' is not 'Psykiatrien'
        return known
    oid = proposed_id(name)
    if not any(u.proposal and u.proposal.get("id") == oid for u in notes):
        notes.append(Uncertainty(line, "organisation", f"organisation '{name}' is not in the registry; add content/organisations/{oid}.md",
                                 {"id": oid, "name": name, "registry": "organisations"}))
    return oid


def _attendance_item(items: list[ParsedItem]) -> list:
    """Attendance recorded as an agenda item ('1. Fremmøde og afbud'): its lines list people."""
    for item in items[:2]:
        if ATTENDANCE_TITLE_RE.match(item.title):
            return _text_lines(item)
    return []


def _split_trailer(lines):
    """Participant lists printed after the last item ('Deltagere i driftsforum:')."""
    seen_item = False
    for n, line in enumerate(lines):
        if re.match(r"^1\s*\.\s*\S", line.text):
            seen_item = True
        if seen_item and PARTICIPANTS_AT_END_RE.match(line.text) and n > len(lines) * 0.6:
            return lines[:n], lines[n:]
    return lines, []


def _date(option: str | None, header, header_lines, body, notes) -> str:
    value = option or header.date
    if not value:
        value, line, why = fallback_date(header_lines, body)
        if not value:
            raise ImportFailed("no meeting date and no year found in the document; pass --date YYYY-MM-DD (or YYYY-MM, or YYYY)")
        notes.append(Uncertainty(line, "date", f"no meeting date in the header; {why}: check it, or pass --date"))
    try:
        return MeetingDate.parse(value).key
    except ValueError:
        raise ImportFailed(f"--date '{value}' is neither YYYY-MM-DD nor YYYY-MM nor YYYY") from None


def _forum(option, header_lines, items, resolver, notes) -> str:
    if option:
        if option not in resolver.registries.forums:
            raise ImportFailed(f"--forum '{option}' is not a forum id in content/forums/")
        return option
    for line in header_lines:
        if found := resolver.forums_in(line.text):
            return found[0]
    counts: dict[str, int] = {}
    for item in items:
        for line in _text_lines(item):
            for fid in resolver.forums_in(line.text):
                counts[fid] = counts.get(fid, 0) + 1
    named = forum_name(header_lines)
    if named and (known := resolver.forums_in(named[0])):
        return known[0]
    if named and named[2]:  # printed as the document's own title: a new forum
        return _new_forum(named, resolver, notes)
    if counts:
        best = max(sorted(counts), key=counts.get)
        notes.append(Uncertainty(None, "forum", f"the forum is not named in a header; '{best}' is the forum the items mention most"))
        return best
    if named:
        return _new_forum(named, resolver, notes)
    notes.append(Uncertainty(None, "forum", "no forum named in the document; the entry is filed under 'ukendt-forum': "
                             "pass --forum <forum-id>", {"id": "ukendt-forum", "name": "Ukendt forum", "registry": "forums"}))
    return "ukendt-forum"


def _new_forum(named, resolver: Resolver, notes) -> str:
    name, line, _ = named
    fid = proposed_id(name)
    if fid not in resolver.registries.forums:
        notes.append(Uncertainty(line, "forum", f"forum '{name}' is not in the registry; add content/forums/{fid}.md "
                                 f"(name, cluster, kind), or pass --forum <forum-id>",
                                 {"id": fid, "name": name, "registry": "forums"}))
    return fid


def _unknown_agreements(items: list[ParsedItem], resolver: Resolver, notes) -> None:
    """Agreement-like phrases ("Samarbejdsaftale om ...") that name no registered agreement.
    Lines are joined first: names often wrap across lines."""
    reported = set()
    for item in items:
        lines = _text_lines(item)
        text, starts = "", []
        for line in lines:
            starts.append((len(text), line.no))
            text += line.text + " "
        known = resolver.find("agreements", text)
        for m in AGREEMENT_PHRASE_RE.finditer(text):
            phrase = " ".join(m.group(1).split())
            if any(k.start < m.end() and k.end > m.start() for k in known) or phrase.lower() in reported:
                continue
            reported.add(phrase.lower())
            no = max((n for offset, n in starts if offset <= m.start()), default=item.line)
            notes.append(Uncertainty(no, "agreement", f"'{phrase}' names no agreement in the registry; "
                                     f"add it as an agreement or as an alias", {"id": proposed_id(phrase), "name": phrase}))


def _frontmatter(forum, date, header, people: list[Participant], source, notes) -> dict:
    fields: dict = {"forum": forum, "date": date}
    if header.title:
        fields["title"] = header.title
    if header.time:
        fields["time"] = header.time
    if header.place:
        fields["place"] = header.place
    if people:
        fields["participants"] = [_participant(p) for p in people]
    fields["source"] = {"title": source, "file": source}
    if notes:
        fields["review"] = "needed"
    return fields


def _participant(p: Participant) -> dict:
    out = {"person": p.person}
    for key in ("title", "organisation", "role"):
        if getattr(p, key):
            out[key] = getattr(p, key)
    if p.status != "present":
        out["status"] = p.status
    if p.items:
        out["items"] = list(p.items)
    if p.on_behalf_of:
        out["on_behalf_of"] = p.on_behalf_of
    if p.note:
        out["note"] = p.note
    return out


class _NoAliases(yaml.SafeDumper):
    """Write repeated values out in full: anchors (&id001) would puzzle a reviewer."""

    def ignore_aliases(self, data) -> bool:
        return True


def _markdown(fields: dict, items: list[ParsedItem], links: list[Link], width: int) -> str:
    front = yaml.dump(fields, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)
    parts = ["---", front.rstrip("\n"), "---", ""]
    meeting_links = [link for link in links if "teams.microsoft.com" in link.url]
    if meeting_links:
        parts += ["Teams møde: " + ", ".join(f"<{link.url}>" for link in meeting_links), ""]
    bounds = [(item.line, items[n + 1].line if n + 1 < len(items) else 10**9) for n, item in enumerate(items)]
    for item, (start, end) in zip(items, bounds, strict=True):
        parts += [f"## {item.number}. {item.title}", ""]
        if item.background:
            parts += [to_markdown(item.background, width), ""]
        item_links = [link for link in links if start <= link.no < end and link not in meeting_links]
        for kind in ("Indstilling", "Beslutning", "Uddybning", "Bilag"):
            lines = item.sections.get(kind)
            text = to_markdown(lines, width) if lines else ""
            if kind == "Bilag" and item_links:
                text = "\n".join(filter(None, [text, "\n".join(f"- <{link.url}>" for link in item_links)]))
            if text:
                parts += [f"### {kind}", "", text, ""]
    return "\n".join(parts).rstrip("\n") + "\n"
