"""Why YAML could not read an editor's file, named at the line where the editor made the mistake.

libyaml often notices a mistake a line or more after it was made (a missing `:` is reported on
the next line, a list without its `:` three lines later) and in its own terms ("could not find
expected ':'"). This module looks at the lines the editor wrote around that point and names the
mistake in theirs: the Chinese colon, a missing space, text that should have been quoted.
Each cause is a code of the problem catalogue, so the editor guide lists every message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

_KEY = r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_][\w-]*)"
_FULLWIDTH_COLON = re.compile(_KEY + r"\s*：")
_NO_SPACE = re.compile(_KEY + r":(?P<after>[^\s/])")
_BARE_KEY = re.compile(_KEY + r"\s*$")
_KEY_AND_WORDS = re.compile(_KEY + r"\s+[^\s:#-][^:]*$")
_BLOCK_START = re.compile(_KEY + r":\s*[|>][-+0-9]*\s*(?:#.*)?$")
_VALUE = re.compile(_KEY + r":\s+(?P<value>\S.*)$")
_CLOSED_QUOTE = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'')
_LIST_ITEM = re.compile(r"^\s*-(?:\s|$)")
_ITEM_VALUE = re.compile(r"^\s*-\s+(?P<value>\S.*)$")
# What a value may not start with, unquoted, and what YAML makes of it.
_SPECIAL = {
    "[": "the start of a list",
    "{": "the start of a group of fields",
    "*": "an alias (a reference)",
    "&": "an anchor name",
    "!": "a tag",
    "@": "a reserved character",
    "`": "a reserved character",
    "%": "a directive",
    "|": "the start of a text block",
    ">": "the start of a folded text block",
}


@dataclass(frozen=True)
class Cause:
    code: str
    line: int  # 1-based
    col: int
    details: dict = field(default_factory=dict)


def syntax_cause(text: str, error: yaml.MarkedYAMLError) -> Cause:
    """The mistake behind `error`, at the line the editor has to look at."""
    lines = text.splitlines()
    mark = error.problem_mark
    said = f"{error.problem or ''} {error.context or ''}"
    if "end of stream" in said and error.context_mark is not None:  # an unclosed quote: where it opens
        return Cause("yaml-unclosed-quote", error.context_mark.line + 1, error.context_mark.column + 1)
    at = min(mark.line, len(lines) - 1) if mark and lines else 0
    if "\t" in lines[at][: mark.column + 1] if lines else False:  # the C reader does not name the tab
        return Cause("yaml-tab", at + 1, lines[at].index("\t") + 1)
    if cause := _unindented_block(lines, at):
        return cause
    # A missing `:` is reported on the line after; a list without its `:` after the whole list.
    # (mark.line, not `at`: past the end of the file, the line above is the file's last one.)
    start = _previous(lines, mark.line if mark else at) if "could not find expected ':'" in said else at
    for number in _looking_back(lines, start):
        if not _in_text_block(lines, number) and (cause := _line_cause(lines, number)):
            return cause
    code = next((code for needle, code in _LIBYAML if needle in said), "yaml-other")
    details = {"detail": " ".join(said.split())} if code == "yaml-other" else {}
    return Cause(code, at + 1, (mark.column + 1) if mark else 1, details)


def _line_cause(lines: list[str], number: int) -> Cause | None:
    line = lines[number]
    if _BLOCK_START.match(line):  # `answer: |` is right as written
        return None
    if match := _FULLWIDTH_COLON.match(line):
        return Cause("yaml-fullwidth-colon", number + 1, line.index("：") + 1, {"key": match["key"]})
    if (match := _NO_SPACE.match(line)) and match["key"] not in ("http", "https", "mailto"):
        return Cause("yaml-no-space", number + 1, match.end("key") + 1, {"key": match["key"]})
    if match := _VALUE.match(line) or _ITEM_VALUE.match(line):
        value, key = match["value"], match.groupdict().get("key") or "this list item"
        if value[0] in _SPECIAL:
            return Cause(
                "yaml-special-start",
                number + 1,
                match.start("value") + 1,
                {"key": key, "char": value[0], "meaning": _SPECIAL[value[0]]},
            )
        if closed := _CLOSED_QUOTE.match(value):
            if value[0] == "'" and value.rstrip().endswith("'"):  # 'Seller's proof': the apostrophe closed it
                return Cause("yaml-apostrophe", number + 1, match.start("value") + 1, {"key": key})
            if value[closed.end() :].strip()[:1] not in ("", "#"):
                return Cause("yaml-text-after-quote", number + 1, match.start("value") + closed.end() + 1)
    if _LIST_ITEM.match(line):
        return None  # `- a few words` is a list item, not a field missing its colon
    if (match := _BARE_KEY.match(line)) and _list_follows(lines, number, len(match["indent"])):
        return Cause("yaml-list-without-colon", number + 1, match.end("key") + 1, {"key": match["key"]})
    if (match := _KEY_AND_WORDS.match(line)) and ":" not in line:
        return Cause("yaml-missing-colon", number + 1, match.end("key") + 1, {"key": match["key"]})
    return None


def _unindented_block(lines: list[str], at: int) -> Cause | None:
    """`field: |` whose text starts at or left of the field name instead of indented below it."""
    for number in range(at, max(at - 40, -1), -1):
        match = _BLOCK_START.match(lines[number])
        if not match:
            continue
        following = _next(lines, number)
        if following is not None and following <= at:
            text = lines[following]
            if (
                _indent(text) <= len(match["indent"])
                and not _VALUE.match(text)
                and not _BARE_KEY.match(text)
                and not _LIST_ITEM.match(text)
            ):
                return Cause("yaml-block-not-indented", following + 1, 1, {"key": match["key"]})
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _in_text_block(lines: list[str], number: int) -> bool:
    """Whether the line is text of a `field: |` block (prose, whose words are no field names)."""
    indent = _indent(lines[number])
    for above in range(number - 1, -1, -1):
        line = lines[above]
        if not line.strip() or _indent(line) >= indent:
            continue
        if _BLOCK_START.match(line):
            return True
        if ":" in line or _BARE_KEY.match(line) or _LIST_ITEM.match(line):  # a field or list item
            return False
        indent = _indent(line)  # a less indented line of the same text: look above it
    return False


def _looking_back(lines: list[str], start: int):
    """`start`, then the lines above it up to the one that opens the list `start` is in."""
    number = start
    for _ in range(60):
        if number is None or number < 0:
            return
        yield number
        if not _LIST_ITEM.match(lines[number]) and not lines[number].startswith((" ", "\t")):
            return
        number = _previous(lines, number)


def _list_follows(lines: list[str], number: int, indent: int) -> bool:
    following = _next(lines, number)
    return following is not None and bool(_LIST_ITEM.match(lines[following]))


def _previous(lines: list[str], number: int) -> int | None:
    return next(
        (n for n in range(number - 1, -1, -1) if lines[n].strip() and not lines[n].lstrip().startswith("#")), None
    )


def _next(lines: list[str], number: int) -> int | None:
    return next((n for n in range(number + 1, len(lines)) if lines[n].strip()), None)


# libyaml's own words, for mistakes no line above explains better.
_LIBYAML = [
    ("found unknown escape character", "yaml-escape"),
    ("mapping values are not allowed", "yaml-colon-in-value"),
    ("expected a comment or a line break", "yaml-text-after-quote"),
    ("did not find expected '-' indicator", "yaml-list-item"),
    ("expected <block end>", "yaml-indentation"),
    ("did not find expected key", "yaml-indentation"),
    ("could not find expected ':'", "yaml-missing-colon-somewhere"),
    ("found undefined alias", "yaml-reserved-character"),
    ("while scanning an alias", "yaml-reserved-character"),
    ("while scanning an anchor", "yaml-reserved-character"),
    ("cannot start any token", "yaml-reserved-character"),
]
