#!/usr/bin/env python3
"""Set up Opsbook and run it, with nothing but Python 3.11+ on the machine.

    python3 dev.py serve   # set up, then serve the handbook at http://127.0.0.1:8000 (live reload)
    python3 dev.py build   # set up, then build the handbook strictly into site/
    python3 dev.py edit    # serve, plus the form editor at http://localhost:8000/admin/ writing to this folder
    python3 dev.py test    # set up, then run the whole test suite (what CI runs)

Setting up means: a virtual environment in .venv with the pinned dependencies
(constraints.txt), reinstalled only when pyproject.toml or constraints.txt change.
Every command also installs Node.js (Debian's package, through sudo when not root)
and the pinned npm packages in tools/ when they are missing: the form editor (Decap
CMS, its local server) ships in the site. `test` also installs what the browser,
accessibility and HTML checks need: Chromium, Java and a Chinese font for screenshots.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".opsbook-installed"
TOOLS = ROOT / "tools"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
CHINESE_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def run(*command, **kwargs) -> None:
    print("+", " ".join(map(str, command)), flush=True)
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    if result.returncode:
        sys.exit(result.returncode)


def set_up() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py runs under any python3, and must say why it stops)
        sys.exit("Opsbook needs Python 3.11 or newer.")
    wanted = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in ("pyproject.toml", "constraints.txt")))
    if STAMP.is_file() and STAMP.read_text() == wanted.hexdigest():
        return
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    run(
        BIN / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-c",
        "constraints.txt",
        "-e",
        ".[test]",
    )
    STAMP.write_text(wanted.hexdigest())


def set_up_test_tools() -> None:
    """Debian packages for the checks on the built site, installed only when missing."""
    wanted = [] if any(shutil.which(name) for name in BROWSERS) else ["chromium"]
    wanted += [] if shutil.which("java") else ["default-jre-headless"]
    wanted += [] if CHINESE_FONT.exists() else ["fonts-wqy-microhei"]
    apt_install(wanted)


def set_up_node_tools() -> None:
    """Node.js and the pinned npm packages of tools/ (package-lock.json), installed when missing or changed."""
    apt_install([] if shutil.which("npm") else ["nodejs", "npm"])
    lock = (TOOLS / "package-lock.json").read_bytes()
    stamp = TOOLS / "node_modules" / ".opsbook-installed"
    if not stamp.is_file() or stamp.read_bytes() != hashlib.sha256(lock).hexdigest().encode():
        run("npm", "ci", "--prefix", str(TOOLS), "--no-audit", "--no-fund")
        stamp.write_text(hashlib.sha256(lock).hexdigest())


def apt_install(wanted: list[str]) -> None:
    if wanted:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        run(*sudo, "apt-get", "update", "-qq")
        run(
            *sudo,
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            *wanted,
            env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
        )


def edit(arguments: list[str]) -> None:
    """The handbook under `mkdocs serve`, and decap-server writing the form editor's saves into this folder."""
    server = TOOLS / "node_modules" / "decap-server" / "dist" / "index.js"
    environment = dict(os.environ, MODE="fs", GIT_REPO_DIRECTORY=str(ROOT), PORT="8081")
    backend = subprocess.Popen(["node", str(server)], cwd=ROOT, env=environment)
    print("The form editor: http://localhost:8000/admin/ (saves go straight to playbooks/ here)", flush=True)
    try:
        run(BIN / "mkdocs", "serve", "--dev-addr", "localhost:8000", *arguments)
    finally:
        backend.terminate()


def main(argv: list[str]) -> None:
    commands = {
        "serve": [BIN / "mkdocs", "serve"],
        "build": [BIN / "opsbook", "build"],
        "edit": None,
        "test": [BIN / "python", "-m", "pytest"],
    }
    if not argv or argv[0] not in commands:
        sys.exit(__doc__)
    set_up()
    set_up_node_tools()
    if argv[0] == "test":
        set_up_test_tools()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, not ours to act on
    if argv[0] == "edit":
        edit(argv[1:])
    else:
        run(*commands[argv[0]], *argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
