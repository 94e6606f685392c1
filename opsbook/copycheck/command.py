"""`opsbook check-copy`: the command line around the rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .loading import COMPETITORS_FILE, RULES_FILE, RULES_FOLDER, Unreadable, load_folder, rules_folder


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
@click.option("--rules-folder", "rules_folder_option", type=click.Path(path_type=Path), metavar="DIR",
              help=f"A folder holding {RULES_FILE} and {COMPETITORS_FILE}, instead of ./{RULES_FOLDER}.")
@click.option("--competitors", type=click.Path(path_type=Path), metavar="FILE",
              help=f"The competitor list to use instead of {RULES_FOLDER}/{COMPETITORS_FILE}.")
@click.option("--rules", type=click.Path(path_type=Path), metavar="FILE",
              help=f"The rules file to use instead of {RULES_FOLDER}/{RULES_FILE}.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one document with every finding, for tools.")
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
