"""Rules for the text of content files that keep pages readable and builds bounded.

- Control characters (C0 but tab and newline, DEL, C1), the invisible characters that
  override the direction of text (U+202A-U+202E, U+2066-U+2069), line and paragraph
  separators and noncharacters have no place in minutes: they break the generated pages'
  headers, or make a name or title read differently from what it says. They are refused
  wherever they occur, also written as a character reference (`&#x202E;`) in Markdown.
- Markdown whose shape would make rendering slow or crash is refused: lists and quotes
  nested deeper than MAX_NESTING (Python-Markdown recurses per level), and a block (lines
  without a blank line between them) longer than MAX_BLOCK_LINES or MAX_BLOCK_CHARS
  (Python-Markdown searches a block again for each heading, rule or quote it splits off,
  so its time grows with the square of the block's size).

Each check returns (line, message) pairs; the caller adds the file.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from .danish import number_text

MAX_NESTING = 10
MAX_BLOCK_LINES = 300
MAX_BLOCK_CHARS = 20_000

_DIRECTION = "\u202a-\u202e\u2066-\u2069"
_SEPARATORS = "\u2028\u2029"  # line and paragraph separator: line breaks in a one-line field
# Noncharacters are not for text at all (U+FFFE and U+FFFF also break YAML); those beyond
# the BMP (U+1FFFE ...) are found by a range, then told apart, which keeps the regex fast.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
_ASTRAL = "\U00010000-\U0010ffff"
_FORBIDDEN_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_DIRECTION}{_SEPARATORS}{_NONCHARACTERS}{_ASTRAL}]")


def _is_forbidden(char: str) -> bool:
    return char < "\U00010000" or ord(char) & 0xFFFE == 0xFFFE
# A numeric character reference, leading zeros aside (a longer number is no character).
_CHAR_REFERENCE_RE = re.compile(r"&#(?:0*([0-9]{1,8})(?![0-9])|[xX]0*([0-9a-fA-F]{1,7})(?![0-9a-fA-F]));?")


def describe(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)' for an error message."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _forbidden_message(char: str) -> str:
    if re.match(f"[{_DIRECTION}]", char):
        return (f"an invisible character that changes the direction of text, {describe(char)}; "
                "remove it (it makes text read differently from what it says)")
    what = ("a line or paragraph separator" if char in _SEPARATORS
            else "a noncharacter (not for use in text)" if ord(char) & 0xFFFE == 0xFFFE or "\ufdd0" <= char <= "\ufdef"
            else "a control character")
    return f"{what}, {describe(char)}; remove it (it often comes from copying out of a PDF or Word)"


def forbidden_characters(text: str, first_line: int = 1, references: bool = False) -> list[tuple[int, str]]:
    """Control and text-direction characters in `text`, and with `references` also the
    character references (`&#127;`) that a browser turns into one."""
    found = []
    for m in _FORBIDDEN_RE.finditer(text):
        if _is_forbidden(m.group()):
            found.append((first_line + text.count("\n", 0, m.start()), _forbidden_message(m.group())))
    if references and "&#" in text:
        for m in _CHAR_REFERENCE_RE.finditer(text):
            char = _referenced_character(int(m[1]) if m[1] else int(m[2], 16))
            if _FORBIDDEN_RE.match(char) and _is_forbidden(char):
                found.append((first_line + text.count("\n", 0, m.start()),
                              f"'{m.group()}' writes {_forbidden_message(char)}"))
    return found


def _referenced_character(code: int) -> str:
    """The character a browser makes of a numeric reference (html.unescape drops controls)."""
    if 0x80 <= code <= 0x9F:  # read as Windows-1252, where that code has a character
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return chr(code) if code < 0x110000 else ""


def forbidden_in_value(value: str) -> str | None:
    """The message for the first forbidden character in a single value, or None."""
    char = next((m.group() for m in _FORBIDDEN_RE.finditer(value) if _is_forbidden(m.group())), None)
    return None if char is None else _forbidden_message(char)


# --- the shape of Markdown --------------------------------------------------------------

_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")
# Only a line whose start is at least MAX_NESTING + 1 characters of markers and indentation
# can be nested that deep: found by the regex engine, then measured.
# (A newline first, not '^' with MULTILINE: the regex engine skips to newlines much faster.)
_DEEP_CANDIDATE_RE = re.compile(rf"\n[ \t>*+\-.)0-9]{{{MAX_NESTING + 1}}}")
_MARKER_RE = re.compile(r">|(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$)")
# A horizontal rule as Python-Markdown reads one (at most two spaces between the marks).
_RULE_RE = re.compile(r"(?>(?:-+ {0,2}){3,}|(?:_+ {0,2}){3,}|(?:\*+ {0,2}){3,}) *$")


def nesting_depth(line: str) -> int:
    """How deep a line's lists and quotes can nest: one level per '>' or list marker at its
    start, and one per four columns of indentation before or between them (but the one
    space that belongs to each marker)."""
    line = line.expandtabs(4)
    pos, markers, spaces = 0, 0, 0
    while True:
        start = pos
        while pos < len(line) and line[pos] == " ":
            pos += 1
        spaces += max(0, pos - start - (1 if markers else 0))
        if _RULE_RE.match(line, pos):  # '* * *' is a rule, not three lists
            break
        marker = _MARKER_RE.match(line, pos)
        if marker is None:
            break
        markers += 1
        pos = marker.end()
    return markers + spaces // 4 if markers else 0


def markdown_shape(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Blocks too long, and lists or quotes nested too deep (once per block)."""
    text = "\n" + text  # every line now starts after a newline; positions shift by one
    first_line -= 1
    small = len(text) <= MAX_BLOCK_CHARS and text.count("\n") <= MAX_BLOCK_LINES
    if small and _DEEP_CANDIDATE_RE.search(text) is None:
        return []  # no block can be too long, no line nested too deep
    blocks = _blocks(text)
    found = []
    for start, end in [] if small else blocks:
        lines = text.count("\n", start, end) + 1
        if lines > MAX_BLOCK_LINES:
            found.append((start, f"{number_text(lines)} lines", f"{MAX_BLOCK_LINES} lines"))
        elif end - start > MAX_BLOCK_CHARS:
            found.append((start, f"{number_text(end - start)} characters", f"{number_text(MAX_BLOCK_CHARS)} characters"))
    problems = [(pos, f"{what} without a blank line between them (at most {limit} in one paragraph, list, "
                      "table or quote); put a blank line between paragraphs") for pos, what, limit in found]
    deep_blocks: set[int] = set()
    for m in _DEEP_CANDIDATE_RE.finditer(text):
        start = m.start() + 1
        end = text.find("\n", start)
        depth = nesting_depth(text[start:end if end >= 0 else len(text)])
        block = bisect.bisect_right(blocks, (start, len(text) + 1)) - 1
        if depth > MAX_NESTING and block not in deep_blocks:
            deep_blocks.add(block)
            problems.append((start, f"lists or quotes nested {depth} levels deep (at most {MAX_NESTING}); "
                                        "nest fewer lists and quotes inside each other"))
    return sorted((first_line + text.count("\n", 0, pos), message) for pos, message in problems)


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of lines without a blank line between them, in order."""
    blocks, start = [], 0
    for m in [*_BLANK_LINES_RE.finditer(text), None]:
        end = m.start() if m else len(text.rstrip("\n"))
        while start < end and text[start] == "\n":
            start += 1
        if start < end:
            blocks.append((start, end))
        start = m.end() if m else end
    return blocks


