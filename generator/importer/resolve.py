"""Names in minutes to registry ids: exact names and aliases first (whole words, any case,
any spacing or hyphen between the words), then a fuzzy match (rapidfuzz) that is
reported for review, never taken silently."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import ContentError
from ..loader import load_registries
from ..model import Registries
from ..slugs import make_slug

FUZZY_THRESHOLD = 85


def _name_pattern(names: dict[str, str]) -> re.Pattern | None:
    """One pattern for all names, longest first, words joined by any spacing, dash or bracket."""
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        parts = [re.escape(w) for w in re.findall(r"\w+", name)]
        if parts:
            alternatives.append(r"[\s\-–,()/.]*".join(parts))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I)


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


@dataclass
class Match:
    id: str
    start: int
    end: int


class Resolver:
    def __init__(self, registries: Registries):
        self.registries = registries
        self._tables = {}
        for kind in ("people", "organisations", "forums", "agreements"):
            names = {}
            for entry in getattr(registries, kind).values():
                for name in (entry.name, *entry.aliases):
                    names[name] = entry.id
            self._tables[kind] = ({_key(n): i for n, i in names.items()}, _name_pattern(names))

    @classmethod
    def from_content(cls, content: Path) -> Resolver:
        errors: list[ContentError] = []
        return cls(load_registries(content, errors))

    def find(self, kind: str, text: str) -> list[Match]:
        keys, pattern = self._tables[kind]
        if pattern is None:
            return []
        return [Match(keys[_key(m.group(0))], m.start(), m.end()) for m in pattern.finditer(text)
                if _key(m.group(0)) in keys]

    def people_in(self, text: str) -> list[tuple[str, int, int]]:
        return [(m.id, m.start, m.end) for m in self.find("people", text)]

    def organisation_in(self, text: str) -> tuple[str, tuple[int, int] | None]:
        found = self.find("organisations", text)
        return (found[-1].id, (found[-1].start, found[-1].end)) if found else ("", None)

    def forums_in(self, text: str) -> list[str]:
        return [m.id for m in self.find("forums", text)]

    def by_initials(self, initials: str) -> list[str]:
        """People whose names' initials are these letters ('IKA' → Inge Kjær Andersen)."""
        wanted = initials.strip().upper()
        if not re.fullmatch(r"[A-ZÆØÅ]{2,4}", wanted):
            return []
        return sorted({p.id for p in self.registries.people.values()
                       for n in (p.name, *p.aliases) if "".join(w[0] for w in re.findall(r"\w+", n)).upper() == wanted})

    def fuzzy_person(self, name: str) -> tuple[str, float] | None:
        """The closest registered person, if close enough to propose."""
        choices = {}
        for person in self.registries.people.values():
            for n in (person.name, *person.aliases):
                choices[n] = person.id
        if not choices:
            return None
        best = process.extractOne(name, list(choices), scorer=fuzz.token_sort_ratio)
        if best and best[1] >= FUZZY_THRESHOLD:
            return choices[best[0]], best[1]
        return None


def proposed_id(name: str) -> str:
    return make_slug(name)
