"""Property-based tests: no input crashes the loader or the validator; every problem has a place."""

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsbook.core import validate
from opsbook.core.yaml_source import read

from .bad_playbooks import EVIDENCE, STRATEGY
from .conftest import TODAY

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.dates(),
    st.sampled_from(["2026-02-30", "{{ config }}", "<b>x</b>", "- a", "yes"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)


def check_file(text: bytes, kind_folder: str = "evidence"):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / kind_folder / "entry.yaml"
        path.parent.mkdir()
        path.write_bytes(text)
        record, problems = validate.load_file(path, root, TODAY)
    assert record is not None or any(p.blocking for p in problems), "rejected without a reason"
    for problem in problems:
        assert problem.path.endswith("entry.yaml") and problem.line >= 1 and problem.col >= 1
        assert problem.message and str(problem).count(":") >= 4
    return record, problems


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes(data):
    read(data, "f.yaml")


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"#&*!|>[]{},?%@`\\")), max_size=120))
def test_yaml_like_noise(text):
    check_file(text.encode("utf-8"))


@SETTINGS
@given(documents)
def test_any_yaml_document(document):
    check_file(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


def mutations(base: str):
    entry = yaml.safe_load(base)
    keys = st.sampled_from(sorted(entry))
    return st.lists(
        st.one_of(
            st.tuples(st.just("drop"), keys, st.none()),
            st.tuples(st.just("set"), keys, st.recursive(scalars, lambda c: st.lists(c, max_size=3), max_leaves=6)),
            st.tuples(st.just("rename"), keys, st.text(min_size=1, max_size=12)),
            st.tuples(st.just("add"), st.text(min_size=1, max_size=12), scalars),
        ),
        min_size=1,
        max_size=4,
    ).map(lambda changes: apply(dict(entry), changes))


def apply(entry: dict, changes) -> dict:
    for action, key, value in changes:
        if action == "drop":
            entry.pop(key, None)
        elif action == "rename" and key in entry:
            entry[value] = entry.pop(key)
        else:
            entry[key] = value
    return entry


@SETTINGS
@given(mutations(EVIDENCE))
def test_mutated_evidence(entry):
    header = EVIDENCE.splitlines()[0] + "\n"
    check_file((header + yaml.safe_dump(entry, allow_unicode=True)).encode("utf-8"))


@SETTINGS
@given(mutations(STRATEGY))
def test_mutated_strategy(entry):
    header = STRATEGY.splitlines()[0] + "\n"
    check_file((header + yaml.safe_dump(entry, allow_unicode=True)).encode("utf-8"), "strategies")
