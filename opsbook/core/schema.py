"""JSON Schemas generated from the models, and the rows of the schema reference page.

Editors (yaml-language-server, the engine of VS Code's YAML extension) check and complete playbooks
with these files, so they carry what the validator checks beyond field types:
- every reference to another entry is `{"$ref": "ids.schema.json#/$defs/<kind>-id"}`, and
  `ids.schema.json` lists the ids of the valid entries in the playbooks folder. The per-kind schemas
  stay the same when entries come and go; `opsbook schema --check` reports the ids file stale.
- dates carry a pattern that rejects days no month has: editors check `format: date` only by shape.
"""

from __future__ import annotations

import json
from pathlib import Path

from opsbook.core import translation
from opsbook.core.fields import ANY_KIND, ID_PATTERN, ONE_LINE_PATTERN, REFERENCE, TAG_PATTERN, URL_PATTERN
from opsbook.core.files import write_file
from opsbook.core.handbook import Handbook
from opsbook.core.layout import PLAYBOOKS, SCHEMAS
from opsbook.kinds import Kind, all_kinds, by_name

SCHEMA_DIR = SCHEMAS
IDS_FILE = "ids.schema.json"
BASE_URI = "https://opsbook.invalid/schemas/"
# Set on a model's field (json_schema_extra) whose value is the id of an entry of that kind, as the
# model's `references()` reports it; the schema then takes its values from IDS_FILE.

# YYYY-MM-DD with a day that exists in its month; February 29 in every year. The validator is exact
# (date.fromisoformat), so `2027-02-29` is marked by `opsbook validate` but not in the editor.
DATE_PATTERN = (
    r"^[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|[12][0-9]))$"
)
# Shown by the editor (`patternErrorMessage`, a keyword of VS Code's and yaml-language-server's) in
# the words of the validator's bad-date message.
DATE_MESSAGE = "Not a date; write it as YYYY-MM-DD, for example 2026-03-31, with a day that exists in its month."


def schema_line(kind: Kind) -> str:
    """The first line of every playbook file: tells YAML-aware editors which schema applies."""
    return f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/{kind.schema_file}"


def translation_schema_line(kind: Kind) -> str:
    return f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/{kind.translation_schema_file}"


def schema_for(kind: Kind) -> dict:
    schema = _for_editors(kind.model.model_json_schema())
    interval = schema["properties"]["review_every_days"]  # the default is the kind's own
    interval["description"] = interval["description"].rstrip(".") + f" ({kind.review_every_days} days)."
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE_URI + kind.schema_file,
        **schema,
        "title": f"Opsbook {kind.label.lower()}",
        "description": kind.description,
    }


def _for_editors(node):
    """The model's schema with references pointing at the ids that exist, and dates that exist."""
    if isinstance(node, list):
        return [_for_editors(item) for item in node]
    if not isinstance(node, dict):
        return node
    if target := node.get(REFERENCE):  # the enum of ids replaces the id's pattern, lengths and example
        return {
            "$ref": f"{IDS_FILE}#/$defs/{target}-id",
            "type": "string",
            REFERENCE: target,
            **{key: node[key] for key in ("title", "description") if key in node},
        }
    node = {key: _for_editors(value) for key, value in node.items()}
    if node.get("format") == "date":
        node |= {"pattern": DATE_PATTERN, "patternErrorMessage": DATE_MESSAGE}
    return node


def ids_schema(handbook: Handbook) -> dict:
    """The ids of the handbook's valid entries, one `$defs` entry per kind, for the references."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE_URI + IDS_FILE,
        "title": "Opsbook ids",
        "description": "The ids of the valid entries in the playbooks folder, by kind. "
        "Written by `opsbook schema`; do not edit.",
        "$defs": {
            f"{kind.name}-id": {
                "description": f"The id of an entry in playbooks/{kind.folder}/.",
                "enum": sorted(r.entry.id for r in handbook.of_kind(kind.name)),
            }
            for kind in all_kinds()
        }
        | {
            f"{ANY_KIND}-id": {
                "description": "The id of an entry in any folder of playbooks/.",
                "enum": sorted(r.entry.id for r in handbook.of_kind(ANY_KIND)),
            }
        },
    }


def _text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_text(kind: Kind) -> str:
    return _text(schema_for(kind))


def translation_schema_text(kind: Kind) -> str:
    return _text(translation_schema_for(kind))


def ids_schema_text(handbook: Handbook) -> str:
    return _text(ids_schema(handbook))


def translation_schema_for(kind: Kind) -> dict:
    """A translation's schema: the kind's, keeping only what a translation holds (core/translation.py)."""
    schema = schema_for(kind)
    models = _models_in(kind.model)
    for name, node in [("", schema), *schema.get("$defs", {}).items()]:
        model = models.get(name) if name else kind.model
        if model is None or "properties" not in node:
            continue
        shapes = translation.shape_of(model)
        node["properties"] = {key: value for key, value in node["properties"].items() if key in shapes}
        node["required"] = [key for key in node.get("required", ()) if key in shapes]
    schema["properties"] = {
        translation.VERSION_FIELD: {
            "type": "string",
            "pattern": "^[0-9a-f]{12}$",
            "description": "The version of the entry's text this translation was made from; "
            "`opsbook stale` gives the current one.",
        },
        **schema["properties"],
    }
    schema["required"] = [translation.VERSION_FIELD, *schema["required"]]
    return {
        **schema,
        "$id": BASE_URI + kind.translation_schema_file,
        "title": f"Opsbook {kind.label.lower()} translation",
        "description": f"The text of a {kind.label.lower()} in another language, in <id>.<language>.yaml beside it.",
    }


def _models_in(model) -> dict[str, type]:
    """The models nested in `model` whose text a translation holds, by class name (as pydantic names $defs)."""
    found = {}
    for shape in translation.shape_of(model).values():
        inner = shape[1] if isinstance(shape, tuple) else shape
        if isinstance(inner, type):
            found[inner.__name__] = inner
            found.update(_models_in(inner))
    return found


def _schema_files(handbook: Handbook) -> dict[str, str]:
    """File name -> text of every schema file."""
    return {
        **{kind.schema_file: schema_text(kind) for kind in all_kinds()},
        **{kind.translation_schema_file: translation_schema_text(kind) for kind in all_kinds()},
        IDS_FILE: ids_schema_text(handbook),
    }


def write_schemas(folder: Path, handbook: Handbook) -> list[Path]:
    folder.mkdir(exist_ok=True)  # the folder itself, never missing folders above it (a typo would hide)
    written = []
    for name, text in _schema_files(handbook).items():
        write_file(folder / name, text)
        written.append(folder / name)
    return written


def editor_settings_text(current: str) -> str:
    """VS Code's workspace settings with `yaml.schemas` mapping each kind's folder to its schema (the YAML
    extension checks files against it); every other setting is kept as it is."""
    settings = json.loads(current) if current.strip() else {}
    # An entry's file is `<id>.yaml` (ids have no dot); a translation is `<id>.<language>.yaml`.
    settings["yaml.schemas"] = {}
    for kind in all_kinds():
        folder = f"{PLAYBOOKS}/{kind.folder}"
        settings["yaml.schemas"][f"./{SCHEMAS}/{kind.schema_file}"] = [
            pattern for suffix in (".yaml", ".yml") for pattern in (f"{folder}/*{suffix}", f"!{folder}/*.*{suffix}")
        ]
        settings["yaml.schemas"][f"./{SCHEMAS}/{kind.translation_schema_file}"] = [
            f"{folder}/*.*{suffix}" for suffix in (".yaml", ".yml")
        ]
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def write_editor_settings(path: Path) -> Path:
    write_file(path, editor_settings_text(_read(path)))
    return path


def stale_schemas(folder: Path, handbook: Handbook, settings: Path | None = None) -> list[Path]:
    """Schema files that are missing or differ from what the models and the handbook's ids generate."""
    stale = [
        folder / name
        for name, text in _schema_files(handbook).items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
    if settings is not None and _read(settings) != editor_settings_text(_read(settings)):
        stale.append(settings)
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
        yield {
            "name": path,
            "required": name in required,
            "type": _type_text(prop, item),
            "description": prop.get("description", ""),
            "allowed": _allowed(item or prop),
        }
        if item and "properties" in item:
            yield from _rows(item, root, path + "[].")


def resolve(prop: dict, root: dict) -> dict:
    if REFERENCE in prop:  # an id of another entry: its own keys say all a reader needs
        return {k: v for k, v in prop.items() if k != "$ref"}
    if "$ref" in prop:
        return {**root["$defs"][prop["$ref"].split("/")[-1]], **{k: v for k, v in prop.items() if k != "$ref"}}
    if "anyOf" in prop:  # optional fields: "X or null"
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        return {**resolve(options[0], root), **{k: v for k, v in prop.items() if k != "anyOf"}}
    return prop


_PATTERN_TYPES = {
    ONE_LINE_PATTERN: "one line of text",
    ID_PATTERN: "an id (lowercase words joined by hyphens)",
    TAG_PATTERN: "a tag (letters, digits, spaces, hyphens)",
    URL_PATTERN: "a web address (https://…)",
}


def _type_text(prop: dict, item: dict | None) -> str:
    if item is not None:
        inner = "a group of the fields below" if "properties" in item else _type_text(item, None)
        least = prop.get("minItems")
        return "list" + (f" of at least {least}" if least else "") + f"; each item: {inner}"
    if prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if target := prop.get(REFERENCE):
        if target == ANY_KIND:
            return "the id of an entry in any folder of playbooks/"
        return f"the id of an entry in playbooks/{by_name(target).folder}/"
    if "enum" in prop:
        return "one value from the list"
    text = _PATTERN_TYPES.get(prop.get("pattern"), "text" if prop.get("type") == "string" else "value")
    if "maxLength" in prop and prop.get("pattern") != URL_PATTERN:
        text += f", up to {prop['maxLength']:,} characters"
    return text


def _allowed(prop: dict) -> list[str]:
    return [str(v) for v in prop.get("enum", [])]
