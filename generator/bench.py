"""`referat bench`: build synthetic archives and measure them side by side with what users
would use instead, and write the table to docs/benchmarks.md.

Per size: cold full builds of ours and of three plain mkdocs-material anchors (default
navigation, explicit `nav`, `navigation.prune`; each with Material's search), in paired
rounds, wall time and the process tree's peak memory; rebuild after editing one meeting
(median of as many edits); output and search index size; and in headless Chromium, for a
fixed list of queries: the bytes a first query transfers (gzipped search files fetched
from opening the search page to the results; the page and its scripts are the page), the
time from submitting the query on the open search page to rendered results, from another
page's header box (navigation and page load included), and from opening a shared link
`/soeg/?q=...` with an empty cache. Outside anchors: Pagefind over our built HTML; one
monolithic lunr index of the same items, whose top 10 is the reference ranking."""

from __future__ import annotations

import functools
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from .archive import load_archive
from .browse import CHROMIUM, CHROMIUM_ARGS, SiteServer
from .pages import SiteBuilder
from .search.documents import SearchDoc, search_documents
from .search.query import lunr_index, lunr_ranking
from .synth import synthesize
from .urls import ASSETS_DIR, SEARCH, SEARCH_DIR, index_path

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


@dataclass
class Row:
    label: str
    values: dict[str, str] = field(default_factory=dict)


class BuildTimeout(Exception):
    pass


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(k) for k in (task / "children").read_text().split()]
        except OSError:  # the task ended
            pass
    return kids


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        pids.append(todo.pop())
        todo += _children(pids[-1])
    return pids


def _pss_mb(pid: int) -> float:
    """The process's proportional set size: pages it shares with a forked parent or child
    count once over the tree, as a tree's resident memory should."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _timed(cmd: list[str], cwd: Path, limit: float | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds of a command. Memory is the resident
    memory of its whole process tree (it forks), sampled every 0.1 s; CPU time (user and
    system, of the command and the children it waited for) is less swayed than wall time
    by other work on a shared machine. Raises BuildTimeout beyond `limit` seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    peak = 0.0
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
    reader.start()
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, sum(_pss_mb(pid) for pid in _tree(proc.pid)))
        if limit is not None and time.perf_counter() - start > limit:
            for pid in reversed(_tree(proc.pid)):
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            raise BuildTimeout(f"{' '.join(cmd)} did not finish within {limit:.0f} s")
        time.sleep(0.1)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{''.join(errors)[-2000:]}")
    return wall, peak, usage.ru_utime + usage.ru_stime


def _config(workdir: Path, content: Path, repo: Path) -> Path:
    config = yaml_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))  # mkdocs' loader: knows !ENV
    config["docs_dir"] = str(repo / "content" / "pages")
    config["site_dir"] = str(workdir / "site")
    config["theme"]["custom_dir"] = str(repo / "theme")
    config["plugins"] = [{"referat": {"content_dir": str(content)}}]
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


# The plain mkdocs-material anchors: the same meeting Markdown (a folder per forum) with
# Material's search, configured as Material's and mkdocs' documentation advise.
ANCHORS = {
    # What a default configuration costs: every page in the navigation, rendered into every page.
    "auto": ("plain Material, default navigation (all pages in it)", {}),
    # An explicit navigation; the meeting pages are declared as not in it (no notice per page).
    "nav": ("plain Material, `nav: [index.md]`", {"nav": ["index.md"], "not_in_nav": "/*/*.md"}),
    # Automatic navigation, pruned to the active section on each page (Material's advice for
    # large sites: the rendered navigation shrinks by a third or more).
    "prune": ("plain Material, `navigation.prune`", {"theme": {"features": ["navigation.prune"]}}),
}


def _plain_docs(workdir: Path, content: Path) -> Path:
    docs = workdir / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for path in sorted((content / "meetings").glob("*/*.md")):
        target = docs / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    (docs / "index.md").write_text("# Referater\n", encoding="utf-8")
    return docs


def _plain_config(workdir: Path, docs: Path, anchor: str) -> Path:
    """An anchor: the meeting Markdown as a plain mkdocs-material site with its search."""
    config = {"site_name": "Referater", "docs_dir": str(docs), "site_dir": str(workdir / f"site-{anchor}"),
              "theme": {"name": "material", "language": "da", "font": False},
              "plugins": [{"search": {"lang": "da"}}]}
    for key, value in ANCHORS[anchor][1].items():
        config[key] = {**config[key], **value} if isinstance(value, dict) else value
    path = workdir / f"mkdocs-{anchor}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _mkdocs(config: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]


@dataclass
class Contender:
    key: str
    config: Path
    clean: list[Path]
    limit: float | None = None
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    missed: str = ""  # why it has no figures (did not finish in time)


def _paired_builds(contenders: list[Contender], repeats: int) -> None:
    """Cold builds of every contender in rounds, the order reversed each round, so that
    the machine's load falls on all alike; medians are of the rounds."""
    for round_ in range(repeats):
        for c in contenders if round_ % 2 == 0 else contenders[::-1]:
            if c.missed:
                continue
            for path in c.clean:
                shutil.rmtree(path, ignore_errors=True)
            try:
                wall, peak, cpu = _timed(_mkdocs(c.config), c.config.parent, c.limit)
            except BuildTimeout:
                c.missed = f"> {c.limit:,.0f} s"
                continue
            c.walls.append(wall)
            c.peaks.append(peak)
            c.cpus.append(cpu)


def _tree_size(folder: Path, gz: bool = False) -> int:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            total += len(gzip.compress(data, 6)) if gz else len(data)
    return total


def _record(into: list, response, marker: str, keep, skip: str | None = None) -> None:
    """Keep what a search response carried (its body can be gone once the page closes)."""
    if marker in response.url and response.ok and not (skip and skip in response.url):
        try:
            into.append(keep(response.body()))
        except Exception:  # noqa: BLE001 - a response still streaming when the context closed
            pass


def _per_query(site: Path, queries: list[str], measure) -> dict:
    """measure(page, base_url, query) for each query, each in a fresh browser context
    (nothing cached: every query is a first query)."""
    from playwright.sync_api import sync_playwright

    server = SiteServer(site)
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
    page.on("response", lambda r: _record(fetched, r, f"/{SEARCH_DIR}/", lambda b: b, skip=f"/{ASSETS_DIR}/"))
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
    result.update(_first_visit(page.context.browser, base, query))
    return result


def _first_visit(browser, base: str, query: str) -> dict:
    """A shared link opened with an empty cache: `/soeg/?q=...` in a new browser context,
    from the navigation's start to rendered results; every response counted, gzipped (as
    a static host sends them)."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[tuple[str, int]] = []
    page.on("response", lambda r: _record(fetched, r, "/", lambda b: (r.url, len(gzip.compress(b, 6)))))
    page.goto(base + SEARCH + "?q=" + urllib.parse.quote(query))
    _wait_for_results(page)
    ms = page.evaluate("window.RA_SEARCH.renderedAt || 0")
    page.wait_for_load_state("networkidle")  # responses still arriving are counted too
    context.close()
    kinds: dict[str, int] = {}
    for url, size in fetched:
        kind = _kind(url)
        kinds[kind] = kinds.get(kind, 0) + size
    return {"first_visit_ms": ms, "first_visit_bytes": sum(n for _, n in fetched),
            "first_visit_requests": len(fetched), "first_visit_kinds": kinds}


def _kind(url: str) -> str:
    """What a response of the search page is, for the breakdown of a first visit."""
    path = urllib.parse.urlsplit(url).path
    if "/assets/" in path:  # Material's and the search page's own scripts and styles
        return "page, styles and scripts"
    for marker, kind in (("/search/terms/", "term files"), ("/search/docs/", "result data"),
                         ("/search/facets", "facets"), ("/search/manifest", "manifest"),
                         ("/search/suggest/", "suggestions"), ("/search/", "other search files")):
        if marker in path:
            return kind
    return "page, styles and scripts"


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


def bench_size(size: int, work: Path, repo: Path, repeats: int, seed: int, queries: list[str],
               anchor_limit: float | None = 3600) -> dict:
    content = work / f"content-{size}"
    if not content.exists():
        synthesize(content, size, seed, source=repo / "content")
    ours = work / f"ours-{size}"
    ours.mkdir(parents=True, exist_ok=True)
    config = _config(ours, content, repo)
    plain = work / f"plain-{size}"
    plain.mkdir(parents=True, exist_ok=True)
    docs = _plain_docs(plain, content)
    contenders = [Contender("ours", config, [ours / "site", ours / ".cache"])]
    for key in ANCHORS:
        contenders.append(Contender(key, _plain_config(plain, docs, key), [plain / f"site-{key}"], anchor_limit))
    _paired_builds(contenders, repeats)
    builds = {c.key: {"walls": c.walls, "peaks": c.peaks, "cpus": c.cpus, "missed": c.missed,
                      "cpu": statistics.median(c.cpus) if c.cpus else None,
                      "wall": statistics.median(c.walls) if c.walls else None,
                      "peak": statistics.median(c.peaks) if c.peaks else None} for c in contenders}
    meeting = sorted((content / "meetings").glob("*/*.md"))[size // 2]
    original = meeting.read_text(encoding="utf-8")
    rebuilds = []
    try:
        for n in range(repeats):  # a new edit each time, each rebuild from the one before
            meeting.write_text(original.rstrip("\n") + f"\n\nTilføjet ved benchmark: rettelse {n + 1}.\n", encoding="utf-8")
            wall, _, cpu = _timed(_mkdocs(config), ours)
            rebuilds.append((wall, cpu))
    finally:
        meeting.write_text(original, encoding="utf-8")
    rebuild = statistics.median(w for w, _ in rebuilds)
    rebuild_cpu = statistics.median(c for _, c in rebuilds)
    site = ours / "site"
    archive = load_archive(content)
    items = sum(len(m.items) for m in archive.meetings)
    builder = SiteBuilder(archive)
    docs_, facets = search_documents(archive, builder.ix, builder.items)
    docs_ = [SearchDoc(d.fields, d.meta) for d in docs_]  # made now: the archive can go
    del archive, builder, facets
    start = time.perf_counter()
    index = lunr_index(docs_)
    mono_build = time.perf_counter() - start
    mono = json.dumps(index.serialize(), separators=(",", ":")).encode()
    # lunr leaves the order of equal scores open; the search page orders them by document.
    reference = {q: [d for d, _ in sorted(lunr_ranking(index, q), key=lambda p: (-round(p[1], 6), p[0]))[:10]]
                 for q in queries}
    start = time.perf_counter()
    for q in queries:
        lunr_ranking(index, q)
    mono_query_ms = (time.perf_counter() - start) / len(queries) * 1000
    del index, docs_
    browser = _per_query(site, queries, _ours)
    same = sum(browser[q]["ranking"] == reference[q] for q in queries)
    indexes = {}
    for key in ANCHORS:
        path = plain / f"site-{key}" / "search" / "search_index.json"
        if path.exists() and not builds[key]["missed"]:
            indexes[key] = (path.stat().st_size, len(gzip.compress(path.read_bytes(), 6)))
    pagefind = _pagefind(site, queries)
    return {
        "size": size, "items": items, "builds": builds, "full": builds["ours"]["wall"], "peak": builds["ours"]["peak"],
        "rebuild": rebuild, "rebuild_cpu": rebuild_cpu,
        "output": _tree_size(site), "index_raw": _tree_size(site / "search"), "index_gz": _tree_size(site / "search", True),
        "query_bytes": [browser[q]["bytes"] for q in queries], "query_ms": [browser[q]["ms"] for q in queries],
        "header_ms": [browser[q]["from_header_ms"] for q in queries],
        "first_visit_ms": [browser[q]["first_visit_ms"] for q in queries],
        "first_visit_bytes": [browser[q]["first_visit_bytes"] for q in queries],
        "first_visit_requests": [browser[q]["first_visit_requests"] for q in queries],
        "first_visit_kinds": {q: browser[q]["first_visit_kinds"] for q in queries},
        "common_ms": browser["kommune"]["ms"] if "kommune" in browser else None,
        "ranking_equal": same, "queries": len(queries),
        "plain_index": indexes,
        "pagefind": pagefind, "mono_raw": len(mono), "mono_gz": len(gzip.compress(mono, 6)),
        "mono_build": mono_build, "mono_query_ms": mono_query_ms,
    }


def _best_anchor(result: dict) -> str | None:
    done = [k for k in ANCHORS if result["builds"][k]["wall"] is not None]
    return min(done, key=lambda k: result["builds"][k]["wall"]) if done else None


def _build_cell(result: dict, key: str) -> str:
    b = result["builds"][key]
    if b["wall"] is None:
        return f"did not finish ({b['missed']})"
    cpu = f" (CPU {b['cpu']:.1f} s)" if b.get("cpu") is not None else ""
    return f"{b['wall']:.1f} s{cpu}, {b['peak']:,.0f} MB"


def _anchor_cell(key: str, result: dict) -> str:
    return _build_cell(result, key)


def _ratio_cell(result: dict) -> str:
    best = _best_anchor(result)
    if best is None:
        return "n/a"
    ours, anchor = result["builds"]["ours"], result["builds"][best]
    cpu = f", {ours['cpu'] / anchor['cpu']:.2f} (CPU time)" if ours.get("cpu") and anchor.get("cpu") else ""
    return (f"{ours['wall'] / anchor['wall']:.2f} (time){cpu}, {ours['peak'] / anchor['peak']:.2f} (memory), "
            f"against {ANCHORS[best][0]}")


def _rebuild_cell(result: dict) -> str:
    cell = f"{result['rebuild']:.1f} s ({result['rebuild'] / result['full']:.0%} of full)"
    cpu, full_cpu = result.get("rebuild_cpu"), result["builds"]["ours"].get("cpu")
    return cell + (f"; CPU {cpu:.1f} s ({cpu / full_cpu:.0%} of full)" if cpu and full_cpu else "")


def _kinds_cell(result: dict) -> str:
    """The first visit's gzipped bytes by kind, median over the queries."""
    kinds = sorted({k for v in result["first_visit_kinds"].values() for k in v})
    return "; ".join(f"{k} {statistics.median([v.get(k, 0) for v in result['first_visit_kinds'].values()]) / 1024:,.0f} KB"
                     for k in kinds)


def render(results: list[dict], repeats: int = 3, load: str = "") -> str:
    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    mb = lambda n: f"{n / 1024 / 1024:,.1f} MB"  # noqa: E731
    lines = [
        "# Benchmarks", "",
        "Regenerated by `referat bench` (synthetic archives from `referat synth`, seed 1). How to read the "
        "figures, the profile of a build and what is missed: [scale.md](scale.md).", "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"measured {time.strftime('%Y-%m-%d')}." + (f" Machine load (other work shares the cores): {load}." if load else ""), "",
        f"Full builds are cold (no cache, no output) and paired: in each of {repeats} round{'s' if repeats != 1 else ''} "
        "our build and every anchor build once, the order reversed each round, so that the machine's load falls on all "
        "alike; the figures are medians over the rounds. Times are wall-clock, with CPU time (user and system, of the "
        "build and the workers it waited for) in brackets, which other work on the machine sways less; memory is the "
        "peak of the whole process tree's resident memory (proportional set size: pages a forked process shares count once), sampled every "
        "0.1 s. The anchors are plain mkdocs-material sites of the same meeting Markdown (a folder per forum) with "
        "Material's search (lang: da): with the default navigation (every page in it, rendered into every page), "
        "with an explicit `nav: [index.md]` (meeting pages listed in `not_in_nav`), and with the default navigation "
        "pruned (`navigation.prune`); the ratio is to the fastest of them. An anchor that does not finish within "
        "the time limit is stopped and said so. The rebuild is the median of as many edits. Query bytes are the "
        "gzipped search files fetched from opening the search page (it loads its tables as it opens) to the "
        "results of a first query (median / worst over the query list); query time is from submitting the "
        "query on the open search page to rendered results; from another page's header box it includes "
        f"the navigation and the search page's load. A shared link is `/{SEARCH}?q=...` opened in a new browser "
        "context (empty cache), from the navigation's start to rendered results, with every response "
        "(gzipped). Top 10 equal: the same documents in the same order, equal scores ordered by document.", "",
        "| | " + " | ".join(f"{r['size']:,} meetings ({r['items']:,} items)" for r in results) + " |",
        "|---|" + "---|" * len(results),
    ]
    rows = [
        ("Full build (ours): time (CPU time), peak memory", lambda r: _build_cell(r, "ours")),
        *((f"Anchor: {label}", functools.partial(_anchor_cell, key)) for key, (label, _) in ANCHORS.items()),
        ("Ours / fastest anchor", _ratio_cell),
        ("Rebuild after editing one meeting", _rebuild_cell),
        ("Output size", lambda r: mb(r["output"])),
        ("Search index raw / gzipped", lambda r: f"{mb(r['index_raw'])} / {mb(r['index_gz'])}"),
        ("First-query bytes, median / worst",
         lambda r: " / ".join(kb(v) for v in (statistics.median(r["query_bytes"]), max(r["query_bytes"])))),
        ("Submit to results (ms), median / worst", lambda r: _stats(r["query_ms"])),
        ("Query 'kommune' (ms)", lambda r: f"{r['common_ms']:.0f}" if r["common_ms"] is not None else "n/a"),
        ("From another page's header box: page open to results (ms), median / worst",
         lambda r: _stats(r.get("header_ms", []))),
        ("Shared link, empty cache: navigation start to results (ms), median / worst", lambda r: _stats(r["first_visit_ms"])),
        ("Shared link, empty cache: bytes (gzipped) and requests, median",
         lambda r: f"{kb(statistics.median(r['first_visit_bytes']))}, {statistics.median(r['first_visit_requests']):.0f} requests"),
        ("Shared link, empty cache: bytes by kind, median", _kinds_cell),
        ("Top 10 equal to monolithic lunr", lambda r: f"{r['ranking_equal']} of {r['queries']} ({r['ranking_equal'] / r['queries']:.0%})"),
        ("Material search index raw / gzipped (all fetched)",
         lambda r: " / ".join(mb(v) for v in next(iter(r["plain_index"].values()))) if r["plain_index"] else "n/a"),
        ("Pagefind index time", lambda r: f"{r['pagefind'].get('index_time', 0):.1f} s" if "index_time" in r["pagefind"] else "failed"),
        ("Pagefind bytes, median / worst", lambda r: " / ".join(kb(v) for v in _pf(r, "bytes")) if _pf(r, "bytes") else "n/a"),
        ("Pagefind query (ms), median / worst", lambda r: " / ".join(f"{v:,.0f}" for v in _pf(r, "ms")) if _pf(r, "ms") else "n/a"),
        ("Monolithic lunr index raw / gzipped", lambda r: f"{mb(r['mono_raw'])} / {mb(r['mono_gz'])}"),
        ("Monolithic lunr build / query (lunr.py)", lambda r: f"{r['mono_build']:.1f} s / {r['mono_query_ms']:.0f} ms"),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    return "\n".join(lines) + "\n"


def _pf(result: dict, key: str) -> tuple[float, float] | None:
    values = [q[key] for q in result["pagefind"].get("queries", {}).values()]
    return (statistics.median(values), max(values)) if values else None


CHART_SERIES = [("ours", "ours", "#1a237e"), ("auto", "default nav", "#b71c1c"), ("nav", "nav: [index.md]", "#2e7d32"),
                ("prune", "navigation.prune", "#ef6c00")]


CHART_W, CHART_H, CHART_PAD = 300, 220, 48


def chart(results: list[dict]) -> str:
    """Full build time and peak memory against archive size, ours and the anchors, as a
    small SVG (no plotting library: a few lines and labels)."""
    parts = _panel(results, 0, "Full build (s)", "wall") + _panel(results, CHART_W + 20, "Peak memory (MB)", "peak")
    h, pad = CHART_H, CHART_PAD
    parts.append(f'<text x="{pad}" y="{h + 4}">meetings</text>')
    parts += [f'<rect x="{pad + i * 150}" y="{h + 14}" width="12" height="12" fill="{c}"/>'
              f'<text x="{pad + i * 150 + 16}" y="{h + 25}">{label}</text>' for i, (_, label, c) in enumerate(CHART_SERIES)]
    total = 2 * CHART_W + 20
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{h + 36}" '
            f'viewBox="0 0 {total} {h + 36}" font-family="sans-serif" font-size="11" role="img">'
            "<title>Full build time and peak memory against archive size: ours and the plain Material anchors</title>"
            f'<rect width="100%" height="100%" fill="#fff"/>{"".join(parts)}</svg>\n')


def _panel(results: list[dict], x0: float, title: str, key: str) -> list[str]:
    w, h, pad = CHART_W, CHART_H, CHART_PAD
    sizes = [r["size"] for r in results]
    points = {k: [(r["size"], r["builds"][k][key]) for r in results if r["builds"][k][key] is not None]
              for k, _, _ in CHART_SERIES}
    top = max([v for pts in points.values() for _, v in pts] + [1]) * 1.1
    right = max(sizes + [1])

    def fx(size: float) -> float:
        return x0 + pad + (w - pad - 30) * size / right

    def fy(value: float) -> float:
        return h - 30 - (h - 60) * value / top

    parts = [f'<text x="{x0 + pad}" y="16" font-weight="bold">{title}</text>',
             f'<line x1="{x0 + pad}" y1="{fy(0):.1f}" x2="{x0 + w - 10}" y2="{fy(0):.1f}" stroke="#555"/>',
             f'<line x1="{x0 + pad}" y1="{fy(0):.1f}" x2="{x0 + pad}" y2="{fy(top):.1f}" stroke="#555"/>']
    parts += [f'<text x="{x0 + pad - 4}" y="{fy(t) + 4:.1f}" text-anchor="end">{t:,.0f}</text>'
              for t in (0, top / 2 / 1.1, top / 1.1)]
    parts += [f'<text x="{fx(size):.1f}" y="{h - 14}" text-anchor="middle">{size:,}</text>' for size in sizes]
    for k, _, colour in CHART_SERIES:
        if len(points[k]) > 1:
            line = " ".join(f"{fx(x):.1f},{fy(y):.1f}" for x, y in points[k])
            parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        if points[k]:
            parts += [f'<circle cx="{fx(x):.1f}" cy="{fy(y):.1f}" r="3" fill="{colour}"/>' for x, y in points[k]]
    return parts


def rewrite(out: Path, repeats: int) -> str:
    """The table and chart again from the figures of a run (after a change of layout)."""
    return write(json.loads(out.with_suffix(".json").read_text(encoding="utf-8")), out, repeats)


def write(results: list[dict], out: Path, repeats: int) -> str:
    """docs/benchmarks.md (the table, and the chart beside it as benchmarks.svg) and the
    figures as JSON."""
    svg = out.with_suffix(".svg")
    svg.write_text(chart(results), encoding="utf-8")
    load = "; ".join(f"{r['size']:,} meetings: {r['load']}" for r in results if r.get("load"))
    table = render(results, repeats, load).replace(
        "\n| |", f"\n![Full build time and peak memory against archive size]({svg.name})\n\n| |", 1)
    out.write_text(table, encoding="utf-8")
    (out.with_suffix(".json")).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return table


def machine_load() -> str:
    """The load averages while measuring: other work on the machine slows every contender."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min) at its end"


def run(sizes: list[int], out: Path, work: Path, repo: Path, repeats: int = 3, seed: int = 1,
        queries: list[str] | None = None, anchor_limit: float | None = 3600) -> str:
    work.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    for size in sizes:  # the table is written after each size: a long run stopped keeps what it measured
        results.append(bench_size(size, work, repo, repeats, seed, queries or QUERIES, anchor_limit))
        results[-1]["load"] = machine_load()
        table = write(results, out, repeats)
    return table
