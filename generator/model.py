"""The content model: what the archive knows, independent of any site generator.

Ids are the stable part of every URL; everything else (names, titles) may be corrected
without breaking links.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path

from .urls import item_anchor, meeting_path

# Sections of an agenda item, in display order. Keys are the Danish headings used in
# content files; "Referat" is accepted as a synonym of "Beslutning" when loading.
SECTION_KINDS = ("Indstilling", "Beslutning", "Uddybning", "Bilag")
SECTION_ALIASES = {"Referat": "Beslutning"}

PARTICIPANT_STATUSES = ("present", "absent", "guest", "secretary")


def quick_unpickling(cls: type) -> type:
    """A frozen, slotted dataclass read back from a cache without dataclasses' own
    __setstate__, which asks fields() again for every object: half a second of a
    5,000-meeting rebuild. The field names are taken once; the state is the same."""
    names = tuple(f.name for f in fields(cls))
    setter = object.__setattr__

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(names, state, strict=True):
            setter(self, name, value)

    cls.__setstate__ = __setstate__
    return cls


@quick_unpickling
@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from: a content file and (where known) a 1-based line."""

    path: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


@dataclass(frozen=True)
class Forum:
    id: str
    name: str
    cluster: str
    kind: str
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    source: Source | None = None
    previous_urls: list[str] = field(default_factory=list)  # old URLs that redirect here
    url: str = ""  # where the forum publishes its minutes, for forums without minutes here


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    source: Source | None = None
    public: bool = False  # shown even when no public minutes refer to it (see archive.public_view)
    previous_urls: list[str] = field(default_factory=list)  # old URLs that redirect here


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: str = ""
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    source: Source | None = None
    public: bool = False
    previous_urls: list[str] = field(default_factory=list)  # old URLs that redirect here


@dataclass(frozen=True)
class Agreement:
    id: str
    name: str
    category: str
    aliases: list[str] = field(default_factory=list)
    url: str = ""
    status: str = ""
    description: str = ""
    source: Source | None = None
    public: bool = False
    related: list[str] = field(default_factory=list)  # ids of related agreements (shown both ways)
    status_since: MeetingDate | None = None  # the date the status holds from
    previous_urls: list[str] = field(default_factory=list)  # old URLs that redirect here


@functools.total_ordering
@dataclass(frozen=True)
class MeetingDate:
    """A meeting date: day-precise, or (when the minutes do not give the day) month-precise,
    or (when they give only the year) year-precise."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> MeetingDate:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool):
            raise ValueError(str(value))
        text = str(value).strip()
        parts = text.split("-")
        if len(parts) not in (1, 2, 3) or len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
            raise ValueError(text)
        try:
            numbers = [int(p) for p in parts]
            dt.date(numbers[0], *(numbers[1:] + [1, 1])[:2])
        except ValueError as exc:
            raise ValueError(text) from exc
        return cls(*numbers)

    @property
    def precise(self) -> bool:
        return self.day is not None

    @cached_property  # asked for a million times in a large archive
    def key(self) -> str:
        """The form used in URLs and file names: 2021-01-27, 2021-06 or 2021."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: MeetingDate) -> bool:  # a year sorts before its months, a month before its days
        return self.sort_key < other.sort_key

    def as_date(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.key


@dataclass(slots=True)  # not frozen: the importer fills one in field by field; the archive makes new ones
class Participant:
    person: str
    status: str = "present"
    title: str = ""
    organisation: str = ""
    role: str = ""
    items: list[str] = field(default_factory=list)
    on_behalf_of: str = ""
    note: str = ""
    source: Source | None = None


@quick_unpickling
@dataclass(frozen=True, slots=True)
class Link:
    """An explicit link in item text to a registry entry, meeting or item: `[text](kind:target)`."""

    kind: str  # person, aftale, organisation, forum, moede, punkt
    target: str
    source: Source | None = None


@quick_unpickling
@dataclass(frozen=True, slots=True)
class Item:
    """An agenda item (dagsordenspunkt). Text fields hold Markdown.

    The loader makes an item as written; archive.derive makes the published one (with its
    outcome, mentions and references) as a new object. Neither is changed afterwards."""

    number: str
    title: str
    background: str = ""
    sections: dict[str, str] = field(default_factory=dict)  # SECTION_KINDS -> Markdown
    links: list[Link] = field(default_factory=list)
    # Derived by the archive (explicit links first, then detected mentions), ordered, unique.
    agreements: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    # A closed item (lukket punkt) is left out of public builds; the reason may be shown.
    public: bool = True
    closed_reason: str = ""
    # The outcome (udfald), an id of generator/outcomes.py: derived by the archive, from the
    # meeting's `outcomes:` override or else by the rules; "" on a closed item's public stub.
    outcome: str = ""
    outcome_override: str = ""  # as set in the meeting's frontmatter
    outcome_settled: bool = True  # False when neither the rules nor an override settle it
    # A postponed item and the item that takes it up at the forum's next meeting, as
    # "<forum-id>/<date>/<number>" (derived by the archive, see references.py).
    continued_in: str = ""
    continued_from: str = ""
    source: Source | None = None

    @property
    def anchor(self) -> str:
        return item_anchor(self.number)

    @property
    def recommendation(self) -> str:
        return self.sections.get("Indstilling", "")

    @property
    def decision(self) -> str:
        return self.sections.get("Beslutning", "")

    def texts(self) -> list[str]:
        """All Markdown text of the item, title first."""
        return [self.title, self.background, *self.sections.values()]


@dataclass(frozen=True)
class Meeting:
    forum: str
    date: MeetingDate
    items: list[Item] = field(default_factory=list)
    preamble: str = ""  # Markdown before the first item
    links: list[Link] = field(default_factory=list)  # explicit links in the preamble
    title: str = ""
    time: str = ""
    place: str = ""
    chair: str = ""
    participants: list[Participant] = field(default_factory=list)
    minutes_by: list[str] = field(default_factory=list)
    approved_by: list[str] = field(default_factory=list)
    source_title: str = ""
    source_file: str = ""
    source_url: str = ""
    inferred: dict[str, str] = field(default_factory=dict)
    public: bool = True
    closed_reason: str = ""
    review: str = ""
    slug: str = ""
    # Site paths the meeting had before a correction (e.g. 'fora/x/2021-11/'): redirected.
    previous_urls: list[str] = field(default_factory=list)
    source: Source | None = None
    digest: str = ""  # of the meeting file's bytes

    @cached_property  # asked for a million times in a large archive; a meeting is frozen
    def id(self) -> str:
        """Stable id: `<forum-id>/<date>` (or an explicit slug for a second meeting that day)."""
        return f"{self.forum}/{self.slug or self.date.key}"

    @property
    def url(self) -> str:
        return meeting_path(self.id)

    def item(self, number: str) -> Item | None:
        return next((i for i in self.items if i.number == number), None)


@dataclass(frozen=True)
class Registries:
    forums: dict[str, Forum] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    digest: str = ""  # of all registry files: any change to them can change any page


@dataclass(frozen=True)
class Withheld:
    """A registry entry, or one of its aliases, that the public view leaves out."""

    registry: str  # forums, people, organisations, agreements
    id: str
    alias: str = ""  # empty: the whole entry
    source: Source | None = None


@dataclass(frozen=True)
class Archive:
    """Everything loaded from content/: registries and meetings (newest first once validated)."""

    registries: Registries
    meetings: list[Meeting]
    root: Path
    internal: bool = False  # the internal edition: closed matter included, not stubbed
    withheld: list[Withheld] = field(default_factory=list)  # by the public view
    # References in item text that did not resolve with confidence (see references.py).
    unresolved_references: list = field(default_factory=list)
    # In the public view: the URLs of meetings left out (public: false), which may vanish.
    withheld_urls: set[str] = field(default_factory=set)

    @property
    def forums(self) -> dict[str, Forum]:
        return self.registries.forums

    @property
    def people(self) -> dict[str, Person]:
        return self.registries.people

    @property
    def organisations(self) -> dict[str, Organisation]:
        return self.registries.organisations

    @property
    def agreements(self) -> dict[str, Agreement]:
        return self.registries.agreements
