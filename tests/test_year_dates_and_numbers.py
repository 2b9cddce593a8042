"""Minutes as they exist: a meeting known only by its year, and item numbers that continue
through the year (49..58) or carry a letter, kept as printed in URLs and anchors."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.archive import load_archive

HERE = Path(__file__).parent
CONTENT = HERE.parent / "content"

ENTRY = """---
forum: klyngestyregruppe-syd
date: 2019
source:
  title: Referat uden dato
---

## 49. Godkendelse af dagsorden

### Beslutning

Godkendt.

## 50. Status

## 50a. Tillæg til status

### Beslutning

Taget til efterretning.

## 58. Eventuelt
"""


def content_with_year_entry(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "meetings" / "klyngestyregruppe-syd" / "2019.md").write_text(ENTRY, encoding="utf-8")
    return content


def test_a_year_precise_meeting_with_numbers_as_printed_loads(tmp_path):
    archive = load_archive(content_with_year_entry(tmp_path))
    meeting = next(m for m in archive.meetings if m.date.key == "2019")
    assert [i.number for i in meeting.items] == ["49", "50", "50a", "58"]
    assert meeting.url == "fora/klyngestyregruppe-syd/2019/"


def test_a_year_precise_meeting_has_its_page_anchors_and_danish_date(tmp_path):
    from sitebuild import build

    content = content_with_year_entry(tmp_path)
    result = build(tmp_path, content)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "fora" / "klyngestyregruppe-syd" / "2019" / "index.html").read_text(encoding="utf-8")
    assert "2019 (dato ikke angivet i referatet)" in page
    assert 'id="punkt-49"' in page and 'id="punkt-50a"' in page and 'id="punkt-58"' in page
    forum = (tmp_path / "site" / "fora" / "klyngestyregruppe-syd" / "index.html").read_text(encoding="utf-8")
    assert "2019/" in forum


def test_a_bad_date_still_names_the_accepted_forms(tmp_path):
    content = content_with_year_entry(tmp_path)
    path = content / "meetings" / "klyngestyregruppe-syd" / "2019.md"
    path.write_text(ENTRY.replace("date: 2019", 'date: "19"'), encoding="utf-8")
    from generator.errors import ContentErrors
    try:
        load_archive(content)
    except ContentErrors as exc:
        assert "neither YYYY-MM-DD nor YYYY-MM nor YYYY" in exc.report()
    else:
        raise AssertionError("a two-digit year was accepted")


def test_a_year_precise_meeting_joins_agreement_stories_and_leaves_year_less_references_text(tmp_path):
    """Its date has no month: the agreement chart puts it mid-year, and "mødet den 19.
    oktober" (which year?) stays text instead of crashing the build."""
    from sitebuild import build

    content = content_with_year_entry(tmp_path)
    entry = content / "meetings" / "klyngestyregruppe-syd" / "2019.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "## 50. Status\n", "## 50. Status\n\nSamarbejdsaftale om indlæggelse og udskrivning blev drøftet, "
        "jf. mødet den 19. oktober.\n"), encoding="utf-8")
    archive = load_archive(content)
    meeting = next(m for m in archive.meetings if m.date.key == "2019")
    assert "indlaeggelse-og-udskrivning" in meeting.item("50").agreements
    assert "moede:" not in meeting.item("50").background
    result = build(tmp_path, content)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "aftaler" / "indlaeggelse-og-udskrivning" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../fora/klyngestyregruppe-syd/2019/#punkt-50"' in page
    import json

    import jsonschema

    data = tmp_path / "site" / "data"
    event = json.loads((data / "moeder" / "klyngestyregruppe-syd" / "2019.json").read_text(encoding="utf-8"))
    assert (event["start_date"], event["start_date_precision"]) == ("2019", "year")
    jsonschema.validate(event, json.loads((data / "moede.schema.json").read_text(encoding="utf-8")))
