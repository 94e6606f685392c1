"""The `opsbook` command as editors and CI use it."""

import json
import re
import shutil

from opsbook import cli
from opsbook.problems import Problem

from .conftest import ROOT, mkdocs_build, opsbook
from .test_validate import STRATEGY, edit


def test_validate_passes_on_the_shipped_playbooks(handbook):
    result = opsbook("validate", cwd=handbook)
    assert result.returncode == 0, result.output
    count = len(list((handbook / "playbooks").rglob("*.yaml")))
    assert f"No problems in {count} entries" in result.output


def test_validate_reports_every_problem_and_fails(handbook):
    edit(handbook, STRATEGY, "\nevidence:\n", "\nevidnce:\n")
    edit(handbook, "evidence/customs-declaration-form.yaml", "title: Customs", "title: Customs\ntitle: Customs")
    result = opsbook("validate", cwd=handbook)
    assert result.returncode == 1
    assert "playbooks/strategies/prove-a-low-price.yaml:27:1: evidnce: there is no field called `evidnce`; " \
           "did you mean `evidence`?" in result.output
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
    assert "::error file=playbooks/strategies/prove-a-low-price.yaml,line=6,col=1::reviewed: " \
           "`2026-11-31` is not a date" in result.output


def test_new_writes_a_valid_skeleton_and_refuses_to_overwrite(handbook):
    result = opsbook("new", "evidence", "purchase-contract", cwd=handbook)
    assert result.returncode == 0, result.output
    path = handbook / "playbooks/evidence/purchase-contract.yaml"
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schemas/evidence")
    assert opsbook("validate", cwd=handbook).returncode == 0
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
    files = sorted(p.relative_to(handbook / "playbooks").as_posix() for p in (handbook / "playbooks").rglob("*.yaml"))
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
    expected = opsbook("validate", cwd=handbook).output.splitlines()[0]
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
    assert "playbooks/notes.yaml:1:1: (file): a playbook goes in the folder of its kind (strategies/, evidence/, glossary/), not in `playbooks/`" in result.output
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
