"""Personal data (CPR numbers, private e-mail addresses, phone numbers) stops the build
unless the entry explicitly allows that text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitebuild import build

from generator.archive import load_archive
from generator.errors import ContentErrors
from generator.privacy import find_personal_data

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize("text,kind", [
    ("Borgerens cpr 010203-1234 blev nævnt", "cpr"),
    ("cpr 3112991234 uden bindestreg", "cpr"),
    ("skriv til anne.jensen@gmail.com", "email"),
    ("ring på 20 30 40 50", "phone"),
    ("ring på +45 12345678", "phone"),
])
def test_personal_data_is_found(text, kind):
    assert [f.kind for f in find_personal_data(text)] == [kind]


@pytest.mark.parametrize("text", [
    "ikke en dato 320199-1234",  # day 32: not a plausible CPR date
    "mail til sekretariat@rn.dk",  # an organisation's address is not private
    "2585 kontakter pr. år, 1,5 mio. kr., 15-40-årige, 2018-2020",
    "mødet 18.01.2021 kl. 10.30-12.30",
])
def test_ordinary_text_is_not_flagged(text):
    assert find_personal_data(text) == []


def test_the_real_archive_has_no_personal_data():
    """Every text of the real archive, frontmatter and body, scanned: nothing found, and
    nothing allowed by exception either (an allowance would hide a finding)."""
    root = Path(__file__).resolve().parent.parent / "content"
    findings = [(path.name, f.text) for path in sorted(root.rglob("*.md"))
                for f in find_personal_data(path.read_text(encoding="utf-8"))]
    assert findings == []
    assert load_archive(root).meetings  # and the archive loads, which runs the same check


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    return root


def write(content: Path, front: str, body: str) -> None:
    (content / "meetings" / "testforum-nord" / "2022-05-01.md").write_text(
        f"---\nforum: testforum-nord\ndate: 2022-05-01\n{front}---\n\n## 1. Punkt\n\n{body}\n", encoding="utf-8")


def test_a_cpr_number_fails_the_build_with_file_and_line(content, tmp_path):
    write(content, "", "Sagen om 010203-1234 blev drøftet.")
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    assert "meetings/testforum-nord/2022-05-01.md:8: '010203-1234' looks like a CPR number" in info.value.report()
    (tmp_path / "b").mkdir()
    result = build(tmp_path / "b", content)
    assert result.returncode != 0 and "looks like a CPR number" in result.stderr
    assert not (tmp_path / "b" / "site").exists()


def test_private_mail_and_phone_are_flagged(content):
    write(content, "", "Kontakt anne@hotmail.com eller 20 30 40 50.")
    with pytest.raises(ContentErrors) as info:
        load_archive(content)
    report = info.value.report()
    assert "'anne@hotmail.com' is a private e-mail address" in report
    assert "'20 30 40 50' looks like a phone number" in report


def test_allowed_findings_pass(content, tmp_path):
    write(content, 'allow_personal_data: ["20 30 40 50"]\n', "Vagttelefonen 20 30 40 50 er offentlig.")
    load_archive(content)
    (tmp_path / "b").mkdir()
    assert build(tmp_path / "b", content).returncode == 0
