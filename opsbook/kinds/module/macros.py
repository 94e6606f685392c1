"""Macros about the learning path, for hand-written pages."""

from __future__ import annotations

from markupsafe import Markup

from opsbook.site.macros import MacroPage, macro


@macro()
def print_learning_path(page: MacroPage) -> Markup:
    """The whole learning path for printing: each module, then the entries it reads and its words, in full."""
    renderer, here = page.plugin.renderer, page.page_src
    modules = page.handbook.of_kind("module")
    ids = [i for module in modules for i in (module.entry.id, *module.entry.read, *module.entry.words)]
    # An entry two modules read is printed where it is first read.
    entries = [renderer.entry_sections(page.handbook.get(i), here) for i in dict.fromkeys(ids)]
    return page.fragment("macros/print_entries.j2", entries=entries)
