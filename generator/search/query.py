"""Query processing as the search page does it, and the reference ranking with lunr.py.

The browser lower-cases, splits like lunr's query lexer, trims with lunr.da's trimmer,
drops stop words (lunr.da drops them only when indexing, where a stop word can then only
match unrelated words sharing its stem), stems and folds Danish letters; `word*` is a
prefix, not stemmed but folded."""

from __future__ import annotations

from dataclasses import dataclass

from lunr.builder import Builder
from lunr.index import Index
from lunr.query import Query

from .analysis import danish_letters, fold, is_stop_word, stemmer_da, stop_filter_da, term, tokenize, trim, trimmer_da
from .compounds import MAX_QUERY_SPLITS, best_split, is_common
from .documents import FIELDS, SearchDoc
from .index import _field_terms, archive_compounds


@dataclass(frozen=True)
class Clause:
    word: str
    prefix: bool = False


def clauses(query: str) -> list[Clause]:
    result = []
    for raw in tokenize(query):
        wildcard = raw.endswith("*")
        word = trim(raw.rstrip("*"))
        if not word or (not wildcard and is_stop_word(word)):
            continue
        if wildcard:
            result.append(Clause(fold(danish_letters(word)), prefix=True))
        elif stemmed := term(word):
            result.append(Clause(stemmed))
    return result


def with_compound_parts(found: list[Clause], index: Index) -> list[Clause]:
    """The clauses and, after them, the parts of each compound word (compounds.py): the
    split the index gives for a term it holds, or for a term it does not, the best split
    into two of its terms by their counts (postings over all fields), as search.js does;
    common parts are left out."""
    compounds = getattr(index, "compounds", {})

    def frequency(term: str) -> int:
        posting = index.inverted_index.get(term)
        return sum(len(docs) for name, docs in posting.items() if name != "_index") if posting else 0

    parts, unknown = [], 0
    for clause in found:
        if clause.prefix:
            continue
        if clause.word in index.inverted_index:
            split = compounds.get(clause.word)
        else:
            unknown += 1
            split = best_split(clause.word, frequency) if unknown <= MAX_QUERY_SPLITS else None
        parts += [Clause(part) for part in split or () if not is_common(frequency(part))]
    return found + parts


def lunr_ranking(index: Index, query: str) -> list[tuple[int, float]]:
    """(doc number, score) as lunr.py's Index.query ranks them: the reference ranking."""
    q = index.create_query()
    for clause in with_compound_parts(clauses(query), index):
        q.clause(term=clause.word, use_pipeline=False,
                 wildcard=Query.WILDCARD_TRAILING if clause.prefix else Query.WILDCARD_NONE)
    if not q.clauses:
        return []
    return [(int(r["ref"]), r["score"]) for r in index.query(q)]


def lunr_index(docs: list[SearchDoc]) -> Index:
    """The same documents as one lunr.py index: the reference the split index is checked against.
    Its pipeline adds the parts of the archive's compounds after each compound term."""
    compounds = archive_compounds([tuple(_field_terms(doc.fields[name]) for name, _ in FIELDS) for doc in docs])

    def compound_parts_da(token, i=0, tokens=None):
        parts = compounds.get(str(token), ())
        return [token, *(token.clone(lambda s, metadata=None, p=p: p) for p in parts)] if parts else token

    compound_parts_da.label = "compounds-da"  # this archive's table: not for a serialised index
    builder = Builder()
    builder.pipeline.add(trimmer_da, stop_filter_da, stemmer_da, compound_parts_da)
    builder.search_pipeline.add(stemmer_da)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for n, doc in enumerate(docs):
        # Pre-split tokens: lunr.py's tokenizer walks every character in Python; a list of
        # words gives the same tokens (lower case, split at white space and hyphens).
        builder.add({"ref": str(n), **{k: tokenize(v) for k, v in doc.fields.items()}})
    index = builder.build()
    index.compounds = compounds
    return index
