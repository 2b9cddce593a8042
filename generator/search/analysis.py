"""Danish text analysis exactly as lunr.js + lunr-languages (lunr.da) does it in the browser.

lunr.py's own Danish support downloads NLTK stop words (impossible offline) and trims
letters outside its alphabet ("covid" → "ovid"). Instead, the word characters and stop
words are read from the very lunr.da script the site ships, and stemming uses the
Snowball Danish algorithm that lunr.da is a port of, so index time (here) and query time
(in the browser) process words identically.

One step is our own: Danish letters are folded, so a word typed without them finds the
same term. Before stemming, aa/ae/oe become å/æ/ø (the stemmer then sees the Danish word);
after it, å/æ/ø become a/e/o, so "Skårhøj", "Skaarhoej" and "Skarhoj" are one term,
"skarhoj". Index and query fold alike (search.js has the same two tables).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import snowballstemmer
from lunr.pipeline import Pipeline
from lunr.token import Token

SEPARATOR_RE = re.compile(r"[\s\-]+")  # lunr.tokenizer.separator


# The browser's search scripts, pinned releases shipped with this package (vendor/versions.txt)
# and copied into every site under VENDOR_URL.
VENDOR = resources.files(__package__).joinpath("vendor")
VENDOR_SCRIPTS = ("lunr.min.js", "lunr.stemmer.support.min.js", "lunr.da.min.js")
VENDOR_URL = "assets/search/vendor/"


def lunr_da_source() -> str:
    return VENDOR.joinpath("lunr.da.min.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def danish_rules() -> tuple[re.Pattern, re.Pattern, frozenset[str]]:
    source = lunr_da_source()
    chars = re.search(r'\.da\.wordCharacters="([^"]+)"', source).group(1)
    stop_words = re.search(r'generateStopWordFilter\("([^"]+)"', source).group(1).split(" ")
    start = re.compile(f"^[^{chars}]+")
    end = re.compile(f"[^{chars}]+$")
    return start, end, frozenset(stop_words)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("danish")


# Words repeat a lot in minutes: caching makes analysis of a large archive several times faster.
@lru_cache(maxsize=500_000)
def trim(word: str) -> str:
    start, end, _ = danish_rules()
    return end.sub("", start.sub("", word))


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


TRANSLITERATED_RE = re.compile("aa|ae|oe")  # leftmost first, as JavaScript's replace
DANISH_LETTER = {"aa": "å", "ae": "æ", "oe": "ø"}
FOLDED_RE = re.compile("[åæøéäöü]")
FOLDED = {"å": "a", "æ": "e", "ø": "o", "é": "e", "ä": "e", "ö": "o", "ü": "u"}


def danish_letters(word: str) -> str:
    """aa/ae/oe as the Danish letters they usually transliterate."""
    return TRANSLITERATED_RE.sub(lambda m: DANISH_LETTER[m.group()], word)


def fold(term: str) -> str:
    """A stemmed term without Danish (and a few other accented) letters."""
    return FOLDED_RE.sub(lambda m: FOLDED[m.group()], term)


@lru_cache(maxsize=500_000)
def term(word: str) -> str:
    """The index term of a trimmed, lower-case word: its stem, folded."""
    return fold(stem(danish_letters(word)))


def is_stop_word(word: str) -> bool:
    stop_words = danish_rules()[2]
    return word in stop_words or danish_letters(word) in stop_words


def tokenize(text: str) -> list[str]:
    return [t for t in SEPARATOR_RE.split(text.lower()) if t]


def analyse(text: str) -> list[str]:
    """Index-time processing of lunr.da: trimmer, stop word filter, stemmer (with folding)."""
    out = []
    for token in tokenize(text):
        word = trim(token)
        if word and not is_stop_word(word):
            stemmed = term(word)
            if stemmed:
                out.append(stemmed)
    return out


# The same functions as lunr.py pipeline functions, under lunr.da's labels, so a
# serialised index names the pipeline that lunr.js + lunr.da will run.
def _token_fn(fn):
    def run(token: Token, i: int = 0, tokens: list | None = None):
        result = fn(str(token))
        if result is None or result == "":
            return None
        return token.update(lambda s, metadata=None: result)

    return run


def stop_filter_da(token: Token, i: int = 0, tokens: list | None = None):
    return None if is_stop_word(str(token)) else token


trimmer_da = _token_fn(trim)
stemmer_da = _token_fn(term)
for _fn, _label in ((trimmer_da, "trimmer-da"), (stop_filter_da, "stopWordFilter-da"), (stemmer_da, "stemmer-folded-da")):
    if _label not in Pipeline.registered_functions:
        Pipeline.register_function(_fn, _label)
