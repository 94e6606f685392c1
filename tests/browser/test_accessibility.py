"""axe-core over one page of every page type in both editions: no WCAG 2.2 A or AA violation."""

import pytest

from ..conftest import ROOT
from .conftest import require

AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # 2.2 AA: target-size, as Lighthouse checks it
PAGE_TYPES = {
    "home": "",
    "learning path": "learning-path/",
    "module": "learning-path/when-you-cost-less/",
    "progress": "progress/",
    "decision guide": "decision-guide/",
    "rules": "compliance/",
    "rule": "rules/aucl-art-9/",
    "strategy": "strategies/prove-a-low-price/",
    "evidence": "evidence/customs-declaration-form/",
    "glossary term": "glossary/dsr/",
    "kind index": "strategies/",
    "group index": "strategies/price-position/below/",
    "glossary": "glossary/",
    "tags": "tags/",
    "editor guide": "editors/",
    "field reference": "reference/schema/",
    "not found": "404.html",
}


def describe(violations) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    )


@pytest.mark.parametrize("edition", ["", "zh/"], ids=["en", "zh-Hans"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_wcag_violation(page, site_url, name, edition):
    require(AXE.is_file(), "axe-core (tools/node_modules)")
    page.goto(site_url + edition + PAGE_TYPES[name])
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    assert result["violations"] == [], describe(result["violations"])
    assert len(result["passes"]) > 10  # axe really looked at the page


@pytest.mark.parametrize("edition", ["", "zh/"], ids=["en", "zh-Hans"])
def test_learning_pages_in_use_have_no_wcag_violation(page, site_url, edition):
    """After a wrong answer (the verdict shown) and a module marked done (the toggle pressed)."""
    require(AXE.is_file(), "axe-core (tools/node_modules)")
    page.goto(f"{site_url}{edition}learning-path/when-you-cost-less/")
    for quiz in page.locator(".opsbook-quiz").all():
        quiz.locator("input").last.check()
    page.locator(".opsbook-done").click()
    page.locator("details").first.evaluate("el => el.open = true")
    for url in (page.url, f"{site_url}{edition}progress/"):
        page.goto(url)
        assert page.locator(".opsbook-verdict:not(:empty), .opsbook-progress tr[data-state=done]").count()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
        assert result["violations"] == [], describe(result["violations"])


@pytest.mark.parametrize("edition", ["", "zh/"], ids=["en", "zh-Hans"])
def test_the_search_dialog_has_a_name(page, site_url, edition):
    """axe's best-practice rule that Lighthouse runs and a WCAG-tagged run leaves out."""
    require(AXE.is_file(), "axe-core (tools/node_modules)")
    page.goto(site_url + edition)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'rule', values: ['aria-dialog-name']}})")
    assert result["violations"] == [], describe(result["violations"])
    assert result["passes"]  # the dialog was found and checked
