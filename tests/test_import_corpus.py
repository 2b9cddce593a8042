"""The importer over a corpus of minutes in the layouts Danish regions, municipalities,
hospital clusters and councils publish (our own wording and invented names, in their
layouts), scored against a gold file per document: item numbers and titles, the split
between recommendation (Indstilling) and decision (Beslutning), participants with status,
chair and date. Prints per-layout figures; asserts the targets over the whole corpus."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from generator.importer import import_document
from generator.importer.resolve import Resolver
from generator.loader import load_meeting
from generator.render import plain
from generator.slugs import make_slug

HERE = Path(__file__).parent
CONTENT = HERE.parent / "content"
CORPUS = HERE / "fixtures" / "import" / "corpus"
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".gold.yaml"))


def norm(text: str) -> str:
    return " ".join(plain(text).split()).strip(" .:").casefold()


def person_id(name: str, resolver: Resolver) -> str:
    found = resolver.people_in(name)
    return found[0][0] if found and found[0][2] - found[0][1] == len(name) else make_slug(name)


def score(document: Path, tmp_path: Path, resolver: Resolver) -> dict:
    gold = yaml.safe_load(document.with_name(document.stem + ".gold.yaml").read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = import_document(document, CONTENT)
    seconds = time.perf_counter() - started
    path = tmp_path / "meetings" / result.forum / f"{result.date}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.markdown, encoding="utf-8")
    errors: list = []
    meeting = load_meeting(path, errors)
    assert errors == [], (document.name, [e.format() if hasattr(e, "format") else str(e) for e in errors])
    items = {i.number: i for i in meeting.items}
    s = defaultdict(int, layout=gold["layout"] + (" (held out)" if gold.get("held_out") else ""), body=gold["body"],
                    seconds=seconds, misses=[])
    for want in gold["items"]:
        s["items"] += 1
        got = items.get(str(want["n"]))
        if got and norm(got.title) == norm(want["title"]):
            s["items_ok"] += 1
        else:
            s["misses"].append(f"item {want['n']}: {got.title if got else 'missing'!r} != {want['title']!r}")
        sections = {k: norm(v) for k, v in (got.sections if got else {}).items()}
        ok = True
        for key, section in (("rec", "Indstilling"), ("dec", "Beslutning")):
            if want[key] is None:
                ok &= section not in sections
            else:
                ok &= norm(want[key]) in sections.get(section, "")
        s["splits"] += 1
        s["splits_ok"] += ok
        if not ok:
            s["misses"].append(f"item {want['n']} split: {sorted(sections)} {[sections.get(k, '')[:60] for k in ('Indstilling', 'Beslutning')]}")
    got_people = {p.person: p.status for p in meeting.participants}
    for want in gold["participants"]:
        s["people"] += 1
        pid = person_id(want["name"], resolver)
        if got_people.get(pid) == want["status"]:
            s["people_ok"] += 1
        else:
            s["misses"].append(f"{want['name']}: {got_people.get(pid)} != {want['status']}")
    s["date_ok"] = meeting.date.key == gold["date"]
    s["chair_ok"] = (meeting.chair or None) == (person_id(gold["chair"], resolver) if gold["chair"] else None)
    wanted = {person_id(w["name"], resolver) for w in gold["participants"]}
    s["extra"] = len(set(got_people) - wanted)  # people the importer found that the gold file does not name
    return s


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    resolver = Resolver.from_content(CONTENT)
    return {d.name: score(d, tmp_path_factory.mktemp(d.stem), resolver) for d in DOCUMENTS}


def test_the_corpus_is_varied_enough():
    golds = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.gold.yaml")]
    assert len(golds) == len(DOCUMENTS) >= 15
    assert len({g["layout"] for g in golds}) >= 10
    assert len({g["body"].split(",")[0].split(" (")[0] for g in golds}) >= 8
    assert {p.suffix for p in DOCUMENTS} >= {".txt", ".html", ".docx"}


def test_importer_meets_the_targets_over_the_corpus(scores, capsys):
    by_layout: dict[str, list] = defaultdict(list)
    for s in scores.values():
        by_layout[s["layout"]].append(s)
    rows = ["| layout | docs | items | splits | participants | extra people | date | chair | max s |", "|---|---|---|---|---|---|---|---|---|"]
    for layout, group in sorted(by_layout.items()):
        t = {k: sum(s[k] for s in group) for k in ("items", "items_ok", "splits", "splits_ok", "people", "people_ok", "extra", "date_ok", "chair_ok")}
        rows.append(f"| {layout} | {len(group)} | {t['items_ok']}/{t['items']} | {t['splits_ok']}/{t['splits']} | "
                    f"{t['people_ok']}/{t['people']} | {t['extra']} | {t['date_ok']}/{len(group)} | {t['chair_ok']}/{len(group)} | "
                    f"{max(s['seconds'] for s in group):.2f} |")
    total = {k: sum(s[k] for s in scores.values()) for k in ("items", "items_ok", "splits", "splits_ok", "people", "people_ok", "extra", "date_ok", "chair_ok")}
    rows.append(f"| all | {len(scores)} | {total['items_ok'] / total['items']:.1%} | {total['splits_ok'] / total['splits']:.1%} | "
                f"{total['people_ok'] / total['people']:.1%} | {total['extra']} | {total['date_ok']}/{len(scores)} | "
                f"{total['chair_ok']}/{len(scores)} | |")
    misses = [f"  {name}: {m}" for name, s in scores.items() for m in s["misses"]]
    with capsys.disabled():
        print("\n" + "\n".join(rows) + ("\nmisses:\n" + "\n".join(misses) if misses else ""))
    assert total["items_ok"] >= 0.95 * total["items"]
    assert total["splits_ok"] >= 0.90 * total["splits"]
    assert total["people_ok"] >= 0.90 * total["people"]
    assert total["date_ok"] >= 0.9 * len(scores)
    assert total["extra"] <= 0.05 * total["people"]  # found people are real participants, not words of the text


def test_every_corpus_document_imports_quickly(scores):
    slow = {name: round(s["seconds"], 2) for name, s in scores.items() if s["seconds"] > 5}  # generous: a busy machine
    assert slow == {}
