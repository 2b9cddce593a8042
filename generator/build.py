"""The build between content/ and the output folder, independent of mkdocs.

A SiteBuild loads the archive and plans its pages: a page whose inputs are unchanged comes
finished from the page cache; a page that is made keeps its data, as compressed JSON,
until it is rendered. Meanwhile the search index is built in a forked process. Once the
pages are rendered it places the cached ones, moves the search files in, writes the
sitemap, checks the links and swaps the new site into place.

The mkdocs plugin hands its events to it, as mkdocs' own search plugin hands them to its
index: start() when the configuration is read, pages_to_render() for the files, data()
as a page is rendered and page_done() after, finish() and commit() at the end, abort()
when the build fails.
"""

from __future__ import annotations

import io
import os
import pickle
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
from .cache import PageCache, Store, environment_key, inputs_key, page_key
from .fork import Background
from .gcpause import gc_paused
from .linkcheck import BrokenLink, LinkChecker
from .output import AtomicOutput, normalise_gzip
from .pages import PageSpec, SiteBuilder
from .published import Publisher
from .render import resolve_site_links
from .search.documents import search_documents
from .search.index import build_search_files, write_search_files
from .sitemap import write_sitemap
from .urls import ENTITY_FOLDERS, HOME, INDEX_FILE, SEARCH, SiteLinks, index_path, page_file, root_prefix

# Index pages appear in the navigation and are made every build; the (many) entity pages
# are not in the navigation and come from the page cache while their inputs are unchanged.
NAV_PATHS = frozenset({HOME, SEARCH, *map(index_path, ENTITY_FOLDERS)})
SCRATCH_PREFIX = ".referat-search-"
SCRATCH_RE = re.compile(re.escape(SCRATCH_PREFIX) + r"(?:(\d+)-)?[^/]*$")


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


class SiteBuild:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.specs: dict[str, PageSpec] = {}  # src_uri -> every generated page
        self.payloads: dict[str, bytes] = {}  # src_uri -> compressed data of a page to render
        self.page_keys: dict[str, str] = {}  # src_uri -> cache key, for pages rendered this build
        self.cached_pages: list[tuple[PageSpec, Path]] = []  # pages taken from the cache
        self.rendered: set[str] = set()  # site paths of every page rendered (hand-written ones too)
        self.links = LinkChecker()
        self.page_cache: PageCache | None = None
        self.env_key = ""
        self.output: AtomicOutput | None = None
        self.search: Background | None = None
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
        # The archive is not kept: once the pages are planned and the search worker forked,
        # what a large archive holds is freed before mkdocs renders.
        s = self.settings
        archive = load_archive(s.content_dir, internal=s.internal)
        folder = s.cache_dir / ("internal" if s.internal else "public") if s.cache_dir else None
        render_cache = Store(folder / "render.pickle" if folder else None)
        if folder:
            self.env_key = environment_key(
                {**s.config, "referat": [s.internal, s.directory_urls, s.site_url]},
                [*s.theme_dirs, Path(__file__).parent])
            self.page_cache = PageCache(folder, self.env_key)
        builder = SiteBuilder(archive, render_cache)
        builder.items.prerender(archive.meetings)
        render_cache.save()
        if s.swap:
            self.output = AtomicOutput(s.site_dir)
        self._start_search(builder, Store(folder / "search-terms.pickle" if folder else None))
        ledger = s.url_ledger if s.swap and not s.internal else None  # serve and internal builds publish nothing
        self.publisher = Publisher(archive, builder.ix, builder.items, SiteLinks.of(s.site_url, s.directory_urls),
                                   s.site_name, s.feed_id_prefix, ledger)
        for path, inputs, make in builder.plan():
            self._add_page(path, inputs, make)

    def _start_search(self, builder: SiteBuilder, cache: Store) -> None:
        """The search index is built beside the pages, on the other core, in a scratch folder
        beside the site (so it moves into the site at once)."""
        parent = self.settings.site_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        remove_debris(parent)
        self.scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=parent))
        docs, facets = search_documents(builder.archive, builder.ix, builder.items)
        scratch = self.scratch
        self.search = Background(lambda: write_search_files(scratch, build_search_files(docs, facets, cache)))
        # Ctrl-C ends the build without an event: the folder goes when the process exits.
        self._discard_scratch = weakref.finalize(self, _discard, self.search, scratch)

    def _add_page(self, path: str, inputs: str | None, make: Callable[[], PageSpec]) -> None:
        """A page whose inputs are unchanged comes from the cache without being made; a made
        page's data is kept as compressed JSON until it is rendered, or the cached page is
        used when its data is unchanged: a large archive's pages are never all in memory."""
        cache = self.page_cache if path not in NAV_PATHS else None
        known = inputs_key(self.env_key, inputs) if cache and inputs is not None else None
        cached = cache.by_inputs(known) if known else None
        if cached is not None:
            spec = PageSpec(path, "", "", {})
            self.specs[spec.src_uri] = spec
            self.cached_pages.append((spec, cached))
            return
        spec = make()
        payload = _frozen(spec.data)
        spec.data = None
        self.specs[spec.src_uri] = spec
        if cache:
            key = page_key(self.env_key, [spec.src_uri, spec.title, spec.template, spec.description, spec.toc], payload)
            if known:
                cache.remember(known, key)
            cached = cache.get(key)
            if cached is not None:
                self.cached_pages.append((spec, cached))
                return
            self.page_keys[spec.src_uri] = key
        self.payloads[spec.src_uri] = zlib.compress(payload, 1)

    # --- rendering ---------------------------------------------------------------------------

    def pages_to_render(self) -> list[tuple[PageSpec, bool]]:
        """The generated pages the site generator renders, with whether each is in the
        navigation (the others come finished from the cache)."""
        return [(spec, spec.path in NAV_PATHS) for uri, spec in self.specs.items() if uri in self.payloads]

    def spec(self, src_uri: str) -> PageSpec | None:
        return self.specs.get(src_uri)

    def data(self, src_uri: str) -> dict[str, Any] | None:
        """A generated page's template data, handed over once."""
        payload = self.payloads.pop(src_uri, None)
        return None if payload is None else pickle.loads(zlib.decompress(payload))

    def page_done(self, dest_uri: str, src_uri: str, html: str) -> str:
        """A rendered page (generated or hand-written): its site links made relative, its
        links recorded for the check, and a generated page kept in the cache."""
        html = resolve_site_links(html, root_prefix(dest_uri), self.settings.directory_urls)
        found = self.links.add_page(dest_uri, html) if self.settings.check_links else None
        key = self.page_keys.get(src_uri)
        if key and self.page_cache:
            self.page_cache.put(key, html, found)
        self.rendered.add(dest_uri.removesuffix(INDEX_FILE))
        return html

    # --- the end ---------------------------------------------------------------------------

    def finish(self) -> list[BrokenLink]:
        """Complete the site in the output folder; returns the links that do not resolve.
        Raises PublishError when a published file would replace a page or a URL of the
        ledger would go."""
        site = self.output_dir
        for spec, cached in self.cached_pages:
            dest_uri = page_file(spec.path)
            (site / dest_uri).parent.mkdir(parents=True, exist_ok=True)
            _place(cached, site / dest_uri, link=self.output is not None)
            if self.settings.check_links:
                found = self.page_cache.links(cached.stem)
                if found is None:
                    self.links.add_page(dest_uri, cached.read_text(encoding="utf-8"))
                else:
                    self.links.add_found(dest_uri, found)
        # Feeds, open data, redirects (which join the link check); the ledger is compared.
        self.publisher.write(site, self.links if self.settings.check_links else None)
        self.search.wait()
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
        return self.links.broken(lambda p: (site / p).is_file())

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
        if self._discard_scratch is not None:
            self._discard_scratch()
        if self.output:
            self.output.discard()


def _frozen(data: Any) -> bytes:
    """A page's data as bytes, to keep until it is rendered and to key the page cache:
    pickle without its memo, so that equal data gives equal bytes however its strings are
    shared (fresh from rendering or read from the cache). For the 61 MB of page data of
    1,000 meetings: 0.47 s CPU to keep (sorted JSON: 0.95 s), 1.23 s to read (1.38 s)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # no memo: page data is a tree of plain values
    pickler.dump(data)
    return out.getvalue()


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


def _place(cached: Path, target: Path, link: bool) -> None:
    """A cached page into the site: a hard link when the site is a fresh folder (nothing
    writes into its files afterwards), else a copy (`serve` rewrites its files in place)."""
    if link:
        try:
            os.link(cached, target)
            return
        except OSError:  # another file system, or links not supported
            pass
    shutil.copyfile(cached, target)
