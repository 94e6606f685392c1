"""The form editor's configuration (Decap CMS), made from the kinds' models: never written by hand.

One collection per kind over its playbooks folder, one field per model field with the widget that
fits (a select for a fixed vocabulary, a relation for a reference to another entry, a list of
groups for steps or self-checks), required and pattern as the model has them, the field's
description as its hint. Each kind also gets a collection of its translations (`<id>.<language>.yaml`,
the text fields only). A new kind appears in the editor with no other change.

Saving goes through the CMS's editorial workflow: a branch and a pull request, checked by the
pull-request workflow like any other. `admin/opsbook-cms.js` writes the files the way the
validator and `opsbook diff` expect (schema line first, empty optional fields left out).
"""

from __future__ import annotations

from urllib.parse import urlparse

from opsbook.core.fields import ANY_KIND, ID_PATTERN, ONE_LINE_PATTERN, REFERENCE, TAG_PATTERN
from opsbook.core.languages import LANGUAGES, SOURCE_LANGUAGE
from opsbook.core.layout import PLAYBOOKS
from opsbook.core.problems import CATALOGUE
from opsbook.core.schema import resolve, schema_for, schema_line, translation_schema_for, translation_schema_line
from opsbook.kinds import Kind, all_kinds

LOCAL_SERVER = "http://localhost:8081/api/v1"  # decap-server, started by `python3 dev.py edit`

# What the form says when a value does not match its pattern: the fix the editor guide gives.
_PATTERN_MESSAGES = {
    ID_PATTERN: CATALOGUE["bad-id"].fix,
    ONE_LINE_PATTERN: CATALOGUE["multiple-lines"].fix,
}


def config(repo_url: str | None, branch: str = "main") -> dict:
    """The whole Decap configuration (admin/config.yml)."""
    repo = urlparse(repo_url or "").path.strip("/").removesuffix(".git") or "owner/handbook"
    collections = []
    for kind in all_kinds():
        collections.append(_entries(kind))
        collections += [_translations(kind, language) for language in LANGUAGES if language != SOURCE_LANGUAGE]
    return {
        # open_authoring: an editor without write access saves to a fork, and the pull request comes from it.
        "backend": {"name": "github", "repo": repo, "branch": branch, "open_authoring": True},
        "publish_mode": "editorial_workflow",  # every save is a branch and a pull request
        "local_backend": {"url": LOCAL_SERVER},  # only on localhost, when decap-server answers
        "media_folder": "docs/assets/uploads",  # required by the CMS; playbooks have no images
        "collections": collections,
    }


def _entries(kind: Kind) -> dict:
    schema = schema_for(kind)
    return {
        "name": kind.name,
        "label": kind.plural,
        "label_singular": kind.label,
        "description": kind.description,
        "folder": f"{PLAYBOOKS}/{kind.folder}",
        "extension": "yaml",
        "format": f"opsbook-{kind.name}",  # registered by admin/opsbook-cms.js: schema line first
        "create": True,
        "identifier_field": "id",
        "slug": "{{fields.id}}",
        "summary": "{{title}}",
        "sortable_fields": ["title", "reviewed"],
        "editor": {"preview": False},  # the handbook's page is the preview: `python3 dev.py edit` serves it
        "fields": _fields(schema, schema),
    }


def _translations(kind: Kind, language: str) -> dict:
    schema = translation_schema_for(kind)
    return {
        "name": f"{kind.name}-{language}",
        "label": f"{kind.plural} ({language})",
        "label_singular": f"{kind.label} ({language})",
        "description": f"The {language} text of each entry of {kind.folder}/. Create one with "
        f"`opsbook new translation ID`; it names the version of the text it translates.",
        "folder": f"{PLAYBOOKS}/{kind.folder}",
        "extension": f"{language}.yaml",
        "format": f"opsbook-{kind.name}-{language}",
        "create": False,  # `translates:` must name the entry's text version, which only opsbook computes
        "identifier_field": "title",
        "summary": "{{title}}",
        "editor": {"preview": False},
        "fields": _fields(schema, schema),
    }


def formats() -> dict[str, dict]:
    """How admin/opsbook-cms.js writes each collection's files: the first line, and the lists of
    short words written on one line as the handbook's files write them (`tags: [a, b]`)."""
    found = {}
    for kind in all_kinds():
        schema = schema_for(kind)
        flow = [
            name
            for name, prop in schema["properties"].items()
            if prop.get("type") == "array" and ("enum" in prop["items"] or prop["items"].get("pattern") == TAG_PATTERN)
        ]
        found[f"opsbook-{kind.name}"] = {"extension": "yaml", "first_line": schema_line(kind), "flow": flow}
        for language in LANGUAGES:
            if language != SOURCE_LANGUAGE:
                line = translation_schema_line(kind)
                found[f"opsbook-{kind.name}-{language}"] = {"extension": "yaml", "first_line": line, "flow": []}
    return found


def _fields(node: dict, root: dict) -> list[dict]:
    required = set(node.get("required", ()))
    return [_field(name, prop, name in required, root) for name, prop in node["properties"].items()]


def _field(name: str, prop: dict, required: bool, root: dict) -> dict:
    prop = _without_null(resolve(prop, root))
    field = {"name": name, "label": prop.get("title") or name.replace("_", " ").capitalize(), "required": required}
    if prop.get("description"):
        field["hint"] = prop["description"]
    field |= _widget(prop, root)
    return field


def _widget(prop: dict, root: dict) -> dict:
    if target := prop.get(REFERENCE):
        return _reference(target)
    if "enum" in prop:
        return {"widget": "select", "options": list(prop["enum"])}
    if prop.get("type") == "array":
        item = _without_null(resolve(prop["items"], root))
        least = {"min": prop["minItems"]} if prop.get("minItems") else {}
        if item.get(REFERENCE) and item[REFERENCE] != ANY_KIND:
            return {**_reference(item[REFERENCE]), "multiple": True, **least}
        if "enum" in item:
            return {"widget": "select", "options": list(item["enum"]), "multiple": True, **least}
        shown = {"collapsed": False, **least}  # an entry's steps and examples are read as a whole
        if "properties" in item:
            return {"widget": "list", "fields": _fields(item, root), **shown}
        return {"widget": "list", "field": {"name": "item", "label": "Item", **_widget(item, root)}, **shown}
    if prop.get("format") == "date":
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
    if prop.get("type") == "integer":
        limits = {k: prop[key] for k, key in (("min", "minimum"), ("max", "maximum")) if key in prop}
        return {"widget": "number", "value_type": "int", **limits}
    if prop.get("type") == "number":
        return {"widget": "number", "value_type": "float"}
    if prop.get("type") == "boolean":
        return {"widget": "boolean", "default": False}
    if prop.get("pattern") and prop.get("pattern") != ONE_LINE_PATTERN or prop.get("maxLength", 0) <= 600:
        pattern = prop.get("pattern")
        checked = {"pattern": [pattern, _PATTERN_MESSAGES.get(pattern, "Check the format.")]} if pattern else {}
        return {"widget": "string", **checked}
    # Several lines of Markdown, in a plain text box: kept exactly as typed (Decap's markdown widget
    # re-serialises the text, and its raw mode lost typed text in Chromium here).
    return {"widget": "text"}


def _reference(target: str) -> dict:
    if target == ANY_KIND:  # any kind: one relation widget can search one collection only
        return {"widget": "string", "pattern": [ID_PATTERN, _PATTERN_MESSAGES[ID_PATTERN]]}
    return {
        "widget": "relation",
        "collection": target,
        "value_field": "{{fields.id}}",
        "search_fields": ["id", "title"],
        "display_fields": ["{{fields.title}} ({{fields.id}})"],
    }


def _without_null(prop: dict) -> dict:
    """An optional field's schema is "this, or null": the form shows the first and leaves the field out."""
    if "anyOf" in prop:
        shown = next(option for option in prop["anyOf"] if option.get("type") != "null")
        return {**{k: v for k, v in prop.items() if k != "anyOf"}, **shown}
    return prop
