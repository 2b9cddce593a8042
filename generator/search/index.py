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
  people, the number of entity documents and of documents, the common terms with
  their postings counts (compounds.py: a query does not ask for a common part), and the
  site path pattern of each link kind (urls.browser_patterns);
- terms/<n>.js: consecutive index terms (in UTF-16 order, as JavaScript compares
  strings), packed up to SHARD_BYTES; a frequent term fills a shard of its own. Per term
  and field: the documents (delta-coded) and lunr's weight × 1000 (lunr rounds weights to
  three decimals, so the integers are exact); and the parts of the shard's compound terms
  (compounds.py), which a document holding the compound is indexed under too;
- facets.js: the meetings (forum, date, number of items) in document order and each
  item's outcome (one digit per item): what the forum, cluster, year and outcome filters
  and menus and the date order need, so a query matching most items fetches no
  per-document files beyond the results it shows;
- facets-aftale.js, facets-person.js: per agreement and per person (in the manifest's
  order) the items linking to it, delta-coded: the two larger tables, each fetched only
  for a filter by it or when its menu is reached for (LIST_FACETS);
- docs/<n>.js: what a result shows (title, date, decision excerpt), DOCS_PER_CHUNK
  documents per file;
- suggest/<key>.js: the terms beginning with the same two letters, most frequent first,
  with their document frequencies: what "Mente du" (did you mean) looks through for a
  query word the index does not hold.

Scoring in the browser sums, over query terms, the query term's count × weight per field
and divides by the query vector's magnitude: exactly lunr's Index.query.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from itertools import chain, pairwise
from pathlib import Path

import numpy as np

from ..cache import FileStore, Store, code_key, digest
from ..urls import browser_patterns
from . import analysis as analysis_module
from .analysis import analyse
from .compounds import compound_table, is_common
from .documents import FIELDS, ItemDoc, SearchDoc

# The facets whose table lists, per value, the items having it (the URL's facet name: the
# archive's lists). Each is a file of its own, the largest part of the facet data by far:
# the page fetches one only for a filter by it or when its menu is reached for.
LIST_FACETS = {"aftale": "agreement_items", "person": "person_items"}
DOCS_PER_CHUNK = 20  # what a result shows: only the shown results' chunks are fetched
SHARD_BYTES = 12_000  # raw size a term shard is filled up to
FORMAT = 4
JSON_PARSE_FROM = 10_000  # characters
WEIGHT_SLICE = 1 << 20  # postings weighted at a time
SUGGEST_MIN_LENGTH = 3  # shorter terms are not suggested
SUGGEST_PER_TABLE = 2_000  # the most frequent terms of each two-letter table
K1, B = 1.2, 0.75  # lunr's BM25 parameters

# Per field of a document: (number of terms, its distinct terms, their counts).
Analysed = tuple[tuple[int, tuple[str, ...], tuple[int, ...]], ...]


@lru_cache(maxsize=1)
def _analyser() -> bytes:
    """Term counts depend on the analysis code, Snowball and lunr.da as well as the text."""
    return hashlib.blake2b(b"\0".join([
        Path(analysis_module.__file__).read_bytes(), analysis_module.lunr_da_source().encode(),
        metadata.version("snowballstemmer").encode()]), digest_size=16).digest()


def analysed_doc(doc: SearchDoc | ItemDoc, cache: Store) -> Analysed:
    """A document's term counts, from the cache when it was analysed before: an item's by
    its key (its text is not made at all), another's by its text."""
    named = doc.key if isinstance(doc, ItemDoc) else "\x1f".join(doc.fields[name] for name, _ in FIELDS)
    key = hashlib.blake2b(named.encode(), digest_size=16, key=_analyser()).digest()
    found = cache.get(key)
    if found is None:
        found = tuple(_field_terms(doc.fields[name]) for name, _ in FIELDS)
        cache.put(key, found)
    return found


def _field_terms(text: str) -> tuple[int, tuple[str, ...], tuple[int, ...]]:
    terms = analyse(text)
    counts = Counter(terms)
    # One string per term for the whole archive, not one per document: at 200,000 items
    # the documents' term lists are most of what the index build holds.
    return len(terms), tuple(map(sys.intern, counts)), tuple(counts.values())


class Postings:
    """Every (term, field, document) with its term count and field length, in flat arrays,
    weighted in one vectorised pass: a 50,000-item archive has 5 million postings. A
    document's fields are kept as given and laid out in arrays once, at the end (appended
    per document, they took a fifth of the index's time in a rebuild)."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self._fields = array("I")  # document, field, length: per field of a document
        self._terms: list[tuple[str, ...]] = []
        self._counts: list[tuple[int, ...]] = []
        self.lengths = [0] * len(FIELDS)  # summed field lengths, for lunr's averages
        self.count = 0

    def add(self, doc: int, analysed: Analysed) -> None:
        self.count += 1
        for f, (length, terms, counts) in enumerate(analysed):
            self.lengths[f] += length
            self._fields.extend((doc, f, length))
            self._terms.append(terms)
            self._counts.append(counts)

    def _columns(self) -> dict[str, np.ndarray]:
        """The postings as arrays, the fields given up as they are laid out."""
        terms, counts, fields = self._terms, self._counts, self._fields
        self._terms, self._counts, self._fields = [], [], array("I")
        sizes = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        total = int(sizes.sum())
        # Term numbers in order of first use (as a dict keeps them).
        self.vocabulary = {t: n for n, t in enumerate(dict.fromkeys(chain.from_iterable(terms)))}
        term = np.fromiter(map(self.vocabulary.__getitem__, chain.from_iterable(terms)), dtype=np.uint32, count=total)
        del terms
        tf = np.fromiter(chain.from_iterable(counts), dtype=np.uint32, count=total)
        del counts
        per_field = np.frombuffer(fields, dtype=np.uint32).reshape(-1, 3)
        doc, length = (np.repeat(per_field[:, i], sizes) for i in (0, 2))
        fld = np.repeat(per_field[:, 1].astype(np.uint8), sizes)  # a byte a posting, not four
        del per_field, fields
        return {"term": term, "doc": doc, "field": fld, "tf": tf, "length": length}

    def entries(self) -> Iterator[tuple[str, list]]:
        """(term, [[field, document deltas, weights × 1000], ...]) in JavaScript's string order.
        The arrays are given up as they are sorted: this runs once per build."""
        columns = self._columns()
        # The largest arrays of the build: each goes as soon as it is used (the key before
        # the columns are sorted, the columns as they are), and weights are computed by slices.
        key_type = np.uint32 if len(self.vocabulary) * len(FIELDS) < 2**32 else np.int64
        key = columns["term"].astype(key_type) * len(FIELDS)
        key += columns["field"]
        order = np.argsort(key, kind="stable")  # stable: documents stay in order
        del key
        term, fld, doc, tf, length = (columns.pop(name)[order] for name in ("term", "field", "doc", "tf", "length"))
        del order
        weights = self._weights(term, fld, tf, length)
        del tf, length
        # Where a (term, field) run begins.
        starts = np.flatnonzero((term[1:] != term[:-1]) | (fld[1:] != fld[:-1])) + 1
        deltas = doc.astype(np.int32)
        deltas[1:] -= doc[:-1].astype(np.int32)
        deltas[starts] = doc[starts]
        runs: dict[int, list[tuple[int, int]]] = {}
        bounds = [0, *starts.tolist(), len(term)]
        for lo, hi in pairwise(bounds):
            if hi > lo:
                runs.setdefault(int(term[lo]), []).append((lo, hi))
        names = list(self.vocabulary)
        for t in sorted(runs, key=lambda t: js_order(names[t])):
            yield names[t], [[int(fld[lo]), deltas[lo:hi].tolist(), weights[lo:hi].tolist()] for lo, hi in runs[t]]

    def _weights(self, term, fld, tf, length) -> np.ndarray:
        """lunr's field weights × 1000: BM25 with lunr's k1, b, field boosts and rounding, in
        the same float operations as its builder (IEEE arithmetic gives the same doubles),
        a slice of WEIGHT_SLICE postings at a time (its temporary arrays are 6 times its size)."""
        with_term = np.bincount(term, minlength=len(self.vocabulary)).tolist()  # once per field, as lunr
        # idf with Python's log, exactly as lunr.py: one value per term.
        idf = np.array([math.log(1 + abs((self.count - w + 0.5) / (w + 0.5))) for w in with_term])
        averages = np.array([total / self.count if self.count else 1 for total in self.lengths])
        boosts = np.array([boost for _, boost in FIELDS], dtype=np.float64)
        weights = np.empty(len(term), dtype=np.int32)
        for lo in range(0, len(term), WEIGHT_SLICE):
            part = slice(lo, lo + WEIGHT_SLICE)
            weights[part] = _bm25(idf[term[part]], fld[part], tf[part], length[part], averages, boosts)
        return weights


def _bm25(idf, fld, tf, length, averages, boosts) -> np.ndarray:
    """lunr's weight × 1000 per posting, given its term's idf and the fields' averages and boosts."""
    tf = tf.astype(np.float64)
    score = length / averages[fld]
    del length
    score *= B
    score += 1 - B
    score *= K1
    score += tf  # the denominator: k1 * (1 - b + b * length / average) + tf
    tf *= K1 + 1
    tf *= idf  # the numerator: idf * ((k1 + 1) * tf)
    np.divide(tf, score, out=score)
    del tf
    score *= boosts[fld]
    scaled = score * 1000
    weights = np.rint(scaled).astype(np.int32)
    # Near a half, scaling can round differently from Python's round(x, 3): redo those.
    scaled -= np.floor(scaled)
    for i in np.flatnonzero(np.abs(scaled - 0.5) < 1e-6).tolist():
        weights[i] = round(round(float(score[i]), 3) * 1000)
    return weights


@dataclass
class SearchFiles:
    """The index files: written into `root` as they are made (a large index is never all in
    memory), or, without a root, kept in `files`."""

    root: Path | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # path under search/ -> content (UTF-8)
    _folders: set[Path] = field(default_factory=set)  # made already (thousands of files share a few)

    def path(self, path: str) -> Path | None:
        """Where a file goes (None: kept in memory), its folder made."""
        if self.root is None:
            return None
        target = self.root / path
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target

    def add(self, path: str, kind: str, key: str, data) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if len(payload) > JSON_PARSE_FROM:
            # Browsers parse a JSON string much faster than the same data as a JS literal.
            payload = f"JSON.parse({json.dumps(payload, ensure_ascii=False)})"
        text = f"RA_SEARCH.register({json.dumps(kind)},{json.dumps(key)},{payload});\n".encode()
        target = self.path(path)
        if target is None:
            self.files[path] = text
        else:
            target.write_bytes(text)


def expand_compounds(analysed: Analysed, table: Mapping[str, tuple[str, str]]) -> Analysed:
    """A document's term counts with the parts of its compounds added (each part counts as
    often as its compound, and adds to the field's length, as lunr's pipeline would)."""
    out = []
    for length, terms, counts in analysed:
        compounds = table.keys() & terms  # a set operation: most fields hold few compounds, many none
        if not compounds:
            out.append((length, terms, counts))
            continue
        counted = dict(zip(terms, counts, strict=True))
        merged = dict(counted)
        for t in sorted(compounds):  # the order of a document's terms changes no weight
            c = counted[t]  # as written: a part may be a compound of its own
            for part in table[t]:
                merged[part] = merged.get(part, 0) + c
                length += c
        out.append((length, tuple(merged), tuple(merged.values())))
    return tuple(out)


def document_frequency(analysed: Iterable[Analysed]) -> Counter:
    """term -> number of documents holding it (before compounds are split)."""
    frequency: Counter = Counter()
    for fields in analysed:
        frequency.update({t for _, terms, _ in fields for t in terms})
    return frequency


def archive_compounds(analysed: Iterable[Analysed]) -> dict[str, tuple[str, str]]:
    """The compounds of the archive's vocabulary (see compounds.py), from document frequencies."""
    return compound_table(document_frequency(analysed))


def suggestion_key(term: str) -> str:
    """The suggestion table a term is in: its first two UTF-16 code units, in hex (a safe
    file name, and what the page computes with charCodeAt)."""
    return term.encode("utf-16-be")[:4].hex()


def _write_suggestions(out: SearchFiles, frequency: Mapping[str, int]) -> None:
    """suggest/<key>.js: the archive's terms by their first two letters, most frequent
    first, with their document frequencies: the vocabulary "Mente du" searches, one small
    table per misspelt word instead of the whole vocabulary."""
    tables: dict[str, list[str]] = {}
    for term in frequency:
        if len(term) >= SUGGEST_MIN_LENGTH:
            tables.setdefault(suggestion_key(term), []).append(term)
    for key, terms in sorted(tables.items()):
        terms.sort(key=lambda t: (-frequency[t], js_order(t)))
        terms = terms[:SUGGEST_PER_TABLE]
        out.add(f"suggest/{key}.js", "suggest", key, {"terms": " ".join(terms), "df": [frequency[t] for t in terms]})


def build_search_files(docs: Iterable[SearchDoc | ItemDoc], facets: dict, cache: Store | None = None,
                       into: Path | None = None, kept: FileStore | None = None) -> SearchFiles:
    """The index files, written into the folder `into` (else kept in memory); `cache` holds
    documents' term counts (see analysed_doc), so only changed documents are analysed
    again, and `kept` the files of what results show, so only those of changed documents
    are made again."""
    cache = cache or Store(None)
    kept = kept or FileStore(None)
    out = SearchFiles(into)
    postings = Postings()
    chunk: list[SearchDoc | ItemDoc] = []
    analysed: list[Analysed] = []
    for doc in docs:
        analysed.append(analysed_doc(doc, cache))
        chunk.append(doc)
        if len(chunk) == DOCS_PER_CHUNK:
            _write_docs(out, len(analysed) // DOCS_PER_CHUNK - 1, chunk, kept)
            chunk = []
    if chunk:
        _write_docs(out, len(analysed) // DOCS_PER_CHUNK, chunk, kept)
    cache.save(release=True)
    kept.prune()
    frequency = document_frequency(analysed)
    compounds = compound_table(frequency)
    _write_suggestions(out, frequency)
    del frequency
    for n in range(len(analysed)):
        # A document's term counts with its compounds' parts take the place of those
        # without (which would otherwise live on beside them until the postings are laid out).
        fields, analysed[n] = analysed[n], None
        postings.add(n, expand_compounds(fields, compounds))
    del analysed
    firsts, common = _write_shards(out, postings, compounds)
    manifest = {
        "format": FORMAT,
        "fields": [name for name, _ in FIELDS],
        "shards": firsts,
        "docsPerChunk": DOCS_PER_CHUNK,
        "count": postings.count,
        "common": common,
        "entities": facets["entities"],
        "forums": facets["forums"],
        "agreements": facets["agreements"],
        "people": facets["people"],
        "outcomes": facets["outcomes"],
        "urls": browser_patterns(),
    }
    out.add("manifest.js", "manifest", "", manifest)
    out.add("facets.js", "facets", "", {
        "meetings": facets["meetings"],
        # One digit per item, in document order: the number of its outcome (udfald).
        "outcomes": "".join(str(n) for n in facets["item_outcomes"]),
    })
    for facet, lists in LIST_FACETS.items():
        out.add(f"facets-{facet}.js", "facets", facet, [_deltas(docs) for docs in facets[lists]])
    return out


def _write_docs(out: SearchFiles, n: int, docs: list[SearchDoc | ItemDoc], kept: FileStore) -> None:
    """docs/<n>.js: what the results show of these documents. An item's document is keyed
    by what its text is made from (ItemDoc.key: the code, the public registries, its
    meeting as shown), which is all its display data is made from besides its number."""
    path = f"docs/{n}.js"
    key = digest(code_key(), path, *(d.key if isinstance(d, ItemDoc) else json.dumps(d.meta, sort_keys=True) for d in docs))
    target = out.path(path)
    if target is not None and kept.place(key, target):
        return
    out.add(path, "docs", str(n), [d.meta for d in docs])
    if target is not None:
        kept.keep(key, target)


def _write_shards(out: SearchFiles, postings: Postings,
                  compounds: Mapping[str, tuple[str, str]]) -> tuple[list[str], dict[str, int]]:
    """Packs terms in JavaScript's string order into shards; returns each shard's first term,
    and the common terms (compounds.is_common) with their postings counts, which the page
    needs to split a query word without fetching their large shards. A shard also gives the
    parts of its compound terms, so a query for a compound asks for them."""
    firsts: list[str] = []
    common: dict[str, int] = {}
    shard: dict[str, list] = {}
    size = 0

    def flush() -> None:
        n = len(firsts) - 1
        parts = {t: list(compounds[t]) for t in shard if t in compounds}
        out.add(f"terms/{n}.js", "terms", str(n), {"terms": shard, "parts": parts})

    for term, entry in postings.entries():
        frequency = sum(len(e[1]) for e in entry)
        if is_common(frequency):
            common[term] = frequency
        entry_size = len(term) + 4 * sum(len(e[1]) * 2 for e in entry)  # about 4 characters a number
        if term in compounds:
            entry_size += len(term) + sum(len(p) for p in compounds[term]) + 10
        if not firsts or (size + entry_size > SHARD_BYTES and shard):
            if firsts:
                flush()
            firsts.append(term)
            shard, size = {}, 0
        shard[term] = entry
        size += entry_size
    if firsts:
        flush()
    return firsts, common


def js_order(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units."""
    return term.encode("utf-16-be")


def _deltas(sorted_numbers: list[int]) -> list[int]:
    return [b - a for a, b in pairwise([0, *sorted_numbers])]
