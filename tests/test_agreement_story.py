"""An agreement's history as a story: treatments oldest first by year, a one-glance summary,
an inline SVG chart with a link per treatment, related agreements both ways, and the status
with the date it holds from."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sitebuild import REPO, build

from generator.archive import load_archive
from generator.errors import ContentErrors

AGREEMENT = "indlaeggelse-og-udskrivning"


def _page(site: Path, aid: str = AGREEMENT) -> str:
    return (site / "aftaler" / aid / "index.html").read_text(encoding="utf-8")


def _entries(page: str) -> list[tuple[str, str]]:
    story = page[page.index('id="ra-story"'):]
    return re.findall(r'<li class="ra-history-entry" data-outcome="([a-z-]+)">.*?<h4><a href="([^"]+)"', story, re.S)


def test_the_story_runs_oldest_first_grouped_by_year(real_site):
    page = _page(real_site)
    archive = load_archive(REPO / "content")
    dates = {f"{m.url}#{i.anchor}": m.date.sort_key for m in archive.meetings for i in m.items}
    urls = [url.removeprefix("../../") for _, url in _entries(page)]
    assert len(urls) == 5
    assert [dates[u] for u in urls] == sorted(dates[u] for u in urls)
    years = re.findall(r'<h3 id="aar-(\d{4})">', page)
    assert years == ["2020", "2021"]
    story = page[page.index('id="ra-story"'):]
    assert story.index('id="aar-2020"') < story.index("fora/driftsforum-voksenpsykiatri-midt/2020-12-09/#punkt-3") \
        < story.index('id="aar-2021"')
    assert "Vis nyeste først" in page


def test_each_treatment_shows_outcome_the_sentence_naming_the_agreement_and_opening_words(real_site):
    page = _page(real_site)
    story = page[page.index('id="ra-story"'):]
    entry = story[story.index("fora/klyngestyregruppe-vest/2021-11/#punkt-3"):]
    entry = entry[:entry.index("</li>")]
    assert "ra-outcome-taget-til-efterretning" in entry
    assert "Resultatet bringes ind i revisionen af Sundhedsaftalen for <mark>indlæggelse og udskrivelser</mark>." in entry
    assert "<span class=\"ra-result-label\">Beslutning:</span> Gruppen orienterede om, at der" in entry


def test_summary_gives_first_and_latest_treatment_forums_and_outcome_counts(real_site):
    page = _page(real_site)
    overview = page[page.index('id="overblik"'):page.index('id="historik"')]
    text = " ".join(re.sub(r"<[^>]+>", " ", overview).split())
    assert "Behandlet i 5 punkter i 3 fora , første gang 9. december 2020 (Driftsforum Voksenpsykiatri, Klynge Midt)" in text
    assert "senest november 2021 (Klyngestyregruppe Vest)" in text
    assert "Godkendt: 2" in text and "Anbefalet: 1" in text and "Drøftet: 1" in text and "Taget til efterretning: 1" in text


def test_chart_is_inline_svg_with_a_titled_link_per_treatment(real_site):
    page = _page(real_site)
    svg = re.search(r'<svg class="ra-chart-svg".*?</svg>', page, re.S).group(0)
    assert re.search(r'<svg[^>]*role="group"[^>]*aria-label="Behandlinger af Samarbejdsaftale', svg)
    assert "<title>Behandlinger af Samarbejdsaftale om indlæggelse og udskrivning 2020–2021" in svg
    marks = re.findall(r'<a href="([^"]+)" class="ra-chart-mark"><title>([^<]+)</title>', svg)
    assert sorted(u for u, _ in marks) == sorted(u for _, u in _entries(page))
    assert any(t.startswith("november 2021, Klyngestyregruppe Vest: punkt 3.") and t.endswith("Taget til efterretning")
               for _, t in marks)
    assert re.findall(r'class="ra-chart-year">(\d{4})<', svg) == ["2020", "2021"]
    # The shape differs by outcome, not only the colour.
    godkendt = re.search(r'Godkendt</title>(<\w+)', svg).group(1)
    anbefalet = re.search(r'Anbefalet</title>(<\w+)', svg).group(1)
    taget = re.search(r'efterretning</title>(<circle[^>]*fill="#fff")', svg)
    assert godkendt == "<circle" and anbefalet == "<path" and taget


def test_reverse_control_turns_the_story_round(real_site, serve, page):
    page.goto(serve(real_site) + f"aftaler/{AGREEMENT}/")
    links = "Array.from(document.querySelectorAll('#ra-story h4 a')).map(a => a.getAttribute('href'))"
    oldest = page.evaluate(links)
    button = page.get_by_role("button", name="Vis nyeste først")
    button.click()
    assert page.evaluate(links) == list(reversed(oldest))
    assert page.get_by_role("button", name="Vis ældste først").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Vis ældste først").click()
    assert page.evaluate(links) == oldest


def _content_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    return content


def _add_fields(content: Path, aid: str, lines: str) -> Path:
    path = content / "agreements" / f"{aid}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\n" + lines, 1), encoding="utf-8")
    return path


def test_related_agreements_show_both_ways_and_status_has_its_date(tmp_path):
    content = _content_copy(tmp_path)
    _add_fields(content, AGREEMENT, 'related: [saeraftale-om-udskrivelser-under-covid-19]\nstatus_since: "2021-06"\n')
    assert build(tmp_path, content).returncode == 0
    page = _page(tmp_path / "site")
    assert re.search(r'<dt>Relaterede aftaler</dt><dd><a href="../../aftaler/saeraftale-om-udskrivelser-under-covid-19/">', page)
    assert "under revision <span class=\"ra-meta\">(siden juni 2021)</span>" in page
    other = _page(tmp_path / "site", "saeraftale-om-udskrivelser-under-covid-19")
    assert re.search(r'<dt>Relaterede aftaler</dt><dd><a href="../../aftaler/indlaeggelse-og-udskrivning/">', other)


@pytest.mark.parametrize("lines, message", [
    ("related: [ingen-saadan-aftale]\n", "unknown agreement id 'ingen-saadan-aftale' in 'related'"),
    (f"related: [{AGREEMENT}]\n", "'related' names the agreement itself"),
    ('status_since: "juni 2021"\n', ":2: 'status_since' must be a date, YYYY-MM-DD, YYYY-MM or YYYY"),
])
def test_bad_related_or_status_since_is_an_error_naming_the_file(tmp_path, lines, message):
    content = _content_copy(tmp_path)
    _add_fields(content, AGREEMENT, lines)
    with pytest.raises(ContentErrors) as caught:
        load_archive(content)
    assert f"{AGREEMENT}.md" in caught.value.report() and message in caught.value.report()


def test_chart_and_mention_escape_hostile_names():
    from generator.timeline import Mark, chart_svg, mention

    svg = chart_svg([Mark(2021, 3, 4, '<script>alert(1)</script>', '"><script>x</script>', "godkendt",
                          "</title><script>y</script>")], "A & <b>")
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "&quot;&gt;&lt;script&gt;" in svg
    found = mention(["Om [aftalen](aftale:x) blev drøftet."], "x", ["Noget andet"])
    assert found == {"before": "Om ", "name": "aftalen", "after": " blev drøftet."}


def _named_in_years(archive, refs) -> list[int]:
    return sorted({r.meeting.date.year for r in refs}, reverse=True)


def test_person_and_organisation_pages_show_their_items_year_by_year_with_the_chart(real_site):
    from generator.indexes import build_indexes

    archive = load_archive(REPO / "content")
    ix = build_indexes(archive)
    for folder, index in (("personer", ix.items_by_person), ("organisationer", ix.items_by_organisation)):
        spanning = sorted(i for i, refs in index.items() if len({r.meeting.date.year for r in refs}) > 1)
        assert spanning, folder  # the seed archive has someone named in two years
        ident = spanning[0]
        page = (real_site / folder / ident / "index.html").read_text(encoding="utf-8")
        named = page[page.index('<h2 id="punkter">'):]
        assert f"Nævnt i dagsordenspunkter ({len(index[ident])})" in named
        years = [int(y) for y in re.findall(r'<h3 id="punkter-(\d{4})">', named)]
        assert years == _named_in_years(archive, index[ident])  # newest year first
        svg = named[named.index("<svg"):named.index("</svg>")]
        assert svg.count('class="ra-chart-mark"') == len(index[ident])
        assert len(re.findall(r"<li data-outcome=", named)) == len(index[ident])  # every item with its badge
        shown = re.findall(r'<a href="[^"]*/(\d{4}-\d{2}(?:-\d{2})?)/#punkt-(\w+)">Punkt', named)
        dates = [d for d, _ in shown]
        assert dates == sorted(dates, reverse=True)
        for date in set(dates):  # one meeting's items in agenda order
            numbers = [n for d, n in shown if d == date]
            items = next(m for m in archive.meetings if m.date.key == date and any(i.number in numbers for i in m.items)).items
            assert numbers == [i.number for i in items if i.number in numbers]
