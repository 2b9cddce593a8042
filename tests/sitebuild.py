"""Building real sites with real mkdocs from any content folder, for the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def write_config(workdir: Path, content_dir: Path, plugin: dict | None = None, **overrides) -> Path:
    """An mkdocs.yml in workdir: the project's own, pointed at content_dir, with extra
    options for the referat plugin and overrides of top-level settings."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "content" / "pages")
    config["site_dir"] = str(workdir / "site")
    config["theme"]["custom_dir"] = str(REPO / "theme")
    config["plugins"] = [
        {"referat": {"content_dir": str(Path(content_dir).resolve()), **(plugin or {})}} if _name(p) == "referat" else p
        for p in config["plugins"]
    ]
    config.update(overrides)
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _name(plugin) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))


def build(workdir: Path, content_dir: Path, strict: bool = True, plugin: dict | None = None,
          args: list[str] = (), env: dict | None = None, timeout: float | None = None,
          **overrides) -> subprocess.CompletedProcess:
    """Run `mkdocs build` on content_dir; the site lands in workdir/site (unless `args`
    say otherwise: extra command-line arguments, e.g. ["--no-directory-urls"])."""
    config = write_config(workdir, content_dir, plugin, **overrides)
    cmd = [*MKDOCS, "build", "-f", str(config), *(["--strict"] if strict else []), *args]
    env = {**(os.environ if env is None else env), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=workdir, env=env, timeout=timeout)
