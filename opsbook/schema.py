"""JSON Schemas generated from the models, and the rows of the schema reference page."""

from __future__ import annotations

import json
from pathlib import Path

from .fields import ID_PATTERN, ONE_LINE_PATTERN, TAG_PATTERN, URL_PATTERN
from .kinds import Kind, all_kinds
from .publish import write_file

SCHEMA_DIR = "schemas"  # at the top of the repository, next to playbooks/


def schema_line(kind: Kind) -> str:
    """The first line of every playbook file: tells YAML-aware editors which schema applies."""
    return f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/{kind.schema_file}"


def schema_for(kind: Kind) -> dict:
    schema = kind.model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://opsbook.invalid/schemas/{kind.schema_file}",
            **schema, "title": f"Opsbook {kind.label.lower()}", "description": kind.description}


def schema_text(kind: Kind) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)  # the folder itself, never missing folders above it (a typo would hide)
    written = []
    for kind in all_kinds():
        path = folder / kind.schema_file
        write_file(path, schema_text(kind))
        written.append(path)
    return written


def stale_schemas(folder: Path) -> list[Path]:
    """Schema files that are missing or differ from what the models generate."""
    stale = []
    for kind in all_kinds():
        path = folder / kind.schema_file
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(kind):
            stale.append(path)
    return stale


def field_rows(kind: Kind) -> list[dict]:
    """One row per field (nested fields as `parent[].child`), for the schema reference page."""
    schema = schema_for(kind)
    return list(_rows(schema, schema, ""))


def _rows(node: dict, root: dict, prefix: str):
    required = set(node.get("required", ()))
    for name, prop in node.get("properties", {}).items():
        prop = resolve(prop, root)
        path = f"{prefix}{name}"
        item = resolve(prop.get("items", {}), root) if prop.get("type") == "array" else None
        yield {"name": path, "required": name in required, "type": _type_text(prop, item),
               "description": prop.get("description", ""), "allowed": _allowed(item or prop)}
        if item and "properties" in item:
            yield from _rows(item, root, path + "[].")


def resolve(prop: dict, root: dict) -> dict:
    if "$ref" in prop:
        return {**root["$defs"][prop["$ref"].split("/")[-1]], **{k: v for k, v in prop.items() if k != "$ref"}}
    if "anyOf" in prop:  # optional fields: "X or null"
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        return {**resolve(options[0], root), **{k: v for k, v in prop.items() if k != "anyOf"}}
    return prop


_PATTERN_TYPES = {ONE_LINE_PATTERN: "one line of text", ID_PATTERN: "an id (lowercase words joined by hyphens)",
                  TAG_PATTERN: "a tag (letters, digits, spaces, hyphens)", URL_PATTERN: "a web address (https://…)"}


def _type_text(prop: dict, item: dict | None) -> str:
    if item is not None:
        inner = "a group of the fields below" if "properties" in item else _type_text(item, None)
        least = prop.get("minItems")
        return "list" + (f" of at least {least}" if least else "") + f"; each item: {inner}"
    if prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if "enum" in prop:
        return "one value from the list"
    text = _PATTERN_TYPES.get(prop.get("pattern"), "text" if prop.get("type") == "string" else "value")
    if "maxLength" in prop and prop.get("pattern") != URL_PATTERN:
        text += f", up to {prop['maxLength']:,} characters"
    return text


def _allowed(prop: dict) -> list[str]:
    return [str(v) for v in prop.get("enum", [])]
