"""All entries as one JSON document, for other tools and for download from the site."""

from __future__ import annotations

import json

from opsbook import __version__
from opsbook.core.handbook import Handbook


def export_document(handbook: Handbook) -> dict:
    return {
        "generator": f"opsbook {__version__}",
        "entries": [
            {"kind": r.kind.name, "file": r.relative_path, **r.entry.model_dump(mode="json")} for r in handbook.records
        ],
    }


def export_text(handbook: Handbook, compact: bool = False) -> str:
    """Indented for people reading `opsbook export`; compact for the site's download."""
    indent, separators = (None, (",", ":")) if compact else (2, None)
    return json.dumps(export_document(handbook), indent=indent, separators=separators, ensure_ascii=False) + "\n"
