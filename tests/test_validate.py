"""Validation of a whole playbooks folder: the mistakes editors make, each reported at its line."""

import json
from pathlib import Path

import pytest

from opsbook.core.yaml_source import read
from opsbook.kinds import all_kinds

from .conftest import ROOT, STRATEGY, copy_handbook, edit, line_of, load, only


def test_shipped_playbooks_are_valid():
    handbook, problems = load(ROOT / "playbooks")
    assert problems == []
    assert {r.kind.name for r in handbook.records} == {kind.name for kind in all_kinds()}  # every kind has entries


@pytest.mark.parametrize(
    "old, new, code, field, words",
    [
        ("\nevidence:\n", "\nevidnce:\n", "unknown-field", "evidnce", "did you mean `evidence`?"),
        (
            "- evidence: customs-declaration-form",
            "- evidence: customs-declaraton-form",
            "unknown-reference",
            "evidence[2].evidence",
            "did you mean `customs-declaration-form`?",
        ),
        (
            "- evidence: low-price-reason",
            "- evidence: dsr",
            "wrong-kind-reference",
            "evidence[3].evidence",
            "`dsr` is a term entry",
        ),
        ("reviewed: 2026-11-01", "reviewed: 2026-13-01", "bad-date", "reviewed", "YYYY-MM-DD"),
        ("reviewed: 2026-11-01", "reviewed: 01/11/2026", "bad-date", "reviewed", "`01/11/2026` is not a date"),
        ("reviewed: 2026-11-01", "reviewed: 2027-01-01", "future-date", "reviewed", "in the future"),
        ("price_position: below", "price_position: cheap", "not-in-list", "price_position", "above, level, below, any"),
        ("price_position: below", "price_position: bellow", "not-in-list", "price_position", "did you mean `below`?"),
        ("owner: Pricing lead", "owner:", "empty-value", "owner", "write a value after the colon"),
        ("owner: Pricing lead\n", "", "missing-field", "owner", "add a line `owner: …`"),
        ("tags: [low price, trust]", "tags: low price", "wrong-type", "tags", "a list"),
        ("id: prove-a-low-price", "id: Prove A Low Price", "bad-id", "id", "lowercase"),
        ("id: prove-a-low-price", "id: prove-a-lower-price", "file-name-mismatch", "id", "prove-a-lower-price.yaml"),
        ("title: Priced", "title: |\n  Two\n  lines\nx_title: Priced", "multiple-lines", "title", "single line"),
    ],
)
def test_typical_mistake_is_reported_at_its_line(handbook, old, new, code, field, words):
    edit(handbook, STRATEGY, old, new)
    # Only the edited file's problems: a module that reads the strategy cannot find it under a new id.
    mine = [p for p in load(handbook / "playbooks")[1] if p.path.endswith(STRATEGY)]
    problem = only([p for p in mine if p.code != "unknown-field" or code == p.code])
    assert (problem.code, problem.field) == (code, field)
    assert words in problem.message
    assert problem.path.endswith(STRATEGY)
    if code not in ("missing-field",):
        assert problem.line == line_of(handbook, STRATEGY, new.strip().split("\n")[0])


def test_missing_field_points_at_the_top_and_names_the_field(handbook):
    edit(handbook, STRATEGY, "owner: Pricing lead\n", "")
    problem = only(load(handbook / "playbooks")[1])
    assert (problem.line, problem.field, problem.code) == (2, "owner", "missing-field")


def test_duplicate_id_across_files_blames_the_copy_only(handbook):
    original = handbook / "playbooks" / "evidence" / "low-price-reason.yaml"
    copy = handbook / "playbooks" / "evidence" / "zz-copy.yaml"
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    problem = only(load(handbook / "playbooks")[1])  # tests/test_skeleton.py has the other cases
    assert problem.code == "copied-id" and problem.path.endswith("zz-copy.yaml")
    assert "low-price-reason.yaml" in problem.message and "`zz-copy`, this file's name" in problem.message


def test_every_problem_of_a_run_is_reported_together(handbook):
    edit(handbook, STRATEGY, "\nevidence:\n", "\nevidnce:\n")
    edit(handbook, "evidence/customs-declaration-form.yaml", "reviewed: 2026-09-30", "reviewed: 2026-02-30")
    (handbook / "playbooks" / "glossary" / "broken.yaml").write_text('title: "open\n', encoding="utf-8")
    problems = load(handbook / "playbooks")[1]
    assert {p.code for p in problems} >= {"unknown-field", "bad-date", "yaml-unclosed-quote"}


def test_references_from_a_broken_file_do_not_blame_others(handbook):
    edit(handbook, "evidence/low-price-reason.yaml", "owner: Pricing lead", "owner:")
    problems = load(handbook / "playbooks")[1]
    # The broken evidence gets its own error; the strategies that use it are told the id is unknown.
    own = [p for p in problems if p.path.endswith("low-price-reason.yaml")]
    assert [p.code for p in own] == ["empty-value"]
    others = [p for p in problems if p not in own]
    assert others and all(
        p.code == "broken-reference"
        and "`low-price-reason` cannot be used until" in p.message
        and "low-price-reason.yaml is fixed" in p.message
        for p in others
    )
    assert any(p.path.endswith("prove-a-low-price.yaml") for p in others)


def test_files_outside_kind_folders_are_reported(handbook):
    (handbook / "playbooks" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    (handbook / "playbooks" / "recipes").mkdir()
    (handbook / "playbooks" / "recipes" / "x.yml").write_text("a: 1\n", encoding="utf-8")
    problems = load(handbook / "playbooks")[1]
    assert [p.code for p in problems] == ["unknown-folder", "unknown-folder"]
    assert "strategies/, evidence/, glossary/" in problems[0].message


def test_missing_schema_line_is_reported_but_does_not_block(handbook):
    edit(handbook, STRATEGY, "# yaml-language-server: $schema=../../schemas/strategy.schema.json\n", "")
    problem = only(load(handbook / "playbooks")[1])
    assert problem.code == "schema-line" and not problem.blocking
    assert "$schema=../../schemas/strategy.schema.json" in problem.message


@pytest.mark.parametrize(
    "text, code",
    [
        ("{{ config }}", "template-code"),
        ("{% include 'x' %}", "template-code"),
        ("<script>alert(1)</script>", "raw-html"),
        # Markdown autolinks, but tag names to a browser (and to Material's tooltips, which use innerHTML).
        ("<https://x/ onanimationstart=alert(1)>", "raw-html"),
        ("<mailto:x onfocus=alert(1)>", "raw-html"),
        ("<!--><img src=x>", "raw-html"),
        ("[click](javascript:alert(1))", "unsafe-link"),
        ("[x]( VBScript:msgbox )", "unsafe-link"),
        ("<data:text/html;base64,PHNjcmlwdD4=>", "unsafe-link"),
        ("![pixel](https://tracker.invalid/p.png)", "image"),
    ],
)
def test_suspicious_text_is_reported_without_blocking(handbook, text, code):
    edit(handbook, STRATEGY, "- Do not let the low price", f"- {json.dumps(text)}\n  - Do not let the low price")
    problems = [p for p in load(handbook / "playbooks")[1] if p.code == code]
    assert len(problems) == 1 and problems[0].field == "do_not[1]" and not problems[0].blocking
    assert problems[0].line == line_of(handbook, STRATEGY, text[:12])


def test_plain_prose_with_colons_and_angles_is_not_flagged(handbook):
    edit(
        handbook,
        STRATEGY,
        "- Do not let the low price",
        "- 'Key data: price < 10 yuan, margin > 0, a < b; see [the rules](https://example.com)'\n"
        "  - Do not let the low price",
    )
    assert load(handbook / "playbooks")[1] == []


# -- files that cannot be playbooks -------------------------------------------------------


def test_a_link_to_a_file_outside_is_refused_and_never_published(handbook, tmp_path):
    secret = tmp_path / "secret.yaml"
    original = handbook / "playbooks/evidence/customs-declaration-form.yaml"
    secret.write_text(
        original.read_text(encoding="utf-8").replace("id: customs-declaration-form", "id: outside-secret"),
        encoding="utf-8",
    )
    (handbook / "playbooks/evidence/outside-secret.yaml").symlink_to(secret)
    handbook_, problems = load(handbook / "playbooks")
    assert only(problems).code == "linked-file" and only(problems).path.endswith("outside-secret.yaml")
    assert handbook_.get("outside-secret") is None


def test_a_linked_kind_folder_is_reported_not_skipped(handbook, tmp_path):
    (tmp_path / "more").mkdir()
    (handbook / "playbooks/evidence/more").symlink_to(tmp_path / "more", target_is_directory=True)
    assert only(load(handbook / "playbooks")[1]).code == "linked-file"


def test_a_special_file_is_never_opened(handbook):
    import os

    os.mkfifo(handbook / "playbooks/evidence/pipe.yaml")  # reading it would wait for ever
    assert only(load(handbook / "playbooks")[1]).code == "linked-file"


def test_a_huge_file_is_refused_before_it_is_read(handbook, monkeypatch):
    huge = handbook / "playbooks/evidence/huge.yaml"
    with huge.open("wb") as file:
        file.truncate(3 * 1024**3)  # 3 GiB, sparse: nothing is written to disk
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    problem = only(load(handbook / "playbooks")[1])
    assert problem.code == "file-too-large" and "3,221,225,472 bytes" in problem.message
    assert huge not in opened


def test_an_unreadable_file_is_one_problem(handbook, monkeypatch):
    target = handbook / "playbooks/evidence/customs-declaration-form.yaml"
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    problems = load(handbook / "playbooks")[1]
    unreadable = [p for p in problems if p.code == "unreadable-file"]
    assert len(unreadable) == 1 and unreadable[0].message == "the file cannot be read: permission denied"
    assert {p.code for p in problems} <= {"unreadable-file", "broken-reference"}


def test_every_problem_prints_as_one_line_with_controls_escaped(handbook):
    name = "playbooks/evidence/bad\x1b[2J\nname.yaml"
    (handbook / name).write_text("id: [\n", encoding="utf-8")
    problems = load(handbook / "playbooks")[1]
    shown = [str(p) for p in problems]
    assert shown and all("\n" not in line and "\x1b" not in line for line in shown)
    assert any("bad\\x1b[2J\\nname.yaml" in line for line in shown)


def test_validating_again_parses_only_the_files_that_changed(tmp_path, monkeypatch):
    """Under serve every save validates again; unchanged files come from the last run, with their problems."""
    from opsbook.core import validate

    copy_handbook(tmp_path)
    monkeypatch.setattr(validate, "_parsed", None)
    validate.keep_parsed()  # as serve does
    edit(tmp_path, "glossary/coupon.yaml", "title: Coupon", "title: Coupon\ntitle: Coupon")  # a duplicate key
    first_handbook, first_problems = load(tmp_path / "playbooks")
    parsed = []
    monkeypatch.setattr(validate, "read", lambda raw, shown: parsed.append(shown) or read(raw, shown))
    again_handbook, again_problems = load(tmp_path / "playbooks")
    assert parsed == []
    assert again_problems == first_problems and any(p.path.endswith("coupon.yaml") for p in again_problems)
    assert [r.entry for r in again_handbook.records] == [r.entry for r in first_handbook.records]

    edit(tmp_path, STRATEGY, "\nsummary: ", "\nsummary: Changed. ")
    handbook, _ = load(tmp_path / "playbooks")
    assert len(parsed) == 1 and parsed[0].endswith("playbooks/" + STRATEGY)
    assert handbook.get("prove-a-low-price").entry.summary.startswith("Changed. ")


def test_a_build_keeps_no_positions_and_reads_a_file_again_for_a_later_message(handbook, monkeypatch):
    """Positions held for every file took 119 of the 404 MB of a validated 10,000-entry handbook. A problem found once
    every file is read (an unknown reference) reads its own file's positions again, and names the same line."""
    from opsbook.core import validate

    monkeypatch.setattr(validate, "_parsed", None)  # as a build runs
    edit(handbook, STRATEGY, "- evidence: customs-declaration-form", "- evidence: customs-declaraton-form")
    loaded, problems = load(handbook / "playbooks")
    problem = only([p for p in problems if p.code == "unknown-reference"])
    assert problem.line == line_of(handbook, STRATEGY, "- evidence: customs-declaraton-form")
    read_again = [r.relative_path for r in loaded.records if r.positions._positions is not None]
    assert read_again == [STRATEGY]
    assert all(t.positions._positions is None for t in loaded.translations.values())


def test_positions_read_again_are_read_as_any_playbook_is(tmp_path):
    """Within the size limit (a file that grew past it since is not read again: its messages point at line 1)."""
    from opsbook.core.validate import MAX_FILE_BYTES, PositionsLater

    small, grown = tmp_path / "small.yaml", tmp_path / "grown.yaml"
    small.write_text("id: x\ntitle: X\n", encoding="utf-8")
    grown.write_text("id: x\ntitle: " + "X" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    assert PositionsLater(small, "small.yaml")[("title",)] == (2, 1)
    assert dict(PositionsLater(grown, "grown.yaml")) == {}
    assert dict(PositionsLater(tmp_path / "gone.yaml", "gone.yaml")) == {}
