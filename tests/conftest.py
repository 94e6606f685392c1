"""What the test modules share: the fixed day, a copy of the shipped handbook to change, a real MkDocs
build of it, and small helpers to run commands, edit playbooks, read pages and stage failures.

Test modules import these helpers from here, never from one another.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import socket
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from opsbook.core import validate
from opsbook.core.languages import split_name
from opsbook.core.layout import HANDBOOK_FILES
from opsbook.core.schema import resolve, schema_for
from opsbook.kinds import all_kinds

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 24)
# Dates are computed from this fixed day, so review checks do not change with the calendar.
os.environ["OPSBOOK_TODAY"] = TODAY.isoformat()
os.environ["NO_MKDOCS_2_WARNING"] = "1"

STRATEGY = "strategies/prove-a-low-price.yaml"  # the shipped entry most tests change
ON_CI = os.environ.get("CI") == "true"
IS_ROOT = os.geteuid() == 0


# -- a handbook to change, and the commands run on it ---------------------------------------


def copy_handbook(target: Path) -> Path:
    for name in HANDBOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


@dataclass
class Run:
    returncode: int
    output: str  # stdout and stderr together, as a terminal shows them


def run(*command: str, cwd: Path, stdin: str | None = None) -> Run:
    result = subprocess.run(
        command, cwd=cwd, input=stdin, capture_output=True, text=True, env=dict(os.environ, PYTHONIOENCODING="utf-8")
    )
    return Run(result.returncode, result.stdout + result.stderr)


def opsbook(*args: str, cwd: Path, stdin: str | None = None) -> Run:
    return run(sys.executable, "-m", "opsbook", *args, cwd=cwd, stdin=stdin)


def mkdocs_build(cwd: Path, *args: str) -> Run:
    return run(sys.executable, "-m", "mkdocs", "build", *args, cwd=cwd)


# -- playbooks: load, change, and find a line -------------------------------------------------


def free_port() -> int:
    """A port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load(folder: Path):
    """(handbook, problems) of a playbooks folder, on the fixed day."""
    return validate.load(folder, TODAY)


def shipped_entries():
    """(kind, file, its YAML as plain data) for every shipped playbook: what a test expects, read without Opsbook."""
    for kind in all_kinds():
        for path in sorted((ROOT / "playbooks" / kind.folder).glob("*.yaml")):
            if split_name(path)[1]:  # a translation: tests of the Chinese edition read those
                continue
            yield kind, path, yaml.safe_load(path.read_text(encoding="utf-8"))


def edit(folder: Path, name: str, old: str, new: str) -> None:
    """Replace the first `old` in playbooks/`name` under the handbook `folder`; `old` must be there."""
    path = folder / "playbooks" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(problems):
    """The one problem of the file a test broke. Entries that read or cite it (a module's reading list)
    say where the problem is, in a `broken-reference` of their own: those are left out."""
    own = [problem for problem in problems if problem.code != "broken-reference"]
    assert len(own) == 1, "\n".join(map(str, problems))
    return own[0]


def line_of(folder: Path, name: str, needle: str) -> int:
    lines = (folder / "playbooks" / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


# -- the built site ---------------------------------------------------------------------------


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """The text a reader sees; inline tags such as <abbr> do not split words."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


# -- git ----------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return result.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


# -- failures that need root to stage -----------------------------------------------------------


def unavailable(reason: str):
    """Skip with the reason; under CI every test must run, so fail instead."""
    if ON_CI:
        pytest.fail(f"{reason}; CI must run this test")
    pytest.skip(reason)


def chattr(flag: str, path: Path) -> bool:
    return (
        shutil.which("chattr") is not None
        and subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0
    )


@contextmanager
def read_only(folder: Path):
    """Make `folder` unwritable for this process: a mode for a user; root ignores modes, so `chattr +i`."""
    if not IS_ROOT:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    if not chattr("+i", folder):
        unavailable("root ignores folder modes, and `chattr +i` does not work on this file system")
    try:
        yield
    finally:
        assert chattr("-i", folder)


# -- hostile text -------------------------------------------------------------------------------

LONG_PAYLOAD = (
    "P{n}: {{{{ config }}}} {{% include 'mkdocs.yml' %}} {{{{ ''.__class__.__mro__ }}}} "
    '<script>alert({n})</script> <img src=x onerror=alert({n})> --8<-- "mkdocs.yml"'
)
SHORT_PAYLOAD = "P{n}: {{{{ config }}}}<script>alert({n})</script>"


def payloaded_entry(kind, numbers, payloads: dict) -> dict:
    """A valid entry of `kind` with a numbered payload in every free-text field (recorded in `payloads`)."""
    schema = schema_for(kind)

    def fill(prop, path):
        prop = resolve(prop, schema)
        if "enum" in prop:
            return prop["enum"][0]
        if prop.get("type") == "array":
            return [fill(prop["items"], f"{path}[{i}]") for i in range(2)]
        if prop.get("type") == "object":
            return {name: fill(sub, f"{path}.{name}") for name, sub in prop["properties"].items()}
        if prop.get("format") == "date":
            return "2026-11-01"
        if prop.get("type") in ("integer", "number"):
            return 30
        if prop.get("type") == "boolean":  # a choice marked right: the first of each question
            return path.endswith("[0].right")
        if target := prop.get("x-opsbook-reference"):  # an id of another entry: one that exists
            second = "[1]" in path  # a list names two different entries: one id twice is a problem
            ids = {"evidence": ("corpus-proof", "customs-declaration-form"), "rule": ("aucl-art-9", "aucl-art-8")}
            ids |= {"playbook": ("corpus-proof", "prove-a-low-price"), "term": ("dsr", "gmv")}
            return ids[target][second]
        if prop.get("pattern", "").startswith("^https?"):
            return "https://example.org/source"  # a web address: never free text
        if path.endswith(".name") and "pattern" in prop:  # a name that formulas use
            return f"n{next(numbers)}"
        if path.endswith(".formula"):
            return "2 * 3"
        if "pattern" in prop and prop["pattern"] != r"^[^\n]+$":
            return None  # ids and tags take no free text
        n = next(numbers)
        limit = prop.get("maxLength", 10_000)
        text = (LONG_PAYLOAD if limit >= 200 else SHORT_PAYLOAD).format(n=n)[:limit]  # a unit takes 20 at most
        payloads[n] = (kind.name, path, text)
        return text

    entry = {name: fill(prop, name) for name, prop in schema["properties"].items()}
    entry = {k: v for k, v in entry.items() if v is not None and v != [None, None]}
    return {**entry, "id": f"payload-{kind.name}"}


# -- fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def handbook(tmp_path) -> Path:
    """A private copy of the shipped handbook that a test may change."""
    (tmp_path / "handbook").mkdir()
    return copy_handbook(tmp_path / "handbook")


@pytest.fixture(scope="session")
def shipped_handbook():
    """The shipped playbooks, loaded once; tests must not change it."""
    handbook, problems = load(ROOT / "playbooks")
    assert problems == [], "\n".join(map(str, problems))
    return handbook


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped handbook, built once with the documented strict build."""
    folder = copy_handbook(tmp_path_factory.mktemp("shipped"))
    result = opsbook("build", cwd=folder)
    assert result.returncode == 0, result.output
    return folder / "site"


@pytest.fixture
def umask_022():
    """The usual umask, so that the modes a test expects do not depend on the caller's."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)
