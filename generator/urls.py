"""Where things live on the site, and what content links point at: the one place that
spells the site's URL scheme.

Paths are site paths: relative to the site root, without a leading '/', a page's path
ending in '/' (its file is `<path>index.html`), '' for the home page. Every other module
asks here for a path instead of writing one; the browser's search code gets the patterns
it needs from the search manifest (`browser_patterns`), the templates from `page_links`.

| page                         | site path                              |
|------------------------------|----------------------------------------|
| home                         | ''                                     |
| index of a registry          | 'fora/', 'aftaler/', 'personer/', 'organisationer/' |
| a registry entry             | 'fora/<id>/', 'aftaler/<id>/' ...       |
| a meeting                    | 'fora/<forum-id>/<date>/'              |
| an agenda item               | 'fora/<forum-id>/<date>/#punkt-<n>'    |
| search; feeds and data page  | 'soeg/'; 'data/'                       |
| feeds                        | 'feeds/arkiv.xml', 'feeds/<folder>/<id>.xml' |
| a meeting as data            | 'data/moeder/<forum-id>/<date>.json'   |

Content links are written `[text](kind:target)`: a registry entry's id (`person:`,
`aftale:`, `organisation:`, `forum:`), a meeting (`moede:<forum-id>/<date>`) or an item
(`punkt:<number>` in the same meeting, `punkt:<forum-id>/<date>/<number>` elsewhere).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

# Registry -> the folder of its entries' pages (and of their index page).
ENTITY_FOLDERS = {"forums": "fora", "people": "personer", "organisations": "organisationer", "agreements": "aftaler"}
# Registry -> the word for one entry, in messages, feeds and the template data.
NOUNS = {"forums": "forum", "people": "person", "organisations": "organisation", "agreements": "agreement"}

# Content link kind -> the registry its target is an id of; the other kinds target meetings.
LINK_REGISTRY = {"person": "people", "aftale": "agreements", "organisation": "organisations", "forum": "forums"}
MEETING_LINKS = ("moede", "punkt")
LINK_KINDS = (*LINK_REGISTRY, *MEETING_LINKS)

HOME = ""
SEARCH = "soeg/"
DATA_PAGE = "data/"
DATA_DIR = "data"
FEEDS_DIR = "feeds"
SEARCH_DIR = "search"  # the search index files
ASSETS_DIR = "assets"
# Folders of files, not pages: no page, nor a redirect, may live in them.
FILE_FOLDERS = (f"{DATA_DIR}/", f"{FEEDS_DIR}/", f"{SEARCH_DIR}/", f"{ASSETS_DIR}/")
ITEM_ANCHOR = "punkt-"
# In a build without directory URLs (the offline copy, opened from disk) a link to a
# folder must name the page's file: nothing serves a folder's index.html.
INDEX_FILE = "index.html"


def index_path(registry: str) -> str:
    """The index page of a registry, e.g. index_path("forums") == "fora/"."""
    return f"{ENTITY_FOLDERS[registry]}/"


def entity_path(registry: str, ident: str) -> str:
    """The page of a registry entry, e.g. entity_path("people", "bo-test") == "personer/bo-test/"."""
    return f"{ENTITY_FOLDERS[registry]}/{ident}/"


def entity_id(registry: str, ident: str) -> str:
    """An entry's id in the open data: its path without the closing slash ("personer/bo-test")."""
    return entity_path(registry, ident).removesuffix("/")


def meeting_path(meeting_id: str) -> str:
    """The page of a meeting, by its id `<forum-id>/<date>`."""
    return f"{ENTITY_FOLDERS['forums']}/{meeting_id}/"


def meeting_id_of(path: str) -> str:
    """The meeting id in a meeting's path: the inverse of meeting_path."""
    return path.removeprefix(f"{ENTITY_FOLDERS['forums']}/").strip("/")


def item_anchor(number: str) -> str:
    """The permanent anchor of an agenda item on its meeting's page ("punkt-3", "punkt-2a")."""
    return f"{ITEM_ANCHOR}{number}"


def item_path(meeting_id: str, number: str) -> str:
    return f"{meeting_path(meeting_id)}#{item_anchor(number)}"


def link_path(kind: str, target: str, meeting_id: str = "") -> str:
    """The site path of a `kind:target` content link; a `punkt:<number>` target is an item
    of the meeting `meeting_id` (of the text the link is in)."""
    if kind in LINK_REGISTRY:
        return entity_path(LINK_REGISTRY[kind], target)
    if kind == "moede":
        return meeting_path(target)
    if kind == "punkt":
        other, _, number = target.rpartition("/")
        base = meeting_path(other) if other else meeting_path(meeting_id) if meeting_id else ""
        return f"{base}#{item_anchor(number)}"
    raise ValueError(kind)


def linked_meeting(kind: str, target: str) -> str | None:
    """The id of the meeting a `moede:`/`punkt:` link names, None for any other link (and
    for an item of the same meeting)."""
    if kind == "moede":
        return target
    if kind == "punkt" and target.count("/") == 2:
        return target.rpartition("/")[0]
    return None


def feed_path(noun: str = "archive", ident: str = "") -> str:
    """Site path of a feed: feeds/arkiv.xml, feeds/fora/<id>.xml, feeds/aftaler/<id>.xml ...
    (`noun`: "archive", or the word for an entry of a registry, see NOUNS)."""
    if noun == "archive":
        return f"{FEEDS_DIR}/arkiv.xml"
    registry = next(r for r, n in NOUNS.items() if n == noun)
    return f"{FEEDS_DIR}/{ENTITY_FOLDERS[registry]}/{ident}.xml"


def data_path(name: str) -> str:
    """A file of the open data: data_path("popolo.json") == "data/popolo.json"."""
    return f"{DATA_DIR}/{name}"


def meeting_data_path(meeting_id: str) -> str:
    return data_path(f"moeder/{meeting_id}.json")


def fixed_pages() -> list[str]:
    """The pages every site has, whatever its content: home, the indexes, search, data."""
    return [HOME, *(index_path(r) for r in ENTITY_FOLDERS), SEARCH, DATA_PAGE]


# --- links as a build writes them ----------------------------------------------------------


def page_link(path: str, directory_urls: bool = True) -> str:
    """A site path as linked in a build: without directory URLs a link to a folder (a page,
    with or without its ?query or #anchor) names its index.html."""
    if directory_urls:
        return path
    end = min((i for i in (path.find("?"), path.find("#")) if i >= 0), default=len(path))
    page = path[:end]
    if page == "" or page.endswith("/"):
        page += INDEX_FILE
    return page + path[end:]


def page_file(path: str) -> str:
    """The output file of the page at a site path, with or without directory URLs."""
    return path + INDEX_FILE


def root_prefix(file_path: str) -> str:
    """The relative way from a file of the site (e.g. 'fora/x/index.html') to the site
    root, ending in '/': './' at the root."""
    folder = posixpath.dirname(file_path)
    depth = folder.count("/") + (1 if folder else 0)
    return "../" * depth if depth else "./"


def page_links(directory_urls: bool) -> dict[str, str]:
    """What templates link without page data (the header's search box, the 404 page, the
    home page's 'all ...' links): the fixed pages, as this build links them (the keys:
    'home', 'search', 'data' and the registries), the file name a folder link needs
    ('index_file', '' with directory URLs), the folder of the search index files and the
    start of an item's anchor ('item_anchor')."""
    links = {"home": HOME, "search": SEARCH, "data": DATA_PAGE}
    links.update({registry: index_path(registry) for registry in ENTITY_FOLDERS})
    links = {name: page_link(path, directory_urls) for name, path in links.items()}
    links["index_file"] = "" if directory_urls else INDEX_FILE
    links["search_files"] = f"{SEARCH_DIR}/"
    links["item_anchor"] = ITEM_ANCHOR
    return links


def browser_patterns() -> dict[str, str]:
    """The site paths the search page builds, per content link kind, with `{id}` for the
    entry's or meeting's id and `{n}` for an item's number (written into the search
    manifest: the browser's code spells no path itself)."""
    patterns = {kind: link_path(kind, "{id}") for kind in (*LINK_REGISTRY, "moede")}
    patterns["punkt"] = item_path("{id}", "{n}")
    return patterns


@dataclass(frozen=True)
class SiteLinks:
    """Links in files other than pages (feeds, data, redirects): site paths as this build
    links them, made absolute when the site has a site_url."""

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
        return page_link(site_path, self.directory_urls)

    def url(self, site_path: str) -> str:
        """Absolute with a site_url; else relative to the site root."""
        return self.site_url + self.path(site_path)

    def base_for(self, file_path: str) -> str:
        """The base URL (xml:base) of a file at file_path: the site_url, or the way back to the root."""
        return self.site_url or root_prefix(file_path)
