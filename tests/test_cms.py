"""The form editor's configuration is made from the kinds' models (opsbook/site/cms.py)."""

from __future__ import annotations

import yaml

from opsbook.core.problems import CATALOGUE
from opsbook.core.schema import schema_for
from opsbook.kinds import all_kinds, by_name
from opsbook.site import cms

from .conftest import mkdocs_build


def _collection(name: str) -> dict:
    return next(c for c in cms.config("https://github.com/acme/handbook")["collections"] if c["name"] == name)


def _fields(collection: dict) -> dict:
    return {field["name"]: field for field in collection["fields"]}


def test_one_collection_per_kind_and_one_per_translation_over_the_kinds_folder():
    settings = cms.config("https://github.com/acme/handbook.git")
    assert settings["backend"] == {"name": "github", "repo": "acme/handbook", "branch": "main", "open_authoring": True}
    assert settings["publish_mode"] == "editorial_workflow"  # saving opens a pull request
    names = [c["name"] for c in settings["collections"]]
    assert names == [n for kind in all_kinds() for n in (kind.name, f"{kind.name}-zh-Hans")]
    for kind in all_kinds():
        entries, translations = _collection(kind.name), _collection(f"{kind.name}-zh-Hans")
        assert entries["folder"] == translations["folder"] == f"playbooks/{kind.folder}"
        assert (entries["extension"], translations["extension"]) == ("yaml", "zh-Hans.yaml")
        assert list(_fields(entries)) == list(schema_for(kind)["properties"])  # the model's fields, in order
        assert "id" not in _fields(translations) and "translates" in _fields(translations)
        assert translations["create"] is False


def test_each_field_gets_the_widget_that_fits():
    strategy = _fields(_collection("strategy"))
    assert strategy["price_position"]["widget"] == "select"
    assert strategy["price_position"]["options"] == ["above", "level", "below", "any"]
    assert strategy["id"]["pattern"] == ["^[a-z0-9]+(-[a-z0-9]+)*$", CATALOGUE["bad-id"].fix]
    assert strategy["id"]["required"] is True and strategy["chinese"]["required"] is False
    assert strategy["reviewed"]["widget"] == "datetime" and strategy["reviewed"]["format"] == "YYYY-MM-DD"
    assert strategy["when_to_use"]["widget"] == "text"  # several lines, kept as typed
    assert strategy["summary"]["widget"] == "string"
    assert strategy["steps"]["widget"] == "list" and strategy["steps"]["min"] == 1
    evidence = {f["name"]: f for f in strategy["evidence"]["fields"]}
    assert evidence["evidence"]["widget"] == "relation" and evidence["evidence"]["collection"] == "evidence"
    checks = {f["name"]: f for f in strategy["self_check"]["fields"]}
    choices = {f["name"]: f for f in checks["choices"]["fields"]}
    assert choices["right"]["widget"] == "boolean"
    doubts = _fields(_collection("evidence"))["removes_doubts"]
    assert doubts["widget"] == "select" and doubts["multiple"] is True and "counterfeit" in doubts["options"]
    module = _fields(_collection("module"))
    assert module["step"] == {**module["step"], "widget": "number", "value_type": "int", "min": 1}
    assert module["words"]["widget"] == "relation" and module["words"]["multiple"] is True
    assert module["read"]["widget"] == "list"  # any kind: an id, checked by its pattern
    assert strategy["title"]["hint"] == by_name("strategy").model.model_fields["title"].description


def test_the_built_site_carries_the_editor_and_its_configuration(built_site):
    admin = built_site / "admin"
    assert (admin / "decap-cms.js").is_file() and (admin / "js-yaml.min.js").is_file()
    settings = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert settings == cms.config("https://github.com/opsbook/opsbook")
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert page.index("decap-cms.js") < page.index("opsbook-cms.js") and "CMS_MANUAL_INIT" in page
    assert not list(admin.glob("*.map")) and not (admin / "cms.js").exists()  # only what the page loads


def test_without_decap_installed_the_site_is_built_without_the_editor(handbook):
    settings = handbook / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("editor: tools/node_modules", 'editor: ""'))
    assert mkdocs_build(handbook, "--strict").returncode == 0
    assert not (handbook / "site/admin").exists()
