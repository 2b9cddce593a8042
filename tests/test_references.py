"""References in item text become links only when they resolve with confidence; tested on a
synthetic archive with planted references: right dates, near-miss dates, other forums, a
meeting that is not in the archive, a closed meeting, and a postponed item taken up later."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitebuild import build

from generator.archive import load_archive
from generator.cache import Store
from generator.cli import main

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")

FILES = {
    "forums/styregruppe-alfa.md": "---\nname: Styregruppe Alfa\ncluster: Klynge Nord\nkind: Klyngestyregruppe\n---\n",
    "forums/raad-beta.md": "---\nname: Råd Beta\ncluster: Klynge Nord\nkind: Råd\n---\n",
    "meetings/styregruppe-alfa/2020-10-19.md": """---
forum: styregruppe-alfa
date: 2020-10-19
---

## 1. Godkendelse af dagsorden

### Beslutning

Dagsordenen blev godkendt.

## 2. Software robot Erwin

### Beslutning

Udskydes til næste møde.

## 3. Handleplan for rehabilitering

### Beslutning

Handleplanen blev godkendt.
""",
    "meetings/styregruppe-alfa/2020-12-09.md": """---
forum: styregruppe-alfa
date: 2020-12-09
---

## 1. Godkendelse af dagsorden

### Beslutning

Dagsordenen blev godkendt, jf. punkt 3.

## 2. Software robot Erwin, fortsat

Punktet blev udsat på sidste møde.

### Beslutning

Orienteringen blev taget til efterretning.

## 3. Handleplan for rehabilitering

Som besluttet på mødet den 19. oktober 2020, punkt 3, fortsætter arbejdet. Se også mødet den 18. oktober 2020.
Råd Beta den 9. december 2020 drøftede det samme. Råd Beta den 19. oktober 2020 holdt intet møde.
Mødet den 3. marts 2020 ligger før arkivet. Under punkt 9 står intet. Råd Beta drøftede det jf. punkt 2.

### Beslutning

Drøftet.
""",
    "meetings/styregruppe-alfa/2021-02-01.md": """---
forum: styregruppe-alfa
date: 2021-02-01
public: false
---

## 1. Handleplan for rehabilitering, lukket drøftelse

### Beslutning

Drøftet.
""",
    "meetings/raad-beta/2020-12-09.md": """---
forum: raad-beta
date: 2020-12-09
---

## 1. Orientering om handleplanen

Styregruppe Alfa den 9. december 2020, punkt 3 behandlede handleplanen.
Styregruppe Alfa den 1. februar 2021 drøfter den igen.

### Beslutning

Orienteringen blev taget til efterretning.
""",
}


def write_planted(content: Path) -> Path:
    """The planted archive (FILES) written into `content`."""
    for name, text in FILES.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in ("people", "organisations", "agreements"):
        (content / folder).mkdir(exist_ok=True)
    return content


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    return write_planted(tmp_path_factory.mktemp("planted") / "content")


@pytest.fixture(scope="module")
def site(planted, tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("planted-site")
    result = build(workdir, planted)
    assert result.returncode == 0, result.stderr
    return workdir / "site"


def _page(site: Path, meeting: str) -> str:
    return (site / "fora" / meeting / "index.html").read_text(encoding="utf-8")


def _item(page: str, number: str) -> str:
    start = page.index(f'id="punkt-{number}"')
    end = page.find('<section class="ra-item', start + 1)
    return page[start:end if end > 0 else len(page)]


def _links(html: str) -> dict[str, str]:
    return {re.sub(r"<[^>]+>", "", text): href for href, text in re.findall(r'<a (?:class="[^"]*" )?href="([^"]+)">(.*?)</a>', html)}


def test_resolvable_references_become_links(site):
    page = _page(site, "styregruppe-alfa/2020-12-09")
    assert _links(_item(page, "1"))["jf. punkt 3"] == "../../../fora/styregruppe-alfa/2020-12-09/#punkt-3"
    links = _links(_item(page, "3"))
    assert links["mødet den 19. oktober 2020, punkt 3"] == "../../../fora/styregruppe-alfa/2020-10-19/#punkt-3"
    assert links["Råd Beta den 9. december 2020"] == "../../../fora/raad-beta/2020-12-09/"
    assert _links(_item(page, "2"))["sidste møde"] == "../../../fora/styregruppe-alfa/2020-10-19/#punkt-2"
    other = _page(site, "raad-beta/2020-12-09")
    assert _links(_item(other, "1"))["Styregruppe Alfa den 9. december 2020, punkt 3"] == "../../../fora/styregruppe-alfa/2020-12-09/#punkt-3"


def test_near_misses_other_forums_and_missing_meetings_stay_text(site):
    item = _item(_page(site, "styregruppe-alfa/2020-12-09"), "3")
    for phrase in ("mødet den 18. oktober 2020", "Råd Beta den 19. oktober 2020", "Mødet den 3. marts 2020",
                   "Under punkt 9", "jf. punkt 2"):
        assert phrase in item
        assert phrase not in _links(item), phrase


def test_a_closed_meeting_is_never_a_link_target(site):
    item = _item(_page(site, "raad-beta/2020-12-09"), "1")
    assert "Styregruppe Alfa den 1. februar 2021" in item
    assert "2021-02-01" not in item
    assert not (site / "fora" / "styregruppe-alfa" / "2021-02-01").exists()


def test_no_generated_link_names_a_date_other_than_its_target(site):
    # Every link whose text holds a Danish date leads to a meeting of exactly that date.
    checked = 0
    for page in site.glob("fora/*/*/index.html"):
        for href, text in re.findall(r'<a (?:class="[^"]*" )?href="([^"]+)">([^<]*\d{4}[^<]*)</a>', page.read_text(encoding="utf-8")):
            date = re.search(r"(\d{1,2})\. (" + "|".join(MONTHS) + r") (\d{4})", text)
            target = re.search(r"(\d{4})-(\d{2})-(\d{2})/", href)
            if date and target:
                wanted = (int(date.group(3)), MONTHS.index(date.group(2)) + 1, int(date.group(1)))
                assert tuple(int(g) for g in target.groups()) == wanted, (page, href, text)
                checked += 1
    assert checked >= 6


def test_referred_items_show_omtalt_i_and_postponed_items_link_both_ways(site):
    october = _page(site, "styregruppe-alfa/2020-10-19")
    assert re.search(r'Omtalt i: <a href="../../../fora/styregruppe-alfa/2020-12-09/#punkt-3">Styregruppe Alfa, 9. december 2020, punkt 3</a>',
                     _item(october, "3"))
    assert re.search(r'Genoptaget: <a href="../../../fora/styregruppe-alfa/2020-12-09/#punkt-2">9. december 2020, punkt 2. Software robot Erwin, fortsat</a>',
                     _item(october, "2"))
    december = _page(site, "styregruppe-alfa/2020-12-09")
    assert re.search(r'Fortsat fra: <a href="../../../fora/styregruppe-alfa/2020-10-19/#punkt-2">19. oktober 2020, punkt 2. Software robot Erwin</a>',
                     _item(december, "2"))
    assert re.search(r"Omtalt i: .*Styregruppe Alfa, 9. december 2020, punkt 1</a>; .*Råd Beta, 9. december 2020, punkt 1</a>",
                     _item(december, "3"))  # from "jf. punkt 3" and from Råd Beta
    assert "Omtalt i:" not in _item(december, "2")  # "Råd Beta drøftede det jf. punkt 2" stays text
    assert "Mødet er omtalt i:" in _page(site, "raad-beta/2020-12-09")


def test_check_references_lists_what_stays_text(planted, capsys):
    assert main(["check", "--references", str(planted)]) == 0
    out = capsys.readouterr().out
    assert "2020-12-09.md:22: reference 'mødet den 18. oktober 2020' in item 3 stays text: no meeting of styregruppe-alfa on 2020-10-18" in out
    assert "reference 'Under punkt 9' in item 3 stays text: this meeting has no item 9" in out
    assert "reference 'jf. punkt 2' in item 3 stays text: the sentence names another forum (raad-beta)" in out
    assert "reference 'Styregruppe Alfa den 1. februar 2021' in item 1 stays text: no meeting of styregruppe-alfa on 2021-02-01" in out


def test_internal_build_links_the_closed_meeting(planted):
    archive = load_archive(planted, internal=True)
    beta = next(m for m in archive.meetings if m.id == "raad-beta/2020-12-09")
    assert "(moede:styregruppe-alfa/2021-02-01)" in beta.items[0].background


def test_cached_references_follow_an_edit_of_another_meeting(tmp_path):
    """A meeting's references come from the archive cache while the meeting is unchanged, but
    what they resolve against is other meetings: retitling the earlier meeting's item unlinks
    "sidste møde" and the postponement, as a build without the cache does."""
    content = write_planted(tmp_path / "content")
    store = tmp_path / "archive.pickle"

    def warm_and_cold():
        cache = Store(store)
        warm = load_archive(content, cache=cache)
        cache.save()
        return warm, load_archive(content)

    def second_item(archive):
        return next(m for m in archive.meetings if m.id == "styregruppe-alfa/2020-12-09").items[1]

    warm, _ = warm_and_cold()
    assert second_item(warm).background == "Punktet blev udsat på [sidste møde](punkt:styregruppe-alfa/2020-10-19/2)."
    assert second_item(warm).continued_from == "styregruppe-alfa/2020-10-19/2"
    assert any(key[0] == "references" for key in Store(store)._loaded())
    earlier = content / "meetings" / "styregruppe-alfa" / "2020-10-19.md"
    earlier.write_text(earlier.read_text(encoding="utf-8").replace("## 2. Software robot Erwin", "## 2. Nyt tandlægetilbud"),
                       encoding="utf-8")
    warm, cold = warm_and_cold()
    assert second_item(warm).background == "Punktet blev udsat på sidste møde."
    assert second_item(warm).continued_from == ""
    assert warm.meetings == cold.meetings
    assert [(u.meeting.id, u.item.number, u.phrase, u.reason) for u in warm.unresolved_references] == [
        (u.meeting.id, u.item.number, u.phrase, u.reason) for u in cold.unresolved_references]


def test_references_in_capitals_or_with_letters_ignorecase_reads_alike_are_found(tmp_path):
    # Texts are prefiltered on their lower-cased form, except those with a letter that
    # IGNORECASE takes for another ("ſ" for "s"), which the patterns read directly. Both link.
    content = write_planted(tmp_path / "content")
    path = content / "meetings" / "styregruppe-alfa" / "2020-12-09.md"
    text = path.read_text(encoding="utf-8").replace("jf. punkt 3", "JF. PUNKT 3").replace(
        "på sidste møde", "på ſidste møde").replace("mødet den 19. oktober 2020", "MØDET DEN 19. OKTOBER 2020").replace(
        "fortsætter arbejdet", "fortsætter arbejdet – som aftalt")
    path.write_text(text, encoding="utf-8")
    meeting = next(m for m in load_archive(content).meetings if m.id == "styregruppe-alfa/2020-12-09")
    first, second, third = meeting.items
    assert first.sections["Beslutning"] == "Dagsordenen blev godkendt, [JF. PUNKT 3](punkt:styregruppe-alfa/2020-12-09/3)."
    assert second.background == "Punktet blev udsat på [ſidste møde](punkt:styregruppe-alfa/2020-10-19/2)."
    assert third.background.startswith(
        "Som besluttet på [MØDET DEN 19. OKTOBER 2020, punkt 3](punkt:styregruppe-alfa/2020-10-19/3), fortsætter arbejdet –")


def test_lower_casing_matches_the_prefilters_letters_as_ignorecase_does_but_for_three():
    # What makes the prefilters of generator/references.py exact: but for the characters
    # they leave to the patterns, a character matches one of their letters case-insensitively
    # exactly when its lower case is that letter.
    from generator import references

    letters = {c for hint in (*references._HINTS.values(), references._RESUMED_HINT) for c in hint.pattern if c.isalpha()}
    every = "".join(map(chr, range(0x110000)))
    exotic = set(references._CASE_EXOTIC)
    lowered = {}
    for char in every:
        if char not in exotic:
            assert len(char.lower()) == 1, char
            lowered.setdefault(char.lower(), set()).add(char)
    for letter in letters:
        assert set(re.findall(letter, every, re.IGNORECASE)) - exotic == lowered[letter], letter
