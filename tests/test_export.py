"""All entries as one JSON document (opsbook/tools/export.py): indented for people, compact for the site."""

import json
from pathlib import Path

import opsbook
from opsbook.tools.export import export_document, export_text, write_export

from .conftest import shipped_entries


def compact_text(handbook, folder: Path) -> str:
    write_export(handbook, str(folder / "downloads/handbook.json"))
    return (folder / "downloads/handbook.json").read_text(encoding="utf-8")


def test_the_text_reads_back_as_the_document_indented_or_compact(shipped_handbook, tmp_path):
    document = export_document(shipped_handbook)
    assert json.loads(export_text(shipped_handbook)) == document
    assert json.loads(compact_text(shipped_handbook, tmp_path)) == document
    assert document["generator"] == f"opsbook {opsbook.__version__}"


def test_every_playbook_is_one_entry_with_its_kind_file_and_fields(shipped_handbook):
    entries = {entry["id"]: entry for entry in json.loads(export_text(shipped_handbook))["entries"]}
    files = list(shipped_entries())
    assert len(entries) == len(files) > 0
    for kind, path, data in files:
        entry = entries[data["id"]]
        assert (entry["kind"], entry["file"]) == (kind.name, f"{kind.folder}/{path.name}")
        assert (entry["title"], entry["owner"]) == (data["title"], data["owner"])
        assert entry["reviewed"] == str(data["reviewed"])  # a date, as YYYY-MM-DD text


def test_indented_for_people_compact_on_one_line(shipped_handbook, tmp_path):
    indented, compact = export_text(shipped_handbook), compact_text(shipped_handbook, tmp_path)
    assert indented.splitlines()[:3] == ["{", f'  "generator": "opsbook {opsbook.__version__}",', '  "entries": [']
    assert compact.endswith("}\n") and compact.count("\n") == 1
    assert compact.startswith(f'{{"generator":"opsbook {opsbook.__version__}","entries":[{{"kind":')
    assert len(compact) < len(indented)


def test_chinese_is_written_as_it_is_not_escaped(shipped_handbook, tmp_path):
    for text in (export_text(shipped_handbook), compact_text(shipped_handbook, tmp_path)):
        assert "报关单" in text and "\\u62a5" not in text
