"""Words that name properties of every JavaScript object (constructor, __proto__, toString)
are plain words and plain facet values to the search page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitebuild import build
from test_search_browser import wait_for_results

pytest.importorskip("playwright")

MINI = Path(__file__).parent / "fixtures" / "mini"
NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The mini archive with those words in an item, and a person and forum whose id is one."""
    workdir = tmp_path_factory.mktemp("prototype")
    content = workdir / "content"
    shutil.copytree(MINI, content)
    (content / "people" / "constructor.md").write_text("---\nname: Konstanse Truktor\n---\n", encoding="utf-8")
    (content / "forums" / "constructor.md").write_text(
        "---\nname: Forum Constructor\ncluster: constructor\nkind: Driftsforum\n---\n", encoding="utf-8")
    meeting = content / "meetings" / "constructor" / "2022-01-10.md"
    meeting.parent.mkdir()
    meeting.write_text("---\nforum: constructor\ndate: 2022-01-10\nparticipants:\n  - person: constructor\n---\n\n"
                       "## 1. Aftale om constructor\n\nOrd som " + " og ".join(NAMES) + " er almindelige ord. Konstanse Truktor orienterede.\n",
                       encoding="utf-8")
    result = build(workdir, content)
    assert result.returncode == 0, result.stderr
    return workdir / "site"


@pytest.mark.parametrize("facet", ["forum", "klynge", "aar", "aftale", "person"])
def test_object_property_names_as_facet_values_are_ordinary_values(site, serve, page, facet):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = serve(site)
    for name in NAMES:
        page.goto(f"{base}soeg/?q=aftale&{facet}={name}")
        wait_for_results(page)
        status = page.locator("#ra-status").inner_text()
        if name == "constructor" and facet in ("forum", "klynge", "person"):
            assert status.startswith("1 dagsordenspunkt fundet"), (name, status)
        else:
            assert status.startswith("Ingen dagsordenspunkter fundet"), (name, status)
        page.wait_for_function(f"document.getElementById('ra-facet-{facet}').options.length > 1")
    assert errors == []


def test_object_property_names_as_query_words_are_ordinary_words(site, serve, page):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = serve(site)
    for name in NAMES:
        page.goto(f"{base}soeg/?q={name}")
        wait_for_results(page)
        status = page.locator("#ra-status").inner_text()
        assert status.startswith("1 dagsordenspunkt fundet"), (name, status)
        assert "Aftale om constructor" in page.locator("#ra-results").inner_text()
        assert page.evaluate("Number.isFinite(window.RA_SEARCH.ranking[0][1])"), name  # scored like any word
    page.goto(f"{base}soeg/?q=aftale&person=constructor")
    wait_for_results(page)
    assert page.locator("#ra-status").inner_text().startswith("1 dagsordenspunkt fundet")
    assert errors == []
