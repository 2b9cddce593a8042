"""Explicit links in content text, `[text](kind:target)`: their syntax is read here only.

The loader finds them with LINK_RE, the archive drops those to meetings the public view
leaves out (unlink), and the renderer asks split_href which of Markdown's link addresses
are ours; a change to the syntax is made in this one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .urls import LINK_KINDS

# Link text may nest brackets one level, as Markdown's; each quantifier stops at a bracket,
# so a run of unmatched '[' costs linear time, not quadratic.
_TEXT = r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*+\])*+)\]"
LINK_RE = re.compile(_TEXT + r"\((?P<kind>" + "|".join(LINK_KINDS) + r"):(?P<target>[^()\[\]\s]*+)\)")
# Any Markdown link, web links too (an address may hold one level of parentheses).
ANY_LINK_RE = re.compile(_TEXT + r"\((?:[^()]|\([^()]*+\))*+\)")


def split_href(href: str) -> tuple[str, str] | None:
    """(kind, target) of a link address of ours ('moede:x/2021-01-27'), else None."""
    kind, sep, target = href.partition(":")
    return (kind, target) if sep and kind in LINK_KINDS else None


def unlink(text: str, drop: Callable[[str, str], bool]) -> str:
    """The text with each link for which drop(kind, target) holds reduced to its text
    (links nested in a kept link's text too)."""
    if not text or "](" not in text:
        return text

    def one(m: re.Match) -> str:
        inner = unlink(m["text"], drop)
        if drop(m["kind"], m["target"]):
            return inner
        return m.group(0) if inner == m["text"] else f"[{inner}]({m['kind']}:{m['target']})"

    return LINK_RE.sub(one, text)


def link_texts(text: str) -> str:
    """Markdown with every link (ours and web links) reduced to its text."""
    return ANY_LINK_RE.sub(lambda m: m["text"], text)
