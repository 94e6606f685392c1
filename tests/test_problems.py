"""Every message an editor can meet is explained in the catalogue."""

import re
from pathlib import Path

from opsbook.core.problems import CATALOGUE, Problem

PACKAGE = Path(__file__).resolve().parent.parent / "opsbook"


def test_every_entry_explains_itself():
    for code, entry in CATALOGUE.items():
        assert re.fullmatch(r"[a-z0-9-]+", code)
        assert entry.message and entry.meaning.endswith(".") and entry.fix.endswith((".", "`"))


def test_every_code_the_engine_uses_is_catalogued():
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    used = set(re.findall(r'"([a-z]+(?:-[a-z0-9]+)+)"', source)) & {
        c for c in re.findall(r'(?:problem|Problem\.of|PydanticCustomError)\(\s*"([a-z0-9-]+)"', source)
    }
    assert used and used <= set(CATALOGUE)


def test_format_is_path_line_col_field_message():
    problem = Problem.of("duplicate-key", "playbooks/x.yaml", 3, 1, "id", key="id", first_line=1)
    assert str(problem) == "playbooks/x.yaml:3:1: id: `id` is written twice in the same block (first on line 1)"


def test_every_entry_has_a_group_and_a_before_and_after_example():
    for code, entry in CATALOGUE.items():
        assert entry.group and entry.code == code
        assert entry.before and entry.after and entry.before != entry.after, code
        assert "{" not in entry.example_message().replace("{{", "") or code.startswith(("macro", "template")), code


def test_no_example_holds_a_control_character():
    """The guide prints the examples: a raw control character would make the page invalid HTML."""
    from opsbook.core.characters import CONTROL

    for code, entry in CATALOGUE.items():
        assert not CONTROL.search(entry.before + entry.after + entry.example_message()), code
