"""The site builds the same with ProperDocs, the maintained continuation of mkdocs 1.6 that
loads `mkdocs.plugins` entry points: only the generator meta tag may differ. It is the
engine to switch to when mkdocs 1.x can no longer be installed (see README)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from sitebuild import REPO, build, require, write_config

pytestmark = pytest.mark.slow
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR_META.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    require("properdocs")
    ours, theirs = tmp_path / "mkdocs", tmp_path / "properdocs"
    ours.mkdir()
    theirs.mkdir()
    assert build(ours, REPO / "content").returncode == 0
    config = write_config(theirs, REPO / "content")
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config)],
                            capture_output=True, text=True, cwd=theirs,
                            env={**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    a, b = _files(ours / "site"), _files(theirs / "site")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert b"ProperDocs" in (theirs / "site" / "index.html").read_bytes()
