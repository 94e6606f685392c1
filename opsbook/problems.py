"""Problems found in playbooks, and the catalogue that explains each one.

Every message an editor can see is declared once in CATALOGUE: the
validators create problems only through `Problem.of`, and the editor guide's
error catalogue is rendered from the same table, so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from .characters import visible


@dataclass(frozen=True)
class Explanation:
    message: str  # str.format template, filled with the problem's details
    meaning: str
    fix: str
    blocking: bool = True  # False: shown as text if built anyway, but strict builds fail
    # A short example for the editor guide: the YAML as an editor wrote it, and as it should be.
    before: str = ""
    after: str = ""


CATALOGUE: dict[str, Explanation] = {
    # -- the file itself --------------------------------------------------
    "file-too-large": Explanation(
        "the file is {size:,} bytes; the limit is {limit:,} bytes",
        "A playbook file is far larger than any real entry.",
        "Split the entry into several entries, or remove pasted material.",
    ),
    "unreadable-file": Explanation(
        "the file cannot be read: {reason}",
        "Opsbook could not open the file (its permissions, or the disk).",
        "Check that the file is yours and readable (`ls -l`), then run the check again.",
    ),
    "linked-file": Explanation(
        "this is a link or a special file, not an ordinary file; playbooks must be ordinary files",
        "Links are not followed: a linked folder would be missed by other tools, and a linked file could "
        "publish a file from outside the repository.",
        "Replace the link with a copy of the file (or folder) itself.",
    ),
    "suffix-case": Explanation(
        "the file name must end in lowercase `.yaml` or `.yml`; rename it to `{expected}`",
        "Other tools (the editor schemas, the pull-request checks) only look for lowercase endings.",
        "Rename the file with a lowercase ending.",
    ),
    "not-utf8": Explanation(
        "the file is not UTF-8 text (byte {byte} cannot be read)",
        "The file was saved in an encoding other than UTF-8, or is not text.",
        "Save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8).",
    ),
    "empty-file": Explanation(
        "the file has no entry in it",
        "The file is empty or holds only comments.",
        "Fill it in, or create it again with `opsbook new KIND ID`.",
    ),
    "not-a-mapping": Explanation(
        "the file must hold one entry written as `field: value` lines, not {found}",
        "The top level of the file is a list or a single value.",
        "Start each top-level line with a field name, for example `id: my-entry`.",
    ),
    "yaml-syntax": Explanation(
        "{detail}",
        "The file is not valid YAML, so nothing in it can be read.",
        "Look at the line named (and the one above it): quotes must be closed, "
        "indentation must use spaces and line up, and a value containing `: ` must be quoted.",
    ),
    "too-deep": Explanation(
        "values are nested more than {limit} levels deep here; playbooks never need that many",
        "Lists and groups inside each other go deeper than any playbook field allows (often a run of "
        "`[` or `{` that is never closed, or text that should have been quoted).",
        "Quote the value if `[` or `{` is meant as text; otherwise remove the extra levels.",
    ),
    "several-documents": Explanation(
        "the file holds more than one document; remove the `---` line",
        "A `---` line starts a second YAML document.",
        "Keep one entry per file and delete the extra `---` line.",
    ),
    "duplicate-key": Explanation(
        "`{key}` is written twice in the same block (first on line {first_line})",
        "A field appears twice; YAML would silently keep only one of them.",
        "Delete one of the two lines, or merge their text.",
    ),
    "alias": Explanation(
        "anchors and aliases (`&name`, `*name`) are not allowed; write the value out in full",
        "YAML anchors repeat a value elsewhere; they make files hard to read and can be abused.",
        "Replace `*name` with the text itself and remove the `&name` marker.",
    ),
    "unsupported-tag": Explanation(
        "the tag `{tag}` is not allowed; playbooks hold only text, numbers, dates, lists and fields",
        "A `!tag` or `!!tag` asks YAML to build a special object. Playbooks never need one.",
        "Remove the tag; write the value as plain text.",
    ),
    "bad-key": Explanation(
        "field names must be words, not {found}",
        "A field name is a number, a list or another structure.",
        "Write field names as plain words, for example `title:`.",
    ),
    "schema-line": Explanation(
        "the first line must be `{expected}` so that editors can check the file as you type",
        "Each playbook starts with a comment that tells editors which schema applies.",
        "Make the first line exactly `{expected}`.",
        blocking=False,
    ),
    # -- placement and identity -------------------------------------------
    "unknown-folder": Explanation(
        "a playbook goes in the folder of its kind ({folders}), not in `{folder}`",
        "Playbooks live in one folder per kind of entry.",
        "Move the file into the folder for its kind.",
    ),
    "file-name-mismatch": Explanation(
        "the file name must be the id: rename the file to `{expected}` or change the id",
        "An entry's file is named after its id, so links and edit buttons find it.",
        "Rename the file to `<id>.yaml`, or change `id:` to match the file name.",
    ),
    "duplicate-id": Explanation(
        "the id `{id}` is already used by {other}",
        "Every entry needs its own id; two files use the same one.",
        "Choose a new id for one of them (and rename its file to match).",
    ),
    "unknown-reference": Explanation(
        "there is no {kind} entry with the id `{id}`{hint}",
        "A field refers to an entry that does not exist.",
        "Check the spelling against the entry's file name, or create the entry first.",
    ),
    "broken-reference": Explanation(
        "`{id}` cannot be used until {broken_file} is fixed (its problems are listed with it)",
        "A field refers to an entry whose own file has problems, so the entry could not be read.",
        "Fix the problems reported for that file; this message then goes away by itself.",
    ),
    "wrong-kind-reference": Explanation(
        "`{id}` is a {found} entry, but this field needs a {kind} entry",
        "A field refers to an entry of the wrong kind.",
        "Refer to an entry of the kind the field asks for.",
    ),
    # -- fields -------------------------------------------------------------
    "missing-field": Explanation(
        "this field is required; add a line `{name}: …`",
        "A required field is missing.",
        "Add the field; `opsbook new KIND ID` shows every field with an example.",
    ),
    "unknown-field": Explanation(
        "there is no field called `{name}`{hint}",
        "The field name is misspelt or does not belong to this kind of entry.",
        "Correct the spelling, or remove the field. The schema reference lists every field.",
    ),
    "empty-value": Explanation(
        "this field is empty; write a value after the colon",
        "A field is present but has no value (YAML reads it as null).",
        "Write the value after the colon, or remove the field if it is optional.",
    ),
    "wrong-type": Explanation(
        "this should be {expected}, not {found}",
        "The value has the wrong shape: for example a single line where a list is needed.",
        "Lists have one item per line, each starting with `- `; text goes after the colon.",
    ),
    "empty-list": Explanation(
        "this list needs at least {min} item(s)",
        "A list that must not be empty has no items.",
        "Add items, one per line, each starting with `- `.",
    ),
    "text-too-short": Explanation(
        "this text is empty",
        "A text field holds no words.",
        "Write the text, or remove the field if it is optional.",
    ),
    "text-too-long": Explanation(
        "this text is {length:,} characters; the limit here is {limit:,}",
        "Short fields (titles, summaries, list items) have length limits so pages stay readable.",
        "Shorten the text, or move detail into a longer field.",
    ),
    "multiple-lines": Explanation(
        "this must be a single line",
        "Titles, summaries and similar fields are one line of text.",
        "Join the lines, and move extra detail into a longer field.",
    ),
    "not-in-list": Explanation(
        "`{value}` is not allowed here; use one of: {allowed}{hint}",
        "The field takes one value from a fixed list.",
        "Use one of the listed values exactly as written.",
    ),
    "bad-date": Explanation(
        "`{value}` is not a date; write it as YYYY-MM-DD, for example 2026-03-31",
        "Dates are written year-month-day, and must exist in the calendar.",
        "Write the date as YYYY-MM-DD.",
    ),
    "future-date": Explanation(
        "{value} is in the future; a review date is the day the entry was last checked",
        "The `reviewed` date is later than today.",
        "Use the date you actually reviewed the entry (today at the latest).",
    ),
    "bad-id": Explanation(
        "`{value}` is not a valid id: use lowercase letters, digits and single hyphens "
        "(for example `customs-declaration-form`), at most 64 characters, and not a name that is "
        "reserved (`index`, or a device name of Windows such as `con`, `aux`, `nul`, `com1`)",
        "Ids become file names and web addresses, so they are kept simple.",
        "Rewrite the id in lowercase with hyphens between words, and rename the file to match.",
    ),
    "bad-tag": Explanation(
        "`{value}` is not a valid tag: use letters, digits, spaces and hyphens, at most 40 characters",
        "Tags become labels and links on the site.",
        "Shorten the tag and remove punctuation.",
    ),
    "bad-url": Explanation(
        "`{value}` is not a web address; write a full address starting with https://",
        "Link fields take a full web address.",
        "Copy the address from the browser's address bar.",
    ),
    "not-plain-number": Explanation(
        "`{value}` is not a plain whole number; write it with digits only, for example 120",
        "Numbers are written as plain decimal digits. Leading zeros, `0x`, `_` and `:` make some YAML "
        "tools read a different number (`0120` as 80, `1:30` as 90).",
        "Write the number with digits only and no leading zero.",
    ),
    "control-character": Explanation(
        "the text contains the invisible control character {char}; delete it",
        "Control characters (escape, bell, carriage return, text-direction overrides…) do not show, and "
        "can change what a terminal or a reader sees.",
        "Delete the character: retype the text around it, or paste it as plain text.",
    ),
    "invisible-character": Explanation(
        "this one-line field contains the invisible character {char}; delete it",
        "Names, titles and tags must look exactly as they are: an invisible character would make two "
        "values that look the same differ.",
        "Delete the character: retype the value.",
    ),
    "tag-spelling": Explanation(
        "the tag `{tag}` is written `{other}` in {where}; write a tag the same way everywhere",
        "Tags that differ only in capitals or width would become two tags with one web address.",
        "Use the spelling the other entries use (or change them all).",
    ),
    "invalid-value": Explanation(
        "{detail}",
        "The value does not fit the field.",
        "See the schema reference for what the field takes.",
    ),
    # -- content that is shown as text but is almost certainly a mistake ---
    "template-code": Explanation(
        "`{snippet}` looks like template code; playbook text is never run, so it would show as typed",
        "Text contains `{{`, `{%` or `{#`. Playbooks are data: nothing in them is evaluated.",
        "Remove the braces, or reword the text.",
        blocking=False,
    ),
    "raw-html": Explanation(
        "`{snippet}` is HTML; playbook text may use Markdown but not HTML, so it would show as typed",
        "Text contains an HTML tag. Tags are shown as text, never run.",
        "Use Markdown instead: `**bold**`, `*italic*`, `[link text](https://…)` (also instead of "
        "`<https://…>`). To show a `<` before a letter, put a space after it.",
        blocking=False,
    ),
    "unsafe-link": Explanation(
        "`{snippet}` is not a safe link; links must start with https://, http:// or mailto:",
        "Text contains a `javascript:`, `data:`, `vbscript:` or similar link. It is never made clickable.",
        "Link to a normal web page with https://, or remove the link.",
        blocking=False,
    ),
    "image": Explanation(
        "images cannot be embedded in playbook text; link to the picture instead",
        "Text contains Markdown image syntax `![…](…)`.",
        "Write `[description](https://…)` to link to the picture.",
        blocking=False,
    ),
    # -- hand-written pages in docs/ (macro calls and template code) --------
    "macro-unknown-id": Explanation(
        "there is no {what} with the id `{id}`{hint}",
        "A macro call in a hand-written page names an entry that does not exist (or no longer does).",
        "Check the spelling against the entry's file name, or remove the call if the entry was deleted.",
    ),
    "macro-wrong-kind": Explanation(
        "this macro needs a {kind} entry; `{id}` is of the kind `{found}`",
        "A macro call in a hand-written page names an entry of the wrong kind.",
        "Name an entry of the kind the macro asks for; the README lists what each macro takes.",
    ),
    "macro-bad-value": Explanation(
        "`{value}` is not a {name} this macro knows; use one of: {allowed}{hint}",
        "A macro call in a hand-written page filters by a value that no entry can have.",
        "Use one of the listed values exactly as written.",
    ),
    "copy-rules-broken": Explanation(
        "the copy rules have {count} problem(s), listed with their files",
        "The page shows the copy checker's rules, and a file in `copy_rules/` has problems.",
        "Fix the problems reported for the files in `copy_rules/`; this message then goes away by itself.",
    ),
    "template-syntax": Explanation(
        "{detail}",
        "Template code in a hand-written page (`{{ … }}`, `{% … %}`) is not written correctly.",
        "Close every `{{` with `}}` and every `{%` with `%}`, and close quotes and brackets. "
        "To show braces as text, write `{{ '{{' }}`.",
    ),
    "template-error": Explanation(
        "{detail}",
        "Running the template code of a hand-written page failed: for example a misspelt macro name, "
        "or a macro called with missing or extra arguments.",
        "Compare the call with the list of macros in the README, and correct the name or the arguments.",
    ),
    "generated-page-exists": Explanation(
        "this page is made from the playbooks; remove the hand-written file",
        "A file in `docs/` has the same name as a page Opsbook generates, so one would hide the other.",
        "Delete or rename the hand-written file; edit the playbooks to change the generated page.",
    ),
    # -- left unfinished -------------------------------------------------
    "placeholder": Explanation(
        "this still holds the `TODO:` placeholder; replace it with your own text. What goes here: {what}",
        "`opsbook new` marks every value still to write with `TODO:`. A value that still holds it would "
        "be published as it is, so it blocks the check and the build.",
        "Replace the whole `TODO: …` text with what the field asks for, keeping the double quotes or the "
        "`|` line around it. Only an upper-case `TODO:` counts: words such as \"Todo list\" are fine.",
        before='title: "TODO: The entry\'s name, as readers will see it on the page."',
        after='title: "Customs declaration form"',
    ),
    # -- copied files ----------------------------------------------------
    "copied-id": Explanation(
        "this file is a copy of {other}: change `id:` to {change}",
        "A copied file still holds the id of the file it was copied from. Ids are unique and a file is "
        "named after its id, so the copy, whose name does not match, is the one to change.",
        "Write the copy's own id after `id:`; the message suggests the copy's file name when no other "
        "entry or file uses it.",
        before="# purchase-contract-2.yaml, copied from purchase-contract.yaml\nid: purchase-contract",
        after="# purchase-contract-2.yaml\nid: purchase-contract-2",
    ),
    "shared-id": Explanation(
        "{other} has the id `{id}` too, and no file is named after it: change `id:` to {change}",
        "Two files use the same id, and neither is named after it.",
        "Give each file the id of its own file name, as the message suggests.",
        before="# supplier-contract.yaml\nid: purchase-contract",
        after="# supplier-contract.yaml\nid: supplier-contract",
    ),
}


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
