"""The shape of a handbook folder, written once: what Opsbook reads, and where."""

PLAYBOOKS = "playbooks"  # the playbook files, one folder per kind
SCHEMAS = "schemas"  # the JSON Schemas editors' tools read, next to playbooks/
EDITOR_SETTINGS = ".vscode/settings.json"  # maps each kind's folder to its schema; `opsbook schema` writes it
COPY_RULES = "copy_rules"  # the team's own copy rules, over the ones shipped with Opsbook
# Everything a handbook is made of: a copy of these builds the same site (tests and the benchmark copy them).
HANDBOOK_FILES = ("mkdocs.yml", "macros.py", "docs", PLAYBOOKS, SCHEMAS, "overrides", COPY_RULES, ".vscode")
