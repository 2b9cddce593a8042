"""An agreement's history as a story: its treatments in date order, the sentence that names
it, a one-glance summary, and a small chart (inline SVG made at build time: years along, forums
down, one mark per treatment shaped and coloured by outcome, each mark a link)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from .outcomes import LABELS, OUTCOMES, sentences

OPENING_WORDS = 25
MENTION_WORDS = 40

# Marks of the chart: a shape per outcome (so colour is never the only signal), with the
# badge's text colour.
COLOURS = {
    "godkendt": "#15532a", "anbefalet": "#123f85", "afvist": "#8e1520", "udsat": "#6b4100",
    "droeftet": "#4b2a84", "taget-til-efterretning": "#2f3f48", "ikke-angivet": "#4d4d4d",
}


def _shape(outcome: str, x: float, y: float, r: float = 6.5) -> str:
    c = COLOURS[outcome]
    if outcome == "godkendt":  # filled circle
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{c}"/>'
    if outcome == "anbefalet":  # triangle pointing on
        return f'<path d="M{x - r:.1f},{y - r:.1f} L{x + r:.1f},{y:.1f} L{x - r:.1f},{y + r:.1f} Z" fill="{c}"/>'
    if outcome == "afvist":  # cross
        return (f'<path d="M{x - r:.1f},{y - r:.1f} L{x + r:.1f},{y + r:.1f} M{x + r:.1f},{y - r:.1f} L{x - r:.1f},{y + r:.1f}" '
                f'stroke="{c}" stroke-width="3" fill="none"/>')
    if outcome == "udsat":  # hollow square
        return (f'<rect x="{x - r + 1:.1f}" y="{y - r + 1:.1f}" width="{2 * r - 2:.1f}" height="{2 * r - 2:.1f}" '
                f'fill="#fff" stroke="{c}" stroke-width="2.5"/>')
    if outcome == "droeftet":  # diamond
        return (f'<path d="M{x:.1f},{y - r - 1:.1f} L{x + r + 1:.1f},{y:.1f} L{x:.1f},{y + r + 1:.1f} '
                f'L{x - r - 1:.1f},{y:.1f} Z" fill="{c}"/>')
    if outcome == "taget-til-efterretning":  # hollow circle
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r - 1:.1f}" fill="#fff" stroke="{c}" stroke-width="2.5"/>'
    return f'<rect x="{x - r:.1f}" y="{y - 1.5:.1f}" width="{2 * r:.1f}" height="3" fill="{c}"/>'  # a dash


def legend_svg(outcome: str) -> str:
    """A small mark for the legend beside its label (decorative: the label says it)."""
    return (f'<svg class="ra-mark" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
            f'{_shape(outcome, 8, 8)}</svg>')


@dataclass(frozen=True)
class Mark:
    year: int
    month: int | None  # None: the meeting's date gives only the year
    day: int
    forum: str  # display name
    url: str
    outcome: str
    title: str  # what the mark's <title> says


# Past this many items a chart shows, per year and forum, how many there are: marks of one
# forum and year would pile up past their cell, and each is a link of its own.
CHART_MARKS = 200


def _grid(years: list[int], forums: list[str], label: str) -> tuple[list[str], int, int, int, int]:
    """The chart's frame (forums down, years along) as SVG parts, with where its cells are:
    the left edge of the first column, the column and row sizes, and the top."""
    left, col, row, top = min(20 + 7 * max(len(f) for f in forums), 300), 130, 34, 10
    width, height = left + col * len(years) + 10, top + row * len(forums) + 30
    out = [f'<svg class="ra-chart-svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="group" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
           f"<title>{escape(label)}</title>"]
    for n, forum in enumerate(forums):
        y = top + row * n + row / 2
        out.append(f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" class="ra-chart-forum">{escape(forum)}</text>')
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" class="ra-chart-grid"/>')
    for n, year in enumerate(years):
        x = left + col * n
        out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{height - 25}" class="ra-chart-grid"/>')
        out.append(f'<text x="{x + col / 2:.1f}" y="{height - 8}" text-anchor="middle" class="ra-chart-year">{year}</text>')
    return out, left, col, row, top


def chart_svg(marks: list[Mark], label: str) -> str:
    """The chart as inline SVG; every text escaped. Empty without marks."""
    if not marks:
        return ""
    years = list(range(min(m.year for m in marks), max(m.year for m in marks) + 1))
    forums = sorted({m.forum for m in marks})
    out, left, col, row, top = _grid(years, forums, label)
    placed: Counter = Counter()
    for m in marks:
        slot = (m.forum, m.year, m.month, m.day)
        # Where in its year; a date known only by its year sits in the middle.
        fraction = ((m.month or 7) - 1 + (m.day or 15) / 31) / 12 if m.month else 0.5
        x = left + col * (years.index(m.year) + fraction) + 14 * placed[slot]
        placed[slot] += 1
        y = top + row * forums.index(m.forum) + row / 2
        out.append(f'<a href="{escape(m.url)}" class="ra-chart-mark"><title>{escape(m.title)}</title>{_shape(m.outcome, x, y)}</a>')
    out.append("</svg>")
    return "".join(out)


def count_chart_svg(cells: Counter, label: str, year_urls: dict[int, str]) -> str:
    """The chart of many items: the number of items of each (forum, year) in its cell, a
    link to that year's page where `year_urls` has one. Empty without cells."""
    if not cells:
        return ""
    years = list(range(min(y for _, y in cells), max(y for _, y in cells) + 1))
    forums = sorted({f for f, _ in cells})
    out, left, col, row, top = _grid(years, forums, label)
    for (forum, year), count in sorted(cells.items()):
        x, y = left + col * (years.index(year) + 0.5), top + row * forums.index(forum) + row / 2
        title = f"{forum}, {year}: {count} {'punkt' if count == 1 else 'punkter'}"
        text = (f'<title>{escape(title)}</title><text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle" '
                f'class="ra-chart-count">{count}</text>')
        url = year_urls.get(year)
        out.append(f'<a href="{escape(url)}" class="ra-chart-mark">{text}</a>' if url else f"<g>{text}</g>")
    out.append("</svg>")
    return "".join(out)


def outcome_counts(outcomes) -> list[dict[str, object]]:
    counts = Counter(outcomes)
    return [{"id": o, "label": LABELS[o], "count": counts[o], "mark_svg": legend_svg(o)} for o in OUTCOMES if counts[o]]


# --- the sentence that names the agreement ----------------------------------------------


def _link_text_marked(markdown: str, agreement_id: str) -> str:
    """An explicit link to the agreement keeps its text between marker characters."""
    return re.sub(r"\[([^\]]*)\]\(aftale:" + re.escape(agreement_id) + r"\)", "\x01\\1\x02", markdown)


@lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\x01([^\x02]*)\x02|(?<!\w)(" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)


def mention(texts: list[str], agreement_id: str, names: list[str]) -> dict[str, str] | None:
    """The first sentence of the item naming the agreement, split around the name:
    {"before", "name", "after"} (plain text; the template marks the name)."""
    pattern = _names_pattern(tuple(names))
    for text in texts:
        for sentence in sentences(_link_text_marked(text, agreement_id)):
            match = pattern.search(sentence)
            if match is None:
                continue
            name = match.group(1) if match.group(1) is not None else match.group(2)
            before = sentence[:match.start()].replace("\x01", "").replace("\x02", "")
            after = sentence[match.end():].replace("\x01", "").replace("\x02", "")
            return {"before": _tail(before), "name": name, "after": _head(after)}
    return None


def _tail(text: str) -> str:
    words = text.split(" ")
    half = MENTION_WORDS // 2
    return text if len(words) <= half else "… " + " ".join(words[-half:])


def _head(text: str) -> str:
    words = text.split(" ")
    half = MENTION_WORDS // 2
    return text if len(words) <= half else " ".join(words[:half]) + " …"


def opening_words(markdown: str, limit: int = OPENING_WORDS) -> str:
    """The decision's opening words, as plain text."""
    words = " ".join(sentences(markdown)).split()
    return " ".join(words) if len(words) <= limit else " ".join(words[:limit]) + " …"
