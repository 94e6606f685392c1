"""`opsbook diff BASE`: how a change alters the playbooks, as Markdown for reviewers.

Both sides are loaded with the project's own loader (`validate.load_file`): the working
tree from disk, BASE from git (`git ls-tree` and `git cat-file`, written to a temporary
folder first). A file that fails validation is compared on its raw YAML data instead, and
the summary says so; a file that cannot be read at all is compared byte for byte.

Entries are matched by id. An entry that is only at BASE and one that is only in the
working tree are a **rename** when they are of the same kind and their fields other
than `id` are at least 80% similar (RENAME_SIMILARITY): the similarity is the mean, over
every field either side has, of 1 for an equal value, 0 for a field only one side has,
and for differing values the share they have in common (difflib's ratio): of characters
for single-line values up to 120 characters, of words for longer text, of items for
lists. The best-scoring pairs are matched first; each entry takes part in at most one
rename. (Distinct entries of the shipped handbook score at most 0.55.)

Every value from a playbook is untrusted: in the Markdown it appears only inside code
spans or fenced code blocks whose backtick fences are longer than any run of backticks
in it, with control and bidirectional-override characters written as escapes.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

import click

from . import clock, validate as validation
from .characters import escape_controls
from .errors import OpsbookError, playbooks_folder
from .kinds import by_folder, by_name
from .publish import write_file
from .yaml_source import read

PLAYBOOKS = "playbooks"
SHORT = 120  # a single-line value up to this many characters is shown in full, old and new
RENAME_SIMILARITY = 0.8
DIFF_LINES = 30  # lines of unified diff shown per long field
DIFF_WIDTH = 300  # characters per diff line shown
LABEL_WIDTH = 120  # characters of a title or list-item label shown
COMPACT_ITEM = 60  # list items up to this long are listed on one line


class DiffError(OpsbookError):
    """Exit 2 with one line `opsbook: ...`, as every command's could-not-run errors."""


# -- reading both sides ----------------------------------------------------------------------

@dataclass
class Item:
    """One playbook file on one side of the comparison."""

    id: str
    kind: str | None  # the kind's name, None for a file outside the kinds' folders
    path: str  # relative to the repository, e.g. playbooks/strategies/x.yaml
    raw: bytes
    data: dict | None  # normalised field values; None when the file cannot be read as YAML
    problems: int  # blocking validation problems of the file on its own
    references: tuple[tuple[str, str], ...] | None  # (target id, target kind); None if unknown
    raw_data: bool = False  # the file failed validation: `data` is what the YAML says, unchecked
    key: str = ""

    @property
    def valid(self) -> bool:
        return self.problems == 0

    @property
    def title(self) -> str | None:
        title = (self.data or {}).get("title")
        return title if isinstance(title, str) else None

    @property
    def kind_label(self) -> str:
        return self.kind or "entry"


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed (or not on PATH); opsbook diff reads the base revision with git")


def repository_root(cwd: Path) -> Path:
    result = _git(["rev-parse", "--show-toplevel"], cwd)
    if result.returncode != 0:
        raise DiffError(f"{cwd} is not inside a git repository; opsbook diff compares the playbooks "
                        "with a git revision, so run it in a clone of the handbook")
    return Path(os.fsdecode(result.stdout.rstrip(b"\r\n"))).resolve()


def resolve_revision(base: str, top: Path) -> str:
    """The commit BASE names, as a full hash (later git commands never see BASE itself)."""
    if not base or base.startswith("-"):
        raise DiffError(f"{base!r} is not a git revision")
    result = _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], top)
    if result.returncode != 0:
        raise DiffError(f"there is no git revision {base!r} in this repository; for another branch, "
                        "fetch it first (git fetch origin BRANCH, or actions/checkout with fetch-depth: 0)")
    return result.stdout.decode("ascii").strip()


def tree_files(commit: str, prefix: str, top: Path) -> dict[str, bytes]:
    """The playbook files under `prefix` at `commit`: path relative to `prefix` -> content."""
    listing = _git(["ls-tree", "-r", "-z", commit, "--", *([prefix + "/"] if prefix else [])], top)
    if listing.returncode != 0:
        raise DiffError(f"git could not list {prefix or 'the repository'} at {commit[:12]}: "
                        + listing.stderr.decode(errors="replace").strip())
    wanted: list[tuple[str, str]] = []  # (object id, path relative to prefix)
    for record in filter(None, listing.stdout.split(b"\0")):
        meta, _, name = record.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split()
        path = os.fsdecode(name)
        if kind == "blob" and mode != "120000" and PurePosixPath(path).suffix in validation.SUFFIXES:
            wanted.append((oid, path[len(prefix) + 1:] if prefix else path))
    oids = [oid for oid, _relative in wanted]
    relatives = [relative for _oid, relative in wanted]
    if not oids:
        return {}
    batch = _git(["cat-file", "--batch"], top, stdin=("\n".join(oids) + "\n").encode("ascii"))
    out, data, pos = {}, batch.stdout, 0
    for relative in relatives:
        end = data.find(b"\n", pos)
        header = data[pos:end].split() if end >= 0 else []
        if batch.returncode != 0 or len(header) != 3:
            raise DiffError(f"git could not read {relative} at {commit[:12]}")
        size = int(header[2])
        out[relative] = data[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return out


def working_tree_files(root: Path) -> dict[str, bytes]:
    """The playbook files under `root`, as `opsbook validate` finds them."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in validation.playbook_files(root)}


def load_side(files: dict[str, bytes], prefix: str, today: date) -> dict[str, Item]:
    """Load `files` (relative path -> content) with the project's loader; key them by id."""
    with tempfile.TemporaryDirectory(prefix="opsbook-diff-") as folder:
        root = Path(folder, "playbooks")
        items = []
        for relative, raw in sorted(files.items()):
            path = root.joinpath(*PurePosixPath(relative).parts)
            if root.resolve() not in path.resolve().parents:  # git forbids such paths; never write outside
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
            items.append(_load_item(path, root, relative, prefix, raw, today))
    keyed: dict[str, Item] = {}
    for item in items:  # a second entry with the same id is keyed by its file, as a separate entry
        item.key = item.id if item.id not in keyed else f"{item.id}\0{item.path}"
        keyed[item.key] = item
    return keyed


def _load_item(path: Path, root: Path, relative: str, prefix: str, raw: bytes, today: date) -> Item:
    shown = f"{prefix}/{relative}" if prefix else relative
    parts = PurePosixPath(relative).parts
    kind = by_folder(parts[0]) if len(parts) == 2 else None
    record, problems = validation.load_file(path, root, today)
    blocking = sum(1 for problem in problems if problem.blocking)
    if record is not None:  # valid, or only a problem such as a file name that does not match the id
        references = tuple((target, target_kind) for _path, target, target_kind, _note in record.entry.references())
        return Item(record.entry.id, record.kind.name, shown, raw, _normalise(record.entry.model_dump(mode="json")),
                    blocking, references)
    source, _ = read(raw, shown)
    data = _normalise(source.data) if source is not None else None
    entry_id = data.get("id") if data else None
    if not isinstance(entry_id, str) or not entry_id:
        entry_id = PurePosixPath(relative).stem
    return Item(entry_id, kind.name if kind else None, shown, raw, data, max(blocking, 1), None, raw_data=True)


def _normalise(value):
    """Plain values for comparison: text trimmed as the models trim it, dates as text, empty values left out."""
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str):
        return str(value).strip()
    if isinstance(value, date):
        return value.isoformat()
    return value


# -- comparing -------------------------------------------------------------------------------

@dataclass
class Node:
    """One bullet of the summary, with an optional code block and sub-bullets."""

    text: str
    block: list[str] | None = None
    children: list[Node] = field(default_factory=list)


@dataclass
class Comparison:
    base: str
    commit: str
    old: dict[str, Item]
    new: dict[str, Item]
    added: list[Item]
    removed: list[Item]
    renamed: list[tuple[Item, Item, float]]
    changed: list[tuple[Item, Item, list[Node]]]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)


def compare(base: str, commit: str, old: dict[str, Item], new: dict[str, Item]) -> Comparison:
    removed = [old[k] for k in old if k not in new]
    added = [new[k] for k in new if k not in old]
    renamed = _renames(removed, added)
    paired = {id(a) for a, _b, _s in renamed} | {id(b) for _a, b, _s in renamed}
    changed = []
    for key in old.keys() & new.keys():
        nodes = _entry_changes(old[key], new[key])
        if nodes:
            changed.append((old[key], new[key], nodes))
    return Comparison(base, commit, old, new,
                      added=sorted((i for i in added if id(i) not in paired), key=_order),
                      removed=sorted((i for i in removed if id(i) not in paired), key=_order),
                      renamed=sorted(renamed, key=lambda r: _order(r[1])),
                      changed=sorted(changed, key=lambda c: _order(c[1])))


def _order(item: Item):
    kind = by_name(item.kind) if item.kind else None
    return (kind.order if kind else 99, item.id, item.path)


def similarity(old: Item, new: Item) -> float:
    if old.data is None or new.data is None:
        return 1.0 if old.raw == new.raw else 0.0
    keys = (old.data.keys() | new.data.keys()) - {"id"}
    if not keys:
        return 1.0
    return sum(_value_similarity(old.data.get(k), new.data.get(k)) for k in keys) / len(keys)


def _value_similarity(a, b) -> float:
    if a == b:
        return 1.0
    if isinstance(a, str) and isinstance(b, str):
        if _is_short(a) and _is_short(b):  # characters in common, so that a reworded title still counts a bit
            return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
        return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()
    if isinstance(a, list) and isinstance(b, list):
        return difflib.SequenceMatcher(None, [_canonical(x) for x in a], [_canonical(x) for x in b],
                                       autojunk=False).ratio()
    return 0.0


def _canonical(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _renames(removed: list[Item], added: list[Item]) -> list[tuple[Item, Item, float]]:
    scored = [(similarity(old, new), old, new) for old in removed for new in added if old.kind == new.kind]
    scored.sort(key=lambda s: (-s[0], s[1].id, s[2].id))
    used: set[int] = set()
    pairs = []
    for score, old, new in scored:
        if score >= RENAME_SIMILARITY and id(old) not in used and id(new) not in used:
            used |= {id(old), id(new)}
            pairs.append((old, new, score))
    return pairs


def _entry_changes(old: Item, new: Item, renamed: bool = False) -> list[Node]:
    nodes = []
    if old.kind != new.kind:
        nodes.append(Node(f"kind: {old.kind_label} → {new.kind_label}"))
    if old.path != new.path and not renamed:
        nodes.append(Node(f"file: {code(old.path)} → {code(new.path)}"))
    if old.data is None or new.data is None:
        if old.raw != new.raw:
            side = "at the base revision" if old.data is None else "in the working tree"
            nodes.append(Node(f"the file cannot be read {side}, so its fields are not compared"))
    else:
        old_data = {k: v for k, v in old.data.items() if not (renamed and k == "id")}
        new_data = {k: v for k, v in new.data.items() if not (renamed and k == "id")}
        nodes += _changes(old_data, new_data, _field_order(new.kind or old.kind, old_data, new_data))
        if not nodes and old.raw != new.raw and not renamed:
            nodes.append(Node("no field value changed (comments or formatting only)"))
    if new.valid and not old.valid and (nodes or old.raw != new.raw):
        nodes.append(Node("the file had validation problems at the base revision and now passes"))
    return nodes


def _field_order(kind_name: str | None, *sides: dict) -> list[str]:
    kind = by_name(kind_name) if kind_name else None
    known = [name for name in (kind.model.model_fields if kind else ()) if any(name in side for side in sides)]
    extra = [name for side in sides for name in side if name not in known]
    return known + list(dict.fromkeys(extra))


_MISSING = object()


def _changes(old: dict, new: dict, order: list[str]) -> list[Node]:
    nodes = []
    for key in order:
        a, b = old.get(key, _MISSING), new.get(key, _MISSING)
        if a != b:
            nodes.append(_change(code(key), a, b))
    return nodes


def _change(label: str, a, b) -> Node:
    if all(v is _MISSING or isinstance(v, list) for v in (a, b)):
        return _list_change(label, [] if a is _MISSING else a, [] if b is _MISSING else b)
    if all(v is _MISSING or isinstance(v, dict) for v in (a, b)):
        a, b = ({} if a is _MISSING else a), ({} if b is _MISSING else b)
        return Node(f"{label}:", children=_changes(a, b, _field_order(None, a, b)))
    return _value_change(label, a, b)


def _as_text(value) -> str | None:
    if value is _MISSING:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def _is_short(text: str | None) -> bool:
    return text is None or ("\n" not in text and len(text) <= SHORT)


def _value_change(label: str, a, b) -> Node:
    old, new = _as_text(a), _as_text(b)
    if _is_short(old) and _is_short(new):
        if old is None:
            return Node(f"{label}: added {code(new)}")
        if new is None:
            return Node(f"{label}: removed (was {code(old)})")
        return Node(f"{label}: {code(old)} → {code(new)}")
    if old is None:
        text = f"{label}: added ({_characters(new)})"
    elif new is None:
        text = f"{label}: removed (was {_characters(old)})"
    else:
        text = f"{label}: changed ({len(old):,} → {_characters(new)})"
    return Node(text, block=fenced(_unified(old or "", new or ""), "diff"))


def _characters(text: str) -> str:
    return f"{len(text):,} character{'s' if len(text) != 1 else ''}"


def _unified(old: str, new: str) -> str:
    lines = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
             if not line.startswith(("--- ", "+++ "))]
    shown = [line if len(line) <= DIFF_WIDTH else line[:DIFF_WIDTH - 1] + "…" for line in lines[:DIFF_LINES]]
    if len(lines) > DIFF_LINES:
        shown.append(f"… {len(lines) - DIFF_LINES} more diff lines")
    return "\n".join(shown)


def _list_change(label: str, old: list, new: list) -> Node:
    if (old or new) and all(isinstance(v, dict) and v for v in old + new):
        return _items_change(label, old, new)
    added, removed = _minus(new, old), _minus(old, new)
    if not added and not removed:
        return Node(f"{label}: order changed")
    texts = [_as_text(v) for v in added + removed]
    if len(texts) <= 8 and all("\n" not in t and len(t) <= COMPACT_ITEM for t in texts):
        parts = []
        if added:
            parts.append("added " + ", ".join(code(_as_text(v)) for v in added))
        if removed:
            parts.append("removed " + ", ".join(code(_as_text(v)) for v in removed))
        return Node(f"{label}: " + "; ".join(parts))
    counts = [f"{len(added)} added"] * bool(added) + [f"{len(removed)} removed"] * bool(removed)
    return Node(f"{label}: " + ", ".join(counts) + " (items)",
                children=[Node("added " + code(_as_text(v), LABEL_WIDTH * 4)) for v in added]
                + [Node("removed " + code(_as_text(v), LABEL_WIDTH * 4)) for v in removed])


def _minus(items: list, others: list) -> list:
    """The items of `items` not in `others`, counting repeats, in order."""
    left = [_canonical(v) for v in others]
    out = []
    for value in items:
        if _canonical(value) in left:
            left.remove(_canonical(value))
        else:
            out.append(value)
    return out


def _keyed_items(items: list[dict]) -> dict[tuple[str, int], dict]:
    """List items of blocks, keyed by their first field's value (for evidence: the evidence id)."""
    keyed: dict[tuple[str, int], dict] = {}
    for item in items:
        label = _canonical(next(iter(item.values())))
        count = sum(1 for key in keyed if key[0] == label)
        keyed[(label, count)] = item
    return keyed


def _items_change(label: str, old: list[dict], new: list[dict]) -> Node:
    before, after = _keyed_items(old), _keyed_items(new)
    children = [Node("added item " + code(key[0], LABEL_WIDTH)) for key in after if key not in before]
    children += [Node("removed item " + code(key[0], LABEL_WIDTH)) for key in before if key not in after]
    for key in after:
        if key in before and before[key] != after[key]:
            a, b = before[key], after[key]
            children.append(Node(f"item {code(key[0], LABEL_WIDTH)}:",
                                 children=_changes(a, b, _field_order(None, a, b))))
    if not children:
        children.append(Node("order changed"))
    return Node(f"{label}:", children=children)


# -- references ----------------------------------------------------------------------------

def _references(items: dict[str, Item]) -> dict[str, set[tuple[str, str]]]:
    return {key: set(item.references) for key, item in items.items() if item.references is not None}


def reference_changes(c: Comparison) -> tuple[list[Node], list[Node], list[Node], list[Node]]:
    """(broken by the change, already broken at BASE, new, removed) reference bullets."""
    renamed_to = {old.key: new.key for old, new, _s in c.renamed}
    renamed_from = {new: old for old, new in renamed_to.items()}
    by_id_old: dict[str, Item] = {}
    by_id_new: dict[str, Item] = {}
    for items, by_id in ((c.old, by_id_old), (c.new, by_id_new)):
        for item in items.values():
            by_id.setdefault(item.id, item)  # the first file of an id, as the loader keeps it
    old_refs, new_refs = _references(c.old), _references(c.new)

    def counterpart(new_key: str) -> str | None:
        return renamed_from.get(new_key, new_key if new_key in c.old else None)

    def resolves(target: str, kind: str, items: dict[str, Item]) -> bool:
        found = items.get(target)
        return found is not None and found.kind == kind

    broken, still_broken, created, dropped = [], [], [], []
    for key, refs in sorted(new_refs.items(), key=lambda kv: _order(c.new[kv[0]])):
        source = c.new[key]
        before_key = counterpart(key)
        known_before = before_key is None or before_key in old_refs
        before = old_refs.get(before_key, set()) if before_key else set()
        for target, kind in sorted(refs):
            line = f"{source.kind_label} {code(source.id)} → {kind} {code(target)}"
            if not resolves(target, kind, by_id_new):
                was_fine = (target, kind) in before and resolves(target, kind, by_id_old)
                if known_before and (target, kind) in before and not was_fine:
                    still_broken.append(Node(f"{line} ({_why_broken(target, kind, c, by_id_old, by_id_new)})"))
                else:
                    broken.append(Node(f"breaks: {line} ({_why_broken(target, kind, c, by_id_old, by_id_new)})"))
            if known_before and (target, kind) not in before:
                created.append(Node(line))
        if known_before:
            for target, kind in sorted(before - refs):
                dropped.append(Node(f"{source.kind_label} {code(source.id)} → {kind} {code(target)}"))
    for key, refs in sorted(old_refs.items(), key=lambda kv: _order(c.old[kv[0]])):
        if key not in c.new and key not in renamed_to:  # the entry itself was removed
            source = c.old[key]
            for target, kind in sorted(refs):
                dropped.append(Node(f"{source.kind_label} {code(source.id)} → {kind} {code(target)} "
                                    "(its entry was removed)"))
    return broken, still_broken, created, dropped


def _why_broken(target: str, kind: str, c: Comparison, old: dict[str, Item], new: dict[str, Item]) -> str:
    now = new.get(target)
    if now is not None:
        return f"now a {now.kind_label}, not {kind}" if target in old and old[target].kind == kind \
            else f"is a {now.kind_label}, not {kind}"
    if target in old:
        renamed = next((n for o, n, _s in c.renamed if o.id == target), None)
        return f"renamed to {code(renamed.id)}" if renamed else "removed"
    return "no such entry"


# -- Markdown --------------------------------------------------------------------------------

_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _visible(text: str, keep: str = "") -> str:
    """Control, line-separator and bidi-override characters written as escapes."""
    out = []
    for char in text:
        if char in keep:
            out.append(char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char in _BIDI or unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def _longest_backticks(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest


def code(text: str | None, limit: int | None = None) -> str:
    """`text` as a Markdown code span: nothing in it is interpreted."""
    if text is None or text == "":
        return "*(empty)*"
    text = _visible(text)
    if limit and len(text) > limit:
        text = text[:limit - 1] + "…"
    fence = "`" * (_longest_backticks(text) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str, info: str = "") -> list[str]:
    """`text` as the lines of a fenced code block."""
    lines = [_visible(line, keep="\t") for line in text.split("\n")]
    fence = "`" * max(3, _longest_backticks(text) + 1)
    return [fence + info, *lines, fence]


def _render(nodes: list[Node], depth: int = 0) -> list[str]:
    lines = []
    for node in nodes:
        pad = "  " * depth
        lines.append(f"{pad}- {node.text}")
        lines += [f"{pad}  {line}" for line in node.block or []]
        lines += _render(node.children, depth + 1)
    return lines


def _entry_line(item: Item) -> str:
    title = f": {code(item.title, LABEL_WIDTH)}" if item.title else ""
    invalid = " (has validation problems)" if not item.valid else ""
    return f"{item.kind_label} {code(item.id)}{title}{invalid}"


def summary_chunks(c: Comparison) -> list[str]:
    """The summary as pieces that can each be left out whole (see `limit`)."""
    if c.empty:
        return ["No playbook changes.\n"]
    counts = [f"{len(c.added)} added", f"{len(c.removed)} removed", f"{len(c.renamed)} renamed",
              f"{len(c.changed)} changed"]
    chunks = ["## Playbook changes\n\n",
              f"Compared with {code(c.base)} ({code(c.commit[:12])}): {', '.join(counts)}.\n"]

    def section(title: str, nodes: list[Node], level: str = "###") -> None:
        if nodes:
            chunks.append(f"\n{level} {title}\n\n")
            chunks.extend("\n".join(_render([node])) + "\n" for node in nodes)

    section(f"Added ({len(c.added)})", [Node(_entry_line(i)) for i in c.added])
    section(f"Removed ({len(c.removed)})", [Node(_entry_line(i)) for i in c.removed])
    section(f"Renamed ({len(c.renamed)})", [
        Node(f"{old.kind_label} {code(old.id)} → {code(new.id)} ({round(score * 100)}% similar)"
             + (" (has validation problems)" if not new.valid else ""),
             children=_entry_changes(old, new, renamed=True))
        for old, new, score in c.renamed])
    section(f"Changed ({len(c.changed)})", [Node(_entry_line(new), children=nodes) for _old, new, nodes in c.changed])

    broken, still_broken, created, dropped = reference_changes(c)
    if broken or still_broken or created or dropped:
        chunks.append("\n### References\n")
        section("Broken by this change", broken, "####")
        section("Already broken before this change", still_broken, "####")
        section("New", created, "####")
        section("Removed", dropped, "####")

    involved = {id(i) for i in c.added} | {id(i) for i in c.removed} | {id(i) for pair in c.renamed for i in pair[:2]} \
        | {id(i) for pair in c.changed for i in pair[:2]}
    invalid = [(i, "in the working tree") for i in sorted(c.new.values(), key=_order) if not i.valid]
    invalid += [(i, f"at {code(c.base)}") for i in sorted(c.old.values(), key=_order)
                if not i.valid and id(i) in involved]
    section("Validation problems", [
        Node(f"{code(item.path)} {where}: "
             + ("cannot be read, so its fields are not compared" if item.data is None
                else "fails validation, so its raw data is compared" if item.raw_data
                else "has validation problems")
             + "; run `opsbook validate` for the details")
        for item, where in invalid])
    return chunks


def limit(chunks: list[str], max_length: int | None, base: str) -> str:
    """Join the chunks, leaving out whole trailing chunks if the text would be longer than max_length."""
    text = "".join(chunks)
    if max_length is None or len(text) <= max_length:
        return text
    note = (f"\n*The summary is cut short here to stay under {max_length:,} characters; "
            f"run `opsbook diff` with base {code(base, 60)} for all of it.*\n")
    kept, used = [], len(note)
    for chunk in chunks:
        if used + len(chunk) > max_length:
            break
        kept.append(chunk)
        used += len(chunk)
    return "".join(kept) + note


# -- the command -----------------------------------------------------------------------------

def summarise(base: str, playbooks: Path, today: date) -> Comparison:
    root = playbooks.resolve()
    if not root.is_dir():
        raise DiffError(f"there is no folder {playbooks}/; run this from the handbook's top folder")
    top = repository_root(root)
    if root != top and top not in root.parents:
        raise DiffError(f"{playbooks}/ is not inside the git repository at {top}")
    prefix = root.relative_to(top).as_posix() if root != top else ""
    commit = resolve_revision(base, top)
    old = load_side(tree_files(commit, prefix, top), prefix, today)
    new = load_side(working_tree_files(root), prefix, today)
    return compare(base, commit, old, new)


@click.command("diff")
@click.argument("base")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write the Markdown to (default: stdout).")
@click.option("--playbooks", default=PLAYBOOKS, show_default=True, type=click.Path(path_type=Path),
              help="The playbooks folder.")
@click.option("--max-length", type=click.IntRange(min=1000), default=None,
              help="Leave out whole items at the end so the Markdown stays under this many characters "
                   "(a GitHub comment holds at most 65,536).")
def diff_command(base, output, playbooks, max_length):
    """Summarise how the playbooks changed since git revision BASE, as Markdown for reviewers.

    Lists the entries added, removed, renamed and changed (field by field), and the references
    the change breaks, creates or removes. A change is not an error: exits 0 whenever the summary
    could be written, and 2 if BASE is unknown or this is not a git repository.
    """
    comparison = summarise(base, playbooks_folder(playbooks), clock.today())
    # File names and values come from the pull request: nothing in them may act on a terminal or a page.
    text = escape_controls(limit(summary_chunks(comparison), max_length, base))
    if output:
        write_file(output, text)
        click.echo(f"Wrote the change summary to {output}", err=True)
    else:
        click.echo(text, nl=False)
