"""Builds are reproducible (same content, same bytes) and atomic (a failed build leaves the
previous site untouched)."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest
from sitebuild import REPO, build

from generator.output import AtomicOutput

MINI = Path(__file__).parent / "fixtures" / "mini"


def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_real_archive_are_byte_identical(tmp_path):
    first, second, uncached = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for workdir in (first, second, uncached):
        workdir.mkdir()
    assert build(first, REPO / "content").returncode == 0
    # The second build of `first` comes from the warm cache; `uncached` renders everything.
    before = digest(first / "site")
    assert build(first, REPO / "content").returncode == 0
    assert build(uncached, REPO / "content", plugin={"cache": False}).returncode == 0
    assert build(second, REPO / "content", site_url="https://referater.example/").returncode == 0
    assert digest(first / "site") == before
    assert digest(uncached / "site") == before
    # With a site_url the sitemap lists every page, without build dates: equal bytes again.
    with_url = digest(second / "site")
    shutil.rmtree(second / ".cache")
    assert build(second, REPO / "content", site_url="https://referater.example/").returncode == 0
    assert digest(second / "site") == with_url


def test_a_build_with_bad_content_leaves_the_previous_site_untouched(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    assert build(tmp_path, content).returncode == 0
    before = digest(tmp_path / "site")
    (content / "meetings" / "testforum-nord" / "2021-06.md").write_text("---\nforum: nowhere\n---\n", encoding="utf-8")
    assert build(tmp_path, content).returncode != 0
    assert digest(tmp_path / "site") == before


def test_a_strict_build_with_a_broken_link_leaves_the_previous_site_untouched(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    assert build(tmp_path, content).returncode == 0
    before = digest(tmp_path / "site")
    path = content / "meetings" / "testforum-nord" / "2021-06.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nSe [her](../findes-ikke/).\n", encoding="utf-8")
    result = build(tmp_path, content)
    assert result.returncode != 0 and "broken link" in result.stderr
    assert digest(tmp_path / "site") == before
    assert not any(p.name.endswith(".building") for p in tmp_path.iterdir())


@pytest.mark.parametrize("strict", [False])
def test_a_successful_build_replaces_the_site(tmp_path, strict):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    assert build(tmp_path, content, strict=strict).returncode == 0
    (content / "meetings" / "testforum-nord" / "2021-06.md").unlink()
    assert build(tmp_path, content, strict=strict).returncode == 0
    assert not (tmp_path / "site" / "fora" / "testforum-nord" / "2021-06").exists()
    assert _replaced_site_removed(tmp_path)


def _replaced_site_removed(folder: Path, timeout: float = 30) -> bool:
    """The replaced site is removed after the build has returned, by a process of its own."""
    deadline = time.monotonic() + timeout
    while any(p.name.startswith(".site.old") for p in folder.iterdir()):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_replaced_site_and_any_left_behind_are_removed_once_the_new_one_is_in_place(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "old.html").write_text("old")
    (tmp_path / ".site.old-cut-short" / "x").mkdir(parents=True)  # a removal that did not finish
    output = AtomicOutput(site)
    (output.building / "a").mkdir(parents=True)
    (output.building / "a" / "new.html").write_text("new")
    output.commit()
    assert [p.name for p in (site / "a").iterdir()] == ["new.html"]  # in place when commit returns
    assert _replaced_site_removed(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
