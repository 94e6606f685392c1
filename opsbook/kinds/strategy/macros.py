"""Macros about strategies, for hand-written pages: tables, checklists, self-checks, the decision guide."""

from __future__ import annotations

from markupsafe import Markup

from opsbook.kinds.evidence import DOUBTS
from opsbook.kinds.strategy import PRICE_POSITIONS
from opsbook.site.macros import MacroPage, macro


def _tags(handbook) -> list[str]:
    return sorted({tag for record in handbook.of_kind("strategy") for tag in record.entry.tags})


@macro(values={"position": lambda handbook: list(PRICE_POSITIONS), "tag": _tags})
def strategy_table(page: MacroPage, position: str | None = None, tag: str | None = None) -> Markup:
    """Strategies, optionally only one price position and/or one tag, as a table."""
    records = [
        r
        for r in page.handbook.of_kind("strategy")
        if (position is None or r.entry.price_position in (position, "any")) and (tag is None or tag in r.entry.tags)
    ]
    return page.fragment("strategy/strategy_table.j2", records=records)


@macro(ids={"strategy_id": "strategy"})
def evidence_checklist(page: MacroPage, strategy_id: str) -> Markup:
    """The evidence a strategy needs, as a checklist with what each proves."""
    return page.fragment("strategy/evidence_checklist.j2", record=page.entry(strategy_id))


@macro(ids={"strategy_id": "strategy"})
def self_check(page: MacroPage, strategy_id: str) -> Markup:
    """A strategy's self-check questions, each answer folded until the reader opens it."""
    return page.fragment("strategy/self_check.j2", record=page.entry(strategy_id))


@macro()
def decision_guide(page: MacroPage) -> Markup:
    """From each price position to its strategies, and from each strategy to the evidence it needs."""
    return page.fragment("strategy/decision_guide.j2", strategies=page.handbook.of_kind("strategy"))


@macro()
def decision_diagram(page: MacroPage) -> Markup:
    """Price position -> strategies -> evidence -> doubts, as a Mermaid flowchart made from the data."""
    strategies = page.handbook.of_kind("strategy")
    evidence = sorted({need.evidence for s in strategies for need in s.entry.evidence})
    return page.fragment(
        "strategy/decision_diagram.j2",
        strategies=strategies,
        evidence=[page.entry(i) for i in evidence],
        positions=PRICE_POSITIONS,
        doubts=DOUBTS,
    )
