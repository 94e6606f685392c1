"""Shared fixtures: a copy of the shipped handbook to change, and a real MkDocs build of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from opsbook.core.layout import HANDBOOK_FILES

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-24"
# Dates are computed from this fixed day, so review checks do not change with the calendar.
os.environ["OPSBOOK_TODAY"] = TODAY
os.environ["NO_MKDOCS_2_WARNING"] = "1"



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
    result = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    return Run(result.returncode, result.stdout + result.stderr)


def opsbook(*args: str, cwd: Path, stdin: str | None = None) -> Run:
    return run(sys.executable, "-m", "opsbook", *args, cwd=cwd, stdin=stdin)


def mkdocs_build(cwd: Path, *args: str) -> Run:
    return run(sys.executable, "-m", "mkdocs", "build", *args, cwd=cwd)


@pytest.fixture
def handbook(tmp_path) -> Path:
    """A private copy of the shipped handbook that a test may change."""
    (tmp_path / "handbook").mkdir()
    return copy_handbook(tmp_path / "handbook")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped handbook, built once with the documented strict build."""
    folder = copy_handbook(tmp_path_factory.mktemp("shipped"))
    result = opsbook("build", cwd=folder)
    assert result.returncode == 0, result.output
    return folder / "site"
