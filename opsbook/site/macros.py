"""Functions for hand-written pages in docs/, registered with mkdocs-macros by the top-level macros.py.

They read the Handbook the opsbook plugin built for this build and return
HTML rendered from templates, with playbook text escaped. An unknown id or
filter value raises MacroError, with the same check and words as
`opsbook validate` (page_check); the plugin reports it at the call's line.
"""

from __future__ import annotations

from markupsafe import Markup

from opsbook.kinds.evidence import DOUBTS
from opsbook.kinds.strategy import PRICE_POSITIONS
from opsbook.site.page_check import MacroError, check_id, check_value
from opsbook.core.problems import by_group


def register(env) -> None:
    def plugin():
        return env.conf.plugins["opsbook"]

    def page_src() -> str:
        return env.page.file.src_uri

    def fragment(template: str, **context) -> Markup:
        return plugin().renderer.render_fragment(f"macros/{template}", page_src(), **context)

    def checked_value(macro: str, name: str, value):
        if problem := check_value(plugin().handbook, name, value):
            raise MacroError(macro, problem[0], str(value), **problem[1])
        return value

    def lookup(macro: str, entry_id: str, kind: str | None = None):
        if problem := check_id(plugin().handbook, entry_id, kind):
            raise MacroError(macro, problem[0], str(entry_id), **problem[1])
        return plugin().handbook.get(entry_id)

    @env.macro
    def entry_link(entry_id: str) -> Markup:
        """A link to an entry, showing its title: {{ entry_link('customs-declaration-form') }}."""
        record = lookup("entry_link", entry_id)
        return fragment("entry_link.j2", record=record, entry_id=entry_id)

    @env.macro
    def strategy_table(position: str | None = None, tag: str | None = None) -> Markup:
        """Strategies, optionally only one price position and/or one tag, as a table."""
        checked_value("strategy_table", "position", position)
        checked_value("strategy_table", "tag", tag)
        records = [r for r in plugin().handbook.of_kind("strategy")
                   if (position is None or r.entry.price_position in (position, "any"))
                   and (tag is None or tag in r.entry.tags)]
        return fragment("strategy_table.j2", records=records)

    @env.macro
    def evidence_checklist(strategy_id: str) -> Markup:
        """The evidence a strategy needs, as a checklist with what each proves."""
        record = lookup("evidence_checklist", strategy_id, "strategy")
        return fragment("evidence_checklist.j2", record=record)

    @env.macro
    def error_catalogue() -> Markup:
        """Every message the validator can print, with what it means and how to fix it."""
        return fragment("error_catalogue.j2", groups=by_group())

    @env.macro
    def evidence_table(doubt: str | None = None) -> Markup:
        """Evidence entries, optionally only those that remove one doubt, with the doubts each removes."""
        checked_value("evidence_table", "doubt", doubt)
        records = [r for r in plugin().handbook.of_kind("evidence") if doubt is None or doubt in r.entry.removes_doubts]
        return fragment("evidence_table.j2", records=records)

    @env.macro
    def self_check(strategy_id: str) -> Markup:
        """A strategy's self-check questions, each answer folded until the reader opens it."""
        return fragment("self_check.j2", record=lookup("self_check", strategy_id, "strategy"))

    @env.macro
    def decision_guide() -> Markup:
        """From each price position to its strategies, and from each strategy to the evidence it needs."""
        return fragment("decision_guide.j2", strategies=plugin().handbook.of_kind("strategy"))

    @env.macro
    def decision_diagram() -> Markup:
        """Price position -> strategies -> evidence -> doubts, as a Mermaid flowchart made from the data."""
        book = plugin().handbook
        strategies = book.of_kind("strategy")
        evidence = sorted({need.evidence for s in strategies for need in s.entry.evidence})
        return fragment("decision_diagram.j2", strategies=strategies, evidence=[book.get(i) for i in evidence],
                        positions=PRICE_POSITIONS, doubts=DOUBTS)

    @env.macro
    def compliance_table() -> Markup:
        """Every rule named in a strategy's compliance notes, with what it forbids and where it applies."""
        rows = sorted(((note, play) for play in plugin().handbook.of_kind("strategy") for note in play.entry.compliance),
                      key=lambda row: row[0].rule.casefold())
        return fragment("compliance_table.j2", rows=rows)

    @env.macro
    def copy_rules() -> Markup:
        """The rules of `opsbook check-copy`: source, what each flags and what to write instead."""
        from pathlib import Path

        from opsbook.tools.copycheck import load_default

        ruleset, problems = load_default(Path(env.conf.config_file_path).parent)
        if problems:
            raise MacroError("copy_rules", "copy-rules-broken", causes=tuple(problems), count=len(problems))
        return fragment("copy_rules.j2", rules=ruleset.rules)

    @env.macro
    def print_entries(*entry_ids: str) -> Markup:
        """Whole entries, one after another, for a page meant to be printed."""
        records = [lookup("print_entries", entry_id) for entry_id in entry_ids]
        entries = [plugin().renderer.entry_sections(record, page_src()) for record in records]
        return fragment("print_entries.j2", entries=entries)
