"""Generated pages, converted without MkDocs' per-page Markdown set-up.

MkDocs builds a new Python-Markdown instance, with every extension, for each page it renders; for a
generated page that is most of the page's cost, since its Markdown is only section headings and
block markers (render.py: the sections' HTML is made by the engine). An EnginePage converts that
skeleton with one instance shared by all generated pages of a build, configured as mkdocs.yml
configures Markdown, so headings, anchors and the table of contents come out exactly as before,
and puts the engine's blocks in place of their markers.
"""

from __future__ import annotations

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
        self.blocks, self.skeletons = blocks, skeletons

    def render(self, config, files) -> None:
        skeleton, tokens = self.skeletons.convert(self.markdown)
        # One pass over the skeleton's HTML: text inside a block is never read as a marker.
        self.content = fill_blocks(skeleton, self.blocks)
        self.blocks = ()  # now in the content: not kept twice
        self.toc = get_toc(tokens)
        self.present_anchor_ids = set(_ids(tokens))


def _ids(tokens):
    for token in tokens:
        yield token["id"]
        yield from _ids(token["children"])
