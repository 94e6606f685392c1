"""Both editions of the built site: English at the root, Simplified Chinese in zh/, page for page."""

import html
import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from opsbook.core.languages import split_name

from .conftest import ROOT, edit, opsbook, page, run, shipped_entries, text_of

ENTRIES = list(shipped_entries())


def _pages_of(site: Path) -> set[str]:
    return {
        p.parent.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if p.relative_to(site).parts[0] not in ("zh", "assets", "search", "admin")  # one form editor, at the root
    }


def test_every_page_exists_in_both_editions(built_site):
    english = _pages_of(built_site)
    chinese = _pages_of(built_site / "zh")
    assert len(english) > 120 and english == chinese


@pytest.mark.parametrize("kind, path, entry", ENTRIES, ids=lambda v: getattr(v, "stem", ""))
def test_each_entry_page_has_its_own_title_and_language(built_site, shipped_handbook, kind, path, entry):
    chinese = shipped_handbook.edition("zh-Hans").get(entry["id"]).entry
    en = page(built_site, f"{kind.folder}/{entry['id']}")
    zh = page(built_site, f"zh/{kind.folder}/{entry['id']}")
    assert '<html lang="en"' in en and '<html lang="zh-Hans"' in zh
    assert f"<title>{html.escape(entry['title'])} - " in en
    assert f"<title>{html.escape(chinese.title)} - Opsbook 运营手册</title>" in zh
    assert chinese.title != entry["title"]
    assert html.escape(chinese.summary) in zh and html.escape(entry["summary"]) not in zh
    # The edit button opens the file that holds this language's text.
    edit_zh = f"https://github.com/opsbook/opsbook/edit/main/playbooks/{kind.folder}/{path.stem}.zh-Hans.yaml"
    assert f'href="{edit_zh}"' in zh


@pytest.mark.parametrize("path", ["", "learning-path", "strategies/prove-a-low-price", "glossary/dsr", "needs-review"])
def test_the_language_switcher_lands_on_the_same_page(built_site, path):
    for here, there, language in ((path, f"zh/{path}", "zh-Hans"), (f"zh/{path}", path, "en")):
        markup = page(built_site, here)
        link = re.search(rf'<a href="([^"]*)" hreflang="{language}"', markup)[1]
        target = urljoin(f"https://example.org/{here}/".replace("//", "/").replace("https:/", "https://"), link)
        assert target.rstrip("/") == f"https://example.org/{there}".rstrip("/"), (here, link)


def test_materials_interface_and_navigation_speak_chinese(built_site):
    zh = page(built_site, "zh/strategies/prove-a-low-price")
    assert 'placeholder="搜索"' in zh and 'aria-label="搜索"' in zh
    assert "编辑此页" in zh  # Material's "edit this page"
    nav = zh.split('<nav class="md-nav md-nav--primary"')[1].split("</nav>")[0]
    assert "学习路径" in text_of(nav) and "术语表" in text_of(nav)
    assert not re.search(r"Learning path|Home|Glossary|For editors|Needs review|Playbook fields", text_of(nav))


def test_hand_written_pages_use_their_chinese_file(built_site):
    zh = page(built_site, "zh/decision-guide")
    assert "决策指南" in text_of(zh) and "Decision guide" not in text_of(zh.split("<article")[1])
    assert 'href="https://github.com/opsbook/opsbook/edit/main/docs/decision-guide.zh-Hans.md"' in zh
    assert (
        not (built_site / "decision-guide.zh-Hans").exists() and not (built_site / "zh/decision-guide.zh-Hans").exists()
    )


def test_each_edition_has_its_own_search_index(built_site):
    english = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    chinese = json.loads((built_site / "zh/search/search_index.json").read_text(encoding="utf-8"))
    en_text = " ".join(d["title"] + d["text"] for d in english["docs"])
    zh_text = " ".join(d["title"] + d["text"] for d in chinese["docs"])
    assert "Customs declaration form" in en_text and "大牌低价" not in en_text
    assert "报关单" in zh_text and "Imported goods came in through customs" not in zh_text
    for index in (english, chinese):  # the print page gathers other pages: they are the results, not it
        assert not [d for d in index["docs"] if d["location"].startswith("print/")]


def test_chinese_pages_explain_english_abbreviations_in_chinese(built_site):
    zh = page(built_site, "zh/strategies/run-a-low-price-campaign-safely")
    [title] = re.findall(r'<abbr[^>]* title="([^"]*)"[^>]*>DSR</abbr>', zh)[:1]
    assert html.unescape(title).startswith("店铺动态评分（DSR）：")


def test_the_download_carries_both_languages(built_site):
    for edition in ("", "zh/"):
        document = json.loads((built_site / f"{edition}downloads/handbook.json").read_text(encoding="utf-8"))
        customs = next(e for e in document["entries"] if e["id"] == "customs-declaration-form")
        assert customs["title"] == "Customs declaration form"
        assert customs["translations"]["zh-Hans"]["title"] == "报关单"
        assert customs["translations"]["zh-Hans"]["state"] == "translated"
    assert (built_site / "zh/schemas/strategy.translation.schema.json").is_file()


def test_translated_and_untranslated_pages_carry_a_notice(handbook):
    edit(handbook, "evidence/customs-declaration-form.yaml", "summary: ", "summary: Changed. ")
    (handbook / "playbooks/glossary/dsr.zh-Hans.yaml").unlink()
    (handbook / "docs/tags.zh-Hans.md").unlink()
    result = opsbook("build", cwd=handbook)
    assert result.returncode == 0, result.output
    site = handbook / "site"
    stale = text_of(page(site, "zh/evidence/customs-declaration-form"))
    assert re.search(r"英文原文已于 \d{4}-\d{2}-\d{2} 修改，这份译文可能已经过时", stale), stale[:400]
    missing = page(site, "zh/glossary/dsr")
    assert "这一页还没有翻译，下面显示的是英文原文" in text_of(missing)
    assert "Taobao&#39;s three store scores" in missing or "Taobao's three store scores" in text_of(missing)
    assert "这一页还没有翻译" in text_of(page(site, "zh/tags"))
    english = text_of(page(site, "evidence/customs-declaration-form"))
    assert "out of date" not in english and "not translated" not in english
    review = text_of(page(site, "needs-review"))
    assert "customs-declaration-form.zh-Hans.yaml" in review and "dsr.zh-Hans.yaml" in review


def test_every_translation_file_is_a_translation_of_an_entry():
    translations = [p for p in (ROOT / "playbooks").rglob("*.yaml") if split_name(p)[1]]
    assert len(translations) == len(ENTRIES)


def test_the_chinese_search_index_holds_its_characters_as_themselves(built_site):
    """Not as six-byte \\uXXXX escapes, which made it twice the size for readers to download."""
    raw = (built_site / "zh/search/search_index.json").read_text(encoding="utf-8")
    docs = json.loads(raw)["docs"]
    assert "报关单" in raw and "\\u62a5" not in raw
    assert any("报关单" in doc["text"] for doc in docs)


def test_editions_built_one_after_the_other_are_the_same_site(built_site, handbook):
    """Where there is no fork() (Windows), the root edition builds the others after its own, in its process, with
    the same plugin instances (MkDocs keeps one per process of a plugin with on_startup): the site is the same,
    search indexes too (jieba's dictionary is one per process, and holds the handbook's terms once)."""
    serially = "from opsbook.site import editions; editions.parallel_builds_possible = lambda: False; "
    result = run(sys.executable, "-c", serially + "from opsbook.cli import main; main(['build'])", cwd=handbook)
    assert result.returncode == 0, result.output
    site = handbook / "site"
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file())
    assert "search/search_index.json" in files and "zh/search/search_index.json" in files
    assert [f for f in files if (site / f).read_bytes() != (built_site / f).read_bytes()] == []
