"""The JSON Schemas come from the models, are committed, and are referenced by every playbook."""

import json

import pytest
from pydantic import ValidationError

from opsbook.kinds import all_kinds
from opsbook.schema import field_rows, schema_for, schema_line, stale_schemas

from .conftest import ROOT


def test_committed_schemas_match_the_models():
    stale = stale_schemas(ROOT / "schemas")
    assert stale == [], f"run `opsbook schema` to update: {stale}"


def test_stale_schema_is_detected(tmp_path):
    kind = all_kinds()[0]
    (tmp_path / kind.schema_file).write_text("{}", encoding="utf-8")
    assert tmp_path / kind.schema_file in stale_schemas(tmp_path)


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.name)
def test_schema_forbids_unknown_fields_and_requires_the_common_ones(kind):
    schema = schema_for(kind)
    assert schema["additionalProperties"] is False
    assert {"id", "title", "summary", "owner", "reviewed"} <= set(schema["required"])
    json.dumps(schema)


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.name)
def test_every_shipped_playbook_starts_with_its_schema_line(kind):
    files = list((ROOT / "playbooks" / kind.folder).glob("*.yaml"))
    assert files
    for path in files:
        assert path.read_text(encoding="utf-8").splitlines()[0] == schema_line(kind)
        assert (path.parent / schema_line(kind).split("=", 1)[1]).resolve() == ROOT / "schemas" / kind.schema_file


def test_reference_rows_describe_nested_fields_and_vocabularies():
    rows = {row["name"]: row for row in field_rows(all_kinds()[0])}
    assert rows["evidence[].proves"]["required"] is True
    assert rows["price_position"]["allowed"] == ["above", "level", "below", "any"]
    assert rows["tags"]["required"] is False
    assert all(row["description"] for row in rows.values())


def test_schema_and_validation_agree_on_a_length_limit():
    kind = all_kinds()[0]
    limit = schema_for(kind)["properties"]["title"]["maxLength"]
    with pytest.raises(ValidationError, match="at most"):
        kind.model.model_validate({"title": "x" * (limit + 1)})
