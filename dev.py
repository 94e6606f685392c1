#!/usr/bin/env python3
"""Set up Opsbook and run it, with nothing but Python 3.11+ on the machine.

    python3 dev.py serve   # set up, then serve the handbook at http://127.0.0.1:8000 (live reload)
    python3 dev.py build   # set up, then build the handbook strictly into site/
    python3 dev.py test    # set up, then run the whole test suite (what CI runs)

Setting up means: a virtual environment in .venv with the pinned dependencies
(constraints.txt), reinstalled only when pyproject.toml or constraints.txt change.
`test` also installs what the browser, accessibility and HTML checks need when it
is missing: Chromium, Java and Node.js from Debian's packages (apt-get, through
sudo when not root), a Chinese font for screenshots, and the pinned npm tools in
tools/ (axe-core, vnu-jar).
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
    """Debian packages and npm tools for the checks on the built site, installed only when missing."""
    wanted = [] if any(shutil.which(name) for name in BROWSERS) else ["chromium"]
    wanted += [] if shutil.which("java") else ["default-jre-headless"]
    wanted += [] if shutil.which("npm") else ["nodejs", "npm"]
    wanted += [] if CHINESE_FONT.exists() else ["fonts-wqy-microhei"]
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
    lock = (TOOLS / "package-lock.json").read_bytes()
    stamp = TOOLS / "node_modules" / ".opsbook-installed"
    if not stamp.is_file() or stamp.read_bytes() != hashlib.sha256(lock).hexdigest().encode():
        run("npm", "ci", "--prefix", str(TOOLS), "--no-audit", "--no-fund")
        stamp.write_text(hashlib.sha256(lock).hexdigest())


def main(argv: list[str]) -> None:
    commands = {
        "serve": [BIN / "mkdocs", "serve"],
        "build": [BIN / "opsbook", "build"],
        "test": [BIN / "python", "-m", "pytest"],
    }
    if not argv or argv[0] not in commands:
        sys.exit(__doc__)
    set_up()
    if argv[0] == "test":
        set_up_test_tools()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, not ours to act on
    run(*commands[argv[0]], *argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
