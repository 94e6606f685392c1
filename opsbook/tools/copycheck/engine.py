"""Matching: each rule's patterns compiled once, run once over the normalised text.

Every step is linear in the text, or n·log n where findings are sorted and looked up: each pattern
makes one pass (phrases are safe by construction, regexes keep `regex_limits`), exempt phrases and
sentence ends are found once and looked up by bisection, and offsets, lines and columns are mapped
back through `Copy` without rescanning the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from opsbook.tools.copycheck.rules import REGEX_FLAGS, Combination, CopyRule
from opsbook.tools.copycheck.text import Copy, Spans, find, phrases_pattern


@dataclass(frozen=True)
class Finding:
    rule: CopyRule
    start: int  # character offsets in the text as written; `end` is exclusive
    end: int
    line: int
    column: int
    quote: str  # the text between start and end; empty for a missing statement
    missing: str = ""  # for a `required` rule: the phrase the text lacks

    def format(self, name: str) -> str:
        what = f'missing "{self.missing}"' if self.missing else f'"{_shown(self.quote)}"'
        return (
            f"{name}:{self.line}:{self.column}: {self.rule.id}: {what} — {self.rule.explanation} "
            f"Instead: {self.rule.suggestion}"
        )

    def as_json(self, name: str) -> dict:
        return {
            "file": name,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "rule": self.rule.id,
            "source": self.rule.source,
            "text": self.quote,
            "missing": self.missing or None,
            "explanation": self.rule.explanation,
            "suggestion": self.rule.suggestion,
        }


def _shown(quote: str) -> str:
    return quote.replace("\r", "").replace("\n", "\\n").replace("\t", " ")


_MERGE_GAP = 3  # spaces allowed between two touching places of one part


@dataclass(frozen=True)
class CompiledCombination:
    model: Combination
    parts: tuple[re.Pattern, ...]
    breaks: re.Pattern | None

    def spans(self, copy: Copy, exempt: Spans) -> list[tuple[int, int]]:
        """Where the parts occur in order (and, with either_order, with the first part last)."""
        found = [self._occurrences(pattern, copy.text, exempt) for pattern in self.parts]
        breaks = Spans(find(self.breaks, copy.text))
        orders = [found] + ([found[1:] + found[:1]] if self.model.either_order else [])
        return [span for order in orders for span in self._chains(order, copy, breaks)]

    @staticmethod
    def _occurrences(pattern: re.Pattern, text: str, exempt: Spans) -> list[tuple[int, int]]:
        """A part's places, outside exempt phrases; touching ones merge (五星 + 好评 is one review action)."""
        out: list[tuple[int, int]] = []
        for start, end in find(pattern, text):
            if exempt.around(start, end):
                continue
            if out and start - out[-1][1] <= _MERGE_GAP and not text[out[-1][1] : start].strip():
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return out

    def _chains(self, parts: list[list[tuple[int, int]]], copy: Copy, breaks: Spans) -> list[tuple[int, int]]:
        """For each place where the last part completes a chain, the chain's span: each part at most
        `max_gap` characters after the one before, with no sentence end and no break between them.
        Only the nearest previous part is tried: any farther one has the same gap and more."""
        chains = [(start, end, start) for start, end in parts[0]]  # (start, end, where the chain starts)
        for places in parts[1:]:
            ends = [end for _, end, _ in chains]
            linked = []
            for start, end in places:
                i = bisect_right(ends, start) - 1
                if i < 0:
                    continue
                _, previous_end, chain_start = chains[i]
                if (
                    start - previous_end <= self.model.max_gap
                    and not copy.sentence_ends.any_within(previous_end, start)
                    and not breaks.any_within(previous_end, start)
                ):
                    linked.append((start, end, chain_start))
            chains = linked
        shortest: dict[int, int] = {}  # the first place that completes a chain wins: the tightest quote
        for _, end, chain_start in chains:
            shortest.setdefault(chain_start, end)
        return list(shortest.items())


@dataclass(frozen=True)
class Rule:
    """A validated rule with its patterns compiled."""

    model: CopyRule
    phrases: tuple[str, ...]  # the plain phrases, competitor names included, as the handbook lists them
    phrase_pattern: re.Pattern | None
    regexes: tuple[re.Pattern, ...]
    combinations: tuple[CompiledCombination, ...]
    exempt: re.Pattern | None
    required: re.Pattern | None

    @classmethod
    def compile(cls, model: CopyRule, competitor_names: list[str]) -> Rule:
        phrases = (*model.phrases, *(competitor_names if model.phrases_from == "competitors" else ()))
        combinations = tuple(
            CompiledCombination(c, tuple(phrases_pattern(p.phrases) for p in c.parts), phrases_pattern(c.breaks))
            for c in model.combinations
        )
        return cls(
            model,
            phrases,
            phrases_pattern(phrases),
            tuple(re.compile(r.regex, REGEX_FLAGS) for r in model.regexes),
            combinations,
            phrases_pattern(model.exempt),
            phrases_pattern(model.required),
        )

    def findings(self, copy: Copy) -> list[Finding]:
        if self.required:
            if self.required.search(copy.text):
                return []
            return [Finding(self.model, 0, 0, 1, 1, "", missing=self.model.required[0])]
        exempt = Spans(find(self.exempt, copy.text))
        spans = [copy.whole_word(*span) for span in find(self.phrase_pattern, copy.text) if not exempt.around(*span)]
        spans += [span for pattern in self.regexes for span in find(pattern, copy.text) if not exempt.around(*span)]
        spans += [span for combination in self.combinations for span in combination.spans(copy, exempt)]
        out, last_end = [], 0
        for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):  # longest at one place wins
            if start < last_end:
                continue
            last_end = end
            first, stop = copy.span(start, end)
            line, column = copy.line_and_column(first)
            out.append(Finding(self.model, first, stop, line, column, copy.written_text[first:stop]))
        return out


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]

    def over(self, base: RuleSet) -> RuleSet:
        """These rules, then `base`'s rules whose ids these do not replace."""
        own = {rule.model.id for rule in self.rules}
        return RuleSet(self.rules + tuple(rule for rule in base.rules if rule.model.id not in own))

    def check(self, text: str, health_food: bool = False) -> list[Finding]:
        """Every finding in `text`, in the order they occur; `health_food` adds the health-food rules."""
        copy = Copy(text)
        found = [
            (bool(finding.missing), finding.start, order, finding)
            for order, rule in enumerate(self.rules)
            if health_food or rule.model.applies_to == "all"
            for finding in rule.findings(copy)
        ]
        # A missing statement concerns the whole text: after the findings that point at words.
        return [row[-1] for row in sorted(found, key=lambda row: row[:3])]
