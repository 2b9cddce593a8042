"""`referat bench`: build synthetic archives and measure them side by side with what users
would use instead, and write the table to docs/benchmarks.md.

Per size: full build (wall time and peak memory, median of 3, cold cache), rebuild after
editing one meeting (median of 3 edits), output and search index size, and in headless
Chromium, for a fixed list of queries: the bytes a first query transfers (gzipped search
files fetched from opening the search page to the results; the page and its scripts are
the page) and the time from submitting the query on the open search page to rendered
results, and from another page's header box (navigation and page load included).
Anchors: (a) a plain mkdocs-material build of the same meeting Markdown with Material's
search (lang: da); (b) Pagefind over our built HTML; (c) one monolithic lunr index of the
same items, whose top 10 is the reference ranking."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from .archive import load_archive
from .pages import SiteBuilder
from .search.documents import search_documents
from .search.query import lunr_index, lunr_ranking
from .synth import synthesize
from .urls import SEARCH, SEARCH_DIR, index_path

QUERIES = [
    # rare and common words, agreement and person names, prefixes, inflections
    "kommune", "kommunerne", "borgerne", "forløb", "samarbejdsaftale", "samarbejdsaftaler", "indlæggelse",
    "udskrivning", "udskriv*", "genoptræning", "hjælpemidler", "palliation", "demens", "diabetes", "KOL",
    "hjertesygdom", "kræftforløb", "rehabilitering", "medicinhåndtering", "ernæring", "faldforebyggelse",
    "svangreomsorg", "telemedicin", "sårbehandling", "tandpleje", "hjemmesygepleje", "vaccination",
    "infektionshygiejne", "autisme", "selvmordsforebyggelse", "smertebehandling", "apopleksi", "multisygdom",
    "ventetid", "kapacitet", "ledelsesinformation", "handleplan", "kommissorium", "evaluering", "implementering",
    "Samarbejdsaftale om demens", "Aftalen om akutte forløb", "indlæggelse og udskrivning", "akut*", "psyk*",
    "Thisted", "Aalborg Kommune", "Mette Hansen", "Søren", "Larsen", "Klinikchef", "IPS", "covid",
    # compounds (held by the archive, and new to it), split into the archive's words
    "udskrivningsaftalen", "genoptræningsplanerne", "sundhedsaftalen", "demensaftalen", "rehabiliteringsforløbet",
    "kommuneaftale", "aftale om genoptræning",
    # typed without Danish letters, and misspelt ("Mente du")
    "Soeren", "Soren Larsen", "kraeftforloeb", "medicinhaandtering", "hjaelpemidler", "sarbehandling",
    "udskrivingsaftale", "samarbejdsaftle", "rehabilitring", "Mete Hansen",
]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Row:
    label: str
    values: dict[str, str] = field(default_factory=dict)


def _timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a command, measured by GNU time."""
    timer = shutil.which("time") or "/usr/bin/time"
    out = cwd / ".time"
    start = time.perf_counter()
    result = subprocess.run([timer, "-f", "%M", "-o", str(out), *cmd], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    return wall, int(out.read_text().strip().splitlines()[-1]) / 1024


def _config(workdir: Path, content: Path, repo: Path) -> Path:
    config = yaml_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))  # mkdocs' loader: knows !ENV
    config["docs_dir"] = str(repo / "content" / "pages")
    config["site_dir"] = str(workdir / "site")
    config["theme"]["custom_dir"] = str(repo / "theme")
    config["plugins"] = [{"referat": {"content_dir": str(content)}}]
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _plain_config(workdir: Path, content: Path) -> Path:
    """The anchor: the same meeting Markdown as a plain mkdocs-material site with its search."""
    docs = workdir / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for path in sorted((content / "meetings").glob("*/*.md")):
        target = docs / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    (docs / "index.md").write_text("# Referater\n", encoding="utf-8")
    config = {"site_name": "Referater", "docs_dir": str(docs), "site_dir": str(workdir / "site"),
              "theme": {"name": "material", "language": "da", "font": False},
              "plugins": [{"search": {"lang": "da"}}]}
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _mkdocs(config: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]


def _median_builds(config: Path, repeats: int, clean: list[Path]) -> tuple[float, float]:
    walls, peaks = [], []
    for _ in range(repeats):
        for path in clean:
            shutil.rmtree(path, ignore_errors=True)
        wall, peak = _timed(_mkdocs(config), config.parent)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), statistics.median(peaks)


def _tree_size(folder: Path, gz: bool = False) -> int:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            total += len(gzip.compress(data, 6)) if gz else len(data)
    return total


class _Server:
    def __init__(self, site: Path):
        handler = functools.partial(_Quiet, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as static hosts serve

    def log_message(self, *args) -> None:
        pass


def _record(into: list, response, marker: str, keep) -> None:
    """Keep what a search response carried (its body can be gone once the page closes)."""
    if marker in response.url and response.ok:
        try:
            into.append(keep(response.body()))
        except Exception:  # noqa: BLE001 - a response still streaming when the context closed
            pass


def _per_query(site: Path, queries: list[str], measure) -> dict:
    """measure(page, base_url, query) for each query, each in a fresh browser context
    (nothing cached: every query is a first query)."""
    from playwright.sync_api import sync_playwright

    server = _Server(site)
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for query in queries:
                context = browser.new_context()
                results[query] = measure(context.new_page(), server.url, query)
                context.close()
            browser.close()
    finally:
        server.close()
    return results


def _ours(page, base: str, query: str) -> dict:
    """On the search page as opened (its tables load with it), the query typed and
    submitted: gzipped bytes of every search file fetched since opening the page, time
    from submitting to rendered results, and the ranking. Then the same query from another
    page's header box: time from the navigation's start to rendered results."""
    fetched: list[bytes] = []
    page.on("response", lambda r: _record(fetched, r, f"/{SEARCH_DIR}/", lambda b: b))
    page.goto(base + SEARCH)
    page.wait_for_load_state("networkidle")
    page.fill("#ra-q", query)
    page.press("#ra-q", "Enter")
    _wait_for_results(page)
    result = {"bytes": sum(len(gzip.compress(b, 6)) for b in fetched),
              "ms": page.evaluate("window.RA_SEARCH.elapsed || 0"),
              "ranking": [d for d, _ in page.evaluate("window.RA_SEARCH.ranking || []")][:10]}
    fresh = page.context.browser.new_context().new_page()
    fresh.goto(base + index_path("forums"))
    fresh.fill("#ra-header-q", query)
    fresh.press("#ra-header-q", "Enter")
    fresh.wait_for_url(f"**/{SEARCH}**")
    _wait_for_results(fresh)
    result["from_header_ms"] = fresh.evaluate("window.RA_SEARCH.renderedAt || 0")
    fresh.context.close()
    return result


def _wait_for_results(page) -> None:
    page.wait_for_function("window.RA_SEARCH && window.RA_SEARCH.elapsed !== undefined || "
                           "document.getElementById('ra-status').textContent.indexOf('Ingen') === 0", timeout=60_000)


def _pagefind_query(page, base: str, query: str) -> dict:
    fetched: list[int] = []
    page.goto(base + "_pagefind_bench.html")
    page.wait_for_function("window.ready === true")
    page.on("response", lambda r: _record(fetched, r, "/_pagefind/", len))
    ms = page.evaluate("""async (q) => { const t = performance.now(); const r = await window.pf.search(q);
        await Promise.all(r.results.slice(0, 10).map(x => x.data())); return performance.now() - t; }""", query)
    return {"bytes": sum(fetched), "ms": ms}  # Pagefind's files are compressed already


def _pagefind(site: Path, queries: list[str]) -> dict:
    """Pagefind over our HTML: index time, then bytes and time per query via its JS API."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "_pagefind"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        return {"error": result.stderr[-500:]}
    index_time = time.perf_counter() - start
    (site / "_pagefind_bench.html").write_text(
        "<!doctype html><html><body><script type=module>"
        "window.pf = await import('./_pagefind/pagefind.js'); await window.pf.options({}); window.ready = true;"
        "</script></body></html>", encoding="utf-8")
    return {"index_time": index_time, "queries": _per_query(site, queries, _pagefind_query)}


def _stats(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{statistics.median(values):,.0f} / {max(values):,.0f}"


def bench_size(size: int, work: Path, repo: Path, repeats: int, seed: int, queries: list[str]) -> dict:
    content = work / f"content-{size}"
    if not content.exists():
        synthesize(content, size, seed, source=repo / "content")
    ours = work / f"ours-{size}"
    ours.mkdir(parents=True, exist_ok=True)
    config = _config(ours, content, repo)
    full, peak = _median_builds(config, repeats, [ours / "site", ours / ".cache"])
    meeting = sorted((content / "meetings").glob("*/*.md"))[size // 2]
    original = meeting.read_text(encoding="utf-8")
    rebuilds = []
    try:
        for n in range(repeats):  # a new edit each time, each rebuild from the one before
            meeting.write_text(original.rstrip("\n") + f"\n\nTilføjet ved benchmark: rettelse {n + 1}.\n", encoding="utf-8")
            rebuilds.append(_timed(_mkdocs(config), ours)[0])
    finally:
        meeting.write_text(original, encoding="utf-8")
    rebuild = statistics.median(rebuilds)
    site = ours / "site"
    archive = load_archive(content)
    items = sum(len(m.items) for m in archive.meetings)
    builder = SiteBuilder(archive)
    docs, facets = search_documents(archive, builder.ix, builder.items)
    docs = list(docs)
    start = time.perf_counter()
    index = lunr_index(docs)
    mono_build = time.perf_counter() - start
    mono = json.dumps(index.serialize(), separators=(",", ":")).encode()
    # lunr leaves the order of equal scores open; the search page orders them by document.
    reference = {q: [d for d, _ in sorted(lunr_ranking(index, q), key=lambda p: (-round(p[1], 6), p[0]))[:10]]
                 for q in queries}
    start = time.perf_counter()
    for q in queries:
        lunr_ranking(index, q)
    mono_query_ms = (time.perf_counter() - start) / len(queries) * 1000
    browser = _per_query(site, queries, _ours)
    same = sum(browser[q]["ranking"] == reference[q] for q in queries)
    plain = work / f"plain-{size}"
    plain.mkdir(parents=True, exist_ok=True)
    plain_config = _plain_config(plain, content)
    plain_full, plain_peak = _median_builds(plain_config, repeats, [plain / "site"])
    plain_index = plain / "site" / "search" / "search_index.json"
    pagefind = _pagefind(site, queries)
    return {
        "size": size, "items": items, "full": full, "peak": peak, "rebuild": rebuild,
        "output": _tree_size(site), "index_raw": _tree_size(site / "search"), "index_gz": _tree_size(site / "search", True),
        "query_bytes": [browser[q]["bytes"] for q in queries], "query_ms": [browser[q]["ms"] for q in queries],
        "header_ms": [browser[q]["from_header_ms"] for q in queries],
        "common_ms": browser["kommune"]["ms"] if "kommune" in browser else None,
        "ranking_equal": same, "queries": len(queries),
        "plain_full": plain_full, "plain_peak": plain_peak,
        "plain_index_raw": plain_index.stat().st_size if plain_index.exists() else 0,
        "plain_index_gz": len(gzip.compress(plain_index.read_bytes(), 6)) if plain_index.exists() else 0,
        "pagefind": pagefind, "mono_raw": len(mono), "mono_gz": len(gzip.compress(mono, 6)),
        "mono_build": mono_build, "mono_query_ms": mono_query_ms,
    }


def render(results: list[dict], repeats: int = 3) -> str:
    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    mb = lambda n: f"{n / 1024 / 1024:,.1f} MB"  # noqa: E731
    lines = [
        "# Benchmarks", "",
        "Regenerated by `referat bench` (synthetic archives from `referat synth`, seed 1).", "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"measured {time.strftime('%Y-%m-%d')}.", "",
        f"Times are wall-clock, builds are the median of {repeats} run{'s' if repeats != 1 else ''} from a cold cache; "
        "peak memory is the largest "
        "process's resident set (GNU time); the rebuild is the median of as many edits. Query bytes are the "
        "gzipped search files fetched from opening the search page (it loads its tables as it opens) to the "
        "results of a first query (median / worst over the query list); query time is from submitting the "
        "query on the open search page to rendered results; from another page's header box it includes "
        "the navigation and the search page's load. Top 10 equal: the same documents in the same order, "
        "equal scores ordered by document.", "",
        "| | " + " | ".join(f"{r['size']:,} meetings ({r['items']:,} items)" for r in results) + " |",
        "|---|" + "---|" * len(results),
    ]
    rows = [
        ("Full build (ours)", lambda r: f"{r['full']:.1f} s"),
        ("Peak memory (ours)", lambda r: f"{r['peak']:,.0f} MB"),
        ("Rebuild after editing one meeting", lambda r: f"{r['rebuild']:.1f} s ({r['rebuild'] / r['full']:.0%} of full)"),
        ("Output size", lambda r: mb(r["output"])),
        ("Search index raw / gzipped", lambda r: f"{mb(r['index_raw'])} / {mb(r['index_gz'])}"),
        ("First-query bytes, median / worst", lambda r: " / ".join(kb(v) for v in (statistics.median(r["query_bytes"]), max(r["query_bytes"])))),
        ("Submit to results (ms), median / worst", lambda r: _stats(r["query_ms"])),
        ("Query 'kommune' (ms)", lambda r: f"{r['common_ms']:.0f}" if r["common_ms"] is not None else "n/a"),
        ("From another page's header box: page open to results (ms), median / worst",
         lambda r: _stats(r.get("header_ms", []))),
        ("Top 10 equal to monolithic lunr", lambda r: f"{r['ranking_equal']} of {r['queries']} ({r['ranking_equal'] / r['queries']:.0%})"),
        ("(a) plain Material build", lambda r: f"{r['plain_full']:.1f} s, {r['plain_peak']:,.0f} MB"),
        ("(a) Material search index raw / gzipped (all fetched)", lambda r: f"{mb(r['plain_index_raw'])} / {mb(r['plain_index_gz'])}"),
        ("(b) Pagefind index time", lambda r: f"{r['pagefind'].get('index_time', 0):.1f} s" if "index_time" in r["pagefind"] else "failed"),
        ("(b) Pagefind bytes, median / worst", lambda r: " / ".join(kb(v) for v in _pf(r, "bytes")) if _pf(r, "bytes") else "n/a"),
        ("(b) Pagefind query (ms), median / worst", lambda r: " / ".join(f"{v:,.0f}" for v in _pf(r, "ms")) if _pf(r, "ms") else "n/a"),
        ("(c) Monolithic lunr index raw / gzipped", lambda r: f"{mb(r['mono_raw'])} / {mb(r['mono_gz'])}"),
        ("(c) Monolithic lunr build / query (lunr.py)", lambda r: f"{r['mono_build']:.1f} s / {r['mono_query_ms']:.0f} ms"),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    return "\n".join(lines) + "\n"


def _pf(result: dict, key: str) -> tuple[float, float] | None:
    values = [q[key] for q in result["pagefind"].get("queries", {}).values()]
    return (statistics.median(values), max(values)) if values else None


def run(sizes: list[int], out: Path, work: Path, repo: Path, repeats: int = 3, seed: int = 1,
        queries: list[str] | None = None) -> str:
    work.mkdir(parents=True, exist_ok=True)
    results = [bench_size(size, work, repo, repeats, seed, queries or QUERIES) for size in sizes]
    table = render(results, repeats)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table, encoding="utf-8")
    (out.with_suffix(".json")).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return table
