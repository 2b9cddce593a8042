"""Property: whatever is edited, a build from a warm cache gives the site, byte for byte,
that a build without caches gives. Hypothesis draws short sequences of edits to content
(meetings opened and closed, items closed, names, aliases, mentions, preamble links,
`public: true`, descriptions, a meeting added) and to the configuration (command-line
--no-directory-urls, site_url, extra, the internal edition); after each edit both builds
run and are compared. The warm cache lives on from example to example, so stale entries
of earlier examples are tried too (with the withheld entries left out of the registries'
digest, this test finds the stale alias it causes within a few runs)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from sitebuild import write_config
from test_reproducible import digest

CLOSED = Path(__file__).parent / "fixtures" / "closed"
OPEN = "meetings/testforum-nord/2022-03-01.md"
SHUT = "meetings/testforum-nord/2022-04-01.md"
NEW = "meetings/testforum-nord/2022-05-01.md"


def _toggle(path: Path, present: str, absent: str) -> None:
    """Swap one text for the other, whichever the file has."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(present, absent, 1) if present in text else text.replace(absent, present, 1),
                    encoding="utf-8")


def _toggle_line(path: Path, after: str, line: str) -> None:
    """Add `line` after the line `after`, or take it away again."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(line, "", 1) if line in text else text.replace(after, after + line, 1), encoding="utf-8")


def meeting_public(content: Path, config: dict, k: int) -> None:
    if k % 2:
        _toggle(content / SHUT, "public: false", "public: true")
    else:
        _toggle_line(content / OPEN, "date: 2022-03-01\n", "public: false\n")


def close_item(content: Path, config: dict, k: int) -> None:
    _toggle_line(content / OPEN, "closed:\n", f'  "{(1, 3)[k % 2]}": Personsag\n')


def rename(content: Path, config: dict, k: int) -> None:
    path = sorted((content / "people").glob("*.md"))[k % 5]
    text = path.read_text(encoding="utf-8")
    name = re.search(r"^name: (.*)$", text, re.M)[1]
    new = name[:-len(" Jensen")] if name.endswith(" Jensen") else name + " Jensen"
    path.write_text(text.replace(f"name: {name}", f"name: {new}", 1), encoding="utf-8")


def mention(content: Path, config: dict, k: int) -> None:
    """A name or alias in a public item, a closed item or a closed meeting."""
    where = [(OPEN, "Godkendt.\n"), (OPEN, "CANARY-ELABORATION-5a17\n"), (SHUT, "CANARY-MEETING-DECISION-5d5d\n")][k % 3]
    name = ["Bosse", "Gitte Gæst", "Ind- og udskrivelsesaftalen"][k // 3 % 3]
    _toggle_line(content / where[0], where[1], f"\n{name} nævnt.\n")


def preamble(content: Path, config: dict, k: int) -> None:
    _toggle(content / OPEN, "---\n\nSe [april](moede:testforum-nord/2022-04-01).\n\n## 1.", "---\n\n## 1.")


def public_entry(content: Path, config: dict, k: int) -> None:
    path = content / "people" / ("kanarie-personsag.md", "lukket-gaest.md")[k % 2]
    _toggle(path, "\npublic: true\n---", "\n---")


def description(content: Path, config: dict, k: int) -> None:
    _toggle(content / "forums" / "testforum-nord.md", "Et lille forum til test, [Gitte](person:lukket-gaest).",
            "Et lille forum til test.")


def new_meeting(content: Path, config: dict, k: int) -> None:
    path = content / NEW
    if path.exists():
        path.unlink()
        return
    path.write_text("---\nforum: testforum-nord\ndate: 2022-05-01\nparticipants:\n  - person: lukket-gaest\n"
                    "    organisation: kanarie-firma\n---\n\n## 1. Nyt punkt\n\nOm Ind- og udskrivelsesaftalen.\n",
                    encoding="utf-8")


def configuration(content: Path, config: dict, k: int) -> None:
    """--no-directory-urls, site_url, extra or the internal edition."""
    choice = k % 4
    if choice == 0:
        config["offline"] = not config["offline"]
    elif choice == 1:
        config["site_url"] = [None, "https://a.example/", "https://b.example/arkiv/"][k // 4 % 3]
    elif choice == 2:
        config["extra"] = None if config["extra"] else {"accessibility_statement": "https://example.org/was"}
    else:
        config["internal"] = not config["internal"]


EDITS = [meeting_public, close_item, rename, mention, preamble, public_entry, description, new_meeting, configuration]


def _build(workdir: Path, content: Path, config: dict, cache: bool) -> None:
    """mkdocs build in this process (as `serve` builds, and twice as fast as a new process);
    the options as on the command line."""
    path = write_config(workdir, content, plugin=None if cache else {"cache": False},
                        **{key: config[key] for key in ("site_url", "extra") if config[key]})
    before = os.environ.get("REFERAT_INTERNAL")
    os.environ["REFERAT_INTERNAL"] = "1" if config["internal"] else "0"
    try:
        mkdocs_config = load_config(str(path), strict=True, use_directory_urls=not config["offline"])
    finally:
        if before is None:
            del os.environ["REFERAT_INTERNAL"]
        else:
            os.environ["REFERAT_INTERNAL"] = before
    mkdocs_config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(mkdocs_config)
    finally:
        mkdocs_config.plugins.on_shutdown()


@pytest.fixture(scope="module")
def workdirs(tmp_path_factory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("cache-property")
    warm, cold = root / "warm", root / "cold"
    warm.mkdir()
    cold.mkdir()
    return root / "content", warm, cold


@settings(max_examples=10, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 11)), min_size=1, max_size=4))
def test_a_warm_build_equals_a_cold_build_after_any_edits(workdirs, edits):
    content, warm, cold = workdirs
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(CLOSED, content)
    _toggle(content / "people" / "bo-test.md", "aliases: [Bosse, ", "aliases: [")  # an alias to mention
    config = {"offline": False, "site_url": None, "extra": None, "internal": False}
    for n, (edit, k) in enumerate(edits):
        edit(content, config, k)
        _build(warm, content, config, cache=True)
        _build(cold, content, config, cache=False)
        assert digest(warm / "site") == digest(cold / "site"), f"after {[(e.__name__, k) for e, k in edits[:n + 1]]}"
