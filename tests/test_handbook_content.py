"""The starter handbook teaches every idea of the source article, with the rules that now apply."""

import html
import json
import re

import pytest

from opsbook.core.schema import schema_for
from opsbook.kinds import by_name

from .conftest import page, text_of

# Facts a new hire must meet somewhere in the handbook (article ideas and 2026 compliance facts).
FACTS = [
    # the two jobs, and value is not price
    "two jobs",
    "性价比",
    "product, content, user and promotion operations",
    # priced above: the fish-oil case, its figures and its caveat
    "799 yuan",
    "60 capsules",
    "85%",
    "本品不能代替药物",
    "保健食品不是药物，不能代替药物治疗疾病",
    # priced below: campaigns, preconception, reviews, ratings, counterfeit suspicion
    "9.9",
    "four or five yuan",
    "秒杀",
    "天天特价",
    "street-stall",
    "DSR",
    "店铺动态评分",
    # evidence
    "授权书",
    "购销合同",
    "报关单",
    "水印",
    "watermark",
    "buying at the source",
    "volume",
    "funded promotion",
    "well-funded",
    # comparing, hooks, making it known, judging results
    "never name",
    "drone",
    "双十一",
    "主会场",
    "click-through",
    "小二",
    "word of mouth",
    "sales",
    # compliance
    "1 September 2024",
    "Art. 9(5)",
    "Art. 25",
    "1,000,000",
    "2,000,000",
    "Art. 9(3)",
    "Art. 11",
    "Art. 13",
    "Art. 18",
    "Anti-Unfair Competition Law",
    "好评返现",
]


@pytest.fixture(scope="module")
def handbook_text(built_site) -> str:
    texts = []
    for path in built_site.rglob("*.html"):
        texts.append(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))))
    return " ".join(" ".join(texts).split())


@pytest.mark.parametrize("fact", FACTS)
def test_the_handbook_states(handbook_text, fact):
    assert fact.lower() in handbook_text.lower()


def test_the_schema_demands_complete_entries():
    strategy = set(schema_for(by_name("strategy"))["required"])
    assert {"examples", "do_not", "metrics", "self_check", "when_to_use", "steps"} <= strategy
    evidence = set(schema_for(by_name("evidence"))["required"])
    assert {"how_to_obtain", "how_to_present", "removes_doubts", "pitfalls"} <= evidence


def test_every_price_position_has_a_play(built_site):
    for position in ("above", "level", "below", "any"):
        listing = page(built_site, f"strategies/price-position/{position}")
        assert re.search(r'href="../../[a-z0-9-]+/"', listing), position


def test_decision_guide_goes_from_position_to_strategy_to_evidence(built_site):
    guide = page(built_site, "decision-guide")
    below = guide.split('id="priced-below-competitors"')[1].split("<h2")[0]
    assert "../strategies/prove-a-low-price/" in below and "../evidence/customs-declaration-form/" in below
    assert "Grey import" in below
    above = guide.split('id="priced-above-competitors"')[1].split("<h2")[0]
    assert "../strategies/sell-the-exclusive-attribute/" in above and "prove-a-low-price" not in above


def test_glossary_terms_show_as_hover_abbreviations(built_site):
    strategy = page(built_site, "strategies/prove-a-low-price")
    assert re.search(r'<abbr title="Detailed Seller Rating, 店铺动态评分" tabindex="0">DSR</abbr>', strategy)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="Platform staff" tabindex="0">小二</abbr>', home)
    glossary = text_of(page(built_site, "glossary"))
    for english, chinese in [("DSR", "店铺动态评分"), ("Main venue", "主会场"), ("Customs declaration form", "报关单")]:
        assert english in glossary and chinese in glossary


@pytest.mark.parametrize(
    "query, expected",
    [
        ("报关单", "evidence/customs-declaration-form/"),
        ("授权书", "evidence/brand-authorisation-letter/"),
        ("fish oil", "strategies/sell-the-exclusive-attribute/"),
        ("drone", "strategies/positive-hook-beats-defensive-reply/"),
        ("cashback", "strategies/run-a-low-price-campaign-safely/"),
    ],
)
def test_search_index_holds_what_a_new_hire_would_type(built_site, query, expected):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    hits = {
        doc["location"].split("#")[0]
        for doc in index["docs"]
        if query.lower() in (doc["title"] + doc["text"]).replace("\u200b", "").lower()
    }
    assert expected in hits
