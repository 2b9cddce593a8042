"""Broken content never crashes the loader: each file gets a clear one-line error with file
and line, or is read correctly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.archive import load_archive
from generator.errors import ContentError, ContentErrors
from generator.loader import load_meeting, read_document

MINI = Path(__file__).parent / "fixtures" / "mini"
HEAD = "---\nforum: testforum-nord\ndate: 2022-05-01\n---\n"
NAME = "meetings/testforum-nord/2022-05-01.md"

BROKEN: dict[str, tuple[bytes, str]] = {
    # name: (file bytes, expected text in the one-line error)
    "empty file": (b"", f"{NAME}:1: no frontmatter"),
    "no frontmatter": (b"## 1. Punkt\n", f"{NAME}:1: no frontmatter"),
    "frontmatter not closed": (b"---\nforum: testforum-nord\ndate: 2022-05-01\n", f"{NAME}:1: the frontmatter is not closed"),
    "truncated YAML": (b"---\nforum: testforum-nord\ndate: 2022-05-01\nparticipants:\n  - person: [bo\n---\n", "malformed YAML"),
    "tab-indented YAML": (b"---\nforum: testforum-nord\n\tdate: 2022-05-01\n---\n", "malformed YAML"),
    "frontmatter is a list": (b"---\n- forum\n- date\n---\n", f"{NAME}:2: the frontmatter must be YAML fields"),
    "date that is no date": (b"---\nforum: testforum-nord\ndate: 2021-13-01\n---\n", f"{NAME}:3: a value in the frontmatter is not a real date"),
    "date is a list": (b"---\nforum: testforum-nord\ndate: [2022, 5]\n---\n", f"{NAME}:3: date"),
    "participants is text": (HEAD.replace("---\n", "", 1).join(["---\n", ""]).replace("date: 2022-05-01\n", "date: 2022-05-01\nparticipants: alle\n").encode(), f"{NAME}:4: 'participants' must be a list"),
    "participant is a number": (b"---\nforum: testforum-nord\ndate: 2022-05-01\nparticipants: [1]\n---\n", "a participant must be fields"),
    "public is text": (b"---\nforum: testforum-nord\ndate: 2022-05-01\npublic: ja\n---\n", f"{NAME}:4: 'public' must be true or false"),
    "title is a mapping": (b"---\nforum: testforum-nord\ndate: 2022-05-01\ntitle: {a: b}\n---\n", f"{NAME}:4: 'title' must be a single text value"),
    "forum is a number": (b"---\nforum: 17\ndate: 2022-05-01\n---\n", "unknown forum id '17'"),
    "binary junk": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), f"{NAME}:3: binary data"),
    "Windows-1252": ("---\nforum: testforum-nord\ndate: 2022-05-01\n---\n\n## 1. Møde\n".encode("cp1252"), f"{NAME}:6: not UTF-8 text (byte 0xF8)"),
    "Latin-1 in the frontmatter": ("---\nforum: testforum-nord\ndate: 2022-05-01\nplace: Århus\n---\n".encode("latin-1"), f"{NAME}:4: not UTF-8"),
    "heading without a number": ((HEAD + "\n## Punkt uden nummer\n").encode(), f"{NAME}:6: agenda item heading '## Punkt uden nummer'"),
    "section before an item": ((HEAD + "\n### Beslutning\n").encode(), f"{NAME}:6: section heading '### Beslutning' before the first agenda item"),
    "level-1 heading": ((HEAD + "\n# Referat\n").encode(), f"{NAME}:6: a level-1 heading"),
    "closed names a missing item": (b"---\nforum: testforum-nord\ndate: 2022-05-01\nclosed: {\"9\": x}\n---\n", "'closed' names item 9"),
    "unknown participant status": (b"---\nforum: testforum-nord\ndate: 2022-05-01\nparticipants:\n  - person: bo-test\n    status: syg\n---\n", f"{NAME}:6: participant status 'syg' is unknown"),
    # A key given twice: YAML keeps the last, which would publish a closed meeting or item.
    "a field given twice": (HEAD.replace("---\n", "---\npublic: false\n", 1).replace("date:", "public: true\ndate:").encode(),
                            f"{NAME}:4: the field 'public' is given twice (first at line 2); remove one of them"),
    "closed given twice": (b"---\nforum: testforum-nord\ndate: 2022-05-01\nclosed: {'1': Personsag}\nclosed: {}\n---\n\n## 1. P\n",
                           f"{NAME}:5: the field 'closed' is given twice (first at line 4)"),
    "a closed item given twice": (b"---\nforum: testforum-nord\ndate: 2022-05-01\nclosed:\n  '1': Personsag\n  '1': ''\n---\n\n## 1. P\n",
                                  f"{NAME}:6: the field '1' is given twice (first at line 5)"),
    "a participant field given twice": (b"---\nforum: testforum-nord\ndate: 2022-05-01\nparticipants:\n  - person: bo-test\n    status: absent\n    status: present\n---\n",
                                        f"{NAME}:7: the field 'status' is given twice (first at line 6)"),
    "a merge key overridden": (b"---\nforum: testforum-nord\ndate: 2022-05-01\n<<: {public: false}\npublic: true\n---\n",
                               f"{NAME}:5: the field 'public' is given twice"),
    # Aliases expand: nested ones to gigabytes ("billion laughs").
    "an alias": (b"---\nforum: testforum-nord\ndate: 2022-05-01\ntitle: &t Moede\nplace: *t\n---\n",
                 f"{NAME}:4: YAML anchors and aliases ('&name', '*name') are not allowed"),
    "billion laughs": (("---\nforum: testforum-nord\ndate: 2022-05-01\nallow_personal_data:\n  - &a [x, x, x, x, x, x, x, x, x]\n"
                        + "".join(f"  - &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
                        + "---\n").encode(), f"{NAME}:5: YAML anchors and aliases"),
    # A value that cannot be made: its line and what is wrong.
    "a number too long to be one": (("---\nforum: testforum-nord\ndate: 2022-05-01\ntitle: " + "7" * 5000 + "\n---\n").encode(),
                                    f"{NAME}:4: a number of 5,000 characters is too long to be a number; shorten it, or quote it if it is text"),
    "a date of 4,400 digits": (("---\nforum: testforum-nord\ndate: " + "2" * 4400 + "\n---\n").encode(),
                               f"{NAME}:3: a number of 4,400 characters is too long to be a number"),
    "a date of 4,300 digits": (("---\nforum: testforum-nord\ndate: " + "2" * 4300 + "\n---\n").encode(),
                               f"{NAME}:3: date '22222222222222222222"),
    # Control and text-direction characters in one-line fields and anywhere else.
    "DEL in a title": ("---\nforum: testforum-nord\ndate: 2022-05-01\ntitle: Møde\x7f\n---\n".encode(),
                       f"{NAME}:4: a control character, U+007F; remove it"),
    "an escaped control character": (b'---\nforum: testforum-nord\ndate: 2022-05-01\nplace: "Online\\x1b[31m"\n---\n',
                                     f"{NAME}:4: a control character, U+001B; remove it"),
    "a C1 control in a note": ("---\nforum: testforum-nord\ndate: 2022-05-01\nparticipants:\n  - person: bo-test\n    note: a\x85b\x9bc\n---\n".encode(),
                               f"{NAME}:6: a control character, U+0085"),
    "a right-to-left override in a title": ("---\nforum: testforum-nord\ndate: 2022-05-01\ntitle: Møde \u202egnidnelak\n---\n".encode(),
                                            f"{NAME}:4: an invisible character that changes the direction of text, U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    "an escaped isolate in a place": (b'---\nforum: testforum-nord\ndate: 2022-05-01\nplace: "\\u2067x"\n---\n',
                                      f"{NAME}:4: an invisible character that changes the direction of text, U+2067"),
    "a title on two lines": (b"---\nforum: testforum-nord\ndate: 2022-05-01\ntitle: |\n  Moede\n  to\n---\n",
                             f"{NAME}:4: a text value must be a single line"),
    "a control character in an item title": ((HEAD + "\n## 1. Punkt \x7f\n").encode(), f"{NAME}:6: a control character, U+007F"),
    "an override in an item title": ((HEAD + "\n## 1. Punkt \u202eabc\n").encode(), f"{NAME}:6: an invisible character"),
    "an override written as a reference": ((HEAD + "\n## 1. Punkt\n\nTekst &#x202E;abc\n").encode(),
                                           f"{NAME}:8: '&#x202E;' writes an invisible character"),
    "a control character written as a reference": ((HEAD + "\n## 1. Punkt\n\nTekst &#127;\n").encode(),
                                                   f"{NAME}:8: '&#127;' writes a control character, U+007F"),
    # Markdown shaped to crash or stall rendering.
    "a list nested 400 levels": ((HEAD + "\n## 1. Punkt\n\n" + "\n".join("    " * i + "- x" for i in range(400)) + "\n").encode(),
                                 f"{NAME}:18: lists or quotes nested 11 levels deep (at most 10)"),
    "lists nested on one line": ((HEAD + "\n## 1. Punkt\n\n" + "- " * 400 + "x\n").encode(),
                                 f"{NAME}:8: lists or quotes nested 400 levels deep (at most 10)"),
    "quotes nested 300 levels": ((HEAD + "\n## 1. Punkt\n\n" + ">" * 300 + " x\n").encode(),
                                 f"{NAME}:8: lists or quotes nested 300 levels deep"),
    "headings without blank lines": ((HEAD + "\n## 1. Punkt\n\n" + "#### x\n" * 20000).encode(),
                                     f"{NAME}:8: 20.000 lines without a blank line between them (at most 300 lines"),
    "a 30 KB paragraph": ((HEAD + "\n## 1. Punkt\n\n" + "ord " * 7500 + "\n").encode(),
                          f"{NAME}:8: 30.000 characters without a blank line between them (at most 20.000 characters"),
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    return root


def problems_for(content: Path, data: bytes) -> list[str]:
    (content / NAME).write_bytes(data)
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    return [e.format(content) for e in info.value.errors]


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_entry_gets_a_one_line_error_with_file_and_line(content, name):
    data, expected = BROKEN[name]
    found = problems_for(content, data)
    assert any(expected in line for line in found), found
    assert all("\n" not in line and line.startswith(NAME) for line in found), found


def test_bom_and_crlf_are_read_correctly_with_right_line_numbers(content):
    text = "\ufeff" + (HEAD + "\n## 1. Punkt\n\n### Konklusion\n").replace("\n", "\r\n")
    found = problems_for(content, text.encode("utf-8"))
    assert found == [f"{NAME}:8: unknown section heading '### Konklusion' in item 1; use one of: ### Indstilling, "
                     "### Beslutning, ### Uddybning, ### Bilag (### Referat = ### Beslutning)"]


def test_a_5_mb_item_is_read(content):
    sentence = "Klyngestyregruppen drøftede samarbejdsaftalen om indlæggelse og udskrivning. "
    paragraph = sentence * 40 + "\n\n"
    body = paragraph * (5 * 1024 * 1024 // len(paragraph.encode()))
    (content / NAME).write_text(HEAD + "\n## 1. Et langt punkt\n\n" + body + "\n\n### Beslutning\n\nGodkendt.\n", encoding="utf-8")
    archive = load_archive(content)
    meeting = next(m for m in archive.meetings if m.date.key == "2022-05-01")
    assert len(meeting.items[0].background) > 5_000_000
    assert meeting.items[0].agreements == ["indlaeggelse-og-udskrivning"]


def test_a_huge_file_without_frontmatter_is_rejected_quickly(content):
    found = problems_for(content, b"x" * (7 * 1024 * 1024))
    assert found == [f"{NAME}:1: no frontmatter: the file must start with a line '---', the YAML fields, and '---'"]


def test_a_file_larger_than_a_text_can_be_is_not_read(content):
    found = problems_for(content, HEAD.encode() + b"x" * (40 * 1024 * 1024))
    assert found == [f"{NAME}: the file is 40.0 MB, more than the 8 MB a content file may have; split it"]


def test_a_stray_non_markdown_file_is_reported_not_skipped(content):
    (content / "meetings" / "testforum-nord" / "2022-05-01.docx").write_bytes(b"PK\x03\x04")
    found = problems_for(content, HEAD.encode())
    assert found == ["meetings/testforum-nord/2022-05-01.docx: not a content file (expected <id>.md); "
                     "rename it to .md or move it out of content/"]


def test_a_registry_file_name_that_is_not_an_id(content):
    shutil.copy(content / "people" / "bo-test.md", content / "people" / "Bo Test.md")
    found = problems_for(content, HEAD.encode())
    assert any(line.startswith("people/Bo Test.md: the file name 'Bo Test.md' is not a valid id") for line in found)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_any_text_gives_a_document_or_a_clear_error(tmp_path, text):
    path = tmp_path / "x.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass") if _encodable(text) else path.write_bytes(b"")
    result = read_document(path)
    assert isinstance(result, ContentError) or isinstance(result.data, dict)


YAMLISH = st.lists(st.sampled_from([
    "forum: testforum-nord", "date: 2022-05-01", "date: '2021-06'", "date: 2021-13-01", "participants:",
    "  - person: bo-test", "  - 7", "    status: absent", "    items: [1, '2']", "title: [a, b]", "closed: {'1': x}",
    "public: maybe", "inferred: {date: x}", "source: {url: 'ftp://x'}", "- list item", "{", "]", ": :", "&a x", "*a",
    "!!python/object:os.system ls", "slug: Ab C", "? key", "date: 0001-01-01", "date: 99999-01-01",
]), max_size=12)
BODYISH = st.lists(st.sampled_from([
    "## 1. Et", "## 2a. To", "## 1. Igen", "### Beslutning", "### Referat", "### Noget", "# Top", "```", "~~~",
    "[x](person:bo-test)", "[x](aftale:nope)", "[x](punkt:9)", "[x](moede:a/b)", "tekst", "", "## 010. Nul",
]), max_size=15)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=YAMLISH, body=BODYISH)
def test_any_frontmatter_and_body_load_or_report(tmp_path, front, body):
    path = tmp_path / "meetings" / "testforum-nord" / "2022-05-01.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(front) + "\n---\n" + "\n".join(body) + "\n", encoding="utf-8")
    errors: list[ContentError] = []
    meeting = load_meeting(path, errors)
    assert meeting is not None or errors
    assert all(e.path == path and (e.line is None or e.line >= 1) for e in errors)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


# --- files that are not ordinary files -------------------------------------------------


def check_command(content: Path) -> subprocess.CompletedProcess:
    """`referat check`, in a process of its own: a file that blocks must not block the test."""
    return subprocess.run([sys.executable, "-m", "generator", "check", str(content)],
                          capture_output=True, text=True, timeout=120)


def test_a_named_pipe_is_reported_not_waited_for(content):
    os.mkfifo(content / NAME)
    result = check_command(content)
    assert result.returncode == 1
    assert f"{NAME}: not a regular file (a named pipe); content must be ordinary files" in result.stderr


def test_a_link_to_a_device_is_reported_not_read(content):
    (content / "people" / "nul.md").symlink_to("/dev/zero")
    result = check_command(content)
    assert result.returncode == 1
    assert "people/nul.md: a symbolic link to a file outside the content folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_link_to_a_file_outside_content_is_refused(content, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(HEAD, encoding="utf-8")
    (content / NAME).symlink_to(outside)
    assert problems_for_existing(content) == [f"{NAME}: a symbolic link to a file outside the content folder; "
                                              "copy the file into content/ instead"]


def test_a_folder_linked_from_outside_is_refused(content, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2022-05-01.md").write_text(HEAD, encoding="utf-8")
    shutil.rmtree(content / "meetings" / "testforum-nord")
    (content / "meetings" / "testforum-nord").symlink_to(outside)
    assert problems_for_existing(content) == [f"{NAME}: a file in a folder that links outside the content folder; "
                                              "copy the folder into content/ instead"]


def test_a_link_inside_the_content_folder_is_read(content):
    (content / "people" / "bo-test.md").rename(content / "bo-test-original.md")
    (content / "people" / "bo-test.md").symlink_to(content / "bo-test-original.md")
    assert load_archive(content).people["bo-test"].name == "Bo Test"


def test_a_folder_named_like_a_file_is_reported(content):
    (content / "people" / "mappe.md").mkdir()
    assert "people/mappe.md: not a regular file (a folder)" in "\n".join(problems_for_existing(content))


def problems_for_existing(content: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    return [e.format(content) for e in info.value.errors]


def test_error_messages_quote_only_a_short_piece_of_a_long_value(content):
    found = problems_for(content, ("---\nforum: testforum-nord\ndate: " + "2" * 4300 + "\n---\n").encode())
    assert found and all(len(line) < 300 for line in found), found


@pytest.mark.parametrize("text,expected", [
    ('---\nname: "Testforum Nord\\x7f"\ncluster: Klynge Nord\nkind: Driftsforum\n---\n',
     "forums/testforum-nord.md:2: a control character, U+007F"),
    ("---\nname: Testforum \u202eNord\ncluster: Klynge Nord\nkind: Driftsforum\n---\n",
     "forums/testforum-nord.md:2: an invisible character that changes the direction of text, U+202E"),
    ("---\nname: Testforum Nord\ncluster: Klynge Nord\nkind: Driftsforum\naliases: [Nord\x9b]\n---\n",
     "forums/testforum-nord.md:5: a control character, U+009B"),
    ("---\nname: Testforum Nord\ncluster: Klynge Nord\nkind: Driftsforum\nname: Andet forum\n---\n",
     "forums/testforum-nord.md:5: the field 'name' is given twice (first at line 2)"),
    ("---\nname: &n Testforum Nord\ncluster: *n\nkind: Driftsforum\n---\n",
     "forums/testforum-nord.md:2: YAML anchors and aliases"),
    ("---\nname: Testforum Nord\ncluster: Klynge Nord\nkind: Driftsforum\n---\nBeskrivelse \x07 med klokke.\n",
     "forums/testforum-nord.md:6: a control character, U+0007"),
])
def test_a_registry_entry_with_a_hostile_value_is_refused_with_file_and_line(content, text, expected):
    (content / "forums" / "testforum-nord.md").write_text(text, encoding="utf-8")
    found = problems_for_existing(content)
    assert any(line.startswith(expected) for line in found), found
