"""Copy as the rules read it: normalised once, with a way back to the text as written."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cached_property

# Characters that change nothing on screen but would split a word: they are dropped before matching.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

# The end of a sentence: a combination's parts are never looked for across one.
_SENTENCE_END = re.compile(r"[\n。!?;]|\.(?=\s|$)")
# Latin words joined by hyphens ("best-in-class"): a phrase found in one is quoted as the whole word.
_COMPOUND = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")


class Spans:
    """Non-overlapping spans in order (as `finditer` finds them), looked up by bisection."""

    def __init__(self, spans):
        self.starts, self.ends = [], []
        for start, end in spans:
            self.starts.append(start)
            self.ends.append(end)

    def around(self, start: int, end: int) -> tuple[int, int] | None:
        """The span that holds all of [start, end), if one does."""
        i = bisect_right(self.starts, start) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 and self.ends[i] >= end else None

    def any_within(self, start: int, end: int) -> bool:
        """Whether a span lies wholly inside [start, end)."""
        i = bisect_right(self.starts, start - 1)
        return i < len(self.starts) and self.ends[i] <= end


def find(pattern: re.Pattern | None, text: str) -> list[tuple[int, int]]:
    """The spans of the pattern's non-empty matches."""
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()] if pattern else []


def _form(char: str) -> str:
    return "" if char in INVISIBLE else unicodedata.normalize("NFKC", char)


class Copy:
    """One text to check: `text` is what the rules match (each character NFKC-normalised on its own, so
    ＢＥＳＴ reads BEST; invisible characters dropped), and `written()` maps its offsets back.

    Normalising happens once per text; offsets, lines and columns are found by bisection, so the
    cost of a finding does not grow with the length of the text.
    """

    def __init__(self, written: str):
        table = {}
        for char in set(written):
            if not char.isascii() and (form := _form(char)) != char:
                table[ord(char)] = form
        self.written_text = written
        self.text = written.translate(table) if table else written
        # Offsets shift only where a character became more or less than one character (… → ..., dropped
        # zero-width spaces). Segment j starts at normalised offset starts[j], which maps to written offset
        # origins[j]; inside it the offsets move on by steps[j] (1, or 0 for the copies of one character).
        self._starts, self._origins, self._steps = [0], [0], [1]
        resized = {chr(code): form for code, form in table.items() if len(form) != 1}
        if resized:
            shift = 0  # normalised offset minus written offset, before the current character
            for match in re.finditer("|".join(map(re.escape, resized)), written):
                offset, size = match.start(), len(resized[match.group()])
                here = offset + shift
                if size:
                    self._segment(here, offset, 0)
                self._segment(here + size, offset + 1, 1)
                shift += size - 1

    def _segment(self, start: int, origin: int, step: int) -> None:
        self._starts.append(start)
        self._origins.append(origin)
        self._steps.append(step)

    def written(self, offset: int) -> int:
        """The offset in the written text of the character at `offset` of the normalised text."""
        j = bisect_right(self._starts, offset) - 1
        return self._origins[j] + self._steps[j] * (offset - self._starts[j])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A normalised span [start, end) as a span of the written text."""
        return self.written(start), self.written(end - 1) + 1

    def line_and_column(self, offset: int) -> tuple[int, int]:
        """Line and column, counted from 1, of a written offset."""
        line = bisect_right(self._newlines, offset - 1)
        return line + 1, offset - (self._newlines[line - 1] + 1 if line else 0) + 1

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.written_text)]

    @cached_property
    def sentence_ends(self) -> Spans:
        return Spans(find(_SENTENCE_END, self.text))

    @cached_property
    def _compounds(self) -> Spans:
        return Spans(find(_COMPOUND, self.text))

    def whole_word(self, start: int, end: int) -> tuple[int, int]:
        """The span widened to the hyphenated Latin word it is part of (best → best-in-class)."""
        return self._compounds.around(start, end) or (start, end)


def normalise(text: str) -> str:
    """The text as the rules match it (see `Copy`)."""
    return Copy(text).text


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0002fa1f"


_ASCII_WORD = "A-Za-z0-9"


def phrase_words(phrase: str) -> str:
    """A phrase as matched: normalised, hyphens read as spaces, runs of spaces as one; empty if nothing is left."""
    return " ".join(normalise(phrase).replace("-", " ").split())


def phrase_pattern(phrase: str) -> str:
    """A plain phrase as a regular expression.

    Case and full-width forms are ignored; a space or hyphen in the phrase matches any run of spaces
    and hyphens ("world-class" finds "world class"); spaces between Chinese characters are allowed
    ("好评 返现"). A phrase that starts or ends with a Latin letter or digit only matches whole words
    there; the test is on Latin letters and digits only, so "BrandX" is found in "比BrandX更好".
    Every repetition in the result follows a fixed character, so matching stays linear in the text.
    """
    phrase = phrase_words(phrase)
    out = []
    for i, char in enumerate(phrase):
        if char == " ":
            out.append(r"[\s\-]+")
            continue
        if i and _is_cjk(char) and _is_cjk(phrase[i - 1]):
            out.append(r"\s*")
        out.append(re.escape(char))
    body = "".join(out)
    if re.match(f"[{_ASCII_WORD}]", phrase):
        body = f"(?<![{_ASCII_WORD}])" + body
    if re.search(f"[{_ASCII_WORD}]$", phrase):
        body += f"(?![{_ASCII_WORD}])"
    return body


def phrases_pattern(phrases) -> re.Pattern | None:
    """One expression that finds any of `phrases`, the longest first where several start at one place.

    It starts by looking ahead for the phrases' first characters, which lets `re` skip quickly to the
    places where one could start (about ten times faster on long copy than trying every phrase everywhere).
    """
    ordered = sorted(set(phrases), key=lambda phrase: -len(phrase_words(phrase)))
    if not ordered:
        return None
    first = "".join(sorted({re.escape(phrase_words(phrase)[0]) for phrase in ordered}))
    alternatives = "|".join(f"(?:{phrase_pattern(phrase)})" for phrase in ordered)
    return re.compile(f"(?=[{first}])(?:{alternatives})", re.IGNORECASE)
