"""Two changes to how Material's search plugin (pinned exactly) builds the search index.

Under `mkdocs serve`, a page that is as it was in the last build keeps its search entries
(`keep_entries`). Material's search parses every page's HTML and cuts its Chinese text into
words with jieba, at every rebuild; that is the larger part of a rebuild. A save changes a few
pages, so each page's entries are kept with what they were made from (its address, title, HTML,
table of contents and front matter) and reused while all of that is equal. Hooks Material's
SearchIndex.add_entry_from_context (tests/test_serve.py compares a served index with a fresh
build's).

In every build, the index is written with its characters as themselves (`write_characters`):
Material writes each non-ASCII character as a six-byte \\uXXXX escape, so a Chinese index was
twice its size in UTF-8, for readers to download and for the build to hold in memory.
"""

from __future__ import annotations

import json


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
