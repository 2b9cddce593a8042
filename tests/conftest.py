"""Shared fixtures: real sites built once per test session, and a real browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitebuild import REPO, build, require

from generator.browse import CHROMIUM, CHROMIUM_ARGS, SiteServer

CONTENT = REPO / "content"
MINI = Path(__file__).parent / "fixtures" / "mini"
ARTIFACTS = Path(__file__).parent / "_artifacts"


def _built(tmp_path_factory, name: str, content: Path, **overrides) -> Path:
    workdir = tmp_path_factory.mktemp(name)
    result = build(workdir, content, **overrides)
    assert result.returncode == 0, result.stderr
    return workdir / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real archive (content/) built with `mkdocs build --strict`."""
    return _built(tmp_path_factory, "real", CONTENT)


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    return _built(tmp_path_factory, "mini", MINI)


@pytest.fixture(scope="session")
def serve():
    """serve(site_dir) -> base URL of a local HTTP server for that folder."""
    servers: list[SiteServer] = []

    def start(site: Path) -> str:
        servers.append(SiteServer(site))
        return servers[-1].url

    yield start
    for server in servers:
        server.close()


def pytest_collection_modifyitems(config, items):
    """Tests that drive the browser are marked `browser`, so `-m "not browser"` is a quick loop."""
    for item in items:
        if {"page", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    playwright = require("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: run `bash .ci/setup --test` (installs Debian's chromium)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
