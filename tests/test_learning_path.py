"""The learning path is data (playbooks/learning-path/): its validation and the pages made from it.

Browser behaviour (answers, progress, reset, print) is in tests/browser/test_learning.py.
"""

from __future__ import annotations

import re

import pytest

from .conftest import edit, line_of, load, only, opsbook, page, text_of

MODULE = "learning-path/when-you-cost-less.yaml"
READ = "read:\n  - prove-a-low-price\n  - run-a-low-price-campaign-safely\n"


# (what the file had, what an editor wrote, code, field, words of the message, the line it points at and
# which occurrence of that line's text, counted from 1)
CASES = {
    "unknown id": (
        READ,
        READ.replace("campaign-safely", "campaign-safley"),
        "unknown-reference",
        "read[2]",
        "did you mean `run-a-low-price-campaign-safely`?",
        ("  - run-a-low-price-campaign-safley", 1),
    ),
    "listed twice": (
        READ,
        READ + "  - prove-a-low-price\n",
        "listed-twice",
        "read[3]",
        "already listed as item 1",
        ("  - prove-a-low-price", 2),
    ),
    "word that is no term": (
        "words:\n  - final-price\n",
        "words:\n  - prove-a-low-price\n",
        "wrong-kind-reference",
        "words[1]",
        "is a strategy entry, but this field needs an entry of the kind `term`",
        ("  - prove-a-low-price", 2),
    ),
    "step taken": ("step: 4", "step: 3", "place-taken", "step", "step 3 is already taken by", ("step: 3", 1)),
    "step not a number": ("step: 4", "step: four", "wrong-type", "step", "whole number", ("step: four", 1)),
}


@pytest.mark.parametrize(("old", "new", "code", "field", "words", "where"), CASES.values(), ids=CASES)
def test_a_broken_module_is_reported_at_its_line(handbook, old, new, code, field, words, where):
    edit(handbook, MODULE, old, new)
    problem = only(load(handbook / "playbooks")[1])
    assert (problem.code, problem.field) == (code, field), str(problem)
    assert words in problem.message and problem.path.endswith(MODULE)
    lines = (handbook / "playbooks" / MODULE).read_text(encoding="utf-8").splitlines()
    text, nth = where
    assert problem.line == [i for i, line in enumerate(lines, 1) if line == text][nth - 1]


def test_an_empty_module_is_one_problem_per_empty_list(handbook):
    text = (handbook / "playbooks" / MODULE).read_text(encoding="utf-8")
    text = re.sub(r"^read:\n(  - .*\n)+", "read: []\n", text, flags=re.MULTILINE)
    text = re.sub(r"^exercises:\n(?:[ -].*\n|\n)+", "exercises: []\n", text, flags=re.MULTILINE)
    (handbook / "playbooks" / MODULE).write_text(text, encoding="utf-8")
    problems = load(handbook / "playbooks")[1]
    assert {(p.field, p.code) for p in problems} == {("read", "empty-list"), ("exercises", "empty-list")}, "\n".join(
        map(str, problems)
    )
    result = opsbook("validate", cwd=handbook)
    assert result.returncode == 1 and "Traceback" not in result.output
    assert f"playbooks/{MODULE}:{line_of(handbook, MODULE, 'read: []')}:1: read:" in result.output


def test_a_module_reads_entries_of_any_kind_in_the_order_written(shipped_handbook):
    kinds = {
        shipped_handbook.get(entry_id).kind.name
        for module in shipped_handbook.of_kind("module")
        for entry_id in module.entry.read
    }
    assert {"strategy", "evidence", "rule", "term"} <= kinds
    steps = [module.entry.step for module in shipped_handbook.of_kind("module")]
    assert steps == list(range(1, 9))


def test_every_module_and_strategy_has_two_multiple_choice_questions_in_both_languages(shipped_handbook):
    zh = shipped_handbook.edition("zh-Hans")
    for record in [*shipped_handbook.of_kind("module"), *shipped_handbook.of_kind("strategy")]:
        checks = record.entry.exercises if record.kind.name == "module" else record.entry.self_check
        assert sum(bool(check.choices) for check in checks) >= 2, record.entry.id
        assert zh.get(record.entry.id).text == "translated", record.entry.id
        for check in checks:
            assert all(len(choice.why) > 20 for choice in check.choices), record.entry.id


def test_the_learning_path_page_lists_every_module_in_order(built_site, shipped_handbook):
    modules = shipped_handbook.of_kind("module")
    for folder, title in (("", "Learning path"), ("zh/", "学习路径")):
        index = page(built_site, f"{folder}learning-path")
        rows = re.findall(r'<tr data-module="([a-z0-9-]+)" data-questions="([^"]*)">', index)
        assert [module for module, _ in rows] == [m.entry.id for m in modules]
        for (module, questions), record in zip(rows, modules, strict=True):
            multiple_choice = [i for i, c in enumerate(record.entry.exercises, 1) if c.choices]
            assert questions.split() == [f"{module}/{i}" for i in multiple_choice]
            assert f'href="{module}/"' in index
        assert f"<h1>{title}</h1>" in index
    html = page(built_site, "decision-guide")  # a page whose own contents list does not nest in the menu
    menu = text_of(
        html.split('<nav class="md-nav md-nav--primary"')[1].split('<div class="md-sidebar md-sidebar--secondary"')[0]
    )
    assert (
        menu.index("Learning path")
        < menu.index("Your progress")
        < menu.index("Decision guide")
        < menu.index("Strategies")
    )
    assert menu.count("Learning path") == 2  # the path, and the path on paper; not again among the kinds


def test_a_module_page_links_its_reading_in_order_then_exercises_then_the_next_module(built_site, shipped_handbook):
    module = shipped_handbook.get("when-you-cost-less").entry
    html = page(built_site, "learning-path/when-you-cost-less")
    reading = html.split('<ol class="opsbook-reading-list">')[1].split("</ol>")[0]
    linked = re.findall(r'href="\.\./\.\./[a-z-]+/([a-z0-9-]+)/"', reading)
    assert linked == list(module.read)
    assert "Module 4 of 8" in html and f"about {module.minutes} minutes" in html
    assert html.count('<fieldset class="opsbook-quiz"') == sum(bool(c.choices) for c in module.exercises)
    assert "<details open" not in html  # model answers stay folded
    assert 'data-module="when-you-cost-less"' in html and 'aria-pressed="false"' in html
    following = shipped_handbook.get("proof-that-makes-a-price-believable").entry.title
    assert re.search(
        rf'Next module: <a href="\.\./proof-that-makes-a-price-believable/">{re.escape(following)}</a>', html
    )


def test_an_entry_page_says_where_it_stands_in_the_path_and_what_comes_next(built_site):
    html = page(built_site, "strategies/run-a-low-price-campaign-safely")
    line = re.search(r'<p class="opsbook-reading">(.*?)</p>', html)[1]
    assert 'href="../../learning-path/when-you-cost-less/"' in line and "reading 2 of 4" in line
    assert 'Next: <a href="../big-brand-below-market/">' in line
    last = re.search(r'<p class="opsbook-reading">(.*?)</p>', page(built_site, "glossary/dsr"))[1]
    assert "reading 4 of 4" in last and "for its exercises" in last
    zh = re.search(
        r'<p class="opsbook-reading">(.*?)</p>', page(built_site, "zh/strategies/run-a-low-price-campaign-safely")
    )[1]
    assert "第 2 篇，共 4 篇" in zh and "下一步" in zh
    # A module's reading list is not a citation: the evidence page lists the strategies that use it, only.
    evidence = page(built_site, "evidence/customs-declaration-form")
    used_by = evidence.split('<ul class="opsbook-used-by">')[1].split("</ul>")[0]
    assert "learning-path/" not in used_by


def test_the_progress_page_says_nothing_leaves_the_browser(built_site):
    for folder, words in (("", "Nothing is sent anywhere"), ("zh/", "不会发送到任何地方")):
        html = page(built_site, f"{folder}progress")
        assert words in html
        assert html.count("<tr data-module=") == 8
        assert 'id="opsbook-learner-name"' in html and "opsbook-reset" in html
