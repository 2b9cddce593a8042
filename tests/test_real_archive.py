"""The real archive: the five seed minutes in content/, built with `mkdocs build --strict`."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.archive import load_archive
from generator.linkcheck import check_site
from generator.mentions import words

CONTENT = Path(__file__).resolve().parent.parent / "content"
SEED_MEETINGS = {
    "klyngestyregruppe-midt/2021-06",
    "klyngestyregruppe-syd/2021-01-27",
    "driftsforum-voksenpsykiatri-midt/2020-12-09",
    "chefforum-sundhedsklynge-midt/2023-01",
    "klyngestyregruppe-vest/2021-11",
}
SEED_FORUMS = {"klyngestyregruppe-midt", "klyngestyregruppe-syd", "klyngestyregruppe-vest",
               "driftsforum-voksenpsykiatri-midt", "chefforum-sundhedsklynge-midt"}


@pytest.fixture(scope="module")
def archive():
    return load_archive(CONTENT)


def admission_agreement(archive) -> str:
    target = tuple(words("Ind- og udskrivelsesaftalen"))
    return next(a.id for a in archive.agreements.values()
                if target in {tuple(words(n)) for n in (a.name, *a.aliases)})


def test_all_five_seed_meetings_are_in_the_archive(archive):
    ids = {m.id for m in archive.meetings}
    assert SEED_MEETINGS <= ids
    assert {m.forum for m in archive.meetings} >= SEED_FORUMS
    assert len(archive.meetings) == 5


def test_month_precise_dates_are_recorded_as_inferred(archive):
    for m in archive.meetings:
        if not m.date.precise:
            assert "date" in m.inferred, m.id


@pytest.mark.parametrize("canonical,variant", [
    ("maj-skaarhoej", "Mai Skårhøj"),
    ("tina-maria-larsen", "TinaMaria Larsen"),
    ("rikke-svenstrup", "Rikke Svendstrup"),
])
def test_name_variants_resolve_to_one_person(archive, canonical, variant):
    person = archive.people[canonical]
    assert variant in person.aliases
    assert not any(p.name == variant for p in archive.people.values())


def test_dorte_rosendal_meier_is_one_person(archive):
    matches = [p for p in archive.people.values() if tuple(words(p.name)) == ("dorte", "rosendal", "meier")]
    assert len(matches) == 1


def test_admission_agreement_is_discussed_in_at_least_three_meetings(archive):
    agreement = admission_agreement(archive)
    meetings = {m.id for m in archive.meetings for i in m.items if agreement in i.agreements}
    assert len(meetings) >= 3, meetings


def test_every_seed_item_has_its_anchor(real_site, archive):
    for m in archive.meetings:
        page = (real_site / m.url / "index.html").read_text(encoding="utf-8")
        for item in m.items:
            assert f'id="punkt-{item.number}"' in page, (m.id, item.number)


def test_agreement_page_lists_items_from_three_meetings(real_site, archive):
    agreement = admission_agreement(archive)
    page = (real_site / "aftaler" / agreement / "index.html").read_text(encoding="utf-8")
    linked = {m.id for m in archive.meetings if f"../../fora/{m.id}/#punkt-" in page}
    assert len(linked) >= 3, linked


def test_person_page_gathers_every_spelling(real_site, archive):
    page = (real_site / "personer" / "maj-skaarhoej" / "index.html").read_text(encoding="utf-8")
    attended = {m.id for m in archive.meetings if f"../../fora/{m.id}/" in page}
    assert len(attended) >= 2


def test_every_page_of_the_real_site_is_danish(real_site):
    for path in real_site.rglob("*.html"):
        assert '<html lang="da"' in path.read_text(encoding="utf-8"), path


def test_real_site_has_no_broken_links(real_site):
    assert [str(b) for b in check_site(real_site)] == []
