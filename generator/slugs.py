"""Ids: URL slugs with Danish transliteration (æ→ae, ø→oe, å→aa)."""

from __future__ import annotations

from slugify import slugify

DANISH = [["æ", "ae"], ["ø", "oe"], ["å", "aa"], ["Æ", "Ae"], ["Ø", "Oe"], ["Å", "Aa"]]


def make_slug(text: str) -> str:
    return slugify(text, replacements=DANISH)


def is_slug(text: str) -> bool:
    return bool(text) and make_slug(text) == text
