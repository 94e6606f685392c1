"""Markdown code spans and fences that no playbook text can break out of, with controls escaped."""

from __future__ import annotations

import unicodedata

_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _visible(text: str, keep: str = "") -> str:
    """Control, line-separator and bidi-override characters written as escapes."""
    out = []
    for char in text:
        if char in keep:
            out.append(char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char in _BIDI or unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def _longest_backticks(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest


def code(text: str | None, limit: int | None = None) -> str:
    """`text` as a Markdown code span: nothing in it is interpreted."""
    if text is None or text == "":
        return "*(empty)*"
    text = _visible(text)
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    fence = "`" * (_longest_backticks(text) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str, info: str = "") -> list[str]:
    """`text` as the lines of a fenced code block."""
    lines = [_visible(line, keep="\t") for line in text.split("\n")]
    fence = "`" * max(3, _longest_backticks(text) + 1)
    return [fence + info, *lines, fence]
