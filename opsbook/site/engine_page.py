"""Generated pages, converted without MkDocs' per-page Markdown set-up.

MkDocs builds a new Python-Markdown instance, with every extension, for each page it renders; for a
generated page that is most of the page's cost, since its Markdown is only section headings and
block markers (render.py: the sections' HTML is made by the engine). An EnginePage converts that
skeleton with one instance shared by all generated pages of a build, configured as mkdocs.yml
configures Markdown, so headings, anchors and the table of contents come out exactly as before.

The engine's blocks go in place of their markers only when the page is written (`fill`, from the
plugin's on_page_context): MkDocs renders every page before it writes the first, and would hold all
pages' HTML at once. Until then a page's blocks (compressed, about a sixth of their size) and, once
every plugin has seen it, its skeleton wait in a temporary file of the build, not in memory (at 2,000
entries, about 7 MB of the English edition's process and 14 MB of the Chinese one's; at 10,000, the
build's peak fell from 1,372 to 1,293 MB).
"""

from __future__ import annotations

import marshal
import os
import tempfile
import zlib

import markdown
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from opsbook.site.render import fill_blocks


class Skeletons:
    """One Markdown converter for the generated pages of a build (made at the first page), and the file
    that holds their parts until each page is written (removed when the build lets go of it)."""

    def __init__(self, config):
        self.config = config
        self._markdown: markdown.Markdown | None = None
        self._held = tempfile.TemporaryFile(prefix="opsbook-pages-")  # noqa: SIM115 (as long as the pages)
        self._end = 0

    def hold(self, data: bytes) -> tuple[int, int]:
        """Keep `data` in the file; returns where, for `take`."""
        at, self._end = self._end, self._end + len(data)
        os.pwrite(self._held.fileno(), data, at)
        return at, len(data)

    def take(self, where: tuple[int, int]) -> bytes:
        at, size = where
        return os.pread(self._held.fileno(), size, at)

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
        self.skeletons = skeletons
        self.blocks_held = skeletons.hold(zlib.compress(marshal.dumps(tuple(map(str, blocks))), 1))
        self.skeleton_held: tuple[int, int] | None = None

    def render(self, config, files) -> None:
        skeleton, tokens = self.skeletons.convert(self.markdown)
        self.content = skeleton  # headings and markers, until `fill`
        self.toc = get_toc(tokens)
        self.present_anchor_ids = set(_ids(tokens))

    def put_away(self, html: str) -> str:
        """The skeleton as every plugin's on_page_content left it goes to the file until `fill`."""
        self.skeleton_held = self.skeletons.hold(html.encode())
        return ""

    def fill(self) -> str:
        """The page's HTML with the engine's blocks in. One pass: text inside a block is never read as a marker."""
        skeleton = self.skeletons.take(self.skeleton_held).decode() if self.skeleton_held else self.content
        blocks = marshal.loads(zlib.decompress(self.skeletons.take(self.blocks_held)))
        return fill_blocks(skeleton, blocks)


def _ids(tokens):
    for token in tokens:
        yield token["id"]
        yield from _ids(token["children"])
