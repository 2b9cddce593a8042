"""Pages people read, in Chromium on the real archive at desktop (1280x900) and phone
(390x844) size: the meeting page leads with its agenda and decisions, every page says where
it is, links can be shared and cited, and the odd states (no such item, page, minutes) speak
Danish."""

from __future__ import annotations

import re

import pytest
from sitebuild import require

require("playwright")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MEETING = "fora/klyngestyregruppe-syd/2021-01-27/"


@pytest.fixture(scope="module")
def base(real_site, serve):
    return serve(real_site)


def _sized(browser, size: str):
    phone = size == "phone"
    context = browser.new_context(viewport=PHONE if phone else DESKTOP, locale="da-DK",
                                  is_mobile=phone, has_touch=phone, device_scale_factor=1)
    pg = context.new_page()
    pg.size = size
    return context, pg


@pytest.fixture(params=["desktop", "phone"])
def screen(request, browser):
    """A page at desktop or phone size (a phone has touch and no fine pointer)."""
    context, pg = _sized(browser, request.param)
    yield pg
    context.close()


@pytest.fixture
def phone(browser):
    context, pg = _sized(browser, "phone")
    yield pg
    context.close()


def shoot(pg, artifacts, name: str) -> None:
    pg.screenshot(path=str(artifacts / f"{name}-{pg.size}.png"))


def top(pg, selector: str) -> float:
    return pg.locator(selector).first.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


# --- meeting page -------------------------------------------------------------------------

def test_meeting_facts_fit_one_line_in_danish(screen, base, artifacts):
    screen.goto(base + MEETING)
    facts = screen.locator(".ra-facts-line").inner_text()
    for fact in ("onsdag 27. januar 2021", "12:30-15:00", "Online", "Mødeleder: Søren Aalund",
                 "Referent: Inge Kjær Andersen"):
        assert fact in facts
    body = screen.locator("article.ra-meeting").inner_text()
    assert not re.search(r"\b(date|chair|minutes_by|approved_by):", body)
    assert ".txt" not in screen.content()  # the source's file name is the secretariat's own
    if screen.size == "desktop":
        assert screen.locator(".ra-facts-line").evaluate("el => el.getBoundingClientRect().height") < 60
    shoot(screen, artifacts, "meeting")


def test_first_decision_is_on_the_first_screen_on_desktop_and_within_two_on_a_phone(screen, base):
    screen.goto(base + MEETING)
    first = screen.locator(".ra-agenda .ra-excerpt-beslutning").first
    assert first.inner_text().startswith("Beslutning:")
    y = top(screen, ".ra-agenda .ra-excerpt-beslutning")
    screens = 1 if screen.size == "desktop" else 2
    assert y + 20 < screens * screen.viewport_size["height"], y


def test_agenda_entries_carry_a_decision_excerpt_in_their_own_element(page, base):
    page.goto(base + MEETING)
    entries = page.locator("nav.ra-agenda > ol > li")
    assert entries.count() == page.locator("section.ra-item").count() == 12
    assert entries.nth(0).locator("a").inner_text() == "1. Velkomst og godkendelse af dagsorden ved Søren Aalund"
    assert entries.nth(0).locator(".ra-excerpt").inner_text() == "Beslutning: Dagsorden blev godkendt."
    assert page.locator("section#punkt-4.ra-item").count() == 1


def test_participants_follow_the_agenda_folded_on_a_phone(screen, base):
    screen.goto(base + MEETING)
    assert top(screen, ".ra-participants") > top(screen, ".ra-agenda")
    assert top(screen, ".ra-participants") < top(screen, "#punkt-1")
    is_open = screen.locator("details.ra-participants").evaluate("d => d.open")
    assert is_open == (screen.size == "desktop")


def test_editorial_notes_are_folded_at_the_end_with_danish_labels(page, base):
    page.goto(base + MEETING)
    about = page.locator("details#om-referatet")
    assert about.evaluate("d => !d.open && d.parentElement.lastElementChild.previousElementSibling === d")
    about.locator("summary").click()
    text = about.inner_text()
    assert "Godkendt af" in text and "Søren Aalund, Lisbeth Kjær Lagoni" in text
    assert "Referat Klyngestyregruppe Syd, møde 1, 2021" in text
    labels = about.locator(".ra-inferred dt").all_inner_texts()
    assert labels == ["Dato", "Mødeleder", "Referent", "Godkendt af"]
    # The inferred mark in the facts line opens the notes.
    page.goto(base + MEETING)
    page.locator(".ra-facts-line .ra-inferred-mark").first.click()
    assert page.locator("details#om-referatet").evaluate("d => d.open")


# --- sharing and citing -------------------------------------------------------------------

def test_copy_link_copies_the_url_and_a_rich_link_named_by_the_citation(page, base):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page.goto(base + MEETING)
    page.locator("#punkt-4 button.ra-copy").click()
    page.wait_for_selector("#punkt-4 button.ra-copy[data-copied]")
    url = base + MEETING + "#punkt-4"
    copied = dict(page.evaluate("""async () => { const out = [];
        for (const item of await navigator.clipboard.read())
            for (const type of item.types) out.push([type, await (await item.getType(type)).text()]);
        return out; }"""))
    cite = "Klyngestyregruppe Syd, 27. januar 2021, punkt 4: Inddragelse bruger-/borger-/pårørende-perspektivet"
    assert copied["text/plain"] == url
    assert copied["text/html"].startswith(f'<a href="{url}">{cite}')
    offered = page.locator("#punkt-4 .ra-cite-text")
    assert offered.inner_text().startswith(cite) and offered.inner_text().endswith(url)
    page.locator("#punkt-4 .ra-copy-cite").click()
    page.wait_for_function("document.querySelector('#punkt-4 .ra-copy-cite').textContent === 'Citat kopieret'")
    assert page.evaluate("navigator.clipboard.readText()") == offered.inner_text()


# --- where am I ---------------------------------------------------------------------------

TRAILS = {
    MEETING: ["Forside", "Fora", "Klyngestyregruppe Syd", "27. januar 2021"],
    "fora/": ["Forside", "Fora"],
    "fora/klyngestyregruppe-syd/": ["Forside", "Fora", "Klyngestyregruppe Syd"],
    "aftaler/indlaeggelse-og-udskrivning/": ["Forside", "Aftaler", "Samarbejdsaftale om indlæggelse og udskrivning"],
    "personer/maj-skaarhoej/": ["Forside", "Personer", "Maj Skårhøj"],
    "organisationer/aalborg-kommune/": ["Forside", "Organisationer", "Aalborg Kommune"],
    "personer/": ["Forside", "Personer"],
    "soeg/": ["Forside", "Søg"],
    "om/": ["Forside", "Om arkivet"],
}
TABS = {MEETING: "Fora", "fora/klyngestyregruppe-syd/": "Fora", "aftaler/indlaeggelse-og-udskrivning/": "Aftaler",
        "personer/maj-skaarhoej/": "Personer", "organisationer/aalborg-kommune/": "Organisationer"}


@pytest.mark.parametrize("path", list(TRAILS))
def test_breadcrumbs_lead_from_the_home_page_to_the_page_before_its_title(page, base, path):
    page.goto(base + path)
    trail = page.locator("nav[aria-label='Brødkrumme']")
    assert [t.strip() for t in trail.locator("li").all_inner_texts()] == TRAILS[path]
    assert trail.locator("[aria-current=page]").inner_text() == TRAILS[path][-1]
    assert trail.evaluate("nav => !!(nav.compareDocumentPosition(document.querySelector('h1')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    assert trail.get_by_role("link", name="Forside").count() == 1


def test_home_page_has_no_breadcrumbs(page, base):
    page.goto(base)
    assert page.locator("nav[aria-label='Brødkrumme']").count() == 0


@pytest.mark.parametrize("path", list(TABS))
def test_the_sections_tab_is_marked_on_pages_outside_the_navigation(page, base, path):
    page.goto(base + path)
    assert page.locator(".md-tabs__item--active").inner_text().strip() == TABS[path]


@pytest.mark.parametrize("path", ["fora/", "aftaler/", "personer/", "organisationer/", MEETING])
def test_no_empty_left_sidebar_on_a_desktop(page, base, path):
    page.goto(base + path)
    assert not page.locator(".md-sidebar--primary").is_visible()


def test_on_a_phone_the_menu_carries_the_agenda_and_the_header_fits(phone, base, artifacts):
    screen = phone
    screen.goto(base + MEETING)
    name = screen.locator(".md-header__topic").first
    assert name.inner_text().strip() == "Referatarkivet"
    assert name.evaluate("el => el.querySelector('.md-ellipsis').scrollWidth <= el.querySelector('.md-ellipsis').clientWidth")
    assert screen.locator(".ra-header-search__button").evaluate("b => b.getBoundingClientRect().right") <= 390
    screen.locator("label.md-header__button[for=__drawer]").click()
    agenda = screen.locator(".ra-drawer-agenda")
    agenda.get_by_role("link", name=re.compile(r"^4\. Inddragelse")).click()
    screen.wait_for_url(re.compile("#punkt-4$"))
    assert not screen.locator("#__drawer").is_checked()  # the menu closes on the way
    screen.wait_for_timeout(400)  # the drawer's slide
    assert screen.locator("#punkt-4").evaluate("el => el.getBoundingClientRect().top") < 120
    shoot(screen, artifacts, "meeting-from-menu")


def test_keyboard_hint_only_where_there_is_a_keyboard(screen, base):
    screen.goto(base)
    assert "tast /" not in screen.locator("#ra-header-q").get_attribute("placeholder")
    assert screen.locator(".ra-key-hint").is_visible() == (screen.size == "desktop")


# --- home page ----------------------------------------------------------------------------

def test_home_page_starts_with_a_big_search_box_and_example_searches(screen, base, artifacts):
    screen.goto(base)
    box = screen.locator("form.ra-home-search input[type=search]")
    assert box.evaluate("el => el.getBoundingClientRect().top") < screen.viewport_size["height"] / 2
    assert box.evaluate("el => el.getBoundingClientRect().width") > (220 if screen.size == "phone" else 600)
    assert screen.locator(".ra-examples a").count() >= 3
    shoot(screen, artifacts, "home")
    box.fill("udskrivning")
    box.press("Enter")
    screen.wait_for_url(re.compile(r"/soeg/\?q=udskrivning$"))


def test_home_page_lists_the_latest_decisions_with_forum_date_and_link(page, base):
    page.goto(base)
    decisions = page.locator(".ra-decisions .ra-decision")
    assert decisions.count() >= 10
    first = page.locator(".ra-decisions-meeting").first.inner_text()
    assert first.startswith("Chefforum, Sundhedsklynge Midt, januar 2023")
    assert all(t.startswith("Beslutning:") for t in page.locator(".ra-decision .ra-excerpt").all_inner_texts())
    decisions.first.locator("a.ra-decision-title").click()
    assert page.url.endswith("/fora/chefforum-sundhedsklynge-midt/2023-01/#punkt-1")


def test_home_page_groups_forums_by_cluster_and_names_the_most_treated_agreements(page, base):
    page.goto(base)
    forums = page.locator("section[aria-labelledby=fora-med-referater]")
    assert "Klynge Syd" in forums.locator("h3").all_inner_texts()
    assert "Klyngestyregruppe Syd senest 27. januar 2021" in forums.inner_text()
    assert "uden referater i arkivet" in forums.inner_text()
    agreements = page.locator("section[aria-labelledby=mest-behandlede-aftaler] li")
    assert agreements.first.inner_text().startswith("Samarbejdsaftale om indlæggelse og udskrivning")
    line = page.locator(".ra-counts-line").inner_text()
    assert "5 møder" in line and "24 fora" in line
    assert page.locator(".ra-count").count() == 0  # the counters are a line, not a display


# --- person and organisation pages --------------------------------------------------------

ROLES = {"deltager", "gæst", "mødeleder", "afbud", "sekretær", "referent"}


def test_person_page_has_one_row_per_meeting_with_role_title_and_items(screen, base, artifacts):
    screen.goto(base + "personer/maj-skaarhoej/")
    rows = screen.locator("table.ra-person-meetings tbody tr")
    assert rows.count() == 3
    dates = [rows.nth(n).locator("td[data-label=Dato]").inner_text() for n in range(3)]
    assert dates == ["januar 2023", "27. januar 2021", "9. december 2020"]
    december = rows.nth(2)
    assert december.locator("td[data-label=Rolle]").inner_text().removeprefix("Rolle: ") == "deltager, mødeleder"
    assert "Klinikchef i Klinik Psykiatri Syd" in december.locator("td[data-label=Titel]").inner_text()
    assert december.locator("td[data-label=Punkter] a").first.get_attribute("href").endswith("2020-12-09/#punkt-3")
    for n in range(3):
        roles = rows.nth(n).locator("td[data-label=Rolle]").inner_text().removeprefix("Rolle: ").split(", ")
        assert set(roles) <= ROLES
    assert screen.locator("ol.ra-timeline > li").count() == 3
    shoot(screen, artifacts, "person")


def test_secretary_who_wrote_the_minutes_has_both_roles(page, base):
    page.goto(base + "personer/inge-kjaer-andersen/")
    assert page.locator("td[data-label=Rolle]").first.inner_text() == "sekretær, referent"


def test_no_person_page_shows_a_placeholder_for_an_unknown_title(real_site):
    for path in (real_site / "personer").glob("*/index.html"):
        assert "ingen titel angivet" not in path.read_text(encoding="utf-8"), path


def test_organisation_page_has_one_row_per_meeting_with_who_came(screen, base, artifacts):
    screen.goto(base + "organisationer/aalborg-kommune/")
    rows = screen.locator("table.ra-organisation-meetings tbody tr")
    assert rows.count() >= 2
    assert len(set(rows.locator("td[data-label=Dato] a").evaluate_all("as => as.map(a => a.href)"))) == rows.count()
    assert rows.first.locator("td[data-label=Deltagere] li").count() >= 1
    shoot(screen, artifacts, "organisation")


def test_a_persons_search_hit_names_no_empty_title():
    from conftest import CONTENT

    from generator.archive import load_archive
    from generator.indexes import build_indexes
    from generator.search.documents import _entity_docs

    archive = load_archive(CONTENT)
    hits = [d.meta["s"] for d in _entity_docs(archive, build_indexes(archive)) if d.meta["t"] == "person"]
    assert "Person · Psykiatrien i Region Nordjylland" in hits  # Maj Skårhøj's latest: no title
    assert not [h for h in hits if ", ," in h or "· ," in h or h.endswith(",")]


# --- sharing: previews, the item arrived at, an item that is not there ------------------

def meta(pg, key: str) -> str | None:
    found = pg.locator(f"meta[property='{key}'], meta[name='{key}']")
    return found.first.get_attribute("content") if found.count() else None


@pytest.mark.parametrize("path", ["", "fora/", "fora/klyngestyregruppe-syd/", MEETING, "aftaler/",
                                  "aftaler/indlaeggelse-og-udskrivning/", "personer/", "personer/maj-skaarhoej/",
                                  "organisationer/", "organisationer/aalborg-kommune/", "soeg/", "om/"])
def test_every_page_has_open_graph_and_a_description_of_its_own(page, base, path):
    page.goto(base + path)
    description = meta(page, "description")
    assert description and meta(page, "og:description") == description
    assert meta(page, "og:title") and meta(page, "og:type") in ("website", "article")
    if path:
        assert description != "Referater fra sundhedssamarbejdets fora i Region Nordjylland"


def test_a_meetings_preview_names_forum_date_and_agenda(page, base):
    page.goto(base + MEETING + "#punkt-4")
    description = meta(page, "og:description")
    assert description.startswith("Referat af Klyngestyregruppe Syd, onsdag 27. januar 2021. Dagsorden: 1. Velkomst")
    assert "; 2. Status fra driftsgruppen" in description and len(description) <= 302
    assert meta(page, "og:title") == "Klyngestyregruppe Syd 27. januar 2021" and meta(page, "og:type") == "article"


def test_og_url_is_the_canonical_address_when_site_url_is_set(tmp_path):
    from conftest import CONTENT
    from sitebuild import build

    result = build(tmp_path, CONTENT, site_url="https://referater.example.dk/")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "fora" / "klyngestyregruppe-syd" / "2021-01-27" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:url" content="https://referater.example.dk/fora/klyngestyregruppe-syd/2021-01-27/">' in html


@pytest.mark.parametrize("n", ["2", "4", "7"])
def test_table_of_contents_marks_the_item_arrived_at(page, base, n):
    page.goto(base + MEETING + f"#punkt-{n}")
    page.wait_for_function(f"""() => {{ const a = document.querySelector('.md-sidebar--secondary .md-nav__link--active');
        return a && a.getAttribute('href') === '#punkt-{n}'; }}""", timeout=5000)


def test_an_unknown_item_says_the_meeting_has_no_such_item_and_shows_the_agenda(screen, base, artifacts):
    screen.goto(base + MEETING + "#punkt-44")
    notice = screen.locator(".ra-missing-item")
    assert notice.is_visible()
    assert notice.inner_text() == "Mødet har intet punkt 44. Se dagsordenen herunder."
    assert screen.locator(".ra-agenda").evaluate("el => el.getBoundingClientRect().top") < screen.viewport_size["height"]
    shoot(screen, artifacts, "meeting-unknown-item")
    screen.goto(base + MEETING + "#punkt-4")
    assert not notice.is_visible()


# --- other states: 404, printing ----------------------------------------------------------

def test_404_page_is_danish_with_search_and_the_main_entrances(screen, real_site, base, artifacts):
    screen.goto(base + "404.html")
    assert screen.locator("h1").inner_text() == "Siden findes ikke"
    assert screen.title() == "Siden findes ikke - Referatarkivet"
    assert "Not found" not in screen.content()
    links = screen.locator(".ra-entrances a")
    assert [a.strip() for a in links.all_inner_texts()] == ["Forsiden", "Fora", "Aftaler", "Personer", "Organisationer"]
    assert links.nth(1).get_attribute("href") == "/fora/"  # absolute: the page answers for any address
    shoot(screen, artifacts, "404")
    box = screen.locator("form.ra-home-search input[type=search]")
    box.fill("demens")
    box.press("Enter")
    screen.wait_for_url(re.compile(r"/soeg/\?q=demens$"))


def test_printed_meeting_has_no_controls_and_each_item_its_address_on_a_new_page(page, base, artifacts):
    page.goto(base + MEETING + "#punkt-4")
    page.emulate_media(media="print")
    assert not page.locator("#punkt-4 button.ra-copy").is_visible()
    assert not page.locator(".md-header").is_visible()
    url = page.locator("#punkt-4 .ra-print-url")
    assert url.is_visible() and url.inner_text() == base + MEETING + "#punkt-4"
    item = page.locator("section#punkt-4")
    style = item.evaluate("el => { const s = getComputedStyle(el); return [s.breakBefore, s.outlineStyle, s.backgroundColor]; }")
    assert style == ["page", "none", "rgba(0, 0, 0, 0)"]
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details#om-referatet").evaluate("d => d.open")
    page.screenshot(path=str(artifacts / "meeting-print.png"))


# --- every page type at both sizes: nothing runs off the side; screenshots to look at ----

PAGE_TYPES = {
    "home": "", "forums": "fora/", "forum": "fora/klyngestyregruppe-syd/",
    "forum-without-minutes": "fora/praksisplanudvalget/", "meeting": MEETING,
    "meeting-month-precise": "fora/klyngestyregruppe-midt/2021-06/", "agreements": "aftaler/",
    "agreement": "aftaler/indlaeggelse-og-udskrivning/", "people": "personer/", "person": "personer/maj-skaarhoej/",
    "organisations": "organisationer/", "organisation": "organisationer/aalborg-kommune/", "about": "om/",
    "search": "soeg/?q=udskrivning", "404": "404.html",
}


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_fits_the_screen(screen, base, artifacts, name):
    screen.goto(base + PAGE_TYPES[name])
    assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]
    screen.screenshot(path=str(artifacts / f"page-{name}-{screen.size}.png"), full_page=True)
