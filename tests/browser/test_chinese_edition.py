"""The Chinese edition as a new hire reads it: Chinese search, the language switcher, the offline copy."""

from urllib.parse import urlparse

import pytest

from .conftest import heading, search


def _lands(results: list[str], expected: str) -> str | None:
    return next((url for url in results if urlparse(url).path.endswith(expected) or f"/{expected}#" in url), None)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("报关", "zh/evidence/customs-declaration-form/"),  # part of a term, from the middle of a word
        ("报关单", "zh/evidence/customs-declaration-form/"),
        ("授权书", "zh/evidence/brand-authorisation-letter/"),
        ("小二", "zh/glossary/platform-staff/"),  # trade words jieba does not know by itself
        ("好评返现", "zh/glossary/good-review-cashback/"),
        ("主会场", "zh/glossary/main-venue/"),
        ("店铺动态评分", "zh/glossary/dsr/"),
        ("无人机", "zh/strategies/positive-hook-beats-defensive-reply/"),  # a word from a strategy's body
        ("DSR", "zh/glossary/dsr/"),
    ],
)
def test_chinese_search_lands_on_the_right_entry(page, site_url, query, expected):
    page.goto(site_url + "zh/")
    results = search(page, query)
    assert results and all("/zh/" in url for url in results), results  # the edition's own index only
    assert not [url for url in results if "/print/" in url], results
    target = _lands(results, expected)
    assert target, f"{query!r} found {results}"
    page.goto(target)
    assert page.url.startswith(site_url + expected) and heading(page)


@pytest.mark.parametrize("query", ["报关单", "授权书", "drone", "小二"])
def test_english_search_never_offers_the_print_page(page, site_url, query):
    page.goto(site_url)
    results = search(page, query)
    assert results and not [url for url in results if "/print/" in url or "/zh/" in url], results


def test_switching_language_keeps_the_page(page, site_url):
    page.goto(site_url + "strategies/prove-a-low-price/")
    english = heading(page)
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="zh-Hans"]').click()
    page.wait_for_url(site_url + "zh/strategies/prove-a-low-price/")
    assert heading(page) != english and page.locator("html").get_attribute("lang") == "zh-Hans"
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(site_url + "strategies/prove-a-low-price/")
    assert heading(page) == english


def test_chinese_edit_button_opens_the_translation(page, site_url):
    page.goto(site_url + "zh/evidence/customs-declaration-form/")
    edit = page.locator("a.md-content__button[rel=edit]").get_attribute("href")
    assert edit.endswith("/playbooks/evidence/customs-declaration-form.zh-Hans.yaml")
