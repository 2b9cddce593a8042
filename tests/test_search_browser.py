"""Search in Chromium: from the header box to a highlighted item, facets and shareable
URLs, the same ranking as lunr.py, and the offline build opened from disk."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.archive import load_archive
from generator.outcomes import LABELS
from generator.pages import SiteBuilder
from generator.search.documents import search_documents
from generator.search.query import lunr_index, lunr_ranking
from sitebuild import REPO, build, require

require("playwright")

PARITY_QUERIES = ["Ind- og udskrivelsesaftalen", "indlæggelse og udskrivning", "Skårhøj", "samarbejdsaftaler",
                  "udskriv*", "covid", "kommune", "psykiatri", "handleplan", "IPS", "sundhedshuse Hobro",
                  "Mind My Mind", "RCF", "blodprøvetagning", "k*"]


def wait_for_results(page) -> None:
    page.wait_for_function("window.RA_SEARCH && window.RA_SEARCH.ranking !== undefined || "
                           "document.getElementById('ra-status').textContent.indexOf('Ingen') === 0")


def test_header_search_to_a_highlighted_item_with_facets_and_shareable_url(real_site, serve, page, artifacts):
    base = serve(real_site)
    page.goto(base + "fora/klyngestyregruppe-syd/2021-01-27/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "ra-header-q"
    page.keyboard.type("udskrivning")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/soeg/\?q=udskrivning"))
    wait_for_results(page)
    status = page.locator("#ra-status").inner_text()
    assert re.match(r"\d+ dagsordenspunkter fundet for »udskrivning«", status)
    assert page.locator("#ra-entities li").first.inner_text().startswith("Samarbejdsaftale om indlæggelse og udskrivning")
    before = page.locator("#ra-results > li").count()

    page.select_option("#ra-facet-forum", "driftsforum-voksenpsykiatri-midt")
    page.wait_for_url(re.compile(r"forum=driftsforum-voksenpsykiatri-midt"))
    wait_for_results(page)
    after = page.locator("#ra-results > li").count()
    assert 0 < after < before
    assert all("Driftsforum Voksenpsykiatri" in t for t in page.locator("#ra-results .ra-kicker").all_inner_texts())
    page.screenshot(path=str(artifacts / "search-udskrivning.png"), full_page=True)

    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {"q": ["udskrivning"], "forum": ["driftsforum-voksenpsykiatri-midt"]}
    page.locator("#ra-results a.ra-result-title").first.click()
    assert re.search(r"/fora/driftsforum-voksenpsykiatri-midt/2020-12-09/#punkt-\d+$", page.url)
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"section#{anchor}").evaluate("el => el.matches(':target')")

    page.go_back()
    wait_for_results(page)
    assert page.locator("#ra-results > li").count() == after
    page.goto(shared)  # the link a colleague receives
    wait_for_results(page)
    assert page.locator("#ra-results > li").count() == after
    assert page.locator("#ra-facet-forum").input_value() == "driftsforum-voksenpsykiatri-midt"


def test_query_terms_are_highlighted_in_results(real_site, serve, page):
    page.goto(serve(real_site) + "soeg/?q=covid")
    wait_for_results(page)
    marks = page.locator("#ra-results mark").all_inner_texts()
    assert marks and all(m.lower().startswith("covid") for m in marks)


def test_sort_by_date_puts_newest_first(real_site, serve, page):
    page.goto(serve(real_site) + "soeg/?q=samarbejdsaftale&sort=dato")
    wait_for_results(page)
    dates = page.evaluate("window.RA_SEARCH.ranking.length") and page.locator("#ra-results .ra-kicker").all_inner_texts()
    years = [int(re.search(r"(\d{4})$", d).group(1)) for d in dates]
    assert years == sorted(years, reverse=True)


def test_browser_ranking_equals_lunr_py(real_site, serve, page):
    archive = load_archive(REPO / "content")
    builder = SiteBuilder(archive)
    docs, facets = search_documents(archive, builder.ix, builder.items)
    docs = list(docs)
    index = lunr_index(docs)
    base = serve(real_site)
    for query in PARITY_QUERIES:
        expected = lunr_ranking(index, query)
        page.goto(base + "soeg/?q=" + query.replace(" ", "+"))
        wait_for_results(page)
        got = page.evaluate("window.RA_SEARCH.ranking || []")
        assert [round(s, 6) for _, s in got] == pytest.approx([round(s, 6) for _, s in expected], abs=1e-5), query
        # Same documents in the same order; within equal scores, lunr leaves the order open.
        key = lambda pair: (-round(pair[1], 6), pair[0])  # noqa: E731
        assert [d for d, _ in sorted(got, key=key)] == [d for d, _ in sorted(expected, key=key)], query


def test_search_works_in_the_offline_build_over_file(tmp_path, page):
    assert build(tmp_path, REPO / "content", use_directory_urls=False).returncode == 0
    site = tmp_path / "site"
    page.goto((site / "fora" / "klyngestyregruppe-midt" / "2021-06" / "index.html").as_uri())
    page.fill("#ra-header-q", "Skårhøj")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"soeg/index\.html\?q="))
    wait_for_results(page)
    entity = page.locator("#ra-entities a").first
    assert entity.inner_text() == "Maj Skårhøj"
    entity.click()
    assert page.url.endswith("personer/maj-skaarhoej/index.html")
    page.go_back()
    wait_for_results(page)
    page.locator("#ra-results a.ra-result-title").first.click()
    assert re.search(r"/index\.html#punkt-\d+$", page.url)


def test_outcome_is_shown_in_results_and_filters_as_a_facet_in_the_url(real_site, serve, page, artifacts):
    archive = load_archive(REPO / "content")
    outcome_of = {f"{m.url}#{i.anchor}": i.outcome for m in archive.meetings for i in m.items}
    base = serve(real_site)
    page.goto(base + "soeg/?q=punktet")
    wait_for_results(page)
    results = page.locator("#ra-results > li")
    assert results.count() > 0
    for n in range(results.count()):
        li = results.nth(n)
        href = li.locator("a.ra-result-title").get_attribute("href")
        url = href.split("../", 1)[-1] if href.startswith("../") else href
        expected = outcome_of[url]
        assert li.get_attribute("data-outcome") == expected
        assert li.locator(f".ra-outcome-{expected}").text_content() == "Udfald: " + LABELS[expected]
    options = page.locator("#ra-facet-udfald option").all_inner_texts()
    counted = sum(int(re.search(r"\((\d+)\)$", o).group(1)) for o in options[1:])
    status = page.locator("#ra-status").inner_text()
    assert counted == int(re.match(r"(\d+)", status).group(1))  # every item has one outcome

    page.select_option("#ra-facet-udfald", "udsat")
    page.wait_for_url(re.compile(r"udfald=udsat"))
    wait_for_results(page)
    shown = page.locator("#ra-results > li")
    assert shown.count() > 0
    assert set(shown.evaluate_all("els => els.map(e => e.dataset.outcome)")) == {"udsat"}
    page.screenshot(path=str(artifacts / "search-udfald.png"), full_page=True)
    page.goto(base + "soeg/?q=punktet&udfald=udsat")  # the link as sent
    wait_for_results(page)
    assert page.locator("#ra-facet-udfald").input_value() == "udsat"
    assert page.locator("#ra-results > li").count() == shown.count()
