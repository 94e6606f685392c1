"""The words the engine itself puts on pages (headings, labels, notices), in each edition's language.

Templates write English and wrap it: `{{ _("Steps") }}`, or with values filled in,
`{{ _("Last checked on {date}", date=...) }}`. `locales/<language>.yaml` maps each English
text to the language's own (gettext's idea, in a file a translator can read). English needs no
file. A text with no translation is shown in English and reported, so a strict build fails.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from opsbook.core.languages import SOURCE_LANGUAGE
from opsbook.kinds import all_kinds

log = logging.getLogger("mkdocs.plugins.opsbook")
_FOLDER = Path(__file__).parent / "locales"


@cache
def catalogue(language: str) -> dict[str, dict[str, str]]:
    """The language's words: `text` (the engine's) and `tags` (tag names as its edition shows them).

    From `locales/<language>.yaml` here and, so that a new kind stays one folder, from the
    `locales/<language>.yaml` of each kind's folder (its labels and field descriptions).
    """
    found = {"text": {}, "tags": {}}
    if language == SOURCE_LANGUAGE:
        return found
    for folder in [_FOLDER, *(kind.template_dir / "locales" for kind in all_kinds())]:
        path = folder / f"{language}.yaml"
        if path.exists():
            for part, texts in yaml.safe_load(path.read_text(encoding="utf-8")).items():
                found[part].update(texts or {})
    return found


class Words:
    """`_` for one edition: English text -> the edition's text."""

    def __init__(self, language: str):
        self.language = language
        self.texts = catalogue(language)["text"]
        self.tags = catalogue(language)["tags"]
        self.missing: set[str] = set()

    def text(self, english: str) -> str:
        if self.language == SOURCE_LANGUAGE:
            return english
        found = self.texts.get(english)
        if found is None:
            if english not in self.missing:
                self.missing.add(english)
                log.warning(
                    f"No {self.language} text for {english!r}: add it to opsbook/site/locales/{self.language}.yaml"
                )
            return english
        return found

    def tag(self, name: str) -> str:
        """A tag as this edition shows it; a tag the file does not name is shown as written."""
        return self.tags.get(name, name)

    def __call__(self, english: str, **values) -> Markup:
        """For templates: the text, escaped, with `values` (escaped unless already HTML) filled in."""
        return escape(self.text(english)).format(**values) if values else escape(self.text(english))
