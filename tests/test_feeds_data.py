"""Feeds and open data: Atom that a feed library reads, links to anchors that exist, JSON
that validates against the published schemas, a CSV a (Danish) spreadsheet opens."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import jsonschema
import pytest
from sitebuild import REPO, build

from generator.archive import load_archive
from generator.linkcheck import page_ids
from generator.synth import synthesize

SITE_URL = "https://referater.example/arkiv/"
ALTERNATE_RE = re.compile(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"')


def feeds(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.xml"))


def parse(site: Path, feed: Path, base: str = "https://host.invalid/") -> feedparser.FeedParserDict:
    """Parse a feed as a reader that fetched it from `base` + its site path would."""
    location = base + feed.relative_to(site).as_posix()
    parsed = feedparser.parse(feed.read_bytes(), response_headers={"content-location": location,
                                                                   "content-type": "application/atom+xml"})
    assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
    assert parsed.version == "atom10"
    return parsed


def site_file(site: Path, url: str, base: str) -> tuple[Path, str]:
    """The file and anchor a resolved link of the site points to."""
    assert url.startswith(base), url
    path, _, fragment = url[len(base):].partition("#")
    path = unquote(path)
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path, fragment


def assert_lands(site: Path, url: str, base: str) -> None:
    target, fragment = site_file(site, url, base)
    assert target.is_file(), url
    if fragment:
        ids = page_ids(target.read_text(encoding="utf-8"))
        assert fragment in ids, url


@pytest.fixture(scope="module")
def synth_site(tmp_path_factory) -> tuple[Path, Path]:
    """A generated archive with more items than a feed holds, built with a site_url."""
    work = tmp_path_factory.mktemp("feeds-synth")
    synthesize(work / "content", meetings=40, seed=3)
    result = build(work, work / "content", site_url=SITE_URL)
    assert result.returncode == 0, result.stderr
    return work / "site", work / "content"


def test_every_feed_is_atom_with_entries_that_land_on_existing_anchors(real_site):
    paths = feeds(real_site)
    archive = load_archive(REPO / "content")
    expected = 1 + len(archive.forums) + len(archive.agreements) + len(archive.people) + len(archive.organisations)
    assert len(paths) == expected
    base = "https://host.invalid/"
    for feed in paths:
        parsed = parse(real_site, feed, base)
        assert parsed.feed.title and parsed.feed.updated
        for entry in parsed.entries:
            assert entry.id.startswith("tag:")
            assert entry.title and entry.summary and entry.updated
            assert_lands(real_site, entry.link, base)


def test_item_entries_name_forum_date_and_the_decision(real_site):
    parsed = parse(real_site, real_site / "feeds" / "arkiv.xml")
    archive = load_archive(REPO / "content")
    items = [(m, i) for m in archive.meetings for i in m.items if i.public]
    assert len(parsed.entries) == min(50, len(items))
    meeting, item = items[0]
    entry = parsed.entries[0]
    assert entry.id.endswith(f":{meeting.id}/punkt-{item.number}")
    assert entry.link.endswith(f"{meeting.url}#punkt-{item.number}")
    assert entry.updated.startswith(meeting.date.as_date().isoformat())
    assert archive.forums[meeting.forum].name in entry.summary
    decision = next(e for e in parsed.entries if "Beslutning:" in e.summary)
    assert len(decision.summary) < 600
    assert any(t.label == archive.forums[meeting.forum].name for t in entry.tags)


def test_forum_feed_has_an_entry_per_meeting_with_its_agenda(real_site):
    archive = load_archive(REPO / "content")
    meeting = archive.meetings[0]
    parsed = parse(real_site, real_site / "feeds" / "fora" / f"{meeting.forum}.xml")
    assert parsed.entries[0].link.endswith(meeting.url)
    assert parsed.entries[0].summary.startswith("Dagsorden:")
    assert len(parsed.entries) == len([m for m in archive.meetings if m.forum == meeting.forum])


def test_each_page_links_its_feed_in_the_head_and_visibly(real_site):
    archive = load_archive(REPO / "content")
    fid, aid, pid = next(iter(archive.forums)), next(iter(archive.agreements)), next(iter(archive.people))
    for page, feed in ((f"fora/{fid}/", f"feeds/fora/{fid}.xml"), (f"aftaler/{aid}/", f"feeds/aftaler/{aid}.xml"),
                       (f"personer/{pid}/", f"feeds/personer/{pid}.xml"), ("", "feeds/arkiv.xml")):
        html = (real_site / page / "index.html").read_text(encoding="utf-8")
        heads = {(kind, posixpath.normpath(posixpath.join(page, href))) for kind, href in ALTERNATE_RE.findall(html)}
        assert ("application/atom+xml", feed) in heads, page
        assert ("application/atom+xml", "feeds/arkiv.xml") in heads
        follow = re.search(r'<p class="ra-follow"><a href="([^"]+)" type="application/atom\+xml">Følg ', html)
        assert follow and posixpath.normpath(posixpath.join(page, follow.group(1))) == feed, page
        assert (real_site / feed).is_file()
    om = (real_site / "om" / "index.html").read_text(encoding="utf-8")
    assert ("application/atom+xml", "../feeds/arkiv.xml") in ALTERNATE_RE.findall(om)


def test_feeds_hold_the_latest_fifty_entries_newest_first(synth_site):
    site, content = synth_site
    parsed = parse(site, site / "feeds" / "arkiv.xml", SITE_URL)
    assert len(parsed.entries) == 50
    dates = [e.updated for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert len({e.id for e in parsed.entries}) == 50
    for feed in feeds(site):
        parsed = parse(site, feed, SITE_URL)
        assert len(parsed.entries) <= 50
        for entry in parsed.entries[:3]:
            assert entry.link.startswith(SITE_URL)  # xml:base is the site_url: absolute links
            assert_lands(site, entry.link, SITE_URL)


def test_entry_ids_come_from_ids_not_titles(tmp_path, real_site):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    archive = load_archive(content)
    meeting = archive.meetings[0]
    path = meeting.source.path
    text = path.read_text(encoding="utf-8")
    title = meeting.items[0].title
    path.write_text(text.replace(title, "Rettet titel", 1), encoding="utf-8")
    assert build(tmp_path, content).returncode == 0
    before = parse(real_site, real_site / "feeds" / "arkiv.xml")
    after = parse(tmp_path / "site", tmp_path / "site" / "feeds" / "arkiv.xml")
    assert [e.id for e in before.entries] == [e.id for e in after.entries]
    assert after.entries[0].title.startswith("Rettet titel")


# --- open data --------------------------------------------------------------------------


def schema(site: Path, name: str) -> jsonschema.Validator:
    data = json.loads((site / "data" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data)


def test_every_json_file_validates_against_its_published_schema(real_site):
    meetings = sorted((real_site / "data" / "moeder").rglob("*.json"))
    archive = load_archive(REPO / "content")
    assert len(meetings) == len(archive.meetings)
    event = schema(real_site, "moede")
    for path in meetings:
        event.validate(json.loads(path.read_text(encoding="utf-8")))
    for name in ("popolo", "aftaler", "arkiv"):
        schema(real_site, name).validate(json.loads((real_site / "data" / f"{name}.json").read_text(encoding="utf-8")))


def test_meeting_json_is_an_event_with_its_agenda_and_linked_from_its_page(real_site):
    archive = load_archive(REPO / "content")
    meeting = next(m for m in archive.meetings if m.participants and not m.date.precise)
    page = real_site / meeting.url / "index.html"
    heads = dict((kind, href) for kind, href in ALTERNATE_RE.findall(page.read_text(encoding="utf-8")))
    data_path = real_site / posixpath.normpath(posixpath.join(meeting.url, heads["application/json"]))
    event = json.loads(data_path.read_text(encoding="utf-8"))
    assert event["id"] == meeting.id
    assert (event["start_date"], event["start_date_precision"]) == (meeting.date.key, "month")
    assert [a["number"] for a in event["agenda"]] == [i.number for i in meeting.items if i.public]
    assert [a["order"] for a in event["agenda"]] == list(range(1, len(event["agenda"]) + 1))
    assert len(event["participants"]) == len(meeting.participants)
    assert {p["status"] for p in event["participants"]} <= {"present", "absent", "guest", "secretary"}
    item = next(i for i in meeting.items if i.agreements)
    agenda = next(a for a in event["agenda"] if a["number"] == item.number)
    assert {r["entity_id"] for r in agenda["related_entities"] if r["entity_type"] == "agreement"} == \
        {f"aftaler/{a}" for a in item.agreements}
    assert agenda["texts"]  # the item's texts, as Markdown
    assert "aftale:" not in json.dumps(event) and "person:" not in json.dumps(event)  # archive links made web links
    for a in event["agenda"]:
        assert_lands(real_site, "https://host.invalid/" + a["url"], "https://host.invalid/")


def test_popolo_memberships_and_agreement_treatments(real_site):
    popolo = json.loads((real_site / "data" / "popolo.json").read_text(encoding="utf-8"))
    ids = {p["id"] for p in popolo["persons"]} | {o["id"] for o in popolo["organizations"]}
    assert popolo["memberships"]
    for ms in popolo["memberships"]:
        assert ms["person_id"] in ids and ms["organization_id"] in ids
        assert ms["start_date"] <= ms["end_date"]
    archive = load_archive(REPO / "content")
    agreements = json.loads((real_site / "data" / "aftaler.json").read_text(encoding="utf-8"))["agreements"]
    assert len(agreements) == len(archive.agreements)
    treated = sum(len(a["treatments"]) for a in agreements)
    assert treated == sum(len(i.agreements) for m in archive.meetings for i in m.items if i.public)


def read_csv(site: Path) -> list[dict[str, str]]:
    raw = (site / "data" / "punkter.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), dialect="excel", delimiter=";"))


def test_csv_has_a_row_per_public_item_and_round_trips(real_site):
    rows = read_csv(real_site)
    archive = load_archive(REPO / "content")
    items = [(m, i) for m in archive.meetings for i in m.items if i.public]
    assert len(rows) == len(items)
    assert list(rows[0]) == ["forum", "forum_id", "dato", "punkt", "titel", "udfald", "aftaler", "url"]
    for row, (meeting, item) in zip(rows, items, strict=True):
        assert (row["forum_id"], row["dato"], row["punkt"]) == (meeting.forum, meeting.date.key, item.number)
        assert row["url"] == f"{meeting.url}#{item.anchor}"
    multi = next((r for r in rows if " | " in r["aftaler"]), None)
    assert multi is not None and "\n" not in multi["aftaler"]
    assert any("æ" in r["titel"] or "ø" in r["titel"] or "å" in r["titel"] for r in rows)


def test_hostile_titles_stay_text_in_the_csv_and_xml(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", content)
    path = content / "meetings" / "testforum-nord" / "2021-03-04.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("## 1. Velkomst", "## 1. =HYPERLINK(\"http://evil.example\") <b>Velkomst</b> & ]]>")  # control characters are refused by the loader
    path.write_text(text, encoding="utf-8")
    result = build(tmp_path, content)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    row = next(r for r in read_csv(site) if r["punkt"] == "1" and r["dato"] == "2021-03-04")
    assert row["titel"].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it
    parsed = parse(site, site / "feeds" / "arkiv.xml")
    entry = next(e for e in parsed.entries if e.link.endswith("2021-03-04/#punkt-1"))
    assert "<b>Velkomst</b> &" in entry.title
    event = json.loads((site / "data" / "moeder" / "testforum-nord" / "2021-03-04.json").read_text(encoding="utf-8"))
    schema(site, "moede").validate(event)


def test_data_page_explains_feeds_files_and_licence(real_site):
    html = (real_site / "data" / "index.html").read_text(encoding="utf-8")
    for text in ("Atom", "punkter.csv", "arkiv.json", "schema.json", "CC BY 4.0", "Popolo", "Open Civic Data"):
        assert text in html
    links = re.findall(r'href="([^"#]+)"', html)
    for href in links:
        if not urlsplit(href).scheme and href.startswith(".."):
            assert (real_site / posixpath.normpath(posixpath.join("data/", href))).exists() or href.endswith("/"), href
