"""Functions for hand-written pages in docs/, registered with mkdocs-macros by the top-level macros.py.

A macro is declared with `@macro`, here for the ones every handbook has and in a kind's own
`macros.py` for the ones about that kind. The declaration says which arguments name entries (and
of which kind) and which filter (and by which values): the macros check their arguments with it
while the site is built, and `opsbook validate` (page_check) checks the calls in the pages with
it without rendering them, so both report a problem with the same words. Macros return HTML
rendered from templates, with playbook text escaped.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from markupsafe import Markup

from opsbook.core.handbook import Handbook, Record
from opsbook.core.problems import Problem, by_group
from opsbook.core.validate import did_you_mean
from opsbook.kinds import all_kinds


class MacroError(Exception):
    """A macro call that cannot be rendered. Raised by the macros; the plugin reports it at the call's line."""

    def __init__(self, macro: str, code: str, needle: str = "", causes: tuple[Problem, ...] = (), **details):
        super().__init__(f"{macro}: {code}")
        self.macro, self.code, self.needle, self.causes, self.details = macro, code, needle, causes, details


# -- the checks, shared with the macros ------------------------------------------------


def check_id(handbook: Handbook, entry_id: str, kind: str | None, broken: set[str] = frozenset()):
    """None if `entry_id` names an entry of `kind` (or of a file in `broken`); else (problem code, details)."""
    record = handbook.get(entry_id)
    if (record is None and entry_id in broken) or (record is not None and kind in (None, record.kind.name)):
        return None  # a broken file's own problems are reported with it
    if record is not None:
        return "macro-wrong-kind", {"id": entry_id, "found": record.kind.name, "kind": kind}
    candidates = [r.entry.id for r in (handbook.of_kind(kind) if kind else handbook.records)]
    return "macro-unknown-id", {
        "what": f"{kind} entry" if kind else "entry",
        "id": entry_id,
        "hint": did_you_mean(str(entry_id), candidates),
    }


def check_value(handbook: Handbook, name: str, value, allowed: list[str]):
    """None if `value` (None: no filter) is one of the `allowed` values of the filter `name`; else (code, details)."""
    if value is None or value in allowed:
        return None
    return "macro-bad-value", {
        "name": name,
        "value": value,
        "allowed": ", ".join(allowed),
        "hint": did_you_mean(str(value), allowed),
    }


@dataclass(frozen=True)
class Macro:
    function: Callable  # function(page: MacroPage, *args, **kwargs) -> Markup
    ids: dict[str, str | None]  # parameter -> the kind of entry it names (None: any); "*": every argument
    values: dict[str, Callable[[Handbook], list[str]]] = field(default_factory=dict)  # parameter -> allowed

    @property
    def name(self) -> str:
        return self.function.__name__

    def arguments(self, args: tuple, kwargs: dict) -> dict[str, list]:
        """The values given for each declared parameter, by name."""
        if "*" in self.ids:
            return {"*": list(args)}
        names = list(inspect.signature(self.function).parameters)[1:]
        given = dict(zip(names, args, strict=False)) | kwargs  # parameters not given keep their defaults
        return {name: [value] for name, value in given.items() if name in self.ids or name in self.values}


def macro(ids: dict[str, str | None] | None = None, values: dict | None = None):
    """Declare a macro; see Macro."""
    return lambda function: Macro(function, ids or {}, values or {})


@dataclass
class MacroPage:
    """What a macro needs: the handbook, and HTML from templates linked from the page being built."""

    plugin: object
    page_src: str
    base: Path  # the handbook's top folder

    @property
    def handbook(self) -> Handbook:
        return self.plugin.handbook

    def fragment(self, template: str, **context) -> Markup:
        return self.plugin.renderer.render_fragment(template, self.page_src, **context)

    def entry(self, entry_id: str) -> Record:
        return self.handbook.get(entry_id)


@cache
def all_macros() -> dict[str, Macro]:
    """The macros every handbook has, then each kind's (`opsbook/kinds/<kind>/macros.py`)."""
    modules = [importlib.import_module(__name__)]
    for kind in all_kinds():
        if (kind.template_dir / "macros.py").exists():
            modules.append(importlib.import_module(f"{kind.model.__module__}.macros"))
    return {found.name: found for module in modules for found in vars(module).values() if isinstance(found, Macro)}


NOT_KNOWN = object()  # an argument whose value is only known when the page is built (page checks skip it)


def argument_problems(declared: Macro, handbook: Handbook, args: tuple, kwargs: dict, broken: set[str] = frozenset()):
    """(code, value, details) for each argument that names no such entry or is not an allowed value."""
    for name, given in declared.arguments(args, kwargs).items():
        for value in given:
            if value is NOT_KNOWN:
                continue
            if name in declared.ids:
                found = check_id(handbook, value, declared.ids[name], broken)
            else:
                found = check_value(handbook, name, value, declared.values[name](handbook))
            if found:
                yield found[0], str(value), found[1]


def check(declared: Macro, handbook: Handbook, args: tuple, kwargs: dict) -> None:
    """Raise MacroError for the first argument that names no such entry or is not an allowed value."""
    for code, value, details in argument_problems(declared, handbook, args, kwargs):
        raise MacroError(declared.name, code, value, **details)


def register(env) -> None:
    def page() -> MacroPage:
        return MacroPage(env.conf.plugins["opsbook"], env.page.file.src_uri, Path(env.conf.config_file_path).parent)

    def bind(declared: Macro):
        def run(*args, **kwargs):
            current = page()
            check(declared, current.handbook, args, kwargs)
            return declared.function(current, *args, **kwargs)

        run.__name__, run.__doc__ = declared.name, declared.function.__doc__
        return run

    for declared in all_macros().values():
        env.macro(bind(declared), declared.name)


# -- the macros of every handbook ---------------------------------------------------------


@macro(ids={"entry_id": None})
def entry_link(page: MacroPage, entry_id: str) -> Markup:
    """A link to an entry, showing its title: {{ entry_link('customs-declaration-form') }}."""
    return page.fragment("macros/entry_link.j2", record=page.entry(entry_id), entry_id=entry_id)


@macro(ids={"*": None})
def print_entries(page: MacroPage, *entry_ids: str) -> Markup:
    """Whole entries, one after another, for a page meant to be printed."""
    entries = [page.plugin.renderer.entry_sections(page.entry(entry_id), page.page_src) for entry_id in entry_ids]
    return page.fragment("macros/print_entries.j2", entries=entries)


@macro()
def error_catalogue(page: MacroPage) -> Markup:
    """Every message the validator can print, with what it means and how to fix it."""
    return page.fragment("macros/error_catalogue.j2", groups=by_group())


@macro()
def kinds_table(page: MacroPage) -> Markup:
    """The kinds of entry: their folder, what they hold and how often they are reviewed."""
    return page.fragment("macros/kinds_table.j2", kinds=all_kinds())


@macro()
def copy_rules(page: MacroPage) -> Markup:
    """The rules of `opsbook check-copy`: source, what each flags and what to write instead."""
    from opsbook.tools.copycheck import load_default

    ruleset, problems = load_default(page.base)
    if problems:
        raise MacroError("copy_rules", "copy-rules-broken", causes=tuple(problems), count=len(problems))
    return page.fragment("macros/copy_rules.j2", rules=ruleset.rules)
