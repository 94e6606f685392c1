"""Three changes to how Material's search plugin (pinned exactly) builds the search index.

Under `mkdocs serve`, a page that is as it was in the last build keeps its search entries
(`keep_entries`). Material's search parses every page's HTML and cuts its Chinese text into
words with jieba, at every rebuild; that is the larger part of a rebuild. A save changes a few
pages, so each page's entries are kept with what they were made from (its address, title, HTML,
table of contents and front matter) and reused while all of that is equal. Hooks Material's
SearchIndex.add_entry_from_context (tests/test_serve.py compares a served index with a fresh
build's).

The index is written with its characters as themselves (`write_characters` where Material writes it):
Material writes each non-ASCII character as a six-byte \\uXXXX escape, so a Chinese index was
twice its size in UTF-8, for readers to download and for the build to hold in memory.

In a build (not under serve, where pages keep their entries), each page's entries are written to the index's
file as the page is indexed (`WrittenAsItComes`): Material holds the whole index until the end, then its JSON
text, then that text's UTF-8 copy (three copies of a 160 MB index at 10,000 entries). The file is the same,
byte for byte: Material's own SearchIndex makes the entries, and each is written as Material's `json.dumps`
writes it. The entries are made in the edition's own process: worker processes made them 8-14% faster at 2,000
entries on two cores, but each held a copy of the imports and of jieba's dictionary (120-150 MB), which took a
10,000-entry build over 1 GB.
"""

from __future__ import annotations

import json
import os

from opsbook.site import search_words


def keep_entries(index, kept: dict) -> None:
    """Make the search index of this build reuse `kept` (page URL -> (its inputs, its entries)), and fill it.

    Pages that are gone stay in `kept` until the server stops: an entry is only ever reused for equal inputs.
    """
    index_page = index.add_entry_from_context

    def add_entry_from_context(page) -> None:
        made_from = (page.title, page.content, str(page.toc), json.dumps(page.meta, sort_keys=True, default=str))
        last = kept.get(page.url)
        if last and last[0] == made_from:
            index.entries.extend(last[1])
            return
        start = len(index.entries)
        index_page(page)
        kept[page.url] = (made_from, index.entries[start:])

    index.add_entry_from_context = add_entry_from_context


class _Characters:
    """The `json` Material's search plugin uses: the same, but writing characters as themselves."""

    loads = staticmethod(json.loads)

    @staticmethod
    def dumps(data, **options) -> str:
        return json.dumps(data, ensure_ascii=False, **options)


def write_characters(search_plugin_module) -> None:
    search_plugin_module.json = _Characters


class WrittenAsItComes:
    """Material's search index of a build, written beside `path` a page at a time. Material's own writing (its
    on_post_build) writes an empty file; `finish`, after it, puts the whole index in its place."""

    def __init__(self, index, path: str, terms: list[str]):
        search_words.add_terms(terms)  # the handbook's words, for jieba (a build's process has no user dictionary)
        self.index, self.path = index, path
        self.file, self.separator = None, ""
        self._index_here = index.add_entry_from_context
        index.add_entry_from_context = self.add
        index.generate_search_index = lambda prev: ""

    def add(self, page) -> None:
        """Material's `add_entry_from_context`, for one page: its entries are written as they are made."""
        self._index_here(page)
        self._write(self.index.entries)
        self.index.entries.clear()

    def _write(self, entries: list) -> None:
        if self.file is None:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            self.file = open(self.path + ".part", "w", encoding="utf-8")  # noqa: SIM115 (open until `finish`)
            config = {key: self.index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
            self.file.write('{"config":' + _dumps(config) + ',"docs":[')
        for entry in entries:
            self.file.write(self.separator + _dumps(entry))
            self.separator = ","

    def finish(self) -> None:
        self._write([])  # an empty index is written too
        self.file.write("]}")
        self.file.close()
        os.replace(self.file.name, self.path)
        self.file = None

    def close(self) -> None:
        """When the build fails: no part of the index is left."""
        if self.file is not None:
            self.file.close()
            os.remove(self.file.name)
            self.file = None


def _dumps(data) -> str:
    """As Material's search plugin writes its index (with `write_characters`)."""
    return json.dumps(data, separators=(",", ":"), default=str, ensure_ascii=False)
