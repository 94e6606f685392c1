"""Why YAML could not read a file, at the line where the editor made the mistake (opsbook/core/yaml_hints.py).

libyaml often reports a mistake a line or more after it (a missing `:` on the next line, a list
without its `:` after the whole list); syntax_cause must name the editor's line and column.
"""

import pytest
import yaml

from opsbook.core.yaml_hints import syntax_cause

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # as opsbook.core.yaml_source reads playbooks


def cause_of(text: str):
    try:
        list(yaml.parse(text, Loader=LOADER))
    except yaml.MarkedYAMLError as error:
        return syntax_cause(text, error)
    raise AssertionError(f"YAML read {text!r} without an error")


# What the editor wrote -> (code, line, column, details the message is filled with)
CASES = {
    "Chinese colon": ("id: x\nowner： Pricing lead\ntitle: y\n", "yaml-fullwidth-colon", 2, 6, {"key": "owner"}),
    "no space after the colon": ("id: x\nowner:Pricing lead\ntitle: y\n", "yaml-no-space", 2, 6, {"key": "owner"}),
    "missing colon": ("id: x\nowner Pricing lead\ntitle: y\n", "yaml-missing-colon", 2, 6, {"key": "owner"}),
    "list without colon": (
        "id: x\npitfalls\n  - one\n  - two\n  - three\ntitle: y\n",
        "yaml-list-without-colon",
        2,
        9,
        {"key": "pitfalls"},
    ),
    "list of groups without colon": (
        "id: x\nevidence\n  - evidence: a\n    proves: b\n  - evidence: c\n    proves: d\nowner: y\n",
        "yaml-list-without-colon",
        2,
        9,
        {"key": "evidence"},
    ),
    "block text not indented": (
        "id: x\nhow_to_obtain: |\nAsk the supplier.\ntitle: y\n",
        "yaml-block-not-indented",
        3,
        1,
        {"key": "how_to_obtain"},
    ),
    "value starting with [": (
        "id: x\ntitle: [draft] A title\nowner: y\n",
        "yaml-special-start",
        2,
        8,
        {"key": "title", "char": "[", "meaning": "the start of a list"},
    ),
    "value starting with *": (
        "id: x\ntitle: *important* title\nowner: y\n",
        "yaml-special-start",
        2,
        8,
        {"key": "title", "char": "*", "meaning": "an alias (a reference)"},
    ),
    "value starting with @": (
        "id: x\nowner: @someone\ntitle: y\n",
        "yaml-special-start",
        2,
        8,
        {"key": "owner", "char": "@", "meaning": "a reserved character"},
    ),
    "list item starting with [": (
        "id: x\npitfalls:\n  - [draft] one\n  - two\n",
        "yaml-special-start",
        3,
        5,
        {"key": "this list item", "char": "["},
    ),
    "apostrophe inside single quotes": (
        "id: x\ntitle: 'Seller's proof'\nowner: y\n",
        "yaml-apostrophe",
        2,
        8,
        {"key": "title"},
    ),
    "text after a closing quote": ('id: x\ntitle: "Quoted" and more\nowner: y\n', "yaml-text-after-quote", 2, 16, {}),
    "unclosed quote, where it opens": ('id: x\ntitle: "not closed\nsummary: y\n', "yaml-unclosed-quote", 2, 8, {}),
    "tab indentation": ("steps:\n\t- one\n", "yaml-tab", 2, 1, {}),
    # Nothing on the lines names this mistake better than libyaml's own words do.
    "colon inside a value": ("id: x\ntitle: Price: low\nowner: y\n", "yaml-colon-in-value", 2, 13, {}),
}


@pytest.mark.parametrize("text, code, line, col, details", CASES.values(), ids=CASES)
def test_the_cause_is_named_at_the_editors_line_and_column(text, code, line, col, details):
    cause = cause_of(text)
    assert (cause.code, cause.line, cause.col) == (code, line, col)
    assert details.items() <= cause.details.items()


def test_a_web_address_is_not_taken_for_a_field_name():
    # `source:https://…` lacks the space after `source`; `https:` is no field missing one.
    cause = cause_of("id: x\nsource:https://example.org\nowner y z\n")
    assert (cause.code, cause.line, cause.details) == ("yaml-no-space", 2, {"key": "source"})


def test_a_list_item_of_words_is_not_a_field_missing_its_colon():
    cause = cause_of("id: x\nsteps:\n  - one\n  - two\nowner y\ntitle: z\n")
    assert (cause.code, cause.line, cause.details) == ("yaml-missing-colon", 5, {"key": "owner"})


def test_a_mistake_nothing_explains_better_keeps_libyamls_words():
    cause = cause_of('id: x\ntitle: "C:\\q"\n')
    assert (cause.code, cause.line) == ("yaml-escape", 2)


def test_a_missing_colon_on_the_last_line_is_named():
    cause = cause_of("id: x\nowner Pricing lead\n")
    assert (cause.code, cause.line, cause.col) == ("yaml-missing-colon", 2, 6)


def test_words_in_a_text_block_above_the_mistake_are_not_taken_for_a_field_name():
    # The `:` in the last line is the mistake; "make platform staff" is prose of `answer: |`, not a field.
    text = (
        "exercises:\n"
        "  - question: What now?\n"
        "    answer: |\n"
        "      First find the reason, then\n"
        "      make platform staff see it.\n"
        "    choices:\n"
        "      - choice: Keep the price\n"
        "        why: It contradicts the price: shoppers stop trusting it.\n"
    )
    cause = cause_of(text)
    assert (cause.code, cause.line) == ("yaml-colon-in-value", 8)
