"""Functions for hand-written pages in docs/, registered with mkdocs-macros by the top-level macros.py.

They read the Handbook the opsbook plugin built for this build and return
HTML rendered from templates, with playbook text escaped. An unknown id is
recorded (page and id) and fails the build in the plugin's `on_env`.
"""

from __future__ import annotations

from markupsafe import Markup

from .kinds.strategy import PRICE_POSITIONS
from .problems import CATALOGUE


def register(env) -> None:
    def plugin():
        return env.conf.plugins["opsbook"]

    def page_src() -> str:
        return env.page.file.src_uri

    def fragment(template: str, **context) -> Markup:
        return plugin().renderer.render_fragment(f"macros/{template}", page_src(), **context)

    def lookup(macro: str, entry_id: str, kind: str | None = None):
        record = plugin().handbook.get(entry_id)
        if record is None or (kind and record.kind.name != kind):
            what = f"no {kind} entry" if kind else "no entry"
            plugin().macro_errors.append(f"docs/{page_src()}: {macro}('{entry_id}'): there is {what} with this id")
        return record if record and (not kind or record.kind.name == kind) else None

    @env.macro
    def entry_link(entry_id: str) -> Markup:
        """A link to an entry, showing its title: {{ entry_link('customs-declaration-form') }}."""
        record = lookup("entry_link", entry_id)
        return fragment("entry_link.j2", record=record, entry_id=entry_id)

    @env.macro
    def strategy_table(position: str | None = None, tag: str | None = None) -> Markup:
        """Strategies, optionally only one price position and/or one tag, as a table."""
        if position is not None and position not in PRICE_POSITIONS:
            plugin().macro_errors.append(f"docs/{page_src()}: strategy_table(position='{position}'): "
                                         f"use one of {', '.join(PRICE_POSITIONS)}")
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
        return fragment("error_catalogue.j2", catalogue=CATALOGUE)
