"""The search index a build writes equals Material's own, though Chinese is cut into words apart from the pages."""

import html
import json
from types import SimpleNamespace

import material.plugins.search.plugin as material_search
import pytest

from opsbook.site import search_index

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


@pytest.mark.parametrize("batch", [10**9, 7], ids=["in-process", "in-workers"])
def test_cutting_chinese_at_the_end_writes_materials_own_index(monkeypatch, batch):
    monkeypatch.setattr(search_index, "_BATCH", batch)
    monkeypatch.setattr(search_index, "_CORES", 2)
    materials, ours = material_search.SearchIndex(**CONFIG), material_search.SearchIndex(**CONFIG)
    search_index.cut_chinese_at_the_end(ours)
    for page in pages():
        materials.add_entry_from_context(page)
        ours.add_entry_from_context(page)
    if batch < 10**9:
        assert ours._segment_chinese.__self__.pool is not None  # the workers did cut
    written = ours.generate_search_index(None)
    assert written == materials.generate_search_index(None)
    docs = json.loads(written)["docs"]
    assert docs[0]["title"] == "页面\u200b 0"  # cut, as Material cuts
    assert sum("\u200b" in entry["text"] for entry in docs) > 50
