"""Import: a minutes document (.txt, .pdf, .docx) to a draft archive entry and a report of
everything the importer was unsure of, each with the source line it came from."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from ..model import MeetingDate
from .clean import Link, clean_lines
from .extract import ImportFailed, extract_text
from .header import parse_header
from .items import ParsedItem, split_items
from .paragraphs import line_width, to_markdown
from ..model import Participant
from .participants import find_chair, parse_participants
from .resolve import Resolver, proposed_id

__all__ = ["ImportFailed", "ImportResult", "Uncertainty", "import_document"]

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

    def report_json(self, source: str) -> str:
        return json.dumps({"source": source, "forum": self.forum, "date": self.date, "items": self.items,
                           "participants": self.participants,
                           "uncertainties": [asdict(u) for u in self.uncertainties]},
                          ensure_ascii=False, indent=2, sort_keys=True) + "\n"


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
    if not items:
        raise ImportFailed(f"{source_name}: no numbered agenda items ('1. Title') found; is this a minutes document?")
    notes: list[Uncertainty] = []
    header = parse_header(header_lines)
    meeting_date = _date(date, header, notes)
    forum_id = _forum(forum, header_lines, items, resolver, notes)
    people, unknown = parse_participants(header_lines + _attendance_item(items) + trailer, resolver)
    for u in unknown:
        _unknown_person(u.line, u.text, resolver, notes)
    _unknown_agreements(items, resolver, notes)
    if header.year_inferred:
        notes.append(Uncertainty(header.date_line, "date", f"the year of the date is not printed; {meeting_date[:4]} is taken from the text"))
    fields = _frontmatter(forum_id, meeting_date, header, people, source_name, notes)
    _signoff_fields(signoff, resolver, fields, notes)
    if chair := find_chair(header_lines, resolver):
        fields = {**{k: v for k, v in fields.items() if k not in TAIL_FIELDS},
                  "chair": chair, **{k: v for k, v in fields.items() if k in TAIL_FIELDS}}
    fields = {**{k: v for k, v in fields.items() if k not in ("source", "review")},
              **{k: v for k, v in fields.items() if k in ("source", "review")}}
    markdown = _markdown(fields, items, links, width)
    return ImportResult(forum_id, meeting_date, markdown, notes, len(items), len(people))


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


ATTENDANCE_TITLE_RE = re.compile(r"^(?:fremmøde|deltagere|tilstedeværende|til stede)\b", re.I)


def _attendance_item(items: list[ParsedItem]) -> list:
    """Attendance recorded as an agenda item ('1. Fremmøde og afbud'): its lines list people."""
    for item in items[:2]:
        if ATTENDANCE_TITLE_RE.match(item.title):
            return [*item.background, *[l for ls in item.sections.values() for l in ls]]
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


def _date(option: str | None, header, notes) -> str:
    value = option or header.date
    if not value:
        raise ImportFailed("no meeting date found in the document; pass --date YYYY-MM-DD (or YYYY-MM when the day is not known)")
    try:
        return MeetingDate.parse(value).key
    except ValueError:
        raise ImportFailed(f"--date '{value}' is neither YYYY-MM-DD nor YYYY-MM") from None


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
        for line in [*item.background, *[l for ls in item.sections.values() for l in ls]]:
            for fid in resolver.forums_in(line.text):
                counts[fid] = counts.get(fid, 0) + 1
    if counts:
        best = max(sorted(counts), key=counts.get)
        notes.append(Uncertainty(None, "forum", f"the forum is not named in a header; '{best}' is the forum the items mention most"))
        return best
    raise ImportFailed("no forum found in the document; pass --forum <forum-id>")


def _unknown_person(line: int, text: str, resolver: Resolver, notes) -> None:
    name = " ".join(re.match(r"^((?:[A-ZÆØÅ][\w-]+\s*){2,4})", text).group(1).split()) if re.match(r"^[A-ZÆØÅ]", text) else text
    close = resolver.fuzzy_person(name)
    if close:
        notes.append(Uncertainty(line, "person", f"'{name}' is not in the registry; it looks like '{close[0]}' "
                                 f"({close[1]:.0f}% alike): add it as an alias if it is the same person",
                                 {"alias_of": close[0], "alias": name}))
    else:
        notes.append(Uncertainty(line, "person", f"'{name}' is not in the registry; add content/people/{proposed_id(name)}.md",
                                 {"id": proposed_id(name), "name": name}))


def _unknown_agreements(items: list[ParsedItem], resolver: Resolver, notes) -> None:
    """Agreement-like phrases ("Samarbejdsaftale om ...") that name no registered agreement.
    Lines are joined first: names often wrap across lines."""
    reported = set()
    for item in items:
        lines = [*item.background, *[l for ls in item.sections.values() for l in ls]]
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
    meeting_links = [l for l in links if "teams.microsoft.com" in l.url]
    if meeting_links:
        parts += ["Teams møde: " + ", ".join(f"<{l.url}>" for l in meeting_links), ""]
    bounds = [(item.line, items[n + 1].line if n + 1 < len(items) else 10**9) for n, item in enumerate(items)]
    for item, (start, end) in zip(items, bounds):
        parts += [f"## {item.number}. {item.title}", ""]
        if item.background:
            parts += [to_markdown(item.background, width), ""]
        item_links = [l for l in links if start <= l.no < end and l not in meeting_links]
        for kind in ("Indstilling", "Beslutning", "Uddybning", "Bilag"):
            lines = item.sections.get(kind)
            text = to_markdown(lines, width) if lines else ""
            if kind == "Bilag" and item_links:
                text = "\n".join(filter(None, [text, "\n".join(f"- <{l.url}>" for l in item_links)]))
            if text:
                parts += [f"### {kind}", "", text, ""]
    return "\n".join(parts).rstrip("\n") + "\n"
