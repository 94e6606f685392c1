"""The JSON Schemas come from the models and the ids that exist, are committed, and are referenced by
every playbook."""

import json
import re
from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from opsbook.core.schema import (
    DATE_PATTERN,
    IDS_FILE,
    REFERENCE,
    field_rows,
    ids_schema,
    ids_schema_text,
    resolve,
    schema_for,
    schema_line,
    schema_text,
    stale_schemas,
)
from opsbook.kinds import all_kinds, by_name

from .conftest import ROOT, opsbook

EVIDENCE = "playbooks/evidence/customs-declaration-form.yaml"


def test_committed_schemas_match_the_models_and_the_ids(shipped_handbook):
    stale = stale_schemas(ROOT / "schemas", shipped_handbook)
    assert stale == [], f"run `opsbook schema` to update: {stale}"


def test_stale_schema_is_detected(tmp_path, shipped_handbook):
    kind = all_kinds()[0]
    (tmp_path / kind.schema_file).write_text("{}", encoding="utf-8")
    assert tmp_path / kind.schema_file in stale_schemas(tmp_path, shipped_handbook)


def test_ids_schema_lists_the_valid_entries_of_each_kind(shipped_handbook):
    defs = ids_schema(shipped_handbook)["$defs"]
    assert set(defs) == {f"{kind.name}-id" for kind in all_kinds()} | {"playbook-id"}  # "playbook": any kind
    for kind in all_kinds():
        on_disk = sorted(
            path.stem for path in (ROOT / "playbooks" / kind.folder).glob("*.yaml") if "." not in path.stem
        )
        assert defs[f"{kind.name}-id"]["enum"] == on_disk
    assert "customs-declaration-form" in defs["evidence-id"]["enum"]
    assert defs["playbook-id"]["enum"] == sorted(record.entry.id for record in shipped_handbook.records)


@pytest.mark.parametrize("change", ["added", "removed"])
def test_schema_check_fails_when_an_entry_is_added_or_removed_until_schema_is_run(handbook, change):
    copy = handbook / EVIDENCE.replace("customs-declaration-form", "customs-form-copy")
    if change == "added":
        text = (handbook / EVIDENCE).read_text(encoding="utf-8")
        copy.write_text(text.replace("id: customs-declaration-form", "id: customs-form-copy"), encoding="utf-8")
    else:
        (handbook / "playbooks/evidence/source-purchase-footage.yaml").unlink()
    result = opsbook("schema", "--check", cwd=handbook)
    assert result.returncode == 1
    assert result.output.strip() == f"schemas/{IDS_FILE}: out of date; run: opsbook schema"
    assert opsbook("schema", cwd=handbook).returncode == 0
    assert opsbook("schema", "--check", cwd=handbook).returncode == 0
    ids = json.loads((handbook / "schemas" / IDS_FILE).read_text(encoding="utf-8"))["$defs"]["evidence-id"]["enum"]
    assert ("customs-form-copy" in ids) == (change == "added")
    assert ("source-purchase-footage" in ids) == (change == "added")
    for kind in all_kinds():  # the per-kind schemas do not change with the entries
        assert (handbook / "schemas" / kind.schema_file).read_bytes() == (
            ROOT / "schemas" / kind.schema_file
        ).read_bytes()


def test_schema_leaves_out_files_with_problems_and_says_so(handbook):
    path = handbook / EVIDENCE
    path.write_text(path.read_text(encoding="utf-8").replace("reviewed: ", "reviewed: 2026-02-30 #"), encoding="utf-8")
    result = opsbook("schema", cwd=handbook)
    assert result.returncode == 0, result.output
    assert "1 playbook file(s) with problems left out of the ids; see: opsbook validate" in result.output
    ids = json.loads((handbook / "schemas" / IDS_FILE).read_text(encoding="utf-8"))["$defs"]["evidence-id"]["enum"]
    assert "customs-declaration-form" not in ids and "brand-authorisation-letter" in ids


def _node_at(schema: dict, path: tuple) -> dict:
    """The schema of the value at `path` (field names and list positions) of an entry."""
    node = schema
    for step in path:
        node = resolve(node, schema)
        node = node["items"] if isinstance(step, int) else node["properties"][step]
    return node


def _reference_nodes(node, found: list):
    if isinstance(node, dict):
        if REFERENCE in node:
            found.append(node)
        for value in node.values():
            _reference_nodes(value, found)
    elif isinstance(node, list):
        for value in node:
            _reference_nodes(value, found)
    return found


def test_every_reference_the_models_report_takes_the_ids_of_its_kind_in_the_schema(shipped_handbook):
    """references() (what the validator checks) and the schema's reference fields name the same fields."""
    schemas = {kind.name: schema_for(kind) for kind in all_kinds()}
    used = set()
    for record in shipped_handbook.records:
        for reference in record.entry.references():
            node = _node_at(schemas[record.kind.name], reference.path)
            assert node.get("$ref") == f"{IDS_FILE}#/$defs/{reference.kind}-id", (record.display_path, reference.path)
            used.add(id(node))
    marked = {id(node) for schema in schemas.values() for node in _reference_nodes(schema, [])}
    assert used and used == marked  # every marked field is one that the shipped entries' references() use


def test_a_reference_in_the_schema_has_no_example_and_no_pattern_of_its_own():
    evidence, rule = sorted(_reference_nodes(schema_for(by_name("strategy")), []), key=lambda node: node[REFERENCE])
    assert evidence == {
        "$ref": f"{IDS_FILE}#/$defs/evidence-id",
        "type": "string",
        REFERENCE: "evidence",
        "title": "Evidence",
        "description": "The id of an evidence entry this strategy relies on.",
    }
    assert rule["$ref"] == f"{IDS_FILE}#/$defs/rule-id" and "pattern" not in rule and "examples" not in rule


def _days(year: int):
    for month in range(0, 14):
        for day in range(0, 33):
            yield f"{year:04d}-{month:02d}-{day:02d}"


@pytest.mark.parametrize("year", [2024, 2026, 2100])
def test_the_schemas_date_pattern_accepts_the_days_that_exist_and_february_29(year):
    accepted = {text for text in _days(year) if re.match(DATE_PATTERN, text)}
    first = date(year, 1, 1)
    exist = {(first + timedelta(days=n)).isoformat() for n in range(366) if (first + timedelta(days=n)).year == year}
    assert accepted == exist | {f"{year}-02-29"}  # the validator is exact; the schema lets February 29 through
    assert not any(
        re.match(DATE_PATTERN, text)
        for text in ("2026-1-01", "2026-01-1", "26-01-01", "2026-01-01x", "2026-01-01T00:00", " 2026-01-01")
    )


def test_every_date_field_carries_the_date_pattern():
    for kind in all_kinds():
        text = schema_text(kind)
        assert text.count('"format": "date"') == text.count('"pattern": ' + json.dumps(DATE_PATTERN)) >= 1


def test_the_site_publishes_the_ids_schema_next_to_the_kinds_schemas(built_site, shipped_handbook):
    published = (built_site / "schemas" / IDS_FILE).read_text(encoding="utf-8")
    assert published == ids_schema_text(shipped_handbook)
    assert "customs-declaration-form" in published


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.name)
def test_schema_forbids_unknown_fields_and_requires_the_common_ones(kind):
    schema = schema_for(kind)
    assert schema["additionalProperties"] is False
    assert {"id", "title", "summary", "owner", "reviewed"} <= set(schema["required"])
    json.dumps(schema)


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.name)
def test_every_shipped_playbook_starts_with_its_schema_line(kind):
    files = [path for path in (ROOT / "playbooks" / kind.folder).glob("*.yaml") if "." not in path.stem]
    assert files
    for path in files:
        assert path.read_text(encoding="utf-8").splitlines()[0] == schema_line(kind)
        assert (path.parent / schema_line(kind).split("=", 1)[1]).resolve() == ROOT / "schemas" / kind.schema_file


def test_reference_rows_describe_nested_fields_and_vocabularies():
    rows = {row["name"]: row for row in field_rows(by_name("strategy"))}
    assert rows["evidence[].proves"]["required"] is True
    assert rows["price_position"]["allowed"] == ["above", "level", "below", "any"]
    assert rows["tags"]["required"] is False
    assert rows["evidence[].evidence"]["type"] == "the id of an entry in playbooks/evidence/"
    assert all(row["description"] for row in rows.values())


def test_schema_and_validation_agree_on_a_length_limit():
    kind = all_kinds()[0]
    limit = schema_for(kind)["properties"]["title"]["maxLength"]
    with pytest.raises(ValidationError, match="at most"):
        kind.model.model_validate({"title": "x" * (limit + 1)})
