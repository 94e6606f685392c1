"""Generated pages, converted without MkDocs' per-page Markdown set-up.

MkDocs builds a new Python-Markdown instance, with every extension, for each page it renders; for a
generated page that is most of the page's cost, since its Markdown is only section headings and
block markers (render.py: the sections' HTML is made by the engine). An EnginePage converts that
skeleton with one instance shared by all generated pages of a build, configured as mkdocs.yml
configures Markdown, so headings, anchors and the table of contents come out exactly as before.

The engine's blocks go in place of their markers only when the page is written (`fill`, from the
plugin's on_page_context): MkDocs renders every page before it writes the first, and would hold all
pages' HTML at once. Until then each page keeps its blocks compressed, about a sixth of their size.
"""

from __future__ import annotations

import marshal
import zlib

import markdown
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from opsbook.site.render import fill_blocks


class Skeletons:
    """One Markdown converter for the generated pages of a build (made at the first page)."""

    def __init__(self, config):
        self.config = config
        self._markdown: markdown.Markdown | None = None

    def convert(self, text: str) -> tuple[str, list]:
        if self._markdown is None:
            self._markdown = markdown.Markdown(
                extensions=self.config["markdown_extensions"], extension_configs=self.config["mdx_configs"] or {}
            )
        converter = self._markdown.reset()
        return converter.convert(text), getattr(converter, "toc_tokens", [])


class EnginePage(Page):
    def __init__(self, file, config, blocks: tuple[str, ...], skeletons: Skeletons):
        super().__init__(None, file, config)
        self.blocks, self.skeletons = zlib.compress(marshal.dumps(tuple(map(str, blocks))), 1), skeletons

    def render(self, config, files) -> None:
        skeleton, tokens = self.skeletons.convert(self.markdown)
        self.content = skeleton  # headings and markers, until `fill`
        self.toc = get_toc(tokens)
        self.present_anchor_ids = set(_ids(tokens))

    def fill(self) -> str:
        """The page's HTML with the engine's blocks in. One pass: text inside a block is never read as a marker."""
        packed, self.blocks = self.blocks, b""  # once, as the page is written
        return fill_blocks(self.content, marshal.loads(zlib.decompress(packed)))


def _ids(tokens):
    for token in tokens:
        yield token["id"]
        yield from _ids(token["children"])
