"""A reader's walk through the real site in Chromium: home → forum → meeting → item →
agreement → person, following links as a person would."""

from __future__ import annotations

import re

from sitebuild import require

require("playwright")


def test_walk_from_home_to_an_item_its_agreement_and_a_person(real_site, serve, page, artifacts):
    base = serve(real_site)
    page.goto(base)
    assert page.locator("html").get_attribute("lang") == "da"

    page.get_by_role("link", name="Fora", exact=True).first.click()
    page.get_by_role("link", name="Klyngestyregruppe Midt", exact=True).click()
    assert page.url.endswith("/fora/klyngestyregruppe-midt/")

    page.get_by_role("link", name="juni 2021").first.click()
    assert page.url.endswith("/fora/klyngestyregruppe-midt/2021-06/")
    assert "juni 2021 (dato ikke angivet i referatet)" in page.locator(".ra-facts-line").inner_text()

    page.locator("nav.ra-agenda").get_by_role("link").first.click()
    assert page.url.endswith("#punkt-1")
    item = page.locator("section#punkt-1")
    assert item.evaluate("el => el.matches(':target')")
    assert item.locator(".ra-section-beslutning").count() == 1

    # The copy-link control copies the item's permanent URL.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    item.locator("button.ra-copy").click()
    page.wait_for_selector("section#punkt-1 button.ra-copy[data-copied]")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{base}fora/klyngestyregruppe-midt/2021-06/#punkt-1"

    # From an item that names the admission/discharge agreement to that agreement's history.
    chip = item.locator(".ra-chips-aftale a", has_text=re.compile("indlæggelse og udskrivning", re.I)).first
    chip.click()
    assert "/aftaler/" in page.url
    history = page.locator("ol.ra-history > li")
    assert history.count() >= 3
    forums = {t.strip() for t in page.locator("ol.ra-history .ra-kicker a:nth-child(2)").all_inner_texts()}
    assert len(forums) >= 3

    # Follow a history entry to its item, then a participant to the person page.
    history.filter(has_text="Driftsforum Voksenpsykiatri").first.locator("h4 a").click()
    assert re.search(r"/fora/driftsforum-voksenpsykiatri-midt/2020-12-09/#punkt-\d+$", page.url)
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"section#{anchor}").evaluate("el => el.matches(':target')")
    page.screenshot(path=str(artifacts / "meeting-driftsforum-voksenpsykiatri-midt-2020-12-09.png"), full_page=True)
    page.locator(".ra-participants a[href*='personer/maj-skaarhoej/']").first.click()
    assert page.url.endswith("/personer/maj-skaarhoej/")
    assert page.locator("h1").inner_text() == "Maj Skårhøj"
    assert "Mai Skårhøj" in page.locator("article, .md-content").first.inner_text()
