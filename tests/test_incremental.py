"""A rebuild after edits, taking unchanged pages from the cache, gives exactly the site a
build from scratch gives: pages that draw on an edited meeting or registry entry are made
again, and no page is left stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitebuild import REPO, build
from test_reproducible import digest

from generator.urls import feed_path, meeting_data_path

pytestmark = pytest.mark.slow

CLOSED = Path(__file__).parent / "fixtures" / "closed"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rebuild_equals_fresh_build(tmp_path: Path, source: Path, edit, **options) -> None:
    content, fresh = tmp_path / "content", tmp_path / "fresh"
    shutil.copytree(source, content)
    fresh.mkdir()
    assert build(tmp_path, content, **options).returncode == 0
    edit(content)
    result = build(tmp_path, content, **options)  # warm cache
    assert result.returncode == 0, result.stderr
    assert build(fresh, content, plugin={**options.pop("plugin", {}), "cache": False}, **options).returncode == 0
    assert digest(tmp_path / "site") == digest(fresh / "site")


def test_rebuild_after_editing_meetings_equals_a_fresh_build(tmp_path):
    def edit(content: Path) -> None:
        meetings = content / "meetings"
        # An item gains a mention of an agreement: the meeting and the agreement page change.
        path = next((meetings / "driftsforum-voksenpsykiatri-midt").glob("*.md"))
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + "\n\nDrøftet i lyset af Samarbejdsaftale om indlæggelse og udskrivning.\n",
                        encoding="utf-8")
        # A new participant: that person's page (attendance, roles) changes.
        _edit(meetings / "chefforum-sundhedsklynge-midt" / "2023-01.md",
              "  - person: henriette-lerche\n", "  - person: anne-fink\n    status: absent\n  - person: henriette-lerche\n")
        # A meeting newer than all: the feeds without entries say the archive was updated then.
        (meetings / "klyngestyregruppe-vest" / "2031-05-06.md").write_text(
            "---\nforum: klyngestyregruppe-vest\ndate: 2031-05-06\n---\n\n## 1. Godkendelse af dagsorden\n\n"
            "### Beslutning\n\nGodkendt.\n", encoding="utf-8")

    _rebuild_equals_fresh_build(tmp_path, REPO / "content", edit)


def test_rebuild_after_renaming_a_person_equals_a_fresh_build(tmp_path):
    def edit(content: Path) -> None:
        _edit(content / "people" / "mikkel-grimmeshave.md", 'name: "Mikkel Grimmeshave"', 'name: "Mikkel Grimmeshave Jensen"')

    _rebuild_equals_fresh_build(tmp_path, REPO / "content", edit)


def test_rebuild_after_closing_a_meeting_others_link_to_equals_a_fresh_build(tmp_path):
    # The open meeting links to a closed one; opening it changes how the link is shown
    # on a page whose own file did not change.
    def edit(content: Path) -> None:
        _edit(content / "meetings" / "testforum-nord" / "2022-04-01.md", "public: false", "public: true")

    _rebuild_equals_fresh_build(tmp_path, CLOSED, edit)


def test_rebuild_after_overriding_an_outcome_equals_a_fresh_build(tmp_path):
    # The override is in one meeting's frontmatter; the meeting, forum, agreement, person
    # and organisation pages that show the item change with it.
    def edit(content: Path) -> None:
        _edit(content / "meetings" / "klyngestyregruppe-vest" / "2021-11.md", "---\n", '---\noutcomes: {"3": udsat}\n')

    _rebuild_equals_fresh_build(tmp_path, REPO / "content", edit)


def test_rebuild_after_editing_a_reference_equals_a_fresh_build(tmp_path):
    # Råd Beta's reference to an item of Styregruppe Alfa no longer resolves: the "Omtalt i"
    # on Alfa's page, drawn from another meeting, must go too.
    from test_references import FILES

    source = tmp_path / "source"
    for name, text in FILES.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    for folder in ("people", "organisations", "agreements"):
        (source / folder).mkdir(exist_ok=True)
    work = tmp_path / "work"
    work.mkdir()

    def edit(content: Path) -> None:
        _edit(content / "meetings" / "raad-beta" / "2020-12-09.md", "den 9. december 2020, punkt 3", "den 9. december 2020, punkt 7")

    _rebuild_equals_fresh_build(work, source, edit)


def test_a_rebuild_makes_anew_only_the_feeds_and_data_files_that_show_an_edit(tmp_path):
    """Feeds and data files come from the cache (the cached file itself, linked) while what
    they show is unchanged: after one meeting is edited, its data file, its forum's feed
    and the whole-archive files are made anew, other meetings' files and feeds are not."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    assert build(tmp_path, content).returncode == 0
    site = tmp_path / "site"
    published = [p.relative_to(site).as_posix() for folder in ("data", "feeds") for p in (site / folder).rglob("*")
                 if p.is_file() and p.suffix in (".json", ".xml", ".csv")]
    before = {path: (site / path).stat().st_ino for path in published}
    _edit(content / "meetings" / "chefforum-sundhedsklynge-midt" / "2023-01.md", "\n## ", "\nTilføjet ved rettelse.\n\n## ")
    assert build(tmp_path, content).returncode == 0
    anew = {path for path in published if (site / path).stat().st_ino != before[path]}
    edited, other = "chefforum-sundhedsklynge-midt/2023-01", "klyngestyregruppe-vest/2021-11"
    assert {meeting_data_path(edited), feed_path("forum", "chefforum-sundhedsklynge-midt"), "data/arkiv.json",
            "data/punkter.csv"} <= anew
    assert not {meeting_data_path(other), feed_path("forum", "klyngestyregruppe-vest"),
                "data/moede.schema.json"} & anew
    assert len(anew) < len(published) / 4


def test_a_warm_build_reports_what_a_cold_build_reports(tmp_path):
    """The archive cache keeps only meeting files without problems, keyed by their bytes:
    a file broken after a build that kept it is read again and its problem named, and a
    problem between files (a person no registry lists) is found with the rest cached."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    assert build(tmp_path, content).returncode == 0
    assert (tmp_path / ".cache" / "referat" / "public" / "archive.pickle").is_file()
    meeting = content / "meetings" / "chefforum-sundhedsklynge-midt" / "2023-01.md"
    (tmp_path / "cold").mkdir()
    for old, new in [("  - person: henriette-lerche\n", "  - person: ingen-saadan-person\n"),
                     ("  - person: ingen-saadan-person\n", "  - person: henriette-lerche\n    status: vist\n")]:
        _edit(meeting, old, new)
        warm = build(tmp_path, content)
        cold = build(tmp_path / "cold", content, plugin={"cache": False})
        assert warm.returncode != 0 and cold.returncode != 0
        assert any("2023-01.md" in line for line in _problems(warm.stderr))
        assert _problems(warm.stderr) == _problems(cold.stderr)


def _problems(stderr: str) -> list[str]:
    return sorted(line.strip() for line in stderr.splitlines() if "content/" in line or ".md" in line)


def test_a_rebuild_makes_again_only_the_search_result_files_of_an_edited_meeting(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    assert build(tmp_path, content).returncode == 0
    docs = tmp_path / "site" / "search" / "docs"
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in docs.iterdir()}
    path = next((content / "meetings" / "driftsforum-voksenpsykiatri-midt").glob("*.md"))
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\nTilføjet efter mødet.\n", encoding="utf-8")
    assert build(tmp_path, content).returncode == 0
    after = {p.name: (p.stat().st_ino, p.read_bytes()) for p in docs.iterdir()}
    assert after.keys() == before.keys() and len(after) >= 5
    made = [name for name in after if after[name][0] != before[name][0]]  # the others are the kept files
    changed = [name for name in after if after[name][1] != before[name][1]]
    # A meeting's items are neighbouring documents: one or two files of 20.
    assert 1 <= len(made) <= 2 and set(changed) <= set(made)
