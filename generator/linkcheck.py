"""Checks that every internal link of a built site resolves to a page and, if it has one, an
anchor on that page. Works on output HTML, so it sees exactly what readers get."""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .urls import page_file

HREF_RE = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
ID_RE = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# Where ID_RE may match: an "=" with a quote after it, and before it whitespace or the end of
# "id"/"name" in any case (IGNORECASE lets "i" be "İ" and "ı" too). The engine skips to each
# "=" quickly, while ID_RE itself would be tried at every character of a page (most of the
# link check's time); ID_RE still decides at each candidate, so the anchors are the same.
_ID_CANDIDATE = re.compile(r"""=(?:(?<=[iIİı][dD]=)|(?<=[nN][aA][mM][eE]=)|(?<=\s=))\s*["']""")


def page_ids(html: str) -> set[str]:
    """The anchors of a page: the values of its id and name attributes (ID_RE.findall's)."""
    ids = set()
    end = 0  # where the last match ended: matches do not overlap, as with findall
    for candidate in _ID_CANDIDATE.finditer(html):
        name_end = candidate.start()
        while name_end > end and html[name_end - 1].isspace():
            name_end -= 1
        for start in (name_end - 2, name_end - 4):  # "id" or "name"
            match = ID_RE.match(html, start) if start >= end else None
            if match:
                ids.add(match[1] if match[1] is not None else match[2])
                end = match.end()
                break
    return ids


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    reason: str

    def __str__(self) -> str:
        return f"/{self.page}: link '{self.href}' {self.reason}"


def find(file_path: str, html: str, pool: dict | None = None) -> dict[str, list]:
    """What the check needs of a page: its ids (sorted), and the distinct places its links
    point to, (site file, anchor). Equal links and ids of many pages (the header's, the
    same meeting linked from every page naming it) are one object through `pool`, so a
    large site's links take memory once, and pickle once (from a worker). The links as
    written are not kept (at 20,000 meetings they were most of the check's 500 MB):
    broken() reads them again from the few pages that have a broken one."""
    pool = {} if pool is None else pool
    folder = posixpath.dirname(file_path)
    links = dict.fromkeys(_place(file_path, href, folder, pool) for href in _hrefs(html))
    return {"ids": [pool.setdefault(i, i) for i in sorted(page_ids(html))], "links": list(links)}


def _hrefs(html: str) -> Iterator[str]:
    """The page's distinct links within the site, in order."""
    for href in dict.fromkeys(a or b for a, b in HREF_RE.findall(html)):
        if not (href.startswith(EXTERNAL) or _SCHEME_RE.match(href)):
            yield href


def _place(file_path: str, href: str, folder: str, pool: dict) -> tuple[str | None, str]:
    target, fragment = _target(file_path, href, folder)
    place = (pool.setdefault(target, target), pool.setdefault(fragment, fragment))
    return pool.setdefault(place, place)


@dataclass
class LinkChecker:
    """Collect pages (site path of the output file, HTML), then ask for broken links."""

    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sorted
    links: dict[str, list[tuple]] = field(default_factory=dict)
    pool: dict = field(default_factory=dict, repr=False)

    def add_page(self, file_path: str, html: str) -> dict[str, list]:
        """Record a page; returns what was found (its ids, and its links resolved to a site
        file and anchor), to be cached and handed to add_found on a later build."""
        found = find(file_path, html, self.pool)
        self.add_found(file_path, found)
        return found

    def add_found(self, file_path: str, found: dict[str, list]) -> None:
        # A sorted tuple, searched by bisection: a set per page would take several times the memory.
        self.ids[file_path] = tuple(found["ids"])
        self.links[file_path] = found["links"]

    def broken(self, exists: Callable[[str], bool] | None = None,
               read: Callable[[str], str] | None = None) -> list[BrokenLink]:
        """`exists(path)` tells whether a non-page file is in the site (assets, downloads);
        `read(path)` gives a page's HTML, for the links as written on the pages with a
        broken one (without it, a link is named by the place it points to)."""
        # Each place once: most are linked from many pages (the header's, a meeting's items).
        places = set().union(*self.links.values())
        wrong = {place: reason for place in places if (reason := self._check(*place, exists))}
        found = []
        for page, links in self.links.items() if wrong else ():
            if wrong.keys().isdisjoint(links):
                continue
            reasons = {place: wrong[place] for place in links if place in wrong}
            if read is None:
                found += [BrokenLink(page, _written(place), reason) for place, reason in reasons.items()]
                continue
            folder = posixpath.dirname(page)
            for href in _hrefs(read(page)):
                reason = reasons.get(_target(page, href, folder))
                if reason:
                    found.append(BrokenLink(page, href, reason))
        return found

    def _check(self, target: str | None, fragment: str, exists) -> str | None:
        if target is None:
            return "leaves the site"
        ids = self.ids.get(target)
        if ids is None:
            if exists is not None and not fragment and exists(target):
                return None
            return "points to a page that does not exist"
        if fragment and not _has(ids, fragment):
            return f"points to an anchor '#{fragment}' that /{target} does not have"
        return None


def _written(place: tuple[str | None, str]) -> str:
    target, fragment = place
    return f"/{target or ''}" + (f"#{fragment}" if fragment else "")


def _has(ids: tuple[str, ...], anchor: str) -> bool:
    at = bisect_left(ids, anchor)
    return at < len(ids) and ids[at] == anchor


def _target(page: str, href: str, folder: str | None = None) -> tuple[str | None, str]:
    """The site file (None if the link leaves the site) and anchor an internal link points to;
    `folder` is the page's (posixpath.dirname), when the caller has it for all of its links."""
    path, _, fragment = href.partition("#")
    path = path.partition("?")[0]
    target = page if not path else _resolve(page, unquote(path) if "%" in path else path, folder)
    return target, unquote(fragment) if "%" in fragment else fragment


EXTERNAL = ("//", "mailto:", "tel:", "javascript:", "data:")
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _resolve(page: str, path: str, folder: str | None = None) -> str | None:
    # Root-absolute links (as on 404.html, which may be served at any depth) start at the site root.
    if path.startswith("/"):
        base, path = "", path.lstrip("/")
    else:
        base = posixpath.dirname(page) if folder is None else folder
    # posixpath.join(base, path), for a path that does not start with "/"
    joined = posixpath.normpath(base + path if not base or base.endswith("/") else f"{base}/{path}")
    if joined.startswith(".."):
        return None
    joined = "" if joined == "." else joined
    if path.endswith("/") and joined:
        joined += "/"
    if joined.endswith("/") or joined == "":
        joined = page_file(joined)
    return joined


def check_site(site_dir: Path, pages: Iterable[Path] | None = None) -> list[BrokenLink]:
    """Crawl every HTML file of a built site folder."""
    checker = LinkChecker()
    for path in pages or sorted(site_dir.rglob("*.html")):
        checker.add_page(path.relative_to(site_dir).as_posix(), path.read_text(encoding="utf-8"))
    return checker.broken(lambda p: (site_dir / p).is_file(), lambda p: (site_dir / p).read_text(encoding="utf-8"))
