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


def check_file(path: Path, root: Path | None) -> ContentError | None:
    """Why `path` may not be read as content, or None."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            if root is None or not is_inside(path, root):
                return ContentError(path, None, "a symbolic link to a file outside the content folder; "
                                                "copy the file into content/ instead")
            info = os.stat(path)
        elif root is not None and not is_inside(path, root):  # inside a linked folder
            return ContentError(path, None, "a file in a folder that links outside the content folder; "
                                            "copy the folder into content/ instead")
    except OSError as exc:
        return ContentError(path, None, f"cannot read the file ({exc.strerror}); check its permissions")
    if not stat.S_ISREG(info.st_mode):
        return ContentError(path, None, f"not a regular file ({_kind(info.st_mode)}); content must be "
                                        "ordinary files: remove it or replace it with the file itself")
    if info.st_size > MAX_FILE_BYTES:
        return ContentError(path, None, f"the file is {info.st_size / 1024 / 1024:.1f} MB, more than the "
                                        f"{MAX_FILE_BYTES // 1024 // 1024} MB a content file may have; split it")
    return None


def read_bytes(path: Path, root: Path | None) -> bytes | ContentError:
    """The bytes of a content file, or why it may not be read."""
    problem = check_file(path, root)
    if problem is not None:
        return problem
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since it was checked
    except OSError as exc:
        return ContentError(path, None, f"cannot read the file ({exc.strerror}); check its permissions")
    if len(data) > MAX_FILE_BYTES:
        return ContentError(path, None, f"the file is more than the {MAX_FILE_BYTES // 1024 // 1024} MB "
                                        "a content file may have; split it")
    return data


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link followed, is inside `root` (links followed too)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except OSError:
        return False


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
