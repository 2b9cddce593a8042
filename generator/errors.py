"""Content errors: one line each, naming the file, the line where known, and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentError:
    path: Path
    line: int | None
    message: str

    def format(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = self.path.relative_to(root)
            except ValueError:
                pass
        where = f"{path}:{self.line}" if self.line else f"{path}"
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """Raised when content/ has problems; carries every problem found, not just the first."""

    def __init__(self, errors: list[ContentError], root: Path | None = None):
        self.errors = sorted(errors, key=lambda e: (str(e.path), e.line or 0, e.message))
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        lines = [e.format(self.root) for e in self.errors]
        noun = "problem" if len(lines) == 1 else "problems"
        return f"{len(lines)} {noun} in the content:\n" + "\n".join(lines)
