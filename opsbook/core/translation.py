"""Translations: an entry's text in another language, in a file beside the entry.

`<id>.<language>.yaml` holds `translates:` (the version of the entry's text it was made
from) and only the fields a kind marks TRANSLATED, in the entry's own shape: the same
lists, in the same order, with the values that name a list item (an evidence or rule
reference, a number's name) repeated so that a reviewer sees which item is which.
Everything else (id, references, price position, doubts, dates, tags) is written once,
in the entry's own file, and a translation may not repeat it.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from opsbook.core.fields import ANCHOR, REFERENCE, TRANSLATED, Entry
from opsbook.core.problems import Problem
from opsbook.core.yaml_source import Source

VERSION_FIELD = "translates"
TEXT, NAMES_ITEM = "text", "names-item"  # a field's part in a translation; lists and models nest these


@dataclass(frozen=True)
class Translation:
    """One valid translation file, and the entry as it reads in that language."""

    language: str
    entry: Entry | None  # None: made from older text that no longer fits the entry, so not shown
    path: Path
    display_path: str
    translates: str  # the version of the entry's text it was made from
    positions: Mapping


# -- which fields a translation holds ------------------------------------------


@cache
def shape_of(model: type[BaseModel]) -> dict[str, object]:
    """Field name -> its part in a translation, for the fields that have one."""
    shapes = {}
    for name, info in model.model_fields.items():
        if (shape := _shape(info.annotation, info.metadata, info.json_schema_extra)) is not None:
            shapes[name] = shape
    return shapes


def _shape(annotation, metadata=(), extra=None):
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):  # optional: `X | None`
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) != 1:
            return None
        annotation = options[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation, *more = typing.get_args(annotation)
        metadata = [*metadata, *more]
        for item in more:
            if isinstance(item, FieldInfo) and isinstance(item.json_schema_extra, dict):
                extra = {**(extra or {}), **item.json_schema_extra}
    if any(item is TRANSLATED for item in metadata):
        return TEXT
    if isinstance(extra, dict) and (REFERENCE in extra or ANCHOR in extra):
        return NAMES_ITEM
    if typing.get_origin(annotation) is list:
        inner = _shape(typing.get_args(annotation)[0])
        # A list of bare ids (a term's rules) has no text: it is written once, in the entry's file.
        return ("list", inner) if inner not in (None, NAMES_ITEM) else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and _has_text(annotation):
        return annotation
    return None


def _has_text(model: type[BaseModel]) -> bool:
    return any(s == TEXT or isinstance(s, type | tuple) for s in shape_of(model).values())


def text_part(model: type[BaseModel], data: dict) -> dict:
    """What a translation of `data` holds: its text, and the values that name list items."""
    shapes = shape_of(model)
    part = {}
    for key, value in data.items():
        if (shape := shapes.get(key)) is not None and value not in (None, []):
            part[key] = _project(shape, value)
    return part


def _project(shape, value):
    if isinstance(shape, tuple):
        return [_project(shape[1], item) for item in value]
    if isinstance(shape, type):
        return text_part(shape, value)
    return value


def source_text(entry: Entry) -> dict:
    return text_part(type(entry), entry.model_dump(mode="json", exclude_none=True))


def version(entry: Entry) -> str:
    """A short fingerprint of the entry's text: it changes when, and only when, a translator has work to do."""
    text = json.dumps(source_text(entry), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


# -- checking a translation against its entry -----------------------------------


def check(entry: Entry, translation: Source) -> list[Problem]:
    """Problems of the translation's shape: fields, list lengths and item names, the version line."""
    given = translation.data
    problems = []
    if VERSION_FIELD not in given:
        problems.append(translation.problem("translation-version", (), expected=version(entry)))
    text = {key: value for key, value in given.items() if key != VERSION_FIELD}
    _compare_fields(type(entry), source_text(entry), text, (), translation, problems)
    return problems


def _compare_fields(model, expected: dict, given: dict, path: tuple, source: Source, problems: list) -> None:
    shapes = shape_of(model)
    for key in given:
        if key not in shapes:
            code = "translation-fixed-field" if key in model.model_fields else "unknown-field"
            hint = "" if key in model.model_fields else _hint(key, list(shapes))
            problems.append(source.problem(code, path + (key,), name=key, hint=hint))
        elif key not in expected:
            problems.append(source.problem("translation-extra-field", path + (key,), name=key))
    for key, value in expected.items():
        if key not in given:
            problems.append(source.problem("translation-missing-field", path, name=key))
        else:
            _compare(shapes[key], value, given[key], path + (key,), source, problems)


def _compare(shape, expected, given, path, source: Source, problems: list) -> None:
    if shape == NAMES_ITEM:
        if given != expected:
            problems.append(source.problem("translation-differs", path, found=given, expected=expected))
    elif isinstance(shape, tuple):
        if not isinstance(given, list):
            problems.append(source.problem("translation-list-length", path, count=len(expected), found=0))
        elif len(given) != len(expected):
            problems.append(source.problem("translation-list-length", path, count=len(expected), found=len(given)))
        else:
            for i, (want, have) in enumerate(zip(expected, given, strict=True)):
                _compare(shape[1], want, have, path + (i,), source, problems)
    elif isinstance(shape, type) and isinstance(given, dict):
        _compare_fields(shape, expected, given, path, source, problems)
    # Text (and a block where text was expected) is checked by the kind's model after merging.


def _hint(word: str, choices: list[str]) -> str:
    from opsbook.core.validate import did_you_mean  # validate imports this module

    return did_you_mean(word, choices)


def merged(entry: Entry, given: dict) -> dict:
    """The entry's data with the translation's text in place of its own, for the kind's model to check."""
    return _overlay(entry.model_dump(mode="json", exclude_none=True), given)


def _overlay(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        return {**base, **{key: _overlay(base.get(key), value) for key, value in over.items() if key != VERSION_FIELD}}
    if isinstance(base, list) and isinstance(over, list) and len(base) == len(over):
        return [_overlay(b, o) for b, o in zip(base, over, strict=True)]
    return over


# -- when an entry's text changed -----------------------------------------------


def changed_on(path: Path) -> date:
    """The day the file was last changed: its last commit, or (outside git, or uncommitted) its time on disk."""
    try:
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", path.name], cwd=path.parent, capture_output=True, text=True
        )
        if dirty.returncode == 0 and not dirty.stdout.strip():
            result = subprocess.run(
                ["git", "log", "-1", "--format=%cs", "--", path.name], cwd=path.parent, capture_output=True, text=True
            )
            if result.returncode == 0 and result.stdout.strip():
                return date.fromisoformat(result.stdout.strip())
    except OSError:
        pass
    return date.fromtimestamp(path.stat().st_mtime)
