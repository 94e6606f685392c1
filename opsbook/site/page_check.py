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

from opsbook.core.handbook import Handbook
from opsbook.core.problems import Problem
from opsbook.core.validate import display_path, playbook_files
from opsbook.site.macros import NOT_KNOWN, all_macros, argument_problems
from opsbook.tools.copycheck import load_default

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


def check_pages(
    docs: Path, handbook: Handbook, playbooks: Path | None = None, base: Path | None = None
) -> list[Problem]:
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
                problems.append(
                    located("copy-rules-broken", shown, source, call.lineno + offset, "copy_rules", count=len(causes))
                )
    return problems


def _call_problems(call: nodes.Call, handbook: Handbook, broken: set[str]):
    """(code, needle, details) for each problem of one call, with the checks the macros themselves make;
    arguments that are not constants are checked when the page is built, not here."""
    declared = all_macros().get(call.node.name)
    if declared is None:
        return ()
    args = tuple(arg.value if isinstance(arg, nodes.Const) else NOT_KNOWN for arg in call.args)
    kwargs = {k.key: k.value.value if isinstance(k.value, nodes.Const) else NOT_KNOWN for k in call.kwargs}
    return argument_problems(declared, handbook, args, kwargs, broken)
