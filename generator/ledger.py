"""The URL ledger: every page URL the public site has published, one path a line ('/fora/x/'), in a
file kept in the repository. A build that would drop a URL of the ledger without a redirect
(previous_urls) fails with the list; a meeting made non-public may drop its URL. A build
that passes writes the ledger anew, so new URLs show in the commit that adds them."""

from __future__ import annotations

from pathlib import Path

from .urls import INDEX_FILE

HEADER = """\
# Every URL the public archive has published (paths from the site root), kept by the build.
# A build fails when one of these would disappear without a redirect: give the moved entry
# `previous_urls:` with its old path. Delete a line only for a page removed on purpose.
"""


def site_paths(site: Path) -> set[str]:
    """The page URLs of a built site: 'fora/x/' for fora/x/index.html (and for fora/x.html)."""
    paths = set()
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        rel = rel.removesuffix(INDEX_FILE)
        paths.add(rel.removesuffix(".html") + "/" if rel.endswith(".html") else rel)
    return paths


def read(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip().removeprefix("/") for line in lines if line.strip() and not line.startswith("#")}


def dropped(ledger: set[str], published: set[str], withheld: set[str]) -> list[str]:
    return sorted(ledger - published - withheld)


def report(path: Path, missing: list[str]) -> str:
    lines = [f"{path.name}: {len(missing)} published URL{'s' if len(missing) != 1 else ''} would disappear without a redirect:"]
    lines += [f"  /{url}" for url in missing]
    lines.append("If an entry moved (e.g. its date was corrected), add its old path to its frontmatter, "
                 "e.g. previous_urls: [fora/klyngestyregruppe-vest/2021-11/]; "
                 f"if a page was removed on purpose, delete its line from {path.name}.")
    return "\n".join(lines)


def write(path: Path, published: set[str]) -> None:
    text = HEADER + "".join(f"/{url}\n" for url in sorted(published))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
