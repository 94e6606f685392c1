"""The `opsbook` command as editors and CI use it."""

import errno
import json
import re
import shutil
from pathlib import Path

import pytest

from opsbook import cli
from opsbook.core.problems import Problem
from opsbook.kinds import all_kinds

from .conftest import ROOT, STRATEGY, commit, edit, git, mkdocs_build, opsbook, read_only


def test_validate_passes_on_the_shipped_playbooks(handbook):
    result = opsbook("validate", cwd=handbook)
    assert result.returncode == 0, result.output
    files = list((handbook / "playbooks").rglob("*.yaml"))
    translations = [path for path in files if "." in path.stem]
    assert f"No problems in {len(files) - len(translations)} entries and {len(translations)} translations" in (
        result.output
    )


def test_validate_reports_every_problem_and_fails(handbook):
    edit(handbook, STRATEGY, "\nevidence:\n", "\nevidnce:\n")
    edit(handbook, "evidence/customs-declaration-form.yaml", "title: Customs", "title: Customs\ntitle: Customs")
    result = opsbook("validate", cwd=handbook)
    assert result.returncode == 1
    assert (
        "playbooks/strategies/prove-a-low-price.yaml:27:1: evidnce: there is no field called `evidnce`; "
        "did you mean `evidence`?" in result.output
    )
    assert "playbooks/evidence/customs-declaration-form.yaml:4:1: title: `title` is written twice" in result.output
    assert "Traceback" not in result.output


def test_validate_named_files_checks_references_but_shows_only_their_problems(handbook):
    edit(handbook, STRATEGY, "- evidence: low-price-reason", "- evidence: no-such-proof")
    edit(handbook, "glossary/dsr.yaml", "reviewed: 2026-10-01", "reviewed: soon")
    result = opsbook("validate", f"playbooks/{STRATEGY}", cwd=handbook)
    assert result.returncode == 1
    assert "no-such-proof" in result.output and "dsr.yaml" not in result.output
    assert opsbook("validate", "playbooks/evidence/low-price-reason.yaml", cwd=handbook).returncode == 0


def test_validate_github_format_annotates_file_and_line(handbook):
    edit(handbook, STRATEGY, "reviewed: 2026-11-01", "reviewed: 2026-11-31")
    result = opsbook("validate", "--format", "github", cwd=handbook)
    assert result.returncode == 1
    assert (
        "::error file=playbooks/strategies/prove-a-low-price.yaml,line=6,col=1::reviewed: "
        "`2026-11-31` is not a date" in result.output
    )


def test_new_writes_a_skeleton_that_fails_until_filled_in_and_refuses_to_overwrite(handbook):
    result = opsbook("new", "evidence", "purchase-contract", cwd=handbook)
    assert result.returncode == 0, result.output
    path = handbook / "playbooks/evidence/purchase-contract.yaml"
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schemas/evidence")
    check = opsbook("validate", cwd=handbook)
    reported = [line for line in check.output.splitlines() if line.startswith("playbooks/")]
    assert check.returncode == 1 and len(reported) == 7  # title, summary, owner, a doubt, two texts, a pitfall
    assert all(
        line.startswith("playbooks/evidence/purchase-contract.yaml:") and "`TODO:` placeholder" in line
        for line in reported
    )
    before = path.read_text(encoding="utf-8")
    again = opsbook("new", "strategy", "purchase-contract", cwd=handbook)
    assert again.returncode != 0 and "already exists" in again.output
    assert path.read_text(encoding="utf-8") == before


def test_new_rejects_a_bad_id(handbook):
    before = sorted((handbook / "playbooks").rglob("*"))
    for bad in ("Has Capitals", "dots.in.it", "a/b", "index", "x-"):
        result = opsbook("new", "strategy", bad, cwd=handbook)
        assert result.returncode != 0 and "not a valid id" in result.output, bad
    assert sorted((handbook / "playbooks").rglob("*")) == before


def test_schema_check_fails_on_a_stale_file(handbook):
    assert opsbook("schema", "--check", cwd=handbook).returncode == 0
    (handbook / "schemas/term.schema.json").write_text("{}\n", encoding="utf-8")
    result = opsbook("schema", "--check", cwd=handbook)
    assert result.returncode == 1 and "term.schema.json: out of date" in result.output
    assert opsbook("schema", cwd=handbook).returncode == 0
    assert opsbook("schema", "--check", cwd=handbook).returncode == 0


def test_export_lists_every_entry(handbook):
    result = opsbook("export", "-o", "out.json", cwd=handbook)
    assert result.returncode == 0, result.output
    document = json.loads((handbook / "out.json").read_text(encoding="utf-8"))
    files = sorted(
        p.relative_to(handbook / "playbooks").as_posix()
        for p in (handbook / "playbooks").rglob("*.yaml")
        if "." not in p.stem  # translations are listed with their entry
    )
    assert sorted(e["file"] for e in document["entries"]) == files
    strategy = next(e for e in document["entries"] if e["id"] == "prove-a-low-price")
    assert strategy["kind"] == "strategy" and strategy["reviewed"] == "2026-11-01"


def test_export_refuses_while_a_playbook_is_broken(handbook):
    edit(handbook, STRATEGY, "owner: Pricing lead", "owner:")
    result = opsbook("export", cwd=handbook)
    assert result.returncode == 1 and "owner: this field is empty" in result.output


def test_build_replaces_the_site_only_when_the_build_succeeds(handbook):
    assert opsbook("build", cwd=handbook).returncode == 0
    page = handbook / "site/strategies/prove-a-low-price/index.html"
    good = page.read_text(encoding="utf-8")
    edit(handbook, STRATEGY, "title: Priced well below?", "title: CHANGED Priced well below?")
    edit(handbook, "glossary/dsr.yaml", "id: dsr", "id: DSR")
    result = opsbook("build", cwd=handbook)
    assert result.returncode == 1 and "was left as it was" in result.output
    assert page.read_text(encoding="utf-8") == good
    assert not list(handbook.glob(".site-*"))


def test_build_fails_on_a_strict_warning_and_keeps_the_site(handbook):
    assert opsbook("build", cwd=handbook).returncode == 0
    (handbook / "docs/index.md").write_text("# Home\n\n[broken](nowhere.md)\n", encoding="utf-8")
    result = opsbook("build", cwd=handbook)
    assert result.returncode == 1 and "nowhere.md" in result.output
    assert "Where to start" in (handbook / "site/index.html").read_text(encoding="utf-8")


def test_mkdocs_build_prints_the_same_problem_lines(handbook):
    edit(handbook, STRATEGY, "price_position: below", "price_position: bellow")
    lines = opsbook("validate", cwd=handbook).output.splitlines()
    expected = next(line for line in lines if line.startswith(f"playbooks/{STRATEGY}"))
    result = mkdocs_build(handbook, "--strict")
    assert result.returncode == 1
    assert expected in result.output and "did you mean `below`?" in expected
    assert "Traceback" not in result.output
    assert not (handbook / "site").exists()


def test_the_readme_example_is_a_valid_playbook(handbook):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n")[1].split("```")[0]
    (handbook / "playbooks/evidence/purchase-contract.yaml").write_text(example, encoding="utf-8")
    result = opsbook("validate", cwd=handbook)
    assert result.returncode == 0, result.output


def test_validate_named_stray_file_is_reported_as_misplaced(handbook):
    (handbook / "playbooks/notes.yaml").write_text("a: 1\n", encoding="utf-8")
    result = opsbook("validate", "playbooks/notes.yaml", cwd=handbook)
    assert result.returncode == 1
    folders = ", ".join(f"{kind.folder}/" for kind in all_kinds())
    assert (
        f"playbooks/notes.yaml:1:1: (file): a playbook goes in the folder of its kind ({folders}), not in `playbooks/`"
    ) in result.output
    outside = opsbook("validate", "mkdocs.yml", cwd=handbook)
    assert outside.returncode == 2 and "is not inside playbooks/" in outside.output


# -- GitHub annotations ---------------------------------------------------------------------------


def _properties(line: str) -> dict[str, str]:
    """The properties of a workflow command as GitHub's runner reads them: split on `,` then `=`, unescaped."""
    command, _, _message = line.partition("::")[2].partition("::")
    unescape = {"%3A": ":", "%2C": ",", "%0A": "\n", "%0D": "\r", "%25": "%"}
    pairs = (item.split("=", 1) for item in command.split(" ", 1)[1].split(","))
    return {name: re.sub("%(3A|2C|0A|0D|25)", lambda m: unescape[m[0]], value) for name, value in pairs}


def test_github_annotations_escape_a_file_name_that_looks_like_properties(handbook):
    name = "x,line=1,title=forged::.yaml"
    shutil.copy(handbook / "playbooks/glossary/dsr.yaml", handbook / "playbooks/glossary" / name)
    problems = opsbook("validate", cwd=handbook)
    expected = [line for line in problems.output.splitlines() if name in line]
    assert problems.returncode == 1 and expected, problems.output
    result = opsbook("validate", "--format", "github", cwd=handbook)
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    assert len(annotations) == len(problems.output.splitlines()) - 1  # minus the count line on stderr
    forged = [line for line in annotations if "forged" in line]
    assert len(forged) == len(expected)
    for line in forged:
        properties = _properties(line)
        assert set(properties) == {"file", "line", "col"}, line
        assert properties["file"] == f"playbooks/glossary/{name}"


def test_github_annotation_message_keeps_newlines_and_percent_escaped():
    problem = Problem.of("unknown-folder", "playbooks/a%0A,b.yaml", folder="a\nb%/", folders="x/")
    line = cli._annotation(problem)
    assert "\n" not in line and line.count("::") == 2
    assert _properties(line)["file"] == "playbooks/a%0A,b.yaml"
    assert "a%0Ab%25/" in line.split("::", 2)[2]


# -- file-system failures: one line, exit 2 -------------------------------------------------------


def _one_line(result, *needles: str) -> str:
    lines = result.output.strip().splitlines()
    assert result.returncode == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("opsbook: "), result.output
    assert all(needle in lines[0] for needle in needles), lines[0]
    return lines[0]


def _committed(handbook: Path) -> Path:
    git(handbook, "init", "-q")
    git(handbook, "config", "user.name", "Test Editor")
    git(handbook, "config", "user.email", "editor@example.com")
    git(handbook, "config", "commit.gpgsign", "false")
    commit(handbook, "Shipped handbook")
    return handbook


OUTPUTS = {  # command -> (arguments with {out} for the file or folder it writes, what the message says)
    "export": (["export", "-o", "{out}"], "cannot write"),
    "diff": (["diff", "HEAD", "-o", "{out}"], "cannot write"),
    "schema": (["schema", "--out", "{out}"], "cannot write the schemas to"),
    "build": (["build", "-d", "{out}"], "cannot build into"),
}


@pytest.mark.parametrize("command", OUTPUTS)
@pytest.mark.parametrize("where", ["missing folder", "under a file"])
def test_output_into_a_missing_folder_or_under_a_file_is_one_line(handbook, command, where):
    _committed(handbook)
    (handbook / "notes.txt").write_text("a file, not a folder\n", encoding="utf-8")
    folder = "no-such-folder" if where == "missing folder" else "notes.txt"
    arguments, what = OUTPUTS[command]
    before = sorted(p.name for p in handbook.iterdir())
    result = opsbook(*[a.format(out=f"{folder}/out") for a in arguments], cwd=handbook)
    reason = "there is no folder" if where == "missing folder" else "notes.txt is a file, not a folder"
    _one_line(result, what, f"{folder}/out", reason)
    assert sorted(p.name for p in handbook.iterdir()) == before


@pytest.mark.parametrize("command", OUTPUTS)
def test_output_into_a_read_only_folder_is_one_line_and_leaves_no_temporary_file(handbook, command):
    _committed(handbook)
    folder = handbook / "locked"
    folder.mkdir()
    arguments, what = OUTPUTS[command]
    with read_only(folder):
        result = opsbook(*[a.format(out="locked/out") for a in arguments], cwd=handbook)
        assert list(folder.iterdir()) == []
    _one_line(result, what, "locked/out")
    assert not list(handbook.glob(".*out*")) and not list(handbook.glob(".site-*"))


def test_new_into_a_read_only_or_missing_kind_folder_is_one_line(handbook):
    (handbook / "playbooks/glossary").rename(handbook / "glossary-aside")
    (handbook / "playbooks/glossary").write_text("", encoding="utf-8")
    _one_line(
        opsbook("new", "term", "gmv", cwd=handbook),
        "cannot create the folder playbooks/glossary: a file of that name already exists",
    )
    with read_only(handbook / "playbooks/evidence"):
        result = opsbook("new", "evidence", "purchase-contract", cwd=handbook)
        assert not (handbook / "playbooks/evidence/purchase-contract.yaml").exists()
    _one_line(result, "cannot write playbooks/evidence/purchase-contract.yaml")
    assert not [p for p in (handbook / "playbooks/evidence").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("command", [["validate"], ["export"], ["stale"], ["diff", "HEAD"], ["new", "term", "gmv"]])
def test_the_playbooks_folder_must_be_a_folder(handbook, command):
    _committed(handbook)
    (handbook / "notes.txt").write_text("a file\n", encoding="utf-8")
    _one_line(
        opsbook(*command, "--playbooks", "notes.txt", cwd=handbook),
        "cannot read the playbooks folder notes.txt: it is a file, not a folder",
    )
    _one_line(
        opsbook(*command, "--playbooks", "missing", cwd=handbook),
        "cannot read the playbooks folder missing: there is no such folder",
    )


def test_export_and_stale_fail_without_a_playbooks_folder(handbook):
    shutil.rmtree(handbook / "playbooks")
    for command in (["export"], ["export", "-o", "out.json"], ["stale"], ["stale", "--fail"]):
        _one_line(opsbook(*command, cwd=handbook), "cannot read the playbooks folder playbooks")
    assert not (handbook / "out.json").exists()


def test_an_unexplained_os_error_is_one_line_not_a_traceback(handbook, monkeypatch, capsys):
    def fail(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "playbooks/glossary/dsr.yaml")

    monkeypatch.chdir(handbook)
    monkeypatch.setattr(cli.validation, "load", fail)
    with pytest.raises(SystemExit) as exit:
        cli.main(["stale"])
    assert exit.value.code == 2
    assert capsys.readouterr().err == "opsbook: cannot access playbooks/glossary/dsr.yaml: permission denied\n"


def test_the_readme_documents_the_exit_codes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes")[1].split("\n#")[0]
    for code in ("`0`", "`1`", "`2`", "`130`", "`143`"):
        assert code in section, code
