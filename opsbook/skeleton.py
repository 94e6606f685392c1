"""A new, valid entry file for `opsbook new`: every required field, with its description as a hint."""

from __future__ import annotations

from datetime import date

import yaml

from .kinds import Kind
from .schema import resolve, schema_for, schema_line


def skeleton(kind: Kind, entry_id: str, today: date) -> str:
    schema = schema_for(kind)
    sample = _sample_object(schema, schema, {"id": entry_id, "reviewed": today})
    optional = [name for name in schema["properties"] if name not in schema.get("required", ())]
    lines = [schema_line(kind),
             f"# A new {kind.label.lower()}. Replace every TODO; the schema reference page explains each field.",
             f"# Optional fields you may add: {', '.join(optional)}." if optional else "",
             yaml.safe_dump(sample, allow_unicode=True, sort_keys=False, width=100)]
    return "\n".join(line for line in lines if line).rstrip("\n") + "\n"


def _sample_object(node: dict, root: dict, given: dict) -> dict:
    return {name: given.get(name, _sample(resolve(prop, root), root))
            for name, prop in node["properties"].items() if name in node.get("required", ())}


def _sample(prop: dict, root: dict):
    if "enum" in prop:
        return prop["enum"][0]
    if prop.get("type") == "array":
        least = prop.get("minItems", 0)
        return [_sample(resolve(prop["items"], root), root) for _ in range(least)]
    if prop.get("type") == "object":
        return _sample_object(prop, root, {})
    return ("TODO: " + prop.get("description", "write this"))[: prop.get("maxLength", 200)]
