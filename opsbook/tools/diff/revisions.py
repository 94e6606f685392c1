"""Reading both sides of a change: BASE from git, the working tree from disk, each through the loader."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from opsbook.core import translation
from opsbook.core import validate as validation
from opsbook.core.errors import OpsbookError
from opsbook.core.languages import split_name
from opsbook.core.layout import PLAYBOOKS
from opsbook.core.yaml_source import MAX_FILE_BYTES, read
from opsbook.kinds import by_folder


class DiffError(OpsbookError):
    """Exit 2 with one line `opsbook: ...`, as every command's could-not-run errors."""


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
    text_version: str | None = None  # of a valid entry: the version of its text that translations record
    translation_of: str | None = None  # of a translation file (`<id>.<language>.yaml`): the entry's id

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
        raise DiffError(
            "git is not installed (or not on PATH); opsbook diff reads the base revision with git"
        ) from None


def repository_root(cwd: Path) -> Path:
    result = _git(["rev-parse", "--show-toplevel"], cwd)
    if result.returncode != 0:
        raise DiffError(
            f"{cwd} is not inside a git repository; opsbook diff compares the playbooks "
            "with a git revision, so run it in a clone of the handbook"
        )
    return Path(os.fsdecode(result.stdout.rstrip(b"\r\n"))).resolve()


def resolve_revision(base: str, top: Path) -> str:
    """The commit BASE names, as a full hash (later git commands never see BASE itself)."""
    if not base or base.startswith("-"):
        raise DiffError(f"{base!r} is not a git revision")
    result = _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], top)
    if result.returncode != 0:
        raise DiffError(
            f"there is no git revision {base!r} in this repository; for another branch, "
            "fetch it first (git fetch origin BRANCH, or actions/checkout with fetch-depth: 0)"
        )
    return result.stdout.decode("ascii").strip()


def tree_files(commit: str, prefix: str, top: Path) -> dict[str, bytes]:
    """The playbook files under `prefix` at `commit`: path relative to `prefix` -> content."""
    listing = _git(["ls-tree", "-r", "-z", commit, "--", *([prefix + "/"] if prefix else [])], top)
    if listing.returncode != 0:
        raise DiffError(
            f"git could not list {prefix or 'the repository'} at {commit[:12]}: "
            + listing.stderr.decode(errors="replace").strip()
        )
    wanted: list[tuple[str, str]] = []  # (object id, path relative to prefix)
    for record in filter(None, listing.stdout.split(b"\0")):
        meta, _, name = record.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split()
        path = os.fsdecode(name)
        if kind == "blob" and mode != "120000" and PurePosixPath(path).suffix in validation.SUFFIXES:
            wanted.append((oid, path[len(prefix) + 1 :] if prefix else path))
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
        out[relative] = data[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return out


def working_tree_files(root: Path) -> dict[str, bytes]:
    """The playbook files under `root`, as `opsbook validate` finds them; of a file over the size limit, no
    more than one byte past the limit is read (enough for the loader to refuse it, however large it is)."""
    files = {}
    for path in validation.playbook_files(root):
        with path.open("rb") as file:
            files[path.relative_to(root).as_posix()] = file.read(MAX_FILE_BYTES + 1)
    return files


def load_side(files: dict[str, bytes], prefix: str, today: date) -> dict[str, Item]:
    """Load `files` (relative path -> content) with the project's loader; key them by id."""
    with tempfile.TemporaryDirectory(prefix="opsbook-diff-") as folder:
        root = Path(folder, PLAYBOOKS)
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
    entry_id, language = split_name(path)
    if language is not None:  # a translation: checked against its entry by `opsbook validate`, compared as text
        source, _ = read(raw, shown)
        data = _normalise(source.data) if source is not None and isinstance(source.data, dict) else None
        label = f"{kind.name} translation" if kind else None
        return Item(path.stem, label, shown, raw, data, 0 if data is not None else 1, None, translation_of=entry_id)
    record, problems = validation.load_file(path, root, today)
    blocking = sum(1 for problem in problems if problem.blocking)
    if record is not None:  # valid, or only a problem such as a file name that does not match the id
        references = tuple((ref.target, ref.kind) for ref in record.entry.references())
        return Item(
            record.entry.id,
            record.kind.name,
            shown,
            raw,
            _normalise(record.entry.model_dump(mode="json")),
            blocking,
            references,
            text_version=translation.version(record.entry),
        )
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
