"""The lock files (.ci/lock/, what .ci/setup installs) pin every dependency that
pyproject.toml names, at a version the range there allows: a dependency added to
pyproject.toml without re-making the locks (.ci/lock/update) fails here, not on a fresh
machine."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from sitebuild import REPO

PIN_RE = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", re.M)


def pins(lock: str) -> dict[str, str]:
    text = (REPO / ".ci" / "lock" / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name.split("[")[0]): version for name, version in PIN_RE.findall(text)}


def requirements(*extras: str) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = list(project["dependencies"])
    for extra in extras:
        listed += project["optional-dependencies"][extra]
    return [Requirement(r) for r in listed]


@pytest.mark.parametrize("lock,extras", [("build.txt", ()), ("test.txt", ("test", "bench"))])
def test_lock_pins_every_dependency_within_its_range(lock, extras):
    pinned = pins(lock)
    for req in requirements(*extras):
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is not in .ci/lock/{lock}: run .ci/lock/update"
        assert req.specifier.contains(pinned[name], prereleases=True), \
            f"{req.name}=={pinned[name]} in .ci/lock/{lock} is outside '{req.specifier}': run .ci/lock/update"


def test_every_pin_has_hashes():
    for lock in ("build.txt", "test.txt"):
        text = (REPO / ".ci" / "lock" / lock).read_text(encoding="utf-8")
        for block in re.split(r"\n(?=\S)", text.strip()):
            if PIN_RE.match(block):
                assert "--hash=sha256:" in block, block.splitlines()[0]
