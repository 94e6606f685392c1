"""The `opsbook` command: validate, new, schema, export and build."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import click
from pydantic import TypeAdapter, ValidationError

from . import clock, validate as validation
from .export import export_text
from .fields import EntryId
from .freshness import overdue
from .kinds import all_kinds, by_name
from .page_check import check_pages
from .schema import SCHEMA_DIR, stale_schemas, write_schemas
from .skeleton import skeleton

PLAYBOOKS = "playbooks"


def _annotation(problem) -> str:
    """A GitHub Actions workflow command: shows the problem on the file and line in the pull request."""
    message = f"{problem.field or '(file)'}: {problem.message}".replace("%", "%25").replace("\r", "%0D")
    level = "error" if problem.blocking else "warning"
    return f"::{level} file={problem.path},line={problem.line},col={problem.col}::{message.replace(chr(10), '%0A')}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="opsbook")
def main():
    """Opsbook: validated YAML playbooks rendered into a training handbook."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--playbooks", default=PLAYBOOKS, show_default=True, type=click.Path(path_type=Path),
              help="The playbooks folder.")
@click.option("--format", "output", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: print GitHub Actions annotations for pull requests.")
def validate(paths, playbooks, output):
    """Check playbooks; print every problem as FILE:LINE:COL: FIELD: MESSAGE.

    The whole playbooks folder is always checked (ids and references span files); with PATHS
    (files or folders inside it) only their problems are shown, as a pre-commit hook wants.
    """
    root = playbooks.resolve()
    if not root.is_dir():
        raise click.UsageError(f"there is no folder {playbooks}/; run this from the handbook's top folder")
    wanted = [path.resolve() for path in paths]
    for path in wanted:
        if path != root and root not in path.parents:
            raise click.UsageError(f"{path} is not inside {playbooks}/")
    handbook, problems = validation.load(root, clock.today())
    if (root.parent / "docs").is_dir():  # macro calls in the hand-written pages name entries too
        problems = sorted(problems + check_pages(root.parent / "docs", handbook, root))
    shown = [p for p in problems
             if not wanted or any(f == Path(p.path).resolve() or f in Path(p.path).resolve().parents for f in wanted)]
    for problem in shown:
        click.echo(_annotation(problem) if output == "github" else str(problem))
    if shown:
        click.echo(f"{len(shown)} problem(s) found. The editor guide explains each message.", err=True)
        sys.exit(1)
    click.echo(f"No problems in {len(handbook)} entries.", err=True)


@main.command()
@click.argument("kind", type=click.Choice([k.name for k in all_kinds()]))
@click.argument("entry_id", metavar="ID")
@click.option("--playbooks", default=PLAYBOOKS, show_default=True, type=click.Path(path_type=Path))
def new(kind, entry_id, playbooks):
    """Create playbooks/<folder>/ID.yaml: a valid skeleton to fill in."""
    try:
        TypeAdapter(EntryId).validate_python(entry_id)
    except ValidationError:
        raise click.UsageError(f"'{entry_id}' is not a valid id: use lowercase letters, digits and single "
                               "hyphens, for example customs-declaration-form")
    for other in all_kinds():
        for suffix in validation.SUFFIXES:
            existing = playbooks / other.folder / f"{entry_id}{suffix}"
            if existing.exists():
                raise click.UsageError(f"{existing} already exists; choose another id (nothing was written)")
    target = playbooks / by_name(kind).folder / f"{entry_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton(by_name(kind), entry_id, clock.today()), encoding="utf-8")
    click.echo(f"Wrote {target}. Fill in the TODOs, then run: opsbook validate")


@main.command()
@click.option("--out", default=SCHEMA_DIR, show_default=True, type=click.Path(path_type=Path),
              help="Folder to write the JSON Schemas to.")
@click.option("--check", is_flag=True, help="Write nothing; fail if the files differ from the models.")
def schema(out, check):
    """Write the JSON Schema of each kind of entry (generated from the models)."""
    if check:
        stale = stale_schemas(out)
        for path in stale:
            click.echo(f"{path}: out of date; run: opsbook schema", err=True)
        sys.exit(1 if stale else 0)
    for path in write_schemas(out):
        click.echo(f"Wrote {path}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--playbooks", default=PLAYBOOKS, show_default=True, type=click.Path(path_type=Path))
def export(output, playbooks):
    """All entries as one JSON document. Refuses while any playbook has a problem."""
    handbook, problems = validation.load(playbooks, clock.today())
    blocking = [p for p in problems if p.blocking]
    for problem in blocking:
        click.echo(str(problem), err=True)
    if blocking:
        sys.exit(1)
    text = export_text(handbook)
    if output:
        output.write_text(text, encoding="utf-8")
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
@click.option("--playbooks", default=PLAYBOOKS, show_default=True, type=click.Path(path_type=Path))
@click.option("--fail", is_flag=True, help="Exit 1 when any entry is overdue (for a scheduled CI job).")
def stale(playbooks, fail):
    """List entries overdue for review, most overdue first."""
    handbook, _ = validation.load(playbooks, clock.today())
    late = overdue(handbook)
    for item in late:
        entry = item.record.entry
        click.echo(f"{item.record.display_path}: {entry.id}: overdue by {item.overdue_days} day(s) "
                   f"(reviewed {entry.reviewed.isoformat()}, due {item.due.isoformat()}, owner {entry.owner})")
    click.echo(f"{len(late)} of {len(handbook)} entries overdue for review on {handbook.today.isoformat()}.", err=True)
    sys.exit(1 if fail and late else 0)


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(exists=True))
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to put the site  [default: site, or site-offline with --offline]")
@click.option("--offline", is_flag=True, help="A copy that works opened from disk (file://), search included.")
def build(config_file, site_dir, offline):
    """Build the handbook strictly; replace SITE_DIR only if the whole build succeeds."""
    if offline:
        os.environ["OPSBOOK_OFFLINE"] = "true"
    site_dir = (site_dir or Path("site-offline" if offline else "site")).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    if not _mkdocs(["build", "--strict", "--config-file", config_file, "--site-dir", str(staging)]):
        shutil.rmtree(staging, ignore_errors=True)
        click.echo(f"Build failed; {site_dir} was left as it was.", err=True)
        sys.exit(1)
    retired = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)
    click.echo(f"Built the handbook in {site_dir}", err=True)
from .diff import diff_command  # noqa: E402
main.add_command(diff_command)

from .copycheck import check_copy  # noqa: E402
main.add_command(check_copy)
