"""Problems found in playbooks, and the catalogue that explains each one.

Every message an editor can see is declared once in CATALOGUE: the
validators create problems only through `Problem.of`, and the editor guide's
error catalogue is rendered from the same table, so the two cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from opsbook.core.characters import visible


@dataclass(frozen=True)
class Explanation:
    message: str  # str.format template, filled with the problem's details
    meaning: str
    fix: str
    blocking: bool = True  # False: shown as text if built anyway, but strict builds fail
    # A short example for the editor guide: the YAML as an editor wrote it, and as it should be,
    # and the details that fill the message for that example (names not given come from SAMPLE).
    before: str = ""
    after: str = ""
    details: dict = field(default_factory=dict)
    group: str = ""  # what the editor was doing; set by _section
    code: str = ""  # set by _section

    def example_message(self) -> str:
        """The message word for word, as an editor sees it for the example."""
        return self.message.format(**{**SAMPLE, **self.details})

    def example_fix(self, fix: str | None = None) -> str:
        """The fix with the example's names in it (a fix is prose: only `{name}` is filled, braces stay).
        `fix`: the same fix in another language (the site's editions), else the English one."""
        values = {**SAMPLE, **self.details}
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m[1], m[0])), self.fix if fix is None else fix)


# What fills a message's placeholders in the editor guide, unless an entry gives its own.
SAMPLE = {
    "key": "owner",
    "name": "owner",
    "value": "customs-form",
    "id": "customs-form",
    "other": "trust",
    "tag": "Trust",
    "where": "playbooks/evidence/brand-authorisation-letter.yaml",
    "char": "U+200B (ZERO WIDTH SPACE)",
    "expected": "customs-declaration-form.yaml",
    "found": "the text `Quality manager`",
    "kind": "evidence",
    "size": 300_000,
    "limit": 262_144,
    "length": 412,
    "min": 1,
    "byte": "0xe9",
    "reason": "permission denied",
    "detail": "found character that cannot start any token",
    "hint": "; did you mean `customs-declaration-form`?",
    "snippet": "<b>Important</b>",
    "quote": "“…”",
    "meaning": "the start of a list",
    "first_line": 4,
    "folder": "playbooks/notes/",
    "folders": "strategies/, evidence/, glossary/",
    "allowed": "above, level, below, any",
    "broken_file": "playbooks/evidence/customs-declaration-form.yaml",
    "what": "entry",
    "page": "docs/index.md",
    "macro": "entry_link",
    "count": 2,
    "change": "`purchase-contract-2`, this file's name",
}


CATALOGUE: dict[str, Explanation] = {}


def _section(title: str, entries: dict[str, Explanation]) -> None:
    """Add a group of entries: what the editor was doing when they meet these messages."""
    for code, entry in entries.items():
        assert code not in CATALOGUE, code
        CATALOGUE[code] = replace(entry, group=title, code=code)


def by_group() -> dict[tuple[str, str], list[Explanation]]:
    """The catalogue's entries under (anchor, title) of what the editor was doing, in catalogue order."""
    groups: dict[tuple[str, str], list[Explanation]] = {}
    for entry in CATALOGUE.values():
        anchor = "-".join(re.findall(r"[a-z]+", entry.group.lower()))
        groups.setdefault((anchor, entry.group), []).append(entry)
    return groups


_section(
    "Saving the file",
    {
        "file-too-large": Explanation(
            "the file is {size:,} bytes; the limit is {limit:,} bytes",
            "A playbook file is far larger than any real entry.",
            "Split the entry into several entries, or remove pasted material.",
            before="(a 300 KB file with pasted material)",
            after="(several short entries)",
        ),
        "unreadable-file": Explanation(
            "the file cannot be read: {reason}",
            "Opsbook could not open the file (its permissions, or the disk).",
            "Check that the file is yours and readable (`ls -l`), then run the check again.",
            before="-rw------- someone-else  x.yaml",
            after="-rw-r--r-- you  x.yaml",
        ),
        "linked-file": Explanation(
            "this is a link or a special file, not an ordinary file; playbooks must be ordinary files",
            "Links are not followed: a linked folder would be missed by other tools, and a linked file could "
            "publish a file from outside the repository.",
            "Replace the link with a copy of the file (or folder) itself.",
            before="evidence/contract.yaml -> ../../shared/contract.yaml",
            after="evidence/contract.yaml (a copy)",
        ),
        "suffix-case": Explanation(
            "the file name must end in lowercase `.yaml` or `.yml`; rename it to `{expected}`",
            "Other tools (the editor schemas, the pull-request checks) only look for lowercase endings.",
            "Rename the file with a lowercase ending.",
            before="evidence/customs-declaration-form.YAML",
            after="evidence/customs-declaration-form.yaml",
        ),
        "not-utf8": Explanation(
            "the file is not UTF-8 text (byte {byte} cannot be read)",
            "The file was saved in an encoding other than UTF-8, or is not text.",
            'Save the file as UTF-8 in your editor ("Save with encoding" → UTF-8).',
            before="(saved as GBK or Latin-1)",
            after="(saved as UTF-8)",
        ),
        "empty-file": Explanation(
            "the file has no entry in it",
            "The file is empty or holds only comments.",
            "Fill it in, or create it again with `opsbook new KIND ID`.",
            before="# to do",
            after="id: customs-declaration-form\ntitle: Customs declaration form\n…",
        ),
        "not-a-mapping": Explanation(
            "the file must hold one entry written as `field: value` lines, not {found}",
            "The top level of the file is a list or a single value.",
            "Start each top-level line with a field name, for example `id: my-entry`.",
            before="- id: customs-declaration-form",
            after="id: customs-declaration-form",
            details={"found": "a list"},
        ),
    },
)


_section(
    "Typing YAML: the file cannot be read",
    {
        "yaml-fullwidth-colon": Explanation(
            "this line uses the Chinese colon `：` after `{key}`; use `:` followed by a space",
            "YAML only knows the ASCII colon. With a Chinese input method on, `：` is easy to type by mistake.",
            "Switch the input method to English for the colon, and put one space after it.",
            before="owner：Quality manager",
            after="owner: Quality manager",
        ),
        "yaml-no-space": Explanation(
            "`{key}:` needs a space after the colon",
            "Without the space YAML reads the whole line as one piece of text, not as a field and its value.",
            "Put one space between the colon and the value.",
            before="owner:Quality manager",
            after="owner: Quality manager",
        ),
        "yaml-missing-colon": Explanation(
            "this line has no `:` after the field name `{key}`",
            "Every field is written `name: value`; without the colon YAML cannot tell the name from the value.",
            "Put a colon and a space after the field name.",
            before="owner Quality manager",
            after="owner: Quality manager",
        ),
        "yaml-list-without-colon": Explanation(
            "`{key}` needs a `:` before its list",
            "A field that holds a list is written `name:` on its own line, with the items below it.",
            "Add the colon after the field name.",
            before="steps\n  - Call the supplier.",
            after="steps:\n  - Call the supplier.",
            details={"key": "steps"},
        ),
        "yaml-block-not-indented": Explanation(
            "the text under `{key}: |` must be indented (two spaces more than `{key}`)",
            "A `|` starts a block of text; YAML takes only the indented lines below it as that text.",
            "Indent every line of the text by two spaces.",
            before="how_to_obtain: |\nAsk the supplier.",
            after="how_to_obtain: |\n  Ask the supplier.",
            details={"key": "how_to_obtain"},
        ),
        "yaml-special-start": Explanation(
            "the value of `{key}` starts with `{char}`, which YAML reads as {meaning}; "
            "put the whole value in double quotes",
            "Some characters have a meaning of their own at the start of a value: `[` `{` `*` `&` `!` `@` "
            "`` ` `` `%` `|` `>`.",
            "Write the value in double quotes.",
            before="title: [Draft] Proof of origin",
            after='title: "[Draft] Proof of origin"',
            details={"key": "title", "char": "["},
        ),
        "yaml-apostrophe": Explanation(
            "the value of `{key}` is in single quotes and contains an apostrophe, which ends it; "
            "use double quotes instead",
            "Inside single quotes, an apostrophe closes the value; the rest of the line is then a mistake.",
            "Put the value in double quotes (or write the apostrophe twice: `''`).",
            before="title: 'Seller's proof'",
            after='title: "Seller\'s proof"',
            details={"key": "title"},
        ),
        "yaml-unclosed-quote": Explanation(
            "a quote opens here but is never closed",
            "Everything after an opening quote is part of the value until the matching quote.",
            "Add the closing quote at the end of the value.",
            before='title: "Proof of origin',
            after='title: "Proof of origin"',
        ),
        "yaml-tab": Explanation(
            "a tab is used for indentation here; indent with spaces only",
            "YAML does not allow tabs for indentation; many editors insert one when Tab is pressed.",
            "Replace the tab with spaces (two per level). Most editors can show tabs and convert them.",
            before="steps:\n\t- Call the supplier.",
            after="steps:\n  - Call the supplier.",
        ),
        "yaml-colon-in-value": Explanation(
            "a value contains `: `; put the whole value in quotes, "
            "or check that this line's indentation matches the lines above",
            "YAML reads `word: ` as the start of a field, also in the middle of a value.",
            "Put the value in double quotes.",
            before="title: Invoice: signed",
            after='title: "Invoice: signed"',
        ),
        "yaml-text-after-quote": Explanation(
            "text follows a closing quote; put the whole value inside the quotes",
            "A quoted value ends at its closing quote; nothing may follow it on the line.",
            "Move the closing quote to the end of the value.",
            before='title: "Signed" supplier invoice',
            after='title: "Signed supplier invoice"',
        ),
        "yaml-escape": Explanation(
            "a backslash in double quotes starts an escape; use single quotes, or write `\\\\` for a backslash",
            "Inside double quotes, `\\` starts a special character such as `\\n`.",
            "Use single quotes, or double the backslash.",
            before='path: "C:\\new"',
            after="path: 'C:\\new'",
        ),
        "yaml-list-item": Explanation(
            "a list item does not line up with the items above it",
            "Every `- ` of one list starts in the same column.",
            "Indent the item like the items above it.",
            before="steps:\n  - One.\n   - Two.",
            after="steps:\n  - One.\n  - Two.",
        ),
        "yaml-indentation": Explanation(
            "this line's indentation does not line up with the lines above",
            "YAML uses indentation to see which field a line belongs to; one space more or less changes that.",
            "Line the field up with the other fields of its block (top-level fields start in column 1).",
            before="title: Proof\n summary: One line.",
            after="title: Proof\nsummary: One line.",
        ),
        "yaml-missing-colon-somewhere": Explanation(
            "a line above this one is missing the `:` after its field name, or a quote is not closed",
            "YAML noticed the mistake here, but it was made earlier.",
            "Check the lines above: `name: value`, quotes closed.",
            before="owner Quality manager",
            after="owner: Quality manager",
        ),
        "yaml-reserved-character": Explanation(
            "a value here starts with a character YAML reserves (`*`, `&`, `@`, `` ` ``…); "
            "put the whole value in double quotes",
            "Some characters have a meaning of their own at the start of a value.",
            "Write the value in double quotes.",
            before="title: @brand proof",
            after='title: "@brand proof"',
        ),
        "yaml-other": Explanation(
            "the YAML cannot be read: {detail}",
            "The file is not valid YAML in a way Opsbook has no plainer words for.",
            "Look at the line named and the one above it: quotes closed, spaces for indentation, "
            "`name: value` with a space after the colon.",
            before='title: "Proof[DEL]"  # [DEL]: an invisible character, here typed by mistake',
            after='title: "Proof"',
            details={"detail": "unacceptable character #x007f: special characters are not allowed"},
        ),
    },
)


_section(
    "Typing YAML: the file is read, but not as you meant it",
    {
        "yaml-anchor-start": Explanation(
            "the value starts with `&`, which YAML reads as an anchor name and drops; "
            "put the whole value in double quotes",
            "`&name` marks a value for reuse in YAML; the word after `&` disappears from the text.",
            "Write the value in double quotes.",
            before="title: &Co proof",
            after='title: "&Co proof"',
        ),
        "yaml-hash-start": Explanation(
            "the value starts with `#`, which begins a comment, so the field is empty; "
            "put the whole value in double quotes",
            "In YAML, `#` after a space starts a comment that runs to the end of the line.",
            "Write the value in double quotes.",
            before="title: #1 proof",
            after='title: "#1 proof"',
        ),
        "yaml-hash-comment": Explanation(
            "everything from ` #` on is a comment, so the value is only `{value}`; "
            "if the rest is part of the text, put the whole value in double quotes",
            "In YAML, `#` after a space starts a comment that runs to the end of the line.",
            "Write the value in double quotes, or remove the `#`.",
            blocking=False,
            before="title: Proof #1 of 3",
            after='title: "Proof #1 of 3"',
            details={"value": "Proof"},
        ),
        "yaml-curly-quotes": Explanation(
            "the value is wrapped in curly quotes `{quote}`, which stay part of the text; "
            "YAML's quotes are straight (`\"`)",
            "Word processors and Chinese input methods turn quotes curly; YAML does not treat them as quotes.",
            "Remove the curly quotes, or replace them with straight double quotes.",
            blocking=False,
            before="title: “Proof of origin”",
            after='title: "Proof of origin"',
        ),
        "too-deep": Explanation(
            "values are nested more than {limit} levels deep here; playbooks never need that many",
            "Lists and groups inside each other go deeper than any playbook field allows (often a run of "
            "`[` or `{` that is never closed, or text that should have been quoted).",
            "Quote the value if `[` or `{` is meant as text; otherwise remove the extra levels.",
            before="x: [[[[[[[[[[[[[[[[[[proof",
            after='x: "[[proof"',
            details={"limit": 16},
        ),
        "several-documents": Explanation(
            "the file holds more than one document; remove the `---` line",
            "A `---` line starts a second YAML document.",
            "Keep one entry per file and delete the extra `---` line.",
            before="tags: [trust]\n---\nid: second-entry",
            after="tags: [trust]",
        ),
        "duplicate-key": Explanation(
            "`{key}` is written twice in the same block (first on line {first_line})",
            "A field appears twice; YAML would silently keep only one of them.",
            "Delete one of the two lines, or merge their text.",
            before="title: Customs form\n…\ntitle: Customs declaration form",
            after="title: Customs declaration form",
            details={"key": "title", "first_line": 3},
        ),
        "alias": Explanation(
            "anchors and aliases (`&name`, `*name`) are not allowed; write the value out in full",
            "YAML anchors repeat a value elsewhere; they make files hard to read and can be abused.",
            "Replace `*name` with the text itself and remove the `&name` marker.",
            before="tags: &t [trust]\n…\n  - *t",
            after="tags: [trust]\n…\n  - trust",
        ),
        "unsupported-tag": Explanation(
            "the tag `{tag}` is not allowed; playbooks hold only text, numbers, dates, lists and fields "
            "(if the `!` is part of your text, put the whole value in double quotes)",
            "A `!tag` or `!!tag` asks YAML to build a special object. Playbooks never need one.",
            "Remove the tag; write the value as plain text.",
            before="title: !Important proof",
            after='title: "!Important proof"',
            details={"tag": "!Important"},
        ),
        "bad-key": Explanation(
            "field names must be words, not {found}",
            "A field name is a number, a list or another structure.",
            "Write field names as plain words, for example `title:`.",
            before="2026: a good year",
            after="summary: 2026 was a good year.",
            details={"found": "2026"},
        ),
        "schema-line": Explanation(
            "the first line must be `{expected}` so that editors can check the file as you type",
            "Each playbook starts with a comment that tells editors which schema applies.",
            "Make the first line exactly `{expected}`.",
            blocking=False,
            before="id: customs-declaration-form",
            after="# yaml-language-server: $schema=../../schemas/evidence.schema.json\nid: customs-declaration-form",
            details={"expected": "# yaml-language-server: $schema=../../schemas/evidence.schema.json"},
        ),
    },
)


_section(
    "Naming files and linking entries",
    {
        "unknown-folder": Explanation(
            "a playbook goes in the folder of its kind ({folders}), not in `{folder}`",
            "Playbooks live in one folder per kind of entry.",
            "Move the file into the folder for its kind.",
            before="playbooks/notes/customs-form.yaml",
            after="playbooks/evidence/customs-form.yaml",
        ),
        "file-name-mismatch": Explanation(
            "the file name must be the id: rename the file to `{expected}` or change the id",
            "An entry's file is named after its id, so links and edit buttons find it.",
            "Rename the file to `<id>.yaml`, or change `id:` to match the file name.",
            before="# file: evidence/customs-form.yaml\nid: customs-declaration-form",
            after="# file: evidence/customs-declaration-form.yaml\nid: customs-declaration-form",
        ),
        "duplicate-id": Explanation(
            "the id `{id}` is already used by {other}",
            "Every entry needs its own id; two files use the same one.",
            "Choose a new id for one of them (and rename its file to match).",
            before="# file: evidence/customs-form.yaml\nid: customs-form",
            after="id: customs-form-2025",
            details={"other": "playbooks/evidence/customs-form-2024.yaml"},
        ),
        "copied-id": Explanation(
            "this file is a copy of {other}: change `id:` to {change}",
            "A copied file still holds the id of the file it was copied from. Ids are unique and a file is "
            "named after its id, so the copy, whose name does not match, is the one to change.",
            "Write the copy's own id after `id:`; the message suggests the copy's file name when no other "
            "entry or file uses it.",
            before="# purchase-contract-2.yaml, copied from purchase-contract.yaml\nid: purchase-contract",
            after="# purchase-contract-2.yaml\nid: purchase-contract-2",
            details={"other": "playbooks/evidence/purchase-contract.yaml"},
        ),
        "shared-id": Explanation(
            "{other} has the id `{id}` too, and no file is named after it: change `id:` to {change}",
            "Two files use the same id, and neither is named after it.",
            "Give each file the id of its own file name, as the message suggests.",
            before="# supplier-contract.yaml\nid: purchase-contract",
            after="# supplier-contract.yaml\nid: supplier-contract",
            details={
                "other": "playbooks/evidence/purchase-contract.yaml",
                "id": "purchase-contract",
                "change": "`supplier-contract`, this file's name",
            },
        ),
        "unknown-reference": Explanation(
            "there is no {kind} entry with the id `{id}`{hint}",
            "A field refers to an entry that does not exist.",
            "Check the spelling against the entry's file name, or create the entry first.",
            before="evidence:\n  - evidence: customs-form",
            after="evidence:\n  - evidence: customs-declaration-form",
        ),
        "broken-reference": Explanation(
            "`{id}` cannot be used until {broken_file} is fixed (its problems are listed with it)",
            "A field refers to an entry whose own file has problems, so the entry could not be read.",
            "Fix the problems reported for that file; this message then goes away by itself.",
            before="evidence:\n  - evidence: customs-declaration-form   # that file has a problem",
            after="(fix customs-declaration-form.yaml first)",
            details={"id": "customs-declaration-form"},
        ),
        "listed-twice": Explanation(
            "`{id}` is already listed as item {first} of this list",
            "The same entry is listed twice in one list; readers would meet it twice.",
            "Delete one of the two lines, keeping the one in the right place.",
            before="read:\n  - prove-a-low-price\n  - customs-declaration-form\n  - prove-a-low-price",
            after="read:\n  - prove-a-low-price\n  - customs-declaration-form",
            details={"id": "prove-a-low-price", "first": 1},
        ),
        "place-taken": Explanation(
            "{name} {value} is already taken by {other}",
            "Entries of this kind are shown in the order of this number, and two of them have the same one.",
            "Give each entry its own number: change this one, or move the others along.",
            before="# learning-path/pricing-basics.yaml\nstep: 2",
            after="# learning-path/pricing-basics.yaml\nstep: 3",
            details={"name": "step", "value": 2, "other": "playbooks/learning-path/when-you-cost-more.yaml"},
        ),
        "wrong-kind-reference": Explanation(
            "`{id}` is a {found} entry, but this field needs an entry of the kind `{kind}`",
            "A field refers to an entry of the wrong kind.",
            "Refer to an entry of the kind the field asks for.",
            before="evidence:\n  - evidence: prove-a-low-price",
            after="evidence:\n  - evidence: customs-declaration-form",
            details={"id": "prove-a-low-price", "found": "strategy"},
        ),
    },
)


_section(
    "Filling in fields",
    {
        "placeholder": Explanation(
            "this still holds the `TODO:` placeholder; replace it with your own text. What goes here: {what}",
            "`opsbook new` marks every value still to write with `TODO:`. A value that still holds it would "
            "be published as it is, so it blocks the check and the build.",
            "Replace the whole `TODO: …` text with what the field asks for, keeping the double quotes or the "
            '`|` line around it. Only an upper-case `TODO:` counts: words such as "Todo list" are fine.',
            before='title: "TODO: The entry\'s name, as readers will see it on the page."',
            after='title: "Customs declaration form"',
            details={"what": "The entry's name, as readers will see it on the page."},
        ),
        "missing-field": Explanation(
            "this field is required; add a line `{name}: …`",
            "A required field is missing.",
            "Add the field; `opsbook new KIND ID` shows every field with an example.",
            before="id: customs-declaration-form\ntitle: Customs declaration form",
            after="id: customs-declaration-form\ntitle: Customs declaration form\nowner: Import manager",
        ),
        "unknown-field": Explanation(
            "there is no field called `{name}`{hint}",
            "The field name is misspelt or does not belong to this kind of entry.",
            "Correct the spelling, or remove the field. The schema reference lists every field.",
            before="evidnce:\n  - evidence: customs-declaration-form",
            after="evidence:\n  - evidence: customs-declaration-form",
            details={"name": "evidnce", "hint": "; did you mean `evidence`?"},
        ),
        "empty-value": Explanation(
            "this field is empty; write a value after the colon",
            "A field is present but has no value (YAML reads it as null).",
            "Write the value after the colon, or remove the field if it is optional.",
            before="owner:",
            after="owner: Import manager",
        ),
        "wrong-type": Explanation(
            "this should be {expected}, not {found}",
            "The value has the wrong shape: for example a single line where a list is needed.",
            "Lists have one item per line, each starting with `- `; text goes after the colon.",
            before="removes_doubts: counterfeit",
            after="removes_doubts: [counterfeit]",
            details={"expected": "a list, one item per line starting with `- `", "found": "the text `counterfeit`"},
        ),
        "empty-list": Explanation(
            "this list needs at least {min} item(s)",
            "A list that must not be empty has no items.",
            "Add items, one per line, each starting with `- `.",
            before="steps: []",
            after="steps:\n  - Ask the supplier for the contract.",
        ),
        "text-too-short": Explanation(
            "this text is empty",
            "A text field holds no words.",
            "Write the text, or remove the field if it is optional.",
            before='summary: ""',
            after="summary: The form customs stamp when goods are imported.",
        ),
        "text-too-long": Explanation(
            "this text is {length:,} characters; the limit here is {limit:,}",
            "Short fields (titles, summaries, list items) have length limits so pages stay readable.",
            "Shorten the text, or move detail into a longer field.",
            before="title: (a 412-character title)",
            after="title: Customs declaration form",
            details={"limit": 120},
        ),
        "multiple-lines": Explanation(
            "this must be a single line",
            "Titles, summaries and similar fields are one line of text.",
            "Join the lines, and move extra detail into a longer field.",
            before="title: |\n  Customs declaration\n  form",
            after="title: Customs declaration form",
        ),
        "not-in-list": Explanation(
            "`{value}` is not allowed here; use one of: {allowed}{hint}",
            "The field takes one value from a fixed list.",
            "Use one of the listed values exactly as written.",
            before="price_position: higher",
            after="price_position: above",
            details={"value": "higher", "allowed": "above, level, below, any", "hint": "; did you mean `above`?"},
        ),
        "bad-date": Explanation(
            "`{value}` is not a date; write it as YYYY-MM-DD, for example 2026-03-31",
            "Dates are written year-month-day, and must exist in the calendar.",
            "Write the date as YYYY-MM-DD.",
            before="reviewed: 2026-02-30",
            after="reviewed: 2026-02-28",
            details={"value": "2026-02-30"},
        ),
        "future-date": Explanation(
            "{value} is in the future; a review date is the day the entry was last checked",
            "The `reviewed` date is later than today.",
            "Use the date you actually reviewed the entry (today at the latest).",
            before="reviewed: 2027-01-05",
            after="reviewed: 2026-11-20",
            details={"value": "2027-01-05"},
        ),
        "bad-id": Explanation(
            "`{value}` is not a valid id: use lowercase letters, digits and single hyphens "
            "(for example `customs-declaration-form`), at most 64 characters, and not a name that is "
            "reserved (`index`, or a device name of Windows such as `con`, `aux`, `nul`, `com1`)",
            "Ids become file names and web addresses, so they are kept simple.",
            "Rewrite the id in lowercase with hyphens between words, and rename the file to match.",
            before="id: Customs_Form",
            after="id: customs-form",
            details={"value": "Customs_Form"},
        ),
        "bad-tag": Explanation(
            "`{value}` is not a valid tag: use letters, digits, spaces and hyphens, at most 40 characters",
            "Tags become labels and links on the site.",
            "Shorten the tag and remove punctuation.",
            before="tags: [trust!]",
            after="tags: [trust]",
            details={"value": "trust!"},
        ),
        "bad-url": Explanation(
            "`{value}` is not a web address; write a full address starting with https://",
            "Link fields take a full web address.",
            "Copy the address from the browser's address bar.",
            before="source: www.samr.gov.cn",
            after="source: https://www.samr.gov.cn/",
            details={"value": "www.samr.gov.cn"},
        ),
        "not-plain-number": Explanation(
            "`{value}` is not a plain whole number; write it with digits only, for example 120",
            "Numbers are written as plain decimal digits. Leading zeros, `0x`, `_` and `:` make some YAML "
            "tools read a different number (`0120` as 80, `1:30` as 90).",
            "Write the number with digits only and no leading zero.",
            before="review_every_days: 0120",
            after="review_every_days: 120",
            details={"value": "0120"},
        ),
        "control-character": Explanation(
            "the text contains the invisible control character {char}; delete it",
            "Control characters (escape, bell, carriage return, text-direction overrides…) do not show, and "
            "can change what a terminal or a reader sees.",
            "Delete the character: retype the text around it, or paste it as plain text.",
            before='title: "Customs\\e[31m form"',
            after="title: Customs form",
            details={"char": "U+001B (ESCAPE)"},
        ),
        "invisible-character": Explanation(
            "this one-line field contains the invisible character {char}; delete it",
            "Names, titles and tags must look exactly as they are: an invisible character would make two "
            "values that look the same differ.",
            "Delete the character: retype the value.",
            before="title: Customs\u200b form   # a zero-width space after Customs",
            after="title: Customs form",
        ),
        "tag-spelling": Explanation(
            "the tag `{tag}` is written `{other}` in {where}; write a tag the same way everywhere",
            "Tags that differ only in capitals or width would become two tags with one web address.",
            "Use the spelling the other entries use (or change them all).",
            before="tags: [Trust]",
            after="tags: [trust]",
        ),
        "one-right-choice": Explanation(
            "a multiple-choice question needs two or more choices, exactly one of them with `right: true`",
            "Learners pick one answer and are told at once whether it was right; that needs one right answer.",
            "Mark the right choice with `right: true` and leave `right` out of the others.",
            before="choices:\n  - choice: Yes\n    right: true\n    why: …\n"
            "  - choice: No\n    right: true\n    why: …",
            after="choices:\n  - choice: Yes\n    right: true\n    why: …\n  - choice: No\n    why: …",
        ),
        "bad-formula": Explanation(
            "a formula {detail}",
            "Worked numbers are computed by Opsbook from their inputs, so each formula must be one it can compute.",
            "Use the names of the inputs and of earlier results, numbers, + - * / and parentheses.",
            before='formula: "ordrs * aov"',
            after='formula: "orders * aov"',
            details={"detail": "uses `ordrs`, which is not an input or an earlier result"},
        ),
        "invalid-value": Explanation(
            "{detail}",
            "The value does not fit the field.",
            "See the schema reference for what the field takes.",
            before="(a value the field does not accept)",
            after="(see the field reference)",
            details={"detail": "the value does not fit this field"},
        ),
    },
)


_section(
    "Writing text and links",
    {
        "template-code": Explanation(
            "`{snippet}` looks like template code; playbook text is never run, so it would show as typed",
            "Text contains `{{`, `{%` or `{#`. Playbooks are data: nothing in them is evaluated.",
            "Remove the braces, or reword the text.",
            blocking=False,
            before="summary: Use {{ price }} for the price.",
            after="summary: Use the campaign price.",
            details={"snippet": "{{ price }} for the price."},
        ),
        "raw-html": Explanation(
            "`{snippet}` is HTML; playbook text may use Markdown but not HTML, so it would show as typed",
            "Text contains an HTML tag. Tags are shown as text, never run.",
            "Use Markdown instead: `**bold**`, `*italic*`, `[link text](https://…)` (also instead of "
            "`<https://…>`). To show a `<` before a letter, put a space after it.",
            blocking=False,
            before="summary: <b>Important</b>: check the date.",
            after='summary: "**Important**: check the date."',
        ),
        "unsafe-link": Explanation(
            "`{snippet}` is not a safe link; links must start with https://, http:// or mailto:",
            "Text contains a `javascript:`, `data:`, `vbscript:` or similar link. It is never made clickable.",
            "Link to a normal web page with https://, or remove the link.",
            blocking=False,
            before="see [the form](javascript:open())",
            after="see [the form](https://www.customs.gov.cn/)",
            details={"snippet": "](javascript:open())"},
        ),
        "image": Explanation(
            "images cannot be embedded in playbook text; link to the picture instead",
            "Text contains Markdown image syntax `![…](…)`.",
            "Write `[description](https://…)` to link to the picture.",
            blocking=False,
            before="![stamp](https://example.com/stamp.png)",
            after="[a photo of the stamp](https://example.com/stamp.png)",
        ),
    },
)


_section(
    "Editing the pages in docs/",
    {
        "macro-unknown-id": Explanation(
            "there is no {what} with the id `{id}`{hint}",
            "A macro call in a hand-written page names an entry that does not exist (or no longer does).",
            "Check the spelling against the entry's file name, or remove the call if the entry was deleted.",
            before="{{ entry_link('customs-form') }}",
            after="{{ entry_link('customs-declaration-form') }}",
        ),
        "macro-wrong-kind": Explanation(
            "this macro needs an entry of the kind `{kind}`; `{id}` is of the kind `{found}`",
            "A macro call in a hand-written page names an entry of the wrong kind.",
            "Name an entry of the kind the macro asks for; the README lists what each macro takes.",
            before="{{ evidence_checklist('customs-declaration-form') }}",
            after="{{ evidence_checklist('prove-a-low-price') }}",
            details={"kind": "strategy", "found": "evidence", "id": "customs-declaration-form"},
        ),
        "macro-bad-value": Explanation(
            "`{value}` is not a {name} this macro knows; use one of: {allowed}{hint}",
            "A macro call in a hand-written page filters by a value that no entry can have.",
            "Use one of the listed values exactly as written.",
            before="{{ strategy_table(position='higher') }}",
            after="{{ strategy_table(position='above') }}",
            details={"value": "higher", "name": "price position", "hint": "; did you mean `above`?"},
        ),
        "copy-rules-broken": Explanation(
            "the copy rules have {count} problem(s), listed with their files",
            "The page shows the copy checker's rules, and a file in `copy_rules/` has problems.",
            "Fix the problems reported for the files in `copy_rules/`; this message then goes away by itself.",
            before="{{ copy_rules() }}   # with a broken copy_rules/rules.yaml",
            after="(fix the files in copy_rules/ first)",
        ),
        "template-syntax": Explanation(
            "{detail}",
            "Template code in a hand-written page (`{{ … }}`, `{% … %}`) is not written correctly.",
            "Close every `{{` with `}}` and every `{%` with `%}`, and close quotes and brackets. "
            "To show braces as text, write `{{ '{{' }}`.",
            before="{{ entry_link('customs-form' }}",
            after="{{ entry_link('customs-form') }}",
            details={"detail": "unexpected '}', expected ')'"},
        ),
        "template-error": Explanation(
            "{detail}",
            "Running the template code of a hand-written page failed: for example a misspelt macro name, "
            "or a macro called with missing or extra arguments.",
            "Compare the call with the list of macros in the README, and correct the name or the arguments.",
            before="{{ entry_lnk('customs-form') }}",
            after="{{ entry_link('customs-form') }}",
            details={"detail": "'entry_lnk' is undefined"},
        ),
        "generated-page-exists": Explanation(
            "this page is made from the playbooks; remove the hand-written file",
            "A file in `docs/` has the same name as a page Opsbook generates, so one would hide the other.",
            "Delete or rename the hand-written file; edit the playbooks to change the generated page.",
            before="docs/strategies.md",
            after="(delete it; the Strategies page is made from the playbooks)",
        ),
    },
)


_section(
    "Translating an entry",
    {
        "unknown-language": Explanation(
            "`{value}` is not one of the handbook's languages; name the file `<id>.<language>.yaml`, "
            "with one of: {allowed}",
            "A translation's file name ends in a language tag; this one is not one of the handbook's languages.",
            "Rename the file with one of the listed tags, spelt exactly (capitals count: `zh-Hans`).",
            before="playbooks/evidence/customs-declaration-form.zh.yaml",
            after="playbooks/evidence/customs-declaration-form.zh-Hans.yaml",
            details={"value": "zh", "allowed": "en, zh-Hans"},
        ),
        "translation-without-source": Explanation(
            "there is no entry `{id}` in this folder for this file to translate",
            "A translation sits beside the entry it translates, with the entry's id in its name.",
            "Rename the file after the entry's id, or delete it if the entry was removed.",
            before="playbooks/evidence/customs-form.zh-Hans.yaml",
            after="playbooks/evidence/customs-declaration-form.zh-Hans.yaml",
            details={"id": "customs-form"},
        ),
        "translation-same-language": Explanation(
            "the entry itself is written in {value}; a translation must be in another language",
            "The file name's language tag is the language of the entry's own file.",
            "Translate into another of the handbook's languages, or change the entry's `language`.",
            before="playbooks/evidence/customs-declaration-form.en.yaml",
            after="playbooks/evidence/customs-declaration-form.zh-Hans.yaml",
            details={"value": "en"},
        ),
        "translation-version": Explanation(
            "write `translates: {expected}` at the top: the version of the source text this translation is made from",
            "A translation records which version of its entry's text it translates, so that Opsbook can tell "
            "when the entry changes afterwards.",
            "Add the line as the message gives it; `opsbook new --translate` writes it for you.",
            before="title: 报关单",
            after="translates: 3f2a9c1e0b7d\ntitle: 报关单",
            details={"expected": "3f2a9c1e0b7d"},
        ),
        "translation-fixed-field": Explanation(
            "`{name}` is written once, in the entry's own file, not in its translations; delete it here",
            "Ids, references, price positions, dates and tags are the same in every language.",
            "Delete the line from the translation; change the value in the entry's own file if it is wrong.",
            before="translates: 3f2a9c1e0b7d\nprice_position: below",
            after="translates: 3f2a9c1e0b7d",
            details={"name": "price_position"},
        ),
        "translation-extra-field": Explanation(
            "the entry has no `{name}`, so its translation cannot have one",
            "The translation has text for a field the entry leaves out.",
            "Delete the field here, or add it to the entry's own file first.",
            before="details: 更多说明",
            after="(delete it)",
            details={"name": "details"},
        ),
        "translation-missing-field": Explanation(
            "`{name}` is missing: the entry has it, so its translation needs it too",
            "Every text the entry has must be translated, or the page would mix languages.",
            "Add the field with its text in this file's language.",
            before="title: 报关单",
            after="title: 报关单\nsummary: 进口货物报关时向海关提交的申报单。",
            details={"name": "summary"},
        ),
        "translation-list-length": Explanation(
            "the entry has {count} item(s) here and this translation has {found}; "
            "translate each item, in the same order",
            "A translated list matches the entry's list item for item, so the two editions say the same thing.",
            "Add or remove items until each one translates the entry's item at the same place.",
            before="steps:\n  - 第一步",
            after="steps:\n  - 第一步\n  - 第二步",
            details={"count": 2, "found": 1},
        ),
        "translation-differs": Explanation(
            "`{found}` differs from the entry, which has `{expected}` here; copy it unchanged",
            "Ids that name a list item (an evidence reference, a rule, a number's name) are repeated in a "
            "translation so that each item can be matched, and must be the entry's own.",
            "Write the value exactly as the entry's file has it, at the same place in the list.",
            before="  - evidence: customs-form",
            after="  - evidence: customs-declaration-form",
            details={"found": "customs-form", "expected": "customs-declaration-form"},
        ),
    },
)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    field: str
    code: str
    message: str

    @classmethod
    def of(cls, code: str, path: str, line: int = 1, col: int = 1, field: str = "", **details) -> Problem:
        return cls(path, line, col, field, code, CATALOGUE[code].message.format(**details))

    @property
    def blocking(self) -> bool:
        return CATALOGUE[self.code].blocking

    def __str__(self) -> str:
        # Always one line, with nothing a terminal or a CI log would act on (a file name may hold anything).
        return visible(f"{self.path}:{self.line}:{self.col}: {self.field or '(file)'}: {self.message}")
