"""Build caches keyed by content hash, so a rebuild after editing one meeting re-renders only
what changed: rendered Markdown per meeting, and finished HTML per page.

A cached page is valid when its key matches: the key hashes the page's data (everything
its template shows) with the environment (theme files, mkdocs.yml, package versions), so
any change to either makes a fresh render. The caches hold derived data only; deleting
the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 4  # bump when the cache layout or the meaning of a key changes


def _hash(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def environment_key(config_file: Path, theme_dirs: list[Path], generator_dir: Path) -> str:
    """Everything besides a page's own data that shapes its HTML."""
    parts: list[bytes | str] = [str(FORMAT), config_file.read_bytes()]
    for dist in ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "referatarkivet"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=-")
    for folder in [*theme_dirs, generator_dir]:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return _hash(*parts)


def inputs_key(env_key: str, inputs: str) -> str:
    return _hash(env_key, inputs)


def page_key(env_key: str, meta: list[Any], payload: str) -> str:
    """A generated page's key: the environment, its title and the like, its data as JSON."""
    return _hash(env_key, json.dumps(meta, sort_keys=True, ensure_ascii=False), payload)


class PageCache:
    """Finished HTML of generated pages, one file per key. One index file holds what the
    link checker found in each page and, per page inputs (see SiteBuilder.plan), the key
    of the page they made: a rebuild reads one file, and makes no page whose inputs are
    unchanged."""

    def __init__(self, folder: Path):
        self.folder = folder / "pages"
        self.index_path = folder / "pages.pickle"
        self.used: set[str] = set()
        self._index: dict[str, dict] | None = None

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def _part(self, name: str) -> dict:
        if self._index is None:
            try:
                self._index = pickle.loads(self.index_path.read_bytes())
            except Exception:  # noqa: BLE001 - missing or damaged: pages are made and parsed again
                self._index = {}
        return self._index.setdefault(name, {})

    def get(self, key: str) -> Path | None:
        path = self._path(key)
        if path.is_file():
            self.used.add(key)
            return path
        return None

    def by_inputs(self, inputs: str) -> Path | None:
        key = self._part("inputs").get(inputs)
        return self.get(key) if key else None

    def remember(self, inputs: str, key: str) -> None:
        self._part("inputs")[inputs] = key

    def put(self, key: str, html: str, links: dict[str, list] | None = None) -> None:
        """Store a page, with what the link checker found in it (so a hit needs no parsing)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, html.encode("utf-8"))
        if links is not None:
            self._part("links")[key] = links
        self.used.add(key)

    def links(self, key: str) -> dict[str, list] | None:
        return self._part("links").get(key)

    def prune(self) -> None:
        """Drop pages no longer produced, so the cache does not grow without bound, and save
        the index for the pages kept."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.*"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
        kept = {"links": {k: v for k, v in self._part("links").items() if k in self.used},
                "inputs": {i: k for i, k in self._part("inputs").items() if k in self.used}}
        _write_atomic(self.index_path, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))


class RenderCache:
    """Rendered Markdown chunks of meetings, keyed by a hash of the meeting's text."""

    def __init__(self, folder: Path | None):
        self.path = folder / "render.pickle" if folder else None
        self.entries: dict[str, list[str]] = {}
        self.used: dict[str, list[str]] = {}
        if self.path and self.path.is_file():
            try:
                with self.path.open("rb") as f:
                    self.entries = pickle.load(f)
            except Exception:  # a damaged cache is just a cold cache
                self.entries = {}

    @staticmethod
    def key(parts: list[str]) -> str:
        return _hash(str(FORMAT), *parts)

    def get(self, key: str) -> list[str] | None:
        chunks = self.entries.get(key)
        if chunks is not None:
            self.used[key] = chunks
        return chunks

    def put(self, key: str, chunks: list[str]) -> None:
        self.used[key] = chunks

    def save(self) -> None:
        if self.path is None or self.used.keys() == self.entries.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(self.used, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.path)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(path)


def clear(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
