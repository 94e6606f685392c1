"""Check the macro calls in hand-written pages (docs/**/*.md) without rendering them.

`opsbook validate` parses each page with Jinja's parser (nothing is run) and
checks every call of an Opsbook macro whose arguments are written as constants:
ids must name entries of the right kind, filters must use known values. The
macros use the same checks while the site is built, so both report a problem
with the same words, at the same place: the line counted in the file, front
matter included (mkdocs-macros counts after the front matter).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import nodes
from mkdocs.utils.meta import get_data

from opsbook.tools.copycheck import load_default
from opsbook.core.handbook import Handbook
from opsbook.kinds.evidence import DOUBTS
from opsbook.kinds.strategy import PRICE_POSITIONS
from opsbook.core.problems import Problem
from opsbook.core.validate import _did_you_mean, display_path, playbook_files

# Macros whose arguments name entries, and the kind they need (None: any). The first argument is the id;
# every argument of print_entries is one.
ID_MACROS = {"entry_link": None, "evidence_checklist": "strategy", "self_check": "strategy", "print_entries": None}
# Macros whose arguments filter: their parameters in order.
FILTER_MACROS = {"strategy_table": ("position", "tag"), "evidence_table": ("doubt",)}


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
    return "macro-unknown-id", {"what": f"{kind} entry" if kind else "entry", "id": entry_id,
                                "hint": _did_you_mean(str(entry_id), candidates)}


def allowed_values(handbook: Handbook, name: str) -> list[str]:
    if name == "position":
        return list(PRICE_POSITIONS)
    if name == "doubt":
        return list(DOUBTS)
    return sorted({tag for record in handbook.of_kind("strategy") for tag in record.entry.tags})


def check_value(handbook: Handbook, name: str, value):
    """None if `value` (None: no filter) is a known value of the filter `name`; else (problem code, details)."""
    allowed = allowed_values(handbook, name)
    if value is None or value in allowed:
        return None
    return "macro-bad-value", {"name": name, "value": value, "allowed": ", ".join(allowed),
                               "hint": _did_you_mean(str(value), allowed)}


# -- where a page's template starts, and where in it a call is -------------------------

def front_matter_lines(source: str) -> int:
    """How many lines MkDocs removes from the top of a page (front matter and the blank lines after it)."""
    body, _meta = get_data(source)
    return source[: len(source) - len(body)].count("\n") if source.endswith(body) else 0


def column(line: str, macro: str, needle: str = "") -> int:
    """The column (1-based) of the call of `macro` on `line`, preferring the one whose arguments hold `needle`."""
    starts = [m.start() for m in re.finditer(rf"\b{re.escape(macro)}\s*\(", line)]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(line)
        if needle and needle in line[start:end]:
            return start + 1
    return starts[0] + 1 if starts else 1


def located(code: str, path: str, source: str, line: int, field: str, needle: str = "", **details) -> Problem:
    """A problem at `line` of the file (already counted with the front matter), with the call's column."""
    lines = source.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return Problem.of(code, path, line, column(text, field, needle) if field != "template" else 1, field, **details)


# -- opsbook validate -------------------------------------------------------------------

def check_pages(docs: Path, handbook: Handbook, playbooks: Path | None = None, base: Path | None = None) -> list[Problem]:
    """Every problem in the template code and macro calls of the hand-written pages under `docs`."""
    broken = set()
    if playbooks is not None:  # the ids of files that failed: not unknown, only unusable until fixed
        broken = {p.stem for p in playbook_files(playbooks) if handbook.get(p.stem) is None}
    problems: set[Problem] = set()  # a set: pages that show the copy rules report the rules' problems once
    for path in sorted(Path(docs).rglob("*.md")):
        problems.update(check_page(path, handbook, broken, base or Path(docs).parent))
    return sorted(problems)


def check_page(path: Path, handbook: Handbook, broken: set[str], base: Path) -> list[Problem]:
    shown = display_path(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        return [Problem.of("not-utf8", shown, byte=error.start)]
    body, meta = get_data(source)
    if meta.get("render_macros") is False:
        return []
    offset = front_matter_lines(source)
    try:
        tree = jinja2.Environment().parse(body)
    except jinja2.TemplateSyntaxError as error:
        return [located("template-syntax", shown, source, error.lineno + offset, "template", detail=error.message)]
    problems = []
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name):
            continue
        for code, needle, details in _call_problems(call, handbook, broken):
            problems.append(located(code, shown, source, call.lineno + offset, call.node.name, needle, **details))
        if call.node.name == "copy_rules":
            _rules, causes = load_default(base)
            problems += causes
            if causes:
                problems.append(located("copy-rules-broken", shown, source, call.lineno + offset, "copy_rules",
                                        count=len(causes)))
    return problems


def _call_problems(call: nodes.Call, handbook: Handbook, broken: set[str]):
    """(code, needle, details) for each problem of one call; arguments that are not constants are not checked."""
    name = call.node.name
    if name in ID_MACROS:
        ids = call.args if name == "print_entries" else call.args[:1] + [k.value for k in call.kwargs]
        for arg in ids:
            if isinstance(arg, nodes.Const) and (found := check_id(handbook, arg.value, ID_MACROS[name], broken)):
                yield found[0], str(arg.value), found[1]
    elif name in FILTER_MACROS:
        values = dict(zip(FILTER_MACROS[name], call.args)) | {k.key: k.value for k in call.kwargs}
        for param, arg in values.items():
            if param in FILTER_MACROS[name] and isinstance(arg, nodes.Const):
                if found := check_value(handbook, param, arg.value):
                    yield found[0], str(arg.value), found[1]
