"""Characters that must not reach a terminal or a page as they are (opsbook/core/characters.py)."""

import pytest

from opsbook.core.characters import escape_controls, name, visible


def test_visible_puts_everything_on_one_line_with_controls_and_invisibles_escaped():
    shown = visible("bad\x1b[2J\nname\t\u202etxt.yaml\u200b\r")
    assert shown == "bad\\x1b[2J\\nname\\t\\u202etxt.yaml\\u200b\\r"
    assert shown.isprintable()


def test_visible_leaves_ordinary_text_alone_and_accepts_any_value():
    assert visible("报关单: “quoted” text — fine") == "报关单: “quoted” text — fine"
    assert visible(42) == "42"


def test_escape_controls_keeps_lines_and_tabs_and_escapes_the_rest():
    text = "line one\n\x1b[31mred\x07\n\tindented\u2028after\u202eend"
    assert escape_controls(text) == "line one\n\\x1b[31mred\\x07\n\tindented\\u2028after\\u202eend"


def test_escape_controls_leaves_invisible_characters_that_are_no_controls():
    # A zero-width space is refused in one-line fields, but it cannot rewrite a report: it stays.
    assert escape_controls("a\u200bb\u00adc") == "a\u200bb\u00adc"


@pytest.mark.parametrize(
    "char, named",
    [
        ("\x1b", "U+001B (ESCAPE)"),
        ("\x00", "U+0000 (NULL)"),
        ("\r", "U+000D (CARRIAGE RETURN)"),
        ("\x7f", "U+007F (DELETE)"),
        ("\x85", "U+0085 (control character)"),  # a C1 control: Unicode gives it no name
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\u200b", "U+200B (ZERO WIDTH SPACE)"),
    ],
)
def test_name_gives_the_code_point_and_a_name_a_reader_can_look_up(char, named):
    assert name(char) == named
