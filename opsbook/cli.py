"""The `opsbook` command: validate, new, schema, export and build.

Exit codes: 0 done, 1 problems found, 2 could not run (one line `opsbook: ...`), 128 + N stopped by
signal N (130 for Ctrl-C).
"""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

import click
from pydantic import TypeAdapter, ValidationError

from opsbook.core import clock, translation
from opsbook.core import validate as validation
from opsbook.core.characters import visible
from opsbook.core.errors import Interrupted, OpsbookError, os_errors, playbooks_folder, stop_signals_raise, unexpected
from opsbook.core.fields import EntryId
from opsbook.core.files import write_file
from opsbook.core.freshness import overdue, translations_due
from opsbook.core.languages import LANGUAGES, split_name
from opsbook.core.layout import EDITOR_SETTINGS, PLAYBOOKS
from opsbook.core.problems import CATALOGUE
from opsbook.core.schema import SCHEMA_DIR, stale_schemas, write_editor_settings, write_schemas
from opsbook.kinds import all_kinds, by_name
from opsbook.site.page_check import check_pages
from opsbook.site.publish import publish_site
from opsbook.tools.copycheck import COMPETITORS_FILE, RULES_FILE, RULES_FOLDER, Unreadable, load_folder, rules_folder
from opsbook.tools.diff import summary_text
from opsbook.tools.export import export_text
from opsbook.tools.skeleton import next_place, skeleton, translation_skeleton


def _escape_data(text: str) -> str:
    """GitHub's escaping for a workflow command's message: a raw newline would end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Properties also escape `:` and `,`, or a file name could end the property list and forge others."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(problem) -> str:
    """A GitHub Actions workflow command: shows the problem on the file and line in the pull request."""
    level = "error" if problem.blocking else "warning"
    properties = ",".join(
        f"{name}={_escape_property(str(value))}"
        for name, value in (("file", problem.path), ("line", problem.line), ("col", problem.col))
    )
    message = f"{problem.field or '(file)'}: {problem.message}"
    return f"::{level} {properties}::{_escape_data(message)}"


class _Commands(click.Group):
    """Runs every command: stop signals raise (so clean-ups run); Opsbook's errors and an OSError become
    one line `opsbook: …` and their exit code (2: could not run; 128 + the signal's number: stopped)."""

    def invoke(self, ctx):
        try:
            try:
                with stop_signals_raise():
                    return super().invoke(ctx)
            except Interrupted as stop:  # as shells report a process a signal ended
                raise OpsbookError(
                    f"interrupted by {stop}" + (f"; {stop.note}" if stop.note else ""), 128 + stop.signum
                ) from None
            except OSError as error:
                if error.errno == errno.EPIPE:  # `opsbook export | head`: click ends quietly
                    raise
                raise unexpected(error) from None
        except OpsbookError as error:
            click.echo(f"opsbook: {error}", err=True)
            raise click.exceptions.Exit(error.exit_code) from None


# Every command that reads the playbooks takes the same option.
playbooks_option = click.option(
    "--playbooks", default=PLAYBOOKS, show_default=True, type=click.Path(path_type=Path), help="The playbooks folder."
)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="opsbook")
def main():
    """Opsbook: validated YAML playbooks rendered into a training handbook."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@playbooks_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: print GitHub Actions annotations for pull requests.",
)
def validate(paths, playbooks, output):
    """Check playbooks; print every problem as FILE:LINE:COL: FIELD: MESSAGE.

    The whole playbooks folder is always checked (ids and references span files); with PATHS
    (files or folders inside it) only their problems are shown, as a pre-commit hook wants.
    """
    root = playbooks_folder(playbooks).resolve()
    wanted = [path.resolve() for path in paths]
    for path in wanted:
        if path != root and root not in path.parents:
            raise click.UsageError(f"{path} is not inside {playbooks}/")
    handbook, problems = validation.load(root, clock.today())
    if (root.parent / "docs").is_dir():  # macro calls in the hand-written pages name entries too
        problems = sorted(problems + check_pages(root.parent / "docs", handbook, root))
    shown = [
        p
        for p in problems
        if not wanted or any(f == Path(p.path).resolve() or f in Path(p.path).resolve().parents for f in wanted)
    ]
    for problem in shown:
        click.echo(_annotation(problem) if output == "github" else str(problem))
    if shown:
        click.echo(f"{len(shown)} problem(s) found. The editor guide explains each message.", err=True)
        sys.exit(1)
    click.echo(f"No problems in {len(handbook)} entries and {len(handbook.translations)} translations.", err=True)


TRANSLATION = "translation"


def _next_place(kind, playbooks: Path) -> dict:
    return next_place(kind, validation.load(playbooks, clock.today())[0]) if kind.ordered_by else {}


@main.command()
@click.argument("kind", type=click.Choice([k.name for k in all_kinds()] + [TRANSLATION]))
@click.argument("entry_id", metavar="ID")
@click.option(
    "--language",
    type=click.Choice(list(LANGUAGES)),
    help="For a translation: the language to translate into  [default: the other language]",
)
@playbooks_option
def new(kind, entry_id, language, playbooks):
    """Create playbooks/<folder>/ID.yaml: a skeleton to fill in (it fails validation until every TODO: is replaced).

    `opsbook new translation ID` writes ID.<language>.yaml beside the entry instead: the entry's text, to be
    replaced with its translation.
    """
    try:
        TypeAdapter(EntryId).validate_python(entry_id)
    except ValidationError:
        raise click.UsageError(CATALOGUE["bad-id"].message.format(value=visible(entry_id))) from None
    playbooks_folder(playbooks)
    if kind == TRANSLATION:
        _new_translation(entry_id, language, playbooks)
        return
    for other in all_kinds():
        for suffix in validation.SUFFIXES:
            existing = playbooks / other.folder / f"{entry_id}{suffix}"
            if existing.exists():
                raise click.UsageError(f"{existing} already exists; choose another id (nothing was written)")
    target = playbooks / by_name(kind).folder / f"{entry_id}.yaml"
    with os_errors("cannot create the folder", target.parent):
        target.parent.mkdir(exist_ok=True)  # the kind's folder, inside the playbooks folder checked above
    write_file(
        target, skeleton(by_name(kind), entry_id, clock.today(), _next_place(by_name(kind), playbooks)), replace=False
    )
    click.echo(f"Wrote {target}. Fill in the TODOs, then run: opsbook validate")


def _new_translation(entry_id: str, language: str | None, playbooks: Path) -> None:
    handbook, _ = validation.load(playbooks, clock.today())
    record = handbook.get(entry_id)
    if record is None:
        raise click.UsageError(f"there is no valid entry `{entry_id}`; run opsbook validate (nothing was written)")
    others = [tag for tag in LANGUAGES if tag != record.entry.language]
    language = language or others[0]
    if language not in others:
        raise click.UsageError(f"`{entry_id}` is written in {LANGUAGES[language]} itself; choose another language")
    target = record.path.with_name(f"{entry_id}.{language}.yaml")
    if target.exists():
        raise click.UsageError(f"{target} already exists (nothing was written)")
    write_file(target, translation_skeleton(record, language), replace=False)
    click.echo(f"Wrote {target}. Replace the {LANGUAGES[record.entry.language]} text with its translation.")


@main.command()
@click.option(
    "--out",
    default=SCHEMA_DIR,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the JSON Schemas to.",
)
@click.option("--check", is_flag=True, help="Write nothing; fail if the files differ from the models and ids.")
@click.option(
    "--playbooks",
    default=PLAYBOOKS,
    show_default=True,
    type=click.Path(path_type=Path),
    help="The playbooks folder, whose valid entries' ids go into ids.schema.json.",
)
def schema(out, check, playbooks):
    """Write the JSON Schema of each kind of entry (from the models) and of the ids that exist."""
    root = playbooks_folder(playbooks)
    handbook, _problems = validation.load(root, clock.today())
    entries = [path for path in validation.playbook_files(root) if split_name(path)[1] is None]
    if left_out := len(entries) - len(handbook):
        click.echo(f"{left_out} playbook file(s) with problems left out of the ids; see: opsbook validate", err=True)
    settings = root.parent / EDITOR_SETTINGS  # VS Code's, at the handbook's top folder
    if check:
        stale = stale_schemas(out, handbook, settings)
        for path in stale:
            click.echo(f"{path}: out of date; run: opsbook schema", err=True)
        sys.exit(1 if stale else 0)
    with os_errors("cannot write the schemas to", out):
        written = write_schemas(out, handbook)
    with os_errors("cannot write the editor settings", settings):
        settings.parent.mkdir(exist_ok=True)
        written.append(write_editor_settings(settings))
    for path in written:
        click.echo(f"Wrote {path}")


@main.command()
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@playbooks_option
def export(output, playbooks):
    """All entries as one JSON document. Refuses while any playbook has a problem."""
    handbook, problems = validation.load(playbooks_folder(playbooks), clock.today())
    blocking = [p for p in problems if p.blocking]
    for problem in blocking:
        click.echo(str(problem), err=True)
    if blocking:
        sys.exit(1)
    text = export_text(handbook)
    if output:
        write_file(output, text)
        click.echo(f"Wrote {len(handbook)} entries to {output}", err=True)
    else:
        click.echo(text, nl=False)


def _mkdocs(args: list[str]) -> bool:
    """Run MkDocs' own command line in this process (one interpreter start, not two); True on success."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.__main__ import cli

    try:
        cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as error:  # MkDocs' Abort, e.g. "Aborted with 2 warnings in strict mode!"
        error.show()
        return False
    except SystemExit as error:  # mkdocs-macros exits on a template error
        return not error.code
    return True


@main.command()
@playbooks_option
@click.option(
    "--fail",
    is_flag=True,
    help="Exit 1 when an entry is overdue or a translation missing or out of date (for a scheduled CI job).",
)
def stale(playbooks, fail):
    """List entries overdue for review, most overdue first, then translations missing or out of date."""
    handbook, _ = validation.load(playbooks_folder(playbooks), clock.today())
    late = overdue(handbook)
    for item in late:
        entry = item.record.entry
        click.echo(
            visible(
                f"{item.record.display_path}: {entry.id}: overdue by {item.overdue_days} day(s) "
                f"(reviewed {entry.reviewed.isoformat()}, due {item.due.isoformat()}, "
                f"owner {entry.owner})"
            )
        )
    click.echo(f"{len(late)} of {len(handbook)} entries overdue for review on {handbook.today.isoformat()}.", err=True)
    lagging = translations_due(handbook, LANGUAGES)
    for due in lagging:
        record, name = due.record, LANGUAGES[due.language]
        if record.text == "stale":
            source_name = LANGUAGES[record.source_entry.language]
            why = (
                f"{name} translation may be out of date: the {source_name} text changed on {record.source_changed}; "
                f'once it is updated, set translates: "{translation.version(record.source_entry)}"'
            )
        else:
            why = f"no {name} translation yet (opsbook new translation {record.entry.id} --language {due.language})"
        click.echo(visible(f"{validation.display_path(due.file)}: {record.entry.id}: {why}"))
    click.echo(f"{len(lagging)} translation(s) missing or out of date.", err=True)
    sys.exit(1 if fail and (late or lagging) else 0)


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(exists=True))
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to put the site  [default: site, or site-offline with --offline]",
)
@click.option("--offline", is_flag=True, help="A copy that works opened from disk (file://), search included.")
def build(config_file, site_dir, offline):
    """Build the handbook strictly; replace SITE_DIR only if the whole build succeeds.

    The site is built in a staging folder next to SITE_DIR and swapped in as a whole (see
    opsbook/publish.py); SITE_DIR's parent folder must exist.
    """
    if offline:
        os.environ["OPSBOOK_OFFLINE"] = "true"
    site_dir = (site_dir or Path("site-offline" if offline else "site")).resolve()
    published = publish_site(
        site_dir,
        lambda staging: _mkdocs(["build", "--strict", "--config-file", config_file, "--site-dir", str(staging)]),
    )
    if published is None:
        click.echo(f"Build failed; {site_dir} was left as it was.", err=True)
        sys.exit(1)
    if published.left_behind:
        click.echo(
            f"opsbook: built the handbook in {site_dir}, but cannot delete the previous site, now in "
            f"{published.left_behind}: {published.why}; the next build tries again",
            err=True,
        )
        return
    click.echo(f"Built the handbook in {site_dir}", err=True)


@main.command("diff")
@click.argument("base")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write the Markdown to (default: stdout).",
)
@playbooks_option
@click.option(
    "--max-length",
    type=click.IntRange(min=1000),
    default=None,
    help="Leave out whole items at the end so the Markdown stays under this many characters "
    "(a GitHub comment holds at most 65,536).",
)
def diff(base, output, playbooks, max_length):
    """Summarise how the playbooks changed since git revision BASE, as Markdown for reviewers.

    Lists the entries added, removed, renamed and changed (field by field), and the references
    the change breaks, creates or removes. A change is not an error: exits 0 whenever the summary
    could be written, and 2 if BASE is unknown or this is not a git repository.
    """
    text = summary_text(base, playbooks, clock.today(), max_length)
    if output:
        write_file(output, text)
        click.echo(f"Wrote the change summary to {output}", err=True)
    else:
        click.echo(text, nl=False)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.UsageError(f"{name} is not UTF-8 text (byte {error.start} cannot be read)") from None


@main.command("check-copy")
@click.argument("text", required=False)
@click.option(
    "--file",
    "files",
    multiple=True,
    metavar="PATH",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    help="A text file to check (`-` for standard input); repeat for several files.",
)
@click.option("--health-food", is_flag=True, help="The product is a health food: also apply the health-food rules.")
@click.option(
    "--rules-folder",
    "rules_folder_option",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help=f"A folder holding {RULES_FILE} and {COMPETITORS_FILE}, instead of ./{RULES_FOLDER}.",
)
@click.option(
    "--competitors",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help=f"The competitor list to use instead of {RULES_FOLDER}/{COMPETITORS_FILE}.",
)
@click.option(
    "--rules",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help=f"The rules file to use instead of {RULES_FOLDER}/{RULES_FILE}.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one document with every finding, for tools.",
)
def check_copy(text, files, health_food, rules_folder_option, competitors, rules, output):
    """Check banner and detail-page copy for wording that laws or platform rules forbid.

    Checks TEXT, or each --file, or standard input when neither is given (or TEXT is `-`).
    Prints one finding per line as NAME:LINE:COL: RULE: "QUOTE" — WHY Instead: WHAT TO WRITE.
    Exit status: 1 if anything was found, 0 if the copy is clean, 2 for usage errors or rules that
    are missing, unreadable or broken.
    """
    folder = rules_folder_option or rules_folder(Path.cwd())
    ruleset, problems = load_folder(folder, rules, competitors)
    if problems and isinstance(problems[0], Unreadable):
        click.echo(f"{problems[0]}; nothing was checked.", err=True)
        sys.exit(2)
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
