"""`opsbook check-copy`: check banner titles and detail-page copy against the rules in copy_rules/.

The rules are data, validated like playbooks (`rules.yaml` for the rules, `competitors.yaml` for the
names copy must not mention). A rule flags text in one of two ways:

- `phrases` are plain text, matched ignoring case, full-width forms and spacing (see `phrase_pattern`);
  `regexes` are Python regular expressions (ignoring case; \\b, \\w, \\d and \\s in their ASCII
  meanings) for what a phrase list cannot say, each with a `label` the handbook shows instead of the
  expression; `phrases_from: competitors` takes the phrases from the competitor list. A match inside
  one of the rule's `exempt` phrases does not count.
- `required` phrases: the text must contain one of them (a finding when it does not).

Text is normalised before matching (NFKC, so ＢＥＳＴ and Ｎｏ．１ read as BEST and No.1; invisible
characters such as zero-width spaces are dropped), but every finding quotes and locates the span of
the text as it was written.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import click
from pydantic import AfterValidator, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .fields import EntryId, Line, Model
from .problems import Problem
from .validate import explain_errors, display_path
from .yaml_source import Source, read

RULES_FOLDER = "copy_rules"
RULES_FILE = "rules.yaml"
COMPETITORS_FILE = "competitors.yaml"
# The rules that come with Opsbook, used when the current folder has no copy_rules/ of its own.
SHIPPED_RULES = Path(__file__).resolve().parent.parent / RULES_FOLDER

# ASCII: \b, \w, \d and \s mean their ASCII forms, so r"\bNo\.1\b" also finds the No.1 in 销量No.1.
REGEX_FLAGS = re.IGNORECASE | re.ASCII


# -- the rule files --------------------------------------------------------------

def _compiles(value: str) -> str:
    try:
        pattern = re.compile(value, REGEX_FLAGS)
    except re.error as error:
        raise PydanticCustomError("invalid-value", "`{regex}` is not a valid regular expression: {error}",
                                  {"regex": value, "error": str(error)})
    if pattern.search(""):
        raise PydanticCustomError("invalid-value", "`{regex}` matches empty text, so it would flag every text",
                                  {"regex": value})
    return value


Regex = Annotated[str, Field(min_length=1, max_length=500,
                             description="A Python regular expression, matched ignoring case; "
                                         "\\b, \\w, \\d and \\s mean their ASCII forms."),
                  AfterValidator(_compiles)]
Phrase = Line("Plain text, matched ignoring case, full-width forms and spacing.", max_length=200)


class RegexPattern(Model):
    regex: Regex
    label: Line("How the pattern is shown on the handbook page, in words staff understand.", max_length=200)


class CopyRule(Model):
    id: EntryId
    source: Line("The law or platform rule this comes from, e.g. Advertising Law of the PRC, Art. 9(3).")
    explanation: Line("One sentence, printed with every finding: what the rule forbids and why.", max_length=400)
    applies_to: Literal["all", "health-food"] = Field(
        description="`all` copy, or only `health-food` (checked with --health-food).")
    phrases: list[Phrase] = Field(default=[], description="Plain phrases that are findings.")
    regexes: list[RegexPattern] = Field(default=[], description="Regular expressions that are findings.")
    phrases_from: Literal["competitors"] | None = Field(
        default=None, description="`competitors`: also flag every name in the competitor list.")
    exempt: list[Phrase] = Field(default=[], description="Phrases in which a match does not count.")
    required: list[Phrase] = Field(default=[], description="The text must contain one of these phrases.")
    suggestion: Line("What to write instead.", max_length=400)

    @model_validator(mode="after")
    def _flags_something(self):
        flags = bool(self.phrases or self.regexes or self.phrases_from)
        if flags == bool(self.required):
            raise PydanticCustomError(
                "invalid-value", "a rule either flags text (`phrases`, `regexes` or `phrases_from`) "
                "or names what the text must contain (`required`); this one has "
                + ("both" if flags else "neither"))
        return self


class RuleFile(Model):
    rules: list[CopyRule] = Field(min_length=1)


class Competitor(Model):
    name: Phrase
    other_names: list[Phrase] = Field(default=[], description="Other spellings, e.g. the Chinese name.")
    products: list[Phrase] = Field(default=[], description="The competitor's product names.")


class CompetitorFile(Model):
    competitors: list[Competitor]


# -- normalising and matching ---------------------------------------------------

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as matched (NFKC, invisible characters dropped), and for each of its characters
    the offset of the character of `text` it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        form = unicodedata.normalize("NFKC", char) if not char.isascii() else char
        chars.append(form)
        origin += [offset] * len(form)
    return "".join(chars), origin


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0002fa1f"


_ASCII_WORD = "A-Za-z0-9"


def phrase_pattern(phrase: str) -> str:
    """A plain phrase as a regular expression.

    Case and full-width forms are ignored; a space or hyphen in the phrase matches any run of spaces
    and hyphens ("world-class" finds "world class"); spaces between Chinese characters are allowed
    ("好评 返现"). A phrase that starts or ends with a Latin letter or digit only matches whole words
    there; the test is on Latin letters and digits only, so "BrandX" is found in "比BrandX更好".
    """
    phrase = " ".join(normalise(phrase)[0].replace("-", " ").split())
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
        return (f"{name}:{self.line}:{self.column}: {self.rule.id}: {what} — {self.rule.explanation} "
                f"Instead: {self.rule.suggestion}")

    def as_json(self, name: str) -> dict:
        return {"file": name, "line": self.line, "column": self.column, "start": self.start, "end": self.end,
                "rule": self.rule.id, "source": self.rule.source, "text": self.quote,
                "missing": self.missing or None, "explanation": self.rule.explanation,
                "suggestion": self.rule.suggestion}


def _shown(quote: str) -> str:
    return quote.replace("\r", "").replace("\n", "\\n").replace("\t", " ")


@dataclass(frozen=True)
class Rule:
    """A validated rule with its patterns compiled."""

    model: CopyRule
    patterns: tuple[re.Pattern, ...]
    exempt: tuple[re.Pattern, ...]
    required: tuple[re.Pattern, ...]
    phrases: tuple[str, ...]  # the plain phrases, competitor names included, as the handbook lists them

    def findings(self, text: str, matched: str, origin: list[int]) -> list[Finding]:
        if self.required:
            if any(pattern.search(matched) for pattern in self.required):
                return []
            return [Finding(self.model, 0, 0, 1, 1, "", missing=self.model.required[0])]
        exempt = [m.span() for pattern in self.exempt for m in pattern.finditer(matched)]
        spans = sorted({m.span() for pattern in self.patterns for m in pattern.finditer(matched) if m.end() > m.start()},
                       key=lambda span: (span[0], -span[1]))  # at one place, the longest match wins
        out, last_end = [], 0
        for start, end in spans:
            if start < last_end or any(a <= start and end <= b for a, b in exempt):
                continue
            last_end = end
            first, stop = origin[start], origin[end - 1] + 1
            line = text.count("\n", 0, first) + 1
            column = first - (text.rfind("\n", 0, first) + 1) + 1
            out.append(Finding(self.model, first, stop, line, column, text[first:stop]))
        return out


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]

    def check(self, text: str, health_food: bool = False) -> list[Finding]:
        """Every finding in `text`, in the order they occur; `health_food` adds the health-food rules."""
        matched, origin = normalise(text)
        found = [(bool(finding.missing), finding.start, order, finding) for order, rule in enumerate(self.rules)
                 if health_food or rule.model.applies_to == "all"
                 for finding in rule.findings(text, matched, origin)]
        # A missing statement concerns the whole text: after the findings that point at words.
        return [row[-1] for row in sorted(found, key=lambda row: row[:3])]


def _compile(phrases) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(phrase_pattern(phrase), re.IGNORECASE) for phrase in phrases)


def _validate(path: Path, model) -> tuple[object | None, Source | None, list[Problem]]:
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, None, [Problem.of("invalid-value", shown, detail=f"the file cannot be read ({error.strerror})")]
    source, problems = read(raw, shown)
    if source is None:
        return None, None, problems
    try:
        return model.model_validate(source.data), source, []
    except ValidationError as error:
        return None, source, explain_errors(error.errors(), source, model)


def load_rules(rules_path: Path, competitors_path: Path) -> tuple[RuleSet | None, list[Problem]]:
    """Read and validate both rule files; the rule set, or None and every problem found."""
    rule_file, source, problems = _validate(rules_path, RuleFile)
    competitor_file, _, more = _validate(competitors_path, CompetitorFile)
    problems += more
    if rule_file is not None:
        seen: dict[str, int] = {}
        for i, rule in enumerate(rule_file.rules):
            if rule.id in seen:
                problems.append(source.problem("duplicate-id", ("rules", i, "id"), id=rule.id,
                                               other=f"rule {seen[rule.id] + 1} of this file"))
            seen.setdefault(rule.id, i)
    if problems:
        return None, sorted(problems)
    names = [name for c in competitor_file.competitors for name in (c.name, *c.other_names, *c.products)]
    rules = []
    for rule in rule_file.rules:
        phrases = [*rule.phrases, *(names if rule.phrases_from == "competitors" else [])]
        patterns = _compile(phrases) + tuple(re.compile(r.regex, REGEX_FLAGS) for r in rule.regexes)
        rules.append(Rule(rule, patterns, _compile(rule.exempt), _compile(rule.required),
                          tuple(phrases)))
    return RuleSet(tuple(rules)), []


def rules_folder(base: Path) -> Path:
    """`copy_rules/` in `base` (the handbook's top folder) if it has one, else the rules shipped with Opsbook."""
    local = Path(base) / RULES_FOLDER
    return local if local.is_dir() else SHIPPED_RULES


def load_default(base: Path) -> tuple[RuleSet | None, list[Problem]]:
    folder = rules_folder(base)
    return load_rules(folder / RULES_FILE, folder / COMPETITORS_FILE)


# -- the command -------------------------------------------------------------------

def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.UsageError(f"{name} is not UTF-8 text (byte {error.start} cannot be read)")


@click.command("check-copy")
@click.argument("text", required=False)
@click.option("--file", "files", multiple=True, metavar="PATH",
              type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="A text file to check (`-` for standard input); repeat for several files.")
@click.option("--health-food", is_flag=True, help="The product is a health food: also apply the health-food rules.")
@click.option("--competitors", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=f"The competitor list to use instead of {RULES_FOLDER}/{COMPETITORS_FILE}.")
@click.option("--rules", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=f"The rules file to use instead of {RULES_FOLDER}/{RULES_FILE}.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one document with every finding, for tools.")
def check_copy(text, files, health_food, competitors, rules, output):
    """Check banner and detail-page copy for wording that laws or platform rules forbid.

    Checks TEXT, or each --file, or standard input when neither is given (or TEXT is `-`).
    Prints one finding per line as NAME:LINE:COL: RULE: "QUOTE" — WHY Instead: WHAT TO WRITE.
    Exit status: 1 if anything was found, 0 if the copy is clean, 2 for usage errors or broken rule files.
    """
    folder = rules_folder(Path.cwd())
    ruleset, problems = load_rules(rules or folder / RULES_FILE, competitors or folder / COMPETITORS_FILE)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in the copy rules; nothing was checked.", err=True)
        sys.exit(2)

    stdin_text: list[str] = []

    def read_stdin() -> str:
        if not stdin_text:
            stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
            stdin_text.append(_decode(stream.read(), "standard input") if stream else sys.stdin.read())
        return stdin_text[0]

    texts: list[tuple[str, str]] = []
    if text is not None:
        texts.append(("<stdin>", read_stdin()) if text == "-" else ("<text>", text))
    for path in files:
        if path == "-":
            texts.append(("<stdin>", read_stdin()))
        else:
            texts.append((path, _decode(Path(path).read_bytes(), path)))
    if not texts:
        texts.append(("<stdin>", read_stdin()))

    found = [(name, finding) for name, body in texts for finding in ruleset.check(body, health_food)]
    if output == "json":
        document = {"findings": [finding.as_json(name) for name, finding in found]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for name, finding in found:
            click.echo(finding.format(name))
        summary = f"{len(found)} finding(s)" if found else "No findings"
        click.echo(f"{summary} in {len(texts)} text(s).", err=True)
    sys.exit(1 if found else 0)
