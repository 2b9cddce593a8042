"""The site's pages as ready-made data: one PageSpec per URL, with everything its template
shows already resolved (names, Danish dates, rendered text, links). Independent of mkdocs."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import quote_plus, urlsplit

from . import danish, timeline
from .cache import Store, digest
from .indexes import Indexes, ItemRef, build_indexes
from .model import SECTION_KINDS, Archive, Item, Meeting
from .opendata import LICENCE
from .outcomes import LABELS as OUTCOME_LABELS
from .render import ItemRenderer, Renderer, html_text, site_url
from .reuse import file_inputs
from .urls import DATA_PAGE, SEARCH, data_path, entity_path, feed_path, index_path, item_path, meeting_data_path

# A participant's status: the word for one person in it, and the heading of the group.
STATUSES = (
    ("present", "deltager", "Til stede"),
    ("absent", "afbud", "Afbud"),
    ("guest", "gæst", "Gæster"),
    ("secretary", "sekretær", "Sekretariat"),
)
KINDS = {"agreements": "agreement", "people": "person", "organisations": "organisation"}
ROLE_NAMES = {status: role for status, role, _ in STATUSES}
STATUS_GROUPS = tuple((status, heading) for status, _, heading in STATUSES)
LATEST_DECISIONS = 12
TOP_AGREEMENTS = 6
EXAMPLE_SEARCHES = 3
EXCERPT_CHARS = 160  # a decision excerpt in the agenda: about one line on a desktop
DESCRIPTION_CHARS = 300
# Editorial notes ("inferred") name the field they explain; readers see these words.
INFERRED_LABELS = {
    "date": "Dato", "time": "Tidspunkt", "place": "Sted", "forum": "Forum", "title": "Mødets navn",
    "chair": "Mødeleder", "minutes_by": "Referent", "approved_by": "Godkendt af",
    "participants": "Deltagere", "source": "Kilde",
}
# An entity page (agreement, person, organisation) lists at most this many entries (rows of
# meetings and agenda items) in full; past it, every year of the entity gets a page of its
# own and the entity's page shows the newest years that fit, then links to the rest: a page
# stays readable however large the archive grows (one agreement of a 20,000-meeting archive
# was named in 46,000 items, 60 MB on one page). The plugin's `year_pages_from` sets it.
YEAR_PAGES_FROM = 500


@dataclass(frozen=True)
class YearSplit:
    """How an entity's entries spread over pages: every year it has entries (newest first,
    with their counts), each with a page of its own, and the years its own page shows in full."""

    counts: dict[int, int]  # year -> entries, newest first
    full: frozenset[int]


def split_years(counts: Counter, limit: int = YEAR_PAGES_FROM) -> YearSplit | None:
    """None when the entries fit on one page (`limit` of them)."""
    if sum(counts.values()) <= limit:
        return None
    newest = dict(sorted(counts.items(), reverse=True))
    full, total = set(), 0
    for year, count in newest.items():
        if total + count > limit:
            break
        full.add(year)
        total += count
    return YearSplit(newest, frozenset(full))


def year_path(entity: str, year: int) -> str:
    """The page of one year of an entity: "aftaler/<id>/2019/"."""
    return f"{entity}{year}/"


def _shown_in_full(split: YearSplit | None, year: int | None,
                   years: dict[str, Any]) -> tuple[frozenset[int] | None, list[dict[str, Any]] | None]:
    """On the own page of an entity whose years have pages: the years it shows in full, and
    those pages; (None, None) on a page that shows all it has (one year's, or an unsplit entity's)."""
    if split is None or year is not None:
        return None, None
    return split.full, years["year_pages"]


def _entity_crumbs(section: str, registry: str, name: str, path: str, year: int | None) -> list[dict[str, str]]:
    trail = [(section, index_path(registry)), (name, path)]
    if year is not None:
        trail.append((str(year), year_path(path, year)))
    return crumbs(*trail)


def _in_date_order(refs: list[ItemRef]) -> list[ItemRef]:
    """Oldest first; the items of one meeting in agenda order."""
    return sorted(refs, key=lambda r: (r.meeting.date.sort_key, r.meeting.forum, r.meeting.slug,
                                       r.meeting.items.index(r.item)))


def _span(ordered: list[ItemRef]) -> str:
    first, last = ordered[0].meeting.date.year, ordered[-1].meeting.date.year
    return f"{first}–{last}" if first != last else str(first)


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,.;:–-") + " …"


def _by_meeting(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Item references (newest first) gathered under their meeting."""
    groups: list[dict[str, Any]] = []
    for ref in refs:
        if not groups or groups[-1]["meeting"]["url"] != ref["meeting"]["url"]:
            groups.append({"meeting": ref["meeting"], "items": []})
        groups[-1]["items"].append(ref)
    return groups


def crumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    """Breadcrumbs from the home page to a page: (name, site path) pairs, the page itself last."""
    return [{"name": "Forside", "url": site_url("")}] + [{"name": n, "url": site_url(u)} for n, u in trail]


@dataclass
class PageSpec:
    path: str  # site path of the page: '' (home), 'fora/', 'fora/<id>/<date>/' ...
    template: str
    title: str
    data: dict[str, Any]
    toc: list[tuple[str, str]] = field(default_factory=list)  # (anchor, text) for the sidebar
    description: str = ""

    @property
    def src_uri(self) -> str:
        return f"{self.path}index.md"


class SiteBuilder:
    """Builds the PageSpecs of an archive. Rendering of item text happens once per item."""

    def __init__(self, archive: Archive, render_cache: Store | None = None, year_pages_from: int = YEAR_PAGES_FROM):
        self.archive = archive
        self.year_pages_from = year_pages_from
        self._splits: dict[tuple[str, str], YearSplit | None] = {}
        self.ix: Indexes = build_indexes(archive)
        self._meetings = {m.id: m for m in archive.meetings}
        self.items = ItemRenderer(render_cache)
        self.md = Renderer()

    # --- references: small dicts templates use for links --------------------------------

    def person(self, pid: str) -> dict[str, str]:
        return {"name": self.archive.people[pid].name, "url": site_url(entity_path("people", pid))}

    def organisation(self, oid: str) -> dict[str, str] | None:
        if not oid:
            return None
        return {"name": self.archive.organisations[oid].name, "url": site_url(entity_path("organisations", oid))}

    def agreement(self, aid: str) -> dict[str, str]:
        return {"name": self.archive.agreements[aid].name, "url": site_url(entity_path("agreements", aid))}

    def forum(self, fid: str) -> dict[str, str]:
        forum = self.archive.forums[fid]
        return {"name": forum.name, "url": site_url(entity_path("forums", fid)), "cluster": forum.cluster}

    def follow(self, kind: str, ident: str = "", name: str = "") -> dict[str, str]:
        """The Atom feed of a page's subject, for <link rel=alternate> and the "Følg" link."""
        label = name or "arkivet"
        return {"url": site_url(feed_path(kind, ident)), "title": f"Følg {label} (Atom-feed)", "kind": kind,
                "about": site_url(DATA_PAGE)}

    def meeting_ref(self, m: Meeting) -> dict[str, Any]:
        return {
            "url": site_url(m.url),
            "date": danish.date_text(m.date),
            "date_key": m.date.key,
            "precise": m.date.precise,
            "forum": self.forum(m.forum),
            "title": m.title,
            "review": bool(m.review),
        }

    @staticmethod
    def outcome(item: Item) -> dict[str, str] | None:
        """The item's outcome badge: id and Danish label (None on a closed item's stub)."""
        return {"id": item.outcome, "label": OUTCOME_LABELS[item.outcome]} if item.outcome else None

    def item_ref(self, ref: ItemRef, decision: bool = False) -> dict[str, Any]:
        rendered = self.items(ref.meeting, ref.item)
        data = {
            "url": site_url(ref.url),
            "number": ref.item.number,
            "title": rendered.title_text,
            "meeting": self.meeting_ref(ref.meeting),
            "outcome": self.outcome(ref.item),
        }
        if decision:
            data["decision_html"] = rendered.sections_html.get("Beslutning", "")
            data["recommendation_html"] = rendered.sections_html.get("Indstilling", "")
            data["agreements"] = [self.agreement(a) for a in ref.item.agreements]
        return data

    # --- pages --------------------------------------------------------------------------

    def plan(self) -> Iterator[tuple[str, str | None, Callable[[], PageSpec]]]:
        """Every page as (path, what it shows, how to make it). "What it shows" names its
        inputs (the registries and the meetings it draws on, as digests), so a cache can
        skip making a page whose inputs are unchanged; None for pages made every build."""
        a, ix = self.archive, self.ix
        yield "", None, self.home
        yield index_path("forums"), None, self.forums_index
        for fid in a.forums:
            yield entity_path("forums", fid), self._inputs("forum", fid, ix.meetings_by_forum.get(fid, [])), partial(self.forum_page, fid)
        for m in a.meetings:
            yield m.url, self._inputs("meeting", m.id, [m, *self._linked_meetings(m)]), partial(self.meeting_page, m)
        yield index_path("agreements"), None, self.agreements_index
        for aid in a.agreements:
            yield from self._entity_plan("agreements", aid, self.agreement_page)
        yield index_path("people"), None, self.people_index
        for pid in a.people:
            yield from self._entity_plan("people", pid, self.person_page)
        yield index_path("organisations"), None, self.organisations_index
        for oid in a.organisations:
            yield from self._entity_plan("organisations", oid, self.organisation_page)
        yield SEARCH, None, self.search_page
        yield DATA_PAGE, None, self.data_page

    def _entity_plan(self, registry: str, ident: str,
                     page: Callable[..., PageSpec]) -> Iterator[tuple[str, str | None, Callable[[], PageSpec]]]:
        """An entity's page and, when its entries do not fit on one, a page per year."""
        rows, named = self._entries(registry, ident)
        path = entity_path(registry, ident)
        inputs = self._inputs(KINDS[registry], ident, rows + [r.meeting for r in named])
        yield path, inputs, partial(page, ident)
        split = self.split(registry, ident)
        for year in split.counts if split else ():
            # A year's page shows more than its year (a person's titles over time, the
            # counts of the other years): it has the inputs of the entity's page.
            yield year_path(path, year), f"{inputs}\nyear {year}", partial(page, ident, year)

    def _entries(self, registry: str, ident: str) -> tuple[list[Meeting], list[ItemRef]]:
        """What an entity's page lists: the meetings it has a row for (a person's or an
        organisation's), and the items naming it."""
        ix = self.ix
        if registry == "agreements":
            return [], ix.items_by_agreement.get(ident, [])
        if registry == "people":
            rows = [att.meeting for att in ix.attendance_by_person.get(ident, [])]
            rows += ix.chaired_by_person.get(ident, []) + ix.minutes_by_person.get(ident, [])
            return rows, ix.items_by_person.get(ident, [])
        return [att.meeting for att in ix.attendance_by_organisation.get(ident, [])], ix.items_by_organisation.get(ident, [])

    def split(self, registry: str, ident: str) -> YearSplit | None:
        """How the entries of an entity's page spread over years (None: one page holds them):
        a row per meeting, and the items naming it. Asked for by each of its pages: kept."""
        key = (registry, ident)
        if key not in self._splits:
            rows, named = self._entries(registry, ident)
            years = Counter({m.id: m.date.year for m in rows}.values()) + Counter(r.meeting.date.year for r in named)
            self._splits[key] = split_years(years, self.year_pages_from)
        return self._splits[key]

    def _years(self, registry: str, ident: str, name: str, split: YearSplit | None,
               year: int | None) -> dict[str, Any]:
        """What a split entity's pages add: the list of its year pages and, on a year's page,
        which year it is and its neighbours."""
        if split is None:
            return {"year_pages": [], "year": None}
        path = entity_path(registry, ident)
        pages = [{"year": y, "count": n, "url": site_url(year_path(path, y)), "full": year is None and y in split.full}
                 for y, n in split.counts.items()]
        if year is None:
            return {"year_pages": pages, "year": None}
        at = list(split.counts).index(year)
        return {"year_pages": pages, "year": {
            "year": year, "count": split.counts[year], "of": {"name": name, "url": site_url(path)},
            "newer": pages[at - 1] if at > 0 else None, "older": pages[at + 1] if at + 1 < len(pages) else None}}

    def _linked_meetings(self, m: Meeting) -> list[Meeting]:
        """Meetings whose items a meeting's page shows as "Omtalt i", "Genoptaget", "Fortsat fra"."""
        found = [r.meeting for r in self.ix.meeting_mentions.get(m.id, [])]
        for item in m.items:
            found += [r.meeting for r in self.ix.item_mentions.get((m.id, item.number), [])]
            for other in (item.continued_in, item.continued_from):
                if other:
                    found.append(self._meetings[other.rpartition("/")[0]])
        return found

    def _item_at(self, target: str) -> dict[str, Any] | None:
        """A small reference to the item "<forum>/<date>/<number>"."""
        if not target:
            return None
        meeting_id, _, number = target.rpartition("/")
        meeting = self._meetings[meeting_id]
        return self.item_ref(ItemRef(meeting, meeting.item(number)))

    def _inputs(self, kind: str, ident: str, meetings: list[Meeting]) -> str:
        """A digest of what a page shows (kept for every page until it is made, the inputs
        themselves, a meeting's key per page it is on, took 19 MB at 5,000 meetings)."""
        once = {m.id: m for m in meetings}.values()  # in the order first named
        return digest(file_inputs(self.items, self.archive.registries.digest, kind, ident, meetings=once))

    def search_page(self) -> PageSpec:
        return PageSpec(SEARCH, "search.html", "Søg", {"crumbs": crumbs(("Søg", SEARCH))},
                        description="Søg i referaterne")

    def data_page(self) -> PageSpec:
        """"Data og feeds": what can be followed and taken away, with real examples."""
        a = self.archive
        latest = next((m for m in a.meetings if m.public), None)
        forum = next(iter(sorted(a.forums)), None)
        data = {
            "archive_feed": site_url(feed_path()),
            "example_forum": {**self.forum(forum), "feed": site_url(feed_path("forum", forum))} if forum else None,
            "example_meeting": {**self.meeting_ref(latest), "data": site_url(meeting_data_path(latest.id))} if latest else None,
            "files": {name: site_url(data_path(name)) for name in (
                "arkiv.json", "punkter.csv", "popolo.json", "aftaler.json",
                "moede.schema.json", "popolo.schema.json", "aftaler.schema.json", "arkiv.schema.json")},
            "licence": LICENCE,
        }
        return PageSpec(DATA_PAGE, "data.html", "Data og feeds", data,
                        description="Følg arkivet med feeds, og hent referaterne som åbne data (JSON og CSV)")

    def home(self) -> PageSpec:
        a, ix = self.archive, self.ix
        counts = [
            (len(a.meetings), "møde", "møder", index_path("forums")),
            # A closed item's stub ("lukket punkt") is a line in its agenda, not an item shown.
            (sum(1 for m in a.meetings for i in m.items if i.public or a.internal), "dagsordenspunkt",
             "dagsordenspunkter", SEARCH),
            (len(a.forums), "forum", "fora", index_path("forums")),
            (len(a.agreements), "aftale", "aftaler", index_path("agreements")),
            (len(a.people), "person", "personer", index_path("people")),
            (len(a.organisations), "organisation", "organisationer", index_path("organisations")),
        ]
        years = [m.date.year for m in a.meetings]
        treated = sorted(((len(refs), aid) for aid, refs in ix.items_by_agreement.items() if refs),
                         key=lambda t: (-t[0], danish.sort_key(a.agreements[t[1]].name)))[:TOP_AGREEMENTS]
        data = {
            "search_url": site_url(SEARCH),
            "examples": self._example_searches([aid for _, aid in treated]),
            "decisions": _by_meeting(self._latest_decisions(LATEST_DECISIONS)),
            "clusters": self._forum_groups(with_minutes=True),
            "without_minutes": sum(1 for fid in a.forums if not ix.meetings_by_forum.get(fid)),
            "agreements": [{**self.agreement(aid), "count": n} for n, aid in treated],
            "counts": [{"n": n, "label": one if n == 1 else many, "url": site_url(url)} for n, one, many, url in counts],
            "span": f"{min(years)}–{max(years)}" if years else "",
            "feed": self.follow("archive"),
        }
        return PageSpec("", "home.html", "Referatarkivet", data,
                        description="Referater fra sundhedssamarbejdets fora i Region Nordjylland: "
                                    "beslutninger, dagsordener og deltagere, søgbare og med faste links")

    def _latest_decisions(self, limit: int) -> list[dict[str, Any]]:
        """The newest items that record a decision, with its opening words."""
        found = []
        for m in self.archive.meetings:  # newest first
            for item in m.items:
                if not item.public or not item.decision:
                    continue
                ref = self.item_ref(ItemRef(m, item))
                ref["excerpt"] = shorten(html_text(self.items(m, item).sections_html.get("Beslutning", "")),
                                         EXCERPT_CHARS)
                found.append(ref)
                if len(found) == limit:
                    return found
        return found

    def _example_searches(self, agreement_ids: list[str]) -> list[dict[str, str]]:
        """Searches worth trying: the shortest name of each of the most treated agreements."""
        examples = []
        for aid in agreement_ids[:EXAMPLE_SEARCHES]:
            agreement = self.archive.agreements[aid]
            query = min([agreement.name, *agreement.aliases], key=len)
            examples.append({"query": query, "url": site_url(SEARCH) + "?q=" + quote_plus(query)})
        return examples

    def forums_index(self) -> PageSpec:
        without = [{**self.forum(fid), "kind": f.kind, "minutes_url": f.url}
                   for fid, f in self.archive.forums.items() if not self.ix.meetings_by_forum.get(fid)]
        data = {"clusters": self._forum_groups(with_minutes=True),
                "without_minutes": sorted(without, key=lambda f: danish.sort_key(f["name"])),
                "crumbs": crumbs(("Fora", index_path("forums")))}
        return PageSpec(index_path("forums"), "forums.html", "Fora", data,
                        description="Sundhedssamarbejdets fora i Region Nordjylland, ordnet efter klynge, "
                                    "med deres seneste møder")

    def _forum_groups(self, with_minutes: bool) -> list[dict[str, Any]]:
        """Forums by cluster (those with minutes in the archive, or those without)."""
        clusters: dict[str, list] = defaultdict(list)
        for fid, forum in self.archive.forums.items():
            meetings = self.ix.meetings_by_forum.get(fid, [])
            if bool(meetings) != with_minutes:
                continue
            clusters[forum.cluster].append({
                **self.forum(fid),
                "kind": forum.kind,
                "count": len(meetings),
                "latest": self.meeting_ref(meetings[0]) if meetings else None,
            })
        return [
            {"name": name, "forums": sorted(forums, key=lambda f: danish.sort_key(f["name"]))}
            for name, forums in sorted(clusters.items(), key=lambda kv: danish.sort_key(kv[0]))
        ]

    def forum_page(self, fid: str) -> PageSpec:
        forum = self.archive.forums[fid]
        meetings = self.ix.meetings_by_forum.get(fid, [])
        years: dict[int, list] = defaultdict(list)
        for m in meetings:
            years[m.date.year].append({
                **self.meeting_ref(m),
                "items": [{"number": i.number, "title": self.items(m, i).title_text,
                           "url": site_url(item_path(m.id, i.number)), "outcome": self.outcome(i)} for i in m.items],
            })
        data = {
            "forum": {**self.forum(fid), "kind": forum.kind, "aliases": forum.aliases,
                      "description_html": self.md.block(forum.description),
                      "minutes_url": forum.url, "minutes_host": urlsplit(forum.url).netloc},
            "members": self._members(meetings),
            "years": [{"year": y, "meetings": ms} for y, ms in sorted(years.items(), reverse=True)],
            "count": len(meetings),
            "feed": self.follow("forum", fid, forum.name),
            "crumbs": crumbs(("Fora", index_path("forums")), (forum.name, entity_path("forums", fid))),
        }
        toc = [(f"aar-{y}", str(y)) for y in sorted(years, reverse=True)]
        held = f"{len(meetings)} {'møde' if len(meetings) == 1 else 'møder'} i arkivet" if meetings \
            else "ingen referater i arkivet endnu"
        description = shorten(f"{forum.name} ({forum.kind}, {forum.cluster}): {held}. {html_text(data['forum']['description_html'])}",
                              DESCRIPTION_CHARS)
        return PageSpec(entity_path("forums", fid), "forum.html", forum.name, data, toc, description=description.rstrip(". ") + ".")

    def _members(self, meetings: list[Meeting]) -> list[dict[str, Any]]:
        """People seen at a forum's meetings (not as guests), latest title first."""
        seen: dict[str, dict[str, Any]] = {}
        for m in meetings:  # newest first: the first sighting carries the latest title
            for p in m.participants:
                if p.status == "guest":
                    continue
                entry = seen.setdefault(p.person, {**self.person(p.person), "title": p.title,
                                                   "organisation": self.organisation(p.organisation),
                                                   "present": 0, "absent": 0, "secretary": p.status == "secretary"})
                if p.status == "absent":
                    entry["absent"] += 1
                else:
                    entry["present"] += 1
        return sorted(seen.values(), key=lambda e: (e["secretary"], danish.sort_key(e["name"])))

    def meeting_page(self, m: Meeting) -> PageSpec:
        forum = self.archive.forums[m.forum]
        groups = []
        for status, label in STATUS_GROUPS:
            members = [self._participant(m, p) for p in m.participants if p.status == status]
            if members:
                groups.append({"status": status, "label": label, "people": members})
        date = danish.date_text(m.date)
        items = [self._item(m, i, f"{forum.name}, {date}") for i in m.items]
        data = {
            "meeting": self.meeting_ref(m),
            "forum": {**self.forum(m.forum), "kind": forum.kind},
            "date_long": danish.date_long(m.date),
            "title": m.title,
            "time": m.time,
            "place": m.place,
            "chair": self.person(m.chair) if m.chair else None,
            "participants": groups,
            "participant_count": sum(1 for p in m.participants if p.status != "absent"),
            "minutes_by": [self.person(p) for p in m.minutes_by],
            "approved_by": [self.person(p) for p in m.approved_by],
            # The source's file name is the secretariat's own reference, not public matter.
            "source": {"title": m.source_title, "url": m.source_url},
            "inferred": [{"field": k, "label": INFERRED_LABELS.get(k, k.replace("_", " ").capitalize()),
                          "reason": v} for k, v in m.inferred.items()],
            "review": m.review,
            "closed": not m.public,
            "closed_reason": m.closed_reason,
            "preamble_html": self.items.preamble(m),
            "items": items,
            "mentioned_by": [self.item_ref(r) for r in self.ix.meeting_mentions.get(m.id, [])],
            "feed": self.follow("forum", m.forum, forum.name),
            # A closed meeting (internal build only) is not data: it has no file.
            "data": {"url": site_url(meeting_data_path(m.id)), "title": "Mødet som data (JSON)"} if m.public else None,
            "crumbs": crumbs(("Fora", index_path("forums")), (forum.name, entity_path("forums", m.forum)), (date, m.url)),
        }
        title = f"{forum.name} {date}"
        toc = [(i["anchor"], f"{i['number']}. {i['title']}") for i in items]
        agenda = "; ".join(f"{i['number']}. {i['title']}" for i in items if not i["closed"] or i["sections"])
        description = shorten(f"Referat af {forum.name}, {danish.date_long(m.date)}. Dagsorden: {agenda}",
                              DESCRIPTION_CHARS)
        return PageSpec(m.url, "meeting.html", title, data, toc, description=description)

    def _participant(self, m: Meeting, p) -> dict[str, Any]:
        return {
            **self.person(p.person),
            "title": p.title,
            "organisation": self.organisation(p.organisation),
            "role": p.role,
            "note": p.note,
            "on_behalf_of": self.person(p.on_behalf_of) if p.on_behalf_of else None,
            "items": [{"number": n, "url": site_url(item_path(m.id, n))} for n in p.items],
        }

    def _item(self, m: Meeting, item, cited_as: str) -> dict[str, Any]:
        r = self.items(m, item)
        return {
            "excerpt": self._excerpt(r.sections_html),
            "cite": f"{cited_as}, punkt {item.number}: {r.title_text}",
            "number": item.number,
            "anchor": item.anchor,
            "url": site_url(item_path(m.id, item.number)),
            "title": r.title_text,
            "title_html": r.title_html,
            "background_html": r.background_html,
            "sections": [{"kind": k.lower(), "label": k, "html": r.sections_html[k]}
                         for k in SECTION_KINDS if k in r.sections_html],
            "agreements": [self.agreement(a) for a in item.agreements],
            "people": [self.person(p) for p in item.people],
            "organisations": [self.organisation(o) for o in item.organisations],
            "closed": not item.public,
            "closed_reason": item.closed_reason,
            "outcome": self.outcome(item),
            "mentioned_by": [self.item_ref(r) for r in self.ix.item_mentions.get((m.id, item.number), [])],
            "continued_in": self._item_at(item.continued_in),
            "continued_from": self._item_at(item.continued_from),
        }

    @staticmethod
    def _excerpt(sections_html: dict[str, str]) -> dict[str, str] | None:
        """The decision's opening words (the recommendation's where no decision is recorded)."""
        for kind, label in (("Beslutning", "Beslutning"), ("Indstilling", "Indstilling")):
            text = html_text(sections_html.get(kind, ""))
            if text:
                return {"kind": kind.lower(), "label": label, "text": shorten(text, EXCERPT_CHARS)}
        return None

    def agreements_index(self) -> PageSpec:
        categories: dict[str, list] = defaultdict(list)
        for aid, agreement in self.archive.agreements.items():
            refs = self.ix.items_by_agreement.get(aid, [])
            categories[agreement.category].append({
                **self.agreement(aid), "status": agreement.status, "count": len(refs),
                "latest": self.meeting_ref(refs[0].meeting) if refs else None,
            })
        groups = [
            {"name": name, "agreements": sorted(entries, key=lambda e: danish.sort_key(e["name"]))}
            for name, entries in sorted(categories.items(), key=lambda kv: danish.sort_key(kv[0]))
        ]
        return PageSpec(index_path("agreements"), "agreements.html", "Aftaler",
                        {"categories": groups, "crumbs": crumbs(("Aftaler", index_path("agreements")))},
                        description="Samarbejdsaftaler og andre aftaler, som sundhedssamarbejdets fora har "
                                    "behandlet, ordnet efter kategori")

    def agreement_page(self, aid: str, year: int | None = None) -> PageSpec:
        agreement = self.archive.agreements[aid]
        refs = self.ix.items_by_agreement.get(aid, [])
        split = self.split("agreements", aid)
        path = entity_path("agreements", aid)
        if year is not None:
            refs = [r for r in refs if r.meeting.date.year == year]
        forums = Counter(ref.meeting.forum for ref in refs)
        years = self._years("agreements", aid, agreement.name, split, year)
        story = self._story(aid, refs, *_shown_in_full(split, year, years))
        data = {
            "agreement": {**self.agreement(aid), "aliases": agreement.aliases, "category": agreement.category,
                          "status": agreement.status, "official_url": agreement.url,
                          "status_since": danish.date_text(agreement.status_since) if agreement.status_since else "",
                          "official_host": urlsplit(agreement.url).netloc,
                          "description_html": self.md.block(agreement.description)},
            **story, **years,
            "forums": [{**self.forum(f), "count": n} for f, n in
                       sorted(forums.items(), key=lambda kv: danish.sort_key(self.archive.forums[kv[0]].name))],
            "related": [self.agreement(r) for r in sorted(self.ix.related_agreements(aid),
                                                          key=lambda r: danish.sort_key(self.archive.agreements[r].name))],
            "feed": self.follow("agreement", aid, agreement.name),
            "crumbs": _entity_crumbs("Aftaler", "agreements", agreement.name, path, year),
        }
        toc = [("overblik", "Overblik")] if refs else []
        toc += [(f"aar-{y['year']}", str(y["year"])) for y in story["years"]]
        if split and year is None:
            toc.append(("alle-aar", "Alle år"))
        treated = f"behandlet i {len(refs)} {'dagsordenspunkt' if len(refs) == 1 else 'dagsordenspunkter'}"
        if year is not None:
            return PageSpec(year_path(path, year), "agreement.html", f"{agreement.name} {year}", data, toc,
                            description=f"{agreement.name} i {year}: {treated} i sundhedssamarbejdets fora.")
        return PageSpec(path, "agreement.html", agreement.name, data, toc,
                        description=f"{agreement.name} ({agreement.category}): {treated} i sundhedssamarbejdets fora.")

    def _story(self, aid: str, refs: list[ItemRef], full: frozenset[int] | None = None,
               year_pages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The agreement's treatments oldest first, by year (only the `full` years when its
        years have pages of their own), with a summary and a chart."""
        agreement = self.archive.agreements[aid]
        names = [agreement.name, *agreement.aliases]
        ordered = _in_date_order(refs)
        if not ordered:
            return {"years": [], "summary": None, "chart_svg": ""}

        def entry(ref: ItemRef) -> dict[str, Any]:
            found = self.item_ref(ref)
            found["mention"] = timeline.mention(ref.item.texts(), aid, names)
            found["opening"] = timeline.opening_words(ref.item.decision or ref.item.recommendation)
            found["opening_label"] = "Beslutning" if ref.item.decision else "Indstilling" if ref.item.recommendation else ""
            return found

        first, latest = ordered[0], ordered[-1]
        forums = {r.meeting.forum for r in ordered}
        label = (f"Behandlinger af {agreement.name} {_span(ordered)}: {len(ordered)} punkter i {len(forums)} "
                 f"{'forum' if len(forums) == 1 else 'fora'}, fordelt på år og forum")
        summary = {
            "count": len(ordered),
            "first": {**self.meeting_ref(first.meeting), "item_url": site_url(first.url), "number": first.item.number},
            "latest": {**self.meeting_ref(latest.meeting), "item_url": site_url(latest.url), "number": latest.item.number},
            "forums": len(forums),
            "outcomes": timeline.outcome_counts([r.item.outcome for r in ordered if r.item.outcome]),
        }
        return {**self._timeline(ordered, label, entry, full, year_pages), "summary": summary}

    def _timeline(self, ordered: list[ItemRef], label: str, entry: Callable[[ItemRef], dict[str, Any]],
                  full: frozenset[int] | None = None, year_pages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Items by year (in the order given; only the `full` years if given), and the chart
        of them all: a mark per item by year and forum, or past CHART_MARKS items the count
        of each year and forum (linked to the year's page, where there is one)."""
        years: dict[int, list] = defaultdict(list)
        marks, cells = [], Counter()
        counted = len(ordered) > timeline.CHART_MARKS
        for ref in ordered:
            year = ref.meeting.date.year
            found = entry(ref) if full is None or year in full else None
            if found is not None:
                years[year].append(found)
            if counted:
                cells[(self.archive.forums[ref.meeting.forum].name, year)] += 1
                continue
            found = found or self.item_ref(ref)
            outcome = found["outcome"]
            marks.append(timeline.Mark(
                year, ref.meeting.date.month, ref.meeting.date.day or 0,
                found["meeting"]["forum"]["name"], found["url"], ref.item.outcome,
                f"{found['meeting']['date']}, {found['meeting']['forum']['name']}: punkt {found['number']}. "
                f"{found['title']} – {outcome['label'] if outcome else 'lukket punkt'}"))
        urls = {p["year"]: p["url"] for p in year_pages or []}
        return {
            "years": [{"year": y, "entries": entries} for y, entries in years.items()],  # in the order given
            "chart_svg": timeline.count_chart_svg(cells, label, urls) if counted else timeline.chart_svg(marks, label),
            "chart_counts": counted,
            "legend": timeline.outcome_counts(list(timeline.OUTCOMES)),
        }

    def _named_in(self, refs: list[ItemRef], name: str, full: frozenset[int] | None = None,
                  year_pages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The items naming a person or organisation, year by year (newest first; only the
        `full` years if given), with the agreement pages' chart, smaller, when they span
        more than one year."""
        ordered = _in_date_order(refs)
        if not ordered:
            return {"years": [], "chart_svg": "", "count": 0}
        newest = sorted(ordered, key=lambda r: r.meeting.date.sort_key, reverse=True)  # stable: agenda order stays
        found = self._timeline(newest, f"Dagsordenspunkter der nævner {name} {_span(ordered)}, fordelt på år og forum",
                               self.item_ref, full, year_pages)
        if len({r.meeting.date.year for r in ordered}) < 2:
            found["chart_svg"] = ""
        found["count"] = len(ordered)
        return found

    def people_index(self) -> PageSpec:
        letters: dict[str, list] = defaultdict(list)
        for pid, person in self.archive.people.items():
            spans = self.ix.roles(pid)
            latest = spans[-1] if spans else None
            letters[danish.initial(person.name)].append({
                **self.person(pid),
                "title": latest.title if latest else "",
                "organisation": self.organisation(latest.organisation) if latest else None,
            })
        groups = [
            {"letter": letter, "anchor": f"bogstav-{letter.lower()}",
             "people": sorted(people, key=lambda p: danish.sort_key(p["name"]))}
            for letter, people in sorted(letters.items(), key=lambda kv: danish.sort_key(kv[0]))
        ]
        return PageSpec(index_path("people"), "people.html", "Personer",
                        {"letters": groups, "crumbs": crumbs(("Personer", index_path("people")))},
                        description="Alle personer i referaterne, A-Å, med deres seneste titel og organisation")

    def person_page(self, pid: str, year: int | None = None) -> PageSpec:
        person = self.archive.people[pid]
        path, split = entity_path("people", pid), self.split("people", pid)
        years = self._years("people", pid, person.name, split, year)
        full, year_pages = _shown_in_full(split, year, years)
        roles = [self._role(s) for s in reversed(self.ix.roles(pid))]
        meetings = self._person_meetings(pid)
        count = len(meetings)
        named = self.ix.items_by_person.get(pid, [])
        if year is not None:
            meetings = [m for m in meetings if m["year"] == year]
            named = [r for r in named if r.meeting.date.year == year]
        elif full is not None:
            meetings = [m for m in meetings if m["year"] in full]
        data = {
            "person": {**self.person(pid), "aliases": person.aliases,
                       "description_html": self.md.block(person.description)},
            "roles": roles,
            "meetings": meetings,
            "meetings_count": len(meetings) if year is not None else count,
            "named_in": self._named_in(named, person.name, full, year_pages),
            **years,
            "feed": self.follow("person", pid, person.name),
            "crumbs": _entity_crumbs("Personer", "people", person.name, path, year),
        }
        latest = ", ".join(filter(None, [roles[0]["title"], (roles[0]["organisation"] or {}).get("name")])) if roles else ""
        if year is not None:
            seen = f"{len(meetings)} {'møde' if len(meetings) == 1 else 'møder'} i {year}"
            return PageSpec(year_path(path, year), "person.html", f"{person.name} {year}", data,
                            description=f"{person.name}{', ' + latest if latest else ''}: {seen}.")
        seen = f"{count} {'møde' if count == 1 else 'møder'} i referaterne"
        return PageSpec(path, "person.html", person.name, data,
                        description=f"{person.name}{', ' + latest if latest else ''}: {seen}.")

    def _person_meetings(self, pid: str) -> list[dict[str, Any]]:
        """One row per meeting the person took part in (newest first): the roles held there
        (deltager, gæst, afbud, sekretær, mødeleder, referent), the title as printed then, and
        the items they attended (a guest) or are named in."""
        rows: dict[str, dict[str, Any]] = {}

        def row(m: Meeting) -> dict[str, Any]:
            return rows.setdefault(m.id, {**self.meeting_ref(m), "sort": m.date.sort_key, "year": m.date.year,
                                          "roles": [], "title_as_printed": "", "organisation": None, "note": "",
                                          "on_behalf_of": None, "items": []})

        for a in self.ix.attendance_by_person.get(pid, []):
            p, r = a.participant, row(a.meeting)
            r["roles"].append(ROLE_NAMES[p.status])
            r.update(title_as_printed=p.title, organisation=self.organisation(p.organisation), note=p.note,
                     on_behalf_of=self.person(p.on_behalf_of) if p.on_behalf_of else None)
            r["items"] += [{"number": n, "url": site_url(item_path(a.meeting.id, n))} for n in p.items]
        for m in self.ix.chaired_by_person.get(pid, []):
            row(m)["roles"].append("mødeleder")
        for m in self.ix.minutes_by_person.get(pid, []):
            row(m)["roles"].append("referent")
        for ref in self.ix.items_by_person.get(pid, []):
            if ref.meeting.id in rows and ref.item.public:
                numbers = {i["number"] for i in rows[ref.meeting.id]["items"]}
                if ref.item.number not in numbers:
                    rows[ref.meeting.id]["items"].append({"number": ref.item.number, "url": site_url(ref.url)})
        ordered = sorted(rows.values(), key=lambda r: r["sort"], reverse=True)
        for r in ordered:
            del r["sort"]  # ("year" stays: the pages of a person's years pick their rows by it)
            r["roles"] = list(dict.fromkeys(r["roles"]))
        return ordered

    def _role(self, span) -> dict[str, Any]:
        return {"title": span.title, "organisation": self.organisation(span.organisation),
                "first": self.meeting_ref(span.first), "last": self.meeting_ref(span.last), "count": span.count}

    def organisations_index(self) -> PageSpec:
        entries = []
        for oid, org in self.archive.organisations.items():
            people = {a.participant.person for a in self.ix.attendance_by_organisation.get(oid, [])}
            entries.append({**self.organisation(oid), "kind": org.kind, "people": len(people)})
        entries.sort(key=lambda e: danish.sort_key(e["name"]))
        return PageSpec(index_path("organisations"), "organisations.html", "Organisationer",
                        {"organisations": entries, "crumbs": crumbs(("Organisationer", index_path("organisations")))},
                        description="Kommuner, hospitaler, psykiatri og andre organisationer i referaterne")

    def organisation_page(self, oid: str, year: int | None = None) -> PageSpec:
        org = self.archive.organisations[oid]
        path, split = entity_path("organisations", oid), self.split("organisations", oid)
        years = self._years("organisations", oid, org.name, split, year)
        full, year_pages = _shown_in_full(split, year, years)
        attendance = self.ix.attendance_by_organisation.get(oid, [])
        named = self.ix.items_by_organisation.get(oid, [])
        if year is not None:
            attendance = [a for a in attendance if a.meeting.date.year == year]
            named = [r for r in named if r.meeting.date.year == year]
        people: dict[str, dict[str, Any]] = {}
        for a in attendance:  # newest first
            entry = people.setdefault(a.participant.person, {**self.person(a.participant.person),
                                                             "titles": [], "last": self.meeting_ref(a.meeting),
                                                             "count": 0})
            entry["count"] += 1
            if a.participant.title and a.participant.title not in entry["titles"]:
                entry["titles"].append(a.participant.title)
        meetings: dict[str, dict[str, Any]] = {}
        for a in attendance:  # newest first: one row per meeting, with who came from here
            if full is not None and a.meeting.date.year not in full:
                meetings.setdefault(a.meeting.id, None)  # counted, shown on its year's page
                continue
            row = meetings.setdefault(a.meeting.id, {**self.meeting_ref(a.meeting), "people": []})
            row["people"].append({**self.person(a.participant.person), "role": ROLE_NAMES[a.participant.status],
                                  "title": a.participant.title})
        data = {
            "organisation": {**self.organisation(oid), "kind": org.kind, "aliases": org.aliases,
                             "description_html": self.md.block(org.description)},
            "people": sorted(people.values(), key=lambda e: danish.sort_key(e["name"])),
            "meetings": [row for row in meetings.values() if row is not None],
            "meetings_count": len(meetings),
            "named_in": self._named_in(named, org.name, full, year_pages),
            **years,
            "feed": self.follow("organisation", oid, org.name),
            "crumbs": _entity_crumbs("Organisationer", "organisations", org.name, path, year),
        }
        seen = f"{len(people)} {'person' if len(people) == 1 else 'personer'} ved {len(meetings)} " \
               f"{'møde' if len(meetings) == 1 else 'møder'}"
        kind = f" ({org.kind})" if org.kind else ""
        if year is not None:
            return PageSpec(year_path(path, year), "organisation.html", f"{org.name} {year}", data,
                            description=f"{org.name}{kind} i {year}: {seen}.")
        return PageSpec(path, "organisation.html", org.name, data,
                        description=f"{org.name}{kind}: {seen} i referaterne.")
