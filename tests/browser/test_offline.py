"""`opsbook build --offline`: a folder that works opened from disk, search included, with no network."""

from urllib.parse import urlparse

import pytest

from ..conftest import copy_handbook, opsbook
from .conftest import heading, search


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory):
    folder = copy_handbook(tmp_path_factory.mktemp("offline"))
    result = opsbook("build", "--offline", cwd=folder)
    assert result.returncode == 0, result.output
    return folder / "site-offline"


def test_the_offline_copy_leaves_the_form_editor_out(offline_copy):
    assert (offline_copy / "index.html").is_file() and not (offline_copy / "admin").exists()


def test_pages_open_from_disk_and_links_work(page, offline_copy):
    page.goto((offline_copy / "index.html").as_uri())
    page.locator("article a", has_text="learning path").first.click()
    assert page.url.endswith("/learning-path/index.html")
    page.locator("article a", has_text="When you cost more").first.click()
    assert page.url.endswith("/learning-path/when-you-cost-more.html")
    page.locator("article a", has_text="Priced above? Sell what only you have").first.click()
    assert page.url.endswith("/strategies/sell-the-exclusive-attribute.html")
    assert heading(page).startswith("Priced above?")
    assert page.errors == []
    assert {urlparse(url).scheme for url in page.requests} <= {"file", "data", "blob"}, page.requests


@pytest.mark.parametrize(
    "query, expected",
    [
        ("customs declaration", "evidence/customs-declaration-form.html"),
        ("报关单", "evidence/customs-declaration-form.html"),
    ],
)
def test_search_works_from_disk(page, offline_copy, query, expected):
    page.goto((offline_copy / "index.html").as_uri())
    results = search(page, query)
    assert any(expected in url for url in results), results
    page.goto(next(url for url in results if expected in url))
    assert heading(page).startswith("Customs declaration form")
    assert {urlparse(url).scheme for url in page.requests} <= {"file", "data", "blob"}, page.requests


def test_diagram_renders_from_disk(page, offline_copy):
    page.goto((offline_copy / "decision-guide.html").as_uri())
    page.evaluate("document.querySelector('.mermaid').scrollIntoView()")
    drawn = "document.querySelector('div.mermaid')?.getBoundingClientRect().height > 300"
    page.wait_for_function(drawn, timeout=15_000)
    assert page.errors == []
    assert {urlparse(url).scheme for url in page.requests} <= {"file", "data", "blob"}, page.requests


def test_the_chinese_edition_works_from_disk(page, offline_copy):
    page.goto((offline_copy / "zh" / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    results = search(page, "报关单")
    target = next(url for url in results if "zh/evidence/customs-declaration-form.html" in url)
    page.goto(target)
    assert heading(page) == "报关单"
    page.locator('a.md-select__link[hreflang="en"]').evaluate("link => link.click()")
    page.wait_for_url("**/evidence/customs-declaration-form.html")
    assert "/zh/" not in page.url and heading(page).startswith("Customs declaration form")
    assert page.errors == []
    assert {urlparse(url).scheme for url in page.requests} <= {"file", "data", "blob"}, page.requests


@pytest.mark.parametrize("folder, done", [("", "Done"), ("zh/", "已完成")])
def test_progress_is_kept_from_disk(page, offline_copy, folder, done):
    module = offline_copy / folder / "learning-path" / "when-you-cost-more.html"
    page.goto(module.as_uri())
    quiz = page.locator(".opsbook-quiz").first
    quiz.locator("input").first.check()
    assert quiz.locator(".opsbook-verdict").inner_text()  # feedback at once, from disk
    page.locator(".opsbook-done").click()
    page.goto((offline_copy / folder / "progress.html").as_uri())
    row = page.locator('.opsbook-progress tr[data-module="when-you-cost-more"]')
    assert row.locator(".opsbook-state").inner_text() == done
    page.reload()
    assert row.locator(".opsbook-state").inner_text() == done
    page.goto(module.as_uri())
    assert page.locator(".opsbook-quiz").first.locator("input").first.is_checked()
    assert page.errors == []
    assert {urlparse(url).scheme for url in page.requests} <= {"file", "data", "blob"}, page.requests
