#!/usr/bin/env python3
"""Edit-to-screen benchmark: how long after an editor saves a file `mkdocs serve` shows the change,
Opsbook against plain Material's floor.

    python bench/serve_bench.py --sizes 250,500,2000 [--edits 5] [--json results.json] [--logs DIR]

For each size N it writes the build benchmark's content (bench.py): N synthetic entries with their
Chinese translations as an Opsbook handbook, and the same N entries as Markdown pages in plain
Material's two sites (English, and Chinese from mkdocs.zh.yml). Each is served in turn with
`python -m mkdocs serve --dev-addr 127.0.0.1:PORT` (not --dirty: every change rebuilds the whole
site), its output kept in a log file; one server at a time, Opsbook's first, each stopped with
Ctrl-C's signal (so that MkDocs deletes its temporary site) before the next starts.

Opsbook's serve rebuilds both editions on every change (English at /, Chinese at /zh/). So that
plain Material does the same work in one server, its mkdocs.yml gets a hook whose `on_post_build`
builds the Chinese site into the served site's zh/, and it watches docs-zh/ as well as docs/.

First page: seconds from starting the server to the first HTTP answer of one strategy's page
(/strategies/bench-play-3/); MkDocs builds the site once before it starts listening.

Edits (--edits, default 5): one second after the page last answered, the entry's file is written
whole with its summary ending in a new marker (`Edit-<k>-<random>`): for Opsbook the entry's YAML
(playbooks/strategies/bench-play-3.yaml), for the floor its Markdown page. The time runs from just
before the write to the first answer of the page (a GET on a fresh connection every 20 ms) whose
body holds the marker. That time holds all an editor waits for: MkDocs' watcher noticing the change
(it polls the watched folders every 0.5 s, then waits for 0.1 s without another change), reading
the configuration again, the rebuild of both editions, and the answer (MkDocs holds a request for a
page while it rebuilds). Reported: the median of each (ratio = Opsbook's / the floor's), and in the
JSON every value and the rebuilds each server's log reports (one per edit is expected). --logs keeps
the servers' logs.

A server that ends, or an edit not shown within 300 s, stops the benchmark with exit code 2 and the
end of that server's log.
"""

from __future__ import annotations

import argparse
import http.client
import json
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from bench import (  # noqa: E402  (the build benchmark's content and environment)
    ENV,
    in_chinese,
    synthetic_entries,
    synthetic_translations,
    write_floor_site,
    write_opsbook_site,
)

ENTRY = "bench-play-3"  # a strategy that exists at every size
PAGE = f"strategies/{ENTRY}/"
TIMEOUT = 300  # seconds for the first page and for each edit to show
POLL = 0.02  # seconds between requests
PAUSE = 1.0  # seconds between an edit shown and the next write (and before the first)
LOG_TAIL = 40  # lines of a server's log shown when it fails

FLOOR_HOOK_FILE = "serve_bench_hooks.py"
FLOOR_HOOK = '''"""After each build of the English floor site, build the Chinese one into its zh/, as Opsbook does."""

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def on_post_build(config):
    chinese = Path(config.config_file_path).with_name("mkdocs.zh.yml")
    build(load_config(str(chinese), site_dir=str(Path(config.site_dir) / "zh")))
'''


class NotMeasured(Exception):
    """The benchmark cannot go on (a server ended, a page never showed); one line, then any log lines."""


class Server:
    """`mkdocs serve` in `folder` on a free port, everything it prints going to `log`."""

    def __init__(self, name: str, folder: Path, log: Path):
        self.name, self.log = name, log
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/{PAGE}"
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
        with open(log, "wb") as output:  # a file, not a pipe: a long log cannot stall the server
            self.process = subprocess.Popen(command, cwd=folder, env=ENV, stdout=output, stderr=subprocess.STDOUT)

    def shows(self, marker: bytes, start: float, what: str) -> float:
        """Seconds from `start` to the first answer of the page whose body holds `marker`."""
        deadline = start + TIMEOUT
        while (now := time.perf_counter()) < deadline:
            if self.process.poll() is not None:
                raise self.failed(f"ended (exit code {self.process.returncode}) while waiting for {what}")
            try:  # a fresh connection each time; MkDocs holds the request while it rebuilds
                with urllib.request.urlopen(self.url, timeout=deadline - now) as response:
                    body = response.read()
            except (OSError, http.client.HTTPException):  # not listening yet, an error page, a cut answer
                body = None
            if body is not None and marker in body:
                return time.perf_counter() - start
            time.sleep(POLL)
        raise self.failed(f"did not show {what} within {TIMEOUT} s")

    def failed(self, what: str) -> NotMeasured:
        self.stop()
        tail = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_TAIL:]
        return NotMeasured(f"the {self.name} server {what}; the end of its log ({self.log.name}):\n" + "\n".join(tail))

    def rebuilds(self) -> int:
        return self.log.read_text(encoding="utf-8", errors="replace").count("Detected file changes")

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        # As Ctrl-C: MkDocs then deletes its temporary site (SIGTERM would leave it, up to hundreds of MB).
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def opsbook_edit(folder: Path) -> Callable[[str], None]:
    """Writes the entry's YAML whole, as bench.py wrote it, with the summary ending in the marker."""
    path = folder / "playbooks" / "strategies" / f"{ENTRY}.yaml"
    schema_line, body = path.read_text(encoding="utf-8").split("\n", 1)
    entry = yaml.safe_load(body)

    def edit(marker: str) -> None:
        changed = {**entry, "summary": f"{entry['summary']} {marker}"}
        text = schema_line + "\n" + yaml.safe_dump(changed, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")

    return edit


def floor_edit(folder: Path, summary: str) -> Callable[[str], None]:
    """Writes the entry's Markdown page whole with its summary line ending in the marker."""
    path = folder / "docs" / "strategies" / f"{ENTRY}.md"
    text = path.read_text(encoding="utf-8")
    line = f"\n{summary}\n"
    if line not in text:
        raise NotMeasured(f"the summary line of {ENTRY} is not in {path}")

    def edit(marker: str) -> None:
        path.write_text(text.replace(line, f"\n{summary} {marker}\n", 1), encoding="utf-8")

    return edit


def add_floor_hook(folder: Path) -> None:
    """The English floor site builds the Chinese one after itself, and watches its pages too."""
    (folder / FLOOR_HOOK_FILE).write_text(FLOOR_HOOK, encoding="utf-8")
    # mkdocs.yml ends with its markdown_extensions list (bench._write_config): new top-level keys go after it.
    with open(folder / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write(f"hooks:\n- {FLOOR_HOOK_FILE}\nwatch:\n- docs-zh\n")


def serve_and_edit(name: str, folder: Path, edit: Callable[[str], None], edits: int, log: Path) -> dict:
    """First-page seconds, each edit's seconds, and the rebuilds the log reports."""
    start = time.perf_counter()
    server = Server(name, folder, log)
    try:
        first_page = server.shows(b"", start, "the first page")
        seconds = []
        for k in range(1, edits + 1):
            time.sleep(PAUSE)  # also lets the file watcher take its first look at the folders
            marker = f"Edit-{k}-{secrets.token_hex(4)}"
            start = time.perf_counter()
            edit(marker)
            seconds.append(server.shows(marker.encode(), start, f"edit {k} ({marker})"))
    finally:
        server.stop()
    return {"first_page_s": first_page, "edits_s": seconds, "rebuilds": server.rebuilds()}


def measure(n: int, edits: int, work: Path, logs: Path) -> dict:
    entries = synthetic_entries(n)
    translations = synthetic_translations(entries)
    ours, floor = work / f"opsbook-{n}", work / f"floor-{n}"
    ours.mkdir()
    floor.mkdir()
    write_opsbook_site(ours, entries, translations)
    write_floor_site(floor, entries, in_chinese(entries, translations))
    add_floor_hook(floor)
    summary = next(entry["summary"] for _, entry in entries if entry["id"] == ENTRY)
    sides = {
        "ours": ("Opsbook", ours, opsbook_edit(ours)),
        "floor": ("plain Material", floor, floor_edit(floor, summary)),
    }
    runs = {  # one server at a time, all of its edits in a row
        key: serve_and_edit(name, folder, edit, edits, logs / f"serve-{key}-{n}.log")
        for key, (name, folder, edit) in sides.items()
    }
    for name, run in runs.items():
        if run["rebuilds"] != edits:
            print(f"note: the {name} server's log reports {run['rebuilds']} rebuilds for {edits} edits", flush=True)
    ours_s, floor_s = (statistics.median(runs[name]["edits_s"]) for name in ("ours", "floor"))
    return {
        "n": n,
        "ours_median_s": round(ours_s, 2),
        "floor_median_s": round(floor_s, 2),
        "ratio": round(ours_s / floor_s, 3),
        "ours_first_page_s": round(runs["ours"]["first_page_s"], 2),
        "floor_first_page_s": round(runs["floor"]["first_page_s"], 2),
        "ours_edits_s": [round(s, 3) for s in runs["ours"]["edits_s"]],
        "floor_edits_s": [round(s, 3) for s in runs["floor"]["edits_s"]],
        "ours_rebuilds": runs["ours"]["rebuilds"],
        "floor_rebuilds": runs["floor"]["rebuilds"],
    }


COLUMNS = ["n", "ours_median_s", "floor_median_s", "ratio", "ours_first_page_s", "floor_first_page_s"]


def print_row(row: dict, header: bool) -> None:
    if header:
        print(" ".join(f"{c:>18}" for c in COLUMNS))
    print(" ".join(f"{row[c]:>18}" for c in COLUMNS), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,500,2000", help="comma-separated entry counts")
    parser.add_argument("--edits", type=int, default=5, help="edits per size and server (median reported)")
    parser.add_argument("--json", type=Path, help="write the figures, every edit's included, to this file")
    parser.add_argument("--logs", type=Path, help="keep each server's log (serve-ours-N.log, …) in this folder")
    args = parser.parse_args()
    if args.edits < 1:
        parser.error("--edits must be at least 1")
    if args.json and not args.json.parent.is_dir():
        parser.error(f"--json: there is no folder {args.json.parent}")
    if args.logs and not args.logs.is_dir():
        parser.error(f"--logs: there is no folder {args.logs}")
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes takes comma-separated entry counts, not {args.sizes!r}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="opsbook-serve-bench-") as work:
        for n in sizes:
            try:
                rows.append(measure(n, args.edits, Path(work), args.logs or Path(work)))
            except NotMeasured as error:
                print(f"serve_bench: {error}", file=sys.stderr)
                sys.exit(2)
            print_row(rows[-1], header=len(rows) == 1)
            if args.json:  # after each size, so that a later failure keeps the sizes done
                args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
