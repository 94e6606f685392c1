"""The two rule files, as models: `rules.yaml` (the rules) and `competitors.yaml` (names copy must not use).

They are validated like playbooks, so a mistake is reported at its line. Every pattern a rule
brings is checked here, when the rules load: a phrase must have something left to match once
normalised, and a regular expression must compile and keep the limits of `regex_limits`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from opsbook.core.fields import EntryId, Line, Model
from opsbook.tools.copycheck import regex_limits
from opsbook.tools.copycheck.text import INVISIBLE, phrase_words

# ASCII: \b, \w, \d and \s mean their ASCII forms, so r"\bNo\.1\b" also finds the No.1 in 销量No.1.
REGEX_FLAGS = re.IGNORECASE | re.ASCII


def _checked_regex(value: str) -> str:
    try:
        regex_limits.check(value, REGEX_FLAGS)
    except re.error as error:
        raise PydanticCustomError(
            "invalid-value",
            "`{regex}` is not a valid regular expression: {error}",
            {"regex": value, "error": str(error)},
        ) from None
    except regex_limits.TooComplex as error:
        raise PydanticCustomError(
            "invalid-value", "`{regex}` {reason}", {"regex": value, "reason": str(error)}
        ) from None
    return value


def _something_to_match(value: str) -> str:
    if not phrase_words(value):
        shown = "".join(c if c.isprintable() and c not in INVISIBLE else f"\\u{ord(c):04x}" for c in value)
        raise PydanticCustomError(
            "invalid-value",
            "`{phrase}` has nothing left to match once spaces, hyphens and invisible characters "
            "are set aside, so it would never match",
            {"phrase": shown},
        )
    return value


Regex = Annotated[
    str,
    Field(
        min_length=1,
        max_length=500,
        description="A Python regular expression, matched ignoring case; \\b, \\w, \\d and \\s "
        "mean their ASCII forms. Every repetition needs a limit ({1,10}, not + or *).",
    ),
    AfterValidator(_checked_regex),
]
Phrase = Annotated[
    Line("Plain text, matched ignoring case, full-width forms and spacing.", max_length=200),
    AfterValidator(_something_to_match),
]


class RegexPattern(Model):
    regex: Regex
    label: Line("How the pattern is shown on the handbook page, in words staff understand.", max_length=200)


class Part(Model):
    name: Line("What this part of the combination is, as the handbook shows it (e.g. `review action`).", max_length=60)
    phrases: list[Phrase] = Field(min_length=1, description="Phrases that stand for this part.")


class Combination(Model):
    """Several parts that together make a finding, such as a review action, a reward verb and a reward."""

    parts: list[Part] = Field(
        min_length=2, max_length=5, description="The parts, in the order they are usually written."
    )
    max_gap: int = Field(
        ge=0,
        le=60,
        strict=True,
        description="At most this many characters between one part and the next; "
        "parts are never looked for across the end of a sentence.",
    )
    either_order: bool = Field(
        default=False, strict=True, description="The first part may also come last (`cash back for a good review`)."
    )
    breaks: list[Phrase] = Field(
        default=[],
        description="Phrases that, between two parts, break the link: "
        "another action the reward belongs to (下单, buy).",
    )


class CopyRule(Model):
    id: EntryId
    source: Line("The law or platform rule this comes from, e.g. Advertising Law of the PRC, Art. 9(3).")
    rules: list[str] = Field(
        default=[],
        description="The ids of the handbook's rule entries this applies "
        "(playbooks/rules/), so its page links to them.",
    )
    explanation: Line("One sentence, printed with every finding: what the rule forbids and why.", max_length=400)
    note: (
        Line("For the handbook page: a decision about where the rule's line runs, and why.", max_length=600) | None
    ) = None
    applies_to: Literal["all", "health-food"] = Field(
        description="`all` copy, or only `health-food` (checked with --health-food)."
    )
    phrases: list[Phrase] = Field(default=[], description="Plain phrases that are findings.")
    regexes: list[RegexPattern] = Field(default=[], description="Regular expressions that are findings.")
    combinations: list[Combination] = Field(
        default=[], description="Parts that are a finding when they occur together (see `Combination`)."
    )
    phrases_from: Literal["competitors"] | None = Field(
        default=None, description="`competitors`: also flag every name in the competitor list."
    )
    exempt: list[Phrase] = Field(
        default=[], description="Phrases in which a match (or a part of a combination) does not count."
    )
    required: list[Phrase] = Field(default=[], description="The text must contain one of these phrases.")
    suggestion: Line("What to write instead; generic, or right for every product the rule applies to.", max_length=400)

    @model_validator(mode="after")
    def _flags_something(self):
        flags = bool(self.phrases or self.regexes or self.combinations or self.phrases_from)
        if flags == bool(self.required):
            raise PydanticCustomError(
                "invalid-value",
                "a rule either flags text (`phrases`, `regexes`, `combinations` or "
                "`phrases_from`) or names what the text must contain (`required`); this one has "
                + ("both" if flags else "neither"),
            )
        return self


class RuleFile(Model):
    rules: list[CopyRule] = Field(min_length=1)


class Competitor(Model):
    name: Phrase
    other_names: list[Phrase] = Field(default=[], description="Other spellings, e.g. the Chinese name.")
    products: list[Phrase] = Field(default=[], description="The competitor's product names.")


class CompetitorFile(Model):
    competitors: list[Competitor]
