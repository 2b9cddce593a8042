"""The mkdocs adapter: content/ in, generated pages out. Everything it shows is prepared by
the archive, indexes and pages modules; this class only connects them to mkdocs' events."""

from __future__ import annotations

import json
import logging
import os
import posixpath
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
from .errors import ContentErrors
from .linkcheck import LinkChecker
from .pages import PageSpec, SiteBuilder
from .render import ROOT

log = logging.getLogger("mkdocs.plugins.referat")

# Index pages appear in the navigation; the (many) entity pages do not.
NAV_PATHS = {"", "fora/", "aftaler/", "personer/", "organisationer/"}


class ReferatConfig(base.Config):
    content_dir = c.Type(str, default="content")
    check_links = c.Type(bool, default=True)
    # The internal build includes closed meetings and items (marked); never publish it.
    internal = c.Type(bool, default=False)


class ReferatPlugin(BasePlugin[ReferatConfig]):
    def __init__(self) -> None:
        self.specs: dict[str, PageSpec] = {}
        self.links = LinkChecker()
        self.content_dir: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before mkdocs touches the output folder: bad content leaves the last site intact.
        self.content_dir = Path(config.config_file_path).parent / self.config.content_dir
        try:
            archive = load_archive(self.content_dir, internal=self.internal)
        except ContentErrors as exc:
            raise PluginError(exc.report()) from None
        self.specs = {spec.src_uri: spec for spec in SiteBuilder(archive).pages()}
        self.links = LinkChecker()
        return config

    @property
    def internal(self) -> bool:
        return self.config.internal or os.environ.get("REFERAT_INTERNAL", "") not in ("", "0")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for spec in self.specs.values():
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(f"{config.docs_dir}/{spec.src_uri}: this page is generated from content/; "
                                  "remove or rename the file")
            inclusion = InclusionLevel.UNDEFINED if spec.path in NAV_PATHS else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, content=_source(spec), inclusion=inclusion))
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and spec.toc:
            page.toc = get_toc([{"level": 2, "id": anchor, "name": text, "children": []}
                                for anchor, text in spec.toc])
        return html

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            context["ra"] = spec.data
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = output.replace(ROOT, _root_prefix(page.file.dest_uri))
        if self.config.check_links:
            self.links.add_page(page.file.dest_uri, output)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.check_links:
            return
        site = Path(config.site_dir)
        for broken in self.links.broken(lambda p: (site / p).is_file()):
            log.warning("broken link: %s", broken)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server


def _source(spec: PageSpec) -> str:
    """The generated page's Markdown: frontmatter only; the template renders the data."""
    meta = {"title": spec.title, "template": spec.template}
    if spec.description:
        meta["description"] = spec.description
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _root_prefix(dest_uri: str) -> str:
    """Relative path from an output file to the site root, ending in '/'."""
    depth = posixpath.dirname(dest_uri).count("/") + (1 if posixpath.dirname(dest_uri) else 0)
    return "../" * depth if depth else "./"
