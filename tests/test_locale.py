"""The engine's own words in every edition: each English text a page can show has its Chinese text.

Templates print engine words through `_` (literals, and the texts Python declares: kind names, price
positions, doubts, field descriptions, the error catalogue's explanations). A text missing from
`opsbook/site/locales/zh-Hans.yaml` would show in English on a Chinese page, so these tests list
every missing text by name.
"""

from __future__ import annotations

import ast
import re

import yaml
from markupsafe import Markup

from opsbook.core.languages import LANGUAGES, SOURCE_LANGUAGE
from opsbook.core.problems import CATALOGUE
from opsbook.core.schema import field_rows
from opsbook.kinds import all_kinds
from opsbook.site.locale import Words, catalogue
from opsbook.site.macros import MacroPage, all_macros
from opsbook.site.render import Renderer

from .conftest import ROOT, load

TEMPLATES = sorted([*(ROOT / "opsbook/site/templates").rglob("*.j2"), *(ROOT / "opsbook/kinds").glob("*/*.j2")])
# `_("…")`, `_('…')` and `_.text("…")` with a literal first argument (Python string syntax).
_LITERAL = re.compile(r"""\b_(?:\.text)?\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
TRANSLATED = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]


def template_texts() -> dict[str, str]:
    """English text -> the template that prints it."""
    return {
        ast.literal_eval(match[1]): path.relative_to(ROOT).as_posix()
        for path in TEMPLATES
        for match in _LITERAL.finditer(path.read_text(encoding="utf-8"))
    }


def _navigation_titles() -> list[str]:
    class Loader(yaml.SafeLoader):  # mkdocs.yml has !ENV and !!python tags; only the titles matter here
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, dict):
                for title, target in item.items():
                    titles.append(title)
                    walk(target if isinstance(target, list) else [])

    walk(yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)["nav"])
    return titles


def declared_texts() -> dict[str, str]:
    """English text -> where Python declares it, for every declared text a page prints through `_`."""
    found: dict[str, str] = {}
    for kind in all_kinds():
        for attribute in ("label", "plural", "description"):
            found.setdefault(getattr(kind, attribute), f"{kind.name} kind: {attribute}")
        for value, (label, explanation) in (kind.groups or {}).items():
            found.setdefault(label, f"{kind.name} kind: group {value}")
            found.setdefault(explanation, f"{kind.name} kind: group {value}")
        for row in field_rows(kind):
            found.setdefault(row["description"], f"{kind.name} field {row['name']}: description")
            found.setdefault(row["type"], f"{kind.name} field {row['name']}: type")
    for code, entry in CATALOGUE.items():
        found.setdefault(entry.group, f"problem {code}: group")
        found.setdefault(entry.meaning, f"problem {code}: meaning")
        found.setdefault(entry.fix, f"problem {code}: fix")
    for title in _navigation_titles():
        found.setdefault(title, "mkdocs.yml nav")
    found.pop("", None)  # a field without a description shows nothing
    return found


def _missing(wanted: dict[str, str], language: str) -> list[str]:
    texts = catalogue(language)["text"]
    return [f"{where}: {english!r}" for english, where in wanted.items() if english not in texts]


def test_the_scan_finds_the_template_texts():
    found = template_texts()
    assert found["Steps"] == "opsbook/kinds/strategy/page.md.j2"
    assert "Doubt: {label}" in found  # `_.text('…')` in the Mermaid diagram
    assert "Review overdue by {count} days." in found


def test_every_template_text_has_a_translation():
    for language in TRANSLATED:
        missing = _missing(template_texts(), language)
        assert not missing, f"{len(missing)} template text(s) without {language}:\n" + "\n".join(missing)


def test_every_declared_text_has_a_translation():
    wanted = declared_texts()
    assert {"Strategies", "Priced above competitors", "Counterfeit", "Saving the file"} <= set(wanted)
    for language in TRANSLATED:
        missing = _missing(wanted, language)
        assert not missing, f"{len(missing)} declared text(s) without {language}:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders_and_braces():
    for language in TRANSLATED:
        wrong = [
            english
            for english, text in catalogue(language)["text"].items()
            if sorted(set(_PLACEHOLDER.findall(english))) != sorted(set(_PLACEHOLDER.findall(text)))
            or (english.count("{"), english.count("}")) != (text.count("{"), text.count("}"))
        ]
        assert not wrong, f"{language} texts whose placeholders or braces differ from the English:\n" + "\n".join(
            map(repr, wrong)
        )


def test_catalogue_is_a_plain_mapping_of_texts():
    for language in TRANSLATED:
        data = yaml.safe_load((ROOT / f"opsbook/site/locales/{language}.yaml").read_text(encoding="utf-8"))
        assert set(data) == {"text", "tags"}
        for part in ("text", "tags"):
            bad = {k: v for k, v in data[part].items() if not (isinstance(k, str) and isinstance(v, str) and v.strip())}
            assert not bad, bad


def test_headings_translate_without_html_special_characters():
    """Section headings are Markdown the print page prints again as text: `&`, `<`, quotes would show escaped."""
    headings = {m for path in TEMPLATES for m in re.findall(r'^## \{\{ _\("([^"]+)"\) \}\}', path.read_text(), re.M)}
    assert "Steps" in headings
    for language in TRANSLATED:
        texts = catalogue(language)["text"]
        assert not [h for h in headings if set(texts.get(h, "")) & set("&<>\"'")]


def test_english_returns_the_text_unchanged_and_escaped():
    words = Words("en")
    assert words.text("Steps") == "Steps"
    assert words("Steps") == Markup("Steps")
    assert words("a < b & c") == Markup("a &lt; b &amp; c")
    assert words("For: {link}", link="<b>x</b>") == Markup("For: &lt;b&gt;x&lt;/b&gt;")
    assert words("For: {link}", link=Markup("<b>x</b>")) == Markup("For: <b>x</b>")
    assert not words.missing


def test_chinese_returns_the_catalogue_text_with_values():
    words = Words("zh-Hans")
    assert words("Steps") == Markup(catalogue("zh-Hans")["text"]["Steps"]) != "Steps"
    date = Markup('<time datetime="2026-11-20">2026-11-20</time>')
    shown = words(
        "The evidence it relies on was last checked on {date} at the earliest ({entry}).", date=date, entry="<x>"
    )
    assert date in shown and "&lt;x&gt;" in shown and "The evidence" not in shown


def test_a_missing_text_shows_in_english_and_is_reported(caplog):
    words = Words("zh-Hans")
    assert words("No such text {n}", n=3) == Markup("No such text 3")
    assert words.missing == {"No such text {n}"}
    assert "No such text" in caplog.text


def test_the_chinese_edition_renders_every_page_and_macro_without_a_missing_text():
    """End to end: every generated page and every macro's HTML in Chinese, with nothing left in English."""
    handbook, problems = load(ROOT / "playbooks")
    assert not [p for p in problems if p.blocking]
    edition = handbook.edition("zh-Hans")
    renderer = Renderer(edition, True)
    pages = list(renderer.pages())
    host = type("Host", (), {"handbook": edition, "renderer": renderer})()
    page = MacroPage(host, "editors.md", ROOT)
    strategy = edition.of_kind("strategy")[0].entry.id
    arguments = {
        "entry_link": ("customs-declaration-form",),
        "evidence_checklist": (strategy,),
        "self_check": (strategy,),
    }
    arguments["print_entries"] = tuple(record.entry.id for record in edition.records)
    html = [str(macro.function(page, *arguments.get(name, ()))) for name, macro in all_macros().items()]
    assert not renderer.words.missing, sorted(renderer.words.missing)
    steps = catalogue("zh-Hans")["text"]["Steps"]
    assert any(f"## {steps}" in p.content for p in pages)
    catalogue_html = html[list(all_macros()).index("error_catalogue")]
    assert catalogue("zh-Hans")["text"]["Saving the file"] in catalogue_html and "You wrote" not in catalogue_html
