"""Building the search index: lunr's BM25 field weights, computed here, written as small
files the browser fetches only as needed.

The weights are exactly those lunr's index builder computes (tests compare them with
lunr.py's, which stays the reference), but without its per-token objects: a whole
archive's index takes a fraction of the time and memory, and each document's analysis
(its term counts) is cached by content, so after an edit only the changed documents are
analysed again before the global statistics are recomputed.

Layout under site/search/ (every file is a script that registers its data, so the index
also loads from file:// where fetch() of local files is refused):

- manifest.js: the first term of every term shard, the tables of forums, agreements and
  people, the number of entity documents and of documents;
- terms/<n>.js: consecutive index terms (in UTF-16 order, as JavaScript compares
  strings), packed up to SHARD_BYTES; a frequent term fills a shard of its own. Per term
  and field: the documents (delta-coded) and lunr's weight × 1000 (lunr rounds weights to
  three decimals, so the integers are exact);
- facets.js: the meetings (forum, date, number of items) in document order, and per
  agreement and person the items linking to it (delta-coded): everything filtering, facet
  counts and date sorting need, so a query matching most items fetches no per-document
  files beyond the results it shows;
- docs/<n>.js: what a result shows (title, date, decision excerpt), DOCS_PER_CHUNK
  documents per file.

Scoring in the browser sums, over query terms, the query term's count × weight per field
and divides by the query vector's magnitude: exactly lunr's Index.query.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import analyse
from .documents import FIELDS, SearchDoc

DOCS_PER_CHUNK = 10  # what a result shows: only the shown results' chunks are fetched
SHARD_BYTES = 12_000  # raw size a term shard is filled up to
FORMAT = 2
JSON_PARSE_FROM = 10_000  # characters
K1, B = 1.2, 0.75  # lunr's BM25 parameters

# Per field of a document: (number of terms, its distinct terms, their counts).
Analysed = tuple[tuple[int, tuple[str, ...], tuple[int, ...]], ...]


class AnalysisCache:
    """Documents' term counts by a hash of their text: only changed documents are analysed."""

    def __init__(self, path: Path | None):
        self.path = path
        self.old: dict[bytes, Analysed] = {}
        self.used: dict[bytes, Analysed] = {}
        if path and path.is_file():
            try:
                self.old = pickle.loads(path.read_bytes())
            except Exception:  # noqa: BLE001 - a damaged cache is rebuilt, never trusted
                self.old = {}

    def analysed(self, doc: SearchDoc) -> Analysed:
        key = hashlib.blake2b("\x1f".join(doc.fields[name] for name, _ in FIELDS).encode(), digest_size=16).digest()
        found = self.used.get(key) or self.old.get(key)
        if found is None:
            found = tuple(_field_terms(doc.fields[name]) for name, _ in FIELDS)
        self.used[key] = found
        return found

    def save(self) -> None:
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(self.path)
        self.old = {}


def _field_terms(text: str) -> tuple[int, tuple[str, ...], tuple[int, ...]]:
    terms = analyse(text)
    counts = Counter(terms)
    return len(terms), tuple(counts), tuple(counts.values())


class Postings:
    """term -> per field, (document, term count, field length) triples in flat int arrays:
    a few bytes per posting, where lists of tuples took a hundred."""

    def __init__(self) -> None:
        self.terms: dict[str, list[array]] = {}
        self.lengths = [0] * len(FIELDS)  # summed field lengths, for lunr's averages
        self.count = 0

    def add(self, doc: int, analysed: Analysed) -> None:
        self.count += 1
        for f, (length, terms, counts) in enumerate(analysed):
            self.lengths[f] += length
            for term, tf in zip(terms, counts):
                rows = self.terms.get(term)
                if rows is None:
                    rows = self.terms[term] = [array("I") for _ in FIELDS]
                row = rows[f]
                row.append(doc)
                row.append(tf)
                row.append(length)

    def weights(self, term: str) -> list[tuple[list[int], list[int]]]:
        """Per field, the documents and lunr's weights × 1000 (BM25 with lunr's k1, b, field
        boosts and rounding, in the same float operations as its builder)."""
        rows = self.terms[term]
        with_term = sum(len(row) for row in rows) // 3  # lunr counts a document once per field
        x = (self.count - with_term + 0.5) / (with_term + 0.5)
        idf = math.log(1 + abs(x))
        out = []
        for f, (row, (_, boost)) in enumerate(zip(rows, FIELDS)):
            norms = self._norms[f]
            docs, weights = [], []
            for i in range(0, len(row), 3):
                tf, length = row[i + 1], row[i + 2]
                norm = norms.get(length)
                if norm is None:
                    norm = norms[length] = K1 * (1 - B + B * (length / self._averages[f]))
                score = idf * ((K1 + 1) * tf) / (norm + tf)
                score *= boost
                docs.append(row[i])
                weights.append(round(round(score, 3) * 1000))
            out.append((docs, weights))
        return out

    def finish(self) -> None:
        self._averages = [total / self.count if self.count else 1 for total in self.lengths]
        self._norms: list[dict[int, float]] = [{} for _ in FIELDS]


@dataclass
class SearchFiles:
    files: dict[str, bytes] = field(default_factory=dict)  # path under search/ -> content (UTF-8)

    def add(self, path: str, kind: str, key: str, data) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if len(payload) > JSON_PARSE_FROM:
            # Browsers parse a JSON string much faster than the same data as a JS literal.
            payload = f"JSON.parse({json.dumps(payload, ensure_ascii=False)})"
        self.files[path] = f"RA_SEARCH.register({json.dumps(kind)},{json.dumps(key)},{payload});\n".encode()


def build_search_files(docs: Iterable[SearchDoc], facets: dict, cache: AnalysisCache | None = None) -> SearchFiles:
    cache = cache or AnalysisCache(None)
    out = SearchFiles()
    postings = Postings()
    chunk: list[dict] = []
    for n, doc in enumerate(docs):  # one document at a time: only its display data is kept
        postings.add(n, cache.analysed(doc))
        chunk.append(doc.meta)
        if len(chunk) == DOCS_PER_CHUNK:
            out.add(f"docs/{n // DOCS_PER_CHUNK}.js", "docs", str(n // DOCS_PER_CHUNK), chunk)
            chunk = []
    if chunk:
        out.add(f"docs/{postings.count // DOCS_PER_CHUNK}.js", "docs", str(postings.count // DOCS_PER_CHUNK), chunk)
    postings.finish()
    firsts = _write_shards(out, postings)
    manifest = {
        "format": FORMAT,
        "fields": [name for name, _ in FIELDS],
        "shards": firsts,
        "docsPerChunk": DOCS_PER_CHUNK,
        "count": postings.count,
        "entities": facets["entities"],
        "forums": facets["forums"],
        "agreements": facets["agreements"],
        "people": facets["people"],
    }
    out.add("manifest.js", "manifest", "", manifest)
    out.add("facets.js", "facets", "", {
        "meetings": facets["meetings"],
        "agreements": [_deltas(docs) for docs in facets["agreement_items"]],
        "people": [_deltas(docs) for docs in facets["person_items"]],
    })
    return out


def _write_shards(out: SearchFiles, postings: Postings) -> list[str]:
    """Packs terms in JavaScript's string order into shards; returns each shard's first term."""
    firsts: list[str] = []
    shard: dict[str, list] = {}
    size = 0

    def flush() -> None:
        n = len(firsts) - 1
        out.add(f"terms/{n}.js", "terms", str(n), shard)

    for term in sorted(postings.terms, key=js_order):
        entry = [[f, _deltas(docs), weights] for f, (docs, weights) in enumerate(postings.weights(term)) if docs]
        entry_size = len(term) + sum(len(str(v)) + 1 for e in entry for part in e[1:] for v in part)
        if not firsts or (size + entry_size > SHARD_BYTES and shard):
            if firsts:
                flush()
            firsts.append(term)
            shard, size = {}, 0
        shard[term] = entry
        size += entry_size
    if firsts:
        flush()
    return firsts


def js_order(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units."""
    return term.encode("utf-16-be")


def _deltas(sorted_numbers: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *sorted_numbers], sorted_numbers)]


def write_search_files(site: Path, files: SearchFiles) -> None:
    root = site / "search"
    for path, text in files.files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text)
