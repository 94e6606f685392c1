"""Writing a comparison as Markdown for reviewers: every playbook value inside code, never as markup."""

from __future__ import annotations

from opsbook.core import translation
from opsbook.tools.diff.compare import LABEL_WIDTH, Comparison, Node, entry_changes, entry_order, reference_changes
from opsbook.tools.diff.inline import code
from opsbook.tools.diff.revisions import Item


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
    counts = [
        f"{len(c.added)} added",
        f"{len(c.removed)} removed",
        f"{len(c.renamed)} renamed",
        f"{len(c.changed)} changed",
    ]
    chunks = [
        "## Playbook changes\n\n",
        f"Compared with {code(c.base)} ({code(c.commit[:12])}): {', '.join(counts)}.\n",
    ]

    def section(title: str, nodes: list[Node], level: str = "###") -> None:
        if nodes:
            chunks.append(f"\n{level} {title}\n\n")
            chunks.extend("\n".join(_render([node])) + "\n" for node in nodes)

    section(f"Added ({len(c.added)})", [Node(_entry_line(i)) for i in c.added])
    section(f"Removed ({len(c.removed)})", [Node(_entry_line(i)) for i in c.removed])
    section(
        f"Renamed ({len(c.renamed)})",
        [
            Node(
                f"{old.kind_label} {code(old.id)} → {code(new.id)} ({round(score * 100)}% similar)"
                + (" (has validation problems)" if not new.valid else ""),
                children=entry_changes(old, new, renamed=True),
            )
            for old, new, score in c.renamed
        ],
    )
    section(f"Changed ({len(c.changed)})", [Node(_entry_line(new), children=nodes) for _old, new, nodes in c.changed])

    broken, still_broken, created, dropped = reference_changes(c)
    if broken or still_broken or created or dropped:
        chunks.append("\n### References\n")
        section("Broken by this change", broken, "####")
        section("Already broken before this change", still_broken, "####")
        section("New", created, "####")
        section("Removed", dropped, "####")

    section("Translations", [Node(line) for line in translation_lag(c)])

    involved = (
        {id(i) for i in c.added}
        | {id(i) for i in c.removed}
        | {id(i) for pair in c.renamed for i in pair[:2]}
        | {id(i) for pair in c.changed for i in pair[:2]}
    )
    invalid = [(i, "in the working tree") for i in sorted(c.new.values(), key=entry_order) if not i.valid]
    invalid += [
        (i, f"at {code(c.base)}") for i in sorted(c.old.values(), key=entry_order) if not i.valid and id(i) in involved
    ]
    section(
        "Validation problems",
        [
            Node(
                f"{code(item.path)} {where}: "
                + (
                    "cannot be read, so its fields are not compared"
                    if item.data is None
                    else "fails validation, so its raw data is compared"
                    if item.raw_data
                    else "has validation problems"
                )
                + "; run `opsbook validate` for the details"
            )
            for item, where in invalid
        ],
    )
    return chunks


def translation_lag(c: Comparison) -> list[str]:
    """Translations whose entry's text this change alters while they still record the entry's earlier text."""
    lines = []
    for item in sorted(c.new.values(), key=entry_order):
        before, after = c.old.get(item.translation_of or ""), c.new.get(item.translation_of or "")
        if not (item.translation_of and before and after and before.text_version and after.text_version):
            continue
        written = str((item.data or {}).get(translation.VERSION_FIELD, ""))
        if before.text_version != after.text_version and written != after.text_version:
            lines.append(
                f"{code(after.path)}: source changed, translation not updated: {code(item.path)} "
                f"(translates {code(written or 'nothing')}; the text is now {code(after.text_version)})"
            )
    return lines


def limit(chunks: list[str], max_length: int | None, base: str) -> str:
    """Join the chunks, leaving out whole trailing chunks if the text would be longer than max_length."""
    text = "".join(chunks)
    if max_length is None or len(text) <= max_length:
        return text
    note = (
        f"\n*The summary is cut short here to stay under {max_length:,} characters; "
        f"run `opsbook diff` with base {code(base, 60)} for all of it.*\n"
    )
    kept, used = [], len(note)
    for chunk in chunks:
        if used + len(chunk) > max_length:
            break
        kept.append(chunk)
        used += len(chunk)
    return "".join(kept) + note
