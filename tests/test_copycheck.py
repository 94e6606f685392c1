"""`opsbook check-copy`: the shipped copy rules against real-looking banners, the command, and the rule files."""

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from opsbook.copycheck import SHIPPED_RULES, check_copy, load_default, load_rules, phrase_pattern

from .conftest import ROOT, mkdocs_build, opsbook

BANNERS = Path(__file__).parent / "banners"
RULES = ROOT / "copy_rules" / "rules.yaml"
COMPETITORS = ROOT / "copy_rules" / "competitors.yaml"


@pytest.fixture(scope="module")
def ruleset():
    rules, problems = load_rules(RULES, COMPETITORS)
    assert problems == []
    return rules


def found(ruleset, text: str, health_food: bool = False) -> list[tuple]:
    """(rule, quoted span, line, column, start, end) of every finding."""
    return [(f.rule.id, f.quote or f.missing, f.line, f.column, f.start, f.end)
            for f in ruleset.check(text, health_food)]


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(check_copy, list(args), input=stdin)


# -- the shipped rules on banners ---------------------------------------------------

CASES = [
    ("双十一狂欢 全场5折 限时抢购", False, []),
    ("全网最低价！好评返现5元", False,
     [("absolute-terms", "全网最低价", 1, 1, 0, 5), ("review-rewards", "好评返现", 1, 7, 6, 10)]),
    ("Better than BrandX — the best fish oil", False,
     [("competitor-names", "BrandX", 1, 13, 12, 18), ("absolute-terms", "best", 1, 26, 25, 29)]),
    ("Double Eleven: 50% off every fish oil, today only.\nFree shipping. Best before June 2027.", False, []),
    ("Bestseller list, best-before date, best wishes from the team", False, []),
    ("THE BEST price, World Class quality", False,
     [("absolute-terms", "BEST", 1, 5, 4, 8), ("absolute-terms", "World Class", 1, 17, 16, 27)]),
    ("比BrandX更好！X牌用户请看", False,
     [("competitor-names", "BrandX", 1, 2, 1, 7), ("competitor-names", "X牌", 1, 11, 10, 12)]),
    ("新品上市\n销量ＮＯ．１ 国家级品质", False,
     [("absolute-terms", "ＮＯ．１", 2, 3, 7, 11), ("absolute-terms", "国家级", 2, 8, 12, 15)]),
    ("第一次购买立减10元，第一时间发货", False, []),
    ("行业第一品牌", False, [("absolute-terms", "第一", 1, 3, 2, 4)]),
    ("五星好评返5元，晒图有礼", False,
     [("review-rewards", "五星好评返", 1, 1, 0, 5), ("review-rewards", "晒图有礼", 1, 9, 8, 12)]),
    ("好\u200b评 返现", False, [("review-rewards", "好\u200b评 返现", 1, 1, 0, 6)]),
    ("Leave a 5-star review and get a red packet!", False,
     [("review-rewards", "5-star review and get a red packet", 1, 9, 8, 42)]),
    ("Cashback for a good review, ask our service team.", False,
     [("review-rewards", "Cashback for a good review", 1, 1, 0, 26)]),
    ("Reviews with photos are welcome; returns are free for 30 days.", False, []),
]

FISH_OIL = "深海鱼油软胶囊 60粒\n每粒含EPA+DHA 85%，第三方检测报告可查。\n"
STATEMENT = "本品不能代替药物。保健食品不是药物，不能代替药物治疗疾病。"

HEALTH_CASES = [
    (FISH_OIL, False, []),
    (FISH_OIL, True, [("health-food-statement", "本品不能代替药物", 1, 1, 0, 0)]),
    (FISH_OIL + STATEMENT, True, []),
    (STATEMENT + "\n保证有效，治愈失眠，比药还好！", True,
     [("health-efficacy-guarantee", "保证有效", 2, 1, 30, 34), ("health-disease-claims", "治愈", 2, 6, 35, 37),
      ("health-drug-comparison", "比药还好", 2, 11, 40, 44)]),
    (STATEMENT + " Guaranteed to work. Cures colds, better than other supplements.", True,
     [("health-efficacy-guarantee", "Guaranteed to work", 1, 31, 30, 48),
      ("health-disease-claims", "Cures", 1, 51, 50, 55),
      ("health-drug-comparison", "better than other supplements", 1, 64, 63, 92)]),
    (STATEMENT + " It does not replace medicine. It helps prevent heart disease.", True,
     [("health-disease-claims", "prevent heart disease", 1, 70, 69, 90)]),
    ("保证有效，治愈失眠", False, []),  # not a health food: the health-food rules do not apply
]


@pytest.mark.parametrize("text, health_food, expected", CASES + HEALTH_CASES)
def test_banner_findings(ruleset, text, health_food, expected):
    assert found(ruleset, text, health_food) == expected
    for _rule, quote, _line, _col, start, end in expected:
        assert start == end or text[start:end] == quote


def test_windows_line_endings_and_byte_order_mark_keep_positions(tmp_path):
    path = tmp_path / "banner.txt"
    path.write_bytes("\ufeff新品上市\r\n全网最低价\r\n".encode("utf-8"))
    result = invoke("--file", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f'{path}:2:1: absolute-terms: "全网最低价" — ')


def test_phrases_match_whole_english_words_and_spaced_chinese():
    assert re.search(phrase_pattern("best"), "the best oil")
    assert not re.search(phrase_pattern("best"), "bestseller")
    assert re.search(phrase_pattern("world-class"), "world  class", re.IGNORECASE)
    assert re.search(phrase_pattern("好评返现"), "好评 返 现")
    assert re.search(phrase_pattern("BrandX"), "比BrandX更好")


# -- the command ------------------------------------------------------------------------

def test_text_argument_exit_codes_and_the_documented_line():
    dirty = invoke("全网最低价！好评返现5元")
    assert dirty.exit_code == 1
    assert dirty.stdout.splitlines() == [
        ('<text>:1:1: absolute-terms: "全网最低价" — Advertising Law Art. 9(3) forbids absolute terms. '
        'Instead: Describe the measurable fact (e.g. "sold 10,000 units in 2026").'),
        ('<text>:1:7: review-rewards: "好评返现" — Since 1 September 2024 no reward (cash back, red packet, coupon, '
        'gift) may be tied to a good review. Instead: Ask for honest feedback with no reward; earn good reviews '
        'with quick replies and easy returns.'),
    ]
    assert "2 finding(s) in 1 text(s)." in dirty.stderr
    clean = invoke("双十一狂欢 全场5折 限时抢购")
    assert (clean.exit_code, clean.stdout) == (0, "")
    assert "No findings in 1 text(s)." in clean.stderr


def test_files_are_named_in_each_finding():
    result = invoke("--file", str(BANNERS / "double-eleven-clean.txt"), "--file", str(BANNERS / "better-than-brandx.txt"),
                    "--file", str(BANNERS / "fish-oil-claims.txt"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(" — ")[0] for line in lines] == [
        f'{BANNERS / "better-than-brandx.txt"}:1:13: competitor-names: "BrandX"',
        f'{BANNERS / "better-than-brandx.txt"}:1:26: absolute-terms: "best"',
        f'{BANNERS / "fish-oil-claims.txt"}:3:1: review-rewards: "晒图返现"',
        f'{BANNERS / "fish-oil-claims.txt"}:3:6: absolute-terms: "ＮＯ．１"',
    ]
    assert "in 3 text(s)" in result.stderr


@pytest.mark.parametrize("name", ["double-eleven-clean.txt", "english-clean.txt", "fish-oil-health-food.txt"])
def test_clean_banner_files(name):
    assert invoke("--file", str(BANNERS / name)).exit_code == 0


def test_health_food_flag_on_files():
    without = BANNERS / "fish-oil-health-food.txt"
    result = invoke("--health-food", "--file", str(without))
    assert result.exit_code == 1
    assert result.stdout.startswith(f'{without}:1:1: health-food-statement: missing "本品不能代替药物" — ')
    assert invoke("--health-food", "--file", str(BANNERS / "fish-oil-health-food-with-statement.txt")).exit_code == 0
    claims = invoke("--health-food", "--file", str(BANNERS / "fish-oil-claims.txt"))
    rules = [line.split(": ")[1] for line in claims.stdout.splitlines()]
    assert rules == ["health-efficacy-guarantee", "health-drug-comparison", "review-rewards", "absolute-terms",
                     "health-food-statement"]


def test_standard_input_with_and_without_dash():
    for args in ((), ("-",), ("--file", "-")):
        result = invoke(*args, stdin="Better than BrandX — the best fish oil\n")
        assert result.exit_code == 1, args
        assert result.stdout.startswith('<stdin>:1:13: competitor-names: "BrandX"')
    assert invoke(stdin="双十一狂欢 全场5折 限时抢购\n").exit_code == 0


def test_json_output_for_tools():
    result = invoke("--format", "json", "--file", str(BANNERS / "lowest-price-and-cashback.txt"))
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert findings[0] == {
        "file": str(BANNERS / "lowest-price-and-cashback.txt"), "line": 1, "column": 1, "start": 0, "end": 5,
        "rule": "absolute-terms", "source": "Advertising Law of the PRC, Art. 9(3)", "text": "全网最低价",
        "missing": None, "explanation": "Advertising Law Art. 9(3) forbids absolute terms.",
        "suggestion": 'Describe the measurable fact (e.g. "sold 10,000 units in 2026").'}
    assert [(f["rule"], f["text"], f["start"], f["end"]) for f in findings[1:]] == [("review-rewards", "好评返现", 6, 10)]
    clean = invoke("--format", "json", "双十一狂欢")
    assert (clean.exit_code, json.loads(clean.stdout)) == (0, {"findings": []})
    missing = json.loads(invoke("--format", "json", "--health-food", "鱼油").stdout)["findings"]
    assert [(f["rule"], f["missing"], f["text"]) for f in missing] == [("health-food-statement", "本品不能代替药物", "")]


def test_usage_errors_exit_2(tmp_path):
    assert invoke("--file", str(tmp_path / "no-such-file.txt")).exit_code == 2
    assert invoke("--format", "xml", "best").exit_code == 2
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    result = invoke("--file", str(tmp_path / "latin1.txt"))
    assert result.exit_code == 2 and "is not UTF-8 text" in result.output


def test_the_installed_command_reads_standard_input(tmp_path):
    """The real `opsbook` command, as a script or CI job calls it, from a folder without copy_rules/."""
    dirty = opsbook("check-copy", cwd=tmp_path, stdin="全网最低价！好评返现5元\n")
    assert dirty.returncode == 1
    assert '<stdin>:1:7: review-rewards: "好评返现"' in dirty.output
    assert opsbook("check-copy", "双十一狂欢 全场5折 限时抢购", cwd=tmp_path).returncode == 0


# -- the rule files -----------------------------------------------------------------------

def test_another_competitor_list(tmp_path):
    other = tmp_path / "competitors.yaml"
    other.write_text("competitors:\n  - name: OceanPure\n    products: [深海之星]\n", encoding="utf-8")
    text = "Better than BrandX and OceanPure: 深海之星 fans love it"
    result = invoke("--competitors", str(other), text)
    assert result.exit_code == 1
    assert [line.split(" — ")[0] for line in result.stdout.splitlines()] == [
        '<text>:1:24: competitor-names: "OceanPure"', '<text>:1:35: competitor-names: "深海之星"']
    assert invoke("--competitors", str(other), "Better than BrandX").exit_code == 0


def test_a_folder_with_its_own_copy_rules_uses_them(tmp_path):
    (tmp_path / "copy_rules").mkdir()
    (tmp_path / "copy_rules/rules.yaml").write_text(
        "rules:\n  - id: no-hype\n    source: House style\n    explanation: We do not shout.\n"
        "    applies_to: all\n    phrases: [amazing]\n    suggestion: Say what it does.\n", encoding="utf-8")
    (tmp_path / "copy_rules/competitors.yaml").write_text("competitors: []\n", encoding="utf-8")
    result = opsbook("check-copy", "An amazing, best-in-class oil", cwd=tmp_path)
    assert result.returncode == 1
    assert '<text>:1:4: no-hype: "amazing" — We do not shout. Instead: Say what it does.' in result.output
    assert "absolute-terms" not in result.output


BROKEN = """\
rules:
  - id: absolute-terms
    source: Advertising Law of the PRC, Art. 9(3)
    explanaton: Absolute terms are forbidden.
    applies_to: everyone
    regexes:
      - regex: '(最佳'
        label: 最佳
    suggestion: Give a fact.
  - id: empty-rule
    source: House style
    explanation: Nothing.
    applies_to: all
    suggestion: Nothing.
  - id: empty-rule
    source: House style
    explanation: Nothing.
    applies_to: all
    phrases: [amazing]
    required: [本品不能代替药物]
    suggestion: Nothing.
"""


def test_a_broken_rules_file_is_reported_at_its_lines_and_exits_2(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = invoke("--rules", str(path), "best")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:4:5: rules[1].explanaton: there is no field called `explanaton`; did you mean `explanation`?",
        f"{path}:5:5: rules[1].applies_to: `everyone` is not allowed here; use one of: all, health-food",
        (f"{path}:7:9: rules[1].regexes[1].regex: `(最佳` is not a valid regular expression: "
        "missing ), unterminated subpattern at position 0"),
        (f"{path}:10:5: rules[2]: a rule either flags text (`phrases`, `regexes` or `phrases_from`) "
        "or names what the text must contain (`required`); this one has neither"),
        (f"{path}:15:5: rules[3]: a rule either flags text (`phrases`, `regexes` or `phrases_from`) "
        "or names what the text must contain (`required`); this one has both"),
        "5 problem(s) in the copy rules; nothing was checked.",
    ]


def test_rule_file_problems_use_the_playbook_messages(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: a\n    source: s\n    explanation: e\n    applies_to: all\n"
                     "    regexes:\n      - regex: 'x*'\n        label: l\n    suggestion: s\n"
                     "  - id: a\n    source: s\n    explanation: e\n    applies_to: all\n"
                     "    phrases: [x]\n    suggestion: s\n", encoding="utf-8")
    competitors = tmp_path / "competitors.yaml"
    competitors.write_text("competitors:\n  - name: BrandX\n    products: BrandX Oil\n", encoding="utf-8")
    _, problems = load_rules(rules, competitors)
    assert [str(p) for p in problems] == [  # the duplicate rule id is checked once the file reads as rules
        (f"{competitors}:3:5: competitors[1].products: this should be a list, one item per line starting "
        "with `- `, not text"),
        f"{rules}:7:9: rules[1].regexes[1].regex: `x*` matches empty text, so it would flag every text"]
    competitors.write_text("competitors:\n  - name: A\n    name: B\n", encoding="utf-8")
    _, problems = load_rules(RULES, competitors)
    assert [str(p) for p in problems] == [
        f"{competitors}:3:5: competitors[1].name: `name` is written twice in the same block (first on line 2)"]

    rules.write_text(rules.read_text(encoding="utf-8").replace("'x*'", "'x+'"), encoding="utf-8")
    _, problems = load_rules(rules, COMPETITORS)
    assert [str(p) for p in problems] == [f"{rules}:10:5: rules[2].id: the id `a` is already used by rule 1 of this file"]


def test_a_broken_competitor_list_exits_2(tmp_path):
    other = tmp_path / "competitors.yaml"
    other.write_text("competitors:\n  - nam: OceanPure\n", encoding="utf-8")
    result = invoke("--competitors", str(other), "best")
    assert result.exit_code == 2
    assert f"{other}:2:5: competitors[1].nam: there is no field called `nam`; did you mean `name`?" in result.stderr


def test_every_shipped_rule_has_a_source_an_explanation_and_a_suggestion():
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]
    assert {rule["id"] for rule in rules} >= {"competitor-names", "absolute-terms", "review-rewards",
                                              "health-efficacy-guarantee", "health-disease-claims",
                                              "health-drug-comparison", "health-food-statement"}
    for rule in rules:
        for field in ("source", "explanation", "suggestion", "applies_to"):
            assert isinstance(rule.get(field), str) and rule[field].strip(), (rule["id"], field)
        assert rule["applies_to"] in ("all", "health-food")
    competitors = yaml.safe_load(COMPETITORS.read_text(encoding="utf-8"))["competitors"]
    assert competitors and all(c["name"] for c in competitors)
    assert SHIPPED_RULES == ROOT / "copy_rules"
    assert load_default(ROOT)[1] == []


# -- the handbook page -----------------------------------------------------------------

def test_handbook_page_lists_every_rule(built_site):
    markup = (built_site / "copy-checker/index.html").read_text(encoding="utf-8")
    table = html.unescape(markup.split('class="opsbook-copy-rules"')[1].split("</table>")[0])
    text = " ".join(re.sub(r"<[^>]+>", " ", table).split())
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]
    for rule in rules:
        assert f'id="copy-rule-{rule["id"]}"' in table
        for field in ("source", "explanation", "suggestion"):
            assert " ".join(rule[field].split()) in text, (rule["id"], field)
        for phrase in rule.get("phrases", []) + rule.get("required", []):
            assert f"<code>{phrase}</code>" in table
        for pattern in rule.get("regexes", []):
            assert pattern["label"] in text
    assert "<code>BrandX</code>" in table and "<code>品牌甲</code>" in table
    assert "<h1" in markup and "Copy checker" in markup


def test_a_broken_rules_file_fails_the_handbook_build(handbook):
    (handbook / "copy_rules").mkdir(exist_ok=True)  # the handbook copy has the shipped rules
    (handbook / "copy_rules/rules.yaml").write_text(BROKEN, encoding="utf-8")
    (handbook / "copy_rules/competitors.yaml").write_text(COMPETITORS.read_text(encoding="utf-8"), encoding="utf-8")
    result = mkdocs_build(handbook, "--strict")
    assert result.returncode != 0
    assert "copy_rules/rules.yaml:4:5: rules[1].explanaton:" in result.output
    assert "docs/copy-checker.md:" in result.output and ": copy_rules: the copy rules have" in result.output
