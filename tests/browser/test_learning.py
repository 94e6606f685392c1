"""The learning path as a new hire works through it in Chromium: answers, modules done, progress, reset, print."""

from __future__ import annotations

import re

import pytest

from opsbook.core import validate

from ..conftest import ROOT, TODAY

MODULE = "when-you-cost-less"
EDITIONS = {
    # edition: (folder, in progress, done, not started, score words, marked done)
    "en": ("", "In progress", "Done", "Not started", "right first time", "Marked as done."),
    "zh-Hans": ("zh/", "学习中", "已完成", "未开始", "一次答对", "已标为完成。"),
}


def _questions(edition: str):
    """The module's multiple-choice questions: (key, right choice, a wrong choice), in page order."""
    module = validate.load(ROOT / "playbooks", TODAY)[0].edition(edition).get(MODULE).entry
    return [
        (
            f"{MODULE}/{n}",
            next(i for i, c in enumerate(check.choices) if c.right),
            next(i for i, c in enumerate(check.choices) if not c.right),
        )
        for n, check in enumerate(module.exercises, 1)
        if check.choices
    ]


def _row(page, module: str = MODULE):
    row = page.locator(f'.opsbook-progress tr[data-module="{module}"]')
    return row.locator(".opsbook-state").inner_text(), row.locator(".opsbook-score").inner_text()


def _next_day(page):
    """Close the browser and come back: a new browser context with the storage the old one kept."""
    kept = page.context.storage_state()
    context = page.context.browser.new_context(storage_state=kept, viewport={"width": 1280, "height": 900})
    errors = page.errors
    page.context.close()
    tab = context.new_page()
    tab.errors = errors  # one list for the whole story
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return tab


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_new_hire_works_through_a_module_and_hands_in_the_summary(page, site_url, edition):
    folder, in_progress, done, not_started, score_words, marked = EDITIONS[edition]
    (first, right1, wrong1), (second, right2, _wrong2), *rest = _questions(edition)
    page.goto(f"{site_url}{folder}learning-path/{MODULE}/")
    page.locator(f'.opsbook-quiz[data-question="{first}"] input[value="{wrong1}"]').check()  # wrong first
    page.locator(f'.opsbook-quiz[data-question="{first}"] input[value="{right1}"]').check()  # then right
    page.locator(f'.opsbook-quiz[data-question="{second}"] input[value="{right2}"]').check()  # right first time

    page = _next_day(page)
    page.goto(f"{site_url}{folder}learning-path/{MODULE}/")
    assert page.locator(f'.opsbook-quiz[data-question="{first}"] input[value="{right1}"]').is_checked()
    assert page.locator(f'.opsbook-quiz[data-question="{second}"] input[value="{right2}"]').is_checked()
    page.goto(f"{site_url}{folder}progress/")
    total = len(rest) + 2
    state, score = _row(page)
    assert state == in_progress and score_words in score
    assert re.findall(r"\d+", score) == ["2", str(total), "1"]  # 2 of N answered, 1 right the first time
    assert _row(page, "the-two-jobs")[0] == not_started

    page.goto(f"{site_url}{folder}learning-path/{MODULE}/")
    button = page.locator(f'.opsbook-done[data-module="{MODULE}"]')
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator(".opsbook-done-status").inner_text() == marked  # said to screen readers (role=status)

    page.goto(f"{site_url}{folder}progress/")
    page.locator("#opsbook-learner-name").fill("Li Wei <b>")
    page = _next_day(page)
    page.goto(f"{site_url}{folder}progress/")
    assert _row(page)[0] == done
    assert "1" in page.locator(".opsbook-modules-done").inner_text()
    assert page.locator("#opsbook-learner-name").input_value() == "Li Wei <b>"
    assert page.locator(".opsbook-learner-printed").inner_text() == "Li Wei <b>"  # text, never markup
    assert page.locator(".opsbook-today").inner_text().strip()
    page.goto(f"{site_url}{folder}learning-path/")  # the path's own table shows the same state
    assert _row(page)[0] == done
    assert page.errors == []


def test_reset_deletes_everything_only_when_confirmed(page, site_url):
    (question, right, _wrong), *_ = _questions("en")
    page.goto(f"{site_url}learning-path/{MODULE}/")
    page.locator(f'.opsbook-quiz[data-question="{question}"] input[value="{right}"]').check()
    page.locator(f'.opsbook-done[data-module="{MODULE}"]').click()
    page.goto(f"{site_url}progress/")
    page.locator("#opsbook-learner-name").fill("Li Wei")
    reset = page.locator(".opsbook-reset")

    page.once("dialog", lambda dialog: dialog.dismiss())  # "Cancel": nothing is lost
    reset.click()
    assert _row(page)[0] == "Done" and page.locator("#opsbook-learner-name").input_value() == "Li Wei"

    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    reset.click()
    assert "cannot be undone" in messages[0]
    assert {_row(page, module)[0] for module in _modules(page)} == {"Not started"}
    assert page.locator("#opsbook-learner-name").input_value() == ""
    assert "deleted" in page.locator(".opsbook-reset-status").inner_text()
    page.reload()
    assert _row(page)[0] == "Not started"
    page.goto(f"{site_url}learning-path/{MODULE}/")
    assert not page.locator(f'.opsbook-quiz[data-question="{question}"] input:checked').count()
    assert page.locator(f'.opsbook-done[data-module="{MODULE}"]').get_attribute("aria-pressed") == "false"
    assert page.errors == []


def _modules(page) -> list[str]:
    return page.locator(".opsbook-progress tr[data-module]").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-module'))"
    )


def test_the_progress_page_prints_the_name_date_and_every_module(page, site_url):
    page.goto(f"{site_url}learning-path/{MODULE}/")
    page.locator(f'.opsbook-done[data-module="{MODULE}"]').click()
    page.goto(f"{site_url}progress/")
    page.locator("#opsbook-learner-name").fill("Li Wei")
    page.emulate_media(media="print")

    def shown(selector: str) -> bool:
        return page.locator(selector).first.evaluate(
            "el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0"
        )

    assert shown(".opsbook-learner-printed") and page.locator(".opsbook-learner-printed").inner_text() == "Li Wei"
    assert shown(".opsbook-today") and shown(".opsbook-progress") and shown(".opsbook-privacy")
    for hidden in ("#opsbook-learner-name", ".opsbook-reset", ".opsbook-print", ".md-header", ".md-sidebar--primary"):
        assert not shown(hidden), hidden
    rows = page.locator(".opsbook-progress tr[data-module]")
    assert rows.count() == 8
    assert page.locator(f'.opsbook-progress tr[data-module="{MODULE}"] .opsbook-state').inner_text() == "Done"
    # The table fits the printed page: nothing cut off at the right edge of an A4 sheet.
    page.set_viewport_size({"width": 794, "height": 1123})
    width = page.evaluate("document.querySelector('.opsbook-progress').getBoundingClientRect().right")
    assert width <= 794
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
