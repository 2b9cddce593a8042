"""The mkdocs adapter: content/ in, generated pages out. Everything it shows is prepared by
the archive, indexes and pages modules; this class only connects them to mkdocs' events."""

from __future__ import annotations

import functools
from html import escape
import json
import logging
import os
import posixpath
import shutil
import tempfile
import zlib
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .archive import load_archive
from .background import Background
from .cache import PageCache, RenderCache, environment_key, inputs_key, page_key
from .collector import collector_paused
from .errors import ContentErrors
from .linkcheck import LinkChecker
from .output import AtomicOutput, normalise_gzip
from .pages import PageSpec, SiteBuilder
from .render import resolve_site_links
from .search.documents import search_documents
from .search.analysis import VENDOR, VENDOR_SCRIPTS, VENDOR_URL
from .search.index import AnalysisCache, build_search_files, write_search_files
from .sitemap import write_sitemap

log = logging.getLogger("mkdocs.plugins.referat")

# Index pages appear in the navigation; the (many) entity pages do not.
NAV_PATHS = {"", "fora/", "aftaler/", "personer/", "organisationer/", "soeg/"}


class ReferatConfig(base.Config):
    content_dir = c.Type(str, default="content")
    check_links = c.Type(bool, default=True)
    # The internal build includes closed meetings and items (marked); never publish it.
    internal = c.Type(bool, default=False)
    # Content-hash caches make a rebuild after a small edit fast; the folder is disposable.
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/referat")


class ReferatPlugin(BasePlugin[ReferatConfig]):
    def __init__(self) -> None:
        self.specs: dict[str, PageSpec] = {}
        self.links = LinkChecker()
        self.content_dir: Path | None = None
        self.page_cache: PageCache | None = None
        self.payloads: dict[str, bytes] = {}  # src_uri -> compressed JSON data of a page to render
        self.page_keys: dict[str, str] = {}  # src_uri -> cache key, for pages rendered this build
        self.cached_pages: list[tuple[PageSpec, Path]] = []  # pages taken from the cache
        self.command = "build"
        self.output: AtomicOutput | None = None
        self.search_job: Background | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        with collector_paused():
            return self._prepare(config)

    def _prepare(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before mkdocs touches the output folder: bad content leaves the last site intact.
        base = Path(config.config_file_path).parent
        self.content_dir = base / self.config.content_dir
        try:
            archive = load_archive(self.content_dir, internal=self.internal)
        except ContentErrors as exc:
            raise PluginError(exc.report()) from None
        cache_folder = base / self.config.cache_dir / ("internal" if self.internal else "public")
        render_cache = RenderCache(cache_folder if self.config.cache else None)
        self.page_cache = PageCache(cache_folder) if self.config.cache else None
        if self.page_cache:
            theme_dirs = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
            self.env_key = environment_key(Path(config.config_file_path), theme_dirs, Path(__file__).parent)
        builder = SiteBuilder(archive, render_cache)
        builder.items.prerender(archive.meetings)
        render_cache.save()
        if self.command == "build":  # serve builds into a folder of its own
            self.output = AtomicOutput(Path(config.site_dir))
        # The search index is built beside the pages, on the other core.
        self.search_folder = Path(tempfile.mkdtemp(prefix=".referat-search-", dir=self._scratch(config)))
        docs, facets = search_documents(archive, builder.ix, builder.items)
        analysis = AnalysisCache(cache_folder / "search-terms.pickle" if self.config.cache else None)
        self.search_job = Background(functools.partial(_write_search, docs, facets, analysis, self.search_folder))
        self.specs, self.payloads, self.page_keys, self.cached_pages = {}, {}, {}, []
        for path, inputs, make in builder.plan():
            self._add_page(path, inputs, make)
        self.links = LinkChecker()
        if self.output:
            config.site_dir = str(self.output.building)
        return config

    def _scratch(self, config: MkDocsConfig) -> Path:
        """Where the search files are made: beside the site, so they move into it at once."""
        folder = Path(config.site_dir).parent
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @property
    def internal(self) -> bool:
        return self.config.internal or os.environ.get("REFERAT_INTERNAL", "") not in ("", "0")

    def _add_page(self, path: str, inputs: str | None, make) -> None:
        """A page whose inputs are unchanged comes from the cache without being made; a made
        page's data is kept as compressed JSON until it is rendered, or the cached page is
        used when its data is unchanged: a large archive's pages are never all in memory."""
        cache = self.page_cache if path not in NAV_PATHS else None  # nav pages: made every build
        known = inputs_key(self.env_key, inputs) if cache and inputs is not None else None
        cached = cache.by_inputs(known) if known else None
        if cached is not None:
            spec = PageSpec(path, "", "", {})
            self.specs[spec.src_uri] = spec
            self.cached_pages.append((spec, cached))
            return
        spec = make()
        payload = json.dumps(spec.data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
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
        self.payloads[spec.src_uri] = zlib.compress(payload.encode("utf-8"), 1)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for spec in self.specs.values():
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(f"{config.docs_dir}/{spec.src_uri}: this page is generated from content/; "
                                  "remove or rename the file")
            if spec.src_uri not in self.payloads:
                continue  # taken from the page cache
            inclusion = InclusionLevel.UNDEFINED if spec.path in NAV_PATHS else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, content=_source(spec), inclusion=inclusion))
        for name in VENDOR_SCRIPTS:  # the search page's scripts, from this package
            files.append(File.generated(config, VENDOR_URL + name, content=VENDOR.joinpath(name).read_bytes()))
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """A page outside the navigation (a meeting, a person...) gets its section's index page
        as parent, so that mkdocs marks the section active while rendering it (Material then
        marks its tab)."""
        sections = {page.file.src_uri: page for page in nav.pages}
        for spec in self.specs.values():
            file = files.get_file_from_path(spec.src_uri)
            section = sections.get(spec.path.split("/", 1)[0] + "/index.md")
            if file is not None and file.page is not None and file.page.parent is None and section is not None \
                    and file.page is not section:
                file.page.parent = section
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and spec.toc:
            # Material inserts toc titles as HTML: escape the (plain text) item titles.
            page.toc = get_toc([{"level": 2, "id": anchor, "name": escape(text), "children": []}
                                for anchor, text in spec.toc])
        return html

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        payload = self.payloads.pop(page.file.src_uri, None)
        if payload is not None:
            context["ra"] = json.loads(zlib.decompress(payload))
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = resolve_site_links(output, _root_prefix(page.file.dest_uri), config.use_directory_urls)
        found = self.links.add_page(page.file.dest_uri, output) if self.config.check_links else None
        key = self.page_keys.get(page.file.src_uri)
        if key and self.page_cache:
            self.page_cache.put(key, output, found)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        for spec, cached in self.cached_pages:
            dest_uri = f"{spec.path}index.html"
            (site / dest_uri).parent.mkdir(parents=True, exist_ok=True)
            _place(cached, site / dest_uri, link=self.output is not None)
            if self.config.check_links:
                found = self.page_cache.links(cached.stem)
                if found is None:
                    self.links.add_page(dest_uri, cached.read_text(encoding="utf-8"))
                else:
                    self.links.add_found(dest_uri, found)
        self.search_job.wait()
        _move_into(self.search_folder / "search", site / "search")
        shutil.rmtree(self.search_folder, ignore_errors=True)
        if self.page_cache:
            self.page_cache.prune()
        if config.site_url:
            write_sitemap(site, config.site_url, [spec.path for spec in self.specs.values()], self._other_pages(config))
        else:
            normalise_gzip(site / "sitemap.xml.gz")  # mkdocs stamps it with the build time
        if self.config.check_links:
            for broken in self.links.broken(lambda p: (site / p).is_file()):
                log.warning("broken link: %s", broken)
        if self.output:
            self.output.commit(config.strict)
            config.site_dir = str(self.output.final)

    def on_build_error(self, *, error: Exception) -> None:
        if self.search_job:
            self.search_job.cancel()
            shutil.rmtree(self.search_folder, ignore_errors=True)
        if self.output:
            self.output.discard()

    def _other_pages(self, config: MkDocsConfig) -> list[str]:
        """Hand-written pages of docs_dir (e.g. om/), for the sitemap."""
        return [uri for uri in self.links.ids if uri.endswith(".html") and uri != "404.html"
                and uri.removesuffix("index.html") not in {s.path for s in self.specs.values()}]

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server


def _source(spec: PageSpec) -> str:
    """The generated page's Markdown: frontmatter only; the template renders the data.

    Material inserts meta title and description unescaped, so they are escaped here."""
    meta = {"title": escape(spec.title), "template": spec.template}
    if spec.description:
        meta["description"] = escape(spec.description)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _root_prefix(dest_uri: str) -> str:
    """Relative path from an output file to the site root, ending in '/'."""
    depth = posixpath.dirname(dest_uri).count("/") + (1 if posixpath.dirname(dest_uri) else 0)
    return "../" * depth if depth else "./"


def _write_search(docs, facets: dict, analysis: AnalysisCache, folder: Path) -> None:
    write_search_files(folder, build_search_files(docs, facets, analysis))


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
