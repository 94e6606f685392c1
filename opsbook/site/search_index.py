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

In a build (not under serve, where pages keep their entries), each page's sections are made and their
Chinese cut into words by worker processes while the build goes on, and written to the index's file in
the pages' order as they come back (`WrittenAsItComes`). Material parses each page and cuts its Chinese in
the build's process (more than half of the Chinese edition's build), and holds the whole index until the
end, then its JSON text, then that text's UTF-8 copy (three copies of a 160 MB index at 10,000
entries). The file is the same, byte for byte: the workers run Material's own SearchIndex, and each
entry is written as Material's `json.dumps` writes it.
"""

from __future__ import annotations

import collections
import functools
import json
import multiprocessing
import os
import sys
from types import SimpleNamespace

from material.plugins.search.plugin import SearchIndex

from opsbook.site import editions, search_words

_WORTH_WORKERS = 300  # pages in the edition, for workers to make its index (starting them takes a second)
_AHEAD = 64  # pages handed to the workers and not written yet, at most (each holds its HTML)
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


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
    """Material's search index of a build, written beside `path` a page at a time, each page's sections made apart
    from the build (`expect`). Material's own writing (its on_post_build) writes an empty file; `finish`, after it,
    puts the whole index in its place."""

    def __init__(self, index, path: str, terms: list[str]):
        self.index, self.path, self.terms = index, path, terms  # terms: the handbook's words for jieba
        self.pending: collections.deque = collections.deque()  # each page's entries, as JSON, in the pages' order
        self.pool = None
        self.file, self.separator = None, ""
        self._index_here = index.add_entry_from_context
        index.add_entry_from_context = self.add
        index.generate_search_index = lambda prev: ""

    def expect(self, pages: int) -> None:
        """Before the first page: the edition has `pages` pages. Enough of them, and a spare core, and workers make
        their entries; else this process does, with the handbook's terms given to jieba now (a build's process
        does not load jieba otherwise)."""
        if pages >= _WORTH_WORKERS and _CORES > 1:
            spawn = multiprocessing.get_context("spawn")
            config = (self.terms, dict(self.index.config))
            self.pool = spawn.Pool(max(1, _CORES - 1), initializer=_as_worker, initargs=config)
        else:
            search_words.add_terms(self.terms)

    def add(self, page) -> None:
        """Material's `add_entry_from_context`, for one page: its entries are written when they are made."""
        if self.pool is None:
            self._index_here(page)
            self.pending.append(_Done([_dumps(entry) for entry in self.index.entries]))
            self.index.entries.clear()
        else:  # what Material's SearchIndex reads of a page (its HTML is changed after this)
            seen = SimpleNamespace(url=page.url, title=page.title, meta=page.meta, toc=page.toc, content=page.content)
            self.pending.append(self.pool.apply_async(_index_page, (seen,)))
        self._write(keep=_AHEAD)

    def _write(self, keep: int) -> None:
        """Write the pages whose entries are back, in the pages' order; wait while more than `keep` are not."""
        while self.pending and (len(self.pending) > keep or self.pending[0].ready()):
            entries = self.pending.popleft().get()
            if self.file is None:
                os.makedirs(os.path.dirname(self.path), exist_ok=True)
                self.file = open(self.path + ".part", "w", encoding="utf-8")  # noqa: SIM115 (open until `finish`)
                config = {key: self.index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
                self.file.write('{"config":' + _dumps(config) + ',"docs":[')
            for entry in entries:
                self.file.write(self.separator + entry)
                self.separator = ","

    def finish(self) -> None:
        self.pending.append(_Done([]))  # an empty index is written too
        self._write(keep=0)
        self.file.write("]}")
        self.file.close()
        os.replace(self.file.name, self.path)
        self.file = None
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def close(self) -> None:
        """When the build fails: the workers stop, and no part of the index is left."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None
        if self.file is not None:
            self.file.close()
            os.remove(self.file.name)
            self.file = None


class _Done:
    """Entries made in this process, answering as the workers' answer does."""

    def __init__(self, entries: list):
        self.entries = entries

    def ready(self) -> bool:
        return True

    def get(self) -> list:
        return self.entries


def _dumps(data) -> str:
    """As Material's search plugin writes its index (with `write_characters`)."""
    return json.dumps(data, separators=(",", ":"), default=str, ensure_ascii=False)


_worker_index: SearchIndex | None = None  # in a worker: Material's index of the edition's pages, one at a time


def _index_page(page) -> list[str]:
    _worker_index.entries = []
    _worker_index.add_entry_from_context(page)
    return [_dumps(entry) for entry in _worker_index.entries]


def _as_worker(terms: list[str], config: dict) -> None:
    """A worker is a new process (a forked one would share, then copy, the build's memory as either side touches
    it) with jieba's dictionary as the build's would be, and cuts each run of Chinese once (titles and terms recur
    on many pages). It ends with the build, in silence: a build that is stopped has said so, and a page that
    fails comes back to the build as its error."""
    editions.ends_with_parent()
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (open for the worker's life)
    search_words.add_terms(terms)
    module = sys.modules[SearchIndex.__module__]
    module.jieba = _Remembering(module.jieba)
    global _worker_index
    _worker_index = SearchIndex(**config)


class _Remembering:
    """jieba, remembering the words of the last runs of Chinese it cut."""

    def __init__(self, jieba):
        self.cut = functools.lru_cache(maxsize=10_000)(lambda run: tuple(jieba.cut(run)))
