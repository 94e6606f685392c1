"""The limits a rule's regular expression must keep, so that no rule can make checking slow.

Python's `re` backtracks: `(a+)+$` takes exponential time, `\\s+x` quadratic time on a long run of
spaces, and `a{4294967296}` does not even compile. A pattern is therefore checked when the rules
load, on the tree `re` itself compiles (so the check sees exactly what will run):

- every repetition has an upper bound (`{1,10}`, not `+`, `*` or `{1,}`), of at most MAX_COUNT;
- no back-references (`\\1`) or conditional groups;
- a bound on the work at one position of the text: the number of ways the pattern can backtrack,
  counted through sequences, alternatives and repetitions, is at most MAX_STEPS. This rejects
  nested repetitions such as `(a{1,20}){1,20}` and long chains of them.

With these limits matching takes at most MAX_STEPS steps per character of the text: linear time.
"""

from __future__ import annotations

import re

try:  # the parser `re` compiles with (Python 3.11+); the same module was `sre_parse` before
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

MAX_COUNT = 100
MAX_STEPS = 1000
MAX_DEPTH = 20

_TOO_DEEP = f"nests groups too deeply; at most {MAX_DEPTH} levels are allowed"
_ONE_CHARACTER = {_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.AT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT}


class TooComplex(ValueError):
    """Why a pattern breaks the limits, in words for the person who wrote the rule."""


def _cap(value: int) -> int:
    return min(value, MAX_STEPS + 1)


def check(pattern: str, flags: int) -> re.Pattern:
    """The compiled pattern; raises re.error for a pattern that does not compile, TooComplex for one
    that breaks the limits above."""
    try:
        tree = _sre_parse.parse(pattern, flags)
    except OverflowError:
        raise TooComplex(f"has a repetition count far too large; at most {MAX_COUNT} is allowed") from None
    except RecursionError:
        raise TooComplex(_TOO_DEEP) from None
    if tree.getwidth()[0] == 0:
        raise TooComplex("matches empty text, so it would flag every text")
    try:
        _, steps = _sequence(tree, 0)
    except RecursionError:
        raise TooComplex(_TOO_DEEP) from None
    if steps > MAX_STEPS:
        raise TooComplex(
            f"can take more than {MAX_STEPS:,} steps at each character of the text (repetitions "
            "inside repetitions, or too many choices one after another); use smaller counts, "
            "or a `combination` or plain phrases instead"
        )
    return re.compile(pattern, flags)


def _sequence(items, depth: int) -> tuple[int, int]:
    """(ways, steps) of items matched one after another: `ways` is how many different matches the items
    can make from one place, `steps` a bound on the work of trying them all."""
    if depth > MAX_DEPTH:
        raise TooComplex(_TOO_DEEP)
    ways, steps = 1, 0
    for op, value in items:
        item_ways, item_steps = _item(op, value, depth + 1)
        steps = _cap(steps + ways * item_steps)  # each way the items so far can end, the next item is tried
        ways = _cap(ways * item_ways)
    return ways, steps


def _item(op, value, depth: int) -> tuple[int, int]:
    if op in _ONE_CHARACTER:
        return 1, 1
    if op is _c.SUBPATTERN:
        return _sequence(value[-1], depth)
    if op is _c.BRANCH:
        branches = [_sequence(branch, depth) for branch in value[1]]
        return _cap(sum(w for w, _ in branches)), _cap(sum(s for _, s in branches))
    if op in (_c.ASSERT, _c.ASSERT_NOT):  # a lookaround is tried once and keeps no choices
        return 1, _sequence(value[1], depth)[1]
    if op is _c.ATOMIC_GROUP:
        return 1, _sequence(value, depth)[1]
    if op in _REPEATS:
        low, high, body = value
        if high is _c.MAXREPEAT:
            raise TooComplex(
                "repeats without limit (`+`, `*` or `{n,}`), which can make checking long copy "
                "very slow; give a limit, such as `{1,10}`"
            )
        if high > MAX_COUNT:
            raise TooComplex(f"repeats up to {high:,} times; at most {MAX_COUNT} is allowed")
        ways, steps = _sequence(body, depth)
        if op is _c.POSSESSIVE_REPEAT:
            return 1, _cap(high * steps)
        total_ways, total_steps, power = 0, 0, 1  # power = ways ** k for k repetitions
        for k in range(high + 1):
            if k >= low:
                total_ways = _cap(total_ways + power)
            if k < high:
                total_steps = _cap(total_steps + power * steps)
            power = _cap(power * ways)
        return total_ways, total_steps
    if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
        raise TooComplex(
            "uses a back-reference (`\\1`, `(?P=name)`) or a conditional group, which copy rules do not allow"
        )
    raise TooComplex(f"uses `{str(op).lower()}`, which copy rules do not support")
