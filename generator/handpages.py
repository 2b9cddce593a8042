"""The hand-written pages (content/pages/, mkdocs' docs_dir) held to the rules of the rest
of content/.

mkdocs publishes that folder itself: it follows symbolic links and copies every file that
is not Markdown into the site as it is. So here, before mkdocs reads anything:

- only regular files, no link out of the content folder and no linked folder (a link to
  a parent folder would make mkdocs walk forever), at most MAX_FILE_BYTES each;
- only Markdown pages and files a browser shows without running them (images, PDF, office
  documents, plain text, CSS): an .html, .js or .svg file would be published as is and
  could run script;
- a Markdown page gets the checks of every content file: UTF-8, sane frontmatter YAML,
  no control or text-direction characters, bounded Markdown shape, no personal data
  unless its frontmatter allows that text (`allow_personal_data`).

Raw HTML in a page is shown as text and unsafe link addresses are dropped when it is
rendered (SafeMarkdown, added to mkdocs' Markdown by the plugin).
"""

from __future__ import annotations

import os
from pathlib import Path

from .contentfiles import ContentRoot, check_file, read_bytes
from .errors import ContentError
from .loader import read_document
from .privacy import find_personal_data

PAGES_DIR = "pages"
STATIC_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pdf", ".txt", ".csv", ".css",
                   ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
TEXT_SUFFIXES = (".txt", ".csv")


def check_pages(folder: Path, boundary: Path | None = None) -> list[ContentError]:
    """Every problem of the pages in `folder` (links may point within `boundary`, by
    default the folder itself)."""
    if not folder.is_dir():
        return []
    root = ContentRoot(boundary or folder)
    errors: list[ContentError] = []
    for current, dirs, files in os.walk(folder):
        base = Path(current)
        for name in sorted(dirs):
            if name.startswith(".") or os.path.islink(base / name):
                dirs.remove(name)  # mkdocs leaves out dot folders; linked folders are refused below
                if not name.startswith("."):
                    errors.append(ContentError(base / name, None, "a link to a folder; pages must be ordinary "
                                                                  "files and folders: copy the folder here instead"))
        dirs.sort()
        for name in sorted(files):
            if not name.startswith("."):  # mkdocs leaves out dot files
                errors += _check_page_file(base / name, root)
    return errors


def _check_page_file(path: Path, root: ContentRoot) -> list[ContentError]:
    problem = check_file(path, root)
    if problem is not None:
        return [problem]
    suffix = path.suffix.lower()
    if suffix == ".md":
        doc = read_document(path, root, frontmatter=False)
        if isinstance(doc, ContentError):
            return [doc]
        doc.check_personal_data()
        return doc.errors
    if suffix not in STATIC_SUFFIXES:
        return [ContentError(path, None, f"a '{suffix or path.name}' file would be published as it is and could "
                                         "run script; write the page in Markdown (.md), or use one of: "
                                         + ", ".join(STATIC_SUFFIXES))]
    if suffix in TEXT_SUFFIXES:  # published as it is: no personal data, and nothing to allow it
        raw = read_bytes(path, root)
        if isinstance(raw, ContentError):
            return [raw]
        text = raw.decode("utf-8", errors="replace")
        return [ContentError(path, f.line, f.message.split("; remove it")[0] + "; remove it from the file")
                for f in find_personal_data(text)]
    return []
