"""Build caches keyed by content hash, so a rebuild after editing one meeting redoes only
what changed: each meeting file as loaded and derived, rendered Markdown per meeting, search
term counts per document, and finished HTML per page.

Every cache is a Store: a dict in one pickle file, read when first asked and saved with
only the entries the build used. A cached page is valid when its key matches: the key
hashes the page's data (everything its template shows) with the environment (the
effective mkdocs configuration, theme and generator files, package versions), so any
change to either makes a fresh page. The caches hold derived data only; deleting the
folder is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

FORMAT = 5  # bump when the cache layout or the meaning of a key changes
_MISSING = object()


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


class Store:
    """A dict kept in one pickle file. A missing or damaged file is an empty store; saving
    keeps only the entries used (read or put) since it was opened, so the file holds one
    build's worth, and is written atomically (a killed build leaves the old file)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._old: dict | None = None
        self.used: dict = {}
        self._changed = False

    def _loaded(self) -> dict:
        if self._old is None:
            self._old = {}
            if self.path is not None and self.path.is_file():
                try:
                    self._old = pickle.loads(self.path.read_bytes())
                except Exception:  # noqa: BLE001 - damaged: a cold cache, never trusted
                    self._old = {}
        return self._old

    def load(self) -> None:
        """Read the file now (say, before forking workers that all read it)."""
        self._loaded()

    def get(self, key, default=None):
        value = self.used.get(key, _MISSING)
        if value is _MISSING:
            value = self._loaded().get(key, _MISSING)
            if value is _MISSING:
                return default
            self.used[key] = value
        return value

    def get_or_make(self, key, make: Callable[[], Any]) -> Any:
        """The entry of `key`, made (and put) if there is none."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def put(self, key, value) -> None:
        self.used[key] = value
        self._changed = True

    @property
    def unsaved(self) -> bool:
        """Whether save() would write: entries were put, or some of the file's went unused."""
        return self.path is not None and (self._changed or len(self.used) != len(self._loaded()))

    def save(self, release: bool = False) -> None:
        """Write what was used (unless it is what the file holds); `release` lets go of
        the entries in memory, for a store that is done with."""
        if self.unsaved:
            write_atomic(self.path, functools.partial(pickle.dump, self.used, protocol=pickle.HIGHEST_PROTOCOL))
        if release:
            self._old, self.used = None, {}
        else:
            self._old = self.used
        self._changed = False


@functools.cache
def code_key() -> str:
    """The generator's source and the YAML parser's version: what the archive cache keys
    on besides the content (loading and deriving change with them)."""
    folder = Path(__file__).parent
    files = sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)
    return digest(str(FORMAT), _version("PyYAML"), *(part for p in files
                                                     for part in (p.relative_to(folder).as_posix(), p.read_bytes())))


def _version(dist: str) -> str:
    try:
        return f"{dist}={metadata.version(dist)}"
    except metadata.PackageNotFoundError:
        return f"{dist}=-"


def write_atomic(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write a file so that a reader sees the old one or the new one, never a part: `data`
    is the bytes, or writes them into the open file (a large pickle then never needs to be
    in memory as one piece)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        with tmp.open("wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                data(out)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def environment_key(settings: dict[str, Any], folders: list[Path]) -> str:
    """Everything besides a page's own data that shapes its HTML: the effective settings
    (JSON-able), the files of the theme and the generator, and the package versions."""
    parts: list[bytes | str] = [str(FORMAT), json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str)]
    parts += [_version(dist) for dist in ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "referatarkivet")]
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def inputs_key(env_key: str, inputs: str) -> str:
    return digest(env_key, inputs)


def page_key(env_key: str, meta: list[Any], payload: bytes) -> str:
    """A generated page's key: the environment, its title and the like, its data."""
    return digest(env_key, json.dumps(meta, sort_keys=True, ensure_ascii=False), payload)


def place(cached: Path, target: Path, link: bool) -> None:
    """A cached file into the site: a hard link when the site is a fresh folder (nothing
    writes into its files afterwards), else a copy (`serve` rewrites its files in place)."""
    if link:
        try:
            os.link(cached, target)
            return
        except OSError:  # another file system, or links not supported
            pass
    shutil.copyfile(cached, target)


def keep_file(written: Path, path: Path, link: bool) -> None:
    """A file written into the site, stored at `path` in a cache: by a hard link where
    `link` (a fresh folder, which nothing writes into afterwards), else (or where links
    are not supported) a copy, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if link:
        try:
            os.link(written, path)
            return
        except FileExistsError:  # the same key: the same content
            return
        except OSError:  # another file system, or links not supported
            pass
    write_atomic(path, written.read_bytes())


class FileStore:
    """Files kept by key in a folder of their own, placed into the site as a page of the
    page cache is; prune() drops those this build did not use. For files a build writes
    afresh into a new folder (the search index's scratch folder), so a hard link is safe."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[str] = set()

    def place(self, key: str, target: Path) -> bool:
        """The file of `key` put at `target`, if it is kept."""
        cached = self.folder / key if self.folder is not None else None
        if cached is None or not cached.is_file():
            return False
        place(cached, target, link=True)
        self.used.add(key)
        return True

    def keep(self, key: str, written: Path) -> None:
        if self.folder is not None:
            keep_file(written, self.folder / key, link=True)
            self.used.add(key)

    def prune(self) -> None:
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


class PageCache:
    """Finished HTML of generated pages, one file per key, in a folder per environment (so
    the web and the offline build, or serve, do not push each other's pages out). One store
    holds, per page key, what the link checker found in the page and, per page inputs (see
    SiteBuilder.plan), the key of the page they made: a rebuild reads one file, and makes
    no page whose inputs are unchanged."""

    ENVIRONMENTS_KEPT = 3

    def __init__(self, folder: Path, env_key: str):
        self.env_key = env_key
        self.root = folder / "pages"
        self.folder = self.root / env_key[:16]
        self.index = Store(self.folder / "index.pickle")
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def get(self, key: str) -> Path | None:
        path = self._path(key)
        if path.is_file():
            self.used.add(key)
            self.index.get(("links", key))  # kept with the page
            return path
        return None

    def by_inputs(self, inputs: str) -> Path | None:
        key = self.index.get(("inputs", inputs))
        return self.get(key) if key else None

    def remember(self, inputs: str, key: str) -> None:
        self.index.put(("inputs", inputs), key)

    def put(self, key: str, html: str) -> None:
        """Store a page's HTML (record() keeps it, with its links, for the next build)."""
        write_atomic(self._path(key), html.encode("utf-8", errors="xmlcharrefreplace"))

    def file_key(self, path: str, inputs: str) -> str:
        """The key of a file the site publishes besides its pages (a feed, a data file):
        its path and inputs, as a page's inputs key a page."""
        return inputs_key(self.env_key, f"{path}\n{inputs}")

    def keep(self, key: str, page: Path, link: bool = True) -> None:
        """Store a file written into the site (see keep_file)."""
        keep_file(page, self._path(key), link)

    def record(self, key: str, inputs: str | None, links: dict[str, list] | None) -> None:
        """A page of this build (stored, or found, by this process or a worker): kept, with
        what the link checker found in it (so a hit needs no parsing) and the key of the
        inputs that made it."""
        self.used.add(key)
        if links is not None:
            self.index.put(("links", key), links)
        if inputs is not None:
            self.remember(inputs, key)

    def links(self, key: str) -> dict[str, list] | None:
        return self.index.get(("links", key))

    def prune(self) -> None:
        """Drop pages no longer produced, and the folders of all but the environments used
        last, so the cache does not grow without bound; save the index of the pages kept."""
        if self.folder.is_dir():
            for path in self.folder.glob("*/*.*"):
                if path.stem not in self.used:
                    path.unlink(missing_ok=True)
        self.index.used = {k: v for k, v in self.index.used.items()
                           if (k[1] if k[0] == "links" else v) in self.used}
        self.index.save()
        self.folder.mkdir(parents=True, exist_ok=True)
        os.utime(self.folder)
        others = sorted((p for p in self.root.iterdir() if p.is_dir() and p != self.folder),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[self.ENVIRONMENTS_KEPT - 1:]:
            shutil.rmtree(old, ignore_errors=True)
