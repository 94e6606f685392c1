"""Editors agree with the validator: yaml-language-server, the engine of VS Code's YAML extension,
spoken to over its language-server protocol as VS Code speaks to it, with the committed schemas.

One server process serves the whole module, in a copy of the handbook. Each case saves a shipped
playbook with one edit as a new entry, opens it in the server, and compares the lines the editor
marks with the lines the validator reports for the same file.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from itertools import count
from pathlib import Path

import pytest

from opsbook.core import validate
from opsbook.core.schema import DATE_MESSAGE

from .browser.conftest import require
from .conftest import ROOT, TODAY, copy_handbook

SERVER = ROOT / "tools/node_modules/yaml-language-server/bin/yaml-language-server"
STRATEGY = "playbooks/strategies/prove-a-low-price.yaml"
WAIT = 120  # seconds; only so that a server that never answers fails the test instead of hanging it


class LanguageServer:
    """A language-server client: JSON-RPC messages framed by Content-Length headers on stdin/stdout."""

    def __init__(self, command: list[str], workspace: Path, settings: dict):
        self.settings = settings
        self.stderr = (workspace.parent / "server-stderr.txt").open("w+b")
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr)
        self.inbox: queue.Queue = queue.Queue()
        self.diagnostics: dict[str, list] = {}  # uri -> the diagnostics of each publication, in order
        self.ids = count(1)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not line:
                self.inbox.put(None)  # the server ended
                return
            self.inbox.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict):
        number = next(self.ids)
        self.send({"id": number, "method": method, "params": params})
        answer = self.until(lambda message: message.get("id") == number and "method" not in message)
        assert "error" not in answer, answer["error"]
        return answer["result"]

    def published(self, uri: str) -> list:
        """The first diagnostics the server publishes for `uri` (each case opens a new one)."""
        self.until(
            lambda message: (
                message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri
            )
        )
        return self.diagnostics[uri][0]

    def until(self, wanted) -> dict:
        while True:
            try:
                message = self.inbox.get(timeout=WAIT)
            except queue.Empty:
                pytest.fail(f"yaml-language-server sent nothing for {WAIT} s; {self._log()}")
            if message is None:
                pytest.fail(f"yaml-language-server ended; {self._log()}")
            self._handle(message)
            if wanted(message):
                return message

    def _handle(self, message: dict) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            self.diagnostics.setdefault(message["params"]["uri"], []).append(message["params"]["diagnostics"])
        elif method == "workspace/configuration":  # the settings VS Code would give, section by section
            sections = [item.get("section") for item in message["params"]["items"]]
            self.send({"id": message["id"], "result": [self.settings.get(section, {}) for section in sections]})
        elif method and "id" in message:  # other requests (registrations, progress): accept
            self.send({"id": message["id"], "result": None})

    def _log(self) -> str:
        self.stderr.seek(0)
        return "its error output ends: " + self.stderr.read()[-2000:].decode("utf-8", "replace")

    def stop(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.stderr.close()


def vscode_settings() -> dict:
    """The workspace's .vscode/settings.json as VS Code hands it to the YAML extension: by section."""
    flat = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    yaml = {key.removeprefix("yaml."): value for key, value in flat.items() if key.startswith("yaml.")}
    yaml["schemaStore"] = {"enable": False}  # no network here; playbooks name their own schemas
    return {"yaml": yaml, "[yaml]": flat.get("[yaml]", {})}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A copy of the handbook, VS Code settings included: the folder an editor would open."""
    folder = tmp_path_factory.mktemp("editor") / "handbook"
    folder.mkdir()
    copy_handbook(folder)
    assert (folder / ".vscode/settings.json").is_file()  # part of the handbook's layout
    return folder


@pytest.fixture(scope="module")
def server(workspace):
    node = shutil.which("node")
    require(node is not None, "Node.js")
    require(SERVER.is_file(), f"yaml-language-server ({SERVER.relative_to(ROOT)})")
    client = LanguageServer([node, str(SERVER), "--stdio"], workspace, vscode_settings())
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": workspace.as_uri(),
            "workspaceFolders": [{"uri": workspace.as_uri(), "name": "handbook"}],
            "capabilities": {
                "workspace": {"configuration": True, "workspaceFolders": True},
                "textDocument": {"publishDiagnostics": {}, "completion": {"completionItem": {}}},
            },
        },
    )
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": client.settings})
    client.until(lambda message: message.get("method") == "workspace/configuration")
    yield client
    client.stop()


names = count(1)


def open_document(server: LanguageServer, path: Path, text: str) -> str:
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": text}},
    )
    return path.as_uri()


def edited(workspace: Path, old: str, new: str, relative: str = STRATEGY) -> tuple[Path, str]:
    """A shipped playbook with one edit, saved as a new entry (new id, new file) in the workspace."""
    shipped = (ROOT / relative).read_text(encoding="utf-8")
    stem = Path(relative).stem
    new_id = f"{stem}-{next(names)}"
    assert f"\nid: {stem}\n" in shipped and old in shipped
    text = shipped.replace(f"\nid: {stem}\n", f"\nid: {new_id}\n", 1).replace(old, new, 1)
    path = (workspace / relative).with_name(f"{new_id}.yaml")
    path.write_text(text, encoding="utf-8")
    return path, text


def validator_lines(workspace: Path, path: Path) -> list[int]:
    """The lines `opsbook validate` reports in the file; the file is removed afterwards."""
    try:
        _handbook, problems = validate.load(workspace / "playbooks", TODAY)
        return sorted(p.line for p in problems if Path(p.path).resolve() == path.resolve())
    finally:
        path.unlink()


def marked_lines(diagnostics: list) -> list[int]:
    return sorted(d["range"]["start"]["line"] + 1 for d in diagnostics)


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def evidence_ids() -> list[str]:
    return sorted(path.stem for path in (ROOT / "playbooks/evidence").glob("*.yaml") if "." not in path.stem)


def test_every_shipped_playbook_gets_no_diagnostics(server, workspace):
    files = sorted(p for p in (workspace / "playbooks").glob("*/*.yaml") if "." not in p.stem)
    files += sorted((workspace / "playbooks").glob("evidence/*.zh-Hans.yaml"))  # translations: their own schema
    assert len(files) >= 30
    uris = {open_document(server, path, path.read_text(encoding="utf-8")): path.name for path in files}
    marked = {name: server.published(uri) for uri, name in uris.items()}
    assert {name: found for name, found in marked.items() if found} == {}


@pytest.mark.parametrize(
    "wrong",
    ["customs-declaraton-form", "prove-a-low-price", "Customs-Declaration-Form"],
    ids=["misspelt", "a strategy's id", "capitals"],
)
def test_a_wrong_evidence_id_is_marked_at_its_line_with_the_ids_that_exist(server, workspace, wrong):
    path, text = edited(workspace, "evidence: customs-declaration-form", f"evidence: {wrong}")
    diagnostics = server.published(open_document(server, path, text))
    line = line_of(text, f"  - evidence: {wrong}")
    assert marked_lines(diagnostics) == [line] == validator_lines(workspace, path)
    assert all(f'"{entry_id}"' in diagnostics[0]["message"] for entry_id in evidence_ids()), diagnostics


@pytest.mark.parametrize("day", ["2026-11-31", "2026-02-30", "2026-04-31", "2026-13-01", "26-11-01"])
def test_a_date_that_does_not_exist_is_marked_at_its_line(server, workspace, day):
    path, text = edited(workspace, "reviewed: 2026-11-01", f"reviewed: {day}")
    diagnostics = server.published(open_document(server, path, text))
    assert marked_lines(diagnostics) == [line_of(text, f"reviewed: {day}")] == validator_lines(workspace, path)
    assert diagnostics[0]["message"] == DATE_MESSAGE


@pytest.mark.parametrize("value", ["No", "yes", "on", "OFF"])
def test_yaml_1_1_booleans_are_text_in_the_editor_as_in_the_validator(server, workspace, value):
    path, text = edited(workspace, "owner: Pricing lead", f"owner: {value}")
    assert server.published(open_document(server, path, text)) == []
    assert validator_lines(workspace, path) == []


def test_a_playbook_without_its_schema_line_is_checked_through_the_vscode_settings(server, workspace):
    path, text = edited(workspace, "evidence: low-price-reason", "evidence: low-price")
    text = text.split("\n", 1)[1]  # VS Code finds the schema by the file's folder (.vscode/settings.json)
    diagnostics = server.published(open_document(server, path, text))
    path.unlink()
    assert marked_lines(diagnostics) == [line_of(text, "  - evidence: low-price")]


def test_a_translation_is_checked_against_its_schema(server, workspace):
    relative = "playbooks/evidence/customs-declaration-form.zh-Hans.yaml"
    text = (ROOT / relative).read_text(encoding="utf-8") + "removes_doubts: [counterfeit]\n"
    path = (workspace / relative).with_name("edited.zh-Hans.yaml")  # a document not opened before
    diagnostics = server.published(open_document(server, path, text))
    assert marked_lines(diagnostics) == [line_of(text, "removes_doubts: [counterfeit]")]


def test_completion_at_an_evidence_id_offers_the_ids_that_exist(server, workspace):
    path, text = edited(workspace, "evidence: customs-declaration-form", "evidence: ")
    uri = open_document(server, path, text)
    server.published(uri)
    path.unlink()
    position = {"line": line_of(text, "  - evidence: ") - 1, "character": len("  - evidence: ")}
    found = server.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": position})
    items = found["items"] if isinstance(found, dict) else found
    assert sorted(item["label"] for item in items) == evidence_ids()
