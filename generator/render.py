"""Markdown of agenda items to HTML, with `kind:id` links turned into site links.

Rendered HTML uses ROOT as the prefix of site links; the plugin replaces it with the path
from each output page to the site root, so the same rendered text serves every page and
the site works from a file share (relative links only).
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .cache import Store, digest
from .fork import can_fork, fork_map
from .links import link_texts, split_href
from .model import Item, Meeting
from .safemarkdown import SafeMarkdown, is_safe_url  # noqa: F401 (is_safe_url: part of this module's API)
from .urls import link_path, page_link

ROOT = "/__ROOT__/"

EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")


def site_url(path: str) -> str:
    """A site-root-relative path ('fora/x/') as a placeholder link for rendered HTML."""
    return ROOT + path


_SITE_LINK_RE = re.compile(re.escape(ROOT) + r"([^\"'#\s<>]*)")

# Text of the HTML rendered here (not of any HTML): python-markdown escapes '<' and '>' in
# text and attribute values, so a tag is '<' to the next '>'. Regexes, not html.parser:
# the same text at less than half the cost, which counts at 200,000 items (a test compares
# the two on every seed item).
_BLOCK_TAG_RE = re.compile(r"</?(?:p|li|ul|ol|h\d|br|div|table|thead|tbody|tr|td|th|blockquote|pre)\b[^>]*>", re.I)
_TAG_RE = re.compile(r"<[^>]+>")


def html_text(fragment: str) -> str:
    """Rendered HTML as one line of plain text: blocks apart, inline markup dropped."""
    return " ".join(html.unescape(_TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", fragment))).split())



def resolve_site_links(html: str, root_prefix: str, directory_urls: bool = True) -> str:
    """Turn placeholder links into links relative to the page. Without directory URLs
    (the offline build, opened from disk) a folder link must name its index.html."""
    if directory_urls:
        return html.replace(ROOT, root_prefix)
    return _SITE_LINK_RE.sub(lambda m: root_prefix + page_link(m.group(1), directory_urls), html)


class _SiteLinks(Treeprocessor):
    """`kind:id` links become site links; SafeMarkdown drops any other unsafe address later."""

    meeting: Meeting | None = None

    def run(self, root: Element) -> None:
        for a in root.iter("a"):
            ours = split_href(a.get("href", ""))
            if ours:
                kind, target = ours
                a.set("href", site_url(link_path(kind, target, self.meeting.id if self.meeting else "")))
                a.set("class", f"ra-ref ra-ref-{kind}")


class SiteLinkExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        self.links = _SiteLinks(md)
        md.treeprocessors.register(self.links, "referat-links", 5)


class Renderer:
    """Renders item text; one Markdown instance reused (resetting is much cheaper than creating)."""

    def __init__(self) -> None:
        self._ext = SiteLinkExtension()
        self._md = markdown.Markdown(extensions=["tables", "sane_lists", SafeMarkdown(), self._ext])

    def block(self, text: str, meeting: Meeting | None = None) -> str:
        if not text.strip():
            return ""
        self._ext.links.meeting = meeting
        return self._md.reset().convert(text)


def plain(text: str) -> str:
    """Markdown inline text without link targets and emphasis markers, for titles and lists."""
    return EMPHASIS_RE.sub(lambda m: m.group(2), link_texts(text)).strip()


@dataclass
class RenderedItem:
    title_html: str
    title_text: str
    background_html: str
    sections_html: dict[str, str]


class ItemRenderer:
    """Renders each item once, however many pages show it.

    All text of one meeting goes through Markdown in a single call, split by marker
    paragraphs: Markdown's fixed cost per call dominates for short texts, and a meeting has
    dozens of them. Rendered chunks are kept in a cache Store keyed by the meeting's text,
    and `prerender` spreads cold meetings over the machine's cores.

    One ItemRenderer serves one archive, which is read-only and in which a meeting's id is
    unique: what it keeps is keyed by meeting id and item number (an object's id() may be
    reused by another object once the first is gone)."""

    MARKER = "RA-SPLIT-5f0c2e"

    def __init__(self, cache: Store | None = None) -> None:
        self.renderer = Renderer()
        self.cache = cache or Store(None)
        self._items: dict[tuple[str, str], RenderedItem] = {}
        self._keys: dict[str, str] = {}

    def key(self, meeting: Meeting) -> str:
        """A hash of everything of the meeting that is rendered (its texts as shown, the
        preamble included, and its URL)."""
        key = self._keys.get(meeting.id)
        if key is None:
            key = self._keys[meeting.id] = _cache_key(meeting)
        return key

    def shown(self, meeting: Meeting) -> str:
        """A key of the meeting as pages and files show it: its file, and its texts as shown
        (the public view changes texts that link to closed meetings elsewhere)."""
        return f"{meeting.digest}:{self.key(meeting)}"

    def __call__(self, meeting: Meeting, item: Item) -> RenderedItem:
        rendered = self._items.get((meeting.id, item.number))
        if rendered is None:
            self._store(meeting, self._chunks(meeting))
            rendered = self._items[(meeting.id, item.number)]
        return rendered

    def preamble(self, meeting: Meeting) -> str:
        """HTML of the meeting's text before its first item."""
        return self._chunks(meeting)[0]

    def prerender(self, meetings: list[Meeting], workers: int | None = None) -> None:
        """Render every meeting not in the cache, in parallel when there are many."""
        cold = [m for m in meetings if self.cache.get(self.key(m)) is None]
        workers = workers or min(os.cpu_count() or 1, 4)
        if len(cold) < PARALLEL_THRESHOLD or not can_fork(workers):
            for m in cold:
                self._chunks(m)
            return
        results = fork_map(lambda n: render_meeting_chunks(_worker_renderer(), cold[n]), len(cold), workers)
        for m, chunks in zip(cold, results, strict=True):
            self.cache.put(self.key(m), chunks)

    def _chunks(self, meeting: Meeting) -> list[str]:
        return self.cache.get_or_make(self.key(meeting), lambda: render_meeting_chunks(self.renderer, meeting))

    def _store(self, meeting: Meeting, chunks: list[str]) -> None:
        it = iter(chunks[1:])  # the first is the preamble
        for item in meeting.items:
            title = next(it)
            if title.startswith("<p>") and title.endswith("</p>"):
                title = title[3:-4]
            background = next(it)
            sections = {k: next(it) for k in item.sections}
            self._items[(meeting.id, item.number)] = RenderedItem(
                title_html=title,
                title_text=plain(item.title),
                background_html=background,
                sections_html={k: v for k, v in sections.items() if v},
            )


PARALLEL_THRESHOLD = 200
# What the same text renders to depends on this module and Markdown: both key the cache.
RENDERER = digest(Path(__file__).read_bytes(), markdown.__version__)
_WORKER_RENDERER: Renderer | None = None


def _worker_renderer() -> Renderer:
    """One Markdown instance per forked worker."""
    global _WORKER_RENDERER
    if _WORKER_RENDERER is None:
        _WORKER_RENDERER = Renderer()
    return _WORKER_RENDERER


def _parts(meeting: Meeting) -> list[str]:
    parts: list[str] = [meeting.preamble]
    for item in meeting.items:
        parts += [item.title, item.background, *item.sections.values()]
    return parts


def _cache_key(meeting: Meeting) -> str:
    # The URL is part of the key: `punkt:` links resolve against the meeting.
    return digest(RENDERER, meeting.url, *_parts(meeting))


def render_meeting_chunks(renderer: Renderer, meeting: Meeting) -> list[str]:
    """HTML of every text of a meeting (preamble; title, background, sections per item), in order."""
    parts = _parts(meeting)
    marker = f"\n\n{ItemRenderer.MARKER}\n\n"
    html = renderer.block(marker.join(p if p.strip() else "" for p in parts) + marker, meeting)
    chunks = [c.strip() for c in html.split(f"<p>{ItemRenderer.MARKER}</p>")]
    if len(chunks) != len(parts) + 1:  # a marker was swallowed (e.g. by a code block): render singly
        return [renderer.block(p, meeting) for p in parts]
    return chunks[:-1]
