"""Reading one file: positions, and the YAML features playbooks refuse."""

from datetime import date

from opsbook.core.yaml_source import MAX_FILE_BYTES, field_name, read


def codes(problems):
    return [p.code for p in problems]


def test_positions_point_at_each_key_and_item():
    source, problems = read(b"id: x\nsteps:\n  - one\n  - two\nnested:\n  a: 1\n", "f.yaml")
    assert problems == []
    assert source.positions[("id",)] == (1, 1)
    assert source.positions[("steps", 1)] == (4, 5)
    assert source.positions[("nested", "a")] == (6, 3)
    assert source.data == {"id": "x", "steps": ["one", "two"], "nested": {"a": 1}}


def test_dates_and_numbers_are_built_as_yaml_says():
    source, _ = read(b"reviewed: 2026-01-31\ncount: 3\n", "f.yaml")
    assert source.data == {"reviewed": date(2026, 1, 31), "count": 3}


def test_impossible_date_is_kept_for_the_validator_to_report():
    source, problems = read(b"reviewed: 2026-02-30\n", "f.yaml")
    assert problems == [] and source.data["reviewed"] == "2026-02-30"


def test_duplicate_key_names_both_lines():
    _, problems = read(b"id: a\ntitle: x\nid: b\n", "f.yaml")
    assert codes(problems) == ["duplicate-key"]
    assert (problems[0].line, problems[0].field) == (3, "id")
    assert "first on line 1" in problems[0].message


def test_aliases_are_refused_without_expanding_them():
    laughs = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
        for p, c in zip("abcdefgh", "bcdefghi", strict=False)
    )
    _, problems = read(laughs, "f.yaml")
    assert problems and set(codes(problems)) == {"alias"}


def test_python_tags_are_refused_not_constructed():
    for text in (
        b"x: !!python/object/apply:os.system ['true']\n",
        b"x: !!python/name:os.system\n",
        b"x: !custom 1\n",
        b"x: !!binary aGk=\n",
        b"x: !!set {a}\n",
    ):
        _, problems = read(text, "f.yaml")
        assert codes(problems) == ["unsupported-tag"], text


def test_byte_order_mark_and_crlf_are_fine():
    source, problems = read(b"\xef\xbb\xbfid: x\r\ntitle: y\r\n", "f.yaml")
    assert problems == [] and source.data == {"id": "x", "title": "y"}
    assert source.first_line == "id: x"


def test_bytes_that_are_not_utf8_name_their_line():
    _, problems = read(b"id: x\ntitle: caf\xe9\n", "f.yaml")
    assert codes(problems) == ["not-utf8"] and problems[0].line == 2


def test_unclosed_quote_points_at_the_opening_quote():
    _, problems = read(b'id: x\ntitle: "not closed\nsummary: y\nowner: z\n', "f.yaml")
    assert codes(problems) == ["yaml-unclosed-quote"]
    assert problems[0].line == 2 and "never closed" in problems[0].message


def test_tab_indentation_is_explained():
    _, problems = read(b"steps:\n\t- one\n", "f.yaml")
    assert problems[0].line == 2 and "tab" in problems[0].message


def test_bad_indentation_points_at_the_line():
    _, problems = read(b"id: x\nsteps:\n  - one\n - two\n", "f.yaml")
    assert codes(problems) == ["yaml-indentation"] and problems[0].line == 4


def test_empty_comment_only_and_non_mapping_files():
    assert codes(read(b"", "f.yaml")[1]) == ["empty-file"]
    assert codes(read(b"# nothing here\n", "f.yaml")[1]) == ["empty-file"]
    assert codes(read(b"- a\n- b\n", "f.yaml")[1]) == ["not-a-mapping"]
    assert codes(read(b"just words\n", "f.yaml")[1]) == ["not-a-mapping"]
    assert codes(read(b"a: 1\n---\nb: 2\n", "f.yaml")[1]) == ["several-documents"]


def test_size_limit():
    _, problems = read(b"x: " + b"a" * MAX_FILE_BYTES, "f.yaml")
    assert codes(problems) == ["file-too-large"]


def test_field_names_count_items_from_one():
    assert field_name(("evidence", 0, "proves")) == "evidence[1].proves"
    assert field_name(()) == ""
