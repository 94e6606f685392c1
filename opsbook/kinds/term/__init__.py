"""Glossary term: an English term, its Chinese form and a definition."""

from __future__ import annotations


from opsbook.core.fields import Entry, Line, Text
from opsbook.kinds import Kind


class Term(Entry):
    """A word staff meet at work. `title` is the English term, `summary` its one-line definition."""

    chinese: Line("The Chinese term as it appears on the platform.", max_length=60)
    stands_for: Line("What an abbreviation stands for, for example \"Detailed Seller Rating\".",
                     max_length=120) | None = None
    details: Text("More about the term: where staff meet it and why it matters.") | None = None


KIND = Kind(name="term", folder="glossary", label="Glossary term", plural="Glossary", model=Term,
            description="Words new staff meet on the platform, in English and Chinese.", order=3, review_every_days=365)
