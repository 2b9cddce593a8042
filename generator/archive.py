"""From content/ to a validated archive: load, validate, resolve mentions, order."""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError, ContentErrors
from .loader import load_meetings, load_registries
from .mentions import MentionFinder
from .model import Archive, Item
from .validate import validate


def load_archive(root: Path) -> Archive:
    """Load and validate content/; raise ContentErrors listing every problem found."""
    root = Path(root)
    errors: list[ContentError] = []
    if not root.is_dir():
        raise ContentErrors([ContentError(root, None, "the content folder does not exist; check 'content_dir' in mkdocs.yml")])
    registries = load_registries(root, errors)
    meetings = load_meetings(root, errors)
    archive = Archive(registries, meetings, root)
    errors += validate(archive)
    if errors:
        raise ContentErrors(errors, root)
    resolve_mentions(archive)
    archive.meetings.sort(key=lambda m: (m.date.sort_key, m.forum, m.slug), reverse=True)
    return archive


def mention_finder(archive: Archive) -> MentionFinder:
    finder = MentionFinder()
    for kind, registry in (("aftale", archive.agreements), ("person", archive.people),
                           ("organisation", archive.organisations)):
        for entry in registry.values():
            for name in (entry.name, *entry.aliases):
                finder.add(name, (kind, entry.id))
    return finder


def resolve_mentions(archive: Archive) -> None:
    """Fill each item's agreements/people/organisations: explicit links first, then mentions."""
    finder = mention_finder(archive)
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
