"""All entries as one JSON document, for other tools and for download from the site."""

from __future__ import annotations

import json

from opsbook import __version__
from opsbook.core import translation
from opsbook.core.handbook import Handbook
from opsbook.core.languages import LANGUAGES


def export_document(handbook: Handbook) -> dict:
    """Each entry as its own file has it, with `translations`: per language, the text fields that
    language's edition shows (the entry's own text where a translation is missing), and their state."""
    editions = {language: handbook.edition(language) for language in LANGUAGES}
    return {
        "generator": f"opsbook {__version__}",
        "entries": [
            {
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
            for r in handbook.records
        ],
    }


def export_text(handbook: Handbook, compact: bool = False) -> str:
    """Indented for people reading `opsbook export`; compact for the site's download."""
    indent, separators = (None, (",", ":")) if compact else (2, None)
    return json.dumps(export_document(handbook), indent=indent, separators=separators, ensure_ascii=False) + "\n"
