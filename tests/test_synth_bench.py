"""The synthetic archive and the benchmark, at a tiny size: they must keep working."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from sitebuild import REPO, build

from generator.archive import load_archive
from generator.synth import synthesize

pytestmark = pytest.mark.slow


def test_synthetic_archive_is_valid_deterministic_and_realistic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    counts = synthesize(a, 40, seed=3, source=REPO / "content")
    synthesize(b, 40, seed=3, source=REPO / "content")
    files = sorted(p.relative_to(a) for p in a.rglob("*.md"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.md"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    archive = load_archive(a)
    assert len(archive.meetings) == 40 and counts["items"] == sum(len(m.items) for m in archive.meetings)
    assert all(8 <= len(m.items) <= 12 for m in archive.meetings)
    words = [len(" ".join(t for i in m.items for t in i.texts()).split()) for m in archive.meetings]
    assert 1000 < sum(words) / len(words) < 2000  # about 1,400 words a meeting
    assert any(not m.date.precise for m in archive.meetings)
    internal = load_archive(a, internal=True)
    assert any(not i.public for m in internal.meetings for i in m.items)  # closed items
    (tmp_path / "site").mkdir()
    assert build(tmp_path / "site", a).returncode == 0


def test_bench_runs_at_a_tiny_size_and_writes_its_table(tmp_path):
    # In its own process: the browser tests' Playwright already runs an event loop here.
    out = tmp_path / "benchmarks.md"
    code = (f"from pathlib import Path; from generator.bench import run, QUERIES; "
            f"run([20], Path({str(out)!r}), Path({str(tmp_path / 'work')!r}), Path({str(REPO)!r}), "
            f"repeats=1, queries=QUERIES[:4] + ['kommune'])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    table = out.read_text(encoding="utf-8")
    for row in ("Full build (ours)", "Rebuild after editing one meeting", "First-query bytes",
                "Top 10 equal to monolithic lunr", "Anchor: plain Material, `nav: [index.md]`",
                "Anchor: plain Material, `navigation.prune`", "Ours / fastest anchor", "Shared link, empty cache",
                "Pagefind", "Monolithic lunr"):
        assert row in table
    assert "5 of 5" in table
    svg = out.with_suffix(".svg").read_text(encoding="utf-8")
    assert "(benchmarks.svg)" in table and svg.startswith("<svg") and svg.count("<polyline") == 0  # one size: points
    assert svg.count("<circle") == 8  # time and memory of ours and three anchors
    assert "did not finish" not in table and " MB" in table.split("Ours / fastest anchor")[0]


@pytest.mark.parametrize(("n", "text"), [(0, "0"), (999, "999"), (1000, "1.000"), (49447, "49.447"), (1234567, "1.234.567")])
def test_numbers_are_grouped_the_danish_way(n, text):
    from generator.danish import number_text
    assert number_text(n) == text


def test_large_counts_on_the_pages_are_grouped_the_danish_way(tmp_path):
    """An archive of more than a thousand items says so as Danish writes it: 1.234, not 1234
    (which reads as a year)."""
    content = tmp_path / "content"
    counts = synthesize(content, 110, seed=5, source=REPO / "content")
    assert counts["items"] >= 1000
    assert build(tmp_path, content).returncode == 0
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    line = home[home.index('class="ra-counts-line"'):]
    line = line[:line.index("</p>")]
    assert re.search(r">\d\.\d{3} dagsordenspunkter<", line), line
    assert not re.search(r"\d{4,} (?:møder|dagsordenspunkter|fora|aftaler|personer|organisationer)", line), line
