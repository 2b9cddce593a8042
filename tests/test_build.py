"""The build orchestration (generator/build.py): the sitemap, and a SiteBuild driven
without mkdocs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitebuild import build

from generator.build import Settings, SiteBuild

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize("check_links", [True, False])
def test_sitemap_lists_hand_written_pages_with_or_without_the_link_check(tmp_path, check_links):
    result = build(tmp_path, MINI, plugin={"check_links": check_links}, site_url="https://referater.example/")
    assert result.returncode == 0, result.stderr
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://referater.example/om/</loc>" in sitemap
    assert "<loc>https://referater.example/fora/testforum-nord/2021-06/</loc>" in sitemap
    assert "404" not in sitemap


def test_a_site_build_runs_without_mkdocs(tmp_path):
    """The plugin's events, played by hand: pages to render, their data, the finished site."""
    site = tmp_path / "site"
    run = SiteBuild(Settings(content_dir=MINI, site_dir=site, cache_dir=tmp_path / "cache",
                             site_url="https://referater.example/"))
    run.start()
    to_render = run.pages_to_render()
    assert ("fora/", True) in [(spec.path, nav) for spec, nav in to_render]
    assert all(nav for _, nav in to_render)  # the others are rendered by render_pages
    run.render_pages(lambda spec, data: f'<html><a href="/__ROOT__/fora/">Fora</a><h2 id="x">{spec.title}</h2></html>')
    for spec, _ in to_render:
        data = run.data(spec.src_uri)
        assert isinstance(data, dict) and run.data(spec.src_uri) is None  # handed over once
        html = f'<html><a href="/__ROOT__/fora/">Fora</a><h2 id="x">{spec.title}</h2></html>'
        dest = run.output_dir / spec.path / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(run.page_done(f"{spec.path}index.html", html), encoding="utf-8")
    assert run.finish() == []
    run.commit()
    meeting = (site / "fora" / "testforum-nord" / "2021-06" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../fora/"' in meeting  # site links made relative to the page
    assert (site / "search" / "manifest.js").is_file()
    assert "https://referater.example/personer/bo-test/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".referat-search-*"))  # the scratch folder is gone


# --- an interrupted build leaves no debris ------------------------------------------------

INTERRUPT_HOOK = '''
import multiprocessing, os, signal, sys, time
from pathlib import Path

# A slow search index, so the forked worker is still at work when the build is interrupted.
for name in ("generator.build", "generator.plugin"):
    try:
        module = __import__(name, fromlist=["x"])
    except ImportError:
        continue
    if hasattr(module, "build_search_files"):
        real = module.build_search_files
        module.build_search_files = lambda *a, real=real, **k: (time.sleep(20), real(*a, **k))[1]

def on_env(env, config, files):
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
    Path(os.environ["REFERAT_TEST_PIDS"]).write_text(" ".join(children))
    os.kill(os.getpid(), getattr(signal, os.environ["REFERAT_TEST_SIGNAL"]))
    time.sleep(30)
'''


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent has not asked yet


def _interrupted_build(tmp_path: Path, signal_name: str) -> list[int]:
    """A real mkdocs build whose process gets `signal_name` while the search worker runs;
    returns the pids of the children it had."""
    (tmp_path / "hook.py").write_text(INTERRUPT_HOOK, encoding="utf-8")
    pids = tmp_path / "pids"
    env = {**os.environ, "REFERAT_TEST_PIDS": str(pids), "REFERAT_TEST_SIGNAL": signal_name}
    try:
        result = build(tmp_path, MINI, hooks=[str(tmp_path / "hook.py")], env=env, timeout=15)
    except subprocess.TimeoutExpired:  # its output pipes stayed open: a child lived on
        pytest.fail(f"a process of the build lived on after {signal_name}")
    assert result.returncode != 0
    children = [int(p) for p in pids.read_text().split()]
    assert children, "the build had no worker to leave behind"
    return children


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_running(p) for p in pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_build_killed_with_sigkill_leaves_no_worker_and_the_next_build_cleans_up(tmp_path):
    children = _interrupted_build(tmp_path, "SIGKILL")
    assert _gone(children), "the search worker outlived its killed build"
    assert list(tmp_path.glob(".referat-search-*"))  # nothing can remove it at SIGKILL ...
    result = build(tmp_path, MINI)
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.glob(".referat-search-*"))  # ... but the next build does
    assert not list(tmp_path.glob(".site.*"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_build_stopped_with_ctrl_c_leaves_no_worker_and_no_scratch_folder(tmp_path):
    children = _interrupted_build(tmp_path, "SIGINT")
    assert _gone(children)
    assert not list(tmp_path.glob(".referat-search-*"))


def test_scratch_folders_of_live_builds_are_left_alone(tmp_path):
    ours = tmp_path / f".referat-search-{os.getppid()}-abcd"  # a live process (pytest's parent)
    (ours / "search").mkdir(parents=True)
    assert build(tmp_path, MINI).returncode == 0
    assert ours.is_dir()
