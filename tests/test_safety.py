"""Content cannot inject markup: frontmatter values and item text render as text everywhere."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sitebuild import build, require

MINI = Path(__file__).parent / "fixtures" / "mini"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(MINI, content)
    (content / "people" / "bo-test.md").write_text(f"---\nname: 'Bo {SCRIPT}'\n---\n", encoding="utf-8")
    (content / "forums" / "testforum-nord.md").write_text(
        f"---\nname: 'Testforum {IMG}'\ncluster: '{SCRIPT}'\nkind: Klyngestyregruppe\n---\nBeskrivelse {SCRIPT}\n",
        encoding="utf-8")
    (content / "meetings" / "testforum-nord" / "2022-02-02.md").write_text(
        f"---\nforum: testforum-nord\ndate: 2022-02-02\nplace: '{IMG}'\ntime: '{SCRIPT}'\n"
        f"participants:\n  - person: bo-test\n    title: '{IMG}'\n    note: '{SCRIPT}'\n"
        f"source:\n  title: '{SCRIPT}'\n---\n\n"
        f"## 1. Titel {SCRIPT}\n\nTekst {IMG} og <b onmouseover=alert(4)>fed</b>.\n\n"
        f"<div onclick=alert(5)>blok</div>\n\n[klik](javascript:alert(3)) ![x](data:text/html,boom)\n\n### Beslutning\n\n{SCRIPT}\n",
        encoding="utf-8")
    result = build(root, content)
    assert result.returncode == 0, result.stderr
    return root / "site"


def all_html(site: Path) -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in site.rglob("*.html")]


def test_no_injected_markup_on_any_page(hostile_site):
    for path, text in all_html(hostile_site):
        for bad in ("<script>alert", "<img src=x", "<b onmouseover", "<div onclick", 'href="javascript:'):
            assert bad not in text, (path, bad)


def test_injected_text_is_shown_as_text(hostile_site):
    meeting = (hostile_site / "fora" / "testforum-nord" / "2022-02-02" / "index.html").read_text(encoding="utf-8")
    assert "Titel &lt;script&gt;alert(1)&lt;/script&gt;" in meeting
    assert "&lt;b onmouseover=alert(4)&gt;fed&lt;/b&gt;" in meeting
    people = (hostile_site / "personer" / "index.html").read_text(encoding="utf-8")
    assert "Bo &lt;script&gt;alert(1)&lt;/script&gt;" in people


def test_a_source_url_must_be_a_web_address(tmp_path):
    from generator.archive import load_archive
    from generator.errors import ContentErrors

    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "meetings" / "testforum-nord" / "2022-02-02.md").write_text(
        "---\nforum: testforum-nord\ndate: 2022-02-02\nsource:\n  url: 'javascript:alert(3)'\n---\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    assert "2022-02-02.md:5: 'url' must be a web address" in info.value.report()


def test_search_results_show_injected_text_as_text(hostile_site, serve, page):
    require("playwright")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(serve(hostile_site) + "soeg/?q=titel")
    page.wait_for_function("window.RA_SEARCH && window.RA_SEARCH.ranking !== undefined")
    title = page.locator("#ra-results a.ra-result-title").first
    assert "<script>alert(1)</script>" in title.inner_text()
    assert page.locator("#ra-results script, #ra-results img, #ra-entities script").count() == 0
    page.goto(serve(hostile_site) + "soeg/?q=bo")
    page.wait_for_function("window.RA_SEARCH && window.RA_SEARCH.ranking !== undefined")
    assert "Bo <script>alert(1)</script>" in page.locator("#ra-entities").inner_text()
    assert dialogs == []


# --- link addresses as the browser reads them ------------------------------------------

SCRIPT_HREFS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&#0000106;avascript:alert(1)",
    "javascript&#58;alert(1)", "javascript&colon;alert(1)", "javascript&#x3a;alert(1)",
    "jav&#x09;ascript:alert(1)", "jav&#x0A;ascript:alert(1)", "jav&#13;ascript:alert(1)", "jav&Tab;ascript:alert(1)",
    "&#x01;javascript:alert(1)", "&#32;javascript:alert(1)", "&NewLine;javascript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "data&colon;text/html,x",
    "&#x26;#106;avascript:alert(1)",  # decodes once to '&#106;...': text, not a scheme, but never a script
]


def browser_hrefs(html: str) -> list[str]:
    """Every href/src of the HTML as the browser's URL parser sees it: entities decoded,
    tab and newline removed, leading and trailing control characters and spaces stripped."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(v or "" for k, v in attrs if k in ("href", "src", "action", "formaction", "poster", "srcset"))

    Collect(convert_charrefs=True).feed(html)
    return [re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(33)))) for url in found]


def has_script_scheme(url: str) -> bool:
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return scheme is not None and scheme.group(1).lower() not in ("http", "https", "mailto", "tel")


@pytest.mark.parametrize("href", SCRIPT_HREFS)
@pytest.mark.parametrize("form", [
    "[klik]({href})", "![billede]({href})", "[klik](<{href}>)", "[klik]({href} \"titel\")",
    "[klik][r]\n\n[r]: {href}", "[r]\n\n[r]: {href}", "![billede][r]\n\n[r]: {href}", "[klik] [r]\n\n[r]: {href} 'titel'",
    "<{href}>",
])
def test_no_markdown_link_form_makes_a_script_address(href, form):
    from generator.render import Renderer

    html = Renderer().block(form.format(href=href))
    assert not any(has_script_scheme(url) for url in browser_hrefs(html)), html


@pytest.mark.parametrize("href", [
    "https://www.rn.dk/sundhed?a=1&amp;b=2", "http://example.dk/x_(y)", "mailto:sekretariat@rn.dk",
    "tel:+4570113131", "../aftaler/", "#punkt-2", "/om/", "//www.rn.dk/", "side.html?x=javascript:1",
])
def test_ordinary_link_addresses_are_kept(href):
    from generator.render import Renderer

    html = Renderer().block(f"[link]({href})")
    assert 'href="' in html, html


@pytest.mark.parametrize("href,safe", [
    ("https://rn.dk", True), ("mailto:a@rn.dk", True), ("tel:12", True), ("side/", True), ("#a", True),
    ("person:bo-test", False),  # the archive's links are site links once rendered, never raw
    ("javascript:x", False), ("&#106;avascript:x", False), ("java\tscript:x", False), ("\x00javascript:x", False),
    ("javascript&colon;x", False), ("&#x6a&#x61vascript:x", False), ("&#106avascript:x", False),
])
def test_is_safe_url_reads_the_address_as_the_browser_does(href, safe):
    from generator.render import is_safe_url

    assert is_safe_url(href) is safe


def test_a_forums_minutes_url_must_be_a_web_address(tmp_path):
    from generator.archive import load_archive
    from generator.errors import ContentErrors

    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "forums" / "testforum-vest.md").write_text(
        "---\nname: Vest\ncluster: Klynge Vest\nkind: Driftsforum\nurl: 'javascript:alert(5)'\n---\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    assert "forums/testforum-vest.md:5: 'url' must be a web address" in info.value.report()
