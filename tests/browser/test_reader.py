"""The handbook as a new hire uses it: search, follow the guides, open entries, never leave 127.0.0.1."""

import re
from urllib.parse import urlparse

import pytest

from .conftest import heading, search


@pytest.mark.parametrize(
    "query, expected",
    [
        ("customs declaration", "evidence/customs-declaration-form/"),  # an evidence title
        ("报关单", "evidence/customs-declaration-form/"),  # its Chinese term
        ("授权书", "evidence/brand-authorisation-letter/"),
        ("drone", "strategies/positive-hook-beats-defensive-reply/"),  # a word from a strategy's body
        ("omega-3", "strategies/sell-the-exclusive-attribute/"),
    ],
)
def test_search_lands_on_the_right_entry(page, site_url, query, expected):
    page.goto(site_url)
    results = search(page, query)
    target = next((url for url in results if urlparse(url).path.endswith(expected) or f"/{expected}#" in url), None)
    assert target, f"{query!r} found {results}"
    page.goto(target)
    assert page.url.startswith(site_url + expected)
    assert heading(page)


def test_edit_button_opens_the_entry_yaml(page, site_url):
    page.goto(site_url + "evidence/customs-declaration-form/")
    edit = page.locator("a.md-content__button[rel=edit]").get_attribute("href")
    assert edit.endswith("/playbooks/evidence/customs-declaration-form.yaml")


@pytest.mark.parametrize("start", ["learning-path/proof-that-makes-a-price-believable/", "decision-guide/", "tags/"])
def test_guides_lead_to_the_entries_they_list(page, site_url, start):
    page.goto(site_url + start)
    links = page.locator("article a[href*='strategies/'], article a[href*='evidence/']")
    hrefs = [
        h
        for h in links.evaluate_all("els => els.map(e => e.href)")
        if not h.endswith(("/strategies/", "/evidence/"))
        and "#" not in h
        and "/price-position/" not in h
        and "/removes-doubts/" not in h
    ]
    assert len(hrefs) >= 5
    for href in sorted(set(hrefs))[:8]:
        page.goto(href)
        assert page.locator("article h1").count() == 1 and heading(page), href


def test_clicking_through_evidence_and_strategy_pages(page, site_url):
    page.goto(site_url + "evidence/low-price-reason/")
    used_by = page.locator("#strategies-that-use-it + ul a")
    assert used_by.count() >= 2
    used_by.filter(has_text="Prove the goods").first.click()
    assert heading(page).startswith("Priced well below?")
    evidence = page.locator("#evidence-it-needs + ul a")
    assert "A believable reason for the low price" in evidence.all_inner_texts()
    evidence.filter(has_text="Customs declaration form").click()
    assert heading(page).startswith("Customs declaration form")


def all_pages(built_site):
    """Every page a reader opens; the form editor (admin/, tests/browser/test_form_editor.py) is for editors."""
    pages = (p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    return sorted(page for page in pages if not page.startswith("admin/"))


def test_no_console_errors_and_no_request_leaves_the_machine(page, site_url, built_site):
    pages = all_pages(built_site)
    assert len(pages) > 50
    # Every page of both editions until loaded; one in ten, and every hand-written page, until the
    # network is quiet too (what Material's scripts fetch after loading is the same on every page).
    for i, path in enumerate(pages):
        page.goto(site_url + path)
        if i % 10 == 0 or path.removeprefix("zh/").count("/") <= 1:
            page.wait_for_load_state("networkidle")
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    hosts = {urlparse(url).hostname for url in page.requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(url for url in page.requests if "127.0.0.1" not in url)[:5]
    assert not any(re.search(r"fonts\.g|unpkg|jsdelivr|cdn", url) for url in page.requests)


def test_decision_diagram_loads_mermaid_from_the_site_itself_once_it_nears_the_screen(page, site_url):
    page.goto(site_url + "decision-guide/")
    page.wait_for_load_state("networkidle")
    assert not any("mermaid-11" in url for url in page.requests)  # 3.5 MB: not while the diagram is off screen
    page.evaluate("document.querySelector('.mermaid').scrollIntoView()")
    page.wait_for_function(
        "document.querySelector('div.mermaid')?.getBoundingClientRect().height > 300",
        timeout=15_000,
    )
    assert any("mermaid-11" in url for url in page.requests)
    assert page.errors == []
    assert {urlparse(url).hostname for url in page.requests} == {"127.0.0.1"}


def test_print_layout_hides_the_chrome_and_shows_link_addresses(page, site_url):
    page.goto(site_url + "print/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator(".opsbook-print-entry").count() >= 15
    after = page.evaluate("""() => {
        const link = [...document.querySelectorAll('.md-typeset a[href^="http"]')][0];
        return getComputedStyle(link, '::after').content; }""")
    assert "https://" in after
