"""The Handbook of a build (opsbook/core/handbook.py): lookups by id and kind, backlinks, and order.

What each test expects is read from the playbook files themselves with plain YAML, not from the Handbook.
"""

from opsbook.kinds import all_kinds

from .conftest import load, shipped_entries

TERM = """\
# yaml-language-server: $schema=../../schemas/term.schema.json
id: {id}
title: {title}
chinese: 术语
summary: A term written for this test.
owner: Operations lead
reviewed: 2026-11-20
"""


def test_every_file_is_found_by_its_id_with_its_kind_and_path(shipped_handbook):
    files = list(shipped_entries())
    assert len(shipped_handbook) == len(files) > 0
    for kind, path, data in files:
        record = shipped_handbook.get(data["id"])
        assert record is not None, data["id"]
        assert (record.kind, record.entry.title) == (kind, data["title"])
        assert record.relative_path == f"{path.parent.name}/{path.name}"
        assert record.path.resolve() == path.resolve()


def test_an_unknown_id_or_kind_finds_nothing(shipped_handbook):
    assert shipped_handbook.get("no-such-entry") is None
    assert shipped_handbook.of_kind("no-such-kind") == ()


def test_of_kind_lists_exactly_the_entries_of_that_kind(shipped_handbook):
    for kind in all_kinds():
        expected = {data["id"] for of_kind, _path, data in shipped_entries() if of_kind is kind}
        found = [record.entry.id for record in shipped_handbook.of_kind(kind.name)]
        assert sorted(found) == sorted(expected), kind.name
        assert all(record.kind is kind for record in shipped_handbook.of_kind(kind.name))
    assert len(shipped_handbook.of_kind("evidence")) >= 3 and len(shipped_handbook.of_kind("strategy")) >= 3


def test_referenced_by_gives_each_strategy_that_needs_an_evidence_with_what_it_proves(shipped_handbook):
    """Backlinks of every evidence entry against the `evidence:` lists in the strategy files."""
    needs = {}  # evidence id -> {(strategy id, index in its list): what it proves}
    for kind, _path, data in shipped_entries():
        if kind.name == "strategy":
            for index, need in enumerate(data["evidence"]):
                needs.setdefault(need["evidence"], {})[(data["id"], index)] = need["proves"]
    assert len(needs.get("low-price-reason", {})) >= 2  # the shipped handbook uses it more than once
    for evidence in shipped_handbook.of_kind("evidence"):
        backlinks = [b for b in shipped_handbook.referenced_by(evidence.entry.id) if b.path[0] == "evidence"]
        assert all(b.path[2] == "evidence" for b in backlinks)
        found = {(b.source.entry.id, b.path[1]): b.note for b in backlinks}
        assert found == needs.get(evidence.entry.id, {}), evidence.entry.id
    assert shipped_handbook.referenced_by("no-such-entry") == ()


def test_records_are_ordered_by_kind_then_title_ignoring_case_then_id(handbook):
    glossary = handbook / "playbooks" / "glossary"
    for entry_id, title in [("zz-apple", "apple"), ("aa-banana", "Banana"), ("twin-b", "Twin"), ("twin-a", "Twin")]:
        (glossary / f"{entry_id}.yaml").write_text(TERM.format(id=entry_id, title=title), encoding="utf-8")
    book, problems = load(handbook / "playbooks")
    assert problems == [], "\n".join(map(str, problems))
    terms = [record.entry.id for record in book.of_kind("term")]
    mine = [entry_id for entry_id in terms if entry_id in ("zz-apple", "aa-banana", "twin-a", "twin-b")]
    assert mine == ["zz-apple", "aa-banana", "twin-a", "twin-b"]  # "apple" before "Banana"; the same title by id
    titles = [record.entry.title.casefold() for record in book.of_kind("term")]
    assert titles == sorted(titles)
    kinds = [record.kind.name for record in book.records]
    blocks = [name for i, name in enumerate(kinds) if i == 0 or kinds[i - 1] != name]
    assert blocks == [kind.name for kind in all_kinds() if book.of_kind(kind.name)]  # one block per kind, in order
    assert blocks[:4] == ["module", "strategy", "evidence", "term"]
    steps = [record.entry.step for record in book.of_kind("module")]
    assert steps == list(range(1, len(steps) + 1))  # modules by their step, not by title
