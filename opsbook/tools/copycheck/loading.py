"""Finding, reading and validating the rule files; the result is a compiled `RuleSet` or the problems."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from opsbook.core.layout import COPY_RULES
from opsbook.core.validate import display_path, explain_errors
from opsbook.core.yaml_source import Source, read
from opsbook.tools.copycheck.engine import Rule, RuleSet
from opsbook.tools.copycheck.rules import CompetitorFile, RuleFile

RULES_FOLDER = COPY_RULES
RULES_FILE = "rules.yaml"
COMPETITORS_FILE = "competitors.yaml"
# The rules that come with Opsbook (package data). A handbook's own copy_rules/ adds rules to them
# or replaces the shipped rule of the same id, and its competitors.yaml replaces the shipped list.
SHIPPED_RULES = Path(__file__).resolve().parent / "shipped"


@dataclass(frozen=True)
class Unreadable:
    """A rules folder or file that cannot be read at all: the one problem reported, since nothing else can be."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: the copy rules cannot be read ({self.reason})"


def _validate(path: Path, model: type[BaseModel]) -> tuple[BaseModel | None, Source | None, list]:
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, None, [Unreadable(shown, error.strerror or str(error))]
    source, problems = read(raw, shown)
    if source is None:
        return None, None, problems
    try:
        return model.model_validate(source.data), source, []
    except ValidationError as error:
        return None, source, explain_errors(error.errors(), source, model)


def load_rules(rules_path: Path, competitors_path: Path) -> tuple[RuleSet | None, list]:
    """Read and validate both rule files; the rule set, or None and every problem found
    (or only the file that cannot be read)."""
    rule_file, source, problems = _validate(Path(rules_path), RuleFile)
    competitor_file, _, more = _validate(Path(competitors_path), CompetitorFile)
    problems += more
    unreadable = [problem for problem in problems if isinstance(problem, Unreadable)]
    if unreadable:
        return None, unreadable[:1]
    if rule_file is not None:
        seen: dict[str, int] = {}
        for i, rule in enumerate(rule_file.rules):
            if rule.id in seen:
                problems.append(
                    source.problem(
                        "duplicate-id", ("rules", i, "id"), id=rule.id, other=f"rule {seen[rule.id] + 1} of this file"
                    )
                )
            seen.setdefault(rule.id, i)
    if problems:
        return None, sorted(problems)
    names = [name for c in competitor_file.competitors for name in (c.name, *c.other_names, *c.products)]
    return RuleSet(tuple(Rule.compile(rule, names) for rule in rule_file.rules)), []


def load_folder(
    folder: Path, rules_path: Path | None = None, competitors_path: Path | None = None
) -> tuple[RuleSet | None, list]:
    """The rules of a handbook's `folder` over the shipped ones, or the files given instead.

    A file the folder does not have is taken from the shipped rules; the folder's rules replace
    shipped rules of the same id and add the others. A file given by name is used as it is.
    """
    folder = Path(folder)
    if rules_path is None or competitors_path is None:
        try:
            os.scandir(folder).close()
        except OSError as error:
            return None, [Unreadable(display_path(folder), error.strerror or str(error))]
    own_rules = rules_path or _own_or_shipped(folder, RULES_FILE)
    ruleset, problems = load_rules(own_rules, competitors_path or _own_or_shipped(folder, COMPETITORS_FILE))
    if ruleset is None or rules_path is not None or own_rules == SHIPPED_RULES / RULES_FILE:
        return ruleset, problems
    shipped, problems = load_rules(
        SHIPPED_RULES / RULES_FILE, competitors_path or _own_or_shipped(folder, COMPETITORS_FILE)
    )
    return (ruleset.over(shipped), []) if shipped else (None, problems)


def _own_or_shipped(folder: Path, name: str) -> Path:
    own = folder / name
    return own if own.exists() or own.is_symlink() else SHIPPED_RULES / name


def rules_folder(base: Path) -> Path:
    """`copy_rules/` in `base` (the handbook's top folder) if it has one, else the rules shipped with Opsbook.
    A `copy_rules` that is there but is not a readable folder (a file, a broken link) is still the team's:
    using the shipped rules instead would hide the mistake."""
    local = Path(base) / RULES_FOLDER
    return local if local.exists() or local.is_symlink() else SHIPPED_RULES


def load_default(base: Path) -> tuple[RuleSet | None, list]:
    return load_folder(rules_folder(base))
