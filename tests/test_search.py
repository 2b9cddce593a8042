"""The search index: Danish processing, aliases, entity hits first, facets, closed matter."""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

import pytest

from generator.archive import load_archive
from generator.pages import SiteBuilder
from generator.search.analysis import analyse
from generator.search.compounds import best_split
from generator.search.documents import FIELDS, search_documents
from generator.search.index import build_search_files, expand_compounds
from generator.search.query import clauses, lunr_index, lunr_ranking, with_compound_parts

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="module")
def search():
    archive = load_archive(CONTENT)
    builder = SiteBuilder(archive)
    docs, facets = search_documents(archive, builder.ix, builder.items)
    docs = list(docs)
    files, index = build_search_files(docs, facets), lunr_index(docs)

    def top(query: str, n: int = 10) -> list[dict]:
        return [docs[ref].meta for ref, _ in lunr_ranking(index, query)[:n]]

    return top, docs, files


def test_danish_inflections_share_a_stem():
    assert analyse("samarbejdsaftaler")[0] == analyse("samarbejdsaftalen")[0] == analyse("samarbejdsaftale")[0]


def test_letters_outside_the_stop_word_alphabet_are_kept():
    # lunr.py's own Danish trimmer turns these into "ovid" and "vrige" (lunr.py issue #149).
    assert analyse("covid øvrige")[0] == "covid"
    assert analyse("øvrige")[0].startswith("ovr")  # kept, then folded


@pytest.mark.parametrize("words", ["Skårhøj Skaarhoej Skarhoj Skarhøj", "indlæggelse indlaeggelse indleggelse",
                                   "genoptræningsplanerne genoptraeningsplanerne genoptreningsplanerne",
                                   "Aalborg Ålborg Alborg", "blodprøvetagning blodproevetagning blodprovetagning"])
def test_words_typed_without_danish_letters_are_the_same_term(words):
    assert len(set(analyse(words))) == 1


def test_transliterated_stop_words_are_stop_words():
    assert analyse("paa ogsaa naar vaere") == []


def test_stop_words_are_left_out_of_index_and_query():
    assert analyse("og i til") == []
    assert [c.word for c in clauses("indlæggelse og udskrivning")] == [analyse("indlæggelse")[0], analyse("udskrivning")[0]]


@pytest.mark.parametrize("query", ["Ind- og udskrivelsesaftalen", "indlæggelse og udskrivning",
                                   "samarbejdsaftalen om indlæggelse og udskrivning"])
def test_an_agreement_by_any_name_comes_first(search, query):
    top, _, _ = search
    first = top(query)[0]
    assert first["t"] == "aftale" and first["u"] == "aftaler/indlaeggelse-og-udskrivning/"


@pytest.mark.parametrize("query", ["Skårhøj", "Mai Skårhøj", "Maj Skårhøj", "Skaarhoej", "Skarhoj", "maj skaarhoej"])
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


@pytest.mark.parametrize("query", ["udskrivningsaftalen", "udskrivningsaftale", "aftalen om udskrivning",
                                   "udskrivningsaftalerne"])
def test_a_compound_finds_the_agreement_written_apart_and_the_other_way_round(search, query):
    top, _, _ = search
    urls = [m["u"] for m in top(query, 3)]
    assert "aftaler/indlaeggelse-og-udskrivning/" in urls
    # Item 5 writes "udskrivningsaftaler"; the agreement is "... indlæggelse og udskrivning".
    assert "fora/driftsforum-voksenpsykiatri-midt/2020-12-09/#punkt-5" in [m["u"] for m in top(query, 5)]


def test_compounds_split_into_known_parts_with_linking_letters():
    frequency = {"udskrivning": 3, "aftal": 9, "genoptrening": 2, "plan": 5, "handl": 4, "udskrivningsaftal": 1,
                 "sund": 4}
    assert best_split("udskrivningsaftal", frequency) == ("udskrivning", "aftal")  # -s-
    assert best_split("genoptreningsplan", frequency) == ("genoptrening", "plan")
    assert best_split("handleplan", frequency) == ("handl", "plan")  # -e-
    assert best_split("formandskab", {"formand": 3, "skab": 3}) is None  # -skab is an ending, not a word
    assert best_split("udskrivningsaftal" + "x", frequency) is None
    assert best_split("aftal", frequency) is None  # too short to hold two parts
    assert best_split("udskrivning" * 4 + "saftal", frequency | {"udskrivning" * 4: 1}) is None  # too long


def test_a_document_is_indexed_under_the_parts_of_its_compounds():
    table = {"udskrivningsaftal": ("udskrivning", "aftal")}
    analysed = ((3, ("udskrivningsaftal", "aftal"), (2, 1)),)
    assert expand_compounds(analysed, table) == ((7, ("udskrivningsaftal", "aftal", "udskrivning"), (2, 3, 2)),)


@pytest.mark.parametrize("query, url", [
    ("genoptræningsplanerne", None), ("sundhedsaftalen", "aftaler/sundhedsaftalen-2019-2023/"),
    ("handlingsplanen", "aftaler/handleplan-sundhedsklynge-midt/"),
    ("implementeringsplan", None), ("kompetenceudviklingstilbuddet", None)])
def test_compounds_from_the_archives_vocabulary_find_items(search, query, url):
    top, _, _ = search
    found = top(query, 5)
    assert any(m["t"] == "punkt" for m in found)
    if url:
        assert url in [m["u"] for m in found]


def test_item_results_carry_forum_date_and_decision(search):
    top, _, _ = search
    item = next(m for m in top("covid") if m["t"] == "punkt")
    assert item["u"] == "fora/klyngestyregruppe-syd/2021-01-27/#punkt-3"
    assert item["d"] == "27. januar 2021"
    assert item["sl"] == "Beslutning" and "covid-19 patienter" in item["s"]


def test_facet_table_gives_every_item_its_meeting_agreements_and_people(search):
    _, docs, files = search
    facets = _registered(files, "facets.js")
    manifest = _registered(files, "manifest.js")
    meeting_of = [m for m, (_, _, n) in enumerate(facets["meetings"]) for _ in range(n)]
    assert manifest["entities"] + len(meeting_of) == len(docs) == manifest["count"]
    doc = next(n for n, d in enumerate(docs) if d.meta["u"] == "fora/klyngestyregruppe-syd/2021-01-27/#punkt-3")
    forum, date, _ = facets["meetings"][meeting_of[doc - manifest["entities"]]]
    assert manifest["forums"][forum] == {"id": "klyngestyregruppe-syd", "name": "Klyngestyregruppe Syd",
                                         "cluster": "Klynge Syd"}
    assert date == "2021-01-27"
    linked = lambda table, facet: [manifest[table][n]["id"]  # noqa: E731
                                   for n, deltas in enumerate(_registered(files, f"facets-{facet}.js"))
                                   if doc in itertools.accumulate(deltas)]
    archive = load_archive(CONTENT)
    item = next(i for m in archive.meetings if m.url == "fora/klyngestyregruppe-syd/2021-01-27/"
                for i in m.items if i.anchor == "punkt-3")
    assert linked("agreements", "aftale") == sorted(item.agreements)
    assert linked("people", "person") == sorted(item.people)


def test_weights_equal_lunr_py_field_vectors(search):
    _, docs, files = search
    index = lunr_index(docs)
    terms = {}
    for path in files.files:
        if path.startswith("terms/"):
            terms.update(_registered(files, path)["terms"])
    names = [name for name, _ in FIELDS]
    expected = {}
    by_number = {posting["_index"]: term for term, posting in index.inverted_index.items()}
    for ref, vector in index.field_vectors.items():
        name, _, doc = ref.partition("/")
        for i in range(0, len(vector.elements), 2):
            expected[(by_number[vector.elements[i]], names.index(name), int(doc))] = round(vector.elements[i + 1] * 1000)
    got = {(term, f, doc): w for term, fields in terms.items() for f, deltas, weights in fields
           for doc, w in zip(itertools.accumulate(deltas), weights, strict=True)}
    assert len(got) > 4_000 and got == expected


def test_term_shards_are_in_javascript_string_order(search):
    _, _, files = search
    firsts = _registered(files, "manifest.js")["shards"]
    assert firsts == sorted(firsts, key=lambda t: t.encode("utf-16-be"))
    for n, first in enumerate(firsts):
        shard = _registered(files, f"terms/{n}.js")["terms"]
        assert min(shard, key=lambda t: t.encode("utf-16-be")) == first


def _registered(files, path: str):
    text = files.files[path].decode()
    data = json.loads(text[text.index(",", text.index(",") + 1) + 1: text.rindex(")")].removeprefix("JSON.parse(")
                      .removesuffix(")"))
    return json.loads(data) if isinstance(data, str) else data


def test_index_files_are_small_and_split(search):
    _, docs, files = search
    terms = [p for p in files.files if p.startswith("terms/")]
    assert len(terms) > 3
    assert max(len(files.files[p]) for p in terms) < 40_000
    archive = load_archive(CONTENT)
    items = sum(1 for m in archive.meetings for i in m.items if i.public)
    assert len(docs) == items + len(archive.agreements) + len(archive.people) + len(archive.forums)


def test_closed_items_are_not_indexed(tmp_path):
    archive = load_archive(Path(__file__).parent / "fixtures" / "closed")
    builder = SiteBuilder(archive)
    docs, facets = search_documents(archive, builder.ix, builder.items)
    docs = list(docs)
    files = build_search_files(docs, facets)
    assert not any(b"CANARY" in text for text in files.files.values())


def test_search_scripts_are_the_pinned_releases_shipped_with_the_package(mini_site):
    """lunr.js and lunr.da come from their own pinned releases (vendor/versions.txt), not from
    the theme's bundle, and the index is analysed with the same lunr.da file."""
    from generator.search.analysis import VENDOR, VENDOR_SCRIPTS, VENDOR_URL, lunr_da_source

    listed = VENDOR.joinpath("versions.txt").read_text(encoding="utf-8")
    for name in VENDOR_SCRIPTS:
        shipped = VENDOR.joinpath(name).read_bytes()
        assert (mini_site / VENDOR_URL / name).read_bytes() == shipped
        assert hashlib.sha256(shipped).hexdigest() + "  " + name in listed
    page = (mini_site / "soeg" / "index.html").read_text(encoding="utf-8")
    assert "javascripts/lunr" not in page and "vendor/lunr.da.min.js" in page
    assert lunr_da_source().encode() == VENDOR.joinpath("lunr.da.min.js").read_bytes()


def test_common_parts_are_listed_in_the_manifest_and_not_asked_for(search, monkeypatch):
    _, docs, _ = search
    from generator.search import compounds
    monkeypatch.setattr(compounds, "COMMON_POSTINGS", 30)  # the seed archive is small
    files = build_search_files(docs, search_documents(*_seed())[1])
    common = _registered(files, "manifest.js")["common"]
    terms = {}
    for path in files.files:
        if path.startswith("terms/"):
            terms.update(_registered(files, path)["terms"])
    assert common == {t: sum(len(f[1]) for f in entry) for t, entry in terms.items() if sum(len(f[1]) for f in entry) > 30}
    assert "aftal" in common
    index = lunr_index(docs)
    words = [c.word for c in with_compound_parts(clauses("udskrivningsaftalen"), index)]
    assert words[0] == "udskrivningsaftal" and "aftal" not in words


def _seed():
    archive = load_archive(CONTENT)
    builder = SiteBuilder(archive)
    return archive, builder.ix, builder.items
