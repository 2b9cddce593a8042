"""Re-flowing extracted lines into Markdown paragraphs and lists.

PDF text has one line per printed line, often with blank lines between all of them, so
blank lines say nothing. A line continues the previous one when that one was wrapped at
the margin (long), ended in a hyphen, or the line starts in lower case; bullets (•, o, -,
▪) and numbered or lettered points (1. / A.) start list items."""

from __future__ import annotations

import re

from .clean import Line

BULLET_RE = re.compile(r"^(?:[•▪●◦·]|o(?=\s)|-(?=\s)|–(?=\s))\s*")
NUMBERED_RE = re.compile(r"^(\d{1,2}|[A-Ea-e])[.)]\s+")


def line_width(lines: list[Line]) -> int:
    """The printed line width: most lines of running text are nearly this long."""
    lengths = sorted(len(line.text) for line in lines) or [80]
    return max(40, lengths[int(len(lengths) * 0.8) - 1 if len(lengths) > 1 else 0])


def to_markdown(lines: list[Line], width: int) -> str:
    blocks: list[str] = []
    kinds: list[str] = []  # "p", "ul", "ol"
    previous = ""
    for line in lines:
        text = line.text
        bullet, numbered = BULLET_RE.match(text), NUMBERED_RE.match(text)
        if bullet:
            blocks.append("- " + text[bullet.end():].strip())
            kinds.append("ul")
        elif numbered:
            marker = numbered[1]
            blocks.append((f"{marker}. " if marker.isdigit() else f"{marker}. ") + text[numbered.end():].strip())
            kinds.append("ol" if marker.isdigit() else "p")
        elif blocks and _continues(previous, text, width):
            joint = "" if re.search(r"\w-$", blocks[-1]) and text[:1].islower() else " "
            blocks[-1] = (blocks[-1][:-1] if joint == "" else blocks[-1]) + joint + text
        else:
            blocks.append(text)
            kinds.append("p")
        previous = text
    return _join(blocks, kinds)


def _continues(previous: str, text: str, width: int) -> bool:
    if previous.endswith("-") or text[:1].islower():
        return True
    return len(previous) >= 0.8 * width and not re.search(r"[.:!?]$", previous)


def _join(blocks: list[str], kinds: list[str]) -> str:
    out = []
    for n, block in enumerate(blocks):
        if n and not (kinds[n] in ("ul", "ol") and kinds[n - 1] == kinds[n]):
            out.append("")  # blank line between paragraphs, and around lists
        out.append(_escape(block, kinds[n]))
    return "\n".join(out).strip()


def _escape(block: str, kind: str) -> str:
    """Text that Markdown would read as markup it is not: headings, and '1.' paragraphs."""
    if kind == "p" and re.match(r"^(#|\d+\.\s|>)", block):
        return "\\" + block
    return block
