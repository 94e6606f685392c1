"""`opsbook new`: a skeleton an editor can fill without knowing YAML, whose placeholders never ship."""

import re
from pathlib import Path

import pytest
import yaml

from opsbook.core import validate
from opsbook.core.schema import schema_for
from opsbook.core.yaml_source import read
from opsbook.kinds import all_kinds
from opsbook.tools.skeleton import PLACEHOLDER, next_place, skeleton

from .conftest import ROOT, STRATEGY, TODAY, edit, line_of, load, mkdocs_build, only, opsbook

KINDS = [kind.name for kind in all_kinds()]
# Values that fields with a fixed form need; any other field gets "Written for <field>".
FILLED = {
    "price_position": "below",
    "removes_doubts": "counterfeit",
    "evidence": "customs-declaration-form",
    "source": "https://example.org/rule",
    "rule": "aucl-art-9",
    "rules": "aucl-art-9",
    "doubt": "counterfeit",
    "name": "visitors",
    "formula": "visitors * 2",
    "in_force": "2025-10-15",
    "read": "prove-a-low-price",
    "words": "dsr",
}


def new_file(folder: Path, kind_name: str, entry_id: str) -> Path:
    kind = next(k for k in all_kinds() if k.name == kind_name)
    path = folder / "playbooks" / kind.folder / f"{entry_id}.yaml"
    path.write_text(skeleton(kind, entry_id, TODAY, next_place(kind, load(folder / "playbooks")[0])), encoding="utf-8")
    return path


def todo_lines(text: str) -> list[int]:
    """The lines holding a placeholder, outside comments (the intro explains TODOs in a comment)."""
    return [
        i for i, line in enumerate(text.splitlines(), 1) if PLACEHOLDER in line and not line.lstrip().startswith("#")
    ]


def optional_blocks(text: str) -> list[tuple[int, int, int]]:
    """(first line, end line, column of the `#`) of each commented-out optional field, outermost first."""
    lines, blocks = text.splitlines(), []
    for i, line in enumerate(lines):
        start = re.match(r"( *)#\w", line)
        if not start:
            continue
        column = len(start[1])
        end = i + 1
        while end < len(lines) and re.match(rf" {{{column}}}#  ", lines[end]):
            end += 1
        blocks.append((i, end, column))
    return blocks


def uncomment(text: str, block: tuple[int, int, int]) -> str:
    first, end, column = block
    lines = text.splitlines()
    for i in range(first, end):
        assert lines[i][column] == "#"
        lines[i] = lines[i][:column] + lines[i][column + 1 :]
    return "\n".join(lines) + "\n"


def uncomment_all(text: str) -> str:
    while blocks := optional_blocks(text):
        text = uncomment(text, blocks[0])
    return text


def fill(text: str) -> str:
    """Replace each placeholder on the line where the parser finds it, as an editor would."""
    source, problems = read(text.encode(), "x.yaml")
    assert source is not None, problems
    lines = text.splitlines()
    for path, value in leaves(source.data):
        if isinstance(value, str) and PLACEHOLDER in value:
            key = next(part for part in reversed(path) if isinstance(part, str))
            wanted = FILLED.get(key, f"Written for {key}")
            line = source.blocks.get(path) or source.positions[path][0]
            lines[line - 1] = re.sub(
                r'"TODO:[^"]*"|TODO:.*',
                f'"{wanted}"' if path not in source.blocks else wanted,
                lines[line - 1],
                count=1,
            )
    return "\n".join(lines) + "\n"


def leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, path + (i,))
    else:
        yield path, value


def problems_in(folder: Path, path: Path) -> list:
    problems = load(folder / "playbooks")[1]
    assert all(p.path.endswith(path.name) for p in problems), "another file was blamed:\n" + "\n".join(
        map(str, problems)
    )
    return problems


# -- the untouched skeleton: one placeholder problem per TODO line, and no build ----------------


@pytest.mark.parametrize("kind", KINDS)
def test_untouched_skeleton_has_one_placeholder_problem_per_todo_line(handbook, kind):
    path = new_file(handbook, kind, "new-entry")
    text = path.read_text(encoding="utf-8")
    problems = problems_in(handbook, path)
    assert [p.line for p in problems] == todo_lines(text) and len(todo_lines(text)) >= 4
    assert {p.code for p in problems} == {"placeholder"}
    title = next(p for p in problems if p.field == "title")
    assert title.message == (
        "this still holds the `TODO:` placeholder; replace it with your own text. "
        "What goes here: The entry's name, as readers will see it on the page."
    )


def test_untouched_skeletons_fail_validate_and_the_strict_build(handbook):
    for kind in KINDS:
        result = opsbook("new", kind, f"new-{kind}", cwd=handbook)
        assert result.returncode == 0, result.output
    result = opsbook("validate", cwd=handbook)
    assert result.returncode == 1
    build = mkdocs_build(handbook, "--strict")
    assert build.returncode == 1 and "nothing was built" in build.output
    assert "playbooks/glossary/new-term.yaml:13:1: title: this still holds the `TODO:` placeholder" in build.output
    reported = [line for line in result.output.splitlines() if line.startswith("playbooks/")]
    assert len(reported) == sum(
        len(todo_lines(p.read_text(encoding="utf-8"))) for p in (handbook / "playbooks").rglob("new-*.yaml")
    )
    assert all(line in build.output for line in reported)
    assert not (handbook / "site").exists()


# -- filled in, with and without the optional fields -----------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_with_every_todo_replaced_validates(handbook, kind):
    path = new_file(handbook, kind, "new-entry")
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert load(handbook / "playbooks")[1] == []
    entry = validate.load(handbook / "playbooks", TODAY)[0].get("new-entry").entry
    assert entry.title == "Written for title" and entry.reviewed == TODAY


@pytest.mark.parametrize("kind", KINDS)
def test_each_optional_example_uncommented_parses_and_validates(handbook, kind):
    path = new_file(handbook, kind, "new-entry")
    text = path.read_text(encoding="utf-8")
    blocks = optional_blocks(text)
    assert blocks
    for block in blocks:
        opened = uncomment(text, block)
        # Before filling in: the only problems are the placeholders, so the example's shape is right.
        path.write_text(opened, encoding="utf-8")
        problems = problems_in(handbook, path)
        assert [p.line for p in problems] == todo_lines(opened) and {p.code for p in problems} == {"placeholder"}
        path.write_text(fill(opened), encoding="utf-8")
        assert load(handbook / "playbooks")[1] == [], opened.splitlines()[block[0]]


@pytest.mark.parametrize("kind", KINDS)
def test_the_skeleton_shows_every_field_of_the_kind(handbook, kind):
    kind_ = next(k for k in all_kinds() if k.name == kind)
    text = uncomment_all(skeleton(kind_, "new-entry", TODAY, next_place(kind_, load(handbook / "playbooks")[0])))
    data = read(text.encode(), "x.yaml")[0].data
    schema = schema_for(kind_)
    assert list(data) == list(schema["properties"])
    for name, value in data.items():  # groups in lists show every field of the group, optional ones too
        if isinstance(value, list) and isinstance(value[0], dict):
            group = schema["$defs"][schema["properties"][name]["items"]["$ref"].split("/")[-1]]
            assert list(value[0]) == list(group["properties"]), name
    path = new_file(handbook, kind, "new-entry")
    path.write_text(fill(text), encoding="utf-8")
    assert load(handbook / "playbooks")[1] == []


def test_filled_skeletons_build_into_pages_without_a_placeholder(handbook):
    for kind in KINDS:
        path = new_file(handbook, kind, f"new-{kind}")
        path.write_text(fill(uncomment_all(path.read_text(encoding="utf-8"))), encoding="utf-8")
    result = mkdocs_build(handbook, "--strict")
    assert result.returncode == 0, result.output
    page = (handbook / "site/glossary/new-term/index.html").read_text(encoding="utf-8")
    assert "Written for title" in page and "Written for details" in page
    pages = [html for html in (handbook / "site").rglob("*.html") if html.parent.name != "editors"]
    assert len(pages) > 40  # the editor guide explains the placeholder message, so it names `TODO:`
    for html in pages:
        assert PLACEHOLDER not in html.read_text(encoding="utf-8"), html


# -- how values are written ----------------------------------------------------------------


def _scalars(text: str):
    for event in yaml.parse(text):
        if isinstance(event, yaml.ScalarEvent):
            yield event


@pytest.mark.parametrize("kind", KINDS)
def test_text_is_double_quoted_or_a_block_never_single_quoted(kind):
    kind_ = next(k for k in all_kinds() if k.name == kind)
    text = uncomment_all(skeleton(kind_, "o-brien", TODAY))
    styles = {
        event.value.split(" ", 1)[1] if event.value.startswith(PLACEHOLDER) else event.value: event.style
        for event in _scalars(text)
    }
    assert "'" not in [event.style for event in _scalars(text)] and "''" not in text
    assert styles["The entry's name, as readers will see it on the page."] == '"'
    assert styles["o-brien"] == '"' and styles[TODAY.isoformat()] is None
    long_text = {
        "strategy": "The situation in which this play is the right one.",
        "evidence": "Where the evidence comes from and how to get it.",
        "term": "More about the term: where staff meet it and why it matters.",
        "rule": "What the rule forbids or requires, in plain words.",
        "template": "When and where to use it.",
    }.get(kind)
    assert long_text is None or styles[long_text + "\n"] == "|"


def test_skeleton_says_what_to_do_next_and_lists_allowed_values():
    kinds = {k.name: k for k in all_kinds()}
    strategy = skeleton(kinds["strategy"], "new-play", TODAY)
    intro = strategy.split("\nid:", 1)[0]
    assert "TODO" in intro and "opsbook validate" in intro and "editor guide" in intro
    assert re.search(r'^price_position: "TODO: .*"  # write one of: above, level, below, any$', strategy, re.M)
    assert re.search(
        r"^#evidence:  # The trust evidence this play needs.\n"
        r'#  - evidence: "TODO: The id of an evidence entry this strategy relies on."\n'
        r'#    proves: "TODO: What this evidence proves for this strategy, in one sentence."\n',
        strategy,
        re.M,
    )
    evidence = skeleton(kinds["evidence"], "new-proof", TODAY)
    assert "removes_doubts:  # each item is one of: counterfeit, defective, refurbished" in evidence
    assert "\n#review_every_days: 90  # Days until" in evidence  # the kind's own interval as the example


# -- what counts as a placeholder ------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, field",
    [
        (
            "title: Priced well below? Prove the goods are genuine",  # partly edited: the TODO sentence is still there
            'title: "Priced well below. TODO: The entry\'s name, as readers will see it on the page."',
            "title",
        ),
        ("  - Do not name or picture the product you are cheaper than.", '  - "TODO: Mistakes to avoid."', "do_not[3]"),
        (
            "    proves: There is an honest cause for the price, so it does not mean poor goods.",
            '    proves: "TODO: What this evidence proves for this strategy, in one sentence."',
            "evidence[3].proves",
        ),
        ("price_position: below", 'price_position: "TODO: The price position this play is for."', "price_position"),
        (
            "reviewed: 2026-11-01",
            'reviewed: 2026-11-01\nreview_every_days: "TODO: Days until the next review."',
            "review_every_days",
        ),
    ],
)
def test_a_placeholder_left_anywhere_is_the_one_problem_at_its_line(handbook, old, new, field):
    edit(handbook, STRATEGY, old, new)
    problem = only(load(handbook / "playbooks")[1])
    assert (problem.code, problem.field) == ("placeholder", field)
    assert problem.line == line_of(handbook, STRATEGY, "TODO:")


def test_a_placeholder_inside_a_block_is_reported_at_its_own_line(handbook):
    edit(
        handbook,
        STRATEGY,
        "  off the shoppers who care about quality.",
        "  off the shoppers who care about quality.\n\n  TODO: The situation in which this play is the right one.",
    )
    problem = only(load(handbook / "playbooks")[1])
    assert (problem.field, problem.line) == ("when_to_use", line_of(handbook, STRATEGY, "  TODO: The situation"))
    assert problem.message.endswith("What goes here: The situation in which this play is the right one.")


@pytest.mark.parametrize(
    "words", ["Todo list for the launch", "TODO list for the launch", "todo: the launch", "Run the MYTODO: checks"]
)
def test_words_that_only_look_like_the_placeholder_are_text(handbook, words):
    edit(handbook, STRATEGY, "owner: Pricing lead", f'owner: "{words}"')
    assert load(handbook / "playbooks")[1] == []


def test_a_placeholder_under_an_unknown_field_is_reported_as_the_unknown_field(handbook):
    edit(handbook, STRATEGY, "\nevidence:\n", '\nnotes: "TODO: anything"\nevidence:\n')
    assert only(load(handbook / "playbooks")[1]).code == "unknown-field"


# -- copied files --------------------------------------------------------------------------------


def copy_of(folder: Path, original: str, copy: str) -> Path:
    source = folder / "playbooks" / original
    target = source.parent / copy
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "original, copy",
    [
        ("evidence/low-price-reason.yaml", "low-price-reason-2.yaml"),
        ("glossary/dsr.yaml", "a-dsr-copy.yaml"),  # read before the original
        (STRATEGY, "prove-a-low-price-for-shoes.yaml"),
    ],
)
def test_a_copy_whose_id_was_not_changed_gets_the_one_problem(handbook, original, copy):
    path = copy_of(handbook, original, copy)
    handbook_model, problems = load(handbook / "playbooks")
    problem = only(problems)
    assert (problem.path, problem.code, problem.field, problem.line) == (path.as_posix(), "copied-id", "id", 2)
    assert problem.message == (
        f"this file is a copy of {(path.parent / Path(original).name).as_posix()}: "
        f"change `id:` to `{path.stem}`, this file's name"
    )
    kept = handbook_model.get(Path(original).stem)
    assert kept.path.name == Path(original).name  # the original stays in the handbook, unblamed
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"id: {Path(original).stem}\n", f"id: {path.stem}\n"), encoding="utf-8"
    )
    assert load(handbook / "playbooks")[1] == []  # following the message fixes it


def test_a_copy_is_never_told_to_take_a_name_that_is_taken(handbook):
    # `dsr` is a glossary term's id and file name; a copy named `dsr.yaml` elsewhere must not become `dsr`.
    copy_of(handbook, "evidence/low-price-reason.yaml", "dsr.yaml")
    copy_of(handbook, "evidence/low-price-reason.yaml", "low-price-reason copy.yaml")  # not an id at all
    problems = load(handbook / "playbooks")[1]
    assert [(Path(p.path).name, p.code) for p in problems] == [
        ("dsr.yaml", "copied-id"),
        ("low-price-reason copy.yaml", "copied-id"),
    ]
    for problem in problems:
        assert problem.message.endswith("change `id:` to a new id of its own, and rename the file to match")
        assert "`dsr`" not in problem.message and ".yaml`" not in problem.message


def test_two_files_sharing_an_id_neither_is_named_after_are_each_told_their_own_name(handbook):
    folder = handbook / "playbooks/evidence"
    (folder / "low-price-reason.yaml").rename(folder / "reason-one.yaml")
    (folder / "low-price-reason.zh-Hans.yaml").rename(folder / "reason-one.zh-Hans.yaml")
    copy_of(handbook, "evidence/reason-one.yaml", "reason-two.yaml")
    problems = load(handbook / "playbooks")[1]
    assert [(Path(p.path).name, p.code, p.line) for p in problems] == [
        ("reason-one.yaml", "shared-id", 2),
        ("reason-two.yaml", "shared-id", 2),
    ]
    for problem, other, own in zip(problems, ("reason-two", "reason-one"), ("reason-one", "reason-two"), strict=False):
        assert problem.message == (
            f"{(folder / other).as_posix()}.yaml has the id `low-price-reason` too, and no "
            f"file is named after it: change `id:` to `{own}`, this file's name"
        )
    # No other problem: references to the id still resolve, to one of the two files.


def test_a_copy_of_a_broken_file_names_the_original_and_suggests_its_own_name(handbook):
    copy_of(handbook, "evidence/low-price-reason.yaml", "low-price-reason-2.yaml")
    edit(handbook, "evidence/low-price-reason.yaml", "owner: Pricing lead", "owner:")
    problems = load(handbook / "playbooks")[1]
    copy = [p for p in problems if p.path.endswith("low-price-reason-2.yaml")]
    assert [p.code for p in copy] == ["copied-id"] and "`low-price-reason-2`, this file's name" in copy[0].message
    assert [p.code for p in problems if p.path.endswith("/low-price-reason.yaml")] == ["empty-value"]


def test_entries_named_after_the_same_id_in_two_folders_are_still_a_duplicate(handbook):
    copy = copy_of(handbook, "evidence/low-price-reason.yaml", "dsr.yaml")
    copy.write_text(copy.read_text(encoding="utf-8").replace("id: low-price-reason", "id: dsr"), encoding="utf-8")
    problem = only([p for p in load(handbook / "playbooks")[1] if p.field == "id"])
    assert (Path(problem.path).parent.name, problem.code) == ("glossary", "duplicate-id")
    assert problem.message == f"the id `dsr` is already used by {copy.as_posix()}"


def test_the_readme_shows_lines_the_skeleton_really_has():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block.split("```")[0] for block in readme.split("```yaml\n")[1:]]
    excerpt = next(block for block in blocks if "TODO:" in block)
    evidence = skeleton(next(k for k in all_kinds() if k.name == "evidence"), "purchase-contract", TODAY)
    shown = [line for line in excerpt.splitlines() if "…" not in line]
    assert len(shown) >= 4 and all(line in evidence.splitlines() for line in shown), shown
    for line in excerpt.splitlines():  # shortened lines: the part before the "…"
        assert any(real.startswith(line.split("…")[0]) for real in evidence.splitlines()), line
