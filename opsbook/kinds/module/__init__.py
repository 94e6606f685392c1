"""Learning-path module: one step of a new hire's first weeks — what it teaches, what to read, exercises.

The learning path is these entries in `step` order. Each module's page, the path's index, the
progress page (kept in the reader's browser by assets/javascripts/learning.js), the printed path
(`print_learning_path()`) and the "where you are" line on every page a module reads are made from
them, so no list of entries is written twice.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from opsbook.core.exercise import SelfCheck
from opsbook.core.fields import ANY_KIND, Entry, EntryId, Reference, Text
from opsbook.core.schema import REFERENCE
from opsbook.kinds import Kind

AnyEntryId = Annotated[EntryId, Field(json_schema_extra={REFERENCE: ANY_KIND})]
TermId = Annotated[EntryId, Field(json_schema_extra={REFERENCE: "term"})]


class Module(Entry):
    """A step of the learning path. `title` names it; `summary` says in one line what it is about."""

    step: int = Field(
        ge=1, le=99, strict=True, description="Its place in the learning path: 1 comes first; each module its own."
    )
    minutes: int = Field(
        ge=5, le=480, strict=True, description="About how long the module takes a new hire, in minutes."
    )
    teaches: Text("What the learner can do after this module, and why it matters.")
    read: list[AnyEntryId] = Field(
        min_length=1,
        description="The ids of the entries to read, in order: strategies, evidence, rules, glossary terms…",
    )
    words: list[TermId] = Field(
        default=[], description="Glossary terms the learner meets in this module (ids in playbooks/glossary/)."
    )
    exercises: list[SelfCheck] = Field(
        min_length=1, description="Questions that close the module; multiple-choice ones give feedback at once."
    )

    def references(self):
        for i, target in enumerate(self.read):
            yield Reference(("read", i), target, ANY_KIND, "")
        for i, term in enumerate(self.words):
            yield Reference(("words", i), term, "term", "")


KIND = Kind(
    name="module",
    folder="learning-path",
    label="Learning-path module",
    plural="Learning path",
    model=Module,
    description="Short modules for a new hire's first weeks: what to read, in order, and exercises to check yourself.",
    order=0,
    review_every_days=180,
    ordered_by="step",
    reading_list="read",
    pages=(("progress.md", "progress.md.j2", "Your progress"),),
)
