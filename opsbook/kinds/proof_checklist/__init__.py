"""Proof checklist: for one doubt shoppers have, the documents that answer it, who issues each and how long it takes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from opsbook.core.fields import Entry, EntryId, Line, Model, Reference
from opsbook.core.schema import REFERENCE
from opsbook.kinds import Kind
from opsbook.kinds.evidence import DOUBTS


class Proof(Model):
    document: Line("The document or check, by name.", max_length=200)
    evidence: EntryId | None = Field(
        default=None,
        description="The id of its evidence entry, if the handbook has one.",
        json_schema_extra={REFERENCE: "evidence"},
    )
    issuer: Line("Who issues or signs it.", max_length=300)
    time_to_get: Line("How long it usually takes to get.", max_length=200)
    shows: Line("What it shows, and so which part of the doubt it answers.", max_length=400)


class ProofChecklist(Entry):
    """What to gather when shoppers doubt one thing about a low price."""

    doubt: Literal[tuple(DOUBTS)] = Field(description="The doubt it answers: " + ", ".join(DOUBTS) + ".")
    items: list[Proof] = Field(min_length=1, description="The proofs, the strongest first.")

    def references(self):
        for i, item in enumerate(self.items):
            if item.evidence:
                yield Reference(("items", i, "evidence"), item.evidence, "evidence", item.shows)


KIND = Kind(
    name="proof-checklist",
    folder="proof-checklists",
    label="Proof checklist",
    plural="Proof checklists",
    model=ProofChecklist,
    order=6,
    review_every_days=90,
    description="For each doubt about a low price: the proofs, who issues them and how long they take.",
)
