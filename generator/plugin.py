"""The mkdocs adapter (`plugins: [referat]`): it reads the plugin's settings and mkdocs'
configuration and hands mkdocs' events to a SiteBuild (build.py), which does the work;
what the pages show is prepared by the archive, indexes and pages modules, and the
templates are in theme/."""

from __future__ import annotations

import logging
import os
import types
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from mkdocs import utils
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .build import PageError, Settings, SiteBuild
from .cache import digest
from .danish import number_text
from .errors import ContentErrors
from .fork import WorkerDied
from .handpages import PAGES_DIR, check_pages
from .pages import YEAR_PAGES_FROM
from .published import PublishError
from .render import SiteLinkExtension
from .safemarkdown import SafeMarkdown
from .search.analysis import VENDOR, VENDOR_SCRIPTS, VENDOR_URL
from .themepages import ThemePages, nav_sections, page_source, page_toc, parent_section, quick_data_lookup
from .urls import page_links

log = logging.getLogger("mkdocs.plugins.referat")


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("", "0", "false", "no", "off")
MIN_YEAR_PAGES_FROM = 20  # fewer entries a page would split an archive into pages of a handful
BANNER = "INTERN UDGAVE: lukkede møder og punkter er med; må ikke offentliggøres"


def edition_flag(value: object) -> bool:
    """Whether to build the internal edition: only an explicit yes or no counts (a typo
    must not publish closed matter, nor silently build the public edition)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):  # mkdocs' !ENV reads "1" as a number
        return bool(value)
    word = value.strip().lower() if isinstance(value, str) else None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"the internal edition setting (REFERAT_INTERNAL, or 'internal' of the referat plugin) "
                     f"is {value!r}: use {', '.join(TRUE_WORDS)} for the internal edition, or "
                     f"{', '.join(repr(w) if not w else w for w in FALSE_WORDS)} for the public one")


class EditionFlag(c.BaseConfigOption[bool | None]):
    def run_validation(self, value: object) -> bool | None:
        if value is None:
            return None  # not set: REFERAT_INTERNAL decides
        try:
            return edition_flag(value)
        except ValueError as exc:
            raise c.ValidationError(str(exc)) from None


class EntryLimit(c.BaseConfigOption[int]):
    """A whole number of entries of at least MIN_YEAR_PAGES_FROM."""

    def __init__(self, default: int):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < MIN_YEAR_PAGES_FROM:
            raise c.ValidationError(
                f"year_pages_from is {value!r}; it must be a whole number of at least {MIN_YEAR_PAGES_FROM} "
                f"(the entries an agreement, person or organisation page lists before its years get pages "
                f"of their own; {YEAR_PAGES_FROM} if left out)")
        return value


class ReferatConfig(base.Config):
    content_dir = c.Type(str, default="content")
    check_links = c.Type(bool, default=True)
    # The internal build includes closed meetings and items (marked); never publish it.
    # mkdocs.yml sets it from REFERAT_INTERNAL; without the option the plugin reads it.
    internal = EditionFlag()
    # Content-hash caches make a rebuild after a small edit fast; the folder is disposable.
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/referat")
    # Feeds: the start of every entry id (tag: URI); never change it once published.
    feed_id_prefix = c.Type(str, default="")
    # File (beside mkdocs.yml) listing every URL published; `build` fails if one would go.
    url_ledger = c.Type(str, default="")
    # Entries (items, rows of meetings) an agreement, person or organisation page lists
    # before each of its years gets a page of its own.
    year_pages_from = EntryLimit(default=YEAR_PAGES_FROM)


class ReferatPlugin(BasePlugin[ReferatConfig]):
    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.nav = None
        self.content_dir: Path | None = None
        self.command = "build"
        self.internal = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before mkdocs touches the output folder: bad content leaves the last site intact.
        try:
            self.internal = self._internal()
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        if self.internal:
            log.info("%s (%s)", BANNER, config.site_dir)
        base = Path(config.config_file_path).parent
        self.content_dir = base / self.config.content_dir
        page_errors = _check_docs_dir(Path(config.docs_dir), self.content_dir)
        self.build = SiteBuild(Settings(
            content_dir=self.content_dir,
            site_dir=Path(config.site_dir),
            cache_dir=base / self.config.cache_dir if self.config.cache else None,
            internal=self.internal,
            check_links=self.config.check_links,
            directory_urls=config.use_directory_urls,
            site_url=config.site_url or "",
            swap=self.command == "build",  # serve builds into a folder of its own
            config=effective_config(config, self.command),
            theme_dirs=[Path(config.theme.custom_dir)] if config.theme.custom_dir else [],
            site_name=config.site_name,
            feed_id_prefix=self.config.feed_id_prefix,
            url_ledger=base / self.config.url_ledger if self.config.url_ledger else None,
            year_pages_from=self.config.year_pages_from,
        ))
        try:
            self.build.start()
        except ContentErrors as exc:
            raise PluginError(ContentErrors(exc.errors + page_errors, self.content_dir).report()) from None
        if page_errors:
            raise PluginError(ContentErrors(page_errors, self.content_dir).report())
        _harden_markdown(config)
        config.site_dir = str(self.build.output_dir)
        return config

    def _internal(self) -> bool:
        from_env = edition_flag(os.environ.get("REFERAT_INTERNAL", ""))  # checked even when the option decides
        return from_env if self.config.internal is None else self.config.internal

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Every page (the hand-written and 404 too) shows the banner and asks not to be indexed.
        env.globals["ra_internal"] = self.internal
        # The fixed pages as this build links them (urls.py), for links that have no page data.
        env.globals["ra_paths"] = page_links(config.use_directory_urls)
        env.filters["number"] = number_text  # counts as Danish writes them: 12.345
        quick_data_lookup(env)
        cache_dir = self.build.settings.cache_dir
        if cache_dir is not None:  # templates compiled once, not by every build and worker (checked against their source)
            (cache_dir / "templates").mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(cache_dir / "templates"))
        # The pages outside the navigation render in workers from here, with this theme.
        self.build.render_pages(ThemePages(env, config, self.nav, files).render)
        return env

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for spec in self.build.specs.values():
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(f"{config.docs_dir}/{spec.src_uri}: this page is generated from content/; "
                                  "remove or rename the file")
        for spec, in_nav in self.build.pages_to_render():
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, content=page_source(spec), inclusion=inclusion))
        for name in VENDOR_SCRIPTS:  # the search page's scripts, from this package
            files.append(File.generated(config, VENDOR_URL + name, content=VENDOR.joinpath(name).read_bytes()))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.build.spec(page.file.src_uri) is None:  # a hand-written page of docs_dir
            # Material inserts these unescaped (the generated pages' are escaped in page_meta).
            for key in ("title", "description", "subtitle"):
                if page.meta.get(key) is not None:
                    page.meta[key] = escape(str(page.meta[key]))
        return markdown

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """A page outside the navigation (a meeting, a person...) gets its section's index page
        as parent, so that mkdocs marks the section active while rendering it (Material then
        marks its tab)."""
        sections = nav_sections(nav)
        for spec in self.build.specs.values():
            file = files.get_file_from_path(spec.src_uri)
            if file is not None and file.page is not None and file.page.parent is None:
                file.page.parent = parent_section(spec, sections)
        self.nav = nav
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.build.spec(page.file.src_uri)
        if spec is not None and spec.toc:
            page.toc = page_toc(spec)
        return html

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        data = self.build.data(page.file.src_uri)
        if data is not None:
            context["ra"] = data
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.build.page_done(page.file.dest_uri, output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            broken = self.build.finish()
        except (PublishError, PageError, WorkerDied) as exc:
            raise PluginError(str(exc)) from None
        for link in broken:
            log.warning("broken link: %s", link)
        # --strict fails the build after this event when warnings were counted: keep the old site.
        self.build.commit(keep=not (config.strict and _strict_warnings()))
        config.site_dir = str(self.build.settings.site_dir)
        # Let go of the archive, caches and links now, freed by reference counts in a
        # fraction of a second: held until the interpreter exits, its collections walk
        # them (3.5 s of a 5,000-meeting rebuild).
        self.build = None

    def on_build_error(self, *, error: Exception) -> None:
        if self.build:
            self.build.abort()

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server


def _check_docs_dir(docs_dir: Path, content_dir: Path) -> list:
    """Problems of mkdocs' own pages; those in content/pages/ are checked with the archive."""
    if os.path.realpath(docs_dir) == os.path.realpath(content_dir / PAGES_DIR):
        return []
    return check_pages(docs_dir)


def _harden_markdown(config: MkDocsConfig) -> None:
    """The hand-written pages get the Markdown of the rest of content/: raw HTML shown as
    text, only safe link addresses, links that fail fast, `kind:id` links as site links."""
    if not any(isinstance(e, SafeMarkdown) for e in config.markdown_extensions):
        config.markdown_extensions += [SafeMarkdown(), SiteLinkExtension()]


# Settings that change no page: where files are read and written, how the command runs
# (serve's address reaches the pages only through site_url, which serve sets).
_NOT_SHOWN = frozenset({"config_file_path", "site_dir", "dev_addr", "strict", "watch", "remote_branch", "remote_name"})


def effective_config(config: MkDocsConfig, command: str) -> dict[str, Any]:
    """The configuration mkdocs runs with (mkdocs.yml after command-line options, and
    serve's own site_url) as plain data, for the page cache's key: every setting that may
    change a page, plugins' and the theme's included; docs_dir by its files (they can
    title the navigation)."""
    settings = {key: _plain(value) for key, value in config.items() if key not in _NOT_SHOWN}
    settings["docs_dir"] = _files_digest(Path(config.docs_dir))
    settings["command"] = command  # serve also renders drafts
    return settings


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, BasePlugin):
        return [f"{type(value).__module__}.{type(value).__qualname__}", _plain(value.config)]
    if isinstance(value, types.ModuleType):  # hooks
        return _files_digest(Path(value.__file__)) if getattr(value, "__file__", None) else value.__name__
    if isinstance(value, Mapping):  # also the theme's settings, and plugins' configs
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return items if isinstance(value, (list, tuple)) else sorted(items, key=repr)
    text = repr(value)
    # An object without a readable state shows its address, which differs every run.
    return f"{type(value).__module__}.{type(value).__qualname__}" if " at 0x" in text else text


def _files_digest(path: Path) -> str:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] if path.is_file() else []
    return digest(*(part for p in files for part in (p.relative_to(path).as_posix() if path.is_dir() else p.name,
                                                     p.read_bytes())))


def _strict_warnings() -> bool:
    """Whether mkdocs has counted warnings that make a --strict build abort after this event."""
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, utils.CountHandler) and h.get_counts() for h in handlers)
