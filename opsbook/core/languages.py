"""The languages a handbook can be written in, and how a translation file is named.

An entry's own file (`<id>.yaml`) is written in one language, English unless it
says otherwise; each translation sits beside it as `<id>.<language>.yaml`.
"""

from __future__ import annotations

from pathlib import Path

# BCP 47 tag -> the language's name in itself (what a language switcher shows).
LANGUAGES = {"en": "English", "zh-Hans": "简体中文"}
SOURCE_LANGUAGE = "en"
# Each language's name in English, for sentences the editions translate ("the English text changed…").
ENGLISH_NAMES = {"en": "English", "zh-Hans": "Chinese"}


def split_name(path: Path) -> tuple[str, str | None]:
    """A playbook file's id and, for a translation, its language tag: "x.zh-Hans.yaml" -> ("x", "zh-Hans")."""
    stem, dot, tag = path.stem.rpartition(".")
    return (stem, tag) if dot else (path.stem, None)
