"""The kinds of entry a handbook holds, discovered from the packages in this folder.

A kind is a package here: its pydantic model and `KIND` description
(`__init__.py`), its page template (`page.md.j2`) and, if it has any, its
macros for hand-written pages (`macros.py`, with their templates beside them).
Adding a kind means adding such a package; navigation, schemas, editor
settings, the editor guide and the needs-review page follow from it, and
nothing else in the engine names the kinds.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from opsbook.core.fields import Entry


@dataclass(frozen=True)
class Kind:
    name: str  # used in messages, schemas and references: "strategy"
    folder: str  # where its files live under playbooks/ and its pages under the site: "strategies"
    label: str  # "Strategy"
    plural: str  # "Strategies"
    model: type[Entry]
    description: str  # one line for index pages and the schema reference
    order: int  # position in menus and listings
    review_every_days: int  # how long an entry stays trustworthy; an entry may set its own
    # Optional grouping: one index page per value of `groups` (value -> (label, description)),
    # listing the entries for which `group_values(entry)` contains that value.
    groups: dict[str, tuple[str, str]] | None = None
    group_by: str = ""  # the field grouped on, named in the group pages' paths
    group_values: Callable[[Entry], list[str]] | None = None
    # Text in the pages that stands for an entry, and its hover explanation (the glossary's terms),
    # from the entry in the edition's language and the entry as its own file has it.
    hover_terms: Callable[[Entry, Entry], dict[str, str]] | None = None
    # A whole-number field that orders the kind's entries (instead of their titles); no two entries
    # may share its value: a learning-path module's `step`.
    ordered_by: str = ""
    # A field listing other entries to read in order (a module's `read`): their pages say where they
    # stand in it and link to what comes next.
    reading_list: str = ""
    # Pages of the kind beyond its index and its entries: (page, template in the kind's folder, title).
    pages: tuple[tuple[str, str, str], ...] = ()

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def translation_schema_file(self) -> str:
        return f"{self.name}.translation.schema.json"

    @property
    def template_dir(self) -> Path:
        return Path(importlib.import_module(self.model.__module__).__file__).parent


@cache
def all_kinds() -> tuple[Kind, ...]:
    found = [
        importlib.import_module(f"{__name__}.{info.name}").KIND for info in pkgutil.iter_modules(__path__) if info.ispkg
    ]
    return tuple(sorted(found, key=lambda kind: kind.order))


def by_name(name: str) -> Kind | None:
    return next((kind for kind in all_kinds() if kind.name == name), None)


def by_folder(folder: str) -> Kind | None:
    return next((kind for kind in all_kinds() if kind.folder == folder), None)
