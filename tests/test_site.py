"""The real site, built with MkDocs and read as HTML."""

import html
import json
import re
from pathlib import Path

import pytest

from opsbook.kinds import all_kinds

from .conftest import ROOT, STRATEGY, edit, mkdocs_build, page, shipped_entries, text_of


@pytest.mark.parametrize("kind, path, entry", list(shipped_entries()), ids=lambda v: getattr(v, "stem", ""))
def test_every_entry_has_a_page_with_title_summary_and_edit_link(built_site, kind, path, entry):
    markup = page(built_site, f"{kind.folder}/{entry['id']}")
    words = text_of(markup)
    assert entry["title"] in words and entry["summary"] in words
    edit = f"https://github.com/opsbook/opsbook/edit/main/playbooks/{kind.folder}/{path.name}"
    assert f'href="{edit}"' in markup
    assert f"<title>{html.escape(entry['title'])} - " in markup


def test_strategy_page_links_its_evidence_with_what_each_proves(built_site):
    markup = page(built_site, "strategies/prove-a-low-price")
    assert re.search(
        r'<a href="../../evidence/customs-declaration-form/">Customs declaration form</a>'
        r' <span lang="zh">(<abbr [^>]+>)?报关单(</abbr>)?</span>: Imported goods came in through customs',
        markup,
    )
    needs = markup.split('id="evidence-it-needs"')[1].split("<h2")[0]
    assert len(re.findall(r'href="../../evidence/[a-z-]+/"', needs)) == 3


def test_evidence_page_lists_the_strategies_that_use_it(built_site):
    section = page(built_site, "evidence/low-price-reason").split('id="strategies-that-use-it"')[1]
    assert '<a href="../../strategies/prove-a-low-price/">' in section
    assert "There is an honest cause for the price" in section
    unused = page(built_site, "evidence/brand-authorisation-letter")
    assert "prove-a-low-price" in unused  # used by that strategy too
    assert "sell-the-exclusive-attribute" not in unused


def test_index_pages_per_kind_and_per_price_position(built_site):
    strategies = text_of(page(built_site, "strategies"))
    for heading in ("Priced above competitors", "Priced level with competitors", "Priced below competitors"):
        assert heading in strategies
    below = page(built_site, "strategies/price-position/below")
    assert "prove-a-low-price" in below and "sell-the-exclusive-attribute" not in below
    assert "sell-the-exclusive-attribute" in page(built_site, "strategies/price-position/above")
    grey = page(built_site, "evidence/removes-doubts/grey-import")
    # A customs form shows lawful import, not that the goods are no grey import (parallel imports are declared too).
    assert "purchase-and-sale-contract" in grey and "customs-declaration-form" not in grey
    glossary = text_of(page(built_site, "glossary"))
    assert "DSR" in glossary and "店铺动态评分" in glossary


def test_navigation_stays_short(built_site):
    nav = page(built_site, "strategies/prove-a-low-price").split('<nav class="md-nav md-nav--primary"')[1]
    nav = nav.split("</nav>")[0]
    assert "prove-a-low-price" not in nav and "customs-declaration-form" not in nav


def test_tags_page_lists_entries_by_tag(built_site):
    tags = page(built_site, "tags")
    low_price = tags.split('id="tag:low-price"')[1].split("<h2")[0]
    assert "../strategies/prove-a-low-price/" in low_price and "../evidence/low-price-reason/" in low_price


def test_macros_on_the_home_page(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    table = home.split("<table>")[1].split("</table>")[0]
    assert "strategies/prove-a-low-price/" in table and "sell-the-exclusive-attribute" not in table
    assert '<a href="strategies/prove-a-low-price/">Priced well below? Prove the goods are genuine</a>' in home
    checklist = home.split('class="opsbook-checklist"')[1].split("</ul>")[0]
    assert checklist.count('type="checkbox"') == 3 and "Brand authorisation letter" in checklist


def test_search_index_has_english_and_segmented_chinese(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"] or "\u200b" in index["config"]["separator"]
    docs = {d["location"]: d for d in index["docs"]}
    assert any("授权书" in d["title"] + d["text"] for loc, d in docs.items() if "brand-authorisation" in loc)
    assert any("\u200b" in d["text"] for d in docs.values())  # jieba ran: words are marked for the search
    assert any("believable reason" in d["text"] for d in docs.values())


def test_export_and_schemas_are_published(built_site):
    document = json.loads((built_site / "downloads/handbook.json").read_text(encoding="utf-8"))
    assert len(document["entries"]) == len(list(shipped_entries()))
    for kind in all_kinds():
        published = (built_site / "schemas" / kind.schema_file).read_text(encoding="utf-8")
        assert published == (ROOT / "schemas" / kind.schema_file).read_text(encoding="utf-8")


def test_schema_reference_page_lists_every_field(built_site):
    words = text_of(page(built_site, "reference/schema"))
    for field in ("price_position", "evidence[].proves", "removes_doubts", "stands_for", "self_check[].answer"):
        assert field in words
    assert "too-cheap-to-be-good" in words


# -- builds of changed copies ----------------------------------------------------------

PAYLOAD = "{{ config }} {% include 'mkdocs.yml' %} {{ ''.__class__.__mro__ }} <script>alert(1)</script>"


def test_playbook_text_is_shown_literally_never_evaluated(handbook):
    quoted = json.dumps(PAYLOAD)
    edit(handbook, STRATEGY, "title: Priced well below? Prove the goods are genuine", f"title: {quoted}")
    edit(handbook, STRATEGY, "- Do not let the low price stand alone with no explanation.", f"- {quoted}")
    edit(handbook, "glossary/dsr.yaml", "details: |\n", f"details: |\n  {PAYLOAD}\n\n")
    result = mkdocs_build(handbook)  # not strict: the suspicious text is only a warning
    assert result.returncode == 0, result.output
    assert "template-code" not in result.output and "looks like template code" in result.output
    for name in ("strategies/prove-a-low-price", "glossary/dsr"):
        markup = page(handbook / "site", name)
        assert "<script>alert(1)" not in markup
        assert PAYLOAD in text_of(markup)
        assert "site_name" not in markup and "<class" not in markup and "repo_url:" not in markup
    strict = mkdocs_build(handbook, "--strict")
    assert strict.returncode == 1 and "title: `{{ config }} {% include 'mkdocs.yml'" in strict.output


def test_unknown_id_in_a_macro_fails_the_build_naming_page_and_id(handbook):
    (handbook / "docs/editors.md").write_text("# Editors\n\nSee {{ entry_link('no-such-entry') }}.\n", encoding="utf-8")
    result = mkdocs_build(handbook, "--strict")
    assert result.returncode == 1
    assert "docs/editors.md:3:8: entry_link: there is no entry with the id `no-such-entry`" in result.output
    assert not (handbook / "site").exists()


def test_chinese_headings_get_working_anchors(handbook):
    (handbook / "docs/editors.md").write_text(
        "# Editors\n\n[Jump](#填写说明)\n\n## 填写说明\n\nText.\n", encoding="utf-8"
    )
    result = mkdocs_build(handbook, "--strict")
    assert result.returncode == 0, result.output
    assert 'id="填写说明"' in page(handbook / "site", "editors")


def test_a_new_playbook_becomes_a_page(handbook):
    text = (handbook / "playbooks/evidence/low-price-reason.yaml").read_text(encoding="utf-8")
    text = text.replace("id: low-price-reason", "id: source-footage").replace(
        "title: A believable reason for the low price", "title: Live footage of buying at the source"
    )
    (handbook / "playbooks/evidence/source-footage.yaml").write_text(text, encoding="utf-8")
    assert mkdocs_build(handbook, "--strict").returncode == 0
    assert "Live footage of buying at the source" in page(handbook / "site", "evidence/source-footage")
    assert 'href="source-footage/"' in page(handbook / "site", "evidence")


def test_editor_guide_explains_every_message(built_site):
    from opsbook.core.problems import CATALOGUE, by_group

    guide = page(built_site, "editors")
    shown = set()
    for (anchor, _), entries in by_group().items():
        group = guide.split(f'<h3 id="{anchor}">')[1].split("<h3")[0]  # under what the editor was doing
        for entry in entries:
            row = group.split(f'<section class="opsbook-message" id="{entry.code}">')[1].split("</section>")[0]
            words = "".join(text_of(row).replace("`", "").split())
            # Word for word as printed (for the example), with the meaning, the fix and the example itself.
            for part in (entry.example_message(), entry.meaning, entry.example_fix(), entry.before, entry.after):
                assert "".join(part.replace("`", "").split()) in words, (entry.code, part)
            shown.add(entry.code)
    assert shown == set(CATALOGUE)


@pytest.mark.parametrize("hand_written", ["strategies/index.md", "strategies.md"])
def test_a_hand_written_page_never_hides_a_generated_one(handbook, hand_written):
    """Same file or same web address (strategies.md is served at strategies/ too): the build names the file."""
    page = handbook / "docs" / hand_written
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# My own strategies page\n", encoding="utf-8")
    result = mkdocs_build(handbook)
    assert result.returncode == 1
    assert f"docs/{hand_written}:1:1: (file): this page is made from the playbooks" in result.output


def test_scripts_load_only_on_the_pages_that_use_them(built_site):
    """Mermaid (3.5 MB) only where there is a diagram; learning.js only where there are exercises or progress."""
    counts = {"diagram": 0, "learning": 0, "neither": 0}
    for path in built_site.rglob("*.html"):
        if path.parts[len(built_site.parts)] == "admin":
            continue
        html = path.read_text(encoding="utf-8")
        diagram = 'class="mermaid"' in html
        learning = any(marker in html for marker in ('class="opsbook-quiz"', 'class="opsbook-progress"'))
        assert ("mermaid-11.17.2.min.js" in html) == diagram, path
        assert ("javascripts/learning.js" in html) == learning, path
        counts["diagram"] += diagram
        counts["learning"] += learning
        counts["neither"] += not (diagram or learning)
    assert counts["diagram"] == 2  # the decision guide, in both editions
    assert counts["learning"] > 40 and counts["neither"] > 100


def test_the_search_dialog_has_a_name_and_is_otherwise_materials_own(built_site):
    import material

    ours = (ROOT / "overrides/partials/search.html").read_text(encoding="utf-8")
    theirs = (Path(material.__file__).parent / "templates/partials/search.html").read_text(encoding="utf-8")
    body = ours.split("-#}\n", 1)[1].replace(""" aria-label="{{ lang.t('search') }}">""", ">", 1)
    assert body == theirs.split("-#}\n", 1)[1]  # a Material upgrade that changes the partial shows here
    for edition, name in (("", "Search"), ("zh/", "查找")):  # Material's own words for "search"
        html = page(built_site, edition + "decision-guide")
        assert f'<div class="md-search" data-md-component="search" role="dialog" aria-label="{name}">' in html
