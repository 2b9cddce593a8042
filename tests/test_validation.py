"""Bad content stops the build with one line per problem: file, line, what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitebuild import build

from generator.archive import load_archive
from generator.errors import ContentErrors

MINI = Path(__file__).parent / "fixtures" / "mini"
GOOD_HEAD = """---
forum: testforum-nord
date: 2022-05-01
---
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    return root


def write_meeting(content: Path, text: str, name: str = "2022-05-01.md", forum: str = "testforum-nord") -> Path:
    path = content / "meetings" / forum / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    return [e.format(content) for e in info.value.errors]


def only_problem(content: Path) -> str:
    found = problems(content)
    assert len(found) == 1, found
    return found[0]


def test_the_mini_fixture_is_valid(content):
    archive = load_archive(content)
    assert len(archive.meetings) == 2


def test_malformed_yaml_names_file_and_line(content):
    write_meeting(content, "---\nforum: testforum-nord\ndate: 2022-05-01\nplace: [Online\n---\n")
    problem = only_problem(content)
    assert problem.startswith("meetings/testforum-nord/2022-05-01.md:")
    assert "malformed YAML" in problem
    line = int(problem.split(":")[1])
    assert line in (4, 5)


def test_unknown_forum_id(content):
    write_meeting(content, GOOD_HEAD.replace("testforum-nord", "testforum-syd"))
    problem = only_problem(content)
    assert "unknown forum id 'testforum-syd'" in problem
    assert "content/forums/testforum-syd.md" in problem


def test_unknown_person_in_participants_names_its_line(content):
    text = GOOD_HEAD[:-4] + "participants:\n  - person: bo-test\n  - person: ukendt-person\n---\n"
    write_meeting(content, text)
    assert only_problem(content).startswith("meetings/testforum-nord/2022-05-01.md:6: unknown person id 'ukendt-person'")


def test_unknown_organisation(content):
    text = GOOD_HEAD[:-4] + "participants:\n  - person: bo-test\n    organisation: ukendt-kommune\n---\n"
    write_meeting(content, text)
    assert "meetings/testforum-nord/2022-05-01.md:5: unknown organisation id 'ukendt-kommune'" in only_problem(content)


def test_unknown_agreement_link_names_its_line(content):
    write_meeting(content, GOOD_HEAD + "\n## 1. Punkt\n\nOm [aftalen](aftale:findes-ikke).\n")
    assert only_problem(content).startswith("meetings/testforum-nord/2022-05-01.md:8: unknown agreement id 'findes-ikke'")


def test_duplicate_item_number(content):
    write_meeting(content, GOOD_HEAD + "\n## 1. Et\n\n## 1. To\n")
    problem = only_problem(content)
    assert problem.startswith("meetings/testforum-nord/2022-05-01.md:8: item number 1 is used twice")


def test_non_increasing_item_numbers(content):
    write_meeting(content, GOOD_HEAD + "\n## 2. Et\n\n## 1. To\n")
    assert "2022-05-01.md:8: item number 1 comes after item 2" in only_problem(content)


@pytest.mark.parametrize("value", ["27-01-2021", "2021-13", "2021-02-30", "januar 2021", "21-01-27"])
def test_bad_date_format(content, value):
    write_meeting(content, f"---\nforum: testforum-nord\ndate: \"{value}\"\n---\n")
    problem = only_problem(content)
    assert problem.startswith("meetings/testforum-nord/2022-05-01.md:3: date")
    assert "neither YYYY-MM-DD nor YYYY-MM" in problem


def test_two_meetings_with_the_same_url(content):
    write_meeting(content, GOOD_HEAD, "2022-05-01.md")
    write_meeting(content, GOOD_HEAD, "2022-05-01 kopi.md")
    found = problems(content)
    assert any("same forum and date" in p and "/fora/testforum-nord/2022-05-01/" in p for p in found), found
    assert "meetings/testforum-nord/2022-05-01 kopi.md:3: the file name '2022-05-01 kopi.md' does not match" in "\n".join(found)


def test_a_file_name_that_is_not_the_meeting_date(content):
    write_meeting(content, GOOD_HEAD, "2022-05-02.md")
    assert only_problem(content) == (
        "meetings/testforum-nord/2022-05-02.md:3: the file name '2022-05-02.md' does not match the meeting's date "
        "2022-05-01 (its page would be /fora/testforum-nord/2022-05-01/); rename the file to 2022-05-01.md, or "
        "correct 'date' (a second meeting that day: name the file 2022-05-01-2.md and add 'slug: 2022-05-01-2')")


def test_a_month_precise_meeting_is_named_after_its_month(content):
    write_meeting(content, "---\nforum: testforum-nord\ndate: '2022-05'\n---\n", "2022-05-01.md")
    assert only_problem(content).startswith(
        "meetings/testforum-nord/2022-05-01.md:3: the file name '2022-05-01.md' does not match the meeting's date 2022-05 ")


def test_a_second_meeting_on_a_day_is_named_after_its_slug(content):
    write_meeting(content, GOOD_HEAD)
    write_meeting(content, GOOD_HEAD[:-4] + "slug: 2022-05-01-2\n---\n", "2022-05-01-2.md")
    assert {m.id for m in load_archive(content).meetings} >= {"testforum-nord/2022-05-01", "testforum-nord/2022-05-01-2"}
    write_meeting(content, GOOD_HEAD[:-4] + "slug: 2022-05-01-b\n---\n", "2022-05-01-2.md")
    assert only_problem(content) == (
        "meetings/testforum-nord/2022-05-01-2.md:4: the file name '2022-05-01-2.md' does not match the meeting's "
        "slug '2022-05-01-b' (its page would be /fora/testforum-nord/2022-05-01-b/); rename the file to "
        "2022-05-01-b.md or correct 'slug'")


def test_a_meeting_in_another_forums_folder(content):
    (content / "forums" / "testforum-syd.md").write_text(
        "---\nname: Testforum Syd\ncluster: Klynge Syd\nkind: Driftsforum\n---\n", encoding="utf-8")
    write_meeting(content, GOOD_HEAD, forum="testforum-syd")
    assert only_problem(content) == (
        "meetings/testforum-syd/2022-05-01.md:2: the meeting's forum is 'testforum-nord', but the file is in "
        "meetings/testforum-syd/ (its page would be /fora/testforum-nord/2022-05-01/); move the file to "
        "content/meetings/testforum-nord/, or correct 'forum'")


def test_unknown_section_heading(content):
    write_meeting(content, GOOD_HEAD + "\n## 1. Et\n\n### Konklusion\n\nTekst.\n")
    problem = only_problem(content)
    assert problem.startswith("meetings/testforum-nord/2022-05-01.md:8: unknown section heading '### Konklusion'")
    assert "### Beslutning" in problem


def test_referat_heading_is_a_decision(content):
    write_meeting(content, GOOD_HEAD + "\n## 1. Et\n\n### Referat\n\nGodkendt.\n")
    meeting = next(m for m in load_archive(content).meetings if m.date.key == "2022-05-01")
    assert meeting.items[0].decision == "Godkendt."


def test_every_problem_is_reported_at_once(content):
    write_meeting(content, GOOD_HEAD + "\n## 1. Et\n\n### Konklusion\n\n## 1. To\n")
    write_meeting(content, "---\nforum: nowhere\ndate: 2022-05-02\n---\n", "2022-05-02.md")
    assert len(problems(content)) == 3


def test_unknown_field_is_an_error_not_ignored(content):
    write_meeting(content, GOOD_HEAD[:-4] + "particpants: []\n---\n")
    assert "unknown field 'particpants'" in only_problem(content)


def test_failed_build_reports_every_problem_and_writes_nothing(content, tmp_path):
    write_meeting(content, GOOD_HEAD + "\n## 1. Et\n\n### Konklusion\n")
    result = build(tmp_path, content)
    assert result.returncode != 0
    assert "meetings/testforum-nord/2022-05-01.md:8: unknown section heading" in result.stderr
    assert not (tmp_path / "site").exists()


def test_strict_build_fails_on_a_link_to_a_missing_page_or_anchor(content, tmp_path):
    write_meeting(content, GOOD_HEAD + "\n## 1. Et\n\nSe [dette](../2021-03-04/#punkt-9) og [hint](../../findes-ikke/).\n")
    result = build(tmp_path, content)
    assert result.returncode != 0
    assert "broken link: /fora/testforum-nord/2022-05-01/index.html: link '../2021-03-04/#punkt-9' points to an anchor" in result.stderr
    assert "link '../../findes-ikke/' points to a page that does not exist" in result.stderr
