"""Search in Chromium: from the header box to a highlighted item, facets and shareable
URLs, the same ranking as lunr.py, and the offline build opened from disk."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sitebuild import REPO, build, require

from generator.archive import load_archive
from generator.outcomes import LABELS
from generator.pages import SiteBuilder
from generator.search.documents import search_documents
from generator.search.query import lunr_index, lunr_ranking

require("playwright")

PARITY_QUERIES = ["Ind- og udskrivelsesaftalen", "indlæggelse og udskrivning", "Skårhøj", "samarbejdsaftaler",
                  "udskriv*", "covid", "kommune", "psykiatri", "handleplan", "IPS", "sundhedshuse Hobro",
                  "Mind My Mind", "RCF", "blodprøvetagning", "k*",
                  # without Danish letters
                  "Skaarhoej", "Skarhoj", "indlaeggelse og udskrivning", "blodprovetagning", "Aalborg", "Ålborg", "traen*",
                  # compounds: held by the index, and new ones split by the page
                  "udskrivningsaftalen", "udskrivningsaftale", "genoptræningsplanerne", "sundhedsaftalen",
                  "aftale om udskrivning", "handlingsplanen", "psykiatriaftalen", "patientforløbsplan",
                  "koordineringsaftale udskrivning", "genoptraeningsplanerne",
                  # misspelt
                  "udskrivingsaftale", "Skårhoi", "samarbejdsaftle",
                  # more new compounds than a query splits
                  "psykiatriaftalen demensplanen kommuneplanen borgerforløbsplan sygeplejeaftale patientaftalen"]


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


@pytest.mark.parametrize("query", ["Skaarhoej", "Skarhoj", "skårhoej"])
def test_a_name_typed_without_danish_letters_finds_the_person(real_site, serve, page, query):
    page.goto(serve(real_site) + "soeg/?q=" + query)
    wait_for_results(page)
    assert page.locator("#ra-entities a").first.inner_text() == "Maj Skårhøj"
    assert _result_count(page) > 0
    marks = page.locator("#ra-results mark").all_inner_texts()
    assert marks and all(m.startswith("Skårhøj") for m in marks)


@pytest.mark.parametrize("query", ["udskrivningsaftalen", "udskrivningsaftale", "psykiatriaftalen"])
def test_a_compound_query_lists_the_agreement_and_items_writing_the_parts_apart(real_site, serve, page, query):
    page.goto(serve(real_site) + "soeg/?q=" + query)
    wait_for_results(page)
    entities = page.locator("#ra-entities a").all_inner_texts()
    if query.startswith("udskrivning"):
        assert entities[0] == "Samarbejdsaftale om indlæggelse og udskrivning"
        hrefs = page.eval_on_selector_all("#ra-results a.ra-result-title", "as => as.map(a => a.getAttribute('href'))")
        assert any(h.endswith("driftsforum-voksenpsykiatri-midt/2020-12-09/#punkt-5") for h in hrefs[:3])
    # Items that write a part alone are found and marked.
    marks = {m.lower() for m in page.locator("#ra-results mark").all_inner_texts()}
    assert any(m.startswith("aftale") for m in marks), marks


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
    _facets_filled(page)  # the menus follow the results
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


def _options(page, facet: str) -> dict[str, int]:
    """value -> count of a facet menu (without "Alle")."""
    texts = page.eval_on_selector_all(f"#ra-facet-{facet} option", "os => os.slice(1).map(o => [o.value, o.text])")
    return {v: int(re.search(r"\((\d+)\)$", t).group(1)) for v, t in texts}


def _result_count(page) -> int:
    status = page.locator("#ra-status").inner_text()
    return 0 if status.startswith("Ingen") else int(re.match(r"(\d+)", status).group(1))


def _facets_filled(page) -> None:
    page.wait_for_function("document.getElementById('ra-facet-forum').options.length > 1")


def test_facet_counts_reflect_the_other_filters(real_site, serve, page):
    base = serve(real_site)
    page.goto(base + "soeg/?q=samarbejdsaftale&forum=klyngestyregruppe-vest")
    wait_for_results(page)
    _facets_filled(page)
    shown = _result_count(page)
    assert shown > 0
    # Every other facet counts only the forum's items: the years add up to the results.
    assert sum(_options(page, "aar").values()) == shown
    assert set(_options(page, "klynge")) == {"Klynge Vest"}
    # The selected facet keeps its other options, each counting what choosing it gives.
    forums = _options(page, "forum")
    assert forums["klyngestyregruppe-vest"] == shown and len(forums) > 1
    other, count = next((f, c) for f, c in forums.items() if f != "klyngestyregruppe-vest")
    year = max(_options(page, "aar"))
    page.goto(base + f"soeg/?q=samarbejdsaftale&forum={other}")
    wait_for_results(page)
    assert _result_count(page) == count
    page.goto(base + f"soeg/?q=samarbejdsaftale&forum=klyngestyregruppe-vest&aar={year}")
    wait_for_results(page)
    _facets_filled(page)
    assert _options(page, "aar")[year] == _result_count(page) == _options(page, "forum")["klyngestyregruppe-vest"]


def test_agreement_and_person_menus_fetch_their_tables_when_reached_for(real_site, serve, page):
    """A first search fetches neither list table; focusing a menu fetches its table and
    fills it with the shown search's counts; a failed fetch says so and is tried again."""
    fetched = []
    page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]))
    failing = {"person": True}
    page.route("**/search/facets-person.js",
               lambda route: route.abort() if failing.pop("person", False) else route.continue_())
    page.goto(serve(real_site) + "soeg/?q=samarbejdsaftale")
    wait_for_results(page)
    _facets_filled(page)
    assert not {"facets-aftale.js", "facets-person.js"} & set(fetched)
    assert page.locator("#ra-facet-aftale option").count() == 1  # only "Alle" so far
    page.focus("#ra-facet-aftale")
    page.wait_for_function("document.getElementById('ra-facet-aftale').options.length > 1")
    assert "facets-person.js" not in fetched
    agreements = _options(page, "aftale")
    assert agreements and max(agreements.values()) <= _result_count(page)
    page.hover("#ra-facet-person")
    page.wait_for_function("document.getElementById('ra-status').textContent.indexOf('kunne ikke hentes') > 0")
    assert "Afgrænsningen efter person kunne ikke hentes" in page.locator("#ra-status").inner_text()
    page.focus("#ra-facet-person")
    page.wait_for_function("document.getElementById('ra-facet-person').options.length > 1")
    person, count = max(_options(page, "person").items(), key=lambda pc: pc[1])
    page.select_option("#ra-facet-person", person)
    page.wait_for_url(re.compile("person=" + re.escape(person)))
    wait_for_results(page)
    assert _result_count(page) == count
    assert page.locator("#ra-facet-person").input_value() == person


def test_active_filters_are_chips_stated_in_the_result_line_and_reset(real_site, serve, page):
    page.goto(serve(real_site) + "soeg/?q=samarbejdsaftale&forum=klyngestyregruppe-vest&aar=2021")
    wait_for_results(page)
    status = page.locator("#ra-status").inner_text()
    assert "afgrænset til forum Klyngestyregruppe Vest og år 2021" in status
    chips = page.locator("#ra-active .ra-active-chip")
    assert chips.all_inner_texts() == ["Forum: Klyngestyregruppe Vest", "År: 2021"]
    filtered = _result_count(page)
    chips.nth(1).click()  # remove the year
    page.wait_for_function("!/aar=/.test(location.search)")
    wait_for_results(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["samarbejdsaftale"], "forum": ["klyngestyregruppe-vest"]}
    assert _result_count(page) >= filtered
    page.locator("#ra-active .ra-active-reset").click()
    page.wait_for_function("!/forum=/.test(location.search)")
    wait_for_results(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["samarbejdsaftale"]}
    assert page.locator("#ra-active").is_hidden()
    assert "afgrænset" not in page.locator("#ra-status").inner_text()


def _dated_items(page) -> list[tuple[str, int]]:
    """(meeting URL, item number) of the shown results, all of them."""
    while page.locator("#ra-more").count():
        n = page.locator("#ra-results > li").count()
        page.locator("#ra-more").click()
        page.wait_for_function(f"document.querySelectorAll('#ra-results > li').length > {n}")
    hrefs = page.eval_on_selector_all("#ra-results a.ra-result-title", "as => as.map(a => a.getAttribute('href'))")
    return [(h.split("#")[0], int(re.search(r"punkt-(\d+)", h).group(1))) for h in hrefs]


@pytest.mark.parametrize("sort, newest_first", [("dato", True), ("aeldste", False)])
def test_sort_by_date_both_ways_keeps_agenda_order_within_a_meeting(real_site, serve, page, sort, newest_first):
    page.goto(serve(real_site) + f"soeg/?q=samarbejdsaftale&sort={sort}")
    wait_for_results(page)
    assert page.locator("#ra-sort").input_value() == sort
    items = _dated_items(page)
    dates = [re.search(r"/(\d{4}-\d{2}(?:-\d{2})?)/$", url).group(1) for url, _ in items]
    assert dates == sorted(dates, reverse=newest_first)
    for url in set(u for u, _ in items):
        numbers = [n for u, n in items if u == url]
        assert numbers == sorted(numbers), url  # agenda order, whatever the scores
    assert any(len([1 for u, _ in items if u == url]) > 1 for url, _ in items)  # the test means something


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_one_search_box_and_the_first_result_on_the_first_screen(real_site, serve, browser, viewport, artifacts):
    context = browser.new_context(viewport=viewport, locale="da-DK")
    page = context.new_page()
    page.goto(serve(real_site) + "soeg/?q=udskrivning&forum=klyngestyregruppe-vest")
    wait_for_results(page)
    assert page.locator("input[type=search]").count() == 1
    first = page.locator("#ra-results > li").first.bounding_box()
    assert first["y"] + 80 < viewport["height"], first  # its forum, date and title are visible
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "ra-q"
    page.screenshot(path=str(artifacts / f"search-first-screen-{viewport['width']}.png"))
    context.close()


def test_facet_values_named_like_object_properties_do_not_break_the_page(real_site, serve, page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(serve(real_site) + "soeg/?q=udskrivning&forum=constructor&person=__proto__&aar=toString"
                                 "&aftale=hasOwnProperty&klynge=valueOf")
    wait_for_results(page)
    assert page.locator("#ra-status").inner_text().startswith("Ingen dagsordenspunkter fundet for »udskrivning«")
    assert "Forum: constructor" in page.locator("#ra-active").inner_text()
    page.locator("#ra-active .ra-active-reset").click()
    page.wait_for_function("!/forum=/.test(location.search)")
    wait_for_results(page)
    assert _result_count(page) > 0
    assert not errors


@pytest.mark.parametrize("query, suggested, finds", [
    ("udskrivingsaftale", "udskrivningsaftale", "Samarbejdsaftale om indlæggelse og udskrivning"),
    ("Skårhoi", "Skårhøj", "Maj Skårhøj"),
    ("samarbejdsaftle", "samarbejdsaftale", None),
    ("handlepln", "handleplan", "Handleplan for Sundhedsklynge Midt"),
])
def test_a_misspelt_query_suggests_the_nearest_spelling_and_one_click_runs_it(real_site, serve, page, query, suggested,
                                                                              finds):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/search/" in r.url else None)
    page.goto(serve(real_site) + "soeg/?q=" + query)
    wait_for_results(page)
    page.wait_for_function("window.RA_SEARCH.suggested !== undefined")
    link = page.locator("#ra-suggest a").first
    assert link.inner_text() == suggested
    assert page.locator("#ra-suggest").inner_text().startswith("Mente du")
    # One small table of the vocabulary, never all of it.
    assert len([u for u in fetched if "/search/suggest/" in u]) == 1
    link.click()
    page.wait_for_function("new URLSearchParams(location.search).get('q') === " + repr(suggested))
    wait_for_results(page)
    assert _result_count(page) > 0
    assert page.locator("#ra-q").input_value() == suggested
    if finds:
        assert page.locator("#ra-entities a").first.inner_text() == finds


def test_no_suggestion_for_words_the_archive_holds(real_site, serve, page):
    page.goto(serve(real_site) + "soeg/?q=udskrivning")
    wait_for_results(page)
    page.wait_for_function("window.RA_SEARCH.suggested !== undefined")
    assert page.locator("#ra-suggest").is_hidden()


def test_compounds_transliteration_and_suggestions_work_offline_over_file(tmp_path, page):
    assert build(tmp_path, REPO / "content", use_directory_urls=False).returncode == 0
    search = (tmp_path / "site" / "soeg" / "index.html").as_uri()
    page.goto(search + "?q=udskrivningsaftalen")
    wait_for_results(page)
    assert page.locator("#ra-entities a").first.inner_text() == "Samarbejdsaftale om indlæggelse og udskrivning"
    page.goto(search + "?q=Skarhoj")
    wait_for_results(page)
    assert page.locator("#ra-entities a").first.inner_text() == "Maj Skårhøj"
    page.goto(search + "?q=udskrivingsaftale")
    wait_for_results(page)
    page.wait_for_function("window.RA_SEARCH.suggested !== undefined")
    page.locator("#ra-suggest a").first.click()
    wait_for_results(page)
    page.wait_for_function("document.querySelectorAll('#ra-entities a').length > 0")
    assert page.locator("#ra-entities a").first.inner_text() == "Samarbejdsaftale om indlæggelse og udskrivning"


def test_a_shared_link_shows_results_without_waiting_for_the_facet_table(real_site, serve, page):
    """The results of a link without filters need only the manifest, the term files and the
    result data: they show even when the facet table never arrives, and say that the
    filters could not be fetched."""
    page.route("**/search/facets.js", lambda route: route.abort())
    page.goto(serve(real_site) + "soeg/?q=udskrivning")
    wait_for_results(page)
    assert page.locator("#ra-results > li").count() > 0
    page.wait_for_function("document.getElementById('ra-status').textContent.indexOf('Afgrænsningerne') > 0")
    assert re.match(r"\d+ dagsordenspunkter fundet for »udskrivning«\. .*Afgrænsningerne kunne ikke hentes",
                    page.locator("#ra-status").inner_text())
    assert page.locator("#ra-facet-forum option").count() == 1  # only "Alle"


@pytest.mark.parametrize("params", ["forum=driftsforum-voksenpsykiatri-midt", "sort=dato"])
def test_a_shared_link_that_filters_or_sorts_by_date_waits_for_the_facet_table(real_site, serve, page, params):
    page.route("**/search/facets.js", lambda route: route.abort())
    page.goto(serve(real_site) + "soeg/?q=udskrivning&" + params)
    page.wait_for_function("document.getElementById('ra-status').textContent.indexOf('kunne ikke') > 0")
    assert page.locator("#ra-status").inner_text().startswith("Søgningen kunne ikke gennemføres")
    assert page.locator("#ra-results > li").count() == 0
