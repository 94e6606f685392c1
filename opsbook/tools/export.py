"""All entries as one JSON document, for other tools and for download from the site."""

from __future__ import annotations

import json
import os

from opsbook import __version__
from opsbook.core import translation
from opsbook.core.handbook import Handbook
from opsbook.core.languages import LANGUAGES

_GENERATOR = f"opsbook {__version__}"


def export_document(handbook: Handbook) -> dict:
    """Each entry as its own file has it, with `translations`: per language, the text fields that
    language's edition shows (the entry's own text where a translation is missing), and their state."""
    return {"generator": _GENERATOR, "entries": list(_entries(handbook))}


def _entries(handbook: Handbook):
    editions = {language: handbook.edition(language) for language in LANGUAGES}
    for r in handbook.records:
        yield {
            "kind": r.kind.name,
            "file": r.relative_path,
            **r.entry.model_dump(mode="json"),
            "translations": {
                language: {"state": shown.text, **translation.source_text(shown.entry)}
                for language, edition in editions.items()
                if language != r.entry.language
                for shown in [edition.get(r.entry.id)]
            },
        }


def write_export(handbook: Handbook, path: str) -> None:
    """The site's download: the same document, compact, written an entry at a time (never held as one text)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(f'{{"generator":{_compact(_GENERATOR)},"entries":[')
        for number, entry in enumerate(_entries(handbook)):
            file.write(("," if number else "") + _compact(entry))
        file.write("]}\n")


def export_text(handbook: Handbook) -> str:
    """Indented, for people reading `opsbook export`."""
    return json.dumps(export_document(handbook), indent=2, ensure_ascii=False) + "\n"


def _compact(data) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
