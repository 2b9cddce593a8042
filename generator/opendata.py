"""Open data of the public archive: each meeting as a JSON document shaped like an Open
Civic Data Event; people, organisations (forums among them) and memberships shaped like
Popolo; agreements with the items that dealt with them; and bulk downloads: the whole
archive as one JSON file and one CSV of items for spreadsheets (a Danish Excel opens it
as it is: UTF-8 with BOM, ';' between fields).

Links are absolute with a site_url, else paths from the site root (documented on the
"Data og feeds" page). Closed items and meetings are not data: they are left out."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from . import danish
from .indexes import Indexes
from .links import LINK_RE
from .model import Archive, Item, Meeting
from .render import ItemRenderer
from .reuse import Made, file_inputs, outcome, public_items
from .schemas import SCHEMAS
from .urls import SiteLinks, data_path, entity_id, entity_path, item_path, link_path, meeting_data_path

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.da"}
SECTION_KEYS = {"Indstilling": "recommendation", "Beslutning": "decision", "Uddybning": "elaboration",
                "Bilag": "attachments"}
CSV_COLUMNS = ("forum", "forum_id", "dato", "punkt", "titel", "udfald", "aftaler", "url")
# A cell starting with one of these is a formula to a spreadsheet: text must stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class OpenData:
    def __init__(self, archive: Archive, ix: Indexes, items: ItemRenderer, links: SiteLinks,
                 read_back: Callable[[str], bytes]):
        self.archive, self.ix, self.items, self.links = archive, ix, items, links
        self.read_back = read_back  # a file of this build, published before the one being made
        self.meetings = [m for m in archive.meetings if m.public]

    def files(self) -> Iterator[Made]:
        """(path, inputs, make) of every file, in the order they are to be made: the bulk file
        is made of those before it."""
        registries = self.archive.registries.digest
        everything = file_inputs(self.items, registries, meetings=self.meetings)
        for m in self.meetings:
            yield meeting_data_path(m.id), file_inputs(self.items, registries, meetings=[m]), partial(self._event_file, m)
        yield data_path("popolo.json"), everything, lambda: _json(self.popolo())
        yield data_path("aftaler.json"), everything, lambda: _json(self.agreements())
        yield data_path("arkiv.json"), everything, self._bulk
        yield data_path("punkter.csv"), everything, self.items_csv
        for name, schema in SCHEMAS.items():
            yield data_path(f"{name}.schema.json"), "", partial(_json, schema, indent=True)

    def _event_file(self, m: Meeting) -> bytes:
        return _json(self.event(m))

    def _bulk(self) -> Iterator[bytes]:
        """The whole archive in one JSON object: the head, then each meeting's event, in
        pieces (a large archive's data should not all be in memory at once). Made of the
        files published before it: an object's members joined are the object."""
        head = _json({"licence": LICENCE, "site": self.links.site_url or None})
        parts = [head, self.read_back(data_path("popolo.json")), self.read_back(data_path("aftaler.json"))]
        yield b"{" + b",".join(_members(part) for part in parts) + b',"events":['
        for n, m in enumerate(self.meetings):
            yield (b"," if n else b"") + self.read_back(meeting_data_path(m.id)).removesuffix(b"\n")
        yield b"]}\n"

    # --- meetings: Open Civic Data Events ---------------------------------------------------

    def event(self, m: Meeting) -> dict[str, Any]:
        forum = self.archive.forums[m.forum]
        name = f"{forum.name}, {danish.date_text(m.date)}"
        sources = [{k: v for k, v in (("note", m.source_title), ("url", m.source_url), ("file", m.source_file)) if v}]
        return {
            "id": m.id,
            "url": self.links.url(m.url),
            "name": name + (f": {m.title}" if m.title else ""),
            "title": m.title,
            "classification": "meeting",
            "status": "passed",
            "start_date": m.date.key,
            "start_date_precision": "day" if m.date.day else "month" if m.date.month else "year",
            "time": m.time,
            "timezone": "Europe/Copenhagen",
            "location": {"name": m.place} if m.place else None,
            "organization": {"id": entity_id("forums", m.forum), "name": forum.name, "url": self.links.url(entity_path("forums", m.forum))},
            "chair": self._person(m.chair) if m.chair else None,
            "participants": [self._participant(p) for p in m.participants],
            "minutes_by": [self._person(p) for p in m.minutes_by],
            "approved_by": [self._person(p) for p in m.approved_by],
            "agenda": [self._agenda_item(m, item, order) for order, item in enumerate(public_items(m), 1)],
            "sources": [s for s in sources if s],
            "inferred": m.inferred,
            "review_needed": bool(m.review),
        }

    def _person(self, pid: str) -> dict[str, str]:
        return {"id": entity_id("people", pid), "name": self.archive.people[pid].name}

    def _participant(self, p) -> dict[str, Any]:
        org = self.archive.organisations[p.organisation] if p.organisation else None
        return {
            "entity_type": "person", "entity_id": entity_id("people", p.person), "entity_name": self.archive.people[p.person].name,
            "status": p.status, "role": p.role, "title": p.title,
            "organization": {"id": entity_id("organisations", p.organisation), "name": org.name} if org else None,
            "on_behalf_of": self._person(p.on_behalf_of) if p.on_behalf_of else None,
            "items": p.items, "note": p.note,
        }

    def _agenda_item(self, m: Meeting, item: Item, order: int) -> dict[str, Any]:
        ident, label = outcome(item)
        texts = {"background": self._markdown(m, item.background)}
        texts.update({SECTION_KEYS[k]: self._markdown(m, v) for k, v in item.sections.items()})
        related = [{"entity_type": "agreement", "entity_id": entity_id("agreements", a), "entity_name": self.archive.agreements[a].name}
                   for a in item.agreements]
        related += [{"entity_type": "person", **_entity(self._person(p))} for p in item.people]
        related += [{"entity_type": "organization", "entity_id": entity_id("organisations", o),
                     "entity_name": self.archive.organisations[o].name} for o in item.organisations]
        return {
            "order": order,
            "number": item.number,
            "title": self.items(m, item).title_text,
            "url": self.links.url(item_path(m.id, item.number)),
            "outcome": {"id": ident, "label": label} if ident else None,
            "texts": {k: v for k, v in texts.items() if v},
            "related_entities": related,
        }

    def _markdown(self, m: Meeting, text: str) -> str:
        """Item text as written, with the archive's `kind:id` links made into web links."""
        def link(match: re.Match) -> str:
            return f"[{match['text']}]({self.links.url(link_path(match['kind'], match['target'], m.id))})"
        return LINK_RE.sub(link, text).strip()

    # --- people, organisations, memberships: Popolo -----------------------------------------

    def popolo(self) -> dict[str, Any]:
        a, ix = self.archive, self.ix
        persons = [{"id": entity_id("people", pid), "name": p.name, "other_names": [{"name": n} for n in p.aliases],
                    "url": self.links.url(entity_path("people", pid))} for pid, p in a.people.items()]
        organizations = [{"id": entity_id("forums", fid), "name": f.name, "classification": "forum", "kind": f.kind,
                          "cluster": f.cluster, "other_names": [{"name": n} for n in f.aliases],
                          "url": self.links.url(entity_path("forums", fid))} for fid, f in a.forums.items()]
        organizations += [{"id": entity_id("organisations", oid), "name": o.name, "classification": o.kind or "andet",
                           "other_names": [{"name": n} for n in o.aliases],
                           "url": self.links.url(entity_path("organisations", oid))} for oid, o in a.organisations.items()]
        memberships = []
        for pid in a.people:
            memberships += self._forum_memberships(pid)
            for span in ix.roles(pid):
                if span.organisation and span.first.public and span.last.public:
                    memberships.append({"person_id": entity_id("people", pid),
                                        "organization_id": entity_id("organisations", span.organisation),
                                        "role": span.title, "start_date": span.first.date.key,
                                        "end_date": span.last.date.key, "meetings": span.count})
        return {"persons": persons, "organizations": organizations, "memberships": memberships}

    def _forum_memberships(self, pid: str) -> list[dict[str, Any]]:
        """A person's seats in forums, as the minutes show them (guests are not members)."""
        seats: dict[tuple[str, str], dict[str, Any]] = {}
        for att in reversed(self.ix.attendance_by_person.get(pid, [])):  # oldest first
            p, m = att.participant, att.meeting
            if p.status == "guest" or not m.public:
                continue
            role = "sekretariat" if p.status == "secretary" else "medlem"
            seat = seats.setdefault((m.forum, role), {
                "person_id": entity_id("people", pid), "organization_id": entity_id("forums", m.forum), "role": role,
                "start_date": m.date.key, "end_date": m.date.key, "meetings": 0})
            seat["end_date"] = m.date.key
            seat["meetings"] += 1
        return list(seats.values())

    # --- agreements and their treatments ----------------------------------------------------

    def agreements(self) -> dict[str, Any]:
        entries = []
        for aid, a in self.archive.agreements.items():
            treatments = []
            for ref in self.ix.items_by_agreement.get(aid, []):
                m, item = ref.meeting, ref.item
                if not (m.public and item.public):
                    continue
                ident, label = outcome(item)
                treatments.append({
                    "event_id": m.id, "forum_id": entity_id("forums", m.forum), "forum": self.archive.forums[m.forum].name,
                    "date": m.date.key, "number": item.number, "title": self.items(m, item).title_text,
                    "outcome": {"id": ident, "label": label} if ident else None,
                    "decision": self._markdown(m, item.decision),
                    "url": self.links.url(item_path(m.id, item.number)),
                })
            entries.append({"id": entity_id("agreements", aid), "name": a.name, "other_names": [{"name": n} for n in a.aliases],
                            "category": a.category, "status": a.status, "official_url": a.url,
                            "url": self.links.url(entity_path("agreements", aid)), "treatments": treatments})
        return {"agreements": entries}

    # --- one CSV of items -------------------------------------------------------------------

    def items_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for m in self.meetings:
            forum = self.archive.forums[m.forum]
            for item in public_items(m):
                row = (forum.name, m.forum, m.date.key, item.number, self.items(m, item).title_text,
                       outcome(item)[1], " | ".join(self.archive.agreements[a].name for a in item.agreements),
                       self.links.url(item_path(m.id, item.number)))
                writer.writerow([_cell(v) for v in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def _entity(ref: dict[str, str]) -> dict[str, str]:
    return {"entity_id": ref["id"], "entity_name": ref["name"]}


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _members(document: bytes) -> bytes:
    """The members of a compact JSON object (as _json writes it), without its braces."""
    if not (document.startswith(b"{") and document.endswith(b"}\n")):
        raise ValueError("not a JSON object as _json writes it")
    return document[1:-2]


def _json(data: Any, indent: bool = False) -> bytes:
    """Compact: a large archive's data is large, and browsers lay JSON out to read."""
    layout = {"indent": 1} if indent else {"separators": (",", ":")}
    return (json.dumps(data, ensure_ascii=False, **layout) + "\n").encode("utf-8")


def build_open_data(archive: Archive, ix: Indexes, items: ItemRenderer, links: SiteLinks,
                    read_back: Callable[[str], bytes]) -> Iterator[Made]:
    return OpenData(archive, ix, items, links, read_back).files()
