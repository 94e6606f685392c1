"""Read one playbook file into plain data, remembering where every value was written.

Only YAML's standard, safe types are built (text, numbers, booleans, null,
dates, lists, mappings). Tags, anchors/aliases and duplicate keys are
reported as problems instead of being constructed, so no file can run code
or expand itself ("billion laughs").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problem

MAX_FILE_BYTES = 256 * 1024

Path = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = SafeConstructor()
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

    def problem(self, code: str, path: Path, **details) -> Problem:
        return problem_at(self.positions, self.path, code, path, **details)

    def problem_in_text(self, code: str, path: Path, offset: int, text: str, **details) -> Problem:
        """A problem at character `offset` of the text at `path`: inside a `|` block, its own line."""
        problem = self.problem(code, path, **details)
        if path in self.blocks:
            line = self.blocks[path] + text.count("\n", 0, offset)
            problem = Problem(problem.path, line, 1, problem.field, problem.code, problem.message)
        return problem


def problem_at(positions: dict, file: str, code: str, path: Path, **details) -> Problem:
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
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        if "single document" in f"{error.problem} {error.context}":
            return None, [Problem.of("several-documents", path, error.problem_mark.line + 1, 1)]
        return None, [_syntax_problem(error, text, path)]
    except yaml.YAMLError as error:  # e.g. a control character the reader rejects
        return None, [Problem.of("yaml-syntax", path, detail=_clean(str(error)))]
    if root is None:
        return None, [Problem.of("empty-file", path)]
    source = Source(path, {}, text.split("\n", 1)[0].rstrip("\r"))
    builder = _Builder(source)
    data = builder.build(root, ())
    if builder.problems:
        return None, builder.problems
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        return None, [source.problem("not-a-mapping", (), found=found)]
    source.data = data
    return source, []


class _Builder:
    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Problem] = []
        self.seen: dict[int, Path] = {}  # node -> where it was first built

    def build(self, node, path: Path):
        self.source.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in self.seen:  # the composer hands back the same node for an alias
            if not any(p.code == "alias" for p in self.problems):  # once, at the anchor
                self.problems.append(self.source.problem("alias", self.seen[id(node)]))
            return None
        self.seen[id(node)] = path
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _YAML + "seq":
                return self._bad_tag(node, path)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path) -> dict:
        if node.tag != _YAML + "map":
            return self._bad_tag(node, path)
        out: dict = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path) if isinstance(key_node, ScalarNode) else key_node
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                found = "a list or block" if not isinstance(key_node, ScalarNode) else repr(key)
                self.problems.append(Problem.of("bad-key", self.source.path, line, key_node.start_mark.column + 1,
                                                 field_name(path), found=found))
                continue
            if key in first_line:
                self.problems.append(Problem.of("duplicate-key", self.source.path, line,
                                                 key_node.start_mark.column + 1, field_name(path + (key,)),
                                                 key=key, first_line=first_line[key]))
                continue
            first_line[key] = line
            self.source.positions[path + (key,)] = (line, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, path + (key,))
        return out

    def _scalar(self, node: ScalarNode, path: Path):
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node, path)
        if node.style == "|":
            self.source.blocks[path] = node.start_mark.line + 2  # the text starts below the `|`
        if node.tag == _STR:  # most values: nothing to construct
            return node.value
        try:
            return SafeConstructor.yaml_constructors[node.tag](_constructor, node)
        except (ValueError, OverflowError):
            # A value that looks like a date but is not one, such as 2026-02-30.
            return _InvalidScalar(node.value)

    def _bad_tag(self, node, path: Path):
        self.problems.append(self.source.problem("unsupported-tag", path, tag=node.tag.replace(_YAML, "!!")))
        return None


class _InvalidScalar(str):
    """A scalar YAML could not construct; validation reports it as a bad value."""


def _clean(text: str) -> str:
    return " ".join(text.split())


_TAB = "a tab is used for indentation here; indent with spaces only"
_HINTS = [
    ("found character '\\t'", _TAB),
    ("found unexpected end of stream", "a quote is opened here but never closed"),
    ("found unknown escape character", "a backslash in double quotes starts an escape; use single quotes instead"),
    ("mapping values are not allowed", "a value contains `: `; put the whole value in quotes, "
     "or check that this line's indentation matches the lines above"),
    ("expected <block end>", "this line's indentation does not line up with the lines above"),
    ("could not find expected ':'", "a line is missing the `:` after its field name, or a quote is not closed"),
    ("found duplicate anchor", "the same `&anchor` is defined twice; anchors are not allowed in playbooks"),
    ("found undefined alias", "aliases (`*name`) are not allowed; write the value out in full"),
    ("expected a comment or a line break", "text follows a closing quote; put the whole value inside the quotes"),
    ("did not find expected '-' indicator", "a list item does not line up with the items above it"),
    ("did not find expected key", "this line does not fit the lines above: check its indentation, "
     "and that a quoted value is quoted as a whole"),
]


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    """Explain a YAML syntax error at the line where the editor has to look."""
    problem = str(error.problem or "")
    mark = error.problem_mark
    # For an unclosed quote the parser only notices at the end of the file: point at the opening quote.
    if "end of stream" in problem and error.context_mark is not None:
        mark = error.context_mark
    line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    detail = next((hint for needle, hint in _HINTS if needle in problem), "")
    if "\t" in line_text[: (mark.column + 1) if mark else 0]:
        detail = _TAB  # the C reader does not name the tab it stopped at
    if not detail:
        detail = "the YAML cannot be read: " + _clean(problem + (f" ({error.context})" if error.context else ""))
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem.of("yaml-syntax", path, line, col, detail=detail)
