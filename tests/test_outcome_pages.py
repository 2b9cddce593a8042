"""The outcome (udfald) badge wherever an item appears: meeting agenda and item, forum,
agreement, person and organisation pages; each item's container carries data-outcome."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ANNOTATIONS = Path(__file__).parent / "fixtures" / "outcomes" / "seed-annotations.yaml"


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_item_of_every_seed_meeting_carries_its_outcome(real_site):
    annotations = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8"))
    for meeting_id, items in annotations.items():
        html = _html(real_site, f"fora/{meeting_id}")
        for number, (outcome, _) in items.items():
            section = re.search(rf'<section class="ra-item[^"]*" id="punkt-{number}"[^>]*>', html).group(0)
            assert f'data-outcome="{outcome}"' in section, (meeting_id, number)
            agenda = re.search(rf'<li class="ra-agenda-entry" data-outcome="([a-z-]+)"><a href="#punkt-{number}">', html)
            assert agenda and agenda.group(1) == outcome, (meeting_id, number)


def test_the_badge_says_the_outcome_in_words_not_only_colour(real_site):
    html = _html(real_site, "fora/klyngestyregruppe-syd/2021-01-27")
    item = html[html.index('id="punkt-6"'):html.index('id="punkt-7"')]
    badge = re.search(r'<span class="ra-outcome ra-outcome-udsat">(.*?)</span>\s*</p>', item, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", badge)
    assert text == "Udfald: ‖Udsat"
    assert 'aria-hidden="true">‖' in badge  # the shape is decoration; the words are read out


def test_agreement_person_organisation_and_forum_pages_show_outcomes(real_site):
    agreement = _html(real_site, "aftaler/indlaeggelse-og-udskrivning")
    assert re.search(r'<li class="ra-history-entry" data-outcome="taget-til-efterretning">', agreement)
    assert "ra-outcome-godkendt" in agreement
    person = _html(real_site, "personer/maj-skaarhoej")
    assert re.search(r'<li data-outcome="[a-z-]+"><a href="[^"]*#punkt-', person)
    assert "ra-outcome ra-outcome-" in person
    organisation = _html(real_site, "organisationer/aalborg-kommune")
    assert re.search(r'<li data-outcome="[a-z-]+"><a href="[^"]*#punkt-', organisation)
    forum = _html(real_site, "fora/klyngestyregruppe-syd")
    assert forum.count("data-outcome=") == 12


def test_a_closed_item_shows_no_outcome_in_the_public_build(tmp_path):
    from sitebuild import build

    closed = Path(__file__).parent / "fixtures" / "closed"
    assert build(tmp_path, closed).returncode == 0
    stubs = []
    for page in (tmp_path / "site" / "fora").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        stubs += re.findall(r'<section class="ra-item ra-item-closed"[^>]*>', html)
    assert stubs and not any("data-outcome" in s for s in stubs)
