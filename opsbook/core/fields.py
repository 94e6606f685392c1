"""Field types shared by every kind of entry.

Each constraint is declared here once; pydantic enforces it and writes it
into the JSON Schema, and `validate.py` turns its errors into editor messages
(patterns are recognised by identity, see PATTERN_CODES).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal, NamedTuple

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from opsbook.core.characters import INVISIBLE, name
from opsbook.core.languages import LANGUAGES, SOURCE_LANGUAGE

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TAG_PATTERN = r"^[\w][\w -]*$"
ONE_LINE_PATTERN = r"^[^\n]+$"
URL_PATTERN = r"^https?://[^\s<>\"'`]+$"

# JSON Schema keys. REFERENCE: the value names an entry of the kind given (editors offer the ids that exist).
# ANCHOR: the value names its list item (a number's name); translations repeat it to match items up.
REFERENCE = "x-opsbook-reference"
ANCHOR = "x-opsbook-anchor"
ANY_KIND = "playbook"  # as a REFERENCE: the id of an entry of any kind


def kind_fits(wanted: str, found: str) -> bool:
    """Whether an entry of the kind `found` is what a reference to the kind `wanted` asks for."""
    return wanted in (ANY_KIND, found)


# Which editor message a failed pattern means.
PATTERN_CODES = {
    ID_PATTERN: "bad-id",
    TAG_PATTERN: "bad-tag",
    ONE_LINE_PATTERN: "multiple-lines",
    URL_PATTERN: "bad-url",
}

MAX_ID = 64
MAX_LINE = 300
MAX_TEXT = 10_000


def _all_visible(value: str) -> str:
    if found := INVISIBLE.search(value):
        raise PydanticCustomError("invisible-character", "invisible character", {"char": name(found[0])})
    return value


class _Translated:
    """Marks text that each language's edition writes in its own words (see core/translation.py)."""

    def __repr__(self) -> str:
        return "TRANSLATED"


TRANSLATED = _Translated()


def Line(description: str, max_length: int = MAX_LINE, translated: bool = True, **examples):
    """One line of plain text (Markdown allowed for emphasis and links)."""
    return Annotated[
        str,
        Field(min_length=1, max_length=max_length, pattern=ONE_LINE_PATTERN, description=description, **examples),
        AfterValidator(_all_visible),
        *([TRANSLATED] if translated else []),
    ]


def Text(description: str, translated: bool = True, **examples):
    """Several lines or paragraphs of Markdown text."""
    return Annotated[
        str,
        Field(min_length=1, max_length=MAX_TEXT, description=description, **examples),
        *([TRANSLATED] if translated else []),
    ]


# `index`: every kind's folder has an index page of that name. The others are device names that
# Windows refuses as file names (with any ending), so an editor there could not check the file out.
RESERVED_IDS = frozenset(
    {"index", "con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10))}
)


def _not_reserved(value: str) -> str:
    if value in RESERVED_IDS:
        raise PydanticCustomError("bad-id", "reserved", {"value": value})
    return value


Item = Line("One item of a list.", max_length=500)


EntryId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_ID,
        pattern=ID_PATTERN,
        description="Stable id: lowercase words joined by hyphens. The file is named `<id>.yaml`.",
        examples=["customs-declaration-form"],
    ),
    AfterValidator(_not_reserved),
]

Tag = Annotated[str, Field(max_length=40, pattern=TAG_PATTERN), AfterValidator(_all_visible)]

WebAddress = Annotated[
    str, Field(max_length=2000, pattern=URL_PATTERN, description="A full web address starting with https://")
]

_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value):
    """Dates are YYYY-MM-DD only: not numbers (which pydantic reads as Unix time) nor date-times."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _DATE_TEXT.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("bad-date", "not a date", {"value": str(value)})


def _not_in_future(value: date, info: ValidationInfo) -> date:
    today = (info.context or {}).get("today")
    if today is not None and value > today:
        raise PydanticCustomError("future-date", "in the future", {"value": value.isoformat()})
    return value


# Any day that exists, future ones included (a law passed but not yet in force).
Date = Annotated[date, BeforeValidator(_parse_date), Field(examples=["2025-10-15"])]

ReviewDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    AfterValidator(_not_in_future),
    Field(description="The day someone last checked this entry was still right (YYYY-MM-DD).", examples=["2026-11-01"]),
]


class Model(BaseModel):
    """Base for every part of an entry: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Entry(Model):
    """The fields every kind of entry has."""

    id: EntryId
    title: Line("The entry's name, as readers will see it on the page.", max_length=120)
    chinese: (
        Line("The Chinese term staff meet on the platform, if there is one.", max_length=60, translated=False) | None
    ) = None
    summary: Line("One sentence: what this is and when it matters.")
    owner: Line("Who keeps this entry right: a role or a person.", max_length=80)
    reviewed: ReviewDate
    review_every_days: int | None = Field(
        default=None,
        ge=7,
        le=1095,
        strict=True,
        description="Days until the entry is due for its next review; leave out to use the kind's default.",
    )
    tags: list[Tag] = Field(default=[], description="Short labels that group related entries.")
    language: Literal[tuple(LANGUAGES)] = Field(
        default=SOURCE_LANGUAGE,
        description="The language of this file's text; translations are `<id>.<language>.yaml` beside it.",
    )

    def references(self) -> Iterable[Reference]:
        """Every link to another entry; a kind with reference fields overrides this."""
        return ()


class Reference(NamedTuple):
    """A link from one entry to another."""

    path: tuple  # the field that holds it, e.g. ("evidence", 0, "evidence")
    target: str  # the id it names
    kind: str  # the kind of entry it must name, or ANY_KIND
    note: str  # what it says about the target, e.g. what the evidence proves
