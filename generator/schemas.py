"""JSON Schemas (draft 2020-12) of the open data files, published beside them as
data/<name>.schema.json. The archive schema is composed of the others."""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object with exactly these properties (all required unless named otherwise)."""
    return {"type": "object", "properties": properties,
            "required": sorted(properties) if required is None else required, "additionalProperties": False}


TEXT = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "description": "YYYY-MM-DD, or YYYY-MM when the minutes do not give the day, or YYYY when they give only the year"}
URL = {"type": "string", "description": "absolute with the site's address, else a path from the site root"}
REF = _obj({"id": TEXT, "name": TEXT})
OTHER_NAMES = {"type": "array", "items": _obj({"name": TEXT})}
OUTCOME = {"oneOf": [{"type": "null"}, _obj({"id": TEXT, "label": TEXT})]}

EVENT = {
    "title": "Et møde (referat), formet som en Open Civic Data Event",
    **_obj({
        "id": {**TEXT, "description": "<forum-id>/<dato>, as in the meeting's URL"},
        "url": URL,
        "name": TEXT,
        "title": TEXT,
        "classification": {"const": "meeting"},
        "status": {"const": "passed"},
        "start_date": DATE,
        "start_date_precision": {"enum": ["day", "month", "year"]},
        "time": TEXT,
        "timezone": TEXT,
        "location": {"oneOf": [{"type": "null"}, _obj({"name": TEXT})]},
        "organization": _obj({"id": TEXT, "name": TEXT, "url": URL}),
        "chair": {"oneOf": [{"type": "null"}, REF]},
        "participants": {"type": "array", "items": _obj({
            "entity_type": {"const": "person"}, "entity_id": TEXT, "entity_name": TEXT,
            "status": {"enum": ["present", "absent", "guest", "secretary"]},
            "role": TEXT, "title": TEXT,
            "organization": {"oneOf": [{"type": "null"}, REF]},
            "on_behalf_of": {"oneOf": [{"type": "null"}, REF]},
            "items": {"type": "array", "items": TEXT}, "note": TEXT,
        })},
        "minutes_by": {"type": "array", "items": REF},
        "approved_by": {"type": "array", "items": REF},
        "agenda": {"type": "array", "items": _obj({
            "order": {"type": "integer", "minimum": 1},
            "number": {"type": "string", "pattern": r"^\d{1,3}[a-z]?$"},
            "title": TEXT,
            "url": URL,
            "outcome": OUTCOME,
            "texts": _obj({k: {**TEXT, "description": "Markdown"} for k in
                           ("background", "recommendation", "decision", "elaboration", "attachments")}, required=[]),
            "related_entities": {"type": "array", "items": _obj({
                "entity_type": {"enum": ["agreement", "person", "organization"]},
                "entity_id": TEXT, "entity_name": TEXT})},
        })},
        "sources": {"type": "array", "items": _obj({"note": TEXT, "url": TEXT, "file": TEXT}, required=[])},
        "inferred": {"type": "object", "additionalProperties": TEXT,
                     "description": "values not printed in the minutes but deduced by the editors, with the reason"},
        "review_needed": {"type": "boolean"},
    }),
}

MEMBERSHIP = _obj({"person_id": TEXT, "organization_id": TEXT, "role": TEXT, "start_date": DATE,
                   "end_date": DATE, "meetings": {"type": "integer", "minimum": 1}})
PERSON = _obj({"id": TEXT, "name": TEXT, "other_names": OTHER_NAMES, "url": URL})
ORGANIZATION = _obj({"id": TEXT, "name": TEXT, "classification": TEXT, "kind": TEXT, "cluster": TEXT,
                     "other_names": OTHER_NAMES, "url": URL},
                    required=["id", "name", "classification", "other_names", "url"])
POPOLO_PROPERTIES = {
    "persons": {"type": "array", "items": PERSON},
    "organizations": {"type": "array", "items": ORGANIZATION},
    "memberships": {"type": "array", "items": MEMBERSHIP},
}
POPOLO = {"title": "Personer, organisationer (og fora) og medlemskaber, formet som Popolo",
          **_obj(POPOLO_PROPERTIES)}

AGREEMENT = _obj({
    "id": TEXT, "name": TEXT, "other_names": OTHER_NAMES, "category": TEXT, "status": TEXT,
    "official_url": TEXT, "url": URL,
    "treatments": {"type": "array", "items": _obj({
        "event_id": TEXT, "forum_id": TEXT, "forum": TEXT, "date": DATE, "number": TEXT, "title": TEXT,
        "outcome": OUTCOME, "decision": {**TEXT, "description": "Markdown"}, "url": URL})},
})
AGREEMENTS = {"title": "Samarbejdsaftaler og deres behandling i fora",
              **_obj({"agreements": {"type": "array", "items": AGREEMENT}})}

ARCHIVE = {
    "title": "Hele det offentlige arkiv",
    **_obj({
        "licence": _obj({"name": TEXT, "url": TEXT}),
        "site": TEXT_OR_NULL,
        **POPOLO_PROPERTIES,
        "agreements": {"type": "array", "items": AGREEMENT},
        "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
    }),
    "$defs": {"event": {k: v for k, v in EVENT.items() if k != "title"}},
}

SCHEMAS = {
    name: {"$schema": DIALECT, **schema}
    for name, schema in (("moede", EVENT), ("popolo", POPOLO), ("aftaler", AGREEMENTS), ("arkiv", ARCHIVE))
}
