"""Right in 2026 and useful on day one: rules written once, computed sums, templates that pass the copy
checker, and the week-one glossary."""

from __future__ import annotations

import re
from datetime import date

import pytest

from opsbook.core import freshness, validate
from opsbook.core.arithmetic import FormulaError, evaluate
from opsbook.tools.copycheck import load_default

from .conftest import ROOT, mkdocs_build, opsbook

TODAY = date(2026, 11, 24)
WEEK_ONE = [
    "聚划算",
    "淘抢购",
    "提报",
    "资源位",
    "生意参谋",
    "千牛",
    "直通车",
    "万相台",
    "淘宝客",
    "客单价",
    "访客数",
    "加购",
    "复购率",
    "主图",
    "详情页",
    "SKU",
    "划线价",
    "满减",
    "优惠券",
    "到手价",
    "运费险",
    "七天无理由退货",
    "差评",
    "追评",
    "问大家",
    "刷单",
    "极限词",
    "保健食品",
    "店铺综合体验分",
    "平行进口",
]


@pytest.fixture(scope="module")
def book():
    handbook, problems = validate.load(ROOT / "playbooks", TODAY)
    assert problems == []
    return handbook


def test_every_rule_cited_exists_with_its_source_and_in_force_date(book):
    rules = {r.entry.id: r.entry for r in book.of_kind("rule")}
    cited = {ref.target for r in book.records for ref in r.entry.references() if ref.kind == "rule"}
    assert cited and cited <= set(rules)
    for rule_id, rule in rules.items():
        assert rule.source.startswith("https://"), rule_id
        assert rule.in_force or rule_id == "platform-rules", f"{rule_id} has no in-force date"
    assert rules["aucl-art-9"].in_force == date(2025, 10, 15) and "Art. 25" in rules["aucl-art-9"].penalty
    assert "2,000,000" in rules["aucl-art-25"].penalty and "may revoke" in rules["aucl-art-25"].penalty


def _figures(text: str) -> set[str]:
    return set(re.findall(r"\d{1,3}(?:,\d{3})+", text))


def test_no_entry_or_page_repeats_a_penalty(book):
    rules = [r.entry for r in book.of_kind("rule")]
    # Figures that only penalties use (a prize cap of 50,000 yuan is a rule's content, not its penalty).
    penalty_only = set().union(*(_figures(r.penalty or "") for r in rules)) - set().union(
        *(_figures(r.forbids) for r in rules)
    )
    assert {"1,000,000", "2,000,000"} <= penalty_only
    texts = {r.display_path: r.path.read_text(encoding="utf-8") for r in book.records if r.kind.name != "rule"}
    texts |= {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}
    for name, text in texts.items():
        for sentence in re.split(r"[.;\n。；]", text):
            if re.search(r"fine|penalt|罚款", sentence, re.IGNORECASE):
                assert not _figures(sentence) & penalty_only, (name, sentence)
        # The pre-2025 numbering, except where a text says it is old.
        assert not re.search(r"(?<!old )(?<!\(such as \")Art\. 20\b", text), name


def test_a_rule_that_came_into_force_after_a_review_makes_the_entry_due(handbook):
    strategy = handbook / "playbooks/strategies/prove-a-low-price.yaml"
    text = strategy.read_text(encoding="utf-8")
    strategy.write_text(re.sub(r"^reviewed: .*$", "reviewed: 2025-09-01", text, flags=re.M), encoding="utf-8")
    book, problems = validate.load(handbook / "playbooks", TODAY)
    review = freshness.review_of(book.get("prove-a-low-price"), book)
    assert review.changed.entry.id == "aucl-art-9" and review.due == date(2025, 10, 15)
    assert review.overdue_days == (TODAY - date(2025, 10, 15)).days
    result = mkdocs_build(handbook)
    assert result.returncode == 0, result.output
    page = (handbook / "site/strategies/prove-a-low-price/index.html").read_text(encoding="utf-8")
    assert "Review overdue by" in page and "came into force" in page


def test_worked_numbers_are_computed_from_their_inputs(handbook):
    strategy = handbook / "playbooks/strategies/convince-platform-staff-with-data.yaml"
    assert mkdocs_build(handbook).returncode == 0
    page = (handbook / "site/strategies/convince-platform-staff-with-data/index.html").read_text(encoding="utf-8")
    assert "<strong>3,500</strong>" in page and "<strong>1,190,000 yuan</strong>" in page  # 100,000 × 3.5% × 340
    text = strategy.read_text(encoding="utf-8")
    strategy.write_text(text.replace("value: 100000", "value: 200000"), encoding="utf-8")
    assert mkdocs_build(handbook).returncode == 0
    page = (handbook / "site/strategies/convince-platform-staff-with-data/index.html").read_text(encoding="utf-8")
    assert "<strong>2,380,000 yuan</strong>" in page and "<strong>1,190,000 yuan</strong>" not in page


def test_a_formula_with_a_typo_is_reported_at_its_entry(handbook):
    strategy = handbook / "playbooks/strategies/convince-platform-staff-with-data.yaml"
    text = strategy.read_text(encoding="utf-8")
    strategy.write_text(text.replace('formula: "orders * aov"', 'formula: "ordrs * aov"'), encoding="utf-8")
    result = opsbook("validate", cwd=handbook)
    assert result.returncode == 1
    assert "worked_numbers[1]: a formula uses `ordrs`, which is not an input or an earlier result" in result.output


@pytest.mark.parametrize(
    "formula, error",
    [
        ("__import__('os')", "may only use"),
        ("a ** 2", "may only use"),
        ("1 / 0", "divides by zero"),
        ("a +", "cannot be read"),
    ],
)
def test_formulas_are_computed_without_eval(formula, error):
    with pytest.raises(FormulaError, match=error):
        evaluate(formula, {"a": 2})
    assert evaluate("(a + 1) * 3 / 2 - -1", {"a": 2}) == 5.5


def test_every_template_passes_the_copy_checker(book):
    ruleset, problems = load_default(ROOT)
    assert problems == []
    templates = book.of_kind("template")
    assert {t.entry.id for t in templates} >= {
        "campaign-slot-case",
        "post-delivery-care",
        "bad-review-reply",
        "prize-draw-rules",
    }
    for template in templates:
        for text in (template.entry.text, template.entry.text_zh):
            assert ruleset.check(text) == [], (template.entry.id, ruleset.check(text))


def test_the_week_one_glossary_is_there(book):
    written = " ".join(f"{t.entry.title} {t.entry.chinese}" for t in book.of_kind("term"))
    assert [term for term in WEEK_ONE if term not in written] == []


def test_every_doubt_has_a_proof_checklist_with_issuers_and_times(book):
    from opsbook.kinds.evidence import DOUBTS

    checklists = {c.entry.doubt: c.entry for c in book.of_kind("proof-checklist")}
    assert set(checklists) == set(DOUBTS)
    for checklist in checklists.values():
        assert all(item.issuer and item.time_to_get for item in checklist.items)


def test_shipped_copy_rules_cite_rules_that_exist(book):
    ruleset, _ = load_default(ROOT)
    cited = {rule_id for rule in ruleset.rules for rule_id in rule.model.rules}
    assert cited and all(book.get(rule_id) and book.get(rule_id).kind.name == "rule" for rule_id in cited)
