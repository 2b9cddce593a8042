"""Closed items and meetings stay closed: nothing of them reaches a public build."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path

import feedparser
import pytest

from generator.linkcheck import check_site
from sitebuild import build

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
    assert len(planted()) == 17


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
    person = (public_site / "personer" / "lukket-gaest" / "index.html").read_text(encoding="utf-8")
    assert "2022-03-01" not in person and "2022-04-01" not in person


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
    assert entries("feeds/personer/bo-test.xml") == [] and entries("feeds/personer/lukket-gaest.xml") == []
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
