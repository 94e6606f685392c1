"""All entries as one JSON document (opsbook/tools/export.py): indented for people, compact for the site."""

import json

import opsbook
from opsbook.tools.export import export_document, export_text

from .conftest import shipped_entries


def test_the_text_reads_back_as_the_document_indented_or_compact(shipped_handbook):
    document = export_document(shipped_handbook)
    assert json.loads(export_text(shipped_handbook)) == document
    assert json.loads(export_text(shipped_handbook, compact=True)) == document
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


def test_indented_for_people_compact_on_one_line(shipped_handbook):
    indented, compact = export_text(shipped_handbook), export_text(shipped_handbook, compact=True)
    assert indented.splitlines()[:3] == ["{", f'  "generator": "opsbook {opsbook.__version__}",', '  "entries": [']
    assert compact.endswith("}\n") and compact.count("\n") == 1
    assert compact.startswith(f'{{"generator":"opsbook {opsbook.__version__}","entries":[{{"kind":')
    assert len(compact) < len(indented)


def test_chinese_is_written_as_it_is_not_escaped(shipped_handbook):
    for text in (export_text(shipped_handbook), export_text(shipped_handbook, compact=True)):
        assert "报关单" in text and "\\u62a5" not in text
