"""Every broken or hostile file in the corpus: a clear message at its file, line and field, from
`opsbook validate`, with no traceback and no error for the valid files beside it; and the same lines from
`mkdocs build --strict` (the same validation, in the plugin) for the first case of each kind of problem."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from opsbook import cli
from opsbook.core import validate

from .bad_playbooks import CASES, VALID, WORKING, Case
from .conftest import TODAY, copy_handbook, mkdocs_build

LINE = re.compile(r"^(playbooks/\S+?):(\d+):(\d+): (\S+): (.+)$")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    folder = copy_handbook(tmp_path_factory.mktemp("corpus-base"))
    for name, text in VALID.items():
        (folder / "playbooks" / name).write_text(text, encoding="utf-8")
    return folder


def with_file(base: Path, tmp_path: Path, name: str, content: bytes) -> Path:
    folder = tmp_path / "handbook"
    shutil.copytree(base, folder)
    target = folder / "playbooks" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return folder


def test_the_corpus_is_large_and_its_valid_files_are_valid(base):
    assert len(CASES) >= 40 and len({c.name for c in CASES}) == len(CASES)
    assert validate.load(base / "playbooks", TODAY)[1] == []


def validate_in(folder: Path, monkeypatch) -> Result:
    """`opsbook validate` in `folder`, in this process (tests/test_cli.py runs it as a command): its exit status
    and what it printed. An exception it did not turn into a message fails the test."""
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli.main, ["validate"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


# A strict build takes as long as `opsbook validate` and the in-process check together: one per kind of problem.
FIRST_OF_EACH_KIND = {frozenset(case.codes): case for case in reversed(CASES)}.values()


@pytest.mark.parametrize("case, build", [pytest.param(c, c in FIRST_OF_EACH_KIND, id=c.name) for c in CASES])
def test_bad_file_is_reported_at_its_line_by_validate_and_by_the_strict_build(
    base, tmp_path, monkeypatch, case: Case, build
):
    folder = with_file(base, tmp_path, case.file, case.content)

    problems = validate.load(folder / "playbooks", TODAY)[1]
    assert {p.code for p in problems} == case.codes, "\n".join(map(str, problems))

    result = validate_in(folder, monkeypatch)
    assert result.exit_code == 1, result.output
    reported = [LINE.match(line) for line in result.output.splitlines() if line.startswith("playbooks/")]
    assert reported and all(reported), result.output
    assert {m[1] for m in reported} == {f"playbooks/{case.file}"}, "a valid file was blamed:\n" + result.output
    first = reported[0]
    assert (int(first[2]), first[4]) == (case.line, case.field), result.output
    assert any(case.words in m[5] for m in reported), result.output

    if build:
        built = mkdocs_build(folder, "--strict")
        assert built.returncode == 1 and "Traceback" not in built.output
        for match in reported:
            assert match[0] in built.output


@pytest.mark.parametrize("name", WORKING)
def test_unusual_but_valid_files_work(base, tmp_path, monkeypatch, name):
    folder = with_file(base, tmp_path, "evidence/corpus-bad.yaml", WORKING[name])
    result = validate_in(folder, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "Signed supplier invoice" in (folder / "playbooks/evidence/corpus-bad.yaml").read_bytes().decode("utf-8-sig")
