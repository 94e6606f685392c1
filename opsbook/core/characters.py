"""Characters that must never reach a terminal, a CI log or a page as they are.

Control characters (ESC, BEL, NUL, CR…), line and paragraph separators and
bidirectional controls can rewrite what a terminal or a reader sees (fake
lines, reordered text). Playbook text may not contain them, and anything
printed about a file (its name, a quoted value) shows them escaped.
"""

from __future__ import annotations

import re
import unicodedata

# Never allowed in any text: C0/C1 controls except tab and newline, DEL, U+2028/9, bidi controls.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[{_CONTROL}]")
# Also refused in one-line fields (titles, tags, names): characters that show as nothing, so two
# values that look the same would differ (zero-width spaces, soft hyphen, Hangul fillers, BOM).
INVISIBLE = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2060-\u2064\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_UNPRINTABLE = re.compile(f"[{_CONTROL}\t\n\r]|{INVISIBLE.pattern}")


_C0_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}


def name(char: str) -> str:
    """`U+001B (ESCAPE)`: how a message names a character it will not show."""
    return f"U+{ord(char):04X} ({_C0_NAMES.get(char) or unicodedata.name(char, 'control character')})"


def visible(text: str) -> str:
    """`text` on one line with every control or invisible character written as an escape (\\x1b, \\u202e)."""
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), str(text))


def escape_controls(text: str) -> str:
    """Multi-line `text` (Markdown, a report) with control characters escaped and line breaks kept."""
    return CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)
