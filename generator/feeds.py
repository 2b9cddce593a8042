"""Atom feeds (RFC 4287) of the public archive: all of it, and each forum, agreement, person
and organisation. An entry per agenda item (forum feeds: per meeting), newest first.

Entry ids are tag: URIs made from ids, never from titles; every date comes from the content
(the meeting date), so the same archive gives the same bytes. Links are site paths resolved
against xml:base: the site_url when there is one, else the way from the feed to the site
root, so feeds work on any host and from a file share without knowing their address."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from . import danish
from .indexes import Indexes, ItemRef
from .model import Archive, Meeting
from .render import ItemRenderer
from .reuse import Made, file_inputs, opening_words, outcome, public_items, section_texts, xml_safe
from .urls import NOUNS, SiteLinks, entity_path, feed_path, item_path, meeting_id_of

ATOM = "http://www.w3.org/2005/Atom"
LATEST = 50
TAG_YEAR = "2024"
FALLBACK_AUTHORITY = "referatarkivet.invalid"


def id_prefix(configured: str, site_url: str) -> str:
    """The start of every entry id. Ids must never change, so set `feed_id_prefix` once;
    by default it is made from the site_url's host."""
    if configured:
        return configured
    host = urlsplit(site_url).hostname if site_url else ""
    return f"tag:{host or FALLBACK_AUTHORITY},{TAG_YEAR}:"


@dataclass
class Entry:
    id: str
    title: str
    link: str  # site path
    date: str  # RFC 3339
    summary: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (term, label)
    xml: str = ""  # serialised once, however many feeds hold the entry


class FeedBuilder:
    def __init__(self, archive: Archive, ix: Indexes, items: ItemRenderer, links: SiteLinks,
                 site_name: str, prefix: str):
        self.archive, self.ix, self.items, self.links = archive, ix, items, links
        self.site_name = site_name
        self.prefix = prefix
        self._entries: dict[tuple[str, str], Entry] = {}
        # A feed without entries was last updated when the archive was.
        self._empty = _timestamp(archive.meetings[0]) if archive.meetings else "2000-01-01T00:00:00Z"

    def files(self) -> Iterator[Made]:
        """(path, inputs, make) of every feed: what it is made from, as the digests of the
        meetings it shows (see ItemRenderer.shown), and how to make it."""
        a, ix = self.archive, self.ix
        refs = _latest(_archive_refs(a.meetings))
        yield self._made(feed_path(), f"{self.site_name}: nye dagsordenspunkter", "", refs)
        for fid, forum in a.forums.items():
            meetings = [m for m in ix.meetings_by_forum.get(fid, []) if m.public][:LATEST]
            path = feed_path("forum", fid)
            yield (path, file_inputs(self.items, self.archive.registries.digest, self._empty, meetings=meetings),
                   partial(self._meetings_feed, path, f"{forum.name}: nye referater", entity_path("forums", fid), meetings))
        for registry, by_entry in (("agreements", ix.items_by_agreement), ("people", ix.items_by_person),
                                   ("organisations", ix.items_by_organisation)):
            for ident, entry in getattr(a, registry).items():
                yield self._made(feed_path(NOUNS[registry], ident), f"{entry.name}: dagsordenspunkter",
                                 entity_path(registry, ident), _latest(by_entry.get(ident, [])))

    def _made(self, path: str, title: str, page: str, refs: list[ItemRef]) -> Made:
        inputs = file_inputs(self.items, self.archive.registries.digest, self._empty,
                             *(r.item.number for r in refs), meetings=(r.meeting for r in refs))
        return path, inputs, partial(self._items_feed, path, title, page, refs)

    def _items_feed(self, path: str, title: str, page: str, refs: list[ItemRef]) -> bytes:
        return self._feed(path, title, page, [self._item_entry(ref) for ref in refs])

    def _meetings_feed(self, path: str, title: str, page: str, meetings: list[Meeting]) -> bytes:
        return self._feed(path, title, page, [self._meeting_entry(m) for m in meetings])

    def _item_entry(self, ref: ItemRef) -> Entry:
        key = (ref.meeting.id, ref.item.number)  # stable in the read-only archive, unlike id()
        if key not in self._entries:
            m, item = ref.meeting, ref.item
            forum = self.archive.forums[m.forum]
            title = self.items(m, item).title_text
            label = outcome(item)[1]
            texts = section_texts(self.items, m, item)
            lines = [f"{forum.name}, {danish.date_text(m.date)}, punkt {item.number}"]
            if label:
                lines.append(f"Udfald: {label}")
            if texts.get("Beslutning"):
                lines.append(f"Beslutning: {opening_words(texts['Beslutning'])}")
            elif texts.get("Indstilling"):
                lines.append(f"Indstilling: {opening_words(texts['Indstilling'])}")
            categories = [(entity_path("forums", m.forum), forum.name)]
            categories += [(entity_path("agreements", aid), self.archive.agreements[aid].name) for aid in item.agreements]
            self._entries[key] = Entry(
                id=f"{self.prefix}{_first_id(m)}/{item.anchor}", title=f"{title} ({forum.name}, {danish.date_text(m.date)})",
                link=item_path(m.id, item.number), date=_timestamp(m), summary="\n".join(lines), categories=categories)
        return self._entries[key]

    def _meeting_entry(self, m: Meeting) -> Entry:
        forum = self.archive.forums[m.forum]
        agenda = []
        for item in public_items(m):
            label = outcome(item)[1]
            agenda.append(f"{item.number}. {self.items(m, item).title_text}" + (f" ({label})" if label else ""))
        title = f"{forum.name}, {danish.date_text(m.date)}" + (f": {m.title}" if m.title else "")
        return Entry(id=f"{self.prefix}{_first_id(m)}", title=title, link=m.url, date=_timestamp(m),
                     summary="Dagsorden:\n" + "\n".join(agenda), categories=[(entity_path("forums", m.forum), forum.name)])

    def _feed(self, path: str, title: str, page: str, entries: list[Entry]) -> bytes:
        feed = ET.Element("feed", {"xmlns": ATOM, "xml:base": self.links.base_for(path), "xml:lang": "da"})
        _text(feed, "id", f"{self.prefix}{path}")
        _text(feed, "title", title)
        _link(feed, "self", self.links.path(path), "application/atom+xml")
        _link(feed, "alternate", self.links.path(page) or "./", "text/html")
        newest = max((e.date for e in entries), default=self._empty)
        _text(feed, "updated", newest)
        author = ET.SubElement(feed, "author")
        _text(author, "name", self.site_name)
        ET.indent(feed)
        head = ET.tostring(feed, encoding="unicode").removesuffix("</feed>")
        # An item's entry appears in several feeds: it is serialised once.
        body = "".join(self._entry_xml(e) for e in entries)
        return f'<?xml version="1.0" encoding="utf-8"?>\n{head}{body}</feed>\n'.encode()

    def _entry_xml(self, e: Entry) -> str:
        if not e.xml:
            entry = ET.Element("entry")
            _text(entry, "id", e.id)
            _text(entry, "title", e.title)
            _link(entry, "alternate", self.links.path(e.link), "text/html")
            _text(entry, "published", e.date)
            _text(entry, "updated", e.date)
            for term, label in e.categories:
                ET.SubElement(entry, "category", {"term": term, "label": xml_safe(label)})
            _text(entry, "summary", e.summary)
            ET.indent(entry, level=1)
            e.xml = "  " + ET.tostring(entry, encoding="unicode") + "\n"
        return e.xml


def _latest(refs: Iterable[ItemRef]) -> list[ItemRef]:
    """The first LATEST public items (newest first)."""
    return list(islice((r for r in refs if r.meeting.public and r.item.public), LATEST))


def _archive_refs(meetings: list[Meeting]) -> Iterator[ItemRef]:
    for m in meetings:  # newest first; items in agenda order
        for item in public_items(m):
            yield ItemRef(m, item)


def _first_id(m: Meeting) -> str:
    """The meeting's id as first published: a corrected date must not make its entries new."""
    first = m.previous_urls[0] if m.previous_urls else m.url
    return meeting_id_of(first)


def _timestamp(m: Meeting) -> str:
    return f"{m.date.as_date().isoformat()}T00:00:00Z"


# Elements are written unqualified under the feed's default namespace (xmlns=ATOM).
def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = xml_safe(text)


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "href": href, "type": media_type})


def build_feeds(archive: Archive, ix: Indexes, items: ItemRenderer, links: SiteLinks,
                site_name: str, prefix: str) -> Iterator[Made]:
    return FeedBuilder(archive, ix, items, links, site_name, prefix).files()
