"""Under serve, entry pages whose content did not change are kept between rebuilds (Renderer.kept):
after any edit, the pages kept and made again are exactly the pages a fresh build makes."""

import shutil

import pytest

from opsbook.site.render import Renderer

from .conftest import STRATEGY, copy_handbook, edit, load

# Each edit changes something another entry's page shows: a cited entry's title, a citing entry's note,
# a rule's date (reviews), a reading list's order, a module's place, a translation, a source text that
# makes its translation stale.
EDITS = [
    ("evidence/customs-declaration-form.yaml", "title: Customs declaration form", "title: Customs form (报关单)"),
    (STRATEGY, "proves: The store is allowed", "proves: The shop is allowed"),
    ("rules/adlaw-art-9-3.yaml", "in_force: 2021-04-29", "in_force: 2026-11-01"),
    (
        "learning-path/comparing-and-catching-the-eye.yaml",
        "  - compare-without-naming-rivals\n  - positive-hook-beats-defensive-reply",
        "  - positive-hook-beats-defensive-reply\n  - compare-without-naming-rivals",
    ),
    ("learning-path/comparing-and-catching-the-eye.yaml", "step: 6", "step: 60"),
    ("glossary/main-venue.zh-Hans.yaml", "summary: 全平台", "summary: 整个平台"),
    ("glossary/main-venue.yaml", "summary: The hub page", "summary: The central page"),
]


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_kept_pages_are_the_pages_a_fresh_build_makes(tmp_path, language):
    copy_handbook(tmp_path)
    kept: dict = {}

    def build():
        handbook, problems = load(tmp_path / "playbooks")
        assert problems == []
        edition = handbook.edition(language)
        reused = {page.src_uri: page for page in Renderer(edition, kept=kept).pages()}
        fresh = {page.src_uri: page for page in Renderer(edition).pages()}
        assert reused == fresh
        return reused

    before = build()
    entry_pages = {src for src, page in before.items() if page.record}
    for name, old, new in EDITS:
        edit(tmp_path, name, old, new)
        after = build()
        made_again = {src for src in entry_pages if after[src] is not before[src]}
        shown_here = language == "zh-Hans" or ".zh-Hans." not in name  # the English edition shows no translation
        assert shown_here == bool(made_again) and len(made_again) < len(entry_pages) / 3, (name, sorted(made_again))
        before = after

    # A new entry citing an evidence entry: that evidence page lists it.
    playbooks = tmp_path / "playbooks"
    text = (playbooks / STRATEGY).read_text(encoding="utf-8").replace("id: prove-a-low-price", "id: prove-it-again")
    (playbooks / "strategies/prove-it-again.yaml").write_text(text, encoding="utf-8")
    after = build()
    assert after["evidence/customs-declaration-form.md"] is not before["evidence/customs-declaration-form.md"]
    (playbooks / "strategies/prove-it-again.yaml").unlink()
    shutil.rmtree(tmp_path / "playbooks/templates")  # a kind emptied: still the same as a fresh build
    build()
