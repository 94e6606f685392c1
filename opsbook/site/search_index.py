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

In a build (not under serve, where pages keep their entries), the index is written to its file a
thousand sections at a time as the pages come, and their Chinese text is cut into words by worker
processes while the build goes on (`WrittenAsItComes`). Material cuts each section as it comes, in the
build's process (more than half of the Chinese edition's build), and holds the whole index until the
end, then its JSON text, then that text's UTF-8 copy (three copies of a 160 MB index at 10,000
entries). The file is the same, byte for byte: the workers run Material's own `_segment_chinese`, and
each entry is written as Material's `json.dumps` writes it.
"""

from __future__ import annotations

import collections
import functools
import json
import multiprocessing
import os
import sys

from material.plugins.search.plugin import SearchIndex

from opsbook.site import editions, search_words

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


class WrittenAsItComes:
    """Material's search index of a build, written beside `path` a batch of sections at a time, its Chinese cut
    into words apart from the build. Material's own writing (its on_post_build) writes an empty file; `finish`,
    after it, puts the whole index in its place."""

    def __init__(self, index, path: str, terms: list[str]):
        self.index, self.path, self.terms = index, path, terms  # terms: the handbook's words for jieba
        self.sent: collections.deque[tuple[list[dict], object]] = collections.deque()  # (sections, their words)
        self.pool = None
        self.file = None
        index._segment_chinese = self._later
        index.generate_search_index = lambda prev: ""

    def _later(self, text: str) -> str:
        """Material's `_segment_chinese` while pages are added: the text as it is, cut later."""
        if len(self.index.entries) >= _BATCH:
            self._send()
        return text

    def _send(self, last: bool = False) -> None:
        batch = list(self.index.entries)
        self.index.entries.clear()  # the list Material appends to: it only ever holds the next batch
        texts = [(entry["title"], entry["text"]) for entry in batch]
        # Two bytes more in UTF-8 for each Chinese character: an English edition's few are cut here.
        chinese = sum(len(text.encode()) - len(text) for pair in texts for text in pair) // 2
        # A small index is one batch, sent when the pages are done: a worker would only make the build wait longer.
        if not texts or chinese < _WORTH_A_WORKER * len(texts) or _CORES < 2 or (last and self.pool is None):
            search_words.add_terms(self.terms)  # jieba is not loaded in a build until a batch is cut here
            words = _Done([_cut(pair) for pair in texts])
        else:
            if self.pool is None:
                spawn = multiprocessing.get_context("spawn")
                self.pool = spawn.Pool(max(1, _CORES - 1), initializer=_as_worker, initargs=(self.terms,))
            words = self.pool.map_async(_cut, texts, chunksize=64)
        self.sent.append((batch, words))
        self._write(wait=False)

    def _write(self, wait: bool) -> None:
        """Write the batches whose words are back, in the order they were sent."""
        while self.sent and (wait or self.sent[0][1].ready()):
            batch, words = self.sent.popleft()
            if self.file is None:
                os.makedirs(os.path.dirname(self.path), exist_ok=True)
                self.file = open(self.path + ".part", "w", encoding="utf-8")  # noqa: SIM115 (open until `finish`)
                config = {key: self.index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
                self.file.write('{"config":' + _dumps(config) + ',"docs":[')
            else:
                self.file.write(",")
            for number, (entry, (title, text)) in enumerate(zip(batch, words.get(), strict=True)):
                entry["title"], entry["text"] = title, text
                self.file.write(("," if number else "") + _dumps(entry))

    def finish(self) -> None:
        if self.index.entries or not (self.sent or self.file):  # the last batch; an empty index is written too
            self._send(last=True)
        self._write(wait=True)
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
    """Words cut in this process, answering as the workers' answer does."""

    def __init__(self, words: list):
        self.words = words

    def ready(self) -> bool:
        return True

    def get(self) -> list:
        return self.words


def _dumps(data) -> str:
    """As Material's search plugin writes its index (with `write_characters`)."""
    return json.dumps(data, separators=(",", ":"), default=str, ensure_ascii=False)


def _cut(texts: tuple[str, str]) -> tuple[str, str]:
    return tuple(_segment_chinese(None, text) for text in texts)


def _as_worker(terms: list[str]) -> None:
    """A worker is a new process (a forked one would share, then copy, the build's memory as either side touches
    it) with jieba's dictionary as the build's would be, and cuts each run of Chinese once (titles and terms recur
    on many pages). It ends with the build, in silence: a build that is stopped has said so, and a failed cut
    comes back to the build as its error."""
    editions.ends_with_parent()
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (open for the worker's life)
    search_words.add_terms(terms)
    module = sys.modules[SearchIndex.__module__]
    module.jieba = _Remembering(module.jieba)


class _Remembering:
    """jieba, remembering the words of the last runs of Chinese it cut."""

    def __init__(self, jieba):
        self.cut = functools.lru_cache(maxsize=10_000)(lambda run: tuple(jieba.cut(run)))
