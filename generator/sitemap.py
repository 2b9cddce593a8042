"""sitemap.xml of every page, deterministic (no build dates), written only with a site_url."""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.sax.saxutils import escape


def write_sitemap(site: Path, site_url: str, paths: list[str]) -> None:
    """`paths`: the site path of every page ('', 'fora/', 'om/' ...)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(base + path)}</loc></url>" for path in sorted(set(paths))]
    lines.append("</urlset>\n")
    data = "\n".join(lines).encode("utf-8")
    (site / "sitemap.xml").write_bytes(data)
    # mtime=0: the same content gives the same bytes
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
