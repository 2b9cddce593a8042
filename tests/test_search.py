"""The search index: Danish processing, aliases, entity hits first, facets, closed matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.archive import load_archive
from generator.pages import SiteBuilder
from generator.search.analysis import analyse
from generator.search.documents import search_documents
from generator.search.index import build_search_files
from generator.search.query import clauses, lunr_ranking

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="module")
def search():
    archive = load_archive(CONTENT)
    builder = SiteBuilder(archive)
    docs, facets = search_documents(archive, builder.ix, builder.items)
    files, index = build_search_files(docs, facets)

    def top(query: str, n: int = 10) -> list[dict]:
        return [docs[ref].meta for ref, _ in lunr_ranking(index, query)[:n]]

    return top, docs, files


def test_danish_inflections_share_a_stem():
    assert analyse("samarbejdsaftaler")[0] == analyse("samarbejdsaftalen")[0] == analyse("samarbejdsaftale")[0]


def test_letters_outside_the_stop_word_alphabet_are_kept():
    # lunr.py's own Danish trimmer turns these into "ovid" and "vrige" (lunr.py issue #149).
    assert analyse("covid øvrige")[0] == "covid"
    assert analyse("øvrige")[0].startswith("øvr")


def test_stop_words_are_left_out_of_index_and_query():
    assert analyse("og i til") == []
    assert [c.word for c in clauses("indlæggelse og udskrivning")] == [analyse("indlæggelse")[0], analyse("udskrivning")[0]]


@pytest.mark.parametrize("query", ["Ind- og udskrivelsesaftalen", "indlæggelse og udskrivning",
                                   "samarbejdsaftalen om indlæggelse og udskrivning"])
def test_an_agreement_by_any_name_comes_first(search, query):
    top, _, _ = search
    first = top(query)[0]
    assert first["t"] == "aftale" and first["u"] == "aftaler/indlaeggelse-og-udskrivning/"


@pytest.mark.parametrize("query", ["Skårhøj", "Mai Skårhøj", "Maj Skårhøj"])
def test_a_person_by_any_spelling_comes_first(search, query):
    top, _, _ = search
    assert top(query)[0]["u"] == "personer/maj-skaarhoej/"


def test_an_alias_finds_items_that_use_another_name(search):
    top, _, _ = search
    # Seed 004 says "Sundhedsaftalen for indlæggelse og udskrivelser", not the alias searched.
    urls = [m["u"] for m in top("Ind- og udskrivelsesaftalen", 20)]
    assert "fora/klyngestyregruppe-vest/2021-11/#punkt-3" in urls


def test_inflected_query_finds_other_forms(search):
    top, _, _ = search
    items = [m for m in top("samarbejdsaftaler", 50) if m["t"] == "punkt"]
    assert any(m["u"] == "fora/driftsforum-voksenpsykiatri-midt/2020-12-09/#punkt-4" for m in items)  # "samarbejdsaftalen"


def test_prefix_search(search):
    top, _, _ = search
    urls = [m["u"] for m in top("udskriv*", 30)]
    assert "fora/klyngestyregruppe-vest/2021-11/#punkt-3" in urls  # "udskrivelser"
    assert "fora/driftsforum-voksenpsykiatri-midt/2020-12-09/#punkt-5" in urls  # "udskrivningsaftaler"


def test_item_results_carry_forum_date_decision_and_facets(search):
    top, _, _ = search
    item = next(m for m in top("covid") if m["t"] == "punkt")
    assert item["u"] == "fora/klyngestyregruppe-syd/2021-01-27/#punkt-3"
    assert item["d"] == "27. januar 2021" and item["y"] == 2021 and item["c"] == "Klynge Syd"
    assert item["sl"] == "Beslutning" and "covid-19 patienter" in item["s"]


def test_index_files_are_small_and_split(search):
    _, docs, files = search
    terms = [p for p in files.files if p.startswith("terms/")]
    assert len(terms) > 50
    assert max(len(files.files[p].encode()) for p in terms) < 40_000
    archive = load_archive(CONTENT)
    items = sum(1 for m in archive.meetings for i in m.items if i.public)
    assert len(docs) == items + len(archive.agreements) + len(archive.people) + len(archive.forums)


def test_closed_items_are_not_indexed(tmp_path):
    archive = load_archive(Path(__file__).parent / "fixtures" / "closed")
    builder = SiteBuilder(archive)
    docs, facets = search_documents(archive, builder.ix, builder.items)
    files, _ = build_search_files(docs, facets)
    assert not any("CANARY" in text for text in files.files.values())
