"""Danish presentation of dates and numbers, and Danish sort order (æ, ø, å last; aa sorts as å)."""

from __future__ import annotations

from functools import lru_cache

import icu
from babel.dates import format_date

from .model import MeetingDate

LOCALE = "da"
NO_DAY_NOTE = "dato ikke angivet i referatet"


def number_text(n: int) -> str:
    """12.345: Danish groups thousands with a full stop (a count of a large archive reads
    as one number, not as a year or a code)."""
    return f"{n:,}".replace(",", ".")


# A large archive shows the same few thousand dates tens of thousands of times; babel is slow.
@lru_cache(maxsize=65_536)
def date_text(date: MeetingDate) -> str:
    """'27. januar 2021', or 'juni 2021' for a month-precise date, '2021' for a year."""
    if date.month is None:
        return str(date.year)
    if date.precise:
        return format_date(date.as_date(), "d. MMMM y", locale=LOCALE)
    return format_date(date.as_date(), "MMMM y", locale=LOCALE)


@lru_cache(maxsize=65_536)
def date_long(date: MeetingDate) -> str:
    """'onsdag 27. januar 2021', or 'juni 2021 (dato ikke angivet i referatet)' (also '2021 (...)')."""
    if date.precise:
        return format_date(date.as_date(), "EEEE d. MMMM y", locale=LOCALE)
    return f"{date_text(date)} ({NO_DAY_NOTE})"


@lru_cache(maxsize=1)
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("da_DK"))


def sort_key(text: str) -> bytes:
    return _collator().getSortKey(text)


def initial(text: str) -> str:
    """The letter a name is filed under in an A-Å list ('Aa' is filed under Å)."""
    stripped = text.strip()
    if not stripped:
        return "#"
    if stripped[:2].casefold() == "aa":
        return "Å"
    first = stripped[0].upper()
    return first if first.isalpha() else "#"
