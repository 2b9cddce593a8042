"""Building real sites with real mkdocs from any content folder, for the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


class EnvTag(list):
    """mkdocs' `!ENV [NAME, default]`, kept as written (resolved by mkdocs at build time)."""


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: EnvTag(
    loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]))
_Dumper.add_representer(EnvTag, lambda dumper, data: dumper.represent_sequence("!ENV", list(data), flow_style=True))


def shipped_config() -> dict:
    """The project's mkdocs.yml as data (`!ENV` kept as an EnvTag)."""
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def write_config(workdir: Path, content_dir: Path, plugin: dict | None = None, **overrides) -> Path:
    """An mkdocs.yml in workdir: the project's own, pointed at content_dir, with extra
    options for the referat plugin (None leaves an option out) and overrides of top-level
    settings."""
    config = shipped_config()
    config["docs_dir"] = str(REPO / "content" / "pages")
    config["site_dir"] = str(workdir / "site")
    config["plugins"] = [_referat(p, content_dir, plugin or {}) if _name(p) == "referat" else p for p in config["plugins"]]
    shipped_theme = config["theme"].get("custom_dir")
    config.update(overrides)
    if config["theme"].get("custom_dir") in (None, shipped_theme):  # else a test's own theme folder
        config["theme"] = {**config["theme"], "custom_dir": str(REPO / "theme")}
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True), encoding="utf-8")
    return path


def _name(plugin) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))


def _referat(entry, content_dir: Path, options: dict) -> dict:
    shipped = {} if isinstance(entry, str) else dict(entry["referat"] or {})
    shipped.pop("url_ledger", None)  # the ledger is the project's content's, not a fixture's
    merged = {**shipped, "content_dir": str(Path(content_dir).resolve()), **options}
    return {"referat": {k: v for k, v in merged.items() if v is not None}}


def build(workdir: Path, content_dir: Path, strict: bool = True, plugin: dict | None = None,
          args: list[str] = (), env: dict | None = None, timeout: float | None = None,
          **overrides) -> subprocess.CompletedProcess:
    """Run `mkdocs build` on content_dir; the site lands in workdir/site (unless `args`
    say otherwise: extra command-line arguments, e.g. ["--no-directory-urls"])."""
    config = write_config(workdir, content_dir, plugin, **overrides)
    cmd = [*MKDOCS, "build", "-f", str(config), *(["--strict"] if strict else []), *args]
    env = {**(os.environ if env is None else env), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=workdir, env=env, timeout=timeout)


def require(module: str):
    """Import a test dependency; skip without it locally, but in CI (CI set) a missing one
    fails the run instead of silently skipping every test that needs it."""
    if os.environ.get("CI"):
        return __import__(module, fromlist=["_"])
    return pytest.importorskip(module)
