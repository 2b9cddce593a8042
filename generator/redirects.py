"""Redirect pages at the URLs meetings and registry entries had before a correction
(`previous_urls:`, e.g. a corrected date or a renamed id): a meta
refresh and a canonical link to the current page, and a line of script that keeps the
#punkt-N of the link that was followed. Relative links, so they work from file:// too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape

from . import danish
from .model import Archive
from .urls import ENTITY_FOLDERS, SiteLinks, entity_path, page_file, root_prefix

# The internal edition says what it is on every page, these too (see theme/main.html).
INTERNAL_NOTICE = "<p><strong>Intern udgave – må ikke offentliggøres.</strong></p>\n"


def redirect_targets(archive: Archive) -> dict[str, tuple[str, str]]:
    """old site path -> (current site path, title of the page)."""
    targets = {}
    for registry in ENTITY_FOLDERS:
        for ident, entry in getattr(archive, registry).items():
            for old in entry.previous_urls:
                targets[old] = (entity_path(registry, ident), entry.name)
    for m in archive.meetings:
        title = f"{archive.forums[m.forum].name}, {danish.date_text(m.date)}"
        for old in m.previous_urls:
            targets[old] = (m.url, title)
    return targets


def redirect_page(old: str, target: str, title: str, links: SiteLinks, internal: bool = False) -> bytes:
    # The page sits at <old>index.html, so the way back to the root is one ../ per folder.
    href = root_prefix(page_file(old)) + links.path(target)
    canonical = links.url(target) if links.site_url else href
    script_href = escape(json.dumps(href), quote=False)
    href, canonical, title = escape(href), escape(canonical), escape(title)
    html = f"""<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>Flyttet: {title}</title>
<link rel="canonical" href="{canonical}">
<meta name="robots" content="{"noindex, nofollow" if internal else "noindex"}">
<meta http-equiv="refresh" content="0; url={href}">
<script>location.replace({script_href} + location.hash)</script>
</head>
<body>
{INTERNAL_NOTICE if internal else ""}<p>Siden er flyttet: <a href="{href}">{title}</a>.</p>
</body>
</html>
"""
    return html.encode("utf-8")


def build_redirects(archive: Archive, links: SiteLinks) -> Iterator[tuple[str, bytes]]:
    # A page's file is <path>index.html with and without directory URLs.
    for old, (target, title) in sorted(redirect_targets(archive).items()):
        yield page_file(old), redirect_page(old, target, title, links, archive.internal)
