"""Every page type passes axe (WCAG 2.1 A and AA) in Chromium, and the keyboard reaches
every link with a visible focus."""

from __future__ import annotations

import pytest
from sitebuild import require

require("axe_playwright_python")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_TYPES = {
    "home": "",
    "forums": "fora/",
    "forum": "fora/driftsforum-voksenpsykiatri-midt/",
    "meeting": "fora/driftsforum-voksenpsykiatri-midt/2020-12-09/",
    "meeting-with-item-target": "fora/klyngestyregruppe-midt/2021-06/#punkt-1",
    "agreements": "aftaler/",
    "agreement": "aftaler/indlaeggelse-og-udskrivning/",
    "people": "personer/",
    "person": "personer/maj-skaarhoej/",
    "organisations": "organisationer/",
    "organisation": "organisationer/aalborg-kommune/",
    "about": "om/",
    "data-and-feeds": "data/",
    "404": "404.html",
    "meeting-unknown-item": "fora/klyngestyregruppe-syd/2021-01-27/#punkt-44",
    "meeting-notes-open": "fora/klyngestyregruppe-syd/2021-01-27/#om-referatet",
    "forum-without-minutes": "fora/praksisplanudvalget/",
    "search-with-results": "soeg/?q=udskrivning&forum=klyngestyregruppe-midt",
    "search-with-suggestion-and-filters": "soeg/?q=samarbejdsaftle+udskrivning&aar=2021&sort=aeldste",
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def base(real_site, serve):
    return serve(real_site)


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_has_no_axe_violations(page, base, axe, name):
    page.goto(base + PAGE_TYPES[name])
    if name.startswith("search"):
        page.wait_for_function("window.RA_SEARCH && window.RA_SEARCH.ranking !== undefined")
        assert page.locator("#ra-results > li").count() > 0
    if "suggestion" in name:
        page.wait_for_function("window.RA_SEARCH.suggested !== undefined")
        assert page.locator("#ra-suggest a").count() and page.locator("#ra-active button").count()
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, results.generate_report()


PHONE_TYPES = ["home", "meeting", "meeting-unknown-item", "person", "organisation", "forums", "404"]


@pytest.mark.parametrize("name", PHONE_TYPES)
def test_page_type_has_no_axe_violations_on_a_phone(browser, base, axe, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.goto(base + PAGE_TYPES[name])
        results = axe.run(phone, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


def test_footer_links_to_the_accessibility_statement(real_site):
    for path in ("index.html", "fora/klyngestyregruppe-syd/2021-01-27/index.html", "404.html"):
        html = (real_site / path).read_text(encoding="utf-8")
        assert 'href="https://www.was.digst.dk/rn-dk">Tilgængelighedserklæring</a>' in html


def test_keyboard_reaches_every_link_with_visible_focus(page, base):
    page.goto(base + "fora/klyngestyregruppe-syd/2021-01-27/")
    hrefs = set(page.evaluate(
        "Array.from(document.querySelectorAll('a[href]')).filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))"))
    focusables = page.evaluate("document.querySelectorAll('a[href], button, input').length")
    reached, unfocused_style = set(), []
    for _ in range(focusables + 10):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const s = getComputedStyle(el);
            const visible = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                || s.boxShadow !== 'none' || s.textDecorationLine.includes('underline')
                || s.backgroundColor !== 'rgba(0, 0, 0, 0)';
            return {key: el.tagName + '|' + (el.getAttribute('href') || el.textContent.trim()), visible};
        }""")
        if info:
            reached.add(info["key"])
            if not info["visible"]:
                unfocused_style.append(info["key"])
    anchors = {k.split("|", 1)[1] for k in reached if k.startswith("A|")}
    assert hrefs <= anchors, hrefs - anchors
    assert any(k.startswith("BUTTON|") for k in reached)  # the copy-link controls
    assert unfocused_style == []
