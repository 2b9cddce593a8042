"""The internal edition is built only when asked for explicitly, and says so everywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitebuild import build
from test_closed import CLOSED, leaked, planted

from generator.plugin import edition_flag

BANNER = "Intern udgave – må ikke offentliggøres"
NOINDEX = '<meta name="robots" content="noindex, nofollow">'


def _env(value: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REFERAT_INTERNAL"}
    if value is not None:
        env["REFERAT_INTERNAL"] = value
    return env


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("value", ["", "0", "false", "False", "no", "OFF", " ", 0, False])
def test_explicit_false_values_mean_the_public_edition(value):
    assert edition_flag(value) is False


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "On", 1, True])
def test_explicit_true_values_mean_the_internal_edition(value):
    assert edition_flag(value) is True


@pytest.mark.parametrize("value", ["banana", "2", "ja", "true-ish", "~", 2, 1.0, None, []])
def test_anything_else_is_refused(value):
    with pytest.raises(ValueError, match="REFERAT_INTERNAL"):
        edition_flag(value)


@pytest.mark.parametrize("value", [None, "false", "no"])
def test_false_values_build_the_public_edition(tmp_path, value):
    result = build(tmp_path, CLOSED, env=_env(value))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert leaked(site) == {}
    assert not any(BANNER in p.read_text(encoding="utf-8") or NOINDEX in p.read_text(encoding="utf-8")
                   for p in _pages(site))


@pytest.mark.parametrize("value", ["TRUE", "on"])
def test_true_values_build_the_internal_edition(tmp_path, value):
    result = build(tmp_path, CLOSED, env=_env(value))
    assert result.returncode == 0, result.stderr
    assert set(leaked(tmp_path / "site")) == planted()


@pytest.mark.parametrize("value", ["banana", "2"])
def test_an_unknown_value_stops_the_build_with_a_clear_error(tmp_path, value):
    result = build(tmp_path, CLOSED, env=_env(value))
    assert result.returncode != 0
    assert "REFERAT_INTERNAL" in result.stderr and "true" in result.stderr and "false" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_an_unknown_plugin_option_stops_the_build(tmp_path):
    result = build(tmp_path, CLOSED, plugin={"internal": "maybe"}, env=_env(None))
    assert result.returncode != 0 and "internal" in result.stderr and "Traceback" not in result.stderr


def test_the_env_variable_works_without_the_option_in_mkdocs_yml(tmp_path):
    """A copy of mkdocs.yml without `internal:` still honours REFERAT_INTERNAL."""
    result = build(tmp_path, CLOSED, plugin={"internal": None}, env=_env("yes"))
    assert result.returncode == 0, result.stderr
    assert set(leaked(tmp_path / "site")) == planted()
    result = build(tmp_path, CLOSED, plugin={"internal": None}, env=_env("off"))
    assert result.returncode == 0, result.stderr
    assert leaked(tmp_path / "site") == {}


def test_an_internal_build_announces_itself_on_every_page_and_in_the_log(tmp_path):
    result = build(tmp_path, CLOSED, env=_env("1"))
    assert result.returncode == 0, result.stderr
    assert "INTERN UDGAVE" in result.stderr
    pages = _pages(tmp_path / "site")
    assert {p.relative_to(tmp_path / "site").as_posix() for p in pages} >= {"index.html", "404.html", "om/index.html",
                                                                          "soeg/index.html"}
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert BANNER in html, path
        assert NOINDEX in html, path
