"""A saved meeting page of a minutes portal to text lines, structure from the markup.

Each block element (heading, paragraph, list point, table row) becomes one line; a table
row's cells are joined with " | " so a participant table stays one person per line. The
page's chrome goes: scripts, styles, navigation, forms, buttons (the fold in/out controls
of portals) and elements the page hides."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

DROP = {"script", "style", "noscript", "nav", "button", "form", "select", "template", "svg", "iframe",
        "head", "footer", "input", "label", "menu", "object", "embed"}
BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
         "header", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "blockquote", "pre", "caption",
         "address", "figure", "figcaption", "aside", "details", "summary", "hr", "br"}
CELLS = {"td", "th"}


def html_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    lines: list[str] = [title] if title else []
    current: list[str] = []
    _walk(soup.body or soup, lines, current)
    _flush(lines, current)
    return "\n".join(lines)


def _hidden(tag: Tag) -> bool:
    style = (tag.get("style") or "").replace(" ", "").lower()
    return tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or "display:none" in style \
        or tag.get("role") in ("navigation", "button", "search", "banner", "contentinfo")


def _walk(node: Tag, lines: list[str], current: list[str]) -> None:
    for child in node.children:
        if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            current.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in DROP or _hidden(child):
            continue
        if child.name == "tr":
            _flush(lines, current)
            cells = [" ".join(c.get_text(" ", strip=True).split()) for c in child.find_all(CELLS, recursive=False)]
            if any(cells):
                lines.append(" | ".join(c for c in cells if c))
            continue
        block = child.name in BLOCK
        if block:
            _flush(lines, current)
        _walk(child, lines, current)
        if block:
            _flush(lines, current)


def _flush(lines: list[str], current: list[str]) -> None:
    text = " ".join("".join(current).split())
    current.clear()
    if text:
        lines.append(text)
