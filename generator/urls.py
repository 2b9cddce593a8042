"""Where things live on the site: the path of each kind of page, from the site root."""

from __future__ import annotations

# Registry -> the folder of its entries' pages.
ENTITY_FOLDERS = {"forums": "fora", "people": "personer", "organisations": "organisationer", "agreements": "aftaler"}


def entity_path(registry: str, ident: str) -> str:
    """The page of a registry entry, e.g. entity_path("people", "bo-test") == "personer/bo-test/"."""
    return f"{ENTITY_FOLDERS[registry]}/{ident}/"
