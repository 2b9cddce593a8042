"""Atomic output: the site is built into a temporary sibling folder and swapped into place
only when the build succeeded, so a failed build leaves the previous site untouched."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

# Removes folders in a process of its own: the build returns without waiting for it.
_REMOVER = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, ignore_errors=True)"
_removers: list[subprocess.Popen] = []  # running, kept so that they are reaped


class AtomicOutput:
    def __init__(self, final: Path):
        self.final = final
        self.building = final.parent / f".{final.name}.building"
        shutil.rmtree(self.building, ignore_errors=True)

    def commit(self) -> None:
        """Swap the new site into place. The replaced site is removed by a process the
        build does not wait for (a site of 5,000 meetings takes a second and more to
        delete); a folder a removal left behind (the machine stopped) goes with the next."""
        if self.final.exists():
            self.final.rename(self.final.parent / f".{self.final.name}.old-{uuid.uuid4().hex[:12]}")
        self.building.rename(self.final)
        remove_later(sorted(self.final.parent.glob(f".{self.final.name}.old*")))

    def discard(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)


def remove_later(folders: list[Path]) -> None:
    """Remove folders in a detached process (at once, here, where none can be started)."""
    _removers[:] = [p for p in _removers if p.poll() is None]  # the ended ones reaped
    if not folders:
        return
    try:
        _removers.append(subprocess.Popen(
            [sys.executable, "-c", _REMOVER, *map(str, folders)], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    except OSError:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def normalise_gzip(path: Path) -> None:
    """Rewrite a .gz file with no timestamp, so equal content gives equal bytes."""
    if path.is_file():
        path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()), mtime=0))
