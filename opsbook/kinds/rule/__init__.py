"""Rule: one article of a law or one platform rule, written once with its source and in-force date.

Strategies cite rules by id in their compliance notes; the rules page and each rule's page list
where a rule applies. A rule that came into force after an entry citing it was last reviewed
makes that entry due for review (see `opsbook.core.freshness`).
"""

from __future__ import annotations

from pydantic import Field

from opsbook.core.fields import Date, Entry, Line, Text, WebAddress
from opsbook.kinds import Kind


class Rule(Entry):
    """A law's article or a platform rule, as it stands, with where to read it."""

    law: Line(
        'The law or rule book, with its version, e.g. "Anti-Unfair Competition Law of the PRC (revised 2025)".',
        max_length=200,
    )
    article: Line('The article, e.g. "Art. 9"; for a platform rule, where in the rules it is.', max_length=120)
    in_force: Date | None = Field(
        default=None,
        description="The day this version came into force (YYYY-MM-DD); leave out only for platform "
        "rules that change without a fixed date.",
    )
    source: WebAddress
    forbids: Text("What the rule forbids or requires, in plain words.")
    penalty: Text("What breaking it costs, citing the article that sets the penalty.") | None = None


KIND = Kind(
    name="rule",
    folder="rules",
    label="Rule",
    plural="Rules",
    model=Rule,
    description="Laws and platform rules, each article once, with its source and in-force date.",
    order=4,
    review_every_days=180,
)
