"""Building the search index: lunr.py computes the index (BM25 weights with global
statistics); it is then written as small files the browser fetches only as needed.

Layout under site/search/ (every file is a script that registers its data, so the index
also loads from file:// where fetch() of local files is refused):

- manifest.js: the shard keys, the facet tables (forums, agreements, people), counts;
- terms/<key>.js: for every index term starting with <key> (its first two characters),
  the postings [doc, field, weight] with lunr's precomputed weight for that field;
- facets.js: per document, in one compact table, what filtering, facet counts and date
  sorting need (type, forum, year, date, agreements, people), so a query that matches
  most items fetches no per-document files beyond the results it shows;
- docs/<n>.js: what a result shows (title, date, decision excerpt), DOCS_PER_CHUNK
  documents per file.

Scoring in the browser sums, over query terms, boost × weight per field and divides by
the query vector's magnitude: exactly lunr's Index.query, so the ranking equals that of
the same lunr.py index queried whole.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lunr.builder import Builder
from lunr.index import Index

from .analysis import stemmer_da, tokenize, trimmer_da
from .analysis import _stop_filter as stop_filter_da
from .documents import FIELDS, SearchDoc

DOCS_PER_CHUNK = 50  # what a result shows: only the shown results' chunks are fetched
SHARD_PREFIX = 2
FORMAT = 1


def build_lunr_index(docs: list[SearchDoc]) -> Index:
    builder = Builder()
    builder.pipeline.add(trimmer_da, stop_filter_da, stemmer_da)
    builder.search_pipeline.add(stemmer_da)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for n, doc in enumerate(docs):
        # Pre-split tokens: lunr.py's own tokenizer walks every character in Python; a list
        # of words gives the same tokens (lower case, split at white space and hyphens).
        builder.add({"ref": str(n), **{k: tokenize(v) for k, v in doc.fields.items()}})
    return builder.build()


def shard_key(term: str) -> str:
    return term[:SHARD_PREFIX]


@dataclass
class SearchFiles:
    files: dict[str, str] = field(default_factory=dict)  # path under search/ -> content

    def add(self, path: str, kind: str, key: str, data) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        self.files[path] = f"RA_SEARCH.register({json.dumps(kind)},{json.dumps(key)},{payload});\n"


def postings(index: Index) -> dict[str, list[list]]:
    """term -> [[doc, field number, weight], ...]: lunr's field vectors turned inside out."""
    field_numbers = {name: n for n, (name, _) in enumerate(FIELDS)}
    by_term_index: dict[int, list[list]] = defaultdict(list)
    for field_ref, vector in index.field_vectors.items():
        name, _, ref = field_ref.partition("/")
        doc, number, elements = int(ref), field_numbers[name], vector.elements
        for i in range(0, len(elements), 2):
            by_term_index[elements[i]].append([doc, number, round(elements[i + 1], 6)])
    return {term: sorted(by_term_index[posting["_index"]]) for term, posting in index.inverted_index.items()}


def build_search_files(docs: list[SearchDoc], facets: dict) -> tuple[SearchFiles, Index]:
    index = build_lunr_index(docs)
    out = SearchFiles()
    shards: dict[str, dict[str, list]] = defaultdict(dict)
    for term, rows in postings(index).items():
        shards[shard_key(term)][term] = rows
    for key, terms in shards.items():
        out.add(f"terms/{_file_key(key)}.js", "terms", key, terms)
    chunks = math.ceil(len(docs) / DOCS_PER_CHUNK)
    for chunk in range(chunks):
        part = docs[chunk * DOCS_PER_CHUNK:(chunk + 1) * DOCS_PER_CHUNK]
        out.add(f"docs/{chunk}.js", "docs", str(chunk), [d.meta for d in part])
    manifest = {
        "format": FORMAT,
        "fields": [name for name, _ in FIELDS],
        "shards": {key: _file_key(key) for key in sorted(shards)},
        "prefix": SHARD_PREFIX,
        "docsPerChunk": DOCS_PER_CHUNK,
        "count": len(docs),
        **facets,
    }
    out.add("manifest.js", "manifest", "", manifest)
    out.add("facets.js", "facets", "", [_facet_row(d.meta) for d in docs])
    return out, index


TYPES = {"punkt": 0, "aftale": 1, "person": 2, "forum": 3}


def _facet_row(meta: dict) -> list:
    """[type, forum, year, date, agreements, people]; -1/0/"" where a document has none."""
    return [TYPES[meta["t"]], meta.get("f", -1), meta.get("y", 0), meta.get("k", ""), meta.get("a", []), meta.get("p", [])]


def _file_key(key: str) -> str:
    """Shard keys as safe, case-proof file names (æøå and the like as hex code points)."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}" for c in key)


def write_search_files(site: Path, files: SearchFiles) -> None:
    root = site / "search"
    for path, text in files.files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
