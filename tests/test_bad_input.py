"""Broken content never crashes the loader: each file gets a clear one-line error with file
and line, or is read correctly."""

from __future__ import annotations

import shutil
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
    body = sentence * (5 * 1024 * 1024 // len(sentence.encode()))
    (content / NAME).write_text(HEAD + "\n## 1. Et langt punkt\n\n" + body + "\n\n### Beslutning\n\nGodkendt.\n", encoding="utf-8")
    archive = load_archive(content)
    meeting = next(m for m in archive.meetings if m.date.key == "2022-05-01")
    assert len(meeting.items[0].background) > 5_000_000
    assert meeting.items[0].agreements == ["indlaeggelse-og-udskrivning"]


def test_a_huge_file_without_frontmatter_is_rejected_quickly(content):
    found = problems_for(content, b"x" * (40 * 1024 * 1024))
    assert found == [f"{NAME}:1: no frontmatter: the file must start with a line '---', the YAML fields, and '---'"]


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
