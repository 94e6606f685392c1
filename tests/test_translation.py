"""Translations as data: `<id>.<language>.yaml` beside an entry, checked against it, kept fresh."""

import json
import re

import pytest

from opsbook.core import freshness, translation
from opsbook.core.languages import LANGUAGES

from .conftest import ROOT, commit, edit, git, line_of, load, only, opsbook

CUSTOMS = "evidence/customs-declaration-form.zh-Hans.yaml"
STRATEGY_ZH = "strategies/prove-a-low-price.zh-Hans.yaml"


def test_every_shipped_entry_has_a_current_chinese_translation(shipped_handbook):
    edition = shipped_handbook.edition("zh-Hans")
    states = {record.entry.id: record.text for record in edition.records}
    assert len(states) == len(shipped_handbook) > 100
    assert set(states.values()) == {"translated"}, {k: v for k, v in states.items() if v != "translated"}
    customs = edition.get("customs-declaration-form")
    assert customs.entry.title == "报关单" and customs.language == "zh-Hans"
    assert customs.entry.id == "customs-declaration-form" and customs.entry.removes_doubts  # structure kept
    assert customs.text_file.name == "customs-declaration-form.zh-Hans.yaml"


def test_the_translation_holds_text_only_and_structure_comes_from_the_entry(shipped_handbook):
    english = shipped_handbook.get("prove-a-low-price").entry
    chinese = shipped_handbook.edition("zh-Hans").get("prove-a-low-price").entry
    assert chinese.price_position == english.price_position and chinese.reviewed == english.reviewed
    assert [n.evidence for n in chinese.evidence] == [n.evidence for n in english.evidence]
    assert chinese.steps != english.steps and len(chinese.steps) == len(english.steps)
    text = (ROOT / "playbooks" / STRATEGY_ZH).read_text(encoding="utf-8")
    for written_once in ("price_position:", "reviewed:", "tags:", "\nid:", "formula:"):
        assert written_once not in text


@pytest.mark.parametrize(
    ("old", "new", "needle", "code", "words"),
    [
        (
            "title: 报关单",
            "title: 报关单\nremoves_doubts: [counterfeit]",
            "removes_doubts",
            "translation-fixed-field",
            "`removes_doubts` is written once, in the entry's own file",
        ),
        ("title: 报关单", "title: 报关单\ntitel: 报关单", "titel", "unknown-field", "did you mean `title`?"),
        ("title: 报关单\n", "", "translates", "translation-missing-field", "`title` is missing"),
        ("translates:", "# translates:", "# translates", "translation-version", "write `translates: "),
    ],
)
def test_a_translation_mistake_is_reported_at_its_line(handbook, old, new, needle, code, words):
    edit(handbook, CUSTOMS, old, new)
    problem = only(load(handbook / "playbooks")[1])
    assert problem.code == code and words in problem.message
    assert problem.path.endswith(CUSTOMS)
    if code != "translation-version":
        assert problem.line == line_of(handbook, CUSTOMS, needle)


def test_a_list_of_another_length_and_a_changed_reference_are_reported(handbook):
    path = handbook / "playbooks" / STRATEGY_ZH
    text = path.read_text(encoding="utf-8")
    steps = re.search(r"(?m)^steps:\n((?:  - .*\n)+)", text)
    first_step = steps[1].splitlines(keepends=True)[0]
    text = text.replace(steps[1], steps[1] + first_step, 1)  # one step too many
    text = text.replace("evidence: customs-declaration-form", "evidence: customs-form", 1)
    path.write_text(text, encoding="utf-8")
    problems = load(handbook / "playbooks")[1]
    by_code = {p.code: p for p in problems}
    assert set(by_code) == {"translation-list-length", "translation-differs"}, problems
    length = by_code["translation-list-length"]
    assert length.field == "steps" and length.line == line_of(handbook, STRATEGY_ZH, "steps:")
    assert re.search(r"the entry has (\d+) item\(s\) here and this translation has \1?\d+", length.message)
    differs = by_code["translation-differs"]
    assert differs.line == line_of(handbook, STRATEGY_ZH, "evidence: customs-form")
    assert "`customs-form` differs from the entry, which has `customs-declaration-form` here" in differs.message


def test_translated_text_is_held_to_the_kinds_rules(handbook):
    edit(handbook, CUSTOMS, "title: 报关单", "title: 报关单<script>alert(1)</script>")
    problem = only(load(handbook / "playbooks")[1])
    assert problem.code == "raw-html" and problem.path.endswith(CUSTOMS)


def test_a_translation_needs_an_entry_and_a_known_language(handbook):
    folder = handbook / "playbooks" / "evidence"
    text = (folder / "customs-declaration-form.zh-Hans.yaml").read_text(encoding="utf-8")
    (folder / "customs-form.zh-Hans.yaml").write_text(text, encoding="utf-8")
    (folder / "customs-declaration-form.zh.yaml").write_text(text, encoding="utf-8")
    (folder / "customs-declaration-form.en.yaml").write_text(text, encoding="utf-8")
    messages = {p.path.rsplit("/", 1)[1]: p.message for p in load(handbook / "playbooks")[1]}
    assert messages == {
        "customs-form.zh-Hans.yaml": "there is no entry `customs-form` in this folder for this file to translate",
        "customs-declaration-form.zh.yaml": "`zh` is not one of the handbook's languages; name the file "
        "`<id>.<language>.yaml`, with one of: " + ", ".join(LANGUAGES),
        "customs-declaration-form.en.yaml": "the entry itself is written in English; "
        "a translation must be in another language",
    }


def test_a_translation_that_is_missing_shows_the_entry_and_is_listed(handbook):
    (handbook / "playbooks" / CUSTOMS).unlink()
    book, problems = load(handbook / "playbooks")
    assert problems == []
    shown = book.edition("zh-Hans").get("customs-declaration-form")
    assert shown.text == "missing" and shown.entry.title == "Customs declaration form"
    [due] = freshness.translations_due(book, LANGUAGES)
    assert (
        due.record.entry.id == "customs-declaration-form" and due.file.name == "customs-declaration-form.zh-Hans.yaml"
    )
    result = opsbook("stale", "--fail", cwd=handbook)
    assert result.returncode == 1
    assert "customs-declaration-form: no 简体中文 translation yet" in result.output


def test_a_changed_entry_makes_its_translation_stale(handbook):
    edit(handbook, "evidence/customs-declaration-form.yaml", "summary: ", "summary: Changed. ")
    book, problems = load(handbook / "playbooks")
    assert problems == []  # a translation of older text is still valid: it is shown, with a notice
    shown = book.edition("zh-Hans").get("customs-declaration-form")
    assert shown.text == "stale" and shown.entry.title == "报关单" and shown.source_changed is not None
    result = opsbook("stale", cwd=handbook)
    current = translation.version(book.get("customs-declaration-form").entry)
    assert f"translation may be out of date: the English text changed on {shown.source_changed}" in result.output
    assert f'set translates: "{current}"' in result.output
    edit(
        handbook,
        CUSTOMS,
        re.search(r'translates: "\w+"', (handbook / "playbooks" / CUSTOMS).read_text())[0],
        f'translates: "{current}"',
    )
    book, _ = load(handbook / "playbooks")
    assert book.edition("zh-Hans").get("customs-declaration-form").text == "translated"


def test_the_version_changes_with_text_only(shipped_handbook):
    entry = shipped_handbook.get("prove-a-low-price").entry
    assert translation.version(entry) == translation.version(entry.model_copy(update={"tags": ["other"]}))
    assert translation.version(entry) != translation.version(entry.model_copy(update={"summary": "Other."}))


def test_new_translation_writes_a_valid_skeleton_from_the_entry(handbook):
    (handbook / "playbooks" / CUSTOMS).unlink()
    result = opsbook("new", "translation", "customs-declaration-form", cwd=handbook)
    assert result.returncode == 0, result.output
    written = (handbook / "playbooks" / CUSTOMS).read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../schemas/evidence.translation.schema.json\n")
    assert "title: Customs declaration form" in written and "removes_doubts" not in written
    book, problems = load(handbook / "playbooks")
    assert problems == [] and book.edition("zh-Hans").get("customs-declaration-form").text == "translated"
    again = opsbook("new", "translation", "customs-declaration-form", cwd=handbook)
    assert again.returncode == 2 and "already exists" in again.output


def test_translation_schemas_hold_what_a_translation_holds():
    schema = json.loads((ROOT / "schemas" / "strategy.translation.schema.json").read_text(encoding="utf-8"))
    assert schema["required"][0] == "translates" and "price_position" not in schema["properties"]
    assert set(schema["$defs"]["EvidenceNeed"]["properties"]) == {"evidence", "proves"}
    assert "formula" not in schema["$defs"]["Result"]["properties"]


def test_diff_reports_a_source_change_whose_translation_was_not_updated(handbook):
    git(handbook, "init", "-q")
    git(handbook, "config", "user.email", "t@example.com")
    git(handbook, "config", "user.name", "Test")
    commit(handbook, "base")
    edit(handbook, "evidence/customs-declaration-form.yaml", "summary: ", "summary: Changed. ")
    result = opsbook("diff", "HEAD", cwd=handbook)
    assert result.returncode == 0, result.output
    assert "### Translations" in result.output
    assert (
        "`playbooks/evidence/customs-declaration-form.yaml`: source changed, translation not updated: "
        "`playbooks/evidence/customs-declaration-form.zh-Hans.yaml`"
    ) in result.output


def test_an_entry_change_never_fails_because_of_its_translation(handbook):
    """An English editor adds a step and changes a reference: the translation is out of date, not wrong."""
    strategy = handbook / "playbooks/strategies/prove-a-low-price.yaml"
    text = strategy.read_text(encoding="utf-8")
    text = text.replace("steps:\n", "steps:\n  - Check the stock before the campaign starts.\n", 1)
    strategy.write_text(text.replace("evidence: customs-declaration-form", "evidence: purchase-and-sale-contract", 1))
    book, problems = load(handbook / "playbooks")
    assert problems == []
    shown = book.edition("zh-Hans").get("prove-a-low-price")
    assert shown.text == "stale" and shown.entry.steps[0] == "Check the stock before the campaign starts."
    result = opsbook("stale", cwd=handbook)
    assert "prove-a-low-price: 简体中文 translation may be out of date" in result.output


def test_an_entry_written_in_chinese_is_translated_into_english(handbook):
    """The other way round: `language: zh-Hans` makes the entry's own file the Chinese text."""
    folder = handbook / "playbooks/glossary"
    chinese = (folder / "dsr.zh-Hans.yaml").read_text(encoding="utf-8")
    (folder / "dsr.zh-Hans.yaml").unlink()
    own = (folder / "dsr.yaml").read_text(encoding="utf-8")
    (folder / "dsr.yaml").write_text(own.replace("title: DSR", "title: DSR\nlanguage: zh-Hans"), encoding="utf-8")
    (folder / "dsr.en.yaml").write_text(chinese, encoding="utf-8")  # the "English" text, for the test
    book, problems = load(handbook / "playbooks")
    assert problems == []
    assert book.edition("zh-Hans").get("dsr").text == "source"
    english = book.edition("en").get("dsr")
    assert english.text == "translated" and english.entry.title == "店铺动态评分（DSR）"
    edit(handbook, "glossary/dsr.yaml", "summary: ", "summary: Changed. ")
    result = opsbook("stale", cwd=handbook)
    assert "dsr.en.yaml: dsr: English translation may be out of date: the 简体中文 text changed on" in result.output
