"""Validation of a loaded archive: every reference must resolve, every URL be unique."""

from __future__ import annotations

from .errors import ContentError
from .mentions import words
from .model import Archive, Meeting, Source
from .urls import FILE_FOLDERS, LINK_REGISTRY, entity_path, fixed_pages
from .urls import NOUNS as REGISTRY_NOUN


def validate(archive: Archive) -> list[ContentError]:
    errors: list[ContentError] = []
    errors += _alias_clashes(archive)
    errors += _duplicate_urls(archive.meetings)
    errors += _related_agreements(archive)
    errors += _previous_url_clashes(archive)
    meetings = {m.id: m for m in archive.meetings}
    for meeting in archive.meetings:
        errors += _meeting_references(archive, meeting, meetings)
    return errors


def _err(source: Source | None, message: str) -> ContentError:
    assert source is not None
    return ContentError(source.path, source.line, message)


def _unknown(archive: Archive, registry: str, ident: str, source: Source | None, what: str) -> list[ContentError]:
    if ident in getattr(archive, registry):
        return []
    noun = REGISTRY_NOUN[registry]
    folder = f"content/{registry}/"
    return [_err(source, f"unknown {noun} id '{ident}' in {what}; use an id from {folder} or add {folder}{ident}.md")]


def _meeting_references(archive: Archive, meeting: Meeting, meetings: dict[str, Meeting]) -> list[ContentError]:
    errors: list[ContentError] = []
    src = meeting.source
    errors += _unknown(archive, "forums", meeting.forum, src, "'forum'")
    folder = src.path.parent.name if src else meeting.forum
    if meeting.forum in archive.forums and folder != meeting.forum:
        errors.append(_err(src, f"the meeting's forum is '{meeting.forum}', but the file is in meetings/{folder}/ "
                                f"(its page would be /{meeting.url}); move the file to content/meetings/{meeting.forum}/, "
                                "or correct 'forum'"))
    for field in ("chair",):
        if getattr(meeting, field):
            errors += _unknown(archive, "people", getattr(meeting, field), src, f"'{field}'")
    for field in ("minutes_by", "approved_by"):
        for ident in getattr(meeting, field):
            errors += _unknown(archive, "people", ident, src, f"'{field}'")
    numbers = {item.number for item in meeting.items}
    for p in meeting.participants:
        if p.person:
            errors += _unknown(archive, "people", p.person, p.source, "a participant's 'person'")
        if p.organisation:
            errors += _unknown(archive, "organisations", p.organisation, p.source, "a participant's 'organisation'")
        if p.on_behalf_of:
            errors += _unknown(archive, "people", p.on_behalf_of, p.source, "'on_behalf_of'")
        for number in p.items:
            if number not in numbers:
                errors.append(_err(p.source, f"participant '{p.person}' is listed for item {number}, which this meeting does not have"))
    for link in [*meeting.links, *(link for item in meeting.items for link in item.links)]:
        errors += _link(archive, link, meeting, meetings)
    return errors


def _link(archive: Archive, link, meeting: Meeting, meetings: dict[str, Meeting]) -> list[ContentError]:
    """An explicit `[text](kind:target)` link of the meeting (preamble or item) must resolve."""
    registry = LINK_REGISTRY.get(link.kind)
    if registry:
        return _unknown(archive, registry, link.target, link.source, f"the link '({link.kind}:{link.target})'")
    if link.kind == "moede" and link.target not in meetings:
        return [_err(link.source, f"the link '(moede:{link.target})' names no meeting in the archive; "
                                  "use <forum-id>/<date> of a file in content/meetings/")]
    if link.kind == "punkt":
        return _item_link(link, meeting, meetings)
    return []


def _item_link(link, meeting: Meeting, meetings: dict[str, Meeting]) -> list[ContentError]:
    target_meeting, _, number = link.target.rpartition("/")
    other = meetings.get(target_meeting) if target_meeting else meeting
    if other is None or other.item(number) is None:
        return [_err(link.source, f"the link '(punkt:{link.target})' names no agenda item; use (punkt:<number>) "
                                  "for this meeting or (punkt:<forum-id>/<date>/<number>)")]
    return []


def _related_agreements(archive: Archive) -> list[ContentError]:
    errors = []
    for agreement in archive.agreements.values():
        for ident in agreement.related:
            if ident == agreement.id:
                errors.append(_err(agreement.source, f"'related' names the agreement itself ('{ident}'); list other agreements only"))
            else:
                errors += _unknown(archive, "agreements", ident, agreement.source, "'related'")
    return errors


def _duplicate_urls(meetings: list[Meeting]) -> list[ContentError]:
    errors = []
    first: dict[str, Meeting] = {}
    for meeting in meetings:
        other = first.setdefault(meeting.id, meeting)
        if other is not meeting:
            errors.append(_err(meeting.source, f"same forum and date as {other.source.path} (both would be /{meeting.url}); "
                                               f"correct the date, or give one of them 'slug: {meeting.date.key}-2'"))
    return errors


def _previous_url_clashes(archive: Archive) -> list[ContentError]:
    """An old URL becomes a redirect page: it must not be a page of the site, nor claimed twice."""
    pages = {m.url for m in archive.meetings} | set(fixed_pages())
    claims = [(m.source, url) for m in archive.meetings for url in m.previous_urls]
    for registry in ("forums", "agreements", "people", "organisations"):
        for ident, entry in getattr(archive, registry).items():
            pages.add(entity_path(registry, ident))
            claims += [(entry.source, url) for url in entry.previous_urls]
    errors, claimed = [], {}
    for source, url in claims:
        if url in pages or url.startswith(FILE_FOLDERS):
            errors.append(_err(source, f"previous_urls: /{url} is a page or file of the site now; "
                                       "only a URL that nothing has any more can redirect"))
        elif claimed.setdefault(url, source) is not source:
            errors.append(_err(source, f"previous_urls: /{url} is also claimed by {claimed[url].path}; "
                                       "an old URL can lead to one page only"))
    return errors


def _alias_clashes(archive: Archive) -> list[ContentError]:
    """A name that points at two entries of one registry would make detection ambiguous."""
    errors = []
    for registry in ("people", "agreements", "organisations", "forums"):
        owner: dict[tuple[str, ...], str] = {}
        for entry in getattr(archive, registry).values():
            for name in dict.fromkeys([entry.name, *entry.aliases]):
                key = tuple(words(name))
                other = owner.setdefault(key, entry.id)
                if other != entry.id:
                    errors.append(_err(entry.source, f"the name '{name}' also belongs to {REGISTRY_NOUN[registry]} '{other}'; "
                                                     "a name may name only one entry"))
    return errors
