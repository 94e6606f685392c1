"""Words for Chinese search: jieba, which Material's search uses to cut Chinese text into words,
does not know the trade's terms (小二, 好评返现, 主会场, 店铺动态评分…) and would cut them apart.
The handbook's own terms are given to it as a user dictionary."""

from __future__ import annotations

import tempfile
from pathlib import Path

import jieba

from opsbook.core.handbook import Handbook

_WEIGHT = 50_000  # high enough that jieba keeps each term whole


def terms(handbook: Handbook) -> list[str]:
    """Every entry's Chinese term, longest first; jieba's dictionary format has no room for spaces."""
    found = {record.entry.chinese for record in handbook.records if record.entry.chinese}
    return sorted((term for term in found if " " not in term), key=lambda term: (-len(term), term))


def add_terms(terms: list[str]) -> None:
    """Give jieba the terms it lacks, as loading `user_dictionary` does (a second call adds nothing)."""
    for term in _lacking(terms):
        jieba.add_word(term, _WEIGHT)


def user_dictionary(handbook: Handbook) -> Path:
    """A new jieba user dictionary file of the handbook's terms (private to this user); the caller deletes it.

    jieba's dictionary is one per process, and adding a word it has adds its weight to the total again,
    which changes how every other text is cut. So the file holds only the terms jieba does not have yet
    with this weight: each edition of a build, and each rebuild under serve, cuts text as a fresh build does.
    """
    handle, name = tempfile.mkstemp(prefix="opsbook-jieba-", suffix=".txt")
    with open(handle, "w", encoding="utf-8") as file:
        file.writelines(f"{term} {_WEIGHT}\n" for term in _lacking(terms(handbook)))
    return Path(name)


def _lacking(terms: list[str]) -> list[str]:
    """The terms jieba's dictionary (loaded now, if it was not) does not have with this weight."""
    jieba.dt.check_initialized()
    return [term for term in terms if jieba.dt.FREQ.get(term) != _WEIGHT]
