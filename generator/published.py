"""Files the site publishes besides its pages: feeds, open data, redirects; and the URL
ledger that keeps published URLs alive. Made from the validated (public) archive; the
plugin calls `write` once, when mkdocs has written the pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import ledger
from .cache import PageCache, place
from .feeds import build_feeds, id_prefix
from .indexes import Indexes
from .linkcheck import LinkChecker
from .model import Archive
from .opendata import build_open_data
from .redirects import build_redirects
from .render import ItemRenderer
from .reuse import Made
from .urls import SiteLinks


class PublishError(Exception):
    pass


def _write(target: Path, data: bytes | Iterable[bytes]) -> None:
    with target.open("wb") as out:
        if isinstance(data, bytes):
            out.write(data)
        else:
            out.writelines(data)


@dataclass
class Publisher:
    archive: Archive
    ix: Indexes
    items: ItemRenderer
    links: SiteLinks
    site_name: str
    feed_id_prefix: str = ""
    ledger_path: Path | None = None  # None: no ledger (fixture, internal and serve builds)
    _published: set[str] | None = None

    def files(self, read_back: Callable[[str], bytes]) -> Iterator[Made]:
        """(site path, inputs, make) of every file, one at a time; `read_back` reads a file
        published before (the bulk data file is made of others)."""
        prefix = id_prefix(self.feed_id_prefix, self.links.site_url)
        yield from build_feeds(self.archive, self.ix, self.items, self.links, self.site_name, prefix)
        yield from build_open_data(self.archive, self.ix, self.items, self.links, read_back)
        for path, data in build_redirects(self.archive, self.links):
            yield path, None, partial(bytes, data)

    def write(self, site: Path, checker: LinkChecker | None, pages: frozenset[str] = frozenset(),
              each: Callable[[], None] | None = None, cache: PageCache | None = None, link: bool = True) -> None:
        """Write the files into the built site (while the pages outside the navigation,
        `pages`, may still be being written), calling `each` after each file; redirect
        pages join the link check. With a `cache`, a file whose inputs are unchanged comes
        from it (a hard link where `link`, as the site is a fresh folder). Raises
        PublishError when a file would replace a page."""
        for path, inputs, make in self.files(lambda p: (site / p).read_bytes()):
            target = site / path
            if path in pages or target.exists():
                raise PublishError(f"/{path} is a page of the site already; a previous_urls entry or a "
                                   "hand-written page in docs_dir claims it: rename one of them")
            target.parent.mkdir(parents=True, exist_ok=True)
            key = cache.file_key(path, inputs) if cache is not None and inputs is not None else None
            cached = cache.get(key) if key else None
            if cached is not None:
                place(cached, target, link)
            else:
                _write(target, make())
                if key:
                    cache.keep(key, target, link)
            if key:
                cache.record(key, None, None)
            if checker is not None and path.endswith(".html"):
                checker.add_page(path, target.read_text(encoding="utf-8"))
            if each is not None:
                each()

    def check_ledger(self, site: Path) -> None:
        """Once the site is complete: raises PublishError when a URL of the ledger would go."""
        if self.ledger_path is not None:
            self._published = ledger.site_paths(site)
            missing = ledger.dropped(ledger.read(self.ledger_path), self._published, self.archive.withheld_urls)
            if missing:
                raise PublishError(ledger.report(self.ledger_path, missing))

    def save_ledger(self) -> None:
        """After the site is in place: the ledger lists every URL it has."""
        if self.ledger_path is not None and self._published is not None:
            ledger.write(self.ledger_path, self._published)
