"""Links in files other than pages (feeds, data, redirects): root-relative site paths,
made absolute when the site has a site_url, with index.html named in an offline build."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteLinks:
    site_url: str = ""  # absolute base ending in '/', or '' when mkdocs.yml sets none
    directory_urls: bool = True

    @classmethod
    def of(cls, site_url: str | None, directory_urls: bool) -> SiteLinks:
        base = (site_url or "").strip()
        if base and not base.endswith("/"):
            base += "/"
        return cls(base, directory_urls)

    def path(self, site_path: str) -> str:
        """A page path ('fora/x/', 'fora/x/#punkt-2') as linked in this build."""
        page, hash_, fragment = site_path.partition("#")
        if not self.directory_urls and (page == "" or page.endswith("/")):
            page += "index.html"
        return page + hash_ + fragment

    def url(self, site_path: str) -> str:
        """Absolute with a site_url; else relative to the site root."""
        return self.site_url + self.path(site_path)

    def base_for(self, file_path: str) -> str:
        """The base URL (xml:base) of a file at file_path: the site_url, or the way back to the root."""
        if self.site_url:
            return self.site_url
        depth = posixpath.dirname(file_path).count("/") + (1 if posixpath.dirname(file_path) else 0)
        return "../" * depth or "./"
