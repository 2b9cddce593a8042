"""Cross-indexes of a validated archive: which items name an agreement, person or
organisation; who attended what; which meetings a forum held. Pure data, no rendering."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Archive, Item, Meeting, Participant
from .urls import item_path


@dataclass(frozen=True, slots=True)
class ItemRef:
    meeting: Meeting
    item: Item

    @property
    def url(self) -> str:
        return item_path(self.meeting.id, self.item.number)


@dataclass(frozen=True, slots=True)
class Attendance:
    meeting: Meeting
    participant: Participant


@dataclass
class RoleSpan:
    """A title/organisation a person held, as printed in consecutive minutes."""

    title: str
    organisation: str
    first: Meeting
    last: Meeting
    count: int = 1


@dataclass
class Indexes:
    meetings_by_forum: dict[str, list[Meeting]] = field(default_factory=lambda: defaultdict(list))
    items_by_agreement: dict[str, list[ItemRef]] = field(default_factory=lambda: defaultdict(list))
    items_by_person: dict[str, list[ItemRef]] = field(default_factory=lambda: defaultdict(list))
    items_by_organisation: dict[str, list[ItemRef]] = field(default_factory=lambda: defaultdict(list))
    attendance_by_person: dict[str, list[Attendance]] = field(default_factory=lambda: defaultdict(list))
    attendance_by_organisation: dict[str, list[Attendance]] = field(default_factory=lambda: defaultdict(list))
    chaired_by_person: dict[str, list[Meeting]] = field(default_factory=lambda: defaultdict(list))
    minutes_by_person: dict[str, list[Meeting]] = field(default_factory=lambda: defaultdict(list))
    # Items whose text links to an item ((meeting id, number) -> refs) or a meeting (id -> refs).
    item_mentions: dict[tuple[str, str], list[ItemRef]] = field(default_factory=lambda: defaultdict(list))
    meeting_mentions: dict[str, list[ItemRef]] = field(default_factory=lambda: defaultdict(list))
    # An agreement's related agreements, both ways: those it lists and those listing it.
    related: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def related_agreements(self, agreement_id: str) -> list[str]:
        return self.related.get(agreement_id, [])

    def roles(self, person_id: str) -> list[RoleSpan]:
        """Titles and organisations over time, oldest first; a new span starts when either changes."""
        spans: list[RoleSpan] = []
        for att in reversed(self.attendance_by_person.get(person_id, [])):
            p = att.participant
            if not (p.title or p.organisation):
                continue
            if spans and (spans[-1].title, spans[-1].organisation) == (p.title, p.organisation):
                spans[-1].last = att.meeting
                spans[-1].count += 1
            else:
                spans.append(RoleSpan(p.title, p.organisation, att.meeting, att.meeting))
        return spans


def build_indexes(archive: Archive) -> Indexes:
    """Meetings in the archive are newest first, so every list here is newest first."""
    ix = Indexes()
    for aid, agreement in sorted(archive.agreements.items()):
        for other in agreement.related:
            if other not in archive.agreements:
                continue  # withheld from the public view
            for a, b in ((aid, other), (other, aid)):
                if b not in ix.related[a]:
                    ix.related[a].append(b)
    for meeting in archive.meetings:
        ix.meetings_by_forum[meeting.forum].append(meeting)
        if meeting.chair:
            ix.chaired_by_person[meeting.chair].append(meeting)
        for pid in meeting.minutes_by:
            ix.minutes_by_person[pid].append(meeting)
        for p in meeting.participants:
            ix.attendance_by_person[p.person].append(Attendance(meeting, p))
            if p.organisation:
                ix.attendance_by_organisation[p.organisation].append(Attendance(meeting, p))
        for item in meeting.items:
            ref = ItemRef(meeting, item)
            for link in item.links:
                if link.kind == "punkt":
                    target_meeting, _, number = link.target.rpartition("/")
                    key = (target_meeting or meeting.id, number)
                    if key != (meeting.id, item.number) and ref not in ix.item_mentions[key]:
                        ix.item_mentions[key].append(ref)
                elif link.kind == "moede" and link.target != meeting.id and ref not in ix.meeting_mentions[link.target]:
                    ix.meeting_mentions[link.target].append(ref)
            for aid in item.agreements:
                ix.items_by_agreement[aid].append(ref)
            for pid in item.people:
                ix.items_by_person[pid].append(ref)
            for oid in item.organisations:
                ix.items_by_organisation[oid].append(ref)
    return ix
