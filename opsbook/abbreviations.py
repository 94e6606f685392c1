"""Glossary terms as hover abbreviations on every page.

Abbreviations (all-capital titles such as DSR) and the Chinese form of every
term are wrapped in <abbr> wherever they appear in a page's text, except in
links, headings, code and other places where a tooltip does not belong.
"""

from __future__ import annotations

import re

from .handbook import Handbook
from .render import environment

_SKIP = {"a", "abbr", "code", "pre", "script", "style", "title", "textarea", "button", "svg", "label", "summary",
         "h1", "h2", "h3", "h4", "h5", "h6"}
_PARTS = re.compile(r"(<[^>]*>)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")


def hover_terms(handbook: Handbook) -> dict[str, str]:
    """Text to mark -> the explanation shown on hover."""
    terms = {}
    for record in handbook.of_kind("term"):
        entry = record.entry
        explanation = f"{entry.title}" + (f" ({entry.stands_for})" if entry.stands_for else "")
        explanation += f", {entry.chinese}: {entry.summary}"
        if re.fullmatch(r"[A-Z]{2,6}", entry.title):
            terms[entry.title] = explanation
        terms[entry.chinese] = explanation
    return terms


class Abbreviator:
    def __init__(self, terms: dict[str, str]):
        template = environment().get_template("abbr.j2")
        self.marked = {term: template.render(term=term, explanation=explanation).strip()
                       for term, explanation in terms.items()}
        alternatives = sorted(terms, key=len, reverse=True)
        # ASCII abbreviations only as whole words; Chinese has no spaces to count on.
        pattern = "|".join(rf"\b{re.escape(t)}\b" if t.isascii() else re.escape(t) for t in alternatives)
        self.pattern = re.compile(pattern) if alternatives else None

    def apply(self, page_html: str) -> str:
        if self.pattern is None:
            return page_html
        out, skipping = [], []
        for part in _PARTS.split(page_html):
            if part.startswith("<"):
                tag = _TAG.match(part)
                if tag and tag[2].lower() in _SKIP and not tag[3]:
                    if tag[1]:
                        if skipping and skipping[-1] == tag[2].lower():
                            skipping.pop()
                    else:
                        skipping.append(tag[2].lower())
                out.append(part)
            elif skipping or not part:
                out.append(part)
            else:
                out.append(self.pattern.sub(lambda match: self.marked[match[0]], part))
        return "".join(out)
