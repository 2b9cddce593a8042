"""From content/ to the archive as published: load, validate, derive (outcomes, the public
view, mentions, references), order; in one pass that makes new objects and changes none."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .cache import Store, code_key, digest
from .errors import ContentError, ContentErrors
from .gcpause import gc_paused
from .handpages import PAGES_DIR, check_pages
from .links import unlink
from .loader import load_meetings, load_registries
from .mentions import MentionFinder
from .model import Archive, Item, Link, Meeting
from .outcomes import derive as derive_outcome
from .references import References, resolve_references
from .urls import entity_path, linked_meeting
from .validate import validate
from .withhold import item_texts, meeting_texts, public_registries


def load_archive(root: Path, internal: bool = False, cache: Store | None = None) -> Archive:
    """Load and validate content/; raise ContentErrors listing every problem found.

    Unless `internal`, the result is the public view: closed meetings are gone and closed
    items are stubs without text, so nothing downstream (pages, indexes, search, feeds)
    can leak them. With a `cache`, each meeting file unchanged since a build that kept it
    comes from it as loaded and as derived (validation runs on the whole archive always)."""
    with gc_paused():
        return derive(load_validated(root, cache), internal, cache)


def load_validated(root: Path, cache: Store | None = None) -> Archive:
    """content/ as loaded and validated, before derive(): one load serves both editions."""
    with gc_paused():
        return _load_validated(Path(root), cache)


def _load_validated(root: Path, cache: Store | None) -> Archive:
    errors: list[ContentError] = []
    if not root.is_dir():
        raise ContentErrors([ContentError(root, None, "the content folder does not exist; check 'content_dir' in mkdocs.yml")])
    registries = load_registries(root, errors)
    meetings = load_meetings(root, errors, cache)
    errors += check_pages(root / PAGES_DIR, root)
    loaded = Archive(registries, meetings, root)
    errors += validate(loaded)
    if errors:
        raise ContentErrors(errors, root)
    return loaded


def derive(loaded: Archive, internal: bool = False, cache: Store | None = None) -> Archive:
    """The archive as published, from the archive as loaded and validated, in one pass:
    each item's outcome and mentions (and, for the public view, closed matter left out),
    then the registries the public may see, then references as links. Every step makes
    new objects; `loaded` is not changed, and nothing changes the result afterwards."""
    finder = mention_finder(loaded)  # the whole registries: a closed entry's name is still a name
    closed_meetings = set() if internal else {m.id for m in loaded.meetings if not m.public}
    # What a meeting's derivation reads besides the meeting: the names, the closed meetings.
    context = digest(code_key(), str(internal), *sorted(closed_meetings), *finder.names())
    cache = Store(None) if cache is None else cache  # without one, a store in memory only
    shown = [m for m in loaded.meetings if internal or m.public]
    keys = {m.id: digest(context, str(m.source.path), m.digest) for m in shown}
    meetings = [cache.get_or_make(("derived", keys[m.id]), lambda m=m: _derived_meeting(m, finder, internal, closed_meetings))
                for m in shown]
    registries, withheld, withheld_urls = loaded.registries, [], set()
    if not internal:
        registries, withheld = public_registries(Archive(loaded.registries, meetings, loaded.root),
                                                 list(_closed_texts(loaded)))
        withheld_urls = {m.url for m in loaded.meetings if not m.public} | {
            entity_path(w.registry, w.id) for w in withheld if not w.alias}
    refs = resolve_references(Archive(registries, meetings, loaded.root), cache, keys)
    meetings = _with_references(meetings, refs)
    meetings.sort(key=lambda m: (m.date.sort_key, m.forum, m.slug), reverse=True)
    return Archive(registries, meetings, loaded.root, internal=internal, withheld=withheld,
                   unresolved_references=refs.unresolved, withheld_urls=withheld_urls)


def mention_finder(archive: Archive) -> MentionFinder:
    finder = MentionFinder()
    for kind, registry in (("aftale", archive.agreements), ("person", archive.people),
                           ("organisation", archive.organisations)):
        for entry in registry.values():
            for name in (entry.name, *entry.aliases):
                finder.add(name, (kind, entry.id))
    return finder


def item_mentions(item: Item, finder: MentionFinder) -> dict[str, list[str]]:
    """An item's agreements/people/organisations: explicit links first, then mentions."""
    found = {"aftale": {}, "person": {}, "organisation": {}}
    for link in item.links:
        if link.kind in found:
            found[link.kind].setdefault(link.target, None)
    for kind, ident in finder.find(item.texts()):
        found[kind].setdefault(ident, None)
    return {"agreements": list(found["aftale"]), "people": list(found["person"]),
            "organisations": list(found["organisation"])}


def _outcome(item: Item) -> dict[str, object]:
    """An item's outcome, once: the content's override, or what the rules read."""
    if item.outcome_override:
        return {"outcome": item.outcome_override, "outcome_settled": True}
    derived = derive_outcome(item.title, item.recommendation, item.decision)
    return {"outcome": derived.outcome, "outcome_settled": derived.settled}


CLOSED_TITLE = "Lukket punkt"


def _derived_meeting(meeting: Meeting, finder: MentionFinder, internal: bool, closed_meetings: set[str]) -> Meeting:
    """A meeting with its items derived; in the public view without closed matter: closed
    items are stubs, links to closed meetings keep only their text, and participants who
    came for closed items only are left out."""
    if internal:
        return replace(meeting, items=[_derived_item(i, finder, closed_meetings) for i in meeting.items])
    closed = {i.number for i in meeting.items if not i.public}
    items = [_derived_item(i, finder, closed_meetings) if i.public else _closed_stub(i, finder) for i in meeting.items]
    participants = []
    for p in meeting.participants:
        if p.items and set(p.items) <= closed:
            continue  # attended closed items only: their presence is part of the closed matter
        participants.append(replace(p, items=[n for n in p.items if n not in closed]))
    return replace(meeting, items=items, participants=participants,
                   preamble=_unlink_meetings(meeting.preamble, closed_meetings),
                   links=_kept_links(meeting.links, closed_meetings))


def _derived_item(item: Item, finder: MentionFinder, closed_meetings: set[str]) -> Item:
    """The outcome is read from the text as written; mentions from the text as shown."""
    shown = item
    if closed_meetings:
        shown = replace(
            item,
            title=_unlink_meetings(item.title, closed_meetings),
            background=_unlink_meetings(item.background, closed_meetings),
            sections={k: _unlink_meetings(v, closed_meetings) for k, v in item.sections.items()},
            links=_kept_links(item.links, closed_meetings),
        )
    return replace(shown, **_outcome(item), **item_mentions(shown, finder))


def _closed_stub(item: Item, finder: MentionFinder) -> Item:
    stub = Item(number=item.number, title=CLOSED_TITLE, public=False, source=item.source)
    return replace(stub, **item_mentions(stub, finder))


def _kept_links(links: list[Link], closed_meetings: set[str]) -> list[Link]:
    return [link for link in links if linked_meeting(link.kind, link.target) not in closed_meetings]


def _unlink_meetings(text: str, closed_meetings: set[str]) -> str:
    """Links to a closed meeting keep their text but lose the link (the page does not exist)."""
    if not closed_meetings:
        return text
    return unlink(text, lambda kind, target: linked_meeting(kind, target) in closed_meetings)


def _with_references(meetings: list[Meeting], refs: References) -> list[Meeting]:
    """The meetings with references as links, and postponed items joined to the items that
    take them up (only the meetings concerned are made anew)."""
    continued_from = {after: before for before, after in refs.continued.items()}
    touched = {mid for mid, _ in (*refs.linked, *refs.continued, *continued_from)}
    return [replace(m, items=[_referenced(m.id, i, refs, continued_from) for i in m.items]) if m.id in touched else m
            for m in meetings]


def _referenced(meeting_id: str, item: Item, refs: References, continued_from: dict) -> Item:
    key = (meeting_id, item.number)
    fields: dict[str, object] = {}
    if linked := refs.linked.get(key):
        fields.update(background=linked.background, sections=linked.sections, links=[*item.links, *linked.links])
    if key in refs.continued:
        fields["continued_in"] = "/".join(refs.continued[key])
    if key in continued_from:
        fields["continued_from"] = "/".join(continued_from[key])
    return replace(item, **fields) if fields else item


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
