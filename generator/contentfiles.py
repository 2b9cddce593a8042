"""Reading a file of content/ only when it is what it claims to be: a regular file inside
the content folder, of a size a text can have.

A symbolic link could publish a file from elsewhere on the machine (or read /dev/zero until
memory runs out), a FIFO named `x.md` would block the build forever, and a device never
ends; none of them is content.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ContentError

MAX_FILE_BYTES = 8 * 1024 * 1024  # a year of a busy forum's minutes is well under 1 MB


class ContentRoot:
    """The content folder, with the real location of each folder asked about (thousands of
    files share a few dozen folders)."""

    def __init__(self, path: Path):
        self.path = path
        self.real = os.path.join(os.path.realpath(path), "")
        self._folders: dict[str, str] = {}

    def holds(self, path: Path, is_link: bool) -> bool:
        """Whether `path`, with every link followed, is inside the content folder."""
        if is_link:
            real = os.path.realpath(path)
        else:
            folder = str(path.parent)
            if folder not in self._folders:
                self._folders[folder] = os.path.join(os.path.realpath(folder), "")
            real = self._folders[folder]
        return os.path.join(real, "").startswith(self.real)


def check_file(path: Path, root: ContentRoot | None) -> ContentError | None:
    """Why `path` may not be read as content, or None."""
    try:
        info = os.lstat(path)
        is_link = stat.S_ISLNK(info.st_mode)
        if root is not None and not root.holds(path, is_link):
            if is_link:
                return ContentError(path, None, "a symbolic link to a file outside the content folder; "
                                                "copy the file into content/ instead")
            return ContentError(path, None, "a file in a folder that links outside the content folder; "
                                            "copy the folder into content/ instead")
        if is_link:
            info = os.stat(path)
    except OSError as exc:
        return ContentError(path, None, f"cannot read the file ({exc.strerror}); check its permissions")
    if not stat.S_ISREG(info.st_mode):
        return ContentError(path, None, f"not a regular file ({_kind(info.st_mode)}); content must be "
                                        "ordinary files: remove it or replace it with the file itself")
    if info.st_size > MAX_FILE_BYTES:
        return ContentError(path, None, f"the file is {info.st_size / 1024 / 1024:.1f} MB, more than the "
                                        f"{MAX_FILE_BYTES // 1024 // 1024} MB a content file may have; split it")
    return None


def read_bytes(path: Path, root: ContentRoot | None) -> bytes | ContentError:
    """The bytes of a content file, or why it may not be read."""
    problem = check_file(path, root)
    if problem is not None:
        return problem
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, MAX_FILE_BYTES) + 1)
            if len(data) > size:  # it grew since it was checked: read on, up to the limit
                data += handle.read(max(0, MAX_FILE_BYTES + 1 - len(data)))
    except OSError as exc:
        return ContentError(path, None, f"cannot read the file ({exc.strerror}); check its permissions")
    if len(data) > MAX_FILE_BYTES:
        return ContentError(path, None, f"the file is more than the {MAX_FILE_BYTES // 1024 // 1024} MB "
                                        "a content file may have; split it")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"
