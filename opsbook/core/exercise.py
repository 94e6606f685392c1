"""Exercises: a question a learner answers, open (a model answer) or multiple choice (choices with feedback).

Shared by every kind that teaches (strategies, learning-path modules); the site renders them with
site/templates/exercises.j2 and assets/javascripts/learning.js.
"""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from opsbook.core.fields import Line, Model, Text


class Choice(Model):
    choice: Line("One answer a learner can pick.", max_length=300)
    right: bool = Field(default=False, description="true for the one right answer; leave out for the others.")
    why: Line("Why this answer is right, or the mistake it is: shown as soon as it is picked.", max_length=600)


class SelfCheck(Model):
    question: Line("A question a new hire should be able to answer after reading.", max_length=500)
    answer: Text("The answer, in a few sentences.")
    choices: list[Choice] = Field(
        default=[],
        description="For a multiple-choice question: the answers to pick from, exactly one of them right.",
        json_schema_extra={"minItems": 2},  # editors and `opsbook new` show two; the validator below says why
    )

    @model_validator(mode="after")
    def _one_right_choice(self):
        if self.choices and (len(self.choices) < 2 or sum(c.right for c in self.choices) != 1):
            raise PydanticCustomError("one-right-choice", "one right choice", {"count": len(self.choices)})
        return self
