"""Links that survive corrections: a moved meeting keeps its old URL (a redirect page), and
the URL ledger stops a build that would drop a published URL without one."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sitebuild import REPO, build

from generator import ledger
from generator.linkcheck import check_site

OLD = "fora/klyngestyregruppe-vest/2021-11/"
NEW = "fora/klyngestyregruppe-vest/2021-11-25/"
MINI = Path(__file__).parent / "fixtures" / "mini"
LEDGER = {"url_ledger": "urls.txt"}


def move_meeting(content: Path, previous_urls: str | None) -> None:
    """Correct the month-precise date 2021-11 to 25 November: the file and URL change."""
    old = content / "meetings" / "klyngestyregruppe-vest" / "2021-11.md"
    text = old.read_text(encoding="utf-8").replace('date: "2021-11"', "date: 2021-11-25", 1)
    if previous_urls is not None:
        text = text.replace("chair:", f"previous_urls: {previous_urls}\nchair:", 1)
    old.unlink()
    (content / "meetings" / "klyngestyregruppe-vest" / "2021-11-25.md").write_text(text, encoding="utf-8")


def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> dict[str, Path]:
    """The real archive built with a ledger; then the meeting moved, with and without a redirect."""
    work = tmp_path_factory.mktemp("moved")
    content = work / "content"
    shutil.copytree(REPO / "content", content)
    first = build(work, content, plugin=LEDGER)
    assert first.returncode == 0, first.stderr
    ledger_before = (work / "urls.txt").read_text(encoding="utf-8")
    site_before = digest(work / "site")
    move_meeting(content, previous_urls=None)
    refused = build(work, content, plugin=LEDGER)
    after_refusal = digest(work / "site"), (work / "urls.txt").read_text(encoding="utf-8")
    shutil.rmtree(content)
    shutil.copytree(REPO / "content", content)
    move_meeting(content, previous_urls=f"[{OLD}]")
    accepted = build(work, content, plugin=LEDGER)
    assert accepted.returncode == 0, accepted.stderr
    offline = tmp_path_factory.mktemp("moved-offline")
    assert build(offline, content, use_directory_urls=False).returncode == 0
    return {"work": work, "site": work / "site", "offline": offline / "site", "refused": refused,
            "ledger_before": ledger_before, "site_before": site_before, "after_refusal": after_refusal}


def test_ledger_lists_every_page_url(moved):
    ledger = [line.removeprefix("/") for line in moved["ledger_before"].splitlines()]
    assert OLD in ledger and "" in ledger  # "/": the home page
    assert "fora/" in ledger and "data/" in ledger and "om/" in ledger
    assert NEW not in ledger


def test_dropping_a_published_url_without_a_redirect_fails_with_the_list(moved):
    refused = moved["refused"]
    assert refused.returncode != 0
    assert f"/{OLD}" in refused.stderr and "previous_urls" in refused.stderr
    site, ledger = moved["after_refusal"]
    assert site == moved["site_before"]  # the published site is untouched
    assert ledger == moved["ledger_before"]


def test_old_url_redirects_and_the_ledger_keeps_both(moved):
    site = moved["site"]
    page = (site / OLD / "index.html").read_text(encoding="utf-8")
    assert f'http-equiv="refresh" content="0; url=../../../{NEW}"' in page
    assert f'<link rel="canonical" href="../../../{NEW}">' in page
    assert (site / NEW / "index.html").is_file()
    ledger = [line.removeprefix("/") for line in (moved["work"] / "urls.txt").read_text(encoding="utf-8").splitlines()]
    assert OLD in ledger and NEW in ledger
    assert check_site(site) == []  # the redirect's link is crawled like any page's


def test_browser_follows_the_old_link_to_the_same_item(moved, serve, page):
    base = serve(moved["site"])
    page.goto(base + OLD + "#punkt-3")
    page.wait_for_url(base + NEW + "#punkt-3")
    assert page.locator("#punkt-3").is_visible()
    assert "25. november 2021" in page.locator("h1").inner_text()


def test_old_link_works_from_a_file_share(moved, page):
    offline = moved["offline"]
    old = (offline / OLD / "index.html").as_uri()
    page.goto(old + "#punkt-2")
    page.wait_for_url("**/2021-11-25/index.html#punkt-2")
    assert page.locator("#punkt-2").is_visible()


def test_closing_a_meeting_may_drop_its_url(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    assert build(tmp_path, content, plugin=LEDGER).returncode == 0
    path = content / "meetings" / "testforum-nord" / "2021-06.md"
    path.write_text(path.read_text(encoding="utf-8").replace("forum: testforum-nord", "forum: testforum-nord\npublic: false", 1),
                    encoding="utf-8")
    result = build(tmp_path, content, plugin=LEDGER)
    assert result.returncode == 0, result.stderr
    ledger = (tmp_path / "urls.txt").read_text(encoding="utf-8").splitlines()
    assert "/fora/testforum-nord/2021-06/" not in ledger and "/fora/testforum-nord/2021-03-04/" in ledger


def test_fixture_builds_keep_no_ledger(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    assert build(tmp_path, content).returncode == 0
    assert not (tmp_path / "urls.txt").exists()


@pytest.mark.parametrize("value, message", [
    ("[../../etc/]", "is not a path of this site"),
    ("[\"https://evil.example/\"]", "is not a path of this site"),
    ("[fora/testforum-nord/2021-03-04/]", "is a page or file of the site now"),
    ("[fora/testforum-nord/]", "is a page or file of the site now"),
    ("{a: b}", "must be a list"),
])
def test_bad_previous_urls_stop_the_build_naming_the_file(tmp_path, value, message):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    path = content / "meetings" / "testforum-nord" / "2021-06.md"
    path.write_text(path.read_text(encoding="utf-8").replace("forum:", f"previous_urls: {value}\nforum:", 1), encoding="utf-8")
    result = build(tmp_path, content)
    assert result.returncode != 0
    assert "2021-06.md" in result.stderr and message in result.stderr


def test_an_old_url_claimed_twice_is_an_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    for name in ("2021-06.md", "2021-03-04.md"):
        path = content / "meetings" / "testforum-nord" / name
        path.write_text(path.read_text(encoding="utf-8").replace("forum:", "previous_urls: [fora/testforum-nord/2021-01/]\nforum:", 1),
                        encoding="utf-8")
    result = build(tmp_path, content)
    assert result.returncode != 0 and "also claimed by" in result.stderr


def test_redirect_pages_are_rebuilt_byte_identical(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    path = content / "meetings" / "testforum-nord" / "2021-06.md"
    path.write_text(path.read_text(encoding="utf-8").replace("forum:", "previous_urls: [fora/testforum-nord/2021-05/]\nforum:", 1),
                    encoding="utf-8")
    assert build(tmp_path, content, site_url="https://referater.example/").returncode == 0
    first = digest(tmp_path / "site")
    assert "fora/testforum-nord/2021-05/index.html" in first
    shutil.rmtree(tmp_path / ".cache")
    assert build(tmp_path, content, site_url="https://referater.example/").returncode == 0
    assert digest(tmp_path / "site") == first
    page = (tmp_path / "site" / "fora/testforum-nord/2021-05/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://referater.example/fora/testforum-nord/2021-06/">' in page


def test_the_committed_ledger_is_kept_by_the_shipped_site(real_site):
    """Every URL in the repository's ledger is still published (a page or a redirect)."""
    committed = ledger.read(REPO / "urls.txt")
    assert "fora/klyngestyregruppe-vest/2021-11/" in committed
    assert sorted(committed - ledger.site_paths(real_site)) == []


def test_a_renamed_registry_entry_keeps_its_old_url(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    path = content / "agreements" / "indlaeggelse-og-udskrivning.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nprevious_urls: [/aftaler/ind-og-udskrivning]\n", 1),
                    encoding="utf-8")
    result = build(tmp_path, content)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "aftaler" / "ind-og-udskrivning" / "index.html").read_text(encoding="utf-8")
    assert 'url=../../aftaler/indlaeggelse-og-udskrivning/"' in page
