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

from datetime import date
from pathlib import Path

from opsbook.core.characters import escape_controls
from opsbook.core.errors import playbooks_folder
from opsbook.tools.diff.compare import Comparison, compare
from opsbook.tools.diff.markdown import limit, summary_chunks
from opsbook.tools.diff.revisions import (
    DiffError,
    load_side,
    repository_root,
    resolve_revision,
    tree_files,
    working_tree_files,
)

__all__ = ["Comparison", "DiffError", "summarise", "summary_text"]


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


def summary_text(base: str, playbooks: Path, today: date, max_length: int | None = None) -> str:
    """The Markdown summary of the change since `base`, cut to `max_length` characters when given."""
    text = limit(summary_chunks(summarise(base, playbooks_folder(playbooks), today)), max_length, base)
    # File names and values come from the pull request: nothing in them may act on a terminal or a page.
    return escape_controls(text)
