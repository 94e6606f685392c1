"""Load every playbook under a folder, validate it, and build the Handbook.

All problems of a run are collected and returned together; nothing here
raises for bad input.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import typing
import unicodedata
from collections import Counter
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError

from opsbook.core import characters, translation
from opsbook.core.characters import CONTROL
from opsbook.core.errors import reason
from opsbook.core.fields import PATTERN_CODES, EntryId, kind_fits
from opsbook.core.handbook import Handbook, Record
from opsbook.core.languages import LANGUAGES, split_name
from opsbook.core.problems import Problem
from opsbook.core.schema import schema_line, translation_schema_line
from opsbook.core.yaml_source import MAX_FILE_BYTES, Source, read
from opsbook.kinds import Kind, all_kinds, by_folder
from opsbook.tools.skeleton import PLACEHOLDER, description_at, placeholder_at

SUFFIXES = (".yaml", ".yml")


def display_path(path: Path) -> str:
    """Paths in messages are relative to the current folder, as editors and CI annotations expect."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def find_playbooks(root: Path) -> tuple[list[Path], list[Problem]]:
    """Every playbook file under `root`, in a stable order, and the files that cannot be one.

    Links are refused rather than followed: a linked folder would be skipped by other tools, and a
    linked file could publish something from outside the repository. A `.YAML` or `.Yml` file is
    named so that other tools miss it.
    """
    files, problems = [], []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names) + [d for d in subfolders if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder, name)
            suffix = path.suffix.lower()
            if path.is_symlink():
                problems.append(Problem.of("linked-file", display_path(path)))
            elif suffix in SUFFIXES and path.suffix != suffix:
                problems.append(Problem.of("suffix-case", display_path(path), expected=path.stem + suffix))
            elif suffix in SUFFIXES and not stat.S_ISREG(path.lstat().st_mode):
                problems.append(Problem.of("linked-file", display_path(path)))
            elif suffix in SUFFIXES:
                files.append(path)
    return files, problems


def playbook_files(root: Path) -> list[Path]:
    """Every playbook file under `root` that can be read as one, in a stable order."""
    return find_playbooks(root)[0]


def _read_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes; its size is checked first, so a huge file is never read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem.of("file-too-large", shown, size=size, limit=MAX_FILE_BYTES)]
        with path.open("rb") as file:
            return file.read(MAX_FILE_BYTES + 1), []
    except OSError as error:
        return None, [Problem.of("unreadable-file", shown, reason=reason(error, path))]


def load(root: Path, today: date) -> tuple[Handbook, list[Problem]]:
    """Validate every playbook under `root`. The handbook holds the entries that are valid."""
    root = Path(root)
    found_paths, problems = find_playbooks(root)
    paths = [path for path in found_paths if split_name(path)[1] is None]
    records: list[Record] = []
    rejected: dict[str, str] = {}  # file name (the id it should hold) -> path, for files that failed
    for path in paths:
        record, found = load_file(path, root, today)
        problems += found
        if record:
            records.append(record)
        else:
            rejected[path.stem] = display_path(path)
    records, duplicates, copies = _unique(records, paths)
    handbook = Handbook(records, today)
    # A copy's one problem says which id to write; renaming the file to its id would clash.
    problems = [p for p in problems if not (p.code == "file-name-mismatch" and p.path in copies)]
    problems += duplicates
    problems += _check_tag_spelling(handbook)
    problems += _check_references(handbook, rejected)
    problems += _check_order(handbook)
    held = {problem.path for problem in problems if problem.blocking}  # files with problems of their own
    translated = [path for path in found_paths if split_name(path)[1]]
    translations, found = _load_translations(translated, handbook, held)
    handbook.translations = translations
    return handbook, sorted(problems + found)


def _load_translations(paths: list[Path], handbook: Handbook, held: set[str]):
    """Each usable translation by (entry id, language), and the problems of every translation file.

    A translation is checked once its entry's own file has no problem: the entry's problems come first.
    """
    by_file = {record.path: record for record in handbook.records}
    translations, problems = {}, []
    for path in paths:
        entry_id, language = split_name(path)
        source = path.with_name(entry_id + path.suffix)
        record = by_file.get(source)
        shown = display_path(path)
        if language not in LANGUAGES:
            problems.append(Problem.of("unknown-language", shown, value=language, allowed=", ".join(LANGUAGES)))
        elif display_path(source) in held:
            continue
        elif record is None:
            problems.append(Problem.of("translation-without-source", shown, id=entry_id))
        elif record.entry.language == language:
            problems.append(Problem.of("translation-same-language", shown, value=LANGUAGES[language]))
        else:
            found, found_problems = load_translation(path, record, language, handbook.today)
            problems += found_problems
            if found:
                translations[(record.entry.id, language)] = found
    return translations, problems


def load_translation(path: Path, record: Record, language: str, today: date):
    """The translation and its problems.

    A translation made from the entry's current text must match it field for field. One made from
    older text (its `translates` is not the entry's version) is out of date, not wrong: where the
    entry has since changed shape (a step added, a reference changed) it cannot be used, and its
    edition shows the entry's own text with a notice until a translator updates it; so a change to
    the entry alone never fails because of its translations.
    """
    shown = display_path(path)
    source, _raw, problems = _read_playbook(path, shown, translation_schema_line(record.kind))
    if source is None or not isinstance(source.data, dict):
        return None, problems
    current = translation.version(record.entry)
    written = str(source.data.get(translation.VERSION_FIELD, ""))
    stale = translation.VERSION_FIELD in source.data and written != current
    positions = _positions(source, path)
    unusable = translation.Translation(language, None, path, shown, written, positions)
    shape = translation.check(record.entry, source)
    if shape:
        return (unusable, problems) if stale else (None, problems + shape)
    try:
        data = translation.merged(record.entry, source.data)
        entry = record.kind.model.model_validate(data, context={"today": today})
    except ValidationError as error:
        return (
            (unusable, problems)
            if stale
            else (None, problems + explain_errors(error.errors(), source, record.kind.model))
        )
    return translation.Translation(language, entry, path, shown, written, positions), problems


# Under `mkdocs serve` every save validates the playbooks again: a file whose bytes are the same as last
# time is not parsed again. One entry per file, replaced when the file changes. None: nothing is kept
# (a build reads each file once, and keeping them would double its memory).
_parsed: dict[tuple[Path, str, str], tuple[bytes, Source | None, tuple[Problem, ...]]] | None = None


def keep_parsed() -> None:
    """From now on, remember each file's parse for the next validation (for `mkdocs serve`)."""
    global _parsed
    if _parsed is None:
        _parsed = {}


def _read_playbook(path: Path, shown: str, first_line: str) -> tuple[Source | None, bytes, list[Problem]]:
    """The file's YAML with positions, its bytes, and the problems any playbook file can have."""
    raw, problems = _read_bytes(path, shown)
    if raw is None:
        return None, b"", problems
    key = (path, shown, first_line)
    if _parsed is not None and (known := _parsed.get(key)) and known[0] == raw:
        return known[1], raw, list(known[2])
    source, problems = _parse_playbook(raw, shown, first_line)
    if _parsed is not None:
        _parsed[key] = (raw, source, tuple(problems))
    return source, raw, problems


class PositionsLater(Mapping):
    """The positions of a file that was read, read from the file again when a message first needs them.

    A build holds no file's positions once the file is read. Held for every file until validation ended,
    they took 119 MB of the 404 MB a validated 10,000-entry handbook's process held, and dropping them then
    gave nothing back (freed among the entries, that memory stayed with the process, and with both editions'
    processes after the fork). Only a problem found after the file was read (a broken reference) reads it again.
    """

    __slots__ = ("file", "display_path", "_positions")

    def __init__(self, file: Path, display_path: str):
        self.file, self.display_path, self._positions = file, display_path, None

    def _read(self) -> dict:
        if self._positions is None:
            raw, _ = _read_bytes(self.file, self.display_path)  # gone or grown since: the file's first line
            source = read(raw, self.display_path)[0] if raw is not None else None
            self._positions = source.positions if source else {}
        return self._positions

    def __getitem__(self, path: tuple) -> tuple[int, int]:
        return self._read()[path]

    def __iter__(self):
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def _positions(source: Source, path: Path) -> Mapping:
    """Where the values of a file that was read stand, for messages about it found later: under serve, as
    kept with its parse; in a build, read from the file again if a message needs them (PositionsLater)."""
    return source.positions if _parsed is not None else PositionsLater(path, source.path)


def _parse_playbook(raw: bytes, shown: str, first_line: str) -> tuple[Source | None, list[Problem]]:
    source, problems = read(raw, shown)
    if source is None:
        return None, problems
    if source.first_line != first_line:
        problems.append(Problem.of("schema-line", shown, expected=first_line))
    problems += source.notes
    problems += list(_check_text(source, source.data, ()))
    return source, problems


def load_file(path: Path, root: Path, today: date) -> tuple[Record | None, list[Problem]]:
    shown = display_path(path)
    parts = path.relative_to(root).parts
    kind = by_folder(parts[0]) if len(parts) == 2 else None
    if kind is None:
        folder = "/".join([root.name, *parts[:-1]]) + "/"
        return None, [
            Problem.of("unknown-folder", shown, folder=folder, folders=", ".join(f"{k.folder}/" for k in all_kinds()))
        ]
    source, raw, problems = _read_playbook(path, shown, schema_line(kind))
    if source is None:
        return None, problems
    unwritten = _placeholders(source, kind) if PLACEHOLDER.encode() in raw else {}  # rare: skip the walk
    problems += unwritten.values()
    try:
        entry = kind.model.model_validate(source.data, context={"today": today})
    except ValidationError as error:
        # A value still holding its placeholder gets that one problem: what to write, not why "TODO" fails.
        errors = [e for e in error.errors() if tuple(e["loc"]) not in unwritten]
        return None, problems + explain_errors(errors, source, kind.model)
    if path.stem != entry.id:
        problems.append(source.problem("file-name-mismatch", ("id",), expected=f"{entry.id}{path.suffix}"))
    return Record(kind, entry, path, shown, "/".join(parts), _positions(source, path)), problems


# -- turning pydantic's errors into editor messages ---------------------------

_EXPECTED = {
    "string_type": "text",
    "list_type": "a list, one item per line starting with `- `",
    "model_type": "a group of `field: value` lines",
    "dict_type": "a group of `field: value` lines",
    "int_type": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
}


def explain_errors(errors: list[dict], source: Source, model: type[BaseModel]) -> list[Problem]:
    # A misspelt field is also a missing one; "did you mean `x`?" says both, so `x` is not reported twice.
    misspelt = {
        tuple(e["loc"][:-1]) + (close,)
        for e in errors
        if e["type"] == "extra_forbidden"
        for close in _close(e["loc"][-1], _fields_at(model, tuple(e["loc"])))
    }
    return [_explain(e, source, model) for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def _explain(error: dict, source: Source, model: type[BaseModel]) -> Problem:
    kind, loc, ctx, value = error["type"], tuple(error["loc"]), error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return source.problem("missing-field", loc, name=loc[-1])
    if kind == "extra_forbidden":
        return source.problem("unknown-field", loc, name=loc[-1], hint=did_you_mean(loc[-1], _fields_at(model, loc)))
    if value is None:
        return source.problem("empty-value", loc)
    if kind == "int_type" and isinstance(value, str) and _NUMBER_LIKE.fullmatch(value):
        return source.problem("not-plain-number", loc, value=characters.visible(value))
    if kind in _EXPECTED:
        return source.problem(
            "wrong-type", loc, expected=_EXPECTED[kind], found=_describe(value, source.written.get(loc))
        )
    if kind == "too_short":
        return source.problem("empty-list", loc, min=ctx["min_length"])
    if kind == "string_too_short":
        return source.problem("text-too-short", loc)
    if kind == "string_too_long":
        return source.problem("text-too-long", loc, length=len(value), limit=ctx["max_length"])
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_CODES:
        return source.problem(PATTERN_CODES[ctx["pattern"]], loc, value=value)
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx["expected"])
        return source.problem(
            "not-in-list", loc, value=value, allowed=", ".join(allowed), hint=did_you_mean(str(value), allowed)
        )
    if kind in ("bad-date", "future-date", "invisible-character", "bad-id", "bad-formula", "one-right-choice"):
        return source.problem(kind, loc, **ctx)
    return source.problem("invalid-value", loc, detail=error["msg"])


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed in the block that holds `loc`."""
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        nested = _model_in(field.annotation) if field else None
        if nested is None:
            return []
        model = nested
    return list(model.model_fields)


def _model_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if found := _model_in(arg):
            return found
    return None


def _close(word: str, choices: list[str]) -> list[str]:
    return difflib.get_close_matches(word, choices, n=1, cutoff=0.6)


def did_you_mean(word: str, choices: list[str]) -> str:
    close = _close(word, choices)
    return f"; did you mean `{close[0]}`?" if close else ""


# Written like a number, but not as plain digits: YAML 1.1 tools read these as other numbers.
_NUMBER_LIKE = re.compile(r"[-+]?(?:0[0-9_]+|0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+|[0-9]+(?:_[0-9]+)+)")


def _describe(value, written: str | None = None) -> str:
    """The value as the editor wrote it, for a message."""
    if isinstance(value, str):
        shown = characters.visible(value)
        return f"the text `{shown[:40]}{'…' if len(shown) > 40 else ''}`".replace("``", "`")
    if isinstance(value, bool):
        return f"`{written or str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number {written or value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


# -- text that would show as typed (never evaluated), reported so editors fix it ---

_CHECKS = [
    ("template-code", re.compile(r"\{[{%#]")),
    # Whatever a browser would parse as a tag: `<name`, `</name`, `<!`, `<?`. That includes
    # `<https://…>` and `<mailto:…>`, which Markdown calls autolinks but a browser reads as tags.
    ("raw-html", re.compile(r"<(?:[!?]|/?[A-Za-z])[^>\n]{0,40}>?")),
    (
        "unsafe-link",
        re.compile(
            r"(?:\]\(\s*<?|<|\]:\s*<?|href\s*=\s*[\"']?)\s*"
            r"(?:javascript|vbscript|data|file)\s*:",
            re.IGNORECASE,
        ),
    ),
    ("image", re.compile(r"!\[[^\]]*\]\s*[(\[]")),
]


_ANY_CHECK = re.compile(
    "|".join(
        [f"(?{'i' if pattern.flags & re.IGNORECASE else ''}:{pattern.pattern})" for _, pattern in _CHECKS]
        + [CONTROL.pattern]
    )
)


def _check_text(source: Source, value, path):
    if isinstance(value, str):
        if not _ANY_CHECK.search(value):  # one pass for the common case: nothing suspicious
            return
        if control := CONTROL.search(value):
            yield source.problem_in_text(
                "control-character", path, control.start(), value, char=characters.name(control[0])
            )
        for code, pattern in _CHECKS:
            if match := pattern.search(value):
                yield source.problem_in_text(code, path, match.start(), value, snippet=_snippet(value, match))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _check_text(source, item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _check_text(source, item, path + (i,))


def _snippet(text: str, match: re.Match) -> str:
    return " ".join(text[match.start() : match.start() + 40].split()).replace("`", "'")


# -- placeholders left from `opsbook new` ---------------------------------------------------


def _placeholders(source: Source, kind: Kind) -> dict[tuple, Problem]:
    """A problem for each value of a field of this kind that still holds the skeleton's placeholder."""
    found = {}
    pending = [((), source.data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            pending += [(path + (key,), item) for key, item in value.items()]
        elif isinstance(value, list):
            pending += [(path + (i,), item) for i, item in enumerate(value)]
        # A field the kind does not have is reported as unknown; there is nothing to say what to write.
        elif (
            isinstance(value, str)
            and (offset := placeholder_at(value)) is not None
            and (what := description_at(kind.name, path))
        ):
            found[path] = source.problem_in_text("placeholder", path, offset, value, what=what)
    return found


# -- checks across files -------------------------------------------------------

_ID = TypeAdapter(EntryId)


def _unique(records: list[Record], paths: list[Path]) -> tuple[list[Record], list[Problem], set[str]]:
    """One entry per id, the problems of the files that share one, and the files found to be copies.

    A file not named after its id, when another file has that id or that name, is the one at fault
    (typically a copy whose id was not changed): it gets the only problem, and the file named after
    the id gets none. Files named after their id that still share it (in two kinds' folders) keep
    the first and report the others.
    """
    names = Counter(path.stem for path in paths)  # of every playbook file, valid or not
    first_named: dict[str, Path] = {}
    for path in paths:
        first_named.setdefault(path.stem, path)
    ids = {record.entry.id for record in records}
    by_id: dict[str, list[Record]] = {}
    for record in records:
        by_id.setdefault(record.entry.id, []).append(record)
    kept, problems, copies = [], [], set()
    for entry_id, group in by_id.items():
        owner = first_named.get(entry_id)  # the first file named after the id, valid or not
        named = [record for record in group if record.path.stem == entry_id]
        strays = [record for record in group if record.path.stem != entry_id]
        if owner is None and len(group) == 1:
            kept += group  # a lone file not named after its id: `file-name-mismatch` says so
            continue
        for record in strays:
            change = _own_name(record, names, ids)
            if owner is not None:
                problems.append(record.problem("copied-id", ("id",), other=display_path(owner), change=change))
            else:
                other = next(r for r in group if r is not record).display_path
                problems.append(record.problem("shared-id", ("id",), id=entry_id, other=other, change=change))
            copies.add(record.display_path)
        if named:
            kept.append(named[0])
            problems += [
                record.problem("duplicate-id", ("id",), id=entry_id, other=named[0].display_path)
                for record in named[1:]
            ]
        elif owner is None:
            kept.append(group[0])  # no file is named after the id: keep one, so references to it resolve
    return kept, problems, copies


def _own_name(record: Record, names: Counter, ids: set[str]) -> str:
    """What a copy's id should become: its file's name, unless that is no id or another file or entry has it."""
    name = record.path.stem
    if names[name] == 1 and name not in ids and _is_id(name):
        return f"`{name}`, this file's name"
    return "a new id of its own, and rename the file to match"


def _is_id(text: str) -> bool:
    try:
        _ID.validate_python(text)
    except ValidationError:
        return False
    return True


def _check_tag_spelling(handbook: Handbook) -> list[Problem]:
    """A tag is written one way everywhere: `Trust` and `trust` would be two tags with one web address.

    The spelling most entries use is taken as right; every other spelling is reported where it is.
    """
    uses: dict[str, list[tuple[str, Record, int]]] = {}
    for record in handbook.records:
        for i, tag in enumerate(record.entry.tags):
            uses.setdefault(unicodedata.normalize("NFKC", tag).casefold(), []).append((tag, record, i))
    problems = []
    for found in uses.values():
        counts = Counter(tag for tag, _, _ in found)
        right = max(counts, key=counts.get)  # the first of the most common, as Counter keeps order
        where = next(record for tag, record, _ in found if tag == right)
        problems += [
            record.problem("tag-spelling", ("tags", i), tag=tag, other=right, where=where.display_path)
            for tag, record, i in found
            if tag != right
        ]
    return problems


def _check_references(handbook: Handbook, rejected: dict[str, str]) -> list[Problem]:
    problems = []
    for record in handbook.records:
        # A list of bare ids (a module's `read`) names each entry once; an item that says something
        # about its entry (a strategy's evidence and what it proves) may name one twice.
        listed: dict[tuple, tuple] = {}  # (field, id) -> where the id is first listed in that field
        for ref in record.entry.references():
            if len(ref.path) == 2 and (first := listed.get((ref.path[0], ref.target))):
                problems.append(record.problem("listed-twice", ref.path, id=ref.target, first=first[1] + 1))
            listed.setdefault((ref.path[0], ref.target), ref.path)
            target = handbook.get(ref.target)
            if target is None and ref.target in rejected:  # say where the real problem is
                problems.append(
                    record.problem("broken-reference", ref.path, id=ref.target, broken_file=rejected[ref.target])
                )
            elif target is None:
                candidates = [r.entry.id for r in handbook.of_kind(ref.kind)]
                problems.append(
                    record.problem(
                        "unknown-reference",
                        ref.path,
                        kind=ref.kind,
                        id=ref.target,
                        hint=did_you_mean(ref.target, candidates),
                    )
                )
            elif not kind_fits(ref.kind, target.kind.name):
                problems.append(
                    record.problem(
                        "wrong-kind-reference", ref.path, id=ref.target, found=target.kind.name, kind=ref.kind
                    )
                )
    return problems


def _check_order(handbook: Handbook) -> list[Problem]:
    """Entries of a kind ordered by a field (modules by `step`) each take their own place."""
    problems = []
    for kind in all_kinds():
        if not kind.ordered_by:
            continue
        taken: dict[int, Record] = {}
        for record in sorted(handbook.of_kind(kind.name), key=lambda r: r.display_path):
            value = getattr(record.entry, kind.ordered_by)
            if first := taken.get(value):
                problems.append(
                    record.problem(
                        "place-taken", (kind.ordered_by,), name=kind.ordered_by, value=value, other=first.display_path
                    )
                )
            taken.setdefault(value, record)
    return problems
