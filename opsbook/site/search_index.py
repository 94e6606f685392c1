"""Three changes to how Material's search plugin (pinned exactly) builds the search index.

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

In a build (not under serve, where pages keep their entries), Chinese text is cut into words by
worker processes while the build goes on, and the words are put in before the index is written
(`cut_chinese_at_the_end`). Material cuts each section as it comes, in the build's process; that
was more than half of the Chinese edition's build. The index is the same, byte for byte: the
workers run Material's own `_segment_chinese`.
"""

from __future__ import annotations

import functools
import gc
import json
import multiprocessing
import os
import sys

from material.plugins.search.plugin import SearchIndex

from opsbook.site import editions

# Material's own cut of a section's text (`self` is not used); the index's instance hides it while pages are added.
_segment_chinese = SearchIndex._segment_chinese
_BATCH = 1_000  # sections sent to the workers at a time
_WORTH_A_WORKER = 50  # Chinese characters per section, on average over a batch, for the workers to cut it
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


def cut_chinese_at_the_end(index) -> None:
    """Make `index` send its sections' text to worker processes, which cut its Chinese into words with
    Material's own `_segment_chinese` while the build goes on; the words are in before the index is written."""
    cutter = _Cutter(index)
    index._segment_chinese = cutter.later
    generate = index.generate_search_index

    def generate_search_index(prev):
        cutter.finish()
        written = generate(prev)
        index.entries.clear()  # in the text written: free before Material makes the encoded copy
        return written

    index.generate_search_index = generate_search_index


class _Cutter:
    def __init__(self, index):
        self.entries: list[dict] = index.entries
        self.sent_up_to = 0  # entries before this one are with the workers, or cut
        self.sent: list[tuple[int, object]] = []  # (first entry, the workers' answer)
        self.pool = None

    def later(self, text: str) -> str:
        """Material's `_segment_chinese` while pages are added: the text as it is, cut later."""
        if len(self.entries) - self.sent_up_to >= _BATCH:
            self._send()
        return text

    def _send(self) -> None:
        texts = [(entry["title"], entry["text"]) for entry in self.entries[self.sent_up_to :]]
        # Two bytes more in UTF-8 for each Chinese character: an English edition's few are cut here.
        chinese = sum(len(text.encode()) - len(text) for pair in texts for text in pair) // 2
        if chinese < _WORTH_A_WORKER * len(texts) or _CORES < 2 or not hasattr(os, "fork"):
            self.sent.append((self.sent_up_to, [_cut(pair) for pair in texts]))
        else:
            if self.pool is None:  # forked: the workers have jieba's dictionary as loaded here (the handbook's terms)
                self.pool = multiprocessing.get_context("fork").Pool(max(1, _CORES - 1), initializer=_as_worker)
            self.sent.append((self.sent_up_to, self.pool.map_async(_cut, texts, chunksize=64)))
        self.sent_up_to = len(self.entries)
        self._take_answers(wait=False)

    def _take_answers(self, wait: bool) -> None:
        while self.sent and (wait or isinstance(self.sent[0][1], list) or self.sent[0][1].ready()):
            first, answer = self.sent.pop(0)
            texts = answer if isinstance(answer, list) else answer.get()
            for entry, (title, text) in zip(self.entries[first : first + len(texts)], texts, strict=True):
                entry["title"], entry["text"] = title, text

    def finish(self) -> None:
        if self.sent_up_to < len(self.entries):
            self._send()
        self._take_answers(wait=True)
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


def _cut(texts: tuple[str, str]) -> tuple[str, str]:
    return tuple(_segment_chinese(None, text) for text in texts)


def _as_worker() -> None:
    """A worker keeps its parent's objects as they are (the collector would touch, and so copy, every one of
    them), and cuts each run of Chinese once (titles and terms recur on many pages). It ends with the build, in
    silence: a build that is stopped has said so, and a failed cut comes back to the build as its error."""
    gc.freeze()
    editions.ends_with_parent()
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (open for the worker's life)
    module = sys.modules[SearchIndex.__module__]
    module.jieba = _Remembering(module.jieba)


class _Remembering:
    """jieba, remembering the words of the last runs of Chinese it cut."""

    def __init__(self, jieba):
        self.cut = functools.lru_cache(maxsize=10_000)(lambda run: tuple(jieba.cut(run)))
