"""The registries as the public may see them: an entry, or an alias, that only closed
matter uses is withheld, so a name known from a closed item never reaches the public site.

People, organisations and agreements are shown when the public view refers to them: as
participant (or the organisation a participant came for), chair, minute-taker, approver, "on
behalf of", by an explicit link or a detected mention in a public item or preamble, or by a
link in the description (or the `related:` list) of an entry that is shown. `public: true`
in the registry file shows an entry anyway. Forums are always shown: they are the public
bodies whose minutes these are, and most are named in public minutes without minutes of
their own.

An alias is withheld when it occurs in closed matter and nowhere in public matter (an
alias found in no minutes at all is kept: it is a spelling, not a fact).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace

from .links import LINK_RE
from .mentions import phrases_in, words
from .model import Archive, Item, Meeting, Registries, Withheld
from .urls import LINK_REGISTRY

CHOSEN = ("people", "organisations", "agreements")  # forums are always public


def public_registries(view: Archive, closed: list[str]) -> tuple[Registries, list[Withheld]]:
    """`view`: the public view, mentions resolved, registries still whole; `closed`: the
    text of everything the public view left out."""
    registries = view.registries
    shown = _referred(view)
    withheld: list[Withheld] = []
    kept: dict[str, dict] = {}
    for name in CHOSEN:
        kept[name] = {}
        for ident, entry in getattr(registries, name).items():
            if ident in shown[name] or entry.public:
                kept[name][ident] = entry
            else:
                withheld.append(Withheld(name, ident, "", entry.source))
    kept["forums"] = dict(registries.forums)
    aliases = {tuple(words(a)) for entries in kept.values() for e in entries.values() for a in e.aliases}
    in_closed = phrases_in(closed, aliases)
    in_public = phrases_in(_public_text(view, kept), in_closed)  # only those: the public text is large
    for name, entries in kept.items():
        for ident, entry in entries.items():
            hidden = [a for a in entry.aliases if tuple(words(a)) in in_closed and tuple(words(a)) not in in_public]
            if hidden:
                entries[ident] = replace(entry, aliases=[a for a in entry.aliases if a not in hidden])
                withheld += [Withheld(name, ident, a, entry.source) for a in hidden]
    digest = hashlib.blake2b(registries.digest.encode(), digest_size=16)
    digest.update(repr(sorted((w.registry, w.id, w.alias) for w in withheld)).encode())
    return Registries(forums=kept["forums"], people=kept["people"], organisations=kept["organisations"],
                      agreements=kept["agreements"], digest=digest.hexdigest()), withheld


def _referred(view: Archive) -> dict[str, set[str]]:
    """Entries the public view refers to, with those the shown entries' descriptions link."""
    shown: dict[str, set[str]] = {name: set() for name in (*CHOSEN, "forums")}
    for meeting in view.meetings:
        shown["people"].update(p for p in (meeting.chair, *meeting.minutes_by, *meeting.approved_by) if p)
        for p in meeting.participants:
            shown["people"].update(x for x in (p.person, p.on_behalf_of) if x)
            if p.organisation:
                shown["organisations"].add(p.organisation)
        for link in meeting.links:
            if link.kind in LINK_REGISTRY:
                shown[LINK_REGISTRY[link.kind]].add(link.target)
        for item in meeting.items:
            shown["people"].update(item.people)
            shown["organisations"].update(item.organisations)
            shown["agreements"].update(item.agreements)
    # Descriptions are published with their entry: what they link to is shown too.
    registries = view.registries
    todo = [(name, ident) for name in (*CHOSEN, "forums") for ident in getattr(registries, name)
            if ident in shown[name] or name == "forums" or getattr(registries, name)[ident].public]
    while todo:
        name, ident = todo.pop()
        entry = getattr(registries, name)[ident]
        linked = [(LINK_REGISTRY.get(m["kind"]), m["target"]) for m in LINK_RE.finditer(entry.description)]
        linked += [("agreements", other) for other in getattr(entry, "related", ())]  # listed with the entry
        for target, other in linked:
            if target and other not in shown[target] and other in getattr(registries, target):
                shown[target].add(other)
                todo.append((target, other))
    return shown


def meeting_texts(meeting: Meeting) -> Iterator[str]:
    """The free text of a meeting as published: fields, participants' titles and notes."""
    yield from (meeting.title, meeting.time, meeting.place, meeting.preamble, meeting.source_title,
                meeting.source_url, meeting.closed_reason, meeting.review, *meeting.inferred.values())
    for p in meeting.participants:
        yield from (p.title, p.role, p.note)
    for item in meeting.items:
        yield from item_texts(item)


def item_texts(item: Item) -> Iterator[str]:
    yield from (*item.texts(), item.closed_reason)


def _public_text(view: Archive, kept: dict[str, dict]) -> Iterator[str]:
    for meeting in view.meetings:
        yield from meeting_texts(meeting)
    for entries in kept.values():
        for entry in entries.values():
            yield entry.name
            yield entry.description
