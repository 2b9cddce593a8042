"""The page cache is keyed on the configuration mkdocs runs with, not on the mkdocs.yml
file: a warm build with other settings or command-line options gives the site a cold
build gives."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from sitebuild import MKDOCS, build, shipped_config, write_config
from test_reproducible import digest

MINI = Path(__file__).parent / "fixtures" / "mini"


def _cold(tmp_path: Path, name: str, **options) -> dict[str, str]:
    workdir = tmp_path / name
    workdir.mkdir()
    result = build(workdir, MINI, plugin={"cache": False}, **options)
    assert result.returncode == 0, result.stderr
    return digest(workdir / "site")


def test_an_offline_build_after_a_web_build_has_offline_links(tmp_path):
    assert build(tmp_path, MINI).returncode == 0
    result = build(tmp_path, MINI, args=["--no-directory-urls", "-d", str(tmp_path / "site-offline")])
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site-offline" / "personer" / "bo-test" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../fora/testforum-nord/2021-03-04/index.html' in page
    cold = tmp_path / "cold"
    cold.mkdir()
    assert build(cold, MINI, plugin={"cache": False}, args=["--no-directory-urls"]).returncode == 0
    assert digest(tmp_path / "site-offline") == digest(cold / "site")


@pytest.mark.parametrize("change", [
    {"site_url": "https://andet.example/arkiv/"},
    {"extra": {"accessibility_statement": "https://example.org/was"}},
    {"theme": "palette"},
    {"nav": "renamed"},
])
def test_a_warm_build_with_other_settings_equals_a_cold_one(tmp_path, change):
    base = {"site_url": "https://referater.example/"}
    assert build(tmp_path, MINI, **base).returncode == 0
    options = {**base, **change}
    shipped = shipped_config()
    if change.get("theme") == "palette":
        options["theme"] = {**shipped["theme"], "palette": {"primary": "teal", "accent": "teal"}}
    if change.get("nav") == "renamed":
        options["nav"] = [{("Arkivets forside" if "Forside" in entry else next(iter(entry))): next(iter(entry.values()))}
                          for entry in shipped["nav"]]
    result = build(tmp_path, MINI, **options)
    assert result.returncode == 0, result.stderr
    assert digest(tmp_path / "site") == _cold(tmp_path, "cold", **options)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_build_after_serve_has_no_dev_server_links(tmp_path):
    config = write_config(tmp_path, MINI, site_url="https://referater.example/")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([*MKDOCS, "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", "--no-livereload"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        for line in server.stdout:  # serve says so once its build is done
            output.append(line)
            if "Serving on" in line:
                break
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:  # a slow shutdown of the dev server is not what is tested
            server.kill()
            server.communicate()
    assert list((tmp_path / ".cache").rglob("*.html")), "serve left no cached pages:\n" + "".join(output)
    result = build(tmp_path, MINI, site_url="https://referater.example/")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    leaks = [p for p in site.rglob("*.html") if re.search(r"127\.0\.0\.1", p.read_text(encoding="utf-8"))]
    assert leaks == []
    assert digest(site) == _cold(tmp_path, "cold", site_url="https://referater.example/")
