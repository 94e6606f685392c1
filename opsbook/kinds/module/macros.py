"""Macros about the learning path, for hand-written pages."""

from __future__ import annotations

from markupsafe import Markup

from opsbook.site.macros import MacroPage, macro


@macro()
def print_learning_path(page: MacroPage) -> Markup:
    """The whole learning path for printing: each module, then every entry it reads and its words, in full."""
    renderer, here = page.plugin.renderer, page.page_src
    entries = []
    for module in page.handbook.of_kind("module"):
        for record in [module, *(page.handbook.get(i) for i in [*module.entry.read, *module.entry.words])]:
            entries.append(renderer.entry_sections(record, here))
    return page.fragment("macros/print_entries.j2", entries=entries)
