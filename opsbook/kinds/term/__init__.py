"""Glossary term: an English term, its Chinese form and a definition."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field

from opsbook.core.fields import Entry, EntryId, Line, Reference, Text
from opsbook.core.schema import REFERENCE
from opsbook.kinds import Kind

RuleId = Annotated[EntryId, Field(json_schema_extra={REFERENCE: "rule"})]


class Term(Entry):
    """A word staff meet at work. `title` is the English term, `summary` its one-line definition."""

    chinese: Line("The Chinese term as it appears on the platform.", max_length=60, translated=False)
    stands_for: (
        Line('What an abbreviation stands for, for example "Detailed Seller Rating".', max_length=120, translated=False)
        | None
    ) = None
    details: Text("More about the term: where staff meet it and why it matters.") | None = None
    rules: list[RuleId] = Field(default=[], description="The ids of the rules (playbooks/rules/) that govern it.")

    def references(self):
        for i, rule in enumerate(self.rules):
            yield Reference(("rules", i), rule, "rule", f"governs {self.title}")


def hover_terms(term: Term, source: Term) -> dict[str, str]:
    """Abbreviations (all-capital titles such as DSR) and every Chinese term are explained on hover.

    `source` is the entry as its own file writes it; `term` is the same entry in the edition's
    language. In a translated edition the explanation is the translated one-line definition.
    """
    translated = term is not source
    if translated:
        terms = {term.chinese: term.summary}
    else:
        terms = {term.chinese: term.title + (f" ({term.stands_for})" if term.stands_for else "")}
    if re.fullmatch(r"[A-Z]{2,6}", source.title):
        abbreviation = f"{term.stands_for or source.title}, {term.chinese}"
        terms[source.title] = f"{term.chinese}（{source.title}）：{term.summary}" if translated else abbreviation
    return terms


KIND = Kind(
    name="term",
    folder="glossary",
    label="Glossary term",
    plural="Glossary",
    model=Term,
    description="Words new staff meet on the platform, in English and Chinese.",
    order=3,
    review_every_days=365,
    hover_terms=hover_terms,
)
