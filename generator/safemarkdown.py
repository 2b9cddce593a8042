"""Markdown that content cannot turn into script or a hang.

The `SafeMarkdown` extension is used for every Markdown text the site shows: item texts,
preambles, registry descriptions (render.py) and the hand-written pages of content/pages/
(plugin.py). It

- shows raw HTML as text instead of passing it through;
- drops every link address, image source and other URL attribute that is not a web, mail
  or phone address or a relative link, judged as the browser will read it: after decoding
  character references, removing tab and newline and stripping leading control characters
  (`&#106;avascript:`, `jav&#x09;ascript:` and `javascript&colon;` are all `javascript:`);
- drops event-handler attributes (`on...`) whichever extension made them;
- gives Python-Markdown's link patterns regular expressions that find only well-formed
  links. Python-Markdown tries every '[' as a link and scans the rest of the paragraph for
  its ']' and ')', and starts again from the top after each link it finds, so a paragraph
  of unmatched brackets took time growing with the square (or cube) of its length. Here
  a '[' that starts no link is skipped by the regular expression engine itself.
"""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import (
    NOIMG,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# Attributes a browser reads as a URL (of those HTML elements Markdown extensions make).
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "background", "cite",
                  "data", "longdesc", "usemap", "xlink:href", "ping"}

_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def browser_url(value: str) -> str:
    """An attribute value as the browser's URL parser gets it: character references decoded
    (html.unescape decodes at least every reference a browser decodes in an attribute),
    then tab and newline removed and leading and trailing C0 controls and spaces stripped,
    as the WHATWG URL parser does."""
    value = html.unescape(value.replace(util.AMP_SUBSTITUTE, "&"))
    return _TAB_NEWLINE_RE.sub("", value).strip(_C0_AND_SPACE)


def is_safe_url(value: str) -> bool:
    """Web, mail and phone addresses and relative links; no javascript:, data: and the like."""
    scheme = _SCHEME_RE.match(browser_url(value))
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


class _SafeAttributes(Treeprocessor):
    """Runs after every other tree processor: what it leaves is what is written."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                key = name.lower()
                if key.startswith("on") or (key in URL_ATTRIBUTES and not is_safe_url(element.attrib[name])):
                    del element.attrib[name]  # the link text or image alt stays


# The text of a link, up to its ']': brackets may nest one level, as in "[a [b] c](d)".
_TEXT = r"(?:[^\[\]]|\[[^\[\]]*+\])*+\]"
# An inline link's '(address "title")', parentheses nested one level, or '(<address> "title")'.
_DESTINATION = r"""(?:\((?:[^()]|\([^()]*+\))*+\)|\(\s*<[^<>]*>\s*(?:"[^"]*"|'[^']*')?\s*\))"""
_REFERENCE = r"\s?\[[^\]]*\]"
_LINK_PATTERNS = {
    # name: (Python-Markdown's processor, its priority there, a pattern matching only where
    # that processor can succeed)
    "reference": (ReferenceInlineProcessor, 170, NOIMG + r"\[(?=" + _TEXT + _REFERENCE + ")"),
    "link": (LinkInlineProcessor, 160, NOIMG + r"\[(?=" + _TEXT + _DESTINATION + ")"),
    "image_link": (ImageInlineProcessor, 150, r"\!\[(?=" + _TEXT + _DESTINATION + ")"),
    "image_reference": (ImageReferenceInlineProcessor, 140, r"\!\[(?=" + _TEXT + _REFERENCE + ")"),
    "short_reference": (ShortReferenceInlineProcessor, 130, NOIMG + r"\[(?=" + _TEXT + ")"),
    "short_image_ref": (ShortImageReferenceInlineProcessor, 125, r"\!\[(?=" + _TEXT + ")"),
}


class SafeMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Raw HTML in content is shown as text, never passed through (no markup injection).
        if "html_block" in md.preprocessors:
            md.preprocessors.deregister("html_block")
        if "html" in md.inlinePatterns:
            md.inlinePatterns.deregister("html")
        for name, (processor, priority, pattern) in _LINK_PATTERNS.items():
            md.inlinePatterns.register(processor(pattern, md), name, priority)
        md.treeprocessors.register(_SafeAttributes(md), "referat-safe-attributes", -1000)
