"""An agreement, person or organisation with more entries than one page holds gets a page per
year: its own page shows the newest years that fit and links to every year, nothing is lost,
old year anchors still land, and the pages pass the link check and axe."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from sitebuild import REPO, build, require

from generator.archive import load_archive
from generator.indexes import build_indexes
from generator.pages import split_years
from generator.synth import synthesize

HREF = re.compile(r'<h4><a href="([^"]+)"')
LIMIT = 100  # year_pages_from of these builds: the largest entities of 110 meetings pass it


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> tuple[Path, object, object]:
    """A generated archive where the largest agreements and organisations pass the limit
    (built --strict: a broken link between the year pages fails the build)."""
    work = tmp_path_factory.mktemp("year-pages")
    synthesize(work / "content", 110, seed=5, source=REPO / "content")
    result = build(work, work / "content", plugin={"year_pages_from": LIMIT}, site_url="https://arkiv.invalid/")
    assert result.returncode == 0, result.stderr
    archive = load_archive(work / "content")
    return work / "site", archive, build_indexes(archive)


def _largest(refs_by: dict) -> tuple[str, list]:
    ident = max(refs_by, key=lambda k: len(refs_by[k]))
    return ident, refs_by[ident]


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_split_keeps_the_newest_years_that_fit_and_lists_every_year():
    assert split_years(Counter({2020: 200}), 200) is None
    split = split_years(Counter({2019: 150, 2020: 120, 2021: 80, 2022: 5}), 200)
    assert list(split.counts) == [2022, 2021, 2020, 2019]
    assert split.full == {2022, 2021}  # 85 fit; with 2020 it would be 205
    assert split_years(Counter({2021: 500, 2020: 3}), 200).full == frozenset()  # the newest alone is too many


def test_an_agreement_too_large_for_one_page_gets_a_page_per_year_and_loses_nothing(large):
    site, archive, ix = large
    aid, refs = _largest(ix.items_by_agreement)
    assert len(refs) > LIMIT
    main = _html(site, f"aftaler/{aid}")
    assert len(HREF.findall(main)) <= LIMIT
    years = Counter(r.meeting.date.year for r in refs)
    seen: set[str] = set()
    for year, count in years.items():
        page = _html(site, f"aftaler/{aid}/{year}")
        found = HREF.findall(page)
        assert len(found) == count, year  # every item of the year, once
        seen.update(found)
        assert f'aftaler/{aid}/{year}/"' in main  # linked from the agreement's page
        assert f"<h1>{archive.agreements[aid].name}: {year}</h1>" in page
        assert 'aria-label="Andre år"' in page and f'aftaler/{aid}/">Tilbage til' in page
    assert len(seen) == len(refs)
    # The years not shown in full keep their anchor on the agreement's page.
    for year in years:
        assert f'id="aar-{year}"' in main


def test_the_chart_of_many_items_counts_them_per_forum_and_year_linked_to_the_years(large, monkeypatch):
    from generator import timeline
    from generator.pages import SiteBuilder

    _, archive, ix = large
    aid, refs = _largest(ix.items_by_agreement)
    monkeypatch.setattr(timeline, "CHART_MARKS", len(refs) - 1)  # (200 by default: more than this archive has)
    data = SiteBuilder(archive, year_pages_from=LIMIT).agreement_page(aid).data
    chart = data["chart_svg"]
    counts = [int(n) for n in re.findall(r'class="ra-chart-count">(\d+)</text>', chart)]
    assert sum(counts) == len(refs) and data["chart_counts"]
    assert len(re.findall(rf'<a href="[^"]*/aftaler/{aid}/\d{{4}}/" class="ra-chart-mark">', chart)) == len(counts)
    # A year's page does not link its chart to year pages (the year is the page).
    year = SiteBuilder(archive, year_pages_from=LIMIT).agreement_page(aid, refs[0].meeting.date.year).data
    assert not re.search(rf'/aftaler/{aid}/\d{{4}}/"', year["chart_svg"])


def test_an_organisation_too_large_for_one_page_spreads_its_meetings_over_year_pages(large):
    site, archive, ix = large
    oid = max(ix.attendance_by_organisation, key=lambda o: len(ix.attendance_by_organisation[o]))
    meetings = {a.meeting.id: a.meeting for a in ix.attendance_by_organisation[oid]}
    main = _html(site, f"organisationer/{oid}")
    assert f"Møder med deltagelse ({len(meetings)})" in main and 'id="alle-aar"' in main
    rows = 0
    for year in {m.date.year for m in meetings.values()}:
        page = _html(site, f"organisationer/{oid}/{year}")
        rows += page.count('<td class="ra-nowrap" data-label="Dato">')
    assert rows == len(meetings)


def test_year_pages_are_in_the_sitemap_and_entities_that_fit_have_none(large, real_site):
    site, _, ix = large
    aid, _ = _largest(ix.items_by_agreement)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert re.search(rf"aftaler/{aid}/\d{{4}}/</loc>", sitemap)
    assert not list(real_site.glob("aftaler/*/[0-9][0-9][0-9][0-9]"))
    assert 'id="alle-aar"' not in (real_site / "aftaler/indlaeggelse-og-udskrivning/index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_split_pages_have_no_axe_violations(large, serve, page):
    require("axe_playwright_python")
    from axe_playwright_python.sync_playwright import Axe

    site, _, ix = large
    aid, refs = _largest(ix.items_by_agreement)
    oid = max(ix.attendance_by_organisation, key=lambda o: len(ix.attendance_by_organisation[o]))
    base = serve(site)
    year = refs[0].meeting.date.year
    for path in (f"aftaler/{aid}/", f"aftaler/{aid}/{year}/", f"organisationer/{oid}/"):
        page.goto(base + path)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                                           "resultTypes": ["violations"]})
        assert results.violations_count == 0, (path, results.generate_report())


@pytest.mark.slow
def test_rebuild_after_an_edit_in_an_old_year_equals_a_fresh_build(tmp_path):
    """A new item of an old year names the largest agreement: that year's count
    changes on the agreement's page and on every one of its year pages (cached by inputs)."""
    from test_incremental import _rebuild_equals_fresh_build

    source = tmp_path / "source"
    synthesize(source, 110, seed=5, source=REPO / "content")
    archive = load_archive(source)
    aid, refs = _largest(build_indexes(archive).items_by_agreement)
    oldest = min(refs, key=lambda r: r.meeting.date.sort_key).meeting
    name = archive.agreements[aid].name

    def edit(content: Path) -> None:
        path = content / oldest.source.path.relative_to(source)
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n## 99. Drøftelse af {name}\n\n"
                        "### Beslutning\n\nDrøftet.\n", encoding="utf-8")

    _rebuild_equals_fresh_build(tmp_path, source, edit, plugin={"year_pages_from": LIMIT})


@pytest.mark.parametrize("value", [5, -1, True, "many", 2.5])
def test_a_careless_year_pages_from_fails_the_build_naming_the_setting(tmp_path, value):
    content = tmp_path / "content"
    synthesize(content, 3, seed=1, source=REPO / "content")
    result = build(tmp_path, content, plugin={"year_pages_from": value})
    assert result.returncode != 0
    assert "year_pages_from" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
