"""The whole built site is valid HTML (Nu Html Checker) and has no broken link or anchor (LinkChecker)."""

import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from .browser.conftest import require, serve
from .conftest import ROOT

VNU = ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material marks its hidden toggles with autocomplete="off"; the checker rejects that on checkboxes.
# Filtered by this exact message only (see README, "Checks on the built site").
MATERIAL_AUTOCOMPLETE = (
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
    "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
    "“tel”, “text”, “time”, “url”, or “week”."
)


def test_every_page_is_valid_html(built_site):
    require(VNU.is_file() and shutil.which("java") is not None, "vnu-jar and Java")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(built_site)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("message") != MATERIAL_AUTOCOMPLETE]
    assert errors == [], "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors[:20])
    assert any(m.get("message") == MATERIAL_AUTOCOMPLETE for m in messages)  # the filter is still needed


def test_no_broken_links_or_anchors(built_site, tmp_path):
    config = tmp_path / "linkcheckerrc"
    config.write_text(
        "[checking]\ntimeout=20\nmaxrequestspersecond=1000\n[filtering]\nignorewarnings=\n[AnchorCheck]\n",
        encoding="utf-8",
    )
    server, url = serve(built_site)
    # Its own session, so that a stuck run can be ended with everything it started.
    checker = subprocess.Popen(
        [sys.executable, "-m", "linkcheck", "--config", str(config), "--no-status", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = checker.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        os.killpg(checker.pid, signal.SIGKILL)
        pytest.fail("LinkChecker did not finish within 15 minutes")
    finally:
        server.shutdown()
    result = subprocess.CompletedProcess(checker.args, checker.returncode, output)
    summary = result.stdout.splitlines()[-3:]
    assert result.returncode == 0, result.stdout[-5000:]
    assert any("0 warnings found. 0 errors found." in line for line in summary), summary
