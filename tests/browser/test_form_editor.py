"""The form editor (admin/, Decap CMS) as an operations lead uses it, against the local backend.

decap-server writes to a copy of the handbook; the site is built from that copy and served on
localhost (the CMS only looks for its local backend there). The files the forms write must pass
`opsbook validate` unchanged, build, and keep typed HTML and template code inert.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time

import pytest
import yaml

from ..conftest import ROOT, copy_handbook, free_port, mkdocs_build, opsbook, text_of
from ..conftest import page as built_page
from .conftest import require, serve

SERVER = ROOT / "tools" / "node_modules" / "decap-server" / "dist" / "index.js"
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
HOSTILE = "Supplier invoice <img src=x onerror=alert(1)> {{ config }}"


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(handbook folder, the admin page's URL, decap-server's port) with decap-server writing into that folder."""
    require(SERVER.is_file(), "decap-server (tools/node_modules)")
    folder = copy_handbook(tmp_path_factory.mktemp("edited"))
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.output
    port = free_port()
    settings = folder / "site/admin/config.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("localhost:8081", f"localhost:{port}"))
    environment = dict(os.environ, MODE="fs", GIT_REPO_DIRECTORY=str(folder), PORT=str(port))
    backend = subprocess.Popen(["node", str(SERVER)], env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(100):  # until it listens
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    server, url = serve(folder / "site")
    yield folder, url.replace("127.0.0.1", "localhost") + "admin/", port
    server.shutdown()
    backend.terminate()
    backend.wait(timeout=10)


def _open(page, url: str, path: str):
    page.goto(f"{url}#/{path}")
    login = page.get_by_role("button", name="Login")
    login.click()


def _publish(page):
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("menuitem", name="Publish now").click()


def _once_written(page, path, done) -> tuple[str, dict]:
    """The file's text and data once decap-server has written it: it writes in place, so a read can meet
    an empty or half-written file; the same text twice, 0.1 s apart, that parses and is `done`."""
    previous = None
    for _ in range(50):
        text = path.read_text(encoding="utf-8") if path.exists() else None
        if text and text == previous:
            with contextlib.suppress(yaml.YAMLError):
                data = yaml.safe_load(text)
                if isinstance(data, dict) and done(data):
                    return text, data
        previous = text
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was not written as the form left it:\n{previous}")


def test_a_new_evidence_entry_made_in_the_form_validates_builds_and_stays_text(page, editor):
    folder, url, _port = editor
    _open(page, url, "collections/evidence/new")
    page.wait_for_selector("#id-field-1")
    page.fill("#title-field-2", HOSTILE)
    page.fill("#summary-field-4", "The invoice from your supplier for this batch.")
    page.fill("#owner-field-5", "Supply manager")
    page.fill("#reviewed-field-6", "2026-11-20")

    # Mistakes editors make are caught before saving, in the form's own words.
    page.fill("#id-field-1", "Supplier Invoice")
    _publish(page)
    assert page.get_by_text("Rewrite the id in lowercase with hyphens").count()  # the catalogue's fix
    assert (
        page.get_by_text("Removes doubts is required.", exact=False).count()
        or page.locator("[class*=ErrorMessage]").count()
    )
    assert not (folder / "playbooks/evidence/supplier-invoice.yaml").exists()

    box = page.locator("#id-field-1")  # as an editor corrects it: select what is there and type over it
    box.click()
    box.press("Control+A")
    box.press_sequentially("supplier-invoice")
    page.click("#removes_doubts-field-11")
    page.keyboard.type("counterfeit")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")  # close the list of doubts
    page.fill("#how_to_obtain-field-12", "Ask the supplier for the invoice of this batch.")
    page.fill("#how_to_present-field-13", "Cover the prices and add your watermark.\n\nShow it **signed**.")
    page.get_by_role("button", name="Add pitfalls").click()
    page.locator("input[id^=item-field]").last.fill("An invoice for another product proves nothing.")
    _publish(page)
    written = folder / "playbooks/evidence/supplier-invoice.yaml"
    text, data = _once_written(page, written, lambda data: True)
    assert text.startswith("# yaml-language-server: $schema=../../schemas/evidence.schema.json\n")
    assert list(data)[:5] == ["id", "title", "summary", "owner", "reviewed"]  # the model's order
    assert "chinese" not in data and "tags" not in data  # empty optional fields left out
    assert data["removes_doubts"] == ["counterfeit"]

    result = opsbook("validate", cwd=folder)
    assert "supplier-invoice.yaml:3:1: title:" in result.output  # HTML and template code: said, not run
    assert "Traceback" not in result.output
    # Shown as typed (a strict build refuses the warning); built aside, the editor's site stays as it is.
    assert mkdocs_build(folder, "--site-dir", str(folder / "rebuilt")).returncode == 0
    html = built_page(folder / "rebuilt", "evidence/supplier-invoice")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE in text_of(html.split('<h1 id="supplier-invoice">')[1].split("</h1>")[0])
    written.unlink()  # the strict build of the next test must not meet the warning


def test_editing_a_strategys_steps_and_evidence_keeps_the_file_valid(page, editor):
    folder, url, _port = editor
    path = folder / "playbooks/strategies/compare-without-naming-rivals.yaml"
    before = path.read_text(encoding="utf-8")
    _open(page, url, "collections/strategy/entries/compare-without-naming-rivals")
    page.wait_for_selector("#id-field-1")
    old = "Decide the one difference that matters to the buyer, such as purity, thickness, battery life or fill weight."
    step = next(box for box in page.locator("input[id^=item-field]").all() if box.input_value() == old)
    step.click()
    step.press("Control+A")
    step.press_sequentially("Decide the one difference that matters most to the buyer.")
    page.get_by_role("button", name="Add evidence").click()
    page.locator("[id^=evidence-field]").last.click()
    page.keyboard.type("Customs")
    page.get_by_text("Customs declaration form (customs-declaration-form)").click()
    page.locator("input[id^=proves-field]").last.press_sequentially("That the jacket's down was imported as declared.")
    _publish(page)
    _, data = _once_written(page, path, lambda data: data.get("evidence"))
    assert data["steps"][0] == "Decide the one difference that matters most to the buyer."
    assert data["evidence"] == [
        {"evidence": "customs-declaration-form", "proves": "That the jacket's down was imported as declared."}
    ]
    result = opsbook("validate", cwd=folder)
    assert "compare-without-naming-rivals" not in result.output, result.output
    # Written in the file's own style: the lines that changed are the edit, not the whole file.
    after = path.read_text(encoding="utf-8")
    changed = set(after.splitlines()) - set(before.splitlines())
    assert len(changed) <= 4, changed  # the step, and `evidence:`'s item (two lines) replacing `[]`
    assert "tags: [comparison, content, compliance]" in after
    assert mkdocs_build(folder, "--strict", "--site-dir", str(folder / "strict")).returncode == 0
    html = built_page(folder / "strict", "strategies/compare-without-naming-rivals")
    assert "Decide the one difference that matters most to the buyer." in html
    assert 'href="../../evidence/customs-declaration-form/"' in html


def test_the_editor_loads_nothing_from_the_network_and_passes_axe(page, editor):
    require(AXE.is_file(), "axe-core (tools/node_modules)")
    _folder, url, port = editor
    _open(page, url, "collections/evidence")
    page.get_by_text("Customs declaration form").first.wait_for()
    hosts = {request.split("/")[2] for request in page.requests}
    assert hosts <= {url.split("/")[2], f"localhost:{port}"}, hosts
    listed = page.locator("a[href*='/entries/']").all_inner_texts()
    assert not any("报关单" in text for text in listed)  # translations have their own collection
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
    )
    found = {
        v["id"]: [(n["target"], n["any"] and n["any"][0]["message"][:160]) for n in v["nodes"]]
        for v in result["violations"]
    }
    assert found == {}
