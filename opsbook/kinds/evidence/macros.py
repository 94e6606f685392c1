"""Macros about evidence, for hand-written pages."""

from __future__ import annotations

from markupsafe import Markup

from opsbook.kinds.evidence import DOUBTS
from opsbook.site.macros import MacroPage, macro


@macro(values={"doubt": lambda handbook: list(DOUBTS)})
def evidence_table(page: MacroPage, doubt: str | None = None) -> Markup:
    """Evidence entries, optionally only those that remove one doubt, with the doubts each removes."""
    records = [r for r in page.handbook.of_kind("evidence") if doubt is None or doubt in r.entry.removes_doubts]
    return page.fragment("evidence/evidence_table.j2", records=records)
