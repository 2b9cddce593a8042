"""Finding registry names and aliases in free text, whole words only.

Text and names are compared as sequences of lower-cased words, so punctuation, hyphens and
line breaks between words do not matter ("Rosendal-Meier" matches "Rosendal Meier") and a
name never matches inside a longer word. Lookup is by first word, so the cost grows with the
length of the text, not with the size of the registries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD_RE = re.compile(r"\w+")
# Explicit links `[text](kind:target)` and web links: only their visible text is searched;
# addresses themselves (<https://...>, bare URLs) are not text ("Sundhedsaftalen-2019" in a
# document's address names nothing).
# (Each quantifier stops at the next bracket, so runs of unclosed ones take linear time.)
LINK_TARGET_RE = re.compile(r"\]\((?:[^()]|\([^()]*+\))*+\)|<https?://[^<>]*+>|https?://\S+")


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.casefold())


class MentionFinder:
    def __init__(self) -> None:
        # word tuple -> key of the first name registered with those words
        self._keys: dict[tuple[str, ...], tuple[str, str]] = {}
        # first word -> lengths of the names starting with it, longest first
        self._lengths: dict[str, list[int]] = {}

    def add(self, phrase: str, key: tuple[str, str]) -> None:
        """Register a name; key is (kind, id)."""
        tokens = tuple(words(phrase))
        if not tokens or tokens in self._keys:
            return
        self._keys[tokens] = key
        lengths = self._lengths.setdefault(tokens[0], [])
        if len(tokens) not in lengths:
            lengths.append(len(tokens))
            lengths.sort(reverse=True)

    def names(self) -> list[str]:
        """Every name registered with its key, in the order registered: what find() reads."""
        return [f"{' '.join(tokens)}\t{kind}\t{ident}" for tokens, (kind, ident) in self._keys.items()]

    def find(self, texts: Iterable[str]) -> list[tuple[str, str]]:
        """Keys of the names found, in order of first mention, each once; where names
        overlap, the longest starting at a word wins."""
        found: dict[tuple[str, str], None] = {}
        keys, lengths = self._keys, self._lengths
        for text in texts:
            if "](" in text or "http" in text:  # only then can LINK_TARGET_RE match
                text = LINK_TARGET_RE.sub("]", text)
            tokens = words(text)
            resume = 0  # a matched name is not searched again for shorter names inside it
            for i in [i for i, token in enumerate(tokens) if token in lengths]:
                if i < resume:
                    continue
                for n in lengths[tokens[i]]:
                    key = keys.get(tuple(tokens[i:i + n])) if i + n <= len(tokens) else None
                    if key is not None:
                        found.setdefault(key, None)
                        resume = i + n
                        break
        return list(found)


def phrases_in(texts: Iterable[str], phrases: Iterable[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Which of the phrases (as words() gives them) occur anywhere in the texts, as whole
    words; unlike MentionFinder.find, also inside or overlapping a longer name. A few
    phrases are looked for with a regular expression each, over the case-folded text,
    until found (the text may be a whole archive); many by their words."""
    wanted = {p for p in phrases if p}
    if len(wanted) > 8:
        return _by_words(texts, wanted)
    patterns = {p: re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, p)) + r"(?!\w)") for p in wanted}
    found: set[tuple[str, ...]] = set()
    for text in texts:
        if not patterns:
            break
        folded = _text(text).casefold()
        for phrase in [p for p, pattern in patterns.items() if pattern.search(folded)]:
            found.add(phrase)
            del patterns[phrase]
    return found


def _by_words(texts: Iterable[str], wanted: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    lengths: dict[str, set[int]] = {}
    for phrase in wanted:
        lengths.setdefault(phrase[0], set()).add(len(phrase))
    found: set[tuple[str, ...]] = set()
    for text in texts:
        tokens = words(_text(text))
        for i, token in enumerate(tokens):
            for n in lengths.get(token, ()):
                phrase = tuple(tokens[i:i + n])
                if phrase in wanted:
                    found.add(phrase)
    return found


def _text(text: str) -> str:
    """Visible text only: link addresses are not searched (see LINK_TARGET_RE)."""
    return LINK_TARGET_RE.sub("]", text) if "](" in text or "http" in text else text
