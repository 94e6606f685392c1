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
worker processes while the build goes on, each different run of Chinese characters once (titles
and terms recur on many pages), and the words are put in before the index is written
(`cut_chinese_at_the_end`). Material cuts each section as it comes, in the build's process; that
was more than half of the Chinese edition's build. The index is the same, byte for byte: the cut
is Material's own (`_segment_chinese`).
"""

from __future__ import annotations

import json
import multiprocessing
import os

from backrefs import bre

# As Material's search plugin finds Chinese text (`_segment_chinese`).
_HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
_BATCH = 4_000  # runs of characters sent to the workers at a time; an edition with fewer is cut in its own process
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


def cut_chinese_at_the_end(index, jieba) -> None:
    """Make `index` gather its Chinese text while pages are added, cut by other processes meanwhile, and
    put the words in before it is written."""
    cutter = _Cutter(jieba)
    index._segment_chinese = cutter.add
    generate = index.generate_search_index

    def generate_search_index(prev):
        cutter.finish(index.entries)
        return generate(prev)

    index.generate_search_index = generate_search_index


class _Cutter:
    def __init__(self, jieba):
        self.jieba = jieba
        self.words: dict[str, str | None] = {}  # each run of Chinese characters -> its cut (None: not back yet)
        self.waiting: list[str] = []
        self.sent: list[tuple[list[str], object]] = []
        self.pool = None

    def add(self, text: str) -> str:
        """Material's `_segment_chinese`, for now: the text as it is, its new runs gathered."""
        for run in _HAN.findall(text):
            if run not in self.words:
                self.words[run] = None
                self.waiting.append(run)
        if len(self.waiting) >= _BATCH and _CORES > 1 and hasattr(os, "fork"):
            self._send()
        return text

    def _send(self) -> None:
        if self.pool is None:  # forked, the workers have jieba's dictionary as loaded here (the handbook's terms too)
            global _jieba
            _jieba = self.jieba
            self.pool = multiprocessing.get_context("fork").Pool(_CORES)
        self.sent.append((self.waiting, self.pool.map_async(_cut_in_worker, self.waiting, chunksize=_BATCH // 8)))
        self.waiting = []

    def finish(self, entries: list[dict]) -> None:
        if self.pool is not None:
            self._send()
            for runs, cut in self.sent:
                self.words.update(zip(runs, cut.get(), strict=True))
            self.pool.close()
            self.pool.join()
        else:  # a few: cut here
            self.words.update((run, _cut(self.jieba, run)) for run in self.waiting)
        for entry in entries:
            for field in ("title", "text"):
                entry[field] = _HAN.sub(lambda found: self.words[found.group(0)], entry[field]).strip("\u200b")


def _cut(jieba, run: str) -> str:
    """Material's cut of one run: words apart and the run set off by zero-width spaces."""
    return "\u200b" + "\u200b".join(jieba.cut(run.encode("utf-8"))) + "\u200b"


_jieba = None  # in a worker of the pool: the jieba module of the process it was forked from


def _cut_in_worker(run: str) -> str:
    return _cut(_jieba, run)
