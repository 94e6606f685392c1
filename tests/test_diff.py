"""`opsbook diff BASE`: the change summary reviewers get on each pull request.

Every test builds a real git repository from the shipped playbooks, commits it, makes real
changes in the working tree and reads back the Markdown the command prints.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from .conftest import ROOT, commit, edit, git, opsbook

PULL_REQUEST = ROOT / ".github" / "workflows" / "pull-request.yml"
HOSTILE_TITLE = "CTR <script>alert(1)</script> `tick` ``two`` @someone"
NEW_TERM = """\
# yaml-language-server: $schema=../../schemas/term.schema.json
id: stock-keeping-unit
title: SKU
stands_for: Stock keeping unit
chinese: 库存单位
summary: One sellable variant of a product, such as one colour in one size.
owner: Operations lead
reviewed: 2026-11-20
"""


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding a copy of the shipped playbooks and schemas, all committed."""
    repo = tmp_path / "handbook"
    repo.mkdir()
    for name in ("playbooks", "schemas"):
        shutil.copytree(ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Test Editor")
    git(repo, "config", "user.email", "editor@example.com")
    git(repo, "config", "commit.gpgsign", "false")
    commit(repo, "Shipped playbooks")
    return repo


def diff(repo: Path, *args: str) -> str:
    result = opsbook("diff", *args, cwd=repo)
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def sections(markdown: str) -> dict[str, list[str]]:
    """Heading (without its count; `References › New` below `### References`) -> its top-level bullets."""
    found: dict[str, list[str]] = {}
    parent = current = None
    for line in markdown.splitlines():
        if heading := re.match(r"(#{2,4}) (.*?)(?: \(\d+\))?$", line):
            level, title = heading.groups()
            if level == "###":
                parent = current = title
            else:
                current = f"{parent} › {title}" if level == "####" else title
            found[current] = []
        elif line.startswith("- ") and current:
            found[current].append(line)
    return found


def first_ids(bullets: list[str]) -> list[str]:
    return [re.search(r"`([^`]+)`", bullet).group(1) for bullet in bullets]


def entry_block(markdown: str, entry_id: str) -> str:
    """The bullet of one entry with its sub-bullets."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("- ") and f"`{entry_id}`" in line)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return "\n".join(lines[start:end])


def tokens(markdown: str):
    """Every token of the Markdown as CommonMark (with raw HTML enabled, as GitHub reads comments) parses it."""
    for token in MarkdownIt("commonmark").parse(markdown):
        yield token
        yield from token.children or ()


def make_the_changes(repo: Path) -> None:
    books = repo / "playbooks"
    (books / "glossary" / "stock-keeping-unit.yaml").write_text(NEW_TERM, encoding="utf-8")  # added
    (books / "evidence" / "customs-declaration-form.yaml").unlink()  # removed, and used by two strategies
    gmv = (books / "glossary" / "gmv.yaml").read_text(encoding="utf-8")  # renamed, content kept
    (books / "glossary" / "gmv.yaml").unlink()
    (books / "glossary" / "gross-merchandise-value.yaml").write_text(
        gmv.replace("id: gmv\n", "id: gross-merchandise-value\n"), encoding="utf-8"
    )
    strategy = "strategies/prove-a-low-price.yaml"
    edit(
        books.parent,
        strategy,
        "title: Priced well below? Prove the goods are genuine",
        "title: Far below the market? Prove the goods are genuine",
    )
    edit(
        books.parent,
        strategy,
        "  daily-deal event, or because you sell a big brand cheaper than its own store.\n",
        "  daily-deal event, or because you sell a big brand cheaper than its own store.\n"
        "  ```\n  <img src=x onerror=alert(1)> stays text\n  ```\n",
    )
    edit(
        books.parent,
        "strategies/level-price-win-on-something-else.yaml",
        "  - evidence: brand-authorisation-letter",
        "  - evidence: source-purchase-footage",
    )
    edit(
        books.parent,
        "strategies/compare-without-naming-rivals.yaml",
        "evidence: []",
        "evidence:\n  - evidence: low-price-reason\n    proves: The price has an honest cause.",
    )
    edit(books.parent, "glossary/ctr.yaml", "title: CTR", f'title: "{HOSTILE_TITLE}"')


def test_summary_lists_each_kind_of_change(repo):
    make_the_changes(repo)
    out = diff(repo, "HEAD")
    found = sections(out)
    assert first_ids(found["Added"]) == ["stock-keeping-unit"]
    assert first_ids(found["Removed"]) == ["customs-declaration-form"]
    assert found["Renamed"] == ["- term `gmv` → `gross-merchandise-value` (100% similar)"]
    assert first_ids(found["Changed"]) == [
        "compare-without-naming-rivals",
        "level-price-win-on-something-else",
        "prove-a-low-price",
        "ctr",
    ]
    assert "1 added, 1 removed, 1 renamed, 4 changed" in out
    assert "Validation problems" not in found


def test_short_fields_show_old_and_new_long_fields_a_diff(repo):
    make_the_changes(repo)
    out = diff(repo, "HEAD")
    block = entry_block(out, "prove-a-low-price")
    assert (
        "  - `title`: `Priced well below? Prove the goods are genuine` → "
        "`Far below the market? Prove the goods are genuine`"
    ) in block
    old = yaml.safe_load(git(repo, "show", "HEAD:playbooks/strategies/prove-a-low-price.yaml"))["when_to_use"]
    new = yaml.safe_load((repo / "playbooks/strategies/prove-a-low-price.yaml").read_text(encoding="utf-8"))
    lengths = f"({len(old.strip()):,} → {len(new['when_to_use'].strip()):,} characters)"
    assert f"  - `when_to_use`: changed {lengths}" in block
    assert "    +<img src=x onerror=alert(1)> stays text" in block  # a line of the diff
    assert "summary" not in block and "steps" not in block  # unchanged fields are not listed
    fences = [t for t in tokens(out) if t.type == "fence"]
    assert [t.info for t in fences] == ["diff"]
    assert "+```\n+<img src=x onerror=alert(1)> stays text\n+```" in fences[0].content


def test_list_fields_show_items_added_and_removed(repo):
    make_the_changes(repo)
    out = diff(repo, "HEAD")
    assert entry_block(out, "level-price-win-on-something-else").splitlines()[1:] == [
        "  - `evidence`:",
        "    - added item `source-purchase-footage`",
        "    - removed item `brand-authorisation-letter`",
    ]
    assert "    - added item `low-price-reason`" in entry_block(out, "compare-without-naming-rivals")


def test_references_broken_created_and_removed(repo):
    make_the_changes(repo)
    found = sections(diff(repo, "HEAD"))
    # Every entry that cites the removed evidence, of any kind.
    assert [line for line in found["References › Broken by this change"] if line.startswith("- breaks: strategy")] == [
        "- breaks: strategy `big-brand-below-market` → evidence `customs-declaration-form` (removed)",
        "- breaks: strategy `prove-a-low-price` → evidence `customs-declaration-form` (removed)",
    ]
    for line in found["References › Broken by this change"]:  # a module also listed gmv among its words
        assert re.search(r"→ (evidence|playbook) `customs-declaration-form` \(removed\)$", line) or re.search(
            r"→ term `gmv` \(renamed to `gross-merchandise-value`\)$", line
        ), line
    assert found["References › New"] == [
        "- strategy `compare-without-naming-rivals` → evidence `low-price-reason`",
        "- strategy `level-price-win-on-something-else` → evidence `source-purchase-footage`",
    ]
    assert found["References › Removed"] == [
        "- strategy `level-price-win-on-something-else` → evidence `brand-authorisation-letter`",
    ]
    assert "References › Already broken before this change" not in found


def test_a_reference_to_a_renamed_entry_says_so(repo):
    books = repo / "playbooks" / "evidence"
    text = (books / "low-price-reason.yaml").read_text(encoding="utf-8")
    (books / "low-price-reason.yaml").unlink()
    (books / "reason-for-the-price.yaml").write_text(
        text.replace("id: low-price-reason", "id: reason-for-the-price"), encoding="utf-8"
    )
    found = sections(diff(repo, "HEAD"))
    assert found["Renamed"][0].startswith("- evidence `low-price-reason` → `reason-for-the-price`")
    assert (
        "- breaks: strategy `prove-a-low-price` → evidence `low-price-reason` (renamed to `reason-for-the-price`)"
    ) in found["References › Broken by this change"]


def test_hostile_values_stay_inside_code(repo):
    make_the_changes(repo)
    out = diff(repo, "HEAD")
    parsed = list(tokens(out))
    assert not [t for t in parsed if t.type in ("html_inline", "html_block")]
    spans = [t.content for t in parsed if t.type == "code_inline"]
    assert HOSTILE_TITLE in spans  # whole, backticks included, in one code span
    assert "- `title`: `CTR` → ```CTR <script>alert(1)</script> `tick` ``two`` @someone```" in out
    text = " ".join(t.content for t in parsed if t.type == "text")
    assert "<script>" not in text and "@someone" not in text


def test_control_and_bidi_characters_are_shown_as_escapes(repo):
    edit(repo, "glossary/dsr.yaml", "title: DSR", 'title: "DSR\\u202e\\u0007 rating"')
    out = diff(repo, "HEAD")
    assert "`DSR` → `DSR\\u202e\\u0007 rating`" in out
    assert "\u202e" not in out and "\u0007" not in out


def test_no_changes(repo):
    assert diff(repo, "HEAD") == "No playbook changes.\n"


def test_formatting_only_change_is_listed(repo):
    edit(repo, "glossary/dsr.yaml", "owner: Operations lead", "owner:   Operations lead   # checked")
    out = diff(repo, "HEAD")
    assert first_ids(sections(out)["Changed"]) == ["dsr"]
    assert "no field value changed (comments or formatting only)" in out


def test_rename_with_small_edits_is_still_a_rename_but_a_rewrite_is_not(repo):
    glossary = repo / "playbooks" / "glossary"
    text = (glossary / "roi.yaml").read_text(encoding="utf-8")
    (glossary / "roi.yaml").unlink()
    (glossary / "return-on-investment.yaml").write_text(
        text.replace("id: roi", "id: return-on-investment")
        .replace("title: ROI", "title: Return on investment")
        .replace("reviewed: 2026-10-08", "reviewed: 2026-11-20"),
        encoding="utf-8",
    )
    (glossary / "watermark.yaml").unlink()
    (glossary / "store-rating.yaml").write_text(
        NEW_TERM.replace("stock-keeping-unit", "store-rating"), encoding="utf-8"
    )
    out = diff(repo, "HEAD")
    found = sections(out)
    assert len(found["Renamed"]) == 1 and found["Renamed"][0].startswith("- term `roi` → `return-on-investment`")
    renamed = entry_block(out, "roi")
    assert "  - `title`: `ROI` → `Return on investment`" in renamed
    assert "`id`" not in renamed
    assert first_ids(found["Added"]) == ["store-rating"]
    assert first_ids(found["Removed"]) == ["watermark"]


def test_unknown_base_and_no_repository_exit_2(repo, tmp_path):
    result = opsbook("diff", "no-such-branch", cwd=repo)
    assert result.returncode == 2
    assert "no git revision 'no-such-branch'" in result.output and "Traceback" not in result.output
    option_like = opsbook("diff", "--", "--output=x", cwd=repo)
    assert option_like.returncode == 2 and not (repo / "x").exists()

    plain = tmp_path / "not-a-repository"
    shutil.copytree(ROOT / "playbooks", plain / "playbooks")
    result = opsbook("diff", "HEAD", cwd=plain)
    assert result.returncode == 2
    assert "not inside a git repository" in result.output and "Traceback" not in result.output


def test_output_file(repo):
    make_the_changes(repo)
    result = opsbook("diff", "HEAD", "--output", "change-summary.md", cwd=repo)
    assert result.returncode == 0, result.output
    written = (repo / "change-summary.md").read_text(encoding="utf-8")
    assert written.startswith("## Playbook changes\n") and "`stock-keeping-unit`" in written
    assert "## Playbook changes" not in result.output


def test_base_can_be_any_revision(repo):
    make_the_changes(repo)
    commit(repo, "The changes")
    assert diff(repo, "HEAD") == "No playbook changes.\n"
    assert first_ids(sections(diff(repo, "HEAD~1"))["Added"]) == ["stock-keeping-unit"]
    (repo / "docs").mkdir()
    assert first_ids(
        sections(opsbook("diff", "HEAD~1", "--playbooks", "../playbooks", cwd=repo / "docs").output)["Removed"]
    ) == ["customs-declaration-form"]


def test_a_file_invalid_in_the_working_tree_is_compared_on_its_raw_data(repo):
    edit(repo, "glossary/dsr.yaml", "title: DSR", "title: DSR scores")
    edit(repo, "glossary/dsr.yaml", "reviewed: 2026-10-01", "reviewed: soon")
    edit(repo, STRATEGY_FILE, "reviewed: 2026-11-01", "reviewed: 2026-11-31")  # invalid; references unknown
    (repo / "playbooks/glossary/broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    out = diff(repo, "HEAD")
    found = sections(out)
    assert first_ids(found["Added"]) == ["broken"]
    assert found["Added"][0].endswith("(has validation problems)")
    dsr = entry_block(out, "dsr")
    assert "`title`: `DSR` → `DSR scores`" in dsr and "`reviewed`: `2026-10-01` → `soon`" in dsr
    assert first_ids(found["Validation problems"]) == [
        "playbooks/strategies/prove-a-low-price.yaml",
        "playbooks/glossary/broken.yaml",
        "playbooks/glossary/dsr.yaml",
    ]
    assert all("run `opsbook validate`" in line for line in found["Validation problems"])
    assert "cannot be read" in found["Validation problems"][1]
    assert "References" not in found  # an invalid strategy's links are not guessed at


def test_a_file_invalid_at_base_does_not_stop_the_diff(repo):
    edit(repo, "glossary/dsr.yaml", "reviewed: 2026-10-01", "reviewed: [2026")  # unreadable YAML
    edit(repo, "glossary/ctr.yaml", "title: CTR", "title: CTR\ntitel: typo")  # readable, invalid
    commit(repo, "Broken files")
    git(repo, "checkout", "HEAD~1", "--", "playbooks/glossary/dsr.yaml", "playbooks/glossary/ctr.yaml")
    out = diff(repo, "HEAD")
    found = sections(out)
    assert first_ids(found["Changed"]) == ["ctr", "dsr"]
    assert "the file cannot be read at the base revision" in entry_block(out, "dsr")
    ctr = entry_block(out, "ctr")
    assert "`titel`: removed (was `typo`)" in ctr and "now passes" in ctr
    assert [line.split(" at ")[0] for line in found["Validation problems"]] == [
        "- `playbooks/glossary/ctr.yaml`",
        "- `playbooks/glossary/dsr.yaml`",
    ]


def test_an_id_changed_without_renaming_the_file_is_a_rename_with_a_problem(repo):
    edit(repo, "glossary/dsr.yaml", "id: dsr", "id: store-scores")
    found = sections(diff(repo, "HEAD"))
    assert found["Renamed"] == ["- term `dsr` → `store-scores` (100% similar) (has validation problems)"]
    assert found["Validation problems"] == [
        (
            "- `playbooks/glossary/dsr.yaml` in the working tree: "
            "has validation problems; run `opsbook validate` for the details"
        )
    ]


def test_max_length_leaves_out_whole_items(repo):
    for path in sorted((repo / "playbooks").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^owner: .*$", "owner: Somebody new", text), encoding="utf-8")
    full = diff(repo, "HEAD")
    assert len(full) > 3000
    cut = diff(repo, "HEAD", "--max-length", "2000")
    assert len(cut) <= 2000
    assert "cut short here to stay under 2,000 characters" in cut
    kept = cut.split("\n*The summary is cut short")[0]
    assert full.startswith(kept)
    assert kept.endswith("\n") and kept.count("```") % 2 == 0


# -- the pull-request workflow ------------------------------------------------------------

STRATEGY_FILE = "strategies/prove-a-low-price.yaml"


def test_pull_request_workflow_posts_the_summary():
    """The check job writes the summary with this command; the comment job (no code of the PR) posts it."""
    jobs = yaml.safe_load(PULL_REQUEST.read_text(encoding="utf-8"))["jobs"]
    steps = jobs["check"]["steps"]
    [checkout] = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0
    runs = [s.get("run", "") for s in steps]
    validate = next(i for i, r in enumerate(runs) if "opsbook validate" in r)
    [summary] = [i for i, r in enumerate(runs) if "opsbook diff" in r]
    [upload] = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert validate < summary < upload
    assert '.venv/bin/opsbook diff "origin/$BASE_REF" --output change-summary.md' in runs[summary]
    assert steps[summary]["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert steps[upload]["with"]["path"] == "change-summary.md"
    [post] = [s for s in jobs["comment"]["steps"] if "gh pr comment" in s.get("run", "")]
    assert '--body-file "$SUMMARY"' in post["run"]
    assert opsbook("diff", "--help", cwd=ROOT).returncode == 0


def test_a_huge_file_in_the_working_tree_is_never_read_whole(tmp_path):
    from opsbook.core.yaml_source import MAX_FILE_BYTES
    from opsbook.tools.diff.revisions import working_tree_files

    (tmp_path / "evidence").mkdir()
    with (tmp_path / "evidence/huge.yaml").open("wb") as file:
        file.truncate(2 * 1024**3)  # 2 GiB, sparse
    assert len(working_tree_files(tmp_path)["evidence/huge.yaml"]) == MAX_FILE_BYTES + 1
