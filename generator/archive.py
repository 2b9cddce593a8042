"""From content/ to a validated archive: load, validate, resolve mentions, order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .gcpause import gc_paused
from .errors import ContentError, ContentErrors
from .handpages import PAGES_DIR, check_pages
from .loader import load_meetings, load_registries
from .mentions import MentionFinder
from .model import Archive, Item, Meeting
from .urls import MEETING_LINKS, entity_path, linked_meeting as _link_meeting
from .outcomes import derive as derive_outcome
from .references import resolve_references
from .validate import validate
from .withhold import item_texts, meeting_texts, public_registries


def load_archive(root: Path, internal: bool = False) -> Archive:
    """Load and validate content/; raise ContentErrors listing every problem found.

    Unless `internal`, the result is the public view: closed meetings are gone and closed
    items are stubs without text, so nothing downstream (pages, indexes, search, feeds)
    can leak them."""
    with gc_paused():
        return _load_archive(Path(root), internal)


def _load_archive(root: Path, internal: bool) -> Archive:
    errors: list[ContentError] = []
    if not root.is_dir():
        raise ContentErrors([ContentError(root, None, "the content folder does not exist; check 'content_dir' in mkdocs.yml")])
    registries = load_registries(root, errors)
    meetings = load_meetings(root, errors)
    errors += check_pages(root / PAGES_DIR, root)
    archive = Archive(registries, meetings, root)
    errors += validate(archive)
    if errors:
        raise ContentErrors(errors, root)
    set_outcomes(archive)
    if internal:
        archive.internal = True
        resolve_mentions(archive)
    else:
        archive = public_view(archive)
    link_references(archive)
    archive.meetings.sort(key=lambda m: (m.date.sort_key, m.forum, m.slug), reverse=True)
    return archive


def set_outcomes(archive: Archive) -> None:
    """Each item's outcome, once: the content's override, or what the rules read."""
    for meeting in archive.meetings:
        for item in meeting.items:
            if item.outcome_override:
                item.outcome, item.outcome_settled = item.outcome_override, True
            else:
                derived = derive_outcome(item.title, item.recommendation, item.decision)
                item.outcome, item.outcome_settled = derived.outcome, derived.settled


def link_references(archive: Archive) -> None:
    """References to other items and meetings become links; postponed items find the item
    that takes them up. On the published view, so closed matter is never a target."""
    refs = resolve_references(archive)
    archive.unresolved_references = refs.unresolved
    by_id = {m.id: m for m in archive.meetings}
    for (mid, number), (next_id, next_number) in refs.continued.items():
        by_id[mid].item(number).continued_in = f"{next_id}/{next_number}"
        by_id[next_id].item(next_number).continued_from = f"{mid}/{number}"


def mention_finder(archive: Archive) -> MentionFinder:
    finder = MentionFinder()
    for kind, registry in (("aftale", archive.agreements), ("person", archive.people),
                           ("organisation", archive.organisations)):
        for entry in registry.values():
            for name in (entry.name, *entry.aliases):
                finder.add(name, (kind, entry.id))
    return finder


def resolve_mentions(archive: Archive, finder: MentionFinder | None = None) -> None:
    """Fill each item's agreements/people/organisations: explicit links first, then mentions."""
    finder = finder or mention_finder(archive)
    for meeting in archive.meetings:
        for item in meeting.items:
            _resolve_item(item, finder)


def _resolve_item(item: Item, finder: MentionFinder) -> None:
    found = {"aftale": {}, "person": {}, "organisation": {}}
    for link in item.links:
        if link.kind in found:
            found[link.kind].setdefault(link.target, None)
    for kind, ident in finder.find(item.texts()):
        found[kind].setdefault(ident, None)
    item.agreements = list(found["aftale"])
    item.people = list(found["person"])
    item.organisations = list(found["organisation"])


CLOSED_TITLE = "Lukket punkt"


def public_view(archive: Archive) -> Archive:
    """The archive as the public may see it (see load_archive), mentions resolved, and
    without the registry entries and aliases that only closed matter uses (withhold.py)."""
    meetings = [m for m in archive.meetings if m.public]
    closed_ids = {m.id for m in archive.meetings if not m.public}
    view = Archive(archive.registries, [_public_meeting(m, closed_ids) for m in meetings], archive.root)
    resolve_mentions(view, mention_finder(archive))
    view.registries, view.withheld = public_registries(view, list(_closed_texts(archive)))
    view.withheld_urls = {m.url for m in archive.meetings if not m.public} | {
        entity_path(w.registry, w.id) for w in view.withheld if not w.alias}
    return view


def _closed_texts(archive: Archive) -> Iterator[str]:
    """The free text of what the public view leaves out."""
    for meeting in archive.meetings:
        if not meeting.public:
            yield from meeting_texts(meeting)
            continue
        closed = {i.number for i in meeting.items if not i.public}
        for item in meeting.items:
            if not item.public:
                yield from item_texts(item)
        for p in meeting.participants:
            if p.items and set(p.items) <= closed:
                yield from (p.title, p.role, p.note)


def _public_meeting(meeting: Meeting, closed_meetings: set[str]) -> Meeting:
    closed = {i.number for i in meeting.items if not i.public}
    items = [_public_item(i, closed_meetings) if i.public else _closed_stub(i) for i in meeting.items]
    participants = []
    for p in meeting.participants:
        if p.items and set(p.items) <= closed:
            continue  # attended closed items only: their presence is part of the closed matter
        participants.append(replace(p, items=[n for n in p.items if n not in closed]))
    return replace(meeting, items=items, participants=participants,
                   preamble=_unlink_meetings(meeting.preamble, closed_meetings),
                   links=[link for link in meeting.links if _link_meeting(link.kind, link.target) not in closed_meetings])


def _closed_stub(item: Item) -> Item:
    return Item(number=item.number, title=CLOSED_TITLE, public=False, source=item.source)


def _public_item(item: Item, closed_meetings: set[str]) -> Item:
    if not closed_meetings:
        return item
    return replace(
        item,
        title=_unlink_meetings(item.title, closed_meetings),
        background=_unlink_meetings(item.background, closed_meetings),
        sections={k: _unlink_meetings(v, closed_meetings) for k, v in item.sections.items()},
        links=[link for link in item.links if _link_meeting(link.kind, link.target) not in closed_meetings],
    )


_MEETING_LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*+\])*+)\]\((" + "|".join(MEETING_LINKS)
                              + r"):([^()\[\]\s]*+)\)")  # see loader.LINK_RE


def _unlink_meetings(text: str, closed_meetings: set[str]) -> str:
    """Links to a closed meeting keep their text but lose the link (the page does not exist)."""
    if not closed_meetings or not text:
        return text

    def keep_text(m: re.Match) -> str:
        return m.group(1) if _link_meeting(m.group(2), m.group(3)) in closed_meetings else m.group(0)

    return _MEETING_LINK_RE.sub(keep_text, text)
