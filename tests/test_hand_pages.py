"""The hand-written pages of content/pages/ (mkdocs' docs_dir) meet the rules of the rest of
content/: no script, no files from elsewhere, no personal data, no hang."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.archive import load_archive
from generator.errors import ContentErrors
from sitebuild import REPO, build

MINI = Path(__file__).parent / "fixtures" / "mini"
CANARY = "KANARIEFUGL-7f3a"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    shutil.copytree(REPO / "content" / "pages", root / "pages")
    return root


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    return [e.format(content) for e in info.value.errors]


def build_with_pages(workdir: Path, content: Path) -> subprocess.CompletedProcess:
    return build(workdir, content, docs_dir=str(content / "pages"))


HOSTILE_PAGE = """---
title: "Om <img src=x onerror=alert('title')>"
description: "<script>alert('description')</script>"
---

# Om arkivet <script>alert('heading')</script>

<script>alert('raw')</script>

<div onclick="alert('div')">klik</div>

[a](javascript:alert('a')) [b](&#106;avascript:alert('b')) [c](jav&#x09;ascript:alert('c'))
[d][r] ![e](javascript&colon;alert('e'))

[r]: &#106;avascript:alert('r')
"""


def test_a_page_cannot_run_script(tmp_path, content, serve, page):
    (content / "pages" / "om.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    result = build_with_pages(tmp_path, content)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "om" / "index.html").read_text(encoding="utf-8")
    for bad in ("<script>alert", "<img src=x", "<div onclick", 'href="javascript', "href=\"&#106;"):
        assert bad not in html, bad
    assert "&lt;script&gt;alert(&#39;raw&#39;)&lt;/script&gt;" in html or "&lt;script&gt;alert('raw')&lt;/script&gt;" in html
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    base = serve(tmp_path / "site")
    page.goto(base + "om/")
    for n in range(page.locator("article a").count()):
        page.goto(base + "om/")
        link = page.locator("article a").nth(n)
        if link.get_attribute("href") is not None:
            link.click()  # waits for a navigation it starts: the next goto must not race it
    assert dialogs == []


def test_personal_data_on_a_page_stops_check_and_build(tmp_path, content):
    (content / "pages" / "kontakt.md").write_text("# Kontakt\n\nSkriv til anne.jensen@gmail.com eller ring.\n"
                                                   "CPR 010203-1234.\n", encoding="utf-8")
    found = problems(content)
    assert "pages/kontakt.md:3: 'anne.jensen@gmail.com' is a private e-mail address" in "\n".join(found)
    assert "pages/kontakt.md:4: '010203-1234' looks like a CPR number" in "\n".join(found)
    result = build_with_pages(tmp_path, content)
    assert result.returncode != 0
    assert "kontakt.md:4: '010203-1234' looks like a CPR number" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_page_may_allow_a_published_number(content):
    (content / "pages" / "kontakt.md").write_text(
        "---\ntitle: Kontakt\nallow_personal_data: ['70 11 31 31']\n---\n\nRing på 70 11 31 31.\n", encoding="utf-8")
    load_archive(content)


def test_a_link_to_a_file_outside_is_not_published(tmp_path, content):
    secret = tmp_path / "hemmelig.txt"
    secret.write_text(CANARY, encoding="utf-8")
    (content / "pages" / "noter.md").symlink_to(secret)
    (content / "pages" / "bilag.txt").symlink_to(secret)
    found = problems(content)
    assert "pages/noter.md: a symbolic link to a file outside the content folder" in "\n".join(found)
    assert "pages/bilag.txt: a symbolic link to a file outside the content folder" in "\n".join(found)
    (tmp_path / "b").mkdir()
    result = build_with_pages(tmp_path / "b", content)
    assert result.returncode != 0
    assert not any(CANARY in p.read_text(errors="ignore") for p in (tmp_path / "b").rglob("*") if p.is_file())


def test_a_linked_folder_is_refused(tmp_path, content):
    (content / "pages" / "alt").symlink_to(content / "pages")
    assert "pages/alt: a link to a folder" in "\n".join(problems(content))


def test_a_named_pipe_among_the_pages_is_reported_not_waited_for(tmp_path, content):
    os.mkfifo(content / "pages" / "ny.md")
    result = subprocess.run([sys.executable, "-m", "generator", "check", str(content)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "pages/ny.md: not a regular file (a named pipe)" in result.stderr
    built = build(tmp_path, content, docs_dir=str(content / "pages"), timeout=300)
    assert built.returncode == 1
    assert "ny.md: not a regular file (a named pipe)" in built.stderr


@pytest.mark.parametrize("name", ["side.html", "script.js", "logo.svg", "data.xml"])
def test_a_file_that_could_run_script_is_refused(content, name):
    (content / "pages" / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    assert f"pages/{name}: a '{Path(name).suffix}' file would be published as it is and could run script" in "\n".join(problems(content))


def test_a_text_file_with_personal_data_is_refused(content):
    (content / "pages" / "liste.csv").write_text("navn;cpr\nBo;010203-1234\n", encoding="utf-8")
    assert "pages/liste.csv:2: '010203-1234' looks like a CPR number; remove it from the file" in "\n".join(problems(content))


def test_a_page_with_a_yaml_bomb_or_a_duplicate_key_is_refused(content):
    (content / "pages" / "a.md").write_text("---\ntitle: &a [x, x]\ndescription: *a\n---\n", encoding="utf-8")
    (content / "pages" / "b.md").write_text("---\ntitle: Om\ntitle: Andet\n---\n", encoding="utf-8")
    found = "\n".join(problems(content))
    assert "pages/a.md:2: YAML anchors and aliases" in found
    assert "pages/b.md:3: the field 'title' is given twice" in found
