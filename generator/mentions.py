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
LINK_TARGET_RE = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.casefold())


class MentionFinder:
    def __init__(self) -> None:
        # first word -> list of (word tuple, key), longest first
        self._phrases: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}

    def add(self, phrase: str, key: tuple[str, str]) -> None:
        """Register a name; key is (kind, id)."""
        tokens = tuple(words(phrase))
        if not tokens:
            return
        bucket = self._phrases.setdefault(tokens[0], [])
        if (tokens, key) not in bucket:
            bucket.append((tokens, key))
            bucket.sort(key=lambda entry: -len(entry[0]))

    def find(self, texts: Iterable[str]) -> list[tuple[str, str]]:
        """Keys of the names found, in order of first mention, each once."""
        found: dict[tuple[str, str], None] = {}
        phrases = self._phrases
        for text in texts:
            tokens = words(LINK_TARGET_RE.sub("]", text))
            resume = 0  # a matched name is not searched again for shorter names inside it
            for i in [i for i, token in enumerate(tokens) if token in phrases]:
                if i < resume:
                    continue
                for phrase, key in phrases[tokens[i]]:
                    end = i + len(phrase)
                    if len(phrase) == 1 or tuple(tokens[i:end]) == phrase:
                        found.setdefault(key, None)
                        resume = end
                        break
        return list(found)
