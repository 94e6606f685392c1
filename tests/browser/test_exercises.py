"""Exercises as a new hire does them: pick an answer, read why, come back after a reload, in both editions."""

import pytest

from opsbook.core import validate

from ..conftest import ROOT, TODAY

STRATEGY = "prove-a-low-price"


def _question(edition: str):
    """The strategy's first multiple-choice question, as the edition's handbook has it."""
    book = validate.load(ROOT / "playbooks", TODAY)[0].edition(edition)
    checks = book.get(STRATEGY).entry.self_check
    number, check = next((i, c) for i, c in enumerate(checks, 1) if c.choices)
    right = next(i for i, c in enumerate(check.choices) if c.right)
    wrong = next(i for i, c in enumerate(check.choices) if not c.right)
    return f"{STRATEGY}/{number}", check, right, wrong


@pytest.mark.parametrize(
    "edition, folder, right_word, wrong_word",
    [
        ("en", "", "Right.", "Not quite."),
        ("zh-Hans", "zh/", "答对了。", "不对。"),
    ],
)
def test_an_answer_gets_feedback_at_once_and_is_kept_after_a_reload(
    page, site_url, edition, folder, right_word, wrong_word
):
    question, check, right, wrong = _question(edition)
    page.goto(f"{site_url}{folder}strategies/{STRATEGY}/")
    quiz = page.locator(f'.opsbook-quiz[data-question="{question}"]')
    verdict = quiz.locator(".opsbook-verdict")
    assert verdict.get_attribute("role") == "status"  # announced to screen readers
    assert verdict.inner_text() == ""

    quiz.locator(f'input[value="{wrong}"]').check()
    assert verdict.inner_text().startswith(wrong_word)
    assert check.choices[wrong].why.split("*")[0][:20] in verdict.inner_text()

    quiz.locator(f'input[value="{right}"]').focus()  # the keyboard alone: arrow keys move the choice
    quiz.locator(f'input[value="{right}"]').check()
    assert verdict.inner_text().startswith(right_word)

    page.reload()  # the next day: the answer and its feedback are still there
    quiz = page.locator(f'.opsbook-quiz[data-question="{question}"]')
    assert quiz.locator(f'input[value="{right}"]').is_checked()
    assert quiz.locator(".opsbook-verdict").inner_text().startswith(right_word)
    assert not quiz.locator("details").get_attribute("open")  # the model answer stays folded
    assert page.errors == []


def test_choices_work_with_the_keyboard_alone(page, site_url):
    question, check, right, wrong = _question("en")
    page.goto(f"{site_url}strategies/{STRATEGY}/")
    quiz = page.locator(f'.opsbook-quiz[data-question="{question}"]')
    quiz.locator('input[value="0"]').focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert quiz.locator('input[value="1"]').is_checked()
    expected = "Right." if right == 1 else "Not quite."
    assert quiz.locator(".opsbook-verdict").inner_text().startswith(expected)
