"""Macros about rules, for hand-written pages."""

from __future__ import annotations

from markupsafe import Markup

from opsbook.site.macros import MacroPage, macro


@macro()
def rules_table(page: MacroPage) -> Markup:
    """Every rule: what it forbids, what it costs, since when, its source, and the entries that cite it."""
    return page.fragment("rule/rules_table.j2", rules=page.handbook.of_kind("rule"))
