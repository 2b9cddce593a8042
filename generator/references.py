"""References in item text to other items and meetings ("jf. punkt 3", "mødet den 9. december
2020, punkt 3", "Klyngestyregruppe Midt den 19. oktober 2020", "sidste møde") become links,
and a postponed item links to the item that takes it up at the forum's next meeting.

Precision first: a phrase becomes a link only when it resolves to exactly one meeting (and
item) in the archive: an exact date, a forum named or the item's own, an item number the
meeting has. Everything else stays text and is reported (`referat check --references`).
A resolved phrase is written into the item's Markdown as an ordinary `moede:`/`punkt:` link,
so rendering, caching and link checking treat it as if the editor had written it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cache import Store, digest
from .model import Archive, Item, Link, Meeting, MeetingDate

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")
_DATE = (r"(?:den |d\. ?)?(?P<day>\d{1,2})\. ?(?P<month>" + "|".join(MONTHS) + r")(?: (?P<year>\d{4}))?")
_ITEM = r"(?:,? (?:under )?|\s\()(?:punkt|pkt\.) ?(?P<num>\d{1,3}[a-z]?)\)?"
_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
_RESUMED = re.compile(r"\b(?:genoptages|tages op igen|udsættes til næste møde|udskydes til næste møde|"
                      r"(?:sættes|tages) (?:\w+ )?(?:på|op på) (?:dagsordenen (?:til|på) )?(?:det )?næste møde)\b",
                      re.IGNORECASE)
# Words naming a body (or "their" meeting): a sentence with one may speak of another forum.
_BODY = re.compile(r"\b(?:deres|\w*forum\w*|\w*udvalg\w*|\w*styregrupp\w*|\w*gruppe[nr]?\w*|\w*klynge\w*|"
                   r"regionsråd\w*|kommunalbestyrels\w*|byråd\w*|direktion\w*|bestyrelse\w*)\b", re.IGNORECASE)
# Cheap tests on the lower-cased text that a pattern (or _RESUMED) needs to pass to find
# anything: whatever a pattern matches holds what its hint matches. Lower-casing matches the
# letters as IGNORECASE does, except for the Turkish İ and ı and the long ſ (which IGNORECASE
# takes for "i" and "s"): text with one of them only gets the looser substring tests.
_MONTHS = "(?:" + "|".join(MONTHS) + ")"
_HINTS = {
    "forum": re.compile(r"\. ?" + _MONTHS),  # the date's ". oktober"
    "meeting": re.compile(r"møde[t]? (?:den |d\. ?)?\d{1,2}\. ?" + _MONTHS),
    "previous": re.compile(r"(?:sidste|forrige|seneste) (?:møde|styregruppemøde)"),
    "item": re.compile(r"(?:jf\.|jævnfør|se|under) (?:punkt|pkt\.)"),
}
_RESUMED_HINT = re.compile(r"genoptages|tages op igen|næste møde")
_CASE_EXOTIC = ("\u0130", "\u0131", "\u017f")
# Words too common in titles to tell one matter from another.
_GENERIC = {"status", "orientering", "drøftelse", "opfølgning", "punkt", "punkter", "møde", "mødet",
            "næste", "fortsat", "fortsættelse", "godkendelse", "eventuelt", "ved", "samt", "vedr", "mellem",
            "med", "for", "til", "fra", "den", "det", "der", "og", "om", "på", "af", "i", "en", "et"}


@dataclass
class Unresolved:
    meeting: Meeting
    item: Item
    phrase: str
    reason: str


@dataclass(frozen=True)
class Linked:
    """An item's texts with its references as links, and the Links that adds."""

    background: str
    sections: dict[str, str]
    links: list[Link]


@dataclass
class MeetingReferences:
    """What one meeting's items refer to, by item number (kept in the archive cache)."""

    unresolved: list[tuple[str, str, str]] = field(default_factory=list)  # (number, phrase, reason)
    continued: dict[str, tuple[str, str]] = field(default_factory=dict)
    linked: dict[str, Linked] = field(default_factory=dict)


@dataclass
class References:
    unresolved: list[Unresolved] = field(default_factory=list)
    # (meeting id, item number) of a postponed item -> that of the item taking it up.
    continued: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # (meeting id, item number) -> the item's texts with links, for items with references.
    linked: dict[tuple[str, str], Linked] = field(default_factory=dict)

    def add(self, meeting: Meeting, found: MeetingReferences) -> None:
        self.unresolved += [Unresolved(meeting, meeting.item(number), phrase, reason)
                            for number, phrase, reason in found.unresolved]
        self.continued.update(((meeting.id, number), target) for number, target in found.continued.items())
        self.linked.update(((meeting.id, number), linked) for number, linked in found.linked.items())


class _Resolver:
    def __init__(self, archive: Archive):
        self.meetings = {m.id: m for m in archive.meetings}
        self.by_forum_date: dict[tuple[str, str], list[Meeting]] = {}
        self.by_forum: dict[str, list[Meeting]] = {}
        for m in archive.meetings:
            self.by_forum_date.setdefault((m.forum, m.date.key), []).append(m)
            self.by_forum.setdefault(m.forum, []).append(m)
        for meetings in self.by_forum.values():
            meetings.sort(key=lambda m: (m.date.sort_key, m.slug))
        names = []
        for forum in archive.forums.values():
            for name in (forum.name, *forum.aliases):
                names.append((name, forum.id))
        names.sort(key=lambda n: len(n[0]), reverse=True)
        self.forum_ids = {name.lower(): fid for name, fid in names}
        forum_names = "|".join(re.escape(n) for n, _ in names) or "(?!)"
        # Forums named in a sentence, by name (a genitive -s too) or by a `forum:` link.
        self.named_forum = re.compile(r"\(forum:(?P<fid>[a-z0-9-]+)\)|(?<!\w)(?P<name>" + forum_names + r")s?(?!\w)", re.IGNORECASE)
        self.patterns = [
            # "Klyngestyregruppe Midt den 19. oktober 2020[, punkt 3]", "mødet i <forum> den ..."
            ("forum", re.compile(r"(?<!\w)(?:mødet i |møde i )?(?P<forum>" + forum_names + r")s?(?: møde| mødet)? "
                                 + _DATE + r"(?:" + _ITEM + r")?", re.IGNORECASE)),
            # "mødet den 9. december 2020[, punkt 3]" (the item's own forum)
            ("meeting", re.compile(r"(?<!\w)(?:mødet|møde) " + _DATE + r"(?:" + _ITEM + r")?", re.IGNORECASE)),
            # "sidste møde", "forrige møde"
            ("previous", re.compile(r"(?<!\w)(?:sidste|forrige|seneste) (?:møde|styregruppemøde)(?!\w)", re.IGNORECASE)),
            # "jf. punkt 3", "under punkt 7", "se pkt. 2a" (this meeting)
            ("item", re.compile(r"(?<!\w)(?:jf\.|jævnfør|se|under) (?:punkt|pkt\.) ?(?P<num>\d{1,3}[a-z]?)(?![\w/])", re.IGNORECASE)),
        ]

    # --- one text -------------------------------------------------------------------

    def link_text(self, meeting: Meeting, item: Item, text: str, unresolved: list[tuple[str, str]],
                  added: list[Link]) -> str:
        """The text with resolvable references as links; their Links go to `added`, the
        phrases that resolve to nothing to `unresolved` (phrase, reason)."""
        if not text:
            return text
        hints = _hints(text)
        if not any(hints.values()):
            return text  # most texts refer to nothing: no pattern needs to run
        taken = [(m.start(), m.end()) for m in _LINK.finditer(text)]
        found: list[tuple[int, int, str]] = []
        for kind, pattern in self.patterns:
            if not hints[kind]:
                continue
            for match in pattern.finditer(text):
                span = (match.start(), match.end())
                if any(a < span[1] and span[0] < b for a, b in taken):
                    continue
                phrase = match.group(0).strip()
                target, reason = self._resolve(kind, match, meeting, item, _sentence_before(text, match.start()))
                if target is not None and any(c in phrase for c in "[]()\\`*_<>"):
                    target, reason = None, "the phrase holds Markdown characters; write an explicit link"
                taken.append(span)
                if target is None:
                    unresolved.append((phrase, reason))
                    continue
                start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
                found.append((start, match.end(), target))
        for start, end, target in sorted(found, reverse=True):
            phrase = text[start:end]
            kind, _, ident = target.partition(":")
            text = f"{text[:start]}[{phrase}]({target}){text[end:]}"
            added.append(Link(kind, ident, item.source))
        return text

    def _resolve(self, kind: str, match: re.Match, meeting: Meeting, item: Item, before: str) -> tuple[str | None, str]:
        others = self._other_forums(before, meeting.forum)
        if kind in ("item", "previous") and others:
            return None, f"the sentence names another forum ({', '.join(others)})"
        body = _BODY.search(before)
        if kind != "forum" and not others and body:  # "Driftsforum ... på deres møde den ..."
            return None, f"the sentence names a body ('{body.group(0)}') that may not be this forum; name the forum"
        if kind == "item":
            number = match["num"].lower()
            if number == item.number:
                return None, "names the item itself"
            if meeting.item(number) is None:
                return None, f"this meeting has no item {number}"
            return f"punkt:{meeting.id}/{number}", ""
        if kind == "previous":
            return self._previous(meeting, item)
        if kind == "forum":
            forum = self.forum_ids.get(match["forum"].lower())
        elif not others:
            forum = meeting.forum
        elif len(others) == 1:  # "Sundhedskoordinationsudvalget drøftede på deres møde den ..."
            forum = others[0]
        else:
            return None, f"the sentence names several forums ({', '.join(others)}); name the forum with the date"
        date = _date(match, meeting.date)
        if date is None:
            return None, "the date is not a real date, or the year is not clear"
        found = self.by_forum_date.get((forum, date.key), [])
        if len(found) != 1:
            why = "no meeting" if not found else "more than one meeting"
            return None, f"{why} of {forum} on {date.key} in the archive"
        target = found[0]
        if target is meeting:
            return None, "names the meeting itself"
        number = match.groupdict().get("num")
        if number:
            if target.item(number.lower()) is None:
                return None, f"the meeting {target.id} has no item {number}"
            return f"punkt:{target.id}/{number.lower()}", ""
        return f"moede:{target.id}", ""

    def _other_forums(self, before: str, own: str) -> list[str]:
        found = []
        for m in self.named_forum.finditer(before):
            fid = m["fid"] or self.forum_ids.get(m["name"].lower())
            if fid and fid != own and fid not in found:
                found.append(fid)
        return found

    def _previous(self, meeting: Meeting, item: Item) -> tuple[str | None, str]:
        """"sidste møde": the forum's previous meeting in the archive, only when an item
        there is about the same matter (the archive may lack a meeting in between)."""
        meetings = self.by_forum.get(meeting.forum, [])
        index = meetings.index(meeting)
        if index == 0:
            return None, "no earlier meeting of the forum in the archive"
        previous = meetings[index - 1]
        match = same_matter(item, previous)
        if match is None:
            return None, f"no item of the previous meeting in the archive ({previous.id}) is about the same matter"
        return f"punkt:{previous.id}/{match.number}", ""

    def outline(self) -> str:
        """A key of all a meeting's references may resolve against besides the meeting: the
        forums' names, and every meeting's place in its forum's order with its items' numbers,
        titles and whether they are public. An edit of an item's text leaves it unchanged."""
        parts = [f"{name}\t{fid}" for name, fid in self.forum_ids.items()]
        for forum in sorted(self.by_forum):
            for m in self.by_forum[forum]:
                parts.append(f"{m.id}\t{m.forum}\t{m.date.key}")
                parts += [f"{item.number}\t{item.public}\t{item.title}" for item in m.items]
        return digest(*parts)

    def next_meeting(self, meeting: Meeting) -> Meeting | None:
        meetings = self.by_forum.get(meeting.forum, [])
        index = meetings.index(meeting)
        return meetings[index + 1] if index + 1 < len(meetings) else None


def _hints(text: str) -> dict[str, bool]:
    """Which patterns may find something in the text (False: surely nothing)."""
    lower = text.lower()
    if _case_exotic(text):
        forum = any(month in lower for month in MONTHS)
        return {"forum": forum, "meeting": forum, "previous": "møde" in lower,
                "item": "punkt" in lower or "pkt." in lower}
    return {"forum": _HINTS["forum"].search(lower) is not None,
            "meeting": "møde" in lower and _HINTS["meeting"].search(lower) is not None,
            "previous": "møde" in lower and _HINTS["previous"].search(lower) is not None,
            "item": ("punkt" in lower or "pkt." in lower) and _HINTS["item"].search(lower) is not None}


def _resumed(text: str) -> bool:
    """Whether a text says the matter is taken up at a later meeting."""
    if not _case_exotic(text) and _RESUMED_HINT.search(text.lower()) is None:
        return False
    return _RESUMED.search(text) is not None


def _case_exotic(text: str) -> bool:
    return any(char in text for char in _CASE_EXOTIC)  # instant for text in Latin-1


def _sentence_before(text: str, end: int) -> str:
    """The text of the sentence before a position (back to . ! ? or a paragraph break)."""
    start = max(text.rfind(". ", 0, end), text.rfind("! ", 0, end), text.rfind("? ", 0, end), text.rfind("\n\n", 0, end))
    return text[start + 1 if start >= 0 else 0:end]


def _date(match: re.Match, context: MeetingDate) -> MeetingDate | None:
    month = MONTHS.index(match["month"].lower()) + 1
    day = int(match["day"])
    year = int(match["year"]) if match["year"] else None
    if year is None:  # "den 19. oktober": the latest such date before the meeting, if one
        if context.month is None:
            return None  # the meeting's own date gives only the year: which year is unsure
        year = context.year if (month, day) < (context.month, context.day or 32) else context.year - 1
        if (month, day) == (context.month, context.day):
            return None
    try:
        return MeetingDate.parse(f"{year:04d}-{month:02d}-{day:02d}")
    except ValueError:
        return None


def _words(title: str) -> set[str]:
    words = re.findall(r"[a-zæøå0-9]+", _LINK.sub(lambda m: m.group(0).split("](")[0][1:], title.lower()))
    return {w[:6] for w in words if len(w) >= 3 and w not in _GENERIC}


def same_matter(item: Item, meeting: Meeting) -> Item | None:
    """The one item of the meeting whose title shares the item's matter (most of the
    content words of the shorter title, at least two), or None."""
    mine = _words(item.title)
    best, best_score, tie = None, 0.0, False
    for other in meeting.items:
        if not other.public:
            continue
        theirs = _words(other.title)
        shared = len(mine & theirs)
        if shared < 2 or not mine or not theirs:
            continue
        score = shared / min(len(mine), len(theirs))
        if score > best_score:
            best, best_score, tie = other, score, False
        elif score == best_score:
            tie = True
    return best if best is not None and best_score >= 0.6 and not tie else None


def resolve_references(archive: Archive, cache: Store | None = None, keys: dict[str, str] | None = None) -> References:
    """Find the resolvable references in the item texts (the texts with them as links are in
    `linked`; the archive is not changed), and where postponed items were taken up. Run on
    the view that will be published.

    With a `cache` and `keys` (a meeting's id -> a key of the meeting as derived), a
    meeting's findings come from the cache while it and the archive's outline (see
    `_Resolver.outline`) are unchanged: they depend on nothing else."""
    resolver = _Resolver(archive)
    outline = resolver.outline() if cache is not None and keys is not None else ""
    refs = References()
    for meeting in archive.meetings:
        if outline:
            found = cache.get_or_make(("references", outline, keys[meeting.id]),
                                      lambda m=meeting: _meeting_references(resolver, m))
        else:
            found = _meeting_references(resolver, meeting)
        refs.add(meeting, found)
    return refs


def _meeting_references(resolver: _Resolver, meeting: Meeting) -> MeetingReferences:
    found = MeetingReferences()
    for item in meeting.items:
        if not item.public:
            continue
        added: list[Link] = []
        unresolved: list[tuple[str, str]] = []
        background = resolver.link_text(meeting, item, item.background, unresolved, added)
        sections = {k: resolver.link_text(meeting, item, v, unresolved, added) for k, v in item.sections.items()}
        found.unresolved += [(item.number, phrase, reason) for phrase, reason in unresolved]
        if added:
            found.linked[item.number] = Linked(background, sections, added)
        resumed = item.outcome == "udsat" or any(_resumed(t) for t in sections.values())
        if resumed:
            following = resolver.next_meeting(meeting)
            taken_up = same_matter(item, following) if following else None
            if taken_up is not None:
                found.continued[item.number] = (following.id, taken_up.number)
    return found
