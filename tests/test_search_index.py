"""The search index a build writes equals Material's own, though it is written as the pages come."""

import html
import json
from types import SimpleNamespace

import material.plugins.search.plugin as material_search

from opsbook.site import search_index, search_words

from .conftest import ROOT

CONFIG = {"lang": ["zh"], "separator": r"[\s\u200b\-]+", "pipeline": [], "fields": {}}


def pages() -> list[SimpleNamespace]:
    """The handbook's Chinese text (every translated entry), as pages of sections with headings in both languages."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "playbooks").rglob("*.zh-Hans.yaml"))]
    assert len(texts) > 50
    return [
        SimpleNamespace(
            url=f"page-{number}/",
            title=f"第{number}页",
            meta={},
            toc=[],
            content=f"<h1 id='p{number}'>页面 {number}</h1><p>{html.escape(text[:600])}</p>"
            f"<h2 id='s{number}'>Section 节</h2><p>{html.escape(text[600:1500])}</p>",
        )
        for number, text in enumerate(texts)
    ]


def test_the_index_written_as_it_comes_is_materials_own(tmp_path, shipped_handbook):
    terms = search_words.terms(shipped_handbook)
    search_words.add_terms(terms)  # as the writer gives them to jieba (a second call adds nothing)
    materials, ours = material_search.SearchIndex(**CONFIG), material_search.SearchIndex(**CONFIG)
    path = tmp_path / "search/search_index.json"
    writer = search_index.WrittenAsItComes(ours, str(path), terms)
    for page in pages():
        materials.add_entry_from_context(page)
        ours.add_entry_from_context(page)
        assert not ours.entries  # never the whole index: each page's entries are written as they are made
    assert ours.generate_search_index(None) == ""  # what Material writes: finish replaces it
    writer.finish()
    written = path.read_text(encoding="utf-8")
    search_index.write_characters(material_search)  # as every build has Material write (under serve)
    assert written == materials.generate_search_index(None)
    docs = json.loads(written)["docs"]
    assert docs[0]["title"] == "页面\u200b 0"  # cut, as Material cuts
    assert sum("\u200b" in entry["text"] for entry in docs) > 50


def test_an_empty_index_is_written_too(tmp_path):
    path = tmp_path / "search/search_index.json"
    search_index.WrittenAsItComes(material_search.SearchIndex(**CONFIG), str(path), []).finish()
    assert json.loads(path.read_text(encoding="utf-8")) == {"config": CONFIG, "docs": []}
