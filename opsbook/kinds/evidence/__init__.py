"""Evidence: a kind of trust proof, and the shoppers' doubts it removes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from opsbook.core.fields import Entry, Item, Text
from opsbook.kinds import Kind

# The fixed vocabulary of doubts: value -> (label, what the shopper suspects).
DOUBTS = {
    "counterfeit": ("Counterfeit", "The goods are fakes of the brand."),
    "defective": ("Defective", "The goods are faulty or seconds."),
    "refurbished": ("Refurbished", "The goods are used items repackaged as new."),
    "old-stock": ("Old stock", "The goods are old, near expiry or out of season."),
    "grey-import": ("Grey import", "The goods came in outside the brand's official channel, without warranty."),
    "too-cheap-to-be-good": ("Too cheap to be good", "The price is so low that something must be wrong."),
    "unauthorised-seller": ("Unauthorised seller", "The store has no right to sell the brand."),
}


class Evidence(Entry):
    """A kind of trust proof shown to shoppers."""

    removes_doubts: list[Literal[tuple(DOUBTS)]] = Field(
        min_length=1, description="The doubts this evidence removes: " + ", ".join(DOUBTS) + "."
    )
    how_to_obtain: Text("Where the evidence comes from and how to get it.")
    how_to_present: Text("How to show it to shoppers, for example signed and watermarked.")
    pitfalls: list[Item] = Field(min_length=1, description="What goes wrong with this evidence.")


KIND = Kind(
    name="evidence",
    folder="evidence",
    label="Evidence",
    plural="Evidence",
    model=Evidence,
    description="Trust proof that backs a price: what it is, how to get it and how to show it.",
    order=2,
    review_every_days=90,  # documents expire and rules on showing them change
    groups=DOUBTS,
    group_by="removes_doubts",
    group_values=lambda e: e.removes_doubts,
)
