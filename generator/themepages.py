"""Generated pages as mkdocs pages of the site's theme.

A generated page has no Markdown of its own: its source is frontmatter (title, template,
description) and its template renders the page data. The few pages of the navigation go
through mkdocs' own page loop; the many others (meetings, agreements, people...) are
rendered by a ThemePages, spread over forked workers, with the same mkdocs Page, template
context and theme template that mkdocs' loop would give them, but without what a page of
Markdown needs there (a Markdown converter per page, the plugins' Markdown events), and
on both cores.
"""

from __future__ import annotations

from html import escape
from typing import Any

import yaml
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from .pages import PageSpec

# libyaml's emitter where PyYAML has it: the same text, in a tenth of the Python emitter's
# CPU time (0.34 s for the 1,401 pages of 1,000 meetings, now 0.04 s).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# What a plain dict has as attributes (its methods): Jinja's `x.name` finds these first.
_DICT_ATTRIBUTES = frozenset(dir(dict))


def quick_data_lookup(env) -> None:
    """`x.name` in a template, where x is a dict of page data, without the exception Jinja's
    Environment.getattr raises and catches to get there (it tries the attribute first):
    14 % of the CPU time of rendering the pages. The result is the same for every object:
    a dict's key unless the name is one of its methods, as before; all else goes the usual
    way. Set on the theme's environment (compiled templates call environment.getattr)."""
    usual = env.getattr
    if getattr(usual, "quick_data_lookup", False):
        return

    def getattr_(obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return usual(obj, attribute)

    getattr_.quick_data_lookup = True
    env.getattr = getattr_


def page_meta(spec: PageSpec) -> dict[str, str]:
    """The page's meta data as Material reads it. Material inserts title and description
    unescaped, so they are escaped here."""
    meta = {"title": escape(spec.title), "template": spec.template}
    if spec.description:
        meta["description"] = escape(spec.description)
    return meta


def page_source(spec: PageSpec) -> str:
    """The generated page's Markdown: frontmatter only; the template renders the data."""
    # Written by a YAML emitter, which escapes what YAML cannot carry raw: a name must
    # never break its page's header.
    return "---\n" + yaml.dump(page_meta(spec), Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                               width=1 << 30) + "---\n"


def page_toc(spec: PageSpec) -> TableOfContents:
    """The sidebar's table of contents (item titles are plain text; Material inserts them
    as HTML); empty, as mkdocs makes it for a page without headings, if it has none."""
    return get_toc([{"level": 2, "id": anchor, "name": escape(text), "children": []} for anchor, text in spec.toc])


def nav_sections(nav: Navigation) -> dict[str, Page]:
    """The navigation's pages by src_uri: the section index pages parent_section looks in."""
    return {p.file.src_uri: p for p in nav.pages}


def parent_section(spec: PageSpec, sections: dict[str, Page]) -> Page | None:
    """The index page of the page's section (its tab), which mkdocs marks active while the
    page renders (a page outside the navigation has no parent of its own); None for the
    index page itself, or a page of no section."""
    section = sections.get(spec.path.split("/", 1)[0] + "/index.md")
    return section if section is not None and section.file.src_uri != spec.src_uri else None


class ThemePages:
    """Renders generated pages outside the navigation as mkdocs' page loop renders a page
    (mkdocs.commands.build._build_page: the page and its section active while its
    template renders, the context of get_context, with the page data under `ra` as the
    plugin's page_context event puts it), from the state mkdocs has once its env event
    has run: the theme's Jinja environment, the configuration, navigation and files."""

    def __init__(self, env, config: MkDocsConfig, nav: Navigation, files: Files):
        self.env = env
        self.config = config
        self.nav = nav
        self.doc_files = files.documentation_pages()
        self.sections = nav_sections(nav)

    def render(self, spec: PageSpec, data: dict[str, Any]) -> str:
        page = Page(None, File.generated(self.config, spec.src_uri, content=""), self.config)
        page.markdown, page.meta = "", page_meta(spec)
        page.content = ""
        page.toc = page_toc(spec)
        page.parent = parent_section(spec, self.sections)
        self.config._current_page = page
        page.active = True
        try:
            context = get_context(self.nav, self.doc_files, self.config, page)
            context["ra"] = data
            return self.env.get_template(spec.template).render(context)
        finally:
            page.active = False
            self.config._current_page = None
