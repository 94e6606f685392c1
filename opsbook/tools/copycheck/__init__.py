"""`opsbook check-copy`: check banner titles and detail-page copy against the rules in copy_rules/.

The rules are data, validated like playbooks (`rules.yaml` for the rules, `competitors.yaml` for the
names copy must not mention). A rule flags text in one of these ways:

- `phrases` are plain text, matched ignoring case, full-width forms and spacing (see `phrase_pattern`);
  `phrases_from: competitors` takes more phrases from the competitor list;
- `combinations` are parts that make a finding together, such as a review action, a reward verb and
  a reward, each a list of phrases, within a few characters of each other in one sentence;
- `regexes` are Python regular expressions for what neither can say, each with a `label` for the
  handbook, kept within limits that make matching linear (`regex_limits`);
- `required` phrases: the text must contain one of them (a finding when it does not).
A match inside one of the rule's `exempt` phrases does not count.

Text is normalised once before matching (NFKC, so ＢＥＳＴ and Ｎｏ．１ read as BEST and No.1; invisible
characters such as zero-width spaces are dropped), but every finding quotes and locates the span of
the text as it was written.

Modules: `rules` (the file models), `regex_limits`, `text` (normalising, phrases), `engine`
(matching) and `loading` (finding and reading the files); the command is in `opsbook.cli`.
"""

from opsbook.tools.copycheck.engine import Finding, Rule, RuleSet
from opsbook.tools.copycheck.loading import (
    COMPETITORS_FILE,
    RULES_FILE,
    RULES_FOLDER,
    SHIPPED_RULES,
    Unreadable,
    load_default,
    load_folder,
    load_rules,
    rules_folder,
)
from opsbook.tools.copycheck.rules import REGEX_FLAGS, CompetitorFile, CopyRule, RuleFile
from opsbook.tools.copycheck.text import normalise, phrase_pattern

__all__ = [
    "Finding",
    "Rule",
    "RuleSet",
    "COMPETITORS_FILE",
    "RULES_FILE",
    "RULES_FOLDER",
    "SHIPPED_RULES",
    "Unreadable",
    "load_default",
    "load_folder",
    "load_rules",
    "rules_folder",
    "REGEX_FLAGS",
    "CompetitorFile",
    "CopyRule",
    "RuleFile",
    "normalise",
    "phrase_pattern",
]
