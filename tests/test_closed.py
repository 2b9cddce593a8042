"""Closed items and meetings stay closed: nothing of them reaches a public build."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from sitebuild import build

from generator.linkcheck import check_site

CLOSED = Path(__file__).parent / "fixtures" / "closed"
CANARY_RE = re.compile(rb"CANARY-[A-Z-]+-[0-9a-f]{4}")


def planted() -> set[bytes]:
    found = set()
    for path in CLOSED.rglob("*.md"):
        found |= set(CANARY_RE.findall(path.read_bytes()))
    return found


def leaked(site: Path) -> dict[bytes, list[str]]:
    """Every canary in any output file, read as bytes; gzipped files are unpacked."""
    found: dict[bytes, list[str]] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        for canary in set(CANARY_RE.findall(data)):
            found.setdefault(canary, []).append(str(path.relative_to(site)))
    return found


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("closed-public")
    result = build(workdir, CLOSED, site_url="https://referater.example/")
    assert result.returncode == 0, result.stderr
    return workdir / "site"


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("closed-internal")
    result = build(workdir, CLOSED, plugin={"internal": True})
    assert result.returncode == 0, result.stderr
    return workdir / "site"


def test_fixture_plants_a_canary_in_every_field():
    # 17 in meetings; 7 in registry names and aliases that only closed matter uses
    assert len(planted()) == 24


def test_no_canary_in_any_file_of_the_public_build(public_site):
    assert leaked(public_site) == {}


def test_public_agenda_keeps_a_line_for_the_closed_item(public_site):
    page = (public_site / "fora" / "testforum-nord" / "2022-03-01" / "index.html").read_text(encoding="utf-8")
    assert "Punkt 2: lukket punkt" in page
    assert 'id="punkt-2"' in page  # links to the item still land somewhere


def test_closed_meeting_has_no_page_and_no_trace(public_site):
    assert not (public_site / "fora" / "testforum-nord" / "2022-04-01").exists()
    forum = (public_site / "fora" / "testforum-nord" / "index.html").read_text(encoding="utf-8")
    assert "2022-04-01" not in forum
    sitemap = (public_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "2022-04-01" not in sitemap and "2022-03-01" in sitemap


def test_guest_of_a_closed_item_only_is_not_listed(public_site):
    page = (public_site / "fora" / "testforum-nord" / "2022-03-01" / "index.html").read_text(encoding="utf-8")
    assert "Gitte Gæst" not in page
    # She attended closed matter only: nothing public refers to her, so she has no page either.
    assert not (public_site / "personer" / "lukket-gaest").exists()


def test_closed_matter_is_not_in_agreement_or_person_histories(public_site):
    agreement = (public_site / "aftaler" / "indlaeggelse-og-udskrivning" / "index.html").read_text(encoding="utf-8")
    assert "2022-03-01/#punkt-1" in agreement
    assert "#punkt-2" not in agreement.split("2022-03-01/")[-1][:20]


def test_feeds_data_and_redirects_hold_public_matter_only(public_site):
    """The canary scan above reads feeds, JSON, CSV and redirects too; here the counts."""
    def entries(path: str) -> list:
        parsed = feedparser.parse((public_site / path).read_bytes())
        assert not parsed.bozo or "Content-type" in str(parsed.bozo_exception)
        return parsed.entries

    assert [e.link.rsplit("#", 1)[-1] for e in entries("feeds/arkiv.xml")] == ["punkt-1", "punkt-3"]
    forum = entries("feeds/fora/testforum-nord.xml")
    assert len(forum) == 1 and "Lukket punkt" not in forum[0].summary and "\n2." not in forum[0].summary
    assert len(entries("feeds/aftaler/indlaeggelse-og-udskrivning.xml")) == 1
    assert entries("feeds/personer/bo-test.xml") == []
    assert not (public_site / "feeds" / "personer" / "lukket-gaest.xml").exists()  # withheld: no page, no feed
    archive = json.loads((public_site / "data" / "arkiv.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in archive["events"]] == ["testforum-nord/2022-03-01"]
    assert [a["number"] for a in archive["events"][0]["agenda"]] == ["1", "3"]
    assert [p["entity_id"] for p in archive["events"][0]["participants"]] == ["personer/bo-test"]
    assert not any(m["person_id"] == "personer/lukket-gaest" for m in archive["memberships"])
    treatments = [t["number"] for a in archive["agreements"] for t in a["treatments"]]
    assert treatments == ["1"]
    assert sorted(p.name for p in (public_site / "data" / "moeder" / "testforum-nord").iterdir()) == ["2022-03-01.json"]
    rows = list(csv.DictReader(io.StringIO((public_site / "data" / "punkter.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [r["punkt"] for r in rows] == ["1", "3"]
    # The closed meeting's old URL gets no redirect: that would show it exists.
    assert not (public_site / "fora" / "testforum-nord" / "2022-04").exists()
    assert not any("2022-04" in p.as_posix() for p in public_site.rglob("*") if p.is_file())
    for folder in ("feeds", "data"):
        for path in (public_site / folder).rglob("*"):
            assert not path.is_file() or b"2022-04" not in path.read_bytes(), path


def test_public_build_links_stay_whole(public_site):
    assert [str(b) for b in check_site(public_site)] == []


def test_internal_build_includes_closed_matter_marked(internal_site):
    assert set(leaked(internal_site)) == planted()
    page = (internal_site / "fora" / "testforum-nord" / "2022-03-01" / "index.html").read_text(encoding="utf-8")
    assert "lukket punkt" in page and "CANARY-DECISION-e3f9" in page
    closed = (internal_site / "fora" / "testforum-nord" / "2022-04-01" / "index.html").read_text(encoding="utf-8")
    assert "Lukket møde" in closed


SINGULAR = {"møder": "møde", "dagsordenspunkter": "dagsordenspunkt", "personer": "person",
            "organisationer": "organisation", "aftaler": "aftale", "fora": "forum"}


def _count(site: Path, label: str) -> int:
    """A count of the home page's line "Arkivet rummer 2 møder · ..." (1 møde, 2 møder)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    line = home[home.index('class="ra-counts-line"'):]
    return int(re.search(rf'>(\d+) (?:{label}|{SINGULAR[label]})</a>', line).group(1))


def test_home_page_counts_only_what_the_edition_shows(public_site, internal_site):
    # Public: one meeting with items 1 and 3 (item 2 is closed); internal: both meetings, all four items.
    assert (_count(public_site, "møder"), _count(public_site, "dagsordenspunkter")) == (1, 2)
    assert (_count(internal_site, "møder"), _count(internal_site, "dagsordenspunkter")) == (2, 4)


def _public_bytes(site: Path) -> bytes:
    return b"".join(gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
                    for p in sorted(site.rglob("*")) if p.is_file())


def test_registry_entries_only_closed_matter_names_are_withheld(public_site):
    data = _public_bytes(public_site)
    for path in ("personer/kanarie-personsag", "personer/lukket-gaest", "organisationer/kanarie-firma",
                 "aftaler/kanarie-udkast"):
        assert not (public_site / path).exists(), path
        assert path.encode() not in data, path  # no link, index line, search entry or sitemap line
    for name in ("Kanarie", "Gitte Gæst", "Udkast"):
        assert name.encode() not in data, name


def test_entries_public_matter_refers_to_or_marked_public_stay(public_site):
    for path in ("personer/bo-test", "personer/otto-offentlig", "organisationer/test-kommune",
                 "aftaler/indlaeggelse-og-udskrivning", "fora/testforum-nord"):
        assert (public_site / path / "index.html").is_file(), path
    bo = (public_site / "personer" / "bo-test" / "index.html").read_text(encoding="utf-8")
    assert "Også skrevet: Bo T. Test<" in bo  # an alias met nowhere is kept; the closed one is not
    forum = (public_site / "fora" / "testforum-nord" / "index.html").read_text(encoding="utf-8")
    assert "Også kaldt: Styregruppe Test Nord<" in forum
    people = (public_site / "personer" / "index.html").read_text(encoding="utf-8")
    assert "Otto Offentlig" in people and "Gitte Gæst" not in people


def test_home_page_counts_only_public_registry_entries(public_site):
    assert _count(public_site, "personer") == 2  # Bo Test (participant), Otto Offentlig (public: true)
    assert _count(public_site, "organisationer") == 1
    assert _count(public_site, "aftaler") == 1
    assert _count(public_site, "fora") == 1


def test_check_lists_what_the_public_site_withholds():
    result = subprocess.run([sys.executable, "-m", "generator", "check", str(CLOSED)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "withheld from the public site" in out
    for line in ("people/kanarie-personsag.md: person 'kanarie-personsag'", "people/lukket-gaest.md: person 'lukket-gaest'",
                 "organisations/kanarie-firma.md: organisation 'kanarie-firma'",
                 "agreements/kanarie-udkast.md: agreement 'kanarie-udkast'",
                 "people/bo-test.md: alias 'CANARY-BO-ALIAS-3e3e' of person 'bo-test'",
                 "forums/testforum-nord.md: alias 'CANARY-FORUM-ALIAS-9e9e' of forum 'testforum-nord'"):
        assert line in out, out
    assert "otto-offentlig" not in out and "Bo T. Test" not in out


def test_public_false_on_a_registry_entry_is_an_error_that_says_why(tmp_path):
    import shutil

    from generator.archive import load_archive
    from generator.errors import ContentErrors

    content = tmp_path / "content"
    shutil.copytree(CLOSED, content)
    (content / "people" / "otto-offentlig.md").write_text("---\nname: Otto Offentlig\npublic: false\n---\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    assert [e.format(content) for e in info.value.errors] == [
        "people/otto-offentlig.md:3: 'public: false' has no effect: an entry is published when public minutes refer "
        "to it, and only then; remove the line (or write 'public: true' to publish the entry anyway)"]


def test_related_listing_of_a_shown_agreement_shows_the_other_like_a_description_link(tmp_path):
    import shutil

    from generator.archive import load_archive

    content = tmp_path / "content"
    shutil.copytree(CLOSED, content)
    assert "kanarie-udkast" not in load_archive(content).agreements  # only closed matter names it
    shown = content / "agreements" / "indlaeggelse-og-udskrivning.md"
    shown.write_text(shown.read_text(encoding="utf-8").replace("---\n", "---\nrelated: [kanarie-udkast]\n", 1),
                     encoding="utf-8")
    archive = load_archive(content)
    assert "kanarie-udkast" in archive.agreements  # the editor published it in a shown entry's list
    from generator.indexes import build_indexes
    assert build_indexes(archive).related_agreements("indlaeggelse-og-udskrivning") == ["kanarie-udkast"]
