"""Danish text analysis exactly as lunr.js + lunr-languages (lunr.da) does it in the browser.

lunr.py's own Danish support downloads NLTK stop words (impossible offline) and trims
letters outside its alphabet ("covid" → "ovid"). Instead, the word characters and stop
words are read from the very lunr.da script the site ships, and stemming uses the
Snowball Danish algorithm that lunr.da is a port of, so index time (here) and query time
(in the browser) process words identically.
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


def is_stop_word(word: str) -> bool:
    return word in danish_rules()[2]


def tokenize(text: str) -> list[str]:
    return [t for t in SEPARATOR_RE.split(text.lower()) if t]


def analyse(text: str) -> list[str]:
    """Index-time processing of lunr.da: trimmer, stop word filter, stemmer."""
    out = []
    for token in tokenize(text):
        word = trim(token)
        if word and not is_stop_word(word):
            stemmed = stem(word)
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
stemmer_da = _token_fn(stem)
for _fn, _label in ((trimmer_da, "trimmer-da"), (stop_filter_da, "stopWordFilter-da"), (stemmer_da, "stemmer-da")):
    if _label not in Pipeline.registered_functions:
        Pipeline.register_function(_fn, _label)
