"""`pip install .` (not only an editable install) gives a working package: every subpackage
and every file the package reads is in the wheel, and the `referat` command and the mkdocs
plugin work from the installed copy alone."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sitebuild import REPO, write_config

SEED = REPO / "tests" / "fixtures" / "import" / "001_ac5b9e8f1c9fdf89.txt"
MINI = REPO / "tests" / "fixtures" / "mini"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The package built as a wheel and installed into a fresh virtual environment. Its
    dependencies come from the test environment's site-packages through a .pth line, which
    adds the folder without running that folder's own .pth files: the editable install's
    import hook stays out, so every import of `generator` resolves to the wheel's files."""
    root = tmp_path_factory.mktemp("install")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(root / "wheel"), str(REPO)], check=True,
                   cwd=root, capture_output=True)
    wheel = next((root / "wheel").glob("referatarkivet-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], check=True)
    site = Path(subprocess.run([str(root / "venv" / "bin" / "python"), "-c", "import site; print(site.getsitepackages()[0])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, capture_output=True)
    deps = [p for p in sys.path if p.endswith("site-packages")]
    (site / "test-dependencies.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    (root / "site-packages").symlink_to(site)
    return root


def _run(installed: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    python = str(installed / "venv" / "bin" / "python")
    return subprocess.run([python, *args], cwd=installed, env=env, capture_output=True, text=True)


def test_wheel_holds_every_subpackage(installed):
    wheel = next((installed / "wheel").glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    packages = {p.parent.relative_to(REPO).as_posix() for p in (REPO / "generator").rglob("__init__.py")}
    assert packages <= {Path(n).parent.as_posix() for n in names}


def test_installed_package_is_the_one_imported(installed):
    result = _run(installed, "-c", "import generator.importer, generator.search; print(generator.__file__)")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve().is_relative_to((installed / "site-packages").resolve())


def test_installed_referat_imports_a_minutes_document(installed):
    out = installed / "draft.md"
    result = _run(installed, "-m", "generator", "import", str(SEED), "--content", str(REPO / "content"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "## 1." in out.read_text(encoding="utf-8")


def test_installed_plugin_builds_a_site(installed):
    work = installed / "build"
    work.mkdir()
    config = write_config(work, MINI)
    result = _run(installed, "-m", "mkdocs", "build", "--strict", "-f", str(config))
    assert result.returncode == 0, result.stderr
    assert (work / "site" / "search" / "manifest.js").is_file()
    assert (work / "site" / "fora" / "testforum-nord" / "index.html").is_file()
