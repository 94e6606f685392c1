"""Glossary terms as hover abbreviations on every page.

Abbreviations (all-capital titles such as DSR) and the Chinese form of every
term are wrapped in <abbr> where they first appear in a page's text (as style
guides explain a term at first use), except in links, headings, code and
other places where a tooltip does not belong.
"""

from __future__ import annotations

import re

from opsbook.core.handbook import Handbook
from opsbook.site.render import environment

# Not inside a tag (no ">" before the next "<"), nor as the direct text of an element that must not
# carry a tooltip. One C-level regex pass per page; Python runs only for the terms it marks.
_OUTSIDE = r"(?![^<]*>)(?![^<]*</(?:a|abbr|code|pre|script|style|title|textarea|button|label|summary|span|h[1-6])>)"


def hover_terms(handbook: Handbook) -> dict[str, str]:
    """Text to mark -> what it stands for, shown on hover: what each kind's `hover_terms` gives for its entries."""
    terms = {}
    for record in handbook.records:
        if record.kind.hover_terms:
            terms.update(record.kind.hover_terms(record.entry, record.source_entry or record.entry))
    return terms


class Abbreviator:
    def __init__(self, terms: dict[str, str]):
        template = environment().get_template("abbr.j2")
        self.marked = {
            term: template.render(term=term, explanation=explanation).strip() for term, explanation in terms.items()
        }
        # One trie-shaped pattern: at each position the regex follows the text's characters down the
        # trie, so a page costs the same with 50 terms or 5,000 (an alternation of the terms would try
        # each in turn). Longer terms win: every branch is tried before the end of a shorter term.
        # ASCII abbreviations only as whole words; Chinese has no spaces to count on.
        words = [term for term in terms if term.isascii()]
        others = [term for term in terms if not term.isascii()]
        branches = [_trie_pattern(others)] if others else []
        branches += [rf"\b{_trie_pattern(words)}\b"] if words else []
        # Not the name or number inside a character reference (&quot; &#39;), which would split it. The
        # lookahead for a term's first character lets the regex skip every other position at C speed.
        firsts = "".join(sorted({re.escape(term[0]) for term in terms}))
        alternatives = "|".join(branches)
        self.pattern = re.compile(f"(?=[{firsts}])(?<![&#])(?:{alternatives}){_OUTSIDE}") if terms else None

    def apply(self, page_html: str) -> str:
        if self.pattern is None:
            return page_html
        seen: set[str] = set()

        def mark(match: re.Match) -> str:
            term = match[0]
            if term in seen:
                return term
            seen.add(term)
            return self.marked[term]

        return self.pattern.sub(mark, page_html)


def _trie_pattern(terms: list[str]) -> str:
    """A regex matching exactly `terms`, shaped as their trie (shared prefixes written once)."""
    trie: dict = {}
    for term in terms:
        node = trie
        for character in term:
            node = node.setdefault(character, {})
        node[""] = {}  # a term ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(character) + pattern(child) for character, child in node.items() if character]
        if not branches:
            return ""
        either = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{either})?" if "" in node else either

    return pattern(trie)
