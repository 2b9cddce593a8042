"""The site's URL scheme has one home, generator/urls.py: no other module or template spells
a page's path, the search page takes its patterns from the index's manifest, and the
offline copy (no directory URLs) links every page by its index.html."""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import build

from generator import urls

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"

# A page folder followed by '/', an item's anchor, or a page's file name.
SPELLED = re.compile(r"(?<![\w-])(?:" + "|".join([*urls.ENTITY_FOLDERS.values(), urls.SEARCH.rstrip("/")])
                     + r")/|" + re.escape(urls.ITEM_ANCHOR) + "|" + re.escape(urls.INDEX_FILE))
# Examples for people, in prose: (file, text of the line or string it is in).
ALLOWED = {
    ("generator/ledger.py", "e.g. previous_urls: [fora/klyngestyregruppe-vest/2021-11/]"),
    ("generator/loader.py", "e.g. fora/klyngestyregruppe-vest/2021-11/"),
    ("theme/404.html", "<code>/fora/klyngestyregruppe-syd/2021-01-27/#punkt-4</code>"),
    ("theme/data.html", "<code>…/#punkt-3</code>"),
    ("theme/data.html", "<code>personer/maj-skaarhoej</code>"),
    ("theme/assets/search/search.js", '"index.html" in a build without directory URLs'),
}


def _python_strings(path: Path):
    """(line, text) of every string in a module's code: docstrings are prose, not paths."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def _spelled_paths() -> list[str]:
    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        if name == "generator/urls.py" or "/importer/" in name:  # the importer writes content, not the site
            continue
        for line, text in _python_strings(path):
            if SPELLED.search(text) and not any(f == name and a in text for f, a in ALLOWED):
                found.append(f"{name}:{line}: {text[:80]!r}")
    for path in sorted((REPO / "theme").rglob("*")):
        if path.suffix not in (".html", ".js") or "vendor" in path.parts:
            continue
        name = path.relative_to(REPO).as_posix()
        for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SPELLED.search(text) and not any(f == name and a in text for f, a in ALLOWED):
                found.append(f"{name}:{line}: {text.strip()[:80]}")
    return found


def test_no_module_or_template_but_urls_spells_a_page_path():
    assert _spelled_paths() == []


def test_the_path_check_finds_a_path_written_by_hand(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""Docstrings may say fora/x/."""\nURL = f"personer/{1}/"\nA = "#punkt-" + "3"\n', encoding="utf-8")
    texts = [text for _, text in _python_strings(module)]
    assert [t for t in texts if SPELLED.search(t)] == ["personer/", "#punkt-"]


def test_paths_of_pages_links_and_anchors():
    assert urls.entity_path("people", "bo-test") == "personer/bo-test/"
    assert urls.entity_id("agreements", "a") == "aftaler/a"
    assert urls.meeting_path("testforum-nord/2021-06") == "fora/testforum-nord/2021-06/"
    assert urls.item_path("testforum-nord/2021-06", "2a") == "fora/testforum-nord/2021-06/#punkt-2a"
    assert urls.link_path("aftale", "a") == "aftaler/a/"
    assert urls.link_path("moede", "f/2021") == "fora/f/2021/"
    assert urls.link_path("punkt", "f/2021/3") == "fora/f/2021/#punkt-3"
    assert urls.link_path("punkt", "3", "f/2022") == "fora/f/2022/#punkt-3"
    assert urls.feed_path() == "feeds/arkiv.xml"
    assert urls.feed_path("organisation", "o") == "feeds/organisationer/o.xml"
    assert urls.meeting_data_path("f/2021") == "data/moeder/f/2021.json"
    assert set(urls.LINK_KINDS) == {"person", "aftale", "organisation", "forum", "moede", "punkt"}
    with pytest.raises(ValueError):
        urls.link_path("javascript", "alert(1)")


def test_offline_links_name_the_index_file_and_keep_the_anchor():
    assert urls.page_link("fora/x/#punkt-2", directory_urls=False) == "fora/x/index.html#punkt-2"
    assert urls.page_link("soeg/?q=a#b", directory_urls=False) == "soeg/index.html?q=a#b"
    assert urls.page_link("", directory_urls=False) == "index.html"
    assert urls.page_link("data/arkiv.json", directory_urls=False) == "data/arkiv.json"
    assert urls.page_link("fora/x/#punkt-2") == "fora/x/#punkt-2"
    assert urls.root_prefix("fora/x/index.html") == "../../"
    assert urls.root_prefix("index.html") == "./"


def test_the_search_manifest_carries_the_patterns_of_urls_py(mini_site):
    manifest = _registered(mini_site / "search" / "manifest.js")
    assert manifest["urls"] == urls.browser_patterns()
    for kind, pattern in manifest["urls"].items():
        assert pattern.replace("{n}", "3").replace("{id}", "x/2021") == urls.link_path(
            kind, "x/2021/3" if kind == "punkt" else "x/2021")


def _registered(script: Path) -> dict:
    text = script.read_text(encoding="utf-8")
    return json.loads(text[text.index("{"):text.rindex(")")])  # RA_SEARCH.register("manifest","",{...});


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.links.append(value)


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("offline")
    result = build(workdir, MINI, args=["--no-directory-urls"])
    assert result.returncode == 0, result.stderr
    return workdir / "site"


def test_the_offline_build_links_every_page_by_its_index_html(offline_site):
    folders = []
    for page in sorted(offline_site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if re.match(r"[a-z][a-z0-9+.-]*:", link):  # https:, mailto:, data: ...
                continue
            path = link.split("#", 1)[0].split("?", 1)[0]
            if path and (path.endswith("/") or path.rsplit("/", 1)[-1] in (".", "..")):
                folders.append(f"{page.relative_to(offline_site)}: {link}")
    assert folders == []


def test_search_results_link_agreements_by_their_index_html_offline(offline_site, page):
    page.goto((offline_site / "soeg" / "index.html").as_uri() + "?q=udskrivning")
    page.wait_for_selector("#ra-results > li")
    chips = page.locator("#ra-results a.ra-chip")
    assert chips.count() > 0
    hrefs = set(chips.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert hrefs == {"../aftaler/indlaeggelse-og-udskrivning/index.html"}
    chips.first.click()
    assert page.url.endswith("/aftaler/indlaeggelse-og-udskrivning/index.html")
