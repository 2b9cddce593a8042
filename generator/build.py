"""The build between content/ and the output folder, independent of mkdocs.

A SiteBuild loads the archive and plans its pages. The few pages of the navigation (home,
search, the indexes) are made at once and rendered by the site generator; the many others
(meetings, agreements, people...) are made and rendered by forked workers, both cores,
while the generator renders the navigation's pages: a page whose inputs are unchanged comes
finished from the page cache without being made. Meanwhile the search index is built in a
forked process. Once the pages are rendered it writes feeds and data, moves the search
files in, writes the sitemap, checks the links and swaps the new site into place.

The mkdocs plugin hands its events to it, as mkdocs' own search plugin hands them to its
index: start() when the configuration is read, pages_to_render() for the files,
render_pages() once the theme is ready, data() as a navigation page is rendered and
page_done() after, finish() and commit() at the end, abort() when the build fails.
"""

from __future__ import annotations

import marshal
import os
import re
import shutil
import tempfile
import weakref
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .archive import load_archive
from .cache import FileStore, PageCache, Store, environment_key, inputs_key, page_key, place
from .fork import Background, ForkedMap, can_fork
from .gcpause import gc_paused
from .linkcheck import BrokenLink, LinkChecker, find
from .output import AtomicOutput, normalise_gzip
from .pages import YEAR_PAGES_FROM, PageSpec, SiteBuilder
from .published import Publisher
from .render import resolve_site_links
from .search.documents import search_documents
from .search.index import build_search_files
from .sitemap import write_sitemap
from .urls import ENTITY_FOLDERS, HOME, INDEX_FILE, SEARCH, SiteLinks, index_path, page_file, root_prefix

# Index pages appear in the navigation, are made every build and rendered by the site
# generator; the (many) other pages are not in the navigation, are rendered by forked
# workers, and come from the page cache while their inputs are unchanged.
NAV_PATHS = frozenset({HOME, SEARCH, *map(index_path, ENTITY_FOLDERS)})
SCRATCH_PREFIX = ".referat-search-"
SCRATCH_RE = re.compile(re.escape(SCRATCH_PREFIX) + r"(?:(\d+)-)?[^/]*$")

# A generated page's HTML from its spec and data: the site's theme template (themepages.py).
Render = Callable[[PageSpec, dict[str, Any]], str]
Plan = tuple[str, str | None, Callable[[], PageSpec]]  # path, inputs, how to make it (pages.py)


class PageError(RuntimeError):
    """A generated page failed to render (a template error, say); names the page."""


@dataclass(frozen=True)
class Rendered:
    """What a worker reports of a page outside the navigation: its page cache key (None
    without a cache), the key of its inputs (None if not cacheable by inputs), and what
    the link checker found in it (None when the links are not checked)."""

    key: str | None
    inputs: str | None
    found: dict[str, list] | None


@dataclass
class Settings:
    content_dir: Path
    site_dir: Path  # where the finished site goes
    cache_dir: Path | None = None  # None: no caches
    internal: bool = False
    check_links: bool = True
    directory_urls: bool = True
    site_url: str = ""
    swap: bool = True  # build into a sibling folder and swap it in; False: in place (serve)
    # Everything else that shapes a page's HTML: the effective site configuration
    # (JSON-able) and the theme folders; both key the page cache.
    config: dict[str, Any] = field(default_factory=dict)
    theme_dirs: list[Path] = field(default_factory=list)
    site_name: str = ""
    feed_id_prefix: str = ""  # the start of feed entry ids (see feeds.py)
    url_ledger: Path | None = None  # the file of every URL published; kept by swapping public builds
    year_pages_from: int = YEAR_PAGES_FROM  # entries of an entity page before its years get pages


class SiteBuild:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.specs: dict[str, PageSpec] = {}  # src_uri -> every generated page
        self.payloads: dict[str, bytes] = {}  # src_uri -> compressed data of a navigation page
        self.others: list[Plan] = []  # the pages outside the navigation, to render in workers
        self.rendering: ForkedMap | list[Rendered] | None = None
        self.rendered: set[str] = set()  # site paths of every page rendered (hand-written ones too)
        self.links = LinkChecker()
        self.page_cache: PageCache | None = None
        self.env_key = ""
        self.output: AtomicOutput | None = None
        self.search: Background | None = None
        self.saving: list[Background] = []  # the archive and render caches, written beside the build
        self.publisher: Publisher | None = None
        self.scratch: Path | None = None
        self._discard_scratch: weakref.finalize | None = None

    @property
    def output_dir(self) -> Path:
        """Where the pages are to be written."""
        return self.output.building if self.output else self.settings.site_dir

    # --- start: load, render, plan ---------------------------------------------------------

    def start(self) -> None:
        """Load and validate content/ (raises ContentErrors before anything is written),
        render its text, start the search index and plan the pages."""
        with gc_paused():
            self._start()

    def _start(self) -> None:
        # The archive stays until the workers have made the pages outside the navigation
        # (they inherit it; nothing is copied to them) and the feeds are written.
        s = self.settings
        folder = s.cache_dir / ("internal" if s.internal else "public") if s.cache_dir else None
        archive_cache = Store(folder / "archive.pickle" if folder else None)
        archive = load_archive(s.content_dir, internal=s.internal, cache=archive_cache)
        if archive_cache.unsaved:  # pickling the archive is seconds of work: done beside the build
            self.saving.append(Background(archive_cache.save))
        del archive_cache  # here only what the archive itself needs stays
        render_cache = Store(folder / "render.pickle" if folder else None)
        if folder:
            self.env_key = environment_key(
                {**s.config, "referat": [s.internal, s.directory_urls, s.site_url]},
                [*s.theme_dirs, Path(__file__).parent])
            self.page_cache = PageCache(folder, self.env_key)
        builder = SiteBuilder(archive, render_cache, s.year_pages_from)
        builder.items.prerender(archive.meetings)
        if render_cache.unsaved:  # pickling a str keeps its UTF-8 copy: done in a child, not here
            self.saving.append(Background(render_cache.save))
        if s.swap:
            self.output = AtomicOutput(s.site_dir)
        self._start_search(builder, Store(folder / "search-terms.pickle" if folder else None),
                           FileStore(folder / "search-docs" if folder else None))
        ledger = s.url_ledger if s.swap and not s.internal else None  # serve and internal builds publish nothing
        self.publisher = Publisher(archive, builder.ix, builder.items, SiteLinks.of(s.site_url, s.directory_urls),
                                   s.site_name, s.feed_id_prefix, ledger)
        for path, inputs, make in builder.plan():
            if path in NAV_PATHS:
                self._add_page(make())
            else:  # made by a worker; the plan keeps the archive alive until then
                spec = PageSpec(path, "", "", {})
                self.specs[spec.src_uri] = spec
                self.others.append((path, inputs, make))
        if self.page_cache:
            self.page_cache.index.load()  # once, for all the workers

    def _start_search(self, builder: SiteBuilder, cache: Store, kept: FileStore) -> None:
        """The search index is built beside the pages, on the other core, in a scratch folder
        beside the site (so it moves into the site at once)."""
        parent = self.settings.site_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        remove_debris(parent)
        self.scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=parent))
        docs, facets = search_documents(builder.archive, builder.ix, builder.items)
        scratch = self.scratch
        def index() -> None:  # the files are written as they are made; nothing returns to this process
            build_search_files(docs, facets, cache, into=scratch / "search", kept=kept)

        self.search = Background(index)
        # Ctrl-C ends the build without an event: the folder goes when the process exits.
        self._discard_scratch = weakref.finalize(self, _discard, self.search, scratch)

    def _add_page(self, spec: PageSpec) -> None:
        """A navigation page's data is kept compressed until the generator renders it."""
        self.specs[spec.src_uri] = spec
        self.payloads[spec.src_uri] = zlib.compress(_frozen(spec.data), 1)
        spec.data = None

    # --- rendering ---------------------------------------------------------------------------

    def pages_to_render(self) -> list[tuple[PageSpec, bool]]:
        """The generated pages the site generator renders (those of the navigation), with
        whether each is in the navigation."""
        return [(spec, spec.path in NAV_PATHS) for uri, spec in self.specs.items() if uri in self.payloads]

    def render_pages(self, render: Render) -> None:
        """Start making and rendering the pages outside the navigation in forked workers,
        while the site generator renders its own pages; finish() takes the rest."""
        if not can_fork():
            self.rendering = [self._render_other(i, render) for i in range(len(self.others))]
            return
        cores = usable_cores()
        workers = render_workers(cores)
        # Workers beyond the cores left by this process and the search index's would only
        # share them, each holding its own copy of the archive: they start when it is done.
        late = max(0, workers + 2 - cores)
        self.rendering = ForkedMap(lambda i: self._render_other(i, render), len(self.others), workers,
                                   after=self.search, after_count=late)

    def _render_other(self, index: int, render: Render) -> Rendered:
        """Make a page outside the navigation (unless the cache has it by its inputs),
        render it (unless the cache has it by its data) and write it into the site."""
        path, inputs, make = self.others[index]
        cache, check = self.page_cache, self.settings.check_links
        dest_uri = page_file(path)
        target = self.output_dir / dest_uri
        known = inputs_key(self.env_key, inputs) if cache and inputs is not None else None
        cached = cache.by_inputs(known) if known else None
        key = cached.stem if cached else None
        if cached is None:
            spec = make()
            if cache:
                meta = [spec.src_uri, spec.title, spec.template, spec.description, spec.toc]
                key = page_key(self.env_key, meta, _frozen(spec.data))
                cached = cache.get(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        if cached is not None:
            place(cached, target, link=self.output is not None)
            found = cache.links(key) if check else None
            if check and found is None:
                found = find(dest_uri, cached.read_text(encoding="utf-8"), self.links.pool)
            return Rendered(key, known, found)
        try:
            html = render(spec, spec.data)
        except Exception as exc:
            raise PageError(f"Error building page '{spec.src_uri}': {exc}") from exc
        html = resolve_site_links(html, root_prefix(dest_uri), self.settings.directory_urls)
        found = find(dest_uri, html, self.links.pool) if check else None
        if cache and self.output is None:  # the site is rewritten in place (serve): the cache keeps a copy
            cache.put(key, html)
        target.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))  # as mkdocs writes a page
        if cache and self.output is not None:  # a fresh site folder: the cache links the file
            cache.keep(key, target)
        return Rendered(key, known, found)

    def _poll(self) -> None:
        """Between the files finish() writes: start the rendering workers that wait for the
        search index, if it is done. (Not while the site generator renders a page: a fork
        then would inherit that page marked as the one shown, and its section with it.)"""
        if isinstance(self.rendering, ForkedMap):
            self.rendering.poll()

    def _others_done(self) -> None:
        """Wait for the workers and take their pages into the link check and page cache."""
        if self.rendering is None and self.others:
            raise RuntimeError("the pages outside the navigation were never rendered: call render_pages()")
        if isinstance(self.rendering, ForkedMap):
            self.rendering.help()
            results = self.rendering.results()
        else:
            results = self.rendering or []
        for (path, _, _), done in zip(self.others, results, strict=True):
            if self.page_cache and done.key:
                self.page_cache.record(done.key, done.inputs, done.found)
            if done.found is not None:
                self.links.add_found(page_file(path), done.found)
        self.others, self.rendering = [], None

    def spec(self, src_uri: str) -> PageSpec | None:
        return self.specs.get(src_uri)

    def data(self, src_uri: str) -> dict[str, Any] | None:
        """A generated page's template data, handed over once."""
        payload = self.payloads.pop(src_uri, None)
        return None if payload is None else marshal.loads(zlib.decompress(payload))

    def page_done(self, dest_uri: str, html: str) -> str:
        """A page rendered by the site generator (of the navigation, or hand-written): its
        site links made relative, its links recorded for the check."""
        html = resolve_site_links(html, root_prefix(dest_uri), self.settings.directory_urls)
        if self.settings.check_links:
            self.links.add_page(dest_uri, html)
        self.rendered.add(dest_uri.removesuffix(INDEX_FILE))
        return html

    # --- the end ---------------------------------------------------------------------------

    def finish(self) -> list[BrokenLink]:
        """Complete the site in the output folder; returns the links that do not resolve.
        Raises PublishError when a published file would replace a page or a URL of the
        ledger would go."""
        site = self.output_dir
        # Feeds, open data, redirects (which join the link check), while the workers render.
        pages = frozenset(page_file(path) for path, _, _ in self.others)
        self.publisher.write(site, self.links if self.settings.check_links else None, pages, each=self._poll,
                             cache=self.page_cache, link=self.output is not None)
        self._others_done()
        self.publisher.check_ledger(site)
        self.search.wait()
        for saving in self.saving:
            saving.wait()
        _move_into(self.scratch / "search", site / "search")
        self._discard_scratch()
        if self.page_cache:
            self.page_cache.prune()
        if self.settings.site_url:
            write_sitemap(site, self.settings.site_url, self.site_paths())
        else:
            normalise_gzip(site / "sitemap.xml.gz")  # mkdocs stamps it with the build time
        if not self.settings.check_links:
            return []
        return self.links.broken(lambda p: (site / p).is_file(), lambda p: (site / p).read_text(encoding="utf-8"))

    def site_paths(self) -> list[str]:
        """Every page of the site: the generated ones and those rendered from docs_dir."""
        return sorted({spec.path for spec in self.specs.values()} | self.rendered)

    def commit(self, keep: bool = True) -> None:
        """Swap the finished site into place (or, unless `keep`, throw it away)."""
        if self.output is None:
            return
        if keep:
            self.output.commit()
            self.publisher.save_ledger()  # the ledger lists what is now in place
        else:
            self.output.discard()

    def abort(self) -> None:
        if isinstance(self.rendering, ForkedMap):
            self.rendering.cancel()
        for saving in self.saving:
            saving.cancel()
        if self._discard_scratch is not None:
            self._discard_scratch()
        if self.output:
            self.output.discard()


# Each rendering worker holds its own copy of what it touches of the archive (about 1 GB at
# 20,000 meetings), so more cores do not get more workers than this.
MAX_RENDER_WORKERS = 3


def usable_cores() -> int:
    """The cores the build may use (its CPU affinity where the system tells it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2


def render_workers(cores: int | None = None) -> int:
    """Forked workers that render beside this process (which joins them once its own pages
    are done): one per further core the build may use, at least one, at most MAX_RENDER_WORKERS."""
    return max(1, min((cores or usable_cores()) - 1, MAX_RENDER_WORKERS))


def _frozen(data: Any) -> bytes:
    """A page's data as bytes, to keep until it is rendered and to key the page cache:
    marshal's version 2, which writes equal data as equal bytes however its strings are
    shared (fresh from rendering or read from the cache; later versions refer back to an
    object seen before). Not pickle: pickling a str keeps a UTF-8 copy of it for the
    string's lifetime, and a worker keying a meeting's page would copy that meeting's
    rendered text so. (On 185 MB of page-like data: 0.24 s to write, pickle 0.20 s.)"""
    return marshal.dumps(data, 2)


def remove_debris(folder: Path) -> None:
    """Scratch folders left by builds that were killed (their process is gone)."""
    for path in folder.glob(f"{SCRATCH_PREFIX}*"):
        match = SCRATCH_RE.match(path.name)
        if match and path.is_dir() and not _alive(int(match[1]) if match[1] else None):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int | None) -> bool:
    if pid is None or pid == os.getpid():  # a folder of this process is not in use by now
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _discard(search: Background, scratch: Path) -> None:
    search.cancel()
    shutil.rmtree(scratch, ignore_errors=True)


def _move_into(source: Path, target: Path) -> None:
    """Move a folder's files into the site (a rename where the target does not exist yet)."""
    if not target.exists():
        source.rename(target)
        return
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            path.replace(destination)
