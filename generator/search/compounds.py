"""Danish compounds split into parts the archive itself uses.

"udskrivningsaftalen" is one word where another item writes "aftale om ... udskrivning".
A term (stemmed and folded, see analysis.py) is split into a head and a tail that are both
terms of the archive, joined directly or by the linking -s- or -e-: "udskrivningsaftal" =
"udskrivning" + s + "aftal". (The head is not stemmed again: "sundhedsaftal" does not
become "sund" + "aftal", and an alias such as "udskrivelsesaftalen" keeps its own weight
instead of matching every "udskrivelse".) A document then holds the parts beside the compound, and a
query for the compound also asks for its parts, so either way of writing finds the other.

The same rule runs in the browser (search.js) for a query word the index does not hold,
with the index's own counts, so the reference ranking (query.py) and the page agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

LINKS = ("", "s", "e")  # in this order: ties keep the first
MIN_PART = 4  # shorter parts ("sund", "hed") are too often chance endings and beginnings
SUFFIXES = frozenset({"skab"})  # a derivational ending, not a word, after a stem (formandskab)
MAX_LENGTH = 40  # longer "words" are not split: each candidate part may cost the page a shard
MAX_QUERY_SPLITS = 4  # a query splits at most its first four words the index does not hold
# A part with more postings than this is not asked for: it would cost the page a large term
# file (a few KB per thousand postings, gzipped) and tells little ("aftal" in
# "samarbejdsaftale" in a large archive). A count, not a share: what it bounds is bytes.
COMMON_POSTINGS = 2_000


def is_common(frequency: int) -> bool:
    """frequency: the term's postings over all fields."""
    return frequency > COMMON_POSTINGS


def best_split(term: str, frequency: Callable[[str], int] | Mapping[str, int]) -> tuple[str, str] | None:
    """The split of `term` into two known parts whose frequencies' product is highest
    (Koehn and Knight's rule for compounds); None when no split has two known parts."""
    count = frequency.get if isinstance(frequency, Mapping) else frequency
    best, best_score = None, 0
    if len(term) > MAX_LENGTH:
        return None
    for i in range(MIN_PART, len(term) - MIN_PART + 1):
        head = term[:i]
        f_head = count(head) or 0
        if not f_head:
            continue
        for link in LINKS:
            tail = term[i + len(link):]
            if not term.startswith(link, i) or len(tail) < MIN_PART or tail in SUFFIXES:
                continue
            score = f_head * (count(tail) or 0)
            if score > best_score:
                best, best_score = (head, tail), score
    return best


def compound_table(document_frequency: Mapping[str, int]) -> dict[str, tuple[str, str]]:
    """term -> (head, tail) for every term of the archive that splits into two of its terms."""
    table = {}
    for term in document_frequency:
        if len(term) >= 2 * MIN_PART and (split := best_split(term, document_frequency)):
            table[term] = split
    return table


def candidate_parts(term: str) -> set[str]:
    """Every word best_split may look up for `term` (the browser loads their shards)."""
    out = set()
    if len(term) > MAX_LENGTH:
        return out
    for i in range(MIN_PART, len(term) - MIN_PART + 1):
        out.add(term[:i])
        for link in LINKS:
            if term.startswith(link, i) and len(term) - i - len(link) >= MIN_PART:
                out.add(term[i + len(link):])
    return out
