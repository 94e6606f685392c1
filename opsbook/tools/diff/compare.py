"""Comparing two sides: entries added, removed, renamed and changed field by field, and the references."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from opsbook.core.fields import kind_fits
from opsbook.kinds import by_name
from opsbook.tools.diff.inline import code, fenced
from opsbook.tools.diff.revisions import Item

SHORT = 120  # a single-line value up to this many characters is shown in full, old and new
RENAME_SIMILARITY = 0.8
DIFF_LINES = 30  # lines of unified diff shown per long field
DIFF_WIDTH = 300  # characters per diff line shown
LABEL_WIDTH = 120  # characters of a title or list-item label shown
COMPACT_ITEM = 60  # list items up to this long are listed on one line


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
        nodes = entry_changes(old[key], new[key])
        if nodes:
            changed.append((old[key], new[key], nodes))
    return Comparison(
        base,
        commit,
        old,
        new,
        added=sorted((i for i in added if id(i) not in paired), key=entry_order),
        removed=sorted((i for i in removed if id(i) not in paired), key=entry_order),
        renamed=sorted(renamed, key=lambda r: entry_order(r[1])),
        changed=sorted(changed, key=lambda c: entry_order(c[1])),
    )


def entry_order(item: Item):
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
        return difflib.SequenceMatcher(
            None, [_canonical(x) for x in a], [_canonical(x) for x in b], autojunk=False
        ).ratio()
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


def entry_changes(old: Item, new: Item, renamed: bool = False) -> list[Node]:
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
    lines = [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
        if not line.startswith(("--- ", "+++ "))
    ]
    shown = [line if len(line) <= DIFF_WIDTH else line[: DIFF_WIDTH - 1] + "…" for line in lines[:DIFF_LINES]]
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
    return Node(
        f"{label}: " + ", ".join(counts) + " (items)",
        children=[Node("added " + code(_as_text(v), LABEL_WIDTH * 4)) for v in added]
        + [Node("removed " + code(_as_text(v), LABEL_WIDTH * 4)) for v in removed],
    )


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
            children.append(
                Node(f"item {code(key[0], LABEL_WIDTH)}:", children=_changes(a, b, _field_order(None, a, b)))
            )
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
        return found is not None and kind_fits(kind, found.kind)

    broken, still_broken, created, dropped = [], [], [], []
    for key, refs in sorted(new_refs.items(), key=lambda kv: entry_order(c.new[kv[0]])):
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
    for key, refs in sorted(old_refs.items(), key=lambda kv: entry_order(c.old[kv[0]])):
        if key not in c.new and key not in renamed_to:  # the entry itself was removed
            source = c.old[key]
            for target, kind in sorted(refs):
                dropped.append(
                    Node(f"{source.kind_label} {code(source.id)} → {kind} {code(target)} (its entry was removed)")
                )
    return broken, still_broken, created, dropped


def _why_broken(target: str, kind: str, c: Comparison, old: dict[str, Item], new: dict[str, Item]) -> str:
    now = new.get(target)
    if now is not None:
        return (
            f"now a {now.kind_label}, not {kind}"
            if target in old and old[target].kind == kind
            else f"is a {now.kind_label}, not {kind}"
        )
    if target in old:
        renamed = next((n for o, n, _s in c.renamed if o.id == target), None)
        return f"renamed to {code(renamed.id)}" if renamed else "removed"
    return "no such entry"
