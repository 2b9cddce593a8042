"""The archive is made in one pass and then only read: deriving the published archive changes
nothing that was loaded, and building a site changes nothing in the archive it was built
from. Frozen dataclasses (model.py) stop a field from being reassigned; the lists and dicts
inside them are not frozen, so these tests compare with a deep copy taken before."""

from __future__ import annotations

import copy
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from sitebuild import write_config
from test_references import write_planted

import generator.build
from generator.archive import derive, load_archive
from generator.loader import load_meetings, load_registries
from generator.model import Archive
from generator.validate import validate

CLOSED = Path(__file__).parent / "fixtures" / "closed"


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    """References to resolve, a postponed item taken up, a closed meeting (test_references)."""
    return write_planted(tmp_path_factory.mktemp("planted") / "content")


def _loaded(content: Path) -> Archive:
    errors = []
    loaded = Archive(load_registries(content, errors), load_meetings(content, errors), content)
    assert not errors and not validate(loaded)
    return loaded


@pytest.mark.parametrize("internal", [False, True], ids=["public", "internal"])
@pytest.mark.parametrize("which", ["closed", "planted"])
def test_deriving_the_published_archive_changes_nothing_loaded(which, internal, planted):
    content = CLOSED if which == "closed" else planted
    loaded = _loaded(content)
    before = copy.deepcopy(loaded)
    derived = derive(loaded, internal)
    assert loaded == before
    assert derived == load_archive(content, internal)  # what the build uses
    items = [i for m in derived.meetings for i in m.items]
    assert all(i.outcome for i in items if i.public)  # derived, not as loaded
    if which == "planted":
        assert any(i.continued_in for i in items) and any(i.continued_from for i in items)
        assert any(link.kind == "punkt" for i in items for link in i.links)  # references as links


@pytest.mark.parametrize("internal", [False, True], ids=["public", "internal"])
def test_building_a_site_changes_nothing_in_the_archive(tmp_path, monkeypatch, internal):
    built = []

    def load_and_keep(root, internal=False, cache=None):
        archive = load_archive(root, internal, cache)
        built.append((archive, copy.deepcopy(archive)))
        return archive

    monkeypatch.setattr(generator.build, "load_archive", load_and_keep)
    config = write_config(tmp_path, CLOSED, {"internal": internal})
    mkdocs_build(load_config(str(config), strict=True))
    assert (tmp_path / "site" / "fora" / "testforum-nord" / "2022-03-01" / "index.html").is_file()
    [(archive, before)] = built
    assert archive == before


def test_a_field_of_the_archive_cannot_be_reassigned():
    archive = load_archive(CLOSED)
    meeting = archive.meetings[0]
    with pytest.raises(FrozenInstanceError):
        meeting.items[0].public = True
    with pytest.raises(FrozenInstanceError):
        meeting.preamble = ""
    with pytest.raises(FrozenInstanceError):
        archive.meetings = []
