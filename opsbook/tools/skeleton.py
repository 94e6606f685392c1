"""The file `opsbook new` writes, and the placeholder that marks what is still to write in it.

The skeleton is generated from the kind's JSON Schema, so a new field or kind needs no change
here. Every value the editor has to write holds PLACEHOLDER followed by the field's description;
`validate.py` reports any value that still contains PLACEHOLDER, so an unfinished file never ships.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import yaml

from opsbook.core import translation
from opsbook.core.handbook import Handbook, Record
from opsbook.core.languages import LANGUAGES, SOURCE_LANGUAGE
from opsbook.core.schema import REFERENCE, resolve, schema_for, schema_line, translation_schema_line
from opsbook.kinds import Kind, by_name

PLACEHOLDER = "TODO:"  # case and colon matter: "Todo list for the launch" is real text
_MARKER = re.compile(r"(?<!\w)" + re.escape(PLACEHOLDER))
_ONE_LINE_MAX = 300  # text fields allowed to be longer than this are written as `|` blocks


def placeholder_at(text: str) -> int | None:
    """Where the placeholder starts in `text`, or None when the text holds none."""
    found = _MARKER.search(text)
    return found.start() if found else None


def description_at(kind_name: str, path: tuple) -> str | None:
    """What the field at `path` of an entry of this kind asks for; None where the kind has no such field."""
    return _describe(_schema(kind_name), path)


@cache
def _schema(kind_name: str) -> dict:
    return schema_for(by_name(kind_name))


def _describe(root: dict, path: tuple) -> str | None:
    """The model's description of the field at `path`; a list item is described by its list."""
    node, described = root, None
    for part in path:
        node = resolve(node, root)
        if isinstance(part, int) and node.get("type") == "array":
            described, node = node.get("description"), node.get("items", {})
        elif isinstance(part, str) and part in node.get("properties", {}):
            described, node = None, node["properties"][part]
        else:
            return None
    return described or resolve(node, root).get("description")


def skeleton(kind: Kind, entry_id: str, today: date, values: dict | None = None) -> str:
    """`values`: fields whose right value depends on the other entries (a new module's free `step`)."""
    schema = schema_for(kind)
    given = {
        "id": entry_id,
        "reviewed": today,
        "review_every_days": kind.review_every_days,
        "language": SOURCE_LANGUAGE,
        **(values or {}),
    }
    lines = [schema_line(kind), *_INTRO.format(label=kind.label.lower()).splitlines()]
    lines += _fields(schema, schema, (), "", given)
    return "\n".join(lines) + "\n"


def next_place(kind: Kind, handbook: Handbook) -> dict:
    """For a kind ordered by a number (a module's `step`): the one after the last, so a new entry is valid."""
    if not kind.ordered_by:
        return {}
    taken = [getattr(record.entry, kind.ordered_by) for record in handbook.of_kind(kind.name)]
    return {kind.ordered_by: max(taken, default=0) + 1}


_INTRO = """\
# A new {label}. To finish it:
#  1. Replace each "TODO: …" with your own text; the TODO says what to write there.
#     Keep the double quotes around one-line text (inside them, write \\" for a quote).
#     Text below a `|` line may run over several lines, each indented like the first.
#  2. A list has one item per line, each starting with "- "; copy an item to add another.
#  3. `#field:` lines are optional fields. To use one, delete the # at the start of each of
#     its lines and fill it in; otherwise leave them as they are.
#  4. Run `opsbook validate` and fix what it reports, until it reports no problems.
#     The editor guide (docs/editors.md, "Editing playbooks" in the handbook) explains
#     every field and every message."""


def _fields(node: dict, root: dict, path: tuple, indent: str, given: dict) -> list[str]:
    """The lines for the fields of `node`: required ones to fill in, optional ones commented out."""
    lines = []
    required = node.get("required", ())
    for name, prop in node["properties"].items():
        value = given.get(name) if not path else None
        prop = resolve(prop, root)
        if prop.get("type") == "boolean":
            # A yes/no inside a list (a choice's `right`) is written out: yes for the first item only,
            # as a question has exactly one right choice.
            value = "true" if path and path[-1] == 0 else "false"
            lines.append(f"{indent}{name}: {value}{_comment(prop.get('description'))}")
            continue
        field = _field(name, prop, root, path + (name,), indent, value)
        lines += field if name in required else _commented(field, len(indent))
    return lines


def _field(name: str, prop: dict, root: dict, path: tuple, indent: str, value) -> list[str]:
    key = f"{indent}{name}:"
    if value is not None:  # known already (id, today's date): written, and described in a comment
        text = _quoted(value) if isinstance(value, str) else str(value)  # dates and numbers as written
        return [f"{key} {text}{_comment(prop.get('description'))}"]
    if prop.get("type") == "array":
        item = resolve(prop.get("items", {}), root)
        if "properties" in item:  # a list of groups: its description on the key, one group to copy
            lines = [key + _comment(prop.get("description"))]
            for i in range(max(prop.get("minItems", 0), 1)):
                group = _fields(item, root, path + (i,), indent + "    ", {})
                lines += [f"{indent}  - {group[0].lstrip()}", *group[1:]]
            return lines
        lines = [key + _comment(_vocabulary(item, "each item is one of:"))]
        for i in range(max(prop.get("minItems", 0), 1)):
            lines += _value(f"{indent}  -", item, root, path + (i,), indent + "    ")
        return lines
    if "properties" in prop:
        return [key, *_fields(prop, root, path, indent + "  ", {})]
    return _value(key, prop, root, path, indent + "  ", _vocabulary(prop, "write one of:"))


def _value(lead: str, prop: dict, root: dict, path: tuple, indent: str, note: str = "") -> list[str]:
    """`lead` followed by the value the editor has to write: a TODO saying what goes there."""
    described = _describe(root, path)
    if prop.get("type") in ("integer", "number"):  # a number, not a TODO: the smallest one allowed
        return [f"{lead} {prop.get('minimum', 0)}{_comment(described)}"]
    todo = f"{PLACEHOLDER} {described}"
    if _one_line(prop):
        return [f"{lead} {_quoted(todo)}{_comment(note)}"]
    return [f"{lead} |", *(f"{indent}{line}" for line in todo.splitlines())]


def _one_line(prop: dict) -> bool:
    """Ids, addresses, vocabularies, one-line and short text go in double quotes; the rest in a `|` block."""
    return (
        "pattern" in prop
        or "enum" in prop
        or REFERENCE in prop  # an id of another entry
        or prop.get("maxLength", _ONE_LINE_MAX + 1) <= _ONE_LINE_MAX
    )


def _vocabulary(prop: dict, lead: str) -> str:
    """The allowed values of a field with a fixed list of them, for a comment."""
    return f"{lead} {', '.join(map(str, prop['enum']))}" if prop.get("enum") else ""


def _comment(text: str | None) -> str:
    return f"  # {text}" if text else ""


def _commented(lines: list[str], column: int) -> list[str]:
    """An optional field as an example: deleting the `#` at `column` of each line brings it in."""
    return [f"{line[:column]}#{line[column:]}" for line in lines]


def _quoted(text: str) -> str:
    """YAML double quotes; quotes in a description become typographic ones, so nothing needs escaping."""
    text = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- a translation's first version ----------------------------------------------


def translation_skeleton(record: Record, language: str) -> str:
    """The entry's text, to be replaced field by field with its translation into `language`."""
    lines = [
        translation_schema_line(record.kind),
        f"# The {LANGUAGES[language]} text of {record.relative_path}. Replace each text below with its",
        "# translation; keep the field names, the lists' order and length, and the ids in lists as they are.",
        "# `translates` records which version of the entry's text this is; leave it unless you update",
        "# the translation after the entry changed (`opsbook validate` then gives the new value).",
        f'{translation.VERSION_FIELD}: "{translation.version(record.entry)}"',
    ]
    text = yaml.dump(
        translation.source_text(record.entry), Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=1_000
    )
    return "\n".join(lines) + "\n" + text


class _BlockDumper(yaml.SafeDumper):
    """Text over several lines as a `|` block, and list items indented under their field, as people write it."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_BlockDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)
