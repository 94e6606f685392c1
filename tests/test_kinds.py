"""A new kind of entry is one folder: validation, schemas, editor settings, navigation and pages follow.

The test adds a throwaway `checklist` kind to a copy of the whole project (package and handbook)
and edits nothing else; every command then runs against that copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opsbook.kinds import all_kinds

from .conftest import ROOT, Run, copy_handbook

CHECKLIST_KIND = '''"""Checklist: steps to tick off for a routine task (a kind added as one folder)."""

from __future__ import annotations

from pydantic import Field

from opsbook.core.fields import Entry, Item
from opsbook.kinds import Kind


class Checklist(Entry):
    """A routine task as boxes to tick."""

    items: list[Item] = Field(min_length=1, description="What to check, one box each.")


KIND = Kind(name="checklist", folder="checklists", label="Checklist", plural="Checklists", model=Checklist,
            description="Routine tasks as boxes to tick.", order=4, review_every_days=60)
'''
CHECKLIST_PAGE = """{% call block() %}
<ul>{% for item in record.entry["items"] %}<li>{{ item }}</li>{% endfor %}</ul>
{% endcall %}
"""
# The kind's words in the Chinese edition, in its own folder too.
CHECKLIST_WORDS = """text:
  "Checklist": "检查清单"
  "Checklists": "检查清单"
  "Routine tasks as boxes to tick.": "日常任务，逐项打勾。"
  "What to check, one box each.": "要检查的事项，每项一个勾。"
  "Days until the entry is due for its next review; leave out to use the kind's default (60 days).":
    "距下次复核的天数；不写则用这一类型的默认值（60 天）。"
"""
ENTRY = """{schema_line}
id: before-a-campaign
title: Before a campaign goes live
summary: What to check the day before a campaign starts.
owner: Operations lead
reviewed: 2026-11-20
items:
  - The campaign price is the price the shopper finally pays.
  - The banner passes the copy checker.
"""


def run(*command: str, cwd: Path) -> Run:
    env = dict(os.environ, PYTHONPATH=str(cwd), PYTHONIOENCODING="utf-8")  # the copy's package, not ours
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    return Run(result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = copy_handbook(tmp_path_factory.mktemp("new-kind"))
    shutil.copytree(ROOT / "opsbook", folder / "opsbook", ignore=shutil.ignore_patterns("__pycache__"))
    kind = folder / "opsbook/kinds/checklist"  # the one folder a new kind is
    kind.mkdir()
    (kind / "__init__.py").write_text(CHECKLIST_KIND, encoding="utf-8")
    (kind / "page.md.j2").write_text(CHECKLIST_PAGE, encoding="utf-8")
    (kind / "locales").mkdir()
    (kind / "locales/zh-Hans.yaml").write_text(CHECKLIST_WORDS, encoding="utf-8")
    (folder / "playbooks/checklists").mkdir()
    line = "# yaml-language-server: $schema=../../schemas/checklist.schema.json"
    (folder / "playbooks/checklists/before-a-campaign.yaml").write_text(
        ENTRY.format(schema_line=line), encoding="utf-8"
    )
    return folder


def test_the_copy_runs_its_own_package(project):
    found = run(sys.executable, "-c", "import opsbook.kinds as k; print([x.name for x in k.all_kinds()])", cwd=project)
    assert "checklist" in found.output and "checklist" not in [kind.name for kind in all_kinds()]


def test_validate_schemas_and_editor_settings_pick_up_the_kind(project):
    assert run(sys.executable, "-m", "opsbook", "validate", cwd=project).returncode == 0
    stale = run(sys.executable, "-m", "opsbook", "schema", "--check", cwd=project)
    assert stale.returncode == 1 and "checklist.schema.json: out of date" in stale.output
    assert "settings.json: out of date" in stale.output
    assert run(sys.executable, "-m", "opsbook", "schema", cwd=project).returncode == 0
    assert run(sys.executable, "-m", "opsbook", "schema", "--check", cwd=project).returncode == 0
    schema = json.loads((project / "schemas/checklist.schema.json").read_text(encoding="utf-8"))
    assert "items" in schema["properties"] and "(60 days)" in schema["properties"]["review_every_days"]["description"]
    settings = json.loads((project / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/checklist.schema.json"][0] == "playbooks/checklists/*.yaml"
    broken = project / "playbooks/checklists/before-a-campaign.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("items:", "itemz:"), encoding="utf-8")
    result = run(sys.executable, "-m", "opsbook", "validate", cwd=project)
    broken.write_text(text, encoding="utf-8")
    assert "before-a-campaign.yaml:7:1: itemz: there is no field called `itemz`; did you mean `items`?" in result.output


def test_the_strict_build_and_the_editor_facing_pages_show_the_kind(project):
    run(sys.executable, "-m", "opsbook", "schema", cwd=project)
    result = run(sys.executable, "-m", "mkdocs", "build", "--strict", cwd=project)
    assert result.returncode == 0, result.output
    site = project / "site"
    entry = (site / "checklists/before-a-campaign/index.html").read_text(encoding="utf-8")
    assert "The banner passes the copy checker." in entry
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="checklists/"' in home  # in the navigation, with no edit of mkdocs.yml
    guide = (site / "editors/index.html").read_text(encoding="utf-8")
    assert "playbooks/checklists/" in guide and "opsbook new checklist ID" in guide and "60 days" in guide
    fields = (site / "reference/schema/index.html").read_text(encoding="utf-8")
    assert "Checklist" in fields and "What to check, one box each." in fields
    review = (site / "needs-review/index.html").read_text(encoding="utf-8")
    assert "checklists 60" in review


def test_the_form_editor_has_the_kind(project):
    listed = "from opsbook.site import cms; print([c['name'] for c in cms.config(None)['collections']])"
    found = run(sys.executable, "-c", listed, cwd=project)
    assert "'checklist'" in found.output and "'checklist-zh-Hans'" in found.output, found.output
