"""What is searchable: one document per agenda item, and one per agreement, person and
forum so that a query naming one finds its page first. Built from the (public) archive,
so closed matter is never indexed.

What a result shows (`SearchDoc.meta`, written to search/docs/<n>.js) has short keys,
read by theme/assets/search/search.js; this is the one list of them:

| key  | documents   | value                                                              |
|------|-------------|--------------------------------------------------------------------|
| `t`  | all         | type: a content link kind (urls.LINK_KINDS): aftale, person, forum, punkt |
| `u`  | all         | site path of the page (urls.py), e.g. `fora/<id>/<date>/#punkt-3` |
| `h`  | all         | heading: the name, or "<number>. <title>" of an item               |
| `s`  | all         | the line under it: kind and counts, or an item's shown excerpt     |
| `sl` | items       | what `s` is from: "Beslutning", "Indstilling" or "" (the background) |
| `f`  | items       | the forum's number in the manifest's `forums`                      |
| `d`  | items       | the meeting date, in Danish                                        |
| `a`  | items       | the numbers of its agreements in the manifest's `agreements`       |
| `o`  | items       | the number of its outcome (outcomes.NUMBERS; manifest `outcomes`)  |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from .. import danish
from ..cache import code_key, digest
from ..indexes import Indexes
from ..model import Archive, Item, Meeting
from ..outcomes import LABELS as OUTCOME_LABELS
from ..outcomes import NUMBERS as OUTCOME_NUMBERS
from ..render import ItemRenderer, html_text, plain
from ..urls import entity_path, item_path

# (field, boost). `names` holds the canonical names and aliases of what an item links to,
# so a search for any name of an agreement or person finds the items about it.
FIELDS = (("title", 10), ("names", 5), ("decision", 2), ("text", 1))
EXCERPT = 360


@dataclass
class SearchDoc:
    fields: dict[str, str]
    meta: dict[str, Any]


class ItemDoc:
    """An item's document, made as it is asked for: what a result shows (meta) always, the
    text to index (fields) only where the index's cache lacks its term counts. `key` names
    all the fields are made from: the code, the public registries (names, aliases), its
    meeting as shown and its number."""

    __slots__ = ("key", "_make_fields", "_make_meta", "_fields", "_meta")

    def __init__(self, key: str, fields: Callable[[], dict[str, str]], meta: Callable[[], dict[str, Any]]):
        self.key, self._make_fields, self._make_meta = key, fields, meta
        self._fields: dict[str, str] | None = None
        self._meta: dict[str, Any] | None = None

    @property
    def fields(self) -> dict[str, str]:
        if self._fields is None:
            self._fields = self._make_fields()
        return self._fields

    @property
    def meta(self) -> dict[str, Any]:
        if self._meta is None:
            self._meta = self._make_meta()
        return self._meta


def excerpt(text: str, limit: int = EXCERPT) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"


def search_documents(archive: Archive, ix: Indexes, items: ItemRenderer) -> tuple[Iterator[SearchDoc | ItemDoc], dict]:
    """The documents, entities first, then items meeting by meeting, made one at a time (a
    large archive's documents need not all be in memory), and the facet tables: per meeting
    [forum, date key, number of items], per agreement and person its items, per item its
    outcome's number."""
    forums = sorted(archive.forums)
    agreements = sorted(archive.agreements)
    people = sorted(archive.people)
    f_no = {k: n for n, k in enumerate(forums)}
    a_no = {k: n for n, k in enumerate(agreements)}
    p_no = {k: n for n, k in enumerate(people)}
    entities = _entity_docs(archive, ix)
    facets = {
        "entities": len(entities),
        "forums": [{"id": k, "name": archive.forums[k].name, "cluster": archive.forums[k].cluster} for k in forums],
        "agreements": [{"id": k, "name": archive.agreements[k].name} for k in agreements],
        "people": [{"id": k, "name": archive.people[k].name} for k in people],
        "outcomes": [{"id": k, "name": label} for k, label in OUTCOME_LABELS.items()],
        "meetings": [],
        "item_outcomes": [],  # per item document, its outcome's number (OUTCOME_NUMBERS)
        "agreement_items": [[] for _ in agreements],
        "person_items": [[] for _ in people],
    }
    n = len(entities)
    for meeting, public in _public_items(archive):
        facets["meetings"].append([f_no[meeting.forum], meeting.date.key, len(public)])
        for item in public:
            facets["item_outcomes"].append(OUTCOME_NUMBERS[item.outcome])
            for a in item.agreements:
                facets["agreement_items"][a_no[a]].append(n)
            for p in item.people:
                facets["person_items"][p_no[p]].append(n)
            n += 1

    made_from = digest(code_key(), archive.registries.digest)  # the public registries: names, aliases, numbers

    def documents() -> Iterator[SearchDoc | ItemDoc]:
        yield from entities
        for meeting, public in _public_items(archive):
            shown = f"{made_from}:{items.shown(meeting)}#"
            for item in public:
                yield ItemDoc(shown + item.number, partial(_item_fields, archive, meeting, item, items),
                              partial(_item_meta, meeting, item, items, f_no, a_no))

    return documents(), facets


def _public_items(archive: Archive) -> Iterator[tuple[Meeting, list[Item]]]:
    """Meetings with their public items, in document order. A closed item's stub has
    nothing to find, and must not be found."""
    for meeting in archive.meetings:
        public = [item for item in meeting.items if item.public]
        if public:
            yield meeting, public


def _entity_docs(archive: Archive, ix: Indexes) -> list[SearchDoc]:
    docs = []
    for aid, a in archive.agreements.items():
        count = len(ix.items_by_agreement.get(aid, []))
        docs.append(SearchDoc(
            {"title": a.name, "names": " ".join(a.aliases), "decision": "", "text": a.description},
            {"t": "aftale", "u": entity_path("agreements", aid), "h": a.name,
             "s": f"Aftale · {a.category} · {count} {'punkt' if count == 1 else 'punkter'}"}))
    for pid, p in archive.people.items():
        spans = ix.roles(pid)
        latest = spans[-1] if spans else None
        role = ", ".join(filter(None, [latest.title, latest.organisation and archive.organisations[latest.organisation].name])) \
            if latest else ""
        docs.append(SearchDoc(
            {"title": p.name, "names": " ".join(p.aliases), "decision": "", "text": ""},
            {"t": "person", "u": entity_path("people", pid), "h": p.name, "s": ("Person · " + role).rstrip(" ·")}))
    for fid, f in archive.forums.items():
        docs.append(SearchDoc(
            {"title": f.name, "names": " ".join(f.aliases), "decision": "", "text": f.description},
            {"t": "forum", "u": entity_path("forums", fid), "h": f.name, "s": f"Forum · {f.cluster}"}))
    return docs


def _item_fields(archive: Archive, meeting: Meeting, item: Item, items: ItemRenderer) -> dict[str, str]:
    rendered = items(meeting, item)
    others = [rendered.background_html] + [h for k, h in rendered.sections_html.items() if k != "Beslutning"]
    names = [archive.agreements[a].name for a in item.agreements]
    names += [alias for a in item.agreements for alias in archive.agreements[a].aliases]
    names += [archive.people[p].name for p in item.people]
    names += [alias for p in item.people for alias in archive.people[p].aliases]
    return {"title": plain(item.title), "names": " ; ".join(names),
            "decision": html_text(rendered.sections_html.get("Beslutning", "")),
            "text": " ".join(html_text(h) for h in others)}


def _item_meta(meeting: Meeting, item: Item, items: ItemRenderer, f_no: dict[str, int], a_no: dict[str, int]) -> dict[str, Any]:
    rendered = items(meeting, item)
    shown, label = "", ""
    for section in ("Beslutning", "Indstilling"):  # the decision, else the recommendation, else the background
        if shown := html_text(rendered.sections_html.get(section, "")):
            label = section
            break
    else:
        shown = html_text(rendered.background_html)
    return {"t": "punkt", "u": item_path(meeting.id, item.number), "h": f"{item.number}. {plain(item.title)}",
            "f": f_no[meeting.forum], "d": danish.date_text(meeting.date), "s": excerpt(shown), "sl": label,
            "a": [a_no[a] for a in item.agreements], "o": OUTCOME_NUMBERS[item.outcome]}
