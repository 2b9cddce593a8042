"""The pages outside the navigation (meetings, agreements, people...) are made and rendered
by forked workers with the theme (generator/themepages.py), not by mkdocs' page loop: they
must come out as that loop would render them, and a page that fails must fail the build."""

from __future__ import annotations

import filecmp
import re
import shutil
import sys
import time
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from sitebuild import REPO, build, write_config

import generator.build
from generator.build import MAX_RENDER_WORKERS, render_workers
from generator.fork import Background, ForkedMap, WorkerDied
from generator.themepages import quick_data_lookup

MINI = Path(__file__).parent / "fixtures" / "mini"


class _Everything(frozenset):
    def __contains__(self, item) -> bool:
        return True


def _build_in_process(workdir: Path, content: Path) -> Path:
    workdir.mkdir()
    config = load_config(str(write_config(workdir, content)))
    mkdocs_build(config)
    return workdir / "site"


def _differences(left: Path, right: Path) -> list[str]:
    found = []
    for path in sorted(p for p in left.rglob("*") if p.is_file()):
        other = right / path.relative_to(left)
        if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
            found.append(str(path.relative_to(left)))
    found += [str(p.relative_to(right)) for p in right.rglob("*") if p.is_file() and not (left / p.relative_to(right)).exists()]
    return found


@pytest.mark.parametrize("content", [MINI, REPO / "content"], ids=["mini", "seed minutes"])
def test_pages_outside_the_navigation_render_as_mkdocs_own_page_loop_would(tmp_path, monkeypatch, content):
    workers = _build_in_process(tmp_path / "workers", content)
    assert (workers / "personer").is_dir()
    monkeypatch.setattr(generator.build, "NAV_PATHS", _Everything())  # every page through mkdocs' loop
    loop = _build_in_process(tmp_path / "loop", content)
    assert _differences(workers, loop) == []


def test_a_page_that_fails_to_render_fails_the_build_naming_it_and_keeps_the_last_site(tmp_path):
    assert build(tmp_path, MINI).returncode == 0
    before = (tmp_path / "site" / "index.html").read_bytes()
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    meeting = theme / "meeting.html"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}{{ ra.no_such_thing.at_all }}", 1), encoding="utf-8")
    result = build(tmp_path, MINI, theme={**_theme(), "custom_dir": str(theme)})
    assert result.returncode != 0
    assert re.search(r"Error building page 'fora/testforum-nord/[^/']+/index\.md'", result.stderr)  # a meeting
    assert "no_such_thing" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "site" / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".referat-*"))


KILL_WORKERS_HOOK = '''
import os, signal
from pathlib import Path
from generator import build

def on_config(config):  # three cores: one rendering worker starts at once, whatever this machine has
    build.usable_cores = lambda: 3

def on_env(env, config, files):  # after the referat plugin's: its workers are running
    for pid in Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split():
        os.kill(int(pid), signal.SIGKILL)
'''


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_that_dies_fails_the_build_with_a_message_and_keeps_the_last_site(tmp_path):
    assert build(tmp_path, MINI).returncode == 0
    before = (tmp_path / "site" / "index.html").read_bytes()
    (tmp_path / "hook.py").write_text(KILL_WORKERS_HOOK, encoding="utf-8")
    result = build(tmp_path, MINI, hooks=[str(tmp_path / "hook.py")], timeout=120)
    assert result.returncode != 0
    assert "a forked worker of the build ended without a result (exit code -9" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "site" / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".referat-*")) and not list(tmp_path.glob(".site.*"))


def _theme() -> dict:
    from sitebuild import shipped_config
    return shipped_config()["theme"]


class _Thing:
    name = "attribute"


@pytest.mark.parametrize("expression", [
    "d.name", "d.items is defined", "d.get('name')", "d.missing is defined", "d.missing or d.name",
    "t.name", "t.missing is defined", "n.name is defined", "d['name']", "l.count(1)"])
def test_quick_data_lookup_finds_what_jinja_finds(expression):
    data = {"d": {"name": "key", "items": "a key named like a method"}, "t": _Thing(), "n": None, "l": [1]}
    plain = jinja2.Environment()
    quick = jinja2.Environment()
    quick_data_lookup(quick)
    source = "{{ " + expression + " }}"
    assert quick.from_string(source).render(data) == plain.from_string(source).render(data)


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 1), (4, 3), (64, MAX_RENDER_WORKERS)])
def test_rendering_workers_follow_the_cores_up_to_a_limit(cores, workers):
    assert render_workers(cores) == workers


def _mark_after(marker: Path, seconds: float) -> None:
    time.sleep(seconds)
    marker.write_text("done")


def test_a_late_worker_starts_when_the_background_task_has_ended(tmp_path):
    marker = tmp_path / "search-done"
    search = Background(lambda: _mark_after(marker, 0.5))
    rendering = ForkedMap(lambda i: marker.exists(), 4, workers=1, after=search, after_count=1)
    assert rendering.results() == [True] * 4
    search.wait()


def test_a_late_worker_starts_when_the_background_task_was_killed(tmp_path):
    search = Background(lambda: time.sleep(60))
    rendering = ForkedMap(lambda i: i * 2, 3, workers=1, after=search, after_count=1)
    search.child.process.kill()
    assert rendering.results() == [0, 2, 4]
    with pytest.raises(WorkerDied):
        search.wait()


def test_a_template_edited_between_builds_is_used_not_its_compiled_copy(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    assert build(tmp_path, MINI, theme={**_theme(), "custom_dir": str(theme)}).returncode == 0
    assert list((tmp_path / ".cache" / "referat" / "templates").iterdir())  # compiled templates kept
    meeting = theme / "meeting.html"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}<span id="ra-edited"></span>', 1), encoding="utf-8")
    assert build(tmp_path, MINI, theme={**_theme(), "custom_dir": str(theme)}).returncode == 0
    pages = list((tmp_path / "site" / "fora" / "testforum-nord").glob("*/index.html"))
    assert pages and all('id="ra-edited"' in p.read_text(encoding="utf-8") for p in pages)
