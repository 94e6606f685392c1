"""Strategy: a price play for one price position, with the evidence it relies on."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from opsbook.core.arithmetic import FormulaError, compute
from opsbook.core.exercise import SelfCheck
from opsbook.core.fields import ANCHOR, Entry, EntryId, Item, Line, Model, Reference, Text
from opsbook.core.schema import REFERENCE
from opsbook.kinds import Kind

# The fixed vocabulary of price positions: value -> (label, explanation).
PRICE_POSITIONS = {
    "above": ("Priced above competitors", "Your price is clearly higher than comparable offers."),
    "level": ("Priced level with competitors", "Your price is about the same as comparable offers."),
    "below": ("Priced below competitors", "Your price is clearly lower than comparable offers."),
    "any": ("Any price position", "The play applies whatever your price is."),
}


class EvidenceNeed(Model):
    evidence: EntryId = Field(
        description="The id of an evidence entry this strategy relies on.", json_schema_extra={REFERENCE: "evidence"}
    )  # editors offer the ids that exist
    proves: Line("What this evidence proves for this strategy, in one sentence.")


class Example(Model):
    title: Line("A short name for the example.", max_length=120)
    story: Text("What was done, with the figures, and what happened.")


class Metric(Model):
    name: Line("The figure to watch, for example CTR or DSR.", max_length=80)
    why: Line("What a change in this figure tells you.")


class ComplianceNote(Model):
    rule: EntryId = Field(
        description="The id of the rule (an entry in playbooks/rules/) that limits this play.",
        json_schema_extra={REFERENCE: "rule"},
    )
    forbids: Line("What the rule forbids, in plain words, as it applies to this strategy.", max_length=600)


NAME_PATTERN = r"^[a-z][a-z0-9_]*$"


class Number(Model):
    name: str = Field(
        pattern=NAME_PATTERN,
        max_length=40,
        description="A short name formulas use, e.g. visitors.",
        json_schema_extra={ANCHOR: True},
    )
    label: Line("What the number is, as the page shows it.", max_length=200)
    value: float = Field(description="The number (plain digits; a share as a decimal, e.g. 0.035 for 3.5%).")
    unit: str = Field(
        default="", max_length=20, description="yuan, % (a share written as a decimal), or nothing for a count."
    )


class Result(Model):
    name: str = Field(
        pattern=NAME_PATTERN,
        max_length=40,
        description="A short name later formulas may use.",
        json_schema_extra={ANCHOR: True},
    )
    label: Line("What the result is, as the page shows it.", max_length=200)
    formula: Line(
        'How it is computed from the inputs and earlier results, e.g. "visitors * conversion".',
        max_length=200,
        translated=False,  # arithmetic on the names, the same in every language
    )
    unit: str = Field(
        default="", max_length=20, description="yuan, % (a share written as a decimal), or nothing for a count."
    )


class WorkedNumbers(Model):
    """A sum a new hire has to do, with its inputs; Opsbook computes the results, so they never go stale."""

    title: Line("What is being worked out.", max_length=120)
    explain: Text("When a new hire needs this sum.")
    inputs: list[Number] = Field(min_length=1, description="The figures that go in.")
    results: list[Result] = Field(min_length=1, description="What comes out, each computed by its formula.")
    lesson: Text("What the numbers show.")

    @model_validator(mode="after")
    def _formulas_compute(self):
        try:
            compute({n.name: n.value for n in self.inputs}, {r.name: r.formula for r in self.results})
        except FormulaError as error:
            raise PydanticCustomError("bad-formula", "bad formula", {"detail": str(error)}) from None
        return self

    def computed(self) -> dict[str, float]:
        return compute({n.name: n.value for n in self.inputs}, {r.name: r.formula for r in self.results})


class Strategy(Entry):
    """A price play: what to do in one price position, how, and what to avoid."""

    price_position: Literal[tuple(PRICE_POSITIONS)] = Field(
        description="The price position this play is for: " + ", ".join(PRICE_POSITIONS) + "."
    )
    when_to_use: Text("The situation in which this play is the right one.")
    steps: list[Item] = Field(min_length=1, description="What to do, in order.")
    do_not: list[Item] = Field(min_length=1, description="Mistakes to avoid.")
    evidence: list[EvidenceNeed] = Field(default=[], description="The trust evidence this play needs.")
    examples: list[Example] = Field(min_length=1, description="Worked examples.")
    metrics: list[Metric] = Field(min_length=1, description="The figures that show whether the play works.")
    compliance: list[ComplianceNote] = Field(default=[], description="Laws and platform rules that limit this play.")
    self_check: list[SelfCheck] = Field(min_length=1, description="Questions to test understanding, with answers.")
    worked_numbers: list[WorkedNumbers] = Field(
        default=[], description="Sums the play needs, computed from their inputs."
    )

    def references(self):
        for i, need in enumerate(self.evidence):
            yield Reference(("evidence", i, "evidence"), need.evidence, "evidence", need.proves)
        for i, note in enumerate(self.compliance):
            yield Reference(("compliance", i, "rule"), note.rule, "rule", note.forbids)


KIND = Kind(
    name="strategy",
    folder="strategies",
    label="Strategy",
    plural="Strategies",
    model=Strategy,
    description="Price plays: what to do when you are priced above, level with or below competitors.",
    order=1,
    review_every_days=180,
    groups=PRICE_POSITIONS,
    group_by="price_position",
    # A play for any position belongs on every position's page.
    group_values=lambda s: list(PRICE_POSITIONS) if s.price_position == "any" else [s.price_position],
)
