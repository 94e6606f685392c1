"""Macros for hand-written pages (opsbook/site/macros.py) and the check of their calls without rendering
(opsbook/site/page_check.py): both report a bad call with the same code and words."""

import importlib

import pytest

from opsbook.core.problems import Problem
from opsbook.kinds import all_kinds
from opsbook.site.macros import Macro, MacroError, all_macros, check
from opsbook.site.page_check import check_pages

from .conftest import edit, load


def kinds_macros(kind) -> list[Macro]:
    """The macros declared in the kind's own macros.py (none if it has no such file)."""
    if not (kind.template_dir / "macros.py").exists():
        return []
    module = importlib.import_module(f"{kind.model.__module__}.macros")
    return [found for found in vars(module).values() if isinstance(found, Macro)]


# -- all_macros: every handbook's, then each kind's ------------------------------------------


def test_all_macros_has_every_handbooks_macros_and_each_kinds_own():
    found = all_macros()
    assert {"entry_link", "print_entries", "error_catalogue", "kinds_table", "copy_rules"} <= set(found)
    own = {kind.name: kinds_macros(kind) for kind in all_kinds()}
    assert {"evidence_table"} <= {m.name for m in own["evidence"]}
    assert {"strategy_table", "evidence_checklist", "self_check", "decision_guide"} <= {m.name for m in own["strategy"]}
    for kind_name, declared in own.items():
        for one in declared:
            assert found.get(one.name) is one, f"{kind_name}: {one.name}"


def test_no_two_macros_share_a_name():
    declared = [m for m in vars(importlib.import_module("opsbook.site.macros")).values() if isinstance(m, Macro)]
    declared += [m for kind in all_kinds() for m in kinds_macros(kind)]
    assert len(declared) == len(all_macros())


# -- check: the arguments of a call, while the site is built -----------------------------------


def raised(shipped_handbook, name: str, *args, **kwargs) -> MacroError:
    with pytest.raises(MacroError) as error:
        check(all_macros()[name], shipped_handbook, args, kwargs)
    assert error.value.macro == name
    return error.value


def message(error: MacroError) -> str:
    """The words an editor reads for the error (the plugin and page_check both use Problem.of)."""
    return Problem.of(error.code, "page.md", **error.details).message


def test_an_unknown_id_is_named_with_the_nearest_id(shipped_handbook):
    error = raised(shipped_handbook, "evidence_checklist", "prove-a-low-prise")
    assert (error.code, error.needle) == ("macro-unknown-id", "prove-a-low-prise")
    assert message(error) == (
        "there is no strategy entry with the id `prove-a-low-prise`; did you mean `prove-a-low-price`?"
    )


def test_an_id_of_the_wrong_kind_names_both_kinds(shipped_handbook):
    error = raised(shipped_handbook, "evidence_checklist", strategy_id="customs-declaration-form")
    assert (error.code, error.needle) == ("macro-wrong-kind", "customs-declaration-form")
    assert message(error) == (
        "this macro needs an entry of the kind `strategy`; `customs-declaration-form` is of the kind `evidence`"
    )


@pytest.mark.parametrize(
    "args, kwargs", [(("bellow",), {}), ((), {"position": "bellow"})], ids=["positional", "keyword"]
)
def test_a_value_no_entry_can_have_lists_the_allowed_ones(shipped_handbook, args, kwargs):
    error = raised(shipped_handbook, "strategy_table", *args, **kwargs)
    assert (error.code, error.needle) == ("macro-bad-value", "bellow")
    assert message(error) == (
        "`bellow` is not a position this macro knows; use one of: above, level, below, any; did you mean `below`?"
    )


def test_every_argument_of_a_macro_taking_many_ids_is_checked(shipped_handbook):
    error = raised(shipped_handbook, "print_entries", "dsr", "prove-a-low-price", "no-such-entry")
    assert (error.code, error.needle) == ("macro-unknown-id", "no-such-entry")


def test_good_calls_pass(shipped_handbook):
    for name, args, kwargs in [
        ("entry_link", ("dsr",), {}),
        ("evidence_checklist", ("prove-a-low-price",), {}),
        ("strategy_table", (), {"position": "below"}),
        ("strategy_table", (), {}),
        ("evidence_table", (), {"doubt": "counterfeit"}),
        ("print_entries", ("dsr", "customs-declaration-form"), {}),
    ]:
        assert check(all_macros()[name], shipped_handbook, args, kwargs) is None, name


# -- check_pages: the same checks on the pages' text, at file:line:column ------------------------

GUIDE = """\
---
title: Guide
---

# Guide

See {{ entry_link('customs-declaraton-form') }} and {{ strategy_table(position='cheap') }}.
{{ evidence_checklist('prove-a-low-price') }} {{ evidence_checklist('dsr') }}
{{ entry_link(chosen) }} is computed when the page is built, so it is not checked here.
"""


def where(problems) -> list[str]:
    return [f"{p.path}:{p.line}:{p.col}: {p.field}: {p.code}" for p in problems]


def test_bad_calls_in_pages_are_reported_at_their_line_and_column(shipped_handbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text(GUIDE, encoding="utf-8")  # lines are counted with the front matter
    (docs / "broken.md").write_text("# Broken\n\nText {{ entry_link('dsr' }}\n", encoding="utf-8")
    (docs / "plain.md").write_text(
        "---\nrender_macros: false\n---\n{{ entry_link('no-such-entry') }}\n", encoding="utf-8"
    )
    problems = check_pages(docs, shipped_handbook)
    assert where(problems) == [  # in the order of file, line and column
        "docs/broken.md:3:1: template: template-syntax",
        "docs/guide.md:7:8: entry_link: macro-unknown-id",
        "docs/guide.md:7:56: strategy_table: macro-bad-value",
        "docs/guide.md:8:50: evidence_checklist: macro-wrong-kind",  # the second call on the line, with `dsr`
    ]
    assert "did you mean `customs-declaration-form`?" in str(problems[1])


def test_an_id_of_a_broken_playbook_is_not_unknown_only_unusable(handbook, monkeypatch):
    monkeypatch.chdir(handbook)
    edit(handbook, "evidence/low-price-reason.yaml", "owner: Pricing lead", "owner:")
    book, problems = load(handbook / "playbooks")
    assert book.get("low-price-reason") is None and problems  # the file reports its own problem
    (handbook / "docs/extra.md").write_text("{{ entry_link('low-price-reason') }}\n", encoding="utf-8")
    assert "docs/extra.md:1:4: entry_link: macro-unknown-id" in where(check_pages(handbook / "docs", book))
    knowing_the_broken_file = check_pages(handbook / "docs", book, handbook / "playbooks")
    assert [p for p in knowing_the_broken_file if p.path == "docs/extra.md"] == []
