"""A corpus of broken and hostile playbook files, each with the problem it must produce.

Every case is one file added to a copy of the shipped handbook, next to two
valid files of its own (an evidence entry and a strategy that uses it), so a
test can also check that the valid files get no error of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"

EVIDENCE = (
    SCHEMA.format(kind="evidence")
    + """\
id: corpus-proof
title: Signed supplier invoice
summary: The invoice for the batch on sale, signed by the supplier.
owner: Supply manager
reviewed: 2026-11-01
tags: [documents]
removes_doubts: [counterfeit, old-stock]
how_to_obtain: |
  Ask the supplier for the invoice of the batch you sell.
how_to_present: |
  Cover the prices, then show it with your store's watermark.
pitfalls:
  - An invoice for another batch proves nothing.
"""
)

STRATEGY = (
    SCHEMA.format(kind="strategy")
    + """\
id: corpus-play
title: Level price, better service
summary: When prices match, win on delivery speed and after-sales care.
owner: Operations lead
reviewed: 2026-11-01
price_position: level
when_to_use: |
  Your price matches the competition and shoppers choose on other grounds.
steps:
  - Promise a delivery time you can keep.
do_not:
  - Do not start a price war.
evidence:
  - evidence: corpus-proof
    proves: The goods are the same genuine product.
examples:
  - title: Same price, next-day delivery
    story: |
      Two stores sold the same kettle at the same price; the one that shipped the
      next day won most of the orders.
metrics:
  - name: Conversion rate
    why: Shows whether the service promise persuades.
compliance:
  - rule: aucl-art-9
    forbids: Misleading claims about delivery or quality.
self_check:
  - question: What decides the sale when prices are level?
    answer: Everything but the price, such as delivery and service.
"""
)

RULE = (
    SCHEMA.format(kind="rule")
    + """\
id: corpus-bad
title: Corpus rule
summary: A rule used by the corpus.
owner: Compliance editor
reviewed: 2026-11-01
law: Corpus Law
article: Art. 1
in_force: 2025-10-15
source: https://example.org/law
forbids: |
  Nothing real.
"""
)

VALID = {"evidence/corpus-proof.yaml": EVIDENCE, "strategies/corpus-play.yaml": STRATEGY}


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # relative to playbooks/
    content: bytes
    codes: frozenset[str]  # the problems the file must produce, and no others
    field: str  # the field named by the first problem
    line: int
    words: str  # must appear in the first problem's message


def case(
    name, codes, field, words, *, base=EVIDENCE, old=None, new="", content=None, line=None, file=None, needle=None
) -> Case:
    if content is None:
        assert old in base, (name, old)
        text = base.replace(old, new, 1)
    else:
        text = content
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if line is None:
        shown = data.decode("utf-8", "replace")
        line = line_of(shown, needle or (new.strip().splitlines() or [old])[0])
    kind = "strategies" if "price_position:" in base else "evidence"
    codes = frozenset([codes] if isinstance(codes, str) else codes)
    return Case(name, file or f"{kind}/corpus-bad.yaml", data, codes, field, line, words)


def bad(text: str) -> str:
    """The evidence base with the id the corpus file name needs."""
    return text.replace("id: corpus-proof", "id: corpus-bad")


B = bad(EVIDENCE)
S = bad(STRATEGY).replace("id: corpus-play", "id: corpus-bad")
LONG = "x" * 10_001

CASES = [
    # -- YAML syntax: the message points at the line to look at -------------------------
    case(
        "unclosed quote",
        "yaml-unclosed-quote",
        "(file)",
        "never closed",
        base=B,
        old="title: Signed supplier invoice",
        new='title: "Signed supplier invoice',
    ),
    case(
        "bad indentation",
        "yaml-indentation",
        "(file)",
        "indentation",
        base=B,
        old="  - An invoice for another batch proves nothing.",
        new="  - An invoice for another batch proves nothing.\n - Misaligned item.",
        needle="Misaligned",
    ),
    case("tab indentation", "yaml-tab", "(file)", "tab", base=B, old="  - An invoice", new="\t- An invoice"),
    case(
        "colon inside a value",
        "yaml-colon-in-value",
        "(file)",
        "put the whole value in quotes",
        base=B,
        old="title: Signed supplier invoice",
        new="title: Invoice: signed",
    ),
    case(
        "text after a closing quote",
        "yaml-text-after-quote",
        "(file)",
        "text follows a closing quote",
        base=B,
        old="title: Signed supplier invoice",
        new='title: "Signed" supplier invoice',
    ),
    case(
        "second document",
        "several-documents",
        "(file)",
        "remove the `---` line",
        base=B,
        old="tags: [documents]\n",
        new="tags: [documents]\n---\n",
        needle="---",
    ),
    # -- the file as a whole --------------------------------------------------------------
    case("empty file", "empty-file", "(file)", "no entry", content="", line=1),
    case("comments only", "empty-file", "(file)", "no entry", content="# to do\n# later\n", line=1),
    case("list at top level", "not-a-mapping", "(file)", "not a list", content="- id: x\n- id: y\n", line=1),
    case("scalar at top level", "not-a-mapping", "(file)", "not a single value", content="just a sentence\n", line=1),
    case(
        "bytes that are not UTF-8",
        "not-utf8",
        "(file)",
        "not UTF-8",
        content=B.encode("utf-8").replace(b"Supply manager", b"Supply m\xe9nager"),
        line=5,
    ),
    case(
        "file over the size limit",
        "file-too-large",
        "(file)",
        "the limit is 262,144 bytes",
        content=B + "# " + "x" * 262_144 + "\n",
        line=1,
    ),
    case(
        "key that is a number",
        "bad-key",
        "(file)",
        "field names must be words",
        base=B,
        old="tags: [documents]",
        new="tags: [documents]\n2026: a year",
        needle="2026: a year",
    ),
    # -- YAML features playbooks refuse ---------------------------------------------------
    case(
        "duplicate key",
        "duplicate-key",
        "title",
        "written twice",
        base=B,
        old="summary:",
        new="title: Another title\nsummary:",
    ),
    case(
        "python object tag",
        "unsupported-tag",
        "title",
        "!!python/object/apply:os.system",
        base=B,
        old="title: Signed supplier invoice",
        new="title: !!python/object/apply:os.system ['echo hi']",
    ),
    case(
        "python name tag",
        "unsupported-tag",
        "owner",
        "!!python/name:os.system",
        base=B,
        old="owner: Supply manager",
        new="owner: !!python/name:os.system ''",
    ),
    case(
        "custom tag",
        "unsupported-tag",
        "summary",
        "!include",
        base=B,
        old="summary: The invoice",
        new="summary: !include other.yaml\nx_summary: The invoice",
    ),
    case(
        "binary tag",
        "unsupported-tag",
        "how_to_present",
        "!!binary",
        base=B,
        old="how_to_present: |",
        new="how_to_present: !!binary |",
    ),
    case(
        "billion laughs",
        "alias",
        "x_a",
        "anchors and aliases",
        base=B,
        old="tags: [documents]",
        new="x_a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        "x_b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\ntags: [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
        needle="x_a",
    ),
    # -- fields -----------------------------------------------------------------------------
    case(
        "unknown field", "unknown-field", "pitfals", "did you mean `pitfalls`?", base=B, old="pitfalls:", new="pitfals:"
    ),
    case(
        "missing field",
        "missing-field",
        "owner",
        "add a line `owner: …`",
        base=B,
        old="owner: Supply manager\n",
        new="",
        line=2,
    ),
    case(
        "text where a list is needed",
        "wrong-type",
        "removes_doubts",
        "a list",
        base=B,
        old="removes_doubts: [counterfeit, old-stock]",
        new="removes_doubts: counterfeit",
    ),
    case(
        "list where text is needed",
        "wrong-type",
        "title",
        "should be text, not a list",
        base=B,
        old="title: Signed supplier invoice",
        new="title: [Signed, invoice]",
    ),
    case(
        "number where text is needed",
        "wrong-type",
        "summary",
        "not the number 42",
        base=B,
        old="summary: The invoice for the batch on sale, signed by the supplier.",
        new="summary: 42",
    ),
    case(
        "null title",
        "empty-value",
        "title",
        "write a value after the colon",
        base=B,
        old="title: Signed supplier invoice",
        new="title:",
    ),
    case(
        "explicit null",
        "empty-value",
        "owner",
        "this field is empty",
        base=B,
        old="owner: Supply manager",
        new="owner: null",
    ),
    case(
        "empty list",
        "empty-list",
        "pitfalls",
        "at least 1",
        base=B,
        old="pitfalls:\n  - An invoice for another batch proves nothing.",
        new="pitfalls: []",
    ),
    case(
        "title over the length limit",
        "text-too-long",
        "title",
        "the limit here is 120",
        base=B,
        old="title: Signed supplier invoice",
        new="title: " + "x" * 121,
    ),
    case(
        "text over the length limit",
        "text-too-long",
        "how_to_obtain",
        "the limit here is 10,000",
        base=B,
        old="how_to_obtain: |\n  Ask the supplier for the invoice of the batch you sell.",
        new=f"how_to_obtain: {LONG}",
        needle="how_to_obtain",
    ),
    case(
        "title on two lines",
        "multiple-lines",
        "title",
        "single line",
        base=B,
        old="title: Signed supplier invoice",
        new="title: |\n  Signed\n  invoice",
    ),
    case(
        "doubt outside the vocabulary",
        "not-in-list",
        "removes_doubts[2]",
        "use one of: counterfeit",
        base=B,
        old="removes_doubts: [counterfeit, old-stock]",
        new="removes_doubts: [counterfeit, fake]",
    ),
    case(
        "price position outside the vocabulary",
        "not-in-list",
        "price_position",
        "did you mean `level`?",
        base=S,
        old="price_position: level",
        new="price_position: leve",
    ),
    # -- dates ------------------------------------------------------------------------------
    case(
        "impossible date",
        "bad-date",
        "reviewed",
        "`2026-02-30` is not a date",
        base=B,
        old="reviewed: 2026-11-01",
        new="reviewed: 2026-02-30",
    ),
    case(
        "date in words",
        "bad-date",
        "reviewed",
        "YYYY-MM-DD",
        base=B,
        old="reviewed: 2026-11-01",
        new="reviewed: last week",
    ),
    case(
        "date as a number",
        "bad-date",
        "reviewed",
        "`20261101` is not a date",
        base=B,
        old="reviewed: 2026-11-01",
        new="reviewed: 20261101",
    ),
    case(
        "review date in the future",
        "future-date",
        "reviewed",
        "2027-01-15 is in the future",
        base=B,
        old="reviewed: 2026-11-01",
        new="reviewed: 2027-01-15",
    ),
    # -- ids, names and references ----------------------------------------------------------
    case("id with spaces", "bad-id", "id", "lowercase letters", base=B, old="id: corpus-bad", new="id: corpus bad"),
    case(
        "id with capitals",
        "bad-id",
        "id",
        "`Corpus-Bad` is not a valid id",
        base=B,
        old="id: corpus-bad",
        new="id: Corpus-Bad",
    ),
    case(
        "id with dots",
        "bad-id",
        "id",
        "`corpus.bad` is not a valid id",
        base=B,
        old="id: corpus-bad",
        new="id: corpus.bad",
    ),
    case(
        "id with a slash",
        "bad-id",
        "id",
        "`../corpus-bad` is not a valid id",
        base=B,
        old="id: corpus-bad",
        new="id: ../corpus-bad",
    ),
    case(
        "file name that is not the id",
        "file-name-mismatch",
        "id",
        "rename the file to `corpus-other.yaml`",
        base=B,
        old="id: corpus-bad",
        new="id: corpus-other",
    ),
    case(
        "same id as another file",
        "duplicate-id",
        "id",
        "already used by playbooks/evidence/corpus-proof.yaml",
        base=STRATEGY,
        old="id: corpus-play",
        new="id: corpus-proof",
        file="strategies/corpus-proof.yaml",
    ),
    case(
        "reference to a missing id",
        "unknown-reference",
        "evidence[1].evidence",
        "no evidence entry with the id `corpus-prof`; did you mean `corpus-proof`?",
        base=S,
        old="- evidence: corpus-proof",
        new="- evidence: corpus-prof",
    ),
    case(
        "reference to an entry of the wrong kind",
        "wrong-kind-reference",
        "evidence[1].evidence",
        "`corpus-play` is a strategy entry",
        base=S,
        old="- evidence: corpus-proof",
        new="- evidence: corpus-play",
    ),
    case(
        "file outside the kind folders",
        "unknown-folder",
        "(file)",
        "not in `playbooks/drafts/`",
        content=B,
        file="drafts/corpus-bad.yaml",
        line=1,
    ),
    case(
        "missing schema line",
        "schema-line",
        "(file)",
        "the first line must be",
        base=B,
        old=SCHEMA.format(kind="evidence"),
        new="",
        line=1,
    ),
    # -- links ----------------------------------------------------------------------------
    case(
        "javascript: link in Markdown",
        "unsafe-link",
        "how_to_obtain",
        "not a safe link",
        base=B,
        old="  Ask the supplier",
        new="  See [this](javascript:alert(document.cookie)). Ask the supplier",
    ),
    case(
        "data: link in Markdown",
        "unsafe-link",
        "how_to_present",
        "`](data:text/html",
        base=B,
        old="  Cover the prices",
        new="  [Open](data:text/html;base64,PHNjcmlwdD4=) Cover the prices",
    ),
    case(
        "vbscript: link in a list item",
        "unsafe-link",
        "pitfalls[1]",
        "not a safe link",
        base=B,
        old="  - An invoice",
        new="  - '[x](VBScript:MsgBox(1))'\n  - An invoice",
    ),
    case(
        "javascript: in a link field",
        "bad-url",
        "source",
        "not a web address",
        base=RULE,
        old="source: https://example.org/law",
        new="source: javascript:alert(1)",
        file="rules/corpus-bad.yaml",
    ),
    case(
        "data: in a link field",
        {"bad-url", "raw-html"},
        "source",
        "starting with https://",
        base=RULE,
        old="source: https://example.org/law",
        new="source: 'data:text/html,<script>alert(1)</script>'",
        file="rules/corpus-bad.yaml",
    ),
    case(
        "autolink with javascript:",
        {"unsafe-link", "raw-html"},
        "how_to_present",
        "javascript",
        base=B,
        old="  Cover the prices",
        new="  <javascript:alert(1)> Cover the prices",
    ),
    # -- template code and HTML: shown as text, never run, but reported ----------------------
    case(
        "Jinja variable",
        "template-code",
        "title",
        "`{{ config }}` looks like template code",
        base=B,
        old="title: Signed supplier invoice",
        new="title: '{{ config }}'",
    ),
    case(
        "Jinja include",
        "template-code",
        "how_to_obtain",
        "looks like template code",
        base=B,
        old="  Ask the supplier",
        new="  {% include 'mkdocs.yml' %} Ask the supplier",
    ),
    case(
        "Jinja class walk",
        "template-code",
        "summary",
        "looks like template code",
        base=B,
        old="summary: The invoice for the batch on sale, signed by the supplier.",
        new="summary: \"{{ ''.__class__.__mro__[1].__subclasses__() }}\"",
    ),
    case(
        "script tag",
        "raw-html",
        "pitfalls[1]",
        "`<script>alert(1)</script> An invoice for` is HTML",
        base=B,
        old="  - An invoice",
        new="  - <script>alert(1)</script> An invoice",
    ),
    case(
        "inline HTML",
        "raw-html",
        "how_to_obtain",
        "is HTML",
        base=B,
        old="  Ask the supplier",
        new="  <b onmouseover=alert(1)>Ask</b> the supplier",
    ),
    case(
        "HTML in a Markdown link title",
        "raw-html",
        "how_to_obtain",
        "is HTML",
        base=B,
        old="  Ask the supplier",
        new='  [x](https://example.org "<img src=x onerror=alert(1)>") Ask the supplier',
    ),
    case(
        "HTML in image alt text",
        {"image", "raw-html"},
        "how_to_present",
        "is HTML",
        base=B,
        old="  Cover the prices",
        new="  ![<script>alert(1)</script>](https://example.org/p.png) Cover",
    ),
]

# -- hardening: structural bombs, invisible characters, numbers as written, file names ----------
CASES += [
    case(
        "500 unclosed [",
        "too-deep",
        "x_deep",
        "more than 16 levels",
        base=B,
        old="tags: [documents]",
        new="tags: [documents]\nx_deep: " + "[" * 500,
        needle="x_deep",
    ),
    case(
        "500 closed {",
        "too-deep",
        "x_deep",
        "more than 16 levels",
        base=B,
        old="tags: [documents]",
        new="tags: [documents]\nx_deep: " + "{a: " * 500 + "b" + "}" * 500,
        needle="x_deep",
    ),
    case(
        "500 nested lists in a list field",
        "too-deep",
        "pitfalls",
        "more than 16 levels",
        base=B,
        old="  - An invoice for another batch proves nothing.",
        new="  - " + "[" * 500 + "x" + "]" * 500,
    ),
    case(
        "escape sequence in a title",
        "control-character",
        "title",
        "U+001B (ESCAPE)",
        base=B,
        old="title: Signed supplier invoice",
        new='title: "Signed \\e[31msupplier\\e[0m invoice"',
    ),
    case(
        "bell and null in a long text",
        "control-character",
        "how_to_obtain",
        "U+0007",
        base=B,
        old="how_to_obtain: |\n  Ask the supplier for the invoice of the batch you sell.",
        new='how_to_obtain: "Ask the supplier\\a\\0 for the invoice."',
    ),
    case(
        "carriage return in an owner",
        "control-character",
        "owner",
        "U+000D (CARRIAGE RETURN)",
        base=B,
        old="owner: Supply manager",
        new='owner: "Supply\\rmanager"',
    ),
    case(
        "right-to-left override",
        "control-character",
        "summary",
        "U+202E (RIGHT-TO-LEFT OVERRIDE)",
        base=B,
        old="summary: The invoice",
        new="summary: \u202eThe invoice",
    ),
    case(
        "line separator",
        "control-character",
        "pitfalls[1]",
        "U+2028",
        base=B,
        old="  - An invoice for another batch proves nothing.",
        new='  - "An invoice\\Lfor another batch"',
    ),
    case(
        "zero-width space in a title",
        "invisible-character",
        "title",
        "U+200B (ZERO WIDTH SPACE)",
        base=B,
        old="title: Signed supplier invoice",
        new="title: Signed supplier\u200b invoice",
    ),
    case(
        "invisible filler in a tag",
        "invisible-character",
        "tags[2]",
        "U+3164",
        base=B,
        old="tags: [documents]",
        new="tags: [documents, trust\u3164]",
    ),
    case(
        "number with a leading zero",
        "not-plain-number",
        "review_every_days",
        "`0120` is not a plain",
        base=B,
        old="owner: Supply manager",
        new="owner: Supply manager\nreview_every_days: 0120",
        needle="review_every",
    ),
    case(
        "hexadecimal number",
        "not-plain-number",
        "review_every_days",
        "`0x5A`",
        base=B,
        old="owner: Supply manager",
        new="owner: Supply manager\nreview_every_days: 0x5A",
        needle="review_every",
    ),
    case(
        "sexagesimal number",
        "not-plain-number",
        "review_every_days",
        "`1:30`",
        base=B,
        old="owner: Supply manager",
        new="owner: Supply manager\nreview_every_days: 1:30",
        needle="review_every",
    ),
    case(
        "number with underscores",
        "not-plain-number",
        "review_every_days",
        "`1_0_0`",
        base=B,
        old="owner: Supply manager",
        new="owner: Supply manager\nreview_every_days: 1_0_0",
        needle="review_every",
    ),
    case(
        "decimal number quoted as written",
        "wrong-type",
        "review_every_days",
        "not the number 30.50",
        base=B,
        old="owner: Supply manager",
        new="owner: Supply manager\nreview_every_days: 30.50",
        needle="review_every",
    ),
    case(
        "upper-case file ending",
        "suffix-case",
        "(file)",
        "rename it to `corpus-bad.yaml`",
        content=B,
        file="evidence/corpus-bad.YAML",
        line=1,
    ),
    case(
        "mixed-case file ending",
        "suffix-case",
        "(file)",
        "rename it to `corpus-bad.yml`",
        content=B,
        file="evidence/corpus-bad.Yml",
        line=1,
    ),
    case(
        "Windows device name as id",
        "bad-id",
        "id",
        "reserved",
        base=B.replace("id: corpus-bad", "id: con"),
        old="id: con",
        new="id: con",
        file="evidence/con.yaml",
    ),
    case(
        "tag differing only in capitals",
        "tag-spelling",
        "tags[1]",
        "is written `documents` in",
        base=B,
        old="tags: [documents]",
        new="tags: [Documents]",
    ),
]

# -- the editing loop: the mistakes non-programmers make, each at its own line with its own cause ---
CASES += [
    case(
        "Chinese colon",
        "yaml-fullwidth-colon",
        "(file)",
        "Chinese colon `：` after `owner`",
        base=B,
        old="owner: Supply manager",
        new="owner：Supply manager",
    ),
    case(
        "Chinese colon with a space",
        "yaml-fullwidth-colon",
        "(file)",
        "use `:` followed by a space",
        base=B,
        old="owner: Supply manager",
        new="owner： Supply manager",
    ),
    case(
        "no space after the colon",
        "yaml-no-space",
        "(file)",
        "`owner:` needs a space",
        base=B,
        old="owner: Supply manager",
        new="owner:Supply manager",
    ),
    case(
        "no colon",
        "yaml-missing-colon",
        "(file)",
        "no `:` after the field name `owner`",
        base=B,
        old="owner: Supply manager",
        new="owner Supply manager",
    ),
    case(
        "no colon before a list",
        "yaml-list-without-colon",
        "(file)",
        "`pitfalls` needs a `:`",
        base=B,
        old="pitfalls:",
        new="pitfalls",
    ),
    case(
        "no colon before a list of groups",
        "yaml-list-without-colon",
        "(file)",
        "`evidence` needs a `:`",
        base=S,
        old="evidence:\n  - evidence: corpus-proof",
        new="evidence\n  - evidence: corpus-proof",
        needle="evidence",
    ),
    case(
        "block text not indented",
        "yaml-block-not-indented",
        "(file)",
        "under `how_to_obtain: |` must be indented",
        base=B,
        old="  Ask the supplier for the invoice",
        new="Ask the supplier for the invoice",
    ),
    case(
        "value starting with [",
        "yaml-special-start",
        "(file)",
        "starts with `[`",
        base=B,
        old="title: Signed supplier invoice",
        new="title: [Draft] Signed supplier invoice",
    ),
    case(
        "value starting with {",
        "yaml-special-start",
        "(file)",
        "starts with `{`",
        base=B,
        old="title: Signed supplier invoice",
        new="title: {Draft} Signed supplier invoice",
    ),
    case(
        "value starting with *",
        "yaml-special-start",
        "(file)",
        "starts with `*`",
        base=B,
        old="title: Signed supplier invoice",
        new="title: *Signed* supplier invoice",
    ),
    case(
        "value starting with @",
        "yaml-special-start",
        "(file)",
        "starts with `@`",
        base=B,
        old="title: Signed supplier invoice",
        new="title: @brand signed invoice",
    ),
    case(
        "list item starting with [",
        "yaml-special-start",
        "(file)",
        "starts with `[`",
        base=B,
        old="  - An invoice for another batch proves nothing.",
        new="  - [Note] An invoice proves nothing.",
    ),
    case(
        "value starting with &",
        "yaml-anchor-start",
        "title",
        "anchor name and drops",
        base=B,
        old="title: Signed supplier invoice",
        new="title: &Co signed invoice",
    ),
    case(
        "value starting with !",
        "unsupported-tag",
        "title",
        "put the whole value in double quotes",
        base=B,
        old="title: Signed supplier invoice",
        new="title: !Important signed invoice",
    ),
    case(
        "value starting with #",
        "yaml-hash-start",
        "title",
        "begins a comment",
        base=B,
        old="title: Signed supplier invoice",
        new="title: #1 signed invoice",
    ),
    case(
        "# inside a value",
        "yaml-hash-comment",
        "title",
        "the value is only `Signed invoice`",
        base=B,
        old="title: Signed supplier invoice",
        new="title: Signed invoice #1 of 3",
    ),
    case(
        "curly quotes around a value",
        "yaml-curly-quotes",
        "title",
        "curly quotes `“…”`",
        base=B,
        old="title: Signed supplier invoice",
        new="title: “Signed supplier invoice”",
    ),
    case(
        "apostrophe inside single quotes",
        "yaml-apostrophe",
        "(file)",
        "contains an apostrophe",
        base=B,
        old="title: Signed supplier invoice",
        new="title: 'Supplier's signed invoice'",
    ),
]

# Files that look unusual but are fine.
WORKING = {
    "byte-order mark": b"\xef\xbb\xbf" + bad(EVIDENCE).encode("utf-8"),
    "Windows line endings": bad(EVIDENCE).replace("\n", "\r\n").encode("utf-8"),
    "quoted date": bad(EVIDENCE).replace("reviewed: 2026-11-01", "reviewed: '2026-11-01'").encode("utf-8"),
    # YAML 1.2, as editors' tools read it: these are text, not false, 10 or 90.
    "YAML 1.1 words are text": bad(EVIDENCE)
    .replace("owner: Supply manager", "owner: No")
    .replace("tags: [documents]", "tags: [documents, on, yes]")
    .encode("utf-8"),
}
