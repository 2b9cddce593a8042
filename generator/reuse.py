"""What feeds and data files say about an item beyond the model: its outcome (when the
archive records one) and the plain text of its sections."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .model import Item, Meeting
from .render import ItemRenderer, html_text
from .search.documents import excerpt

try:  # the outcome of an item (vedtaget, taget til efterretning ...), where the archive has it
    from .outcomes import LABELS as OUTCOME_LABELS
except ImportError:  # pragma: no cover - before outcomes exist
    OUTCOME_LABELS: dict[str, str] = {}

# A published file: its site path, its inputs (the digests it is made from; None: made
# every build) and how to make it (the bytes, or an iterable of pieces of a large file).
Made = tuple[str, str | None, Callable[[], bytes | Iterable[bytes]]]
OPENING_WORDS = 300
# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def file_inputs(items: ItemRenderer, registries_digest: str, *lines: str, meetings: Iterable[Meeting] = ()) -> str:
    """A published file's inputs (see Made): the public registries, what else it says, and
    each meeting it shows as shown (ItemRenderer.shown)."""
    return "\n".join([registries_digest, *lines, *(items.shown(m) for m in meetings)])


def outcome(item: Item) -> tuple[str, str]:
    """(id, Danish label) of the item's outcome, or ('', '')."""
    ident = getattr(item, "outcome", None) or ""
    if not isinstance(ident, str):
        ident = str(ident)
    return ident, (OUTCOME_LABELS.get(ident, ident) if ident else "")


def public_items(meeting: Meeting) -> list[Item]:
    """A closed item's stub says nothing and is not data: feeds and files leave it out."""
    return [item for item in meeting.items if item.public] if meeting.public else []


def section_texts(items: ItemRenderer, meeting: Meeting, item: Item) -> dict[str, str]:
    """Plain text of each section that has text, keyed by the Danish section name."""
    rendered = items(meeting, item)
    texts = {"Baggrund": html_text(rendered.background_html)} if rendered.background_html else {}
    texts.update({kind: html_text(html) for kind, html in rendered.sections_html.items()})
    return {k: v for k, v in texts.items() if v}


def opening_words(text: str, limit: int = OPENING_WORDS) -> str:
    return excerpt(text, limit)


def xml_safe(text: str) -> str:
    return _NOT_XML_RE.sub("", text)
