"""Read one playbook file into plain data, remembering where every value was written.

Only YAML's standard, safe types are built (text, numbers, booleans, null,
dates, lists, mappings). Tags, anchors/aliases and duplicate keys are
reported as problems instead of being constructed, so no file can run code
or expand itself ("billion laughs").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import yaml

from opsbook.core.problems import Problem
from opsbook.core.yaml_hints import syntax_cause

MAX_FILE_BYTES = 256 * 1024

Path = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML = "tag:yaml.org,2002:"
_STR = _YAML + "str"


@dataclass
class Source:
    """The data of one file plus the line and column (1-based) of each value."""

    path: str
    data: dict
    first_line: str
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # Where each literal block (`|`) starts, so a problem inside it can name the exact line.
    blocks: dict[Path, int] = field(default_factory=dict)
    # How a value that is not text was written (`0.50`, `True`), so messages quote the editor's words.
    written: dict[Path, str] = field(default_factory=dict)
    # Values YAML read, but probably not as the editor meant (a `#` that began a comment, curly quotes).
    notes: list[Problem] = field(default_factory=list)

    def problem(self, code: str, path: Path, **details) -> Problem:
        return problem_at(self.positions, self.path, code, path, **details)

    def problem_in_text(self, code: str, path: Path, offset: int, text: str, **details) -> Problem:
        """A problem at character `offset` of the text at `path`: inside a `|` block, its own line."""
        problem = self.problem(code, path, **details)
        if path in self.blocks:
            line = self.blocks[path] + text.count("\n", 0, offset)
            problem = Problem(problem.path, line, 1, problem.field, problem.code, problem.message)
        return problem


def problem_at(positions: Mapping, file: str, code: str, path: Path, **details) -> Problem:
    """A problem at the value `path` points to; for a missing field, at its parent."""
    written = path
    while written not in positions and written:
        written = written[:-1]
    line, col = positions.get(written, (1, 1))
    return Problem.of(code, file, line, col, field_name(path), **details)


def field_name(path: Path) -> str:
    """('evidence', 0, 'proves') -> 'evidence[1].proves' (items counted from 1, as editors do)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def read(raw: bytes, path: str) -> tuple[Source | None, list[Problem]]:
    """Parse `raw` (the file's bytes). Returns the source, or None and the problems."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem.of("file-too-large", path, size=len(raw), limit=MAX_FILE_BYTES)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem.of("not-utf8", path, line, col, byte=f"0x{raw[error.start]:02x}")]
    source = Source(path, {}, text.split("\n", 1)[0].rstrip("\r"))
    builder = _Builder(source, text.splitlines())
    try:
        data = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, path)]
    except yaml.YAMLError as error:  # e.g. a control character the reader rejects
        return None, [Problem.of("yaml-other", path, detail=_clean(str(error)))]
    if builder.problems:
        return None, builder.problems
    if data is _NOTHING:
        return None, [Problem.of("empty-file", path)]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        return None, [source.problem("not-a-mapping", (), found=found)]
    source.data = data
    return source, []


# -- building plain data from YAML's events ------------------------------------------------
#
# The data is built from the parser's events with an explicit stack, not from a node tree:
# no input can drive a recursion (libyaml's own parser keeps an explicit stack too), nesting
# deeper than MAX_DEPTH stops the file at the line where it happens, and an alias is never
# expanded. Plain scalars are resolved with YAML 1.2's core rules, as editors' YAML tools do:
# `no`, `on` and `yes` are text; numbers are plain decimals (`0120`, `0x5A`, `1:30`, `1_0` are
# text, which a number field then rejects quoting them as written).

MAX_DEPTH = 16  # a strategy needs 3 (entry, list, item); a file nested deeper is a mistake or an attack

_NOTHING = object()  # the stream held no document
_NEED_KEY = object()  # a mapping waiting for its next key
_SKIP = object()  # the value of a refused key: built, then dropped
_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class _Frame:
    path: Path
    value: dict | list
    keep: bool  # False for a refused key's value or a collection used as a key
    key: object = _NEED_KEY
    first_line: dict = field(default_factory=dict)
    is_key: bool = False


class _Builder:
    def __init__(self, source: Source, lines: list[str]):
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []
        self.anchors: dict[str, Path] = {}

    def build(self, events):
        stack: list[_Frame] = []
        root = _NOTHING
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return self._stop(Problem.of("several-documents", self.source.path, event.start_mark.line + 1, 1))
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                done = stack.pop()
                if done.is_key:
                    stack[-1].key = _SKIP
                elif not stack:
                    root = done.value
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue  # stream start and end, document end
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent.value, dict) and parent.key is _NEED_KEY:
                stack += self._key(parent, event)
                continue
            keep = parent is None or (parent.keep and parent.key is not _SKIP)
            path = (
                ()
                if parent is None
                else parent.path + ((len(parent.value),) if isinstance(parent.value, list) else (parent.key,))
            )
            if keep:
                self.source.positions.setdefault(path, _position(event))
            if event.anchor is not None:
                self.anchors.setdefault(event.anchor, path)
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    return self._stop(
                        Problem.of(
                            "too-deep", self.source.path, *_position(event), field_name(path[:1]), limit=MAX_DEPTH
                        )
                    )
                if event.tag is not None and event.tag != "!":
                    self._bad_tag(event.tag, path)
                container = {} if isinstance(event, yaml.MappingStartEvent) else []
                if parent is not None:
                    self._attach(parent, container, keep)
                stack.append(_Frame(path, container, keep))
            else:
                value = self._scalar(event, path, keep)
                if parent is None:
                    root = value
                else:
                    self._attach(parent, value, keep)
        return root

    def _key(self, parent: _Frame, event) -> list[_Frame]:
        """`event` starts a key of `parent`: accept it, or report it and skip its value."""
        line, col = _position(event)
        if isinstance(event, yaml.CollectionStartEvent):
            self.problems.append(
                Problem.of("bad-key", self.source.path, line, col, field_name(parent.path), found="a list or block")
            )
            return [_Frame(parent.path, {} if isinstance(event, yaml.MappingStartEvent) else [], False, is_key=True)]
        key = self._scalar(event, parent.path, keep=False)
        if not isinstance(key, str) or isinstance(event, yaml.AliasEvent):
            written = getattr(event, "value", "*")
            self.problems.append(
                Problem.of(
                    "bad-key", self.source.path, line, col, field_name(parent.path), found=written or "an empty name"
                )
            )
            parent.key = _SKIP
        elif key in parent.first_line:
            self.problems.append(
                Problem.of(
                    "duplicate-key",
                    self.source.path,
                    line,
                    col,
                    field_name(parent.path + (key,)),
                    key=key,
                    first_line=parent.first_line[key],
                )
            )
            parent.key = _SKIP
        else:
            parent.first_line[key] = line
            if parent.keep:
                self.source.positions[parent.path + (key,)] = (line, col)
            parent.key = key
        return []

    def _attach(self, parent: _Frame, value, keep: bool) -> None:
        if isinstance(parent.value, list):
            parent.value.append(value)
        else:
            if keep:
                parent.value[parent.key] = value
            parent.key = _NEED_KEY

    def _scalar(self, event, path: Path, keep: bool):
        if isinstance(event, yaml.AliasEvent):
            # Reported once, at the anchor, and never expanded: "billion laughs" costs nothing.
            if not any(p.code == "alias" for p in self.problems):
                self.problems.append(self.source.problem("alias", self.anchors.get(event.anchor, path)))
            return None
        if event.tag is not None and event.tag not in ("!", _STR):
            return self._bad_tag(event.tag, path)
        if event.style == "|" and keep:
            self.source.blocks[path] = event.start_mark.line + 2  # the text starts below the `|`
        if event.style or event.tag is not None:
            return event.value  # quoted, block or explicitly text
        if keep:
            self._check_plain(event, path)
        value = resolve_plain(event.value)
        if keep and not isinstance(value, str):
            self.source.written[path] = event.value
        return value

    def _check_plain(self, event, path: Path) -> None:
        """An unquoted value that YAML read differently from what the editor probably meant."""
        start, end = event.start_mark, event.end_mark
        if event.anchor is not None and event.value:  # `title: &Co proof` is read as "proof"
            self.problems.append(self.source.problem("yaml-anchor-start", path))
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        if not event.value and rest.lstrip().startswith("#") and rest[:1].isspace():  # `title: #1 proof`
            self.problems.append(self.source.problem("yaml-hash-start", path))
        elif start.line == end.line and re.match(r"\s+#\S", rest):  # `title: Proof #1 of 3`
            self.source.notes.append(self.source.problem("yaml-hash-comment", path, value=event.value))
        if event.value[:1] + event.value[-1:] in ("“”", "‘’"):
            self.source.notes.append(
                self.source.problem("yaml-curly-quotes", path, quote=event.value[0] + "…" + event.value[-1])
            )

    def _bad_tag(self, tag: str, path: Path):
        self.problems.append(self.source.problem("unsupported-tag", path, tag=tag.replace(_YAML, "!!")))
        return None

    def _stop(self, problem: Problem):
        self.problems.append(problem)
        return None


def resolve_plain(text: str):
    """An unquoted value as YAML 1.2's core schema reads it (dates added: playbooks have them)."""
    if _NULL.fullmatch(text):
        return None
    if _TRUE.fullmatch(text):
        return True
    if _FALSE.fullmatch(text):
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return _InvalidScalar(text)  # such as 2026-02-30: the validator reports it as a bad date
    return text


def _position(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _InvalidScalar(str):
    """A value that looks like a date but is not one; validation reports it as a bad date."""


def _clean(text: str) -> str:
    return " ".join(text.split())


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    cause = syntax_cause(text, error)
    return Problem.of(cause.code, path, cause.line, cause.col, **cause.details)
