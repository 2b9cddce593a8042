"""A meeting's preamble (the text before its first agenda item) is held to the rules of
item text: its links must resolve, and its page is remade when what it shows changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitebuild import build
from test_reproducible import digest

from generator.archive import load_archive
from generator.errors import ContentErrors

CLOSED = Path(__file__).parent / "fixtures" / "closed"
OPEN = "meetings/testforum-nord/2022-03-01.md"
SHUT = "meetings/testforum-nord/2022-04-01.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The closed fixture, its open meeting linking to the closed one from the preamble only."""
    root = tmp_path / "content"
    shutil.copytree(CLOSED, root)
    path = root / OPEN
    text = path.read_text(encoding="utf-8")
    text = text.replace("Se [det lukkede møde](moede:testforum-nord/2022-04-01) og", "Se")
    text = text.replace("---\n\n## 1.", "---\n\nMødet fortsatte [mødet i april](moede:testforum-nord/2022-04-01).\n\n## 1.", 1)
    path.write_text(text, encoding="utf-8")
    return root


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("opened_first", [False, True])
def test_a_page_whose_preamble_links_a_meeting_follows_that_meetings_public_flag(tmp_path, content, opened_first):
    if opened_first:
        _set(content / SHUT, "public: false", "public: true")
    assert build(tmp_path, content).returncode == 0
    before = (tmp_path / "site" / "fora" / "testforum-nord" / "2022-03-01" / "index.html").read_text(encoding="utf-8")
    assert ("2022-04-01/" in before) == opened_first  # the link is there only while the meeting is public
    if opened_first:
        _set(content / SHUT, "public: true", "public: false")
    else:
        _set(content / SHUT, "public: false", "public: true")
    warm = build(tmp_path, content)
    assert warm.returncode == 0, warm.stderr
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert build(fresh, content, plugin={"cache": False}).returncode == 0
    assert digest(tmp_path / "site") == digest(fresh / "site")


@pytest.mark.parametrize("link, says", [
    ("(moede:testforum-nord/1999-01-01)", "names no meeting"),
    ("(person:ingen-kender-ham)", "unknown person id 'ingen-kender-ham'"),
    ("(aftale:findes-ikke)", "unknown agreement id 'findes-ikke'"),
    ("(punkt:testforum-nord/2022-04-01/9)", "names no agenda item"),
])
def test_a_preamble_link_that_names_nothing_is_an_error_with_its_line(content, link, says):
    _set(content / OPEN, "Mødet fortsatte", f"Se også [dette]{link}.\n\nMødet fortsatte")
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    lines = [e.format(content) for e in info.value.errors]
    line = (content / OPEN).read_text(encoding="utf-8").split("\n").index(f"Se også [dette]{link}.") + 1
    assert any(f"{OPEN}:{line}:" in text and says in text for text in lines), lines
