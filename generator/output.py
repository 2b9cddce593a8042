"""Atomic output: the site is built into a temporary sibling folder and swapped into place
only when the build succeeded, so a failed build leaves the previous site untouched."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path


class AtomicOutput:
    def __init__(self, final: Path):
        self.final = final
        self.building = final.parent / f".{final.name}.building"
        shutil.rmtree(self.building, ignore_errors=True)

    def commit(self) -> None:
        """Swap the new site into place."""
        old = self.final.parent / f".{self.final.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if self.final.exists():
            self.final.rename(old)
        self.building.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)


def normalise_gzip(path: Path) -> None:
    """Rewrite a .gz file with no timestamp, so equal content gives equal bytes."""
    if path.is_file():
        path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()), mtime=0))
