"""The generated site from the small fixture archive: URLs, pages, cross-links, Danish."""

from __future__ import annotations

import re
from pathlib import Path

from generator.linkcheck import check_site


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_page_type_has_its_stable_url(mini_site):
    for path in ["", "fora", "fora/testforum-nord", "fora/testforum-nord/2021-03-04", "fora/testforum-nord/2021-06",
                 "aftaler", "aftaler/indlaeggelse-og-udskrivning", "personer", "personer/aase-oergaard",
                 "organisationer", "organisationer/test-kommune"]:
        assert (mini_site / path / "index.html").is_file(), path


def test_site_is_danish(mini_site):
    page = html(mini_site, "fora/testforum-nord/2021-03-04")
    assert '<html lang="da"' in page
    assert "torsdag 4. marts 2021" in page


def test_month_precise_date_says_the_day_is_not_given(mini_site):
    page = html(mini_site, "fora/testforum-nord/2021-06")
    assert "juni 2021 (dato ikke angivet i referatet)" in page
    assert "Ikke angivet; mødet lå efter marts 2021" in page  # the inferred value, with its reason


def test_meeting_notes_link_the_original_document_but_not_its_file_name(mini_site):
    page = html(mini_site, "fora/testforum-nord/2021-03-04")
    about = page[page.index('id="om-referatet"'):]
    assert '<a href="https://example.dk/referater/testforum-nord-2021-03-04.pdf">Referat Testforum Nord 4. marts 2021</a>' in about
    assert "007_c0ffee" not in page


def test_each_item_has_a_permanent_anchor_and_copy_link(mini_site):
    page = html(mini_site, "fora/testforum-nord/2021-03-04")
    for n in ("1", "2", "3"):
        assert f'id="punkt-{n}"' in page
        assert f'href="#punkt-{n}"' in page
        assert f'data-anchor="punkt-{n}"' in page


def test_decision_and_recommendation_are_set_apart(mini_site):
    page = html(mini_site, "fora/testforum-nord/2021-03-04")
    assert re.search(r'class="ra-section ra-section-indstilling">\s*<h3>Indstilling</h3>\s*<p>At dagsorden godkendes.</p>', page)
    assert re.search(r'class="ra-section ra-section-beslutning">\s*<h3>Beslutning</h3>\s*<p>Godkendt.</p>', page)


def test_participants_are_grouped_and_linked(mini_site):
    page = html(mini_site, "fora/testforum-nord/2021-03-04")
    present = page.index("<h3>Til stede</h3>")
    absent = page.index("<h3>Afbud</h3>")
    assert present < page.index("../../../personer/bo-test/", present) < absent
    assert absent < page.index("../../../personer/aase-oergaard/", absent)


def test_alias_mention_links_the_agreement_and_person(mini_site):
    page = html(mini_site, "fora/testforum-nord/2021-03-04")
    item2 = page[page.index('id="punkt-2"'):page.index('id="punkt-3"')]
    assert 'href="../../../aftaler/indlaeggelse-og-udskrivning/"' in item2  # "Ind- og udskrivelsesaftalen"
    assert 'href="../../../personer/aase-oergaard/"' in item2  # "Aase Ørgaard", an alias of Åse


def test_agreement_history_lists_items_oldest_first_with_decision(mini_site):
    page = html(mini_site, "aftaler/indlaeggelse-og-udskrivning")
    story = page[page.index('id="ra-story"'):]
    june = story.index("../../fora/testforum-nord/2021-06/#punkt-1")
    march = story.index("../../fora/testforum-nord/2021-03-04/#punkt-2")
    assert march < june
    assert "Taget til efterretning" in page


def test_explicit_links_resolve_to_site_pages(mini_site):
    page = html(mini_site, "fora/testforum-nord/2021-06")
    assert 'href="../../../fora/testforum-nord/2021-03-04/"' in page
    page = html(mini_site, "fora/testforum-nord/2021-03-04")
    assert 'href="../../../fora/testforum-nord/2021-03-04/#punkt-1"' in page


def test_person_page_shows_titles_and_attendance(mini_site):
    page = html(mini_site, "personer/bo-test")
    assert "Direktør" in page and "Test Kommune" in page
    assert re.search(r'<td data-label="Rolle">deltager, mødeleder', page)
    page = html(mini_site, "personer/aase-oergaard")
    assert re.search(r'<td data-label="Rolle">afbud', page)
    assert "ingen titel angivet" not in page
    assert "Også skrevet: Aase Ørgaard" in page


def test_forum_page_lists_meetings_by_year_with_item_titles(mini_site):
    page = html(mini_site, "fora/testforum-nord")
    assert 'id="aar-2021"' in page
    assert page.index("2021-06/") < page.index("2021-03-04/")
    assert "Opfølgning på indlæggelse og udskrivning" in page


def test_people_are_sorted_in_danish_order(mini_site):
    page = html(mini_site, "personer")
    assert page.index(">Bo Test<") < page.index(">Åse Ørgaard<")
    assert page.index('id="bogstav-b"') < page.index('id="bogstav-å"')


def test_home_page_counts_the_archive(mini_site):
    page = html(mini_site, "")
    counts = page[page.index('class="ra-counts-line"'):]
    assert re.search(r'>2 møder</a>', counts)
    assert re.search(r'>3 dagsordenspunkter</a>', counts)  # the closed item 3 is not one


def test_closed_item_shows_only_that_it_existed(mini_site):
    page = html(mini_site, "fora/testforum-nord/2021-03-04")
    assert "Punkt 3: lukket punkt" in page
    assert "Fortroligt" not in page and "Personalesag" not in page


def test_raw_html_in_content_is_shown_as_text(mini_site):
    for path in mini_site.rglob("*.html"):
        assert "<script>alert" not in path.read_text(encoding="utf-8")


def test_no_broken_internal_links(mini_site):
    assert [str(b) for b in check_site(mini_site)] == []


def test_offline_build_links_name_index_files_and_all_resolve(tmp_path):
    from sitebuild import build

    result = build(tmp_path, Path(__file__).parent.parent / "content", use_directory_urls=False)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    page = (site / "fora" / "klyngestyregruppe-midt" / "2021-06" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../aftaler/indlaeggelse-og-udskrivning/index.html"' in page
    assert 'href="../../../index.html"' in page or 'href="../../..' in page
    assert [str(b) for b in check_site(site)] == []


def test_forum_without_minutes_says_so_links_its_minutes_and_is_listed_apart(mini_site):
    page = html(mini_site, "fora/testforum-vest")
    assert "Arkivet har endnu ingen referater fra Testforum Vest." in page
    assert '<a href="https://example.dk/testforum-vest/referater">example.dk</a>' in page
    forums = html(mini_site, "fora")
    apart = forums[forums.index('id="uden-referater"'):]
    assert "Testforum Vest" in apart and "Testforum Nord" not in apart
    assert "Testforum Nord" in forums[:forums.index('id="uden-referater"')]
