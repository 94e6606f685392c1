"""`opsbook check-copy`: the shipped copy rules against real-looking banners, the command, and the rule files."""

import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import opsbook as opsbook_package
from opsbook.cli import check_copy
from opsbook.tools.copycheck import SHIPPED_RULES, load_default, load_rules, phrase_pattern
from opsbook.tools.copycheck.text import INVISIBLE, Copy

from .conftest import ROOT, mkdocs_build, opsbook

BANNERS = Path(__file__).parent / "banners"
RULES = SHIPPED_RULES / "rules.yaml"
COMPETITORS = ROOT / "copy_rules" / "competitors.yaml"


@pytest.fixture(scope="module")
def ruleset():
    rules, problems = load_rules(RULES, COMPETITORS)
    assert problems == []
    return rules


def found(ruleset, text: str, health_food: bool = False) -> list[tuple]:
    """(rule, quoted span, line, column, start, end) of every finding."""
    return [
        (f.rule.id, f.quote or f.missing, f.line, f.column, f.start, f.end) for f in ruleset.check(text, health_food)
    ]


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(check_copy, list(args), input=stdin)


# -- the shipped rules on banners ---------------------------------------------------

CASES = [
    ("双十一狂欢 全场5折 限时抢购", False, []),
    (
        "全网最低价！好评返现5元",
        False,
        [("absolute-terms", "全网最低价", 1, 1, 0, 5), ("review-rewards", "好评返现", 1, 7, 6, 10)],
    ),
    (
        "Better than BrandX — the best fish oil",
        False,
        [("competitor-names", "BrandX", 1, 13, 12, 18), ("absolute-terms", "best", 1, 26, 25, 29)],
    ),
    ("Double Eleven: 50% off every fish oil, today only.\nFree shipping. Best before June 2027.", False, []),
    ("Bestseller list, best-before date, best wishes from the team", False, []),
    (
        "THE BEST price, World Class quality",
        False,
        [("absolute-terms", "BEST", 1, 5, 4, 8), ("absolute-terms", "World Class", 1, 17, 16, 27)],
    ),
    (
        "比BrandX更好！X牌用户请看",
        False,
        [("competitor-names", "BrandX", 1, 2, 1, 7), ("competitor-names", "X牌", 1, 11, 10, 12)],
    ),
    (
        "新品上市\n销量ＮＯ．１ 国家级品质",
        False,
        [("absolute-terms", "ＮＯ．１", 2, 3, 7, 11), ("absolute-terms", "国家级", 2, 8, 12, 15)],
    ),
    ("第一次购买立减10元，第一时间发货", False, []),
    ("行业第一品牌", False, [("absolute-terms", "第一", 1, 3, 2, 4)]),
    (
        "五星好评返5元，晒图有礼",
        False,
        [("review-rewards", "五星好评返5元", 1, 1, 0, 7), ("review-rewards", "晒图有礼", 1, 9, 8, 12)],
    ),
    ("好\u200b评 返现", False, [("review-rewards", "好\u200b评 返现", 1, 1, 0, 6)]),
    (
        "Leave a 5-star review and get a red packet!",
        False,
        [("review-rewards", "5-star review and get a red packet", 1, 9, 8, 42)],
    ),
    (
        "Cashback for a good review, ask our service team.",
        False,
        [("review-rewards", "Cashback for a good review", 1, 1, 0, 26)],
    ),
    ("Reviews with photos are welcome; returns are free for 30 days.", False, []),
]

FISH_OIL = "深海鱼油软胶囊 60粒\n每粒含EPA+DHA 85%，第三方检测报告可查。\n"
STATEMENT = "本品不能代替药物。保健食品不是药物，不能代替药物治疗疾病。"

HEALTH_CASES = [
    (FISH_OIL, False, []),
    (FISH_OIL, True, [("health-food-statement", "本品不能代替药物", 1, 1, 0, 0)]),
    (FISH_OIL + STATEMENT, True, []),
    (
        STATEMENT + "\n保证有效，治愈失眠，比药还好！",
        True,
        [
            ("health-efficacy-guarantee", "保证有效", 2, 1, 30, 34),
            ("health-disease-claims", "治愈", 2, 6, 35, 37),
            ("health-drug-comparison", "比药还好", 2, 11, 40, 44),
        ],
    ),
    (
        STATEMENT + " Guaranteed to work. Cures colds, better than other supplements.",
        True,
        [
            ("health-efficacy-guarantee", "Guaranteed to work", 1, 31, 30, 48),
            ("health-disease-claims", "Cures", 1, 51, 50, 55),
            ("health-drug-comparison", "better than other supplements", 1, 64, 63, 92),
        ],
    ),
    (
        STATEMENT + " It does not replace medicine. It helps prevent heart disease.",
        True,
        [("health-disease-claims", "prevent heart disease", 1, 70, 69, 90)],
    ),
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


# -- the banner corpus: real-looking copy, clean and not, in both languages -------------------------------

CORPUS = yaml.safe_load((BANNERS / "corpus.yaml").read_text(encoding="utf-8"))
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_the_corpus_has_enough_clean_and_dirty_copy_in_both_languages():
    clean = [case["text"] for case in CORPUS if not case["findings"]]
    dirty = [case["text"] for case in CORPUS if case["findings"]]
    assert len(CORPUS) >= 40 and len(clean) >= 20 and len(dirty) >= 20
    for texts in (clean, dirty):
        assert sum(bool(CHINESE.search(t)) for t in texts) >= 8 and sum(not CHINESE.search(t) for t in texts) >= 8
    assert len({case["text"] for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case["text"][:40] for case in CORPUS])
def test_banner_corpus(ruleset, case):
    findings = ruleset.check(case["text"], case.get("health_food", False))
    assert [[f.rule.id, f.quote] for f in findings] == case["findings"]
    for finding in findings:
        assert case["text"][finding.start : finding.end] == finding.quote


# -- review rewards: the variants staff write -----------------------------------------------------------

ACTIONS = ["好评", "五星", "评价", "晒图", "晒单", "截图", "追评"]
VERBS = ["返", "送", "领", "领取", "再加"]
REWARDS = ["红包", "优惠券", "现金", "5元", "礼品", "运费险"]


@pytest.mark.parametrize("action", ACTIONS)
def test_every_chinese_review_reward_is_found_in_either_order_with_words_between(ruleset, action):
    for verb in VERBS:
        for reward in REWARDS:
            for text in (
                f"{action}{verb}{reward}",
                f"收到货{action}后联系客服，即可{verb}{reward}",
                f"{verb}{reward}，仅限{action}",
                f"{verb}{reward}：{action}截图发客服",
            ):
                assert [f.rule.id for f in ruleset.check(text)] == ["review-rewards"], text


@pytest.mark.parametrize("review", ["review", "5 stars", "5-star review", "five-star review"])
def test_every_english_review_reward_is_found_in_either_order(ruleset, review):
    for reward in ["gift", "coupon", "refund", "cash back", "red packet", "voucher"]:
        for text in (
            f"Leave a {review} and get a {reward}!",
            f"Get a {reward} for every {review}.",
            f"{reward.capitalize()} when you leave us a {review}",
        ):
            findings = ruleset.check(text)
            assert [f.rule.id for f in findings] == ["review-rewards"], text
            assert review in findings[0].quote.lower() and reward in findings[0].quote.lower(), text


@pytest.mark.parametrize(
    "text",
    [
        "收到货有任何问题请联系客服，我们负责到底",  # care, not for a review
        "If anything arrived damaged, message us and we will send a replacement",
        "感谢您的五星好评！",
        "欢迎晒图评价",
        "Thanks for your 5-star review!",  # a review, no reward
        "满199减20优惠券",
        "Spend 199, get a 20-yuan coupon",  # a coupon, no review
        "五星好评。返现活动已结束",  # a sentence ends between them
        "好评如潮，下单送运费险",
        "Read our reviews before you buy: free gift with every order",  # another action claims it
    ],
)
def test_review_words_and_rewards_apart_are_clean(ruleset, text):
    assert [f.rule.id for f in ruleset.check(text)] == []


# -- absolute terms and rankings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, quote",
    [
        ("最优惠的价格", "最优惠"),
        ("最优选择", "最优"),
        ("行业TOP1", "TOP1"),
        ("top 1 seller", "top 1"),
        ("TOP-1 in Tmall", "TOP-1"),
        ("销量No.1", "No.1"),
        ("No. 1 choice", "No. 1"),
        ("排名第一", "排名第一"),
        ("全网第一", "第一"),
        ("the #1 flask", "#1"),
        ("best-in-class insulation", "best-in-class"),
    ],
)
def test_absolute_terms_quote_the_longest_word_written(ruleset, text, quote):
    assert [(f.rule.id, f.quote) for f in ruleset.check(text)] == [("absolute-terms", quote)]


@pytest.mark.parametrize(
    "text",
    [
        "第一次下单立减10元",
        "第一步：扭开杯盖",
        "第一时间发货",
        "Top 10 picks",
        "Model No.12",
        "best before 2027",
        "best wishes",
    ],
)
def test_ordinals_and_exempt_phrases_are_not_absolute_terms(ruleset, text):
    assert ruleset.check(text) == []


# -- suggestions fit every product --------------------------------------------------------------------------


def test_the_competitor_suggestion_fits_a_thermos_cup(ruleset):
    [finding] = ruleset.check("比X牌保温杯保温更久")
    assert finding.rule.id == "competitor-names"
    assert not re.search(r"fish|oil|鱼油|omega", finding.format("<text>"), re.IGNORECASE)


def test_suggestions_of_rules_for_all_copy_name_no_product():
    for rule in yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]:
        if rule["applies_to"] == "all":
            assert not re.search(r"fish|oil|鱼油|capsule|胶囊|flask|保温", rule["suggestion"], re.IGNORECASE), rule[
                "id"
            ]


# -- the command ------------------------------------------------------------------------


def test_text_argument_exit_codes_and_the_documented_line():
    dirty = invoke("全网最低价！好评返现5元")
    assert dirty.exit_code == 1
    assert dirty.stdout.splitlines() == [
        (
            '<text>:1:1: absolute-terms: "全网最低价" — Advertising Law Art. 9(3) forbids absolute terms. '
            'Instead: Describe the measurable fact (e.g. "sold 10,000 units in 2026").'
        ),
        (
            '<text>:1:7: review-rewards: "好评返现" — Since 1 September 2024 no reward (cash back, red packet, coupon, '
            "gift) may be tied to a good review. Instead: Ask for honest feedback with no reward; earn good reviews "
            "with quick replies and easy returns."
        ),
    ]
    assert "2 finding(s) in 1 text(s)." in dirty.stderr
    clean = invoke("双十一狂欢 全场5折 限时抢购")
    assert (clean.exit_code, clean.stdout) == (0, "")
    assert "No findings in 1 text(s)." in clean.stderr


def test_files_are_named_in_each_finding():
    result = invoke(
        "--file",
        str(BANNERS / "double-eleven-clean.txt"),
        "--file",
        str(BANNERS / "better-than-brandx.txt"),
        "--file",
        str(BANNERS / "fish-oil-claims.txt"),
    )
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
    assert rules == [
        "health-efficacy-guarantee",
        "health-drug-comparison",
        "review-rewards",
        "absolute-terms",
        "health-food-statement",
    ]


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
        "file": str(BANNERS / "lowest-price-and-cashback.txt"),
        "line": 1,
        "column": 1,
        "start": 0,
        "end": 5,
        "rule": "absolute-terms",
        "source": "Advertising Law of the PRC, Art. 9(3)",
        "text": "全网最低价",
        "missing": None,
        "explanation": "Advertising Law Art. 9(3) forbids absolute terms.",
        "suggestion": 'Describe the measurable fact (e.g. "sold 10,000 units in 2026").',
    }
    assert [(f["rule"], f["text"], f["start"], f["end"]) for f in findings[1:]] == [
        ("review-rewards", "好评返现", 6, 10)
    ]
    clean = invoke("--format", "json", "双十一狂欢")
    assert (clean.exit_code, json.loads(clean.stdout)) == (0, {"findings": []})
    missing = json.loads(invoke("--format", "json", "--health-food", "鱼油").stdout)["findings"]
    assert [(f["rule"], f["missing"], f["text"]) for f in missing] == [
        ("health-food-statement", "本品不能代替药物", "")
    ]


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
        '<text>:1:24: competitor-names: "OceanPure"',
        '<text>:1:35: competitor-names: "深海之星"',
    ]
    assert invoke("--competitors", str(other), "Better than BrandX").exit_code == 0


def test_a_folder_with_its_own_copy_rules_uses_them(tmp_path):
    (tmp_path / "copy_rules").mkdir()
    (tmp_path / "copy_rules/rules.yaml").write_text(
        "rules:\n  - id: no-hype\n    source: House style\n    explanation: We do not shout.\n"
        "    applies_to: all\n    phrases: [amazing]\n    suggestion: Say what it does.\n",
        encoding="utf-8",
    )
    (tmp_path / "copy_rules/competitors.yaml").write_text("competitors: []\n", encoding="utf-8")
    result = opsbook("check-copy", "An amazing, best-in-class oil", cwd=tmp_path)
    assert result.returncode == 1
    # The team's rule is added to the shipped ones, which still apply.
    assert '<text>:1:4: no-hype: "amazing" — We do not shout. Instead: Say what it does.' in result.output
    assert '<text>:1:13: absolute-terms: "best-in-class"' in result.output


def test_a_team_rule_replaces_the_shipped_rule_of_the_same_id_and_keeps_the_others(tmp_path):
    (tmp_path / "copy_rules").mkdir()
    (tmp_path / "copy_rules/rules.yaml").write_text(
        "rules:\n  - id: absolute-terms\n    source: House style\n    explanation: Only our list.\n"
        "    applies_to: all\n    phrases: [amazing]\n    suggestion: Say what it does.\n",
        encoding="utf-8",
    )
    result = opsbook("check-copy", "An amazing, best-in-class oil; 五星好评返现5元", cwd=tmp_path)
    lines = [line.split(" — ")[0] for line in result.output.splitlines() if line.startswith("<text>")]
    assert '<text>:1:4: absolute-terms: "amazing"' in lines and not any("best-in-class" in line for line in lines)
    assert any("review-rewards" in line for line in lines)  # a shipped rule the team did not replace


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
        (
            f"{path}:7:9: rules[1].regexes[1].regex: `(最佳` is not a valid regular expression: "
            "missing ), unterminated subpattern at position 0"
        ),
        (
            f"{path}:10:5: rules[2]: a rule either flags text (`phrases`, `regexes`, `combinations` or "
            "`phrases_from`) or names what the text must contain (`required`); this one has neither"
        ),
        (
            f"{path}:15:5: rules[3]: a rule either flags text (`phrases`, `regexes`, `combinations` or "
            "`phrases_from`) or names what the text must contain (`required`); this one has both"
        ),
        "5 problem(s) in the copy rules; nothing was checked.",
    ]


def test_rule_file_problems_use_the_playbook_messages(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n  - id: a\n    source: s\n    explanation: e\n    applies_to: all\n"
        "    regexes:\n      - regex: 'x*'\n        label: l\n    suggestion: s\n"
        "  - id: a\n    source: s\n    explanation: e\n    applies_to: all\n"
        "    phrases: [x]\n    suggestion: s\n",
        encoding="utf-8",
    )
    competitors = tmp_path / "competitors.yaml"
    competitors.write_text("competitors:\n  - name: BrandX\n    products: BrandX Oil\n", encoding="utf-8")
    _, problems = load_rules(rules, competitors)
    assert [str(p) for p in problems] == [  # the duplicate rule id is checked once the file reads as rules
        (
            f"{competitors}:3:5: competitors[1].products: this should be a list, one item per line starting "
            "with `- `, not the text `BrandX Oil`"
        ),
        f"{rules}:7:9: rules[1].regexes[1].regex: `x*` matches empty text, so it would flag every text",
    ]
    competitors.write_text("competitors:\n  - name: A\n    name: B\n", encoding="utf-8")
    _, problems = load_rules(RULES, competitors)
    assert [str(p) for p in problems] == [
        f"{competitors}:3:5: competitors[1].name: `name` is written twice in the same block (first on line 2)"
    ]

    rules.write_text(rules.read_text(encoding="utf-8").replace("'x*'", "'x{1,3}'"), encoding="utf-8")
    _, problems = load_rules(rules, COMPETITORS)
    assert [str(p) for p in problems] == [
        f"{rules}:10:5: rules[2].id: the id `a` is already used by rule 1 of this file"
    ]


def test_a_broken_competitor_list_exits_2(tmp_path):
    other = tmp_path / "competitors.yaml"
    other.write_text("competitors:\n  - nam: OceanPure\n", encoding="utf-8")
    result = invoke("--competitors", str(other), "best")
    assert result.exit_code == 2
    assert f"{other}:2:5: competitors[1].nam: there is no field called `nam`; did you mean `name`?" in result.stderr


def test_every_shipped_rule_has_a_source_an_explanation_and_a_suggestion():
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]
    assert {rule["id"] for rule in rules} >= {
        "competitor-names",
        "absolute-terms",
        "review-rewards",
        "health-efficacy-guarantee",
        "health-disease-claims",
        "health-drug-comparison",
        "health-food-statement",
    }
    for rule in rules:
        for field in ("source", "explanation", "suggestion", "applies_to"):
            assert isinstance(rule.get(field), str) and rule[field].strip(), (rule["id"], field)
        assert rule["applies_to"] in ("all", "health-food")
    competitors = yaml.safe_load(COMPETITORS.read_text(encoding="utf-8"))["competitors"]
    assert competitors and all(c["name"] for c in competitors)
    assert SHIPPED_RULES.parent == Path(opsbook_package.__file__).parent / "tools" / "copycheck"  # package data
    assert load_default(ROOT)[1] == []


def _rules_with(tmp_path, field_lines: str) -> Path:
    """A rules file with one rule whose flagging fields are `field_lines` (from line 6 on)."""
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n  - id: house-style\n    source: House style\n    explanation: We do not write this.\n"
        "    applies_to: all\n" + field_lines + "    suggestion: Say what the product does.\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "regex, message",
    [
        ("a{4294967296}", "has a repetition count far too large; at most 100 is allowed"),
        ("a{1,4294967294}", "repeats up to 4,294,967,294 times; at most 100 is allowed"),
        ("(a+)+$", "repeats without limit (`+`, `*` or `{n,}`)"),
        (r"\s+x", "repeats without limit (`+`, `*` or `{n,}`)"),
        ("(a{1,20}){1,20}", "can take more than 1,000 steps at each character of the text"),
        ("(a|a){1,30}", "can take more than 1,000 steps at each character of the text"),
        (r"\w{0,50}\w{0,50}\w{0,50}x", "can take more than 1,000 steps at each character of the text"),
        (r"(a)\1", "uses a back-reference"),
        ("(" * 25 + "a" + ")" * 25, "nests groups too deeply; at most 20 levels are allowed"),
        ("(" * 240 + "a" + ")" * 240, "nests groups too deeply; at most 20 levels are allowed"),
        ("(?<=a{1,3})b", "is not a valid regular expression: look-behind requires fixed-width pattern"),
        (r"\b", "matches empty text, so it would flag every text"),
    ],
)
def test_a_slow_or_broken_regex_is_a_load_error_at_its_line(tmp_path, regex, message):
    path = _rules_with(tmp_path, f"    regexes:\n      - regex: '{regex}'\n        label: l\n")
    result = invoke(
        "--rules", str(path), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"
    )
    assert result.exit_code == 2 and result.stdout == ""
    first, summary = result.stderr.splitlines()
    assert first.startswith(f"{path}:7:9: rules[1].regexes[1].regex: `{regex}` {message}")
    assert summary == "1 problem(s) in the copy rules; nothing was checked."
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output


def test_a_regex_within_the_limits_is_used(tmp_path):
    path = _rules_with(
        tmp_path, "    regexes:\n      - regex: '\\bfree\\s{1,3}(?:sample|trial)s?\\b'\n        label: free sample\n"
    )
    result = invoke("--rules", str(path), "Ask for a FREE  samples pack")
    assert result.exit_code == 1
    assert result.stdout.startswith('<text>:1:11: house-style: "FREE  samples" — ')


@pytest.mark.parametrize(
    "field_lines, line, field",
    [
        ("    phrases: [amazing, '-']\n", 6, "rules[1].phrases[2]"),
        ('    phrases: [amazing]\n    exempt: ["- -"]\n', 7, "rules[1].exempt[1]"),
        (
            "    combinations:\n      - parts:\n          - name: a\n            phrases: [free]\n"
            "          - name: b\n            phrases: [' - ', sample]\n        max_gap: 5\n",
            11,
            "rules[1].combinations[1].parts[2].phrases[1]",
        ),
    ],
)
def test_a_phrase_that_normalises_to_nothing_is_a_load_error(tmp_path, field_lines, line, field):
    path = _rules_with(tmp_path, field_lines)
    _, problems = load_rules(path, COMPETITORS)
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{path}:{line}:")
    assert f": {field}: `" in str(problems[0]) and str(problems[0]).endswith(
        "has nothing left to match once spaces, hyphens and invisible characters are set aside, so it would never match"
    )


def test_a_competitor_name_that_normalises_to_nothing_is_a_load_error(tmp_path):
    other = tmp_path / "competitors.yaml"
    other.write_text('competitors:\n  - name: BrandX\n    other_names: ["- -"]\n', encoding="utf-8")
    result = invoke("--competitors", str(other), "best")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{other}:3:19: competitors[1].other_names[1]: `- -` has nothing left to match")


def test_a_combination_is_generic_data_not_a_special_case(tmp_path):
    path = _rules_with(
        tmp_path,
        "    combinations:\n      - parts:\n          - name: offer\n            phrases: [free, 免费]\n"
        "          - name: thing\n            phrases: [sample, samples, 试用装]\n"
        "        max_gap: 6\n        either_order: true\n        breaks: [excluding]\n",
    )
    ruleset, problems = load_rules(path, COMPETITORS)
    assert problems == []
    assert [(f.rule.id, f.quote) for f in ruleset.check("Free tea samples! 试用装免费领")] == [
        ("house-style", "Free tea samples"),
        ("house-style", "试用装免费"),
    ]
    assert ruleset.check("Free gift wrap, excluding samples") == []  # `excluding` breaks the link
    assert ruleset.check("Free delivery on every order of tea samples") == []  # too far apart
    assert ruleset.check("Free delivery. Samples on request") == []  # a sentence ends between them


# -- rules that cannot be read at all ------------------------------------------------------------------------


def _one_line_exit_2(result, expected: str):
    assert result.returncode == 2
    assert result.output.splitlines() == [expected]


def test_a_missing_rules_folder_is_one_line_and_exit_2(tmp_path):
    result = opsbook("check-copy", "--rules-folder", "team-rules", "best", cwd=tmp_path)
    _one_line_exit_2(
        result, "team-rules: the copy rules cannot be read (No such file or directory); nothing was checked."
    )


def test_a_copy_rules_that_is_not_a_folder_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "copy_rules").write_text("rules: []\n", encoding="utf-8")
    _one_line_exit_2(
        opsbook("check-copy", "best", cwd=tmp_path),
        "copy_rules: the copy rules cannot be read (Not a directory); nothing was checked.",
    )
    (tmp_path / "copy_rules").unlink()
    (tmp_path / "copy_rules").symlink_to(tmp_path / "moved-away")  # a broken link is not "no folder"
    _one_line_exit_2(
        opsbook("check-copy", "best", cwd=tmp_path),
        "copy_rules: the copy rules cannot be read (No such file or directory); nothing was checked.",
    )


def test_an_unreadable_or_missing_rules_file_is_one_line_and_exit_2(tmp_path):
    folder = tmp_path / "copy_rules"
    folder.mkdir()
    (folder / "competitors.yaml").write_text("competitors: []\n", encoding="utf-8")
    # A team folder without rules.yaml uses the shipped rules.
    assert opsbook("check-copy", "best", cwd=tmp_path).output.startswith('<text>:1:1: absolute-terms: "best"')
    (folder / "rules.yaml").mkdir()  # read() fails on it as it does on a file without read permission
    _one_line_exit_2(
        opsbook("check-copy", "best", cwd=tmp_path),
        "copy_rules/rules.yaml: the copy rules cannot be read (Is a directory); nothing was checked.",
    )
    _one_line_exit_2(
        opsbook("check-copy", "--rules", "nowhere.yaml", "best", cwd=tmp_path),
        "nowhere.yaml: the copy rules cannot be read (No such file or directory); nothing was checked.",
    )


def test_a_rules_folder_option_uses_that_folder(tmp_path):
    team = tmp_path / "team-rules"
    team.mkdir()
    (team / "rules.yaml").write_text(
        _rules_with(tmp_path, "    phrases: [amazing]\n").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (team / "competitors.yaml").write_text("competitors: []\n", encoding="utf-8")
    result = invoke("--rules-folder", str(team), "An amazing, best-in-class oil")
    assert result.exit_code == 1
    assert [line.split(" — ")[0] for line in result.stdout.splitlines()] == [
        '<text>:1:4: house-style: "amazing"',
        '<text>:1:13: absolute-terms: "best-in-class"',
    ]


# -- offsets in long and unusual text ---------------------------------------------------------------------------


def _written_offsets(text: str) -> list[int]:
    """The obvious reference: for each normalised character, the written character it came from."""
    out = []
    for offset, char in enumerate(text):
        form = "" if char in INVISIBLE else unicodedata.normalize("NFKC", char)
        out += [offset] * len(form)
    return out


PIECES = [
    "a",
    "最",
    "佳",
    " ",
    "\n",
    "…",
    "㎏",
    "\u200b",
    "\ufeff",
    "Ｂ",
    "ﬁ",
    "e\u0301",
    "！",
    "好评",
    "返现",
    "\u00ad",
    "best",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_every_normalised_offset_maps_back_to_the_character_it_came_from(pieces):
    text = "".join(pieces)
    copy = Copy(text)
    reference = _written_offsets(text)
    assert copy.text == "".join("" if c in INVISIBLE else unicodedata.normalize("NFKC", c) for c in text)
    assert [copy.written(i) for i in range(len(copy.text))] == reference
    for offset in range(len(text)):
        line, column = copy.line_and_column(offset)
        assert line == text.count("\n", 0, offset) + 1 and column == offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_findings_deep_in_long_copy_are_placed_exactly(ruleset):
    text = ("新品上市…限时特惠\u200b\n" * 5000) + "Ｔｈｅ ｂｅｓｔ flask — 好\u200b评返现\n"
    findings = ruleset.check(text)
    assert [(f.rule.id, f.quote, f.line, f.column) for f in findings] == [
        ("absolute-terms", "ｂｅｓｔ", 5001, 5),
        ("review-rewards", "好\u200b评返现", 5001, 18),
    ]
    assert all(text[f.start : f.end] == f.quote for f in findings)


# -- the benchmark script ------------------------------------------------------------------------------------


def test_the_benchmark_script_runs_and_prints_every_shape(tmp_path):
    """A small run, so that the script cannot rot; its times are printed, never asserted."""
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench/copycheck_bench.py"), "--kb", "2,4", "--runs", "1", "--json", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {row["kb"] for row in rows} == {2, 4} and len(rows) == 12
    assert all(row["seconds"] > 0 and row["size_ratio"] in (1, 2) for row in rows)
    assert [row["findings"] > 0 for row in rows if row["shape"] == "mixed lines"] == [True, True]
    assert "ratio" in result.stdout.splitlines()[0]


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
        for phrase in rule.get("phrases", []) + rule.get("required", []) + rule.get("exempt", []):
            assert f"<code>{phrase}</code>" in table
        for pattern in rule.get("regexes", []):
            assert pattern["label"] in text
        for combination in rule.get("combinations", []):
            assert f"at most {combination['max_gap']} characters apart in one sentence" in text
            for part in combination["parts"]:
                assert f"{part['name']} (" in text
                assert all(
                    f"<code>{phrase}</code>" in table for phrase in part["phrases"] + combination.get("breaks", [])
                )
        if "note" in rule:
            assert "Where the line runs: " + " ".join(rule["note"].split()) in text
    assert "<code>BrandX</code>" in table and "<code>品牌甲</code>" in table
    assert (
        "review action (<code>好评</code>, <code>五星</code>" in table
        and "or the same with the review action last" in text
        and "最优惠" in text
    )
    assert "<h1" in markup and "Copy checker" in markup


def test_a_broken_rules_file_fails_the_handbook_build(handbook):
    (handbook / "copy_rules").mkdir(exist_ok=True)  # the handbook copy has the shipped rules
    (handbook / "copy_rules/rules.yaml").write_text(BROKEN, encoding="utf-8")
    (handbook / "copy_rules/competitors.yaml").write_text(COMPETITORS.read_text(encoding="utf-8"), encoding="utf-8")
    result = mkdocs_build(handbook, "--strict")
    assert result.returncode != 0
    assert "copy_rules/rules.yaml:4:5: rules[1].explanaton:" in result.output
    assert "docs/copy-checker.md:" in result.output and ": copy_rules: the copy rules have" in result.output
