"""`mkdocs serve` as a maintainer uses it: edits appear, a broken edit keeps the last good version
of its file with a banner naming the problem, the server never dies or hangs, and fixing recovers.

One server is shared by the tests of a broken edit; each test breaks one thing, checks, and fixes it.
"""

import html
import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import STRATEGY, copy_handbook, free_port, mkdocs_build, opsbook

ANSWER_WITHIN = 10  # seconds; a request waits while a rebuild runs, and forever if a rebuild is left failed


class Server:
    def __init__(self, folder):
        self.port = free_port()
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=ANSWER_WITHIN) as response:
            return response.read().decode("utf-8")

    def wait_for(self, check, what: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server ended:\n" + "".join(self.lines)
            try:
                if check():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"timed out waiting for {what}; server said:\n{''.join(self.lines)}")

    def stop(self):
        # Ctrl+C, as a maintainer stops it: MkDocs and the plugin then remove their temporary folders.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def banner(markup: str) -> str | None:
    """The text of the problems banner, or None when the page has none."""
    match = re.search(r'<div class="opsbook-problems" role="alert">(.*?)</div>', markup, re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match[1])).split()) if match else None


def change(path: Path, *edits: tuple[str, str]) -> None:
    """Replace each (old, new) in one write, so that no rebuild sees half of the change."""
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"{old!r} is not in {path}"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = copy_handbook(tmp_path_factory.mktemp("served"))
    server = Server(folder)
    server.wait_for(
        lambda: "Prove the goods are genuine" in server.get("strategies/prove-a-low-price/"), "the first build"
    )
    yield folder, server
    server.stop()


@pytest.fixture
def site(served):
    """The shared server; after each test every file is as shipped again and no page has a banner."""
    folder, server = served

    def watched():
        return [
            path
            for name in ("docs", "playbooks", "copy_rules", "mkdocs.yml")
            for path in [folder / name, *(folder / name).rglob("*")]
            if path.is_file()
        ]

    files = {path: path.read_bytes() for path in watched()}
    yield folder, server
    for path in watched():
        if path not in files:
            path.unlink()
    for path, content in files.items():
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
    server.wait_for(lambda: banner(server.get("")) is None, "the shipped handbook again")
    assert not any("Traceback" in line for line in server.lines), "".join(server.lines)


def answers_everywhere(server, *paths: str) -> dict[str, str]:
    """Every page answers at once (a stalled server would time out) and the server is still running."""
    pages = {path: server.get(path) for path in ("", "strategies/prove-a-low-price/", *paths)}
    assert server.process.poll() is None
    return pages


def test_jinja_typo_in_a_page_keeps_its_last_good_version(site):
    folder, server = site
    page = folder / "docs/index.md"
    change(page, ("Welcome. This handbook", "Welcome, colleague. This handbook"))
    server.wait_for(lambda: "Welcome, colleague." in server.get(""), "the valid edit")

    change(
        page,
        ("Welcome, colleague.", "Welcome, new colleague."),
        ("{{ entry_link('prove-a-low-price') }}", "{{ entry_link('prove-a-low-price') }"),
    )
    line = line_of(page, "entry_link('prove-a-low-price') }")
    problem = f"docs/index.md:{line}:1: template: unexpected '}}'"
    server.wait_for(lambda: problem in (banner(server.get("")) or ""), "the banner")

    pages = answers_everywhere(server)
    assert "This page shows the last good version of docs/index.md" in banner(pages[""])
    assert "Welcome, colleague." in pages[""] and "new colleague" not in pages[""]
    assert problem in banner(pages["strategies/prove-a-low-price/"])  # every page shows every problem
    assert "This page shows" not in banner(pages["strategies/prove-a-low-price/"])  # that page is as it was
    assert any(problem in line for line in server.lines)  # and the terminal too

    change(page, ("{{ entry_link('prove-a-low-price') }", "{{ entry_link('prove-a-low-price') }}"))
    server.wait_for(lambda: "Welcome, new colleague." in server.get(""), "recovery without a restart")
    assert banner(server.get("")) is None


def test_unknown_id_in_a_macro_call_is_named_at_its_line(site):
    folder, server = site
    page = folder / "docs/index.md"
    call = line_of(page, "entry_link('prove-a-low-price')")
    old, typo = "entry_link('prove-a-low-price')", "entry_link('prove-a-low-pricee')"
    change(page, ("Before any low-price event", "Before any cut-price event"), (old, typo))
    problem = re.compile(
        rf"docs/index\.md:{call}:\d+: entry_link: there is no entry with the id `prove-a-low-pricee`; "
        r"did you mean `prove-a-low-price`\?"
    )
    server.wait_for(lambda: problem.search(banner(server.get("")) or ""), "the banner")

    pages = answers_everywhere(server, "decision-guide/")
    assert "Before any low-price event" in pages[""] and "Before any cut-price event" not in pages[""]
    assert problem.search(banner(pages["decision-guide/"]))  # every page carries the banner

    change(page, (typo, old))
    server.wait_for(lambda: "Before any cut-price event" in server.get(""), "recovery without a restart")
    assert banner(server.get("")) is None


def test_deleting_an_entry_a_page_links_to(site):
    folder, server = site
    page = folder / "docs/index.md"
    # `sku`: a glossary term no other entry names (one that a module reads is kept while it does).
    change(page, ("Before any low-price event", "See {{ entry_link('sku') }}. Before any low-price event"))
    server.wait_for(lambda: 'href="glossary/sku/"' in server.get(""), "the new link")
    (folder / "playbooks/glossary/sku.yaml").unlink()
    call = line_of(page, "entry_link('sku')")
    problem = re.compile(rf"docs/index\.md:{call}:\d+: entry_link: there is no entry with the id `sku`")
    server.wait_for(lambda: problem.search(banner(server.get("")) or ""), "the banner")

    pages = answers_everywhere(server, "decision-guide/")
    assert 'href="glossary/sku/"' in pages[""]  # the last good version of the page
    # Its translation has no entry to translate now: said too, so that it is deleted with the entry.
    assert "sku.zh-Hans.yaml:1:1: (file): there is no entry `sku` in this folder" in banner(pages["decision-guide/"])


TEAM_RULE = (
    "rules:\n  - id: {id}\n    source: House style\n    explanation: {why}\n    applies_to: all\n"
    "    phrases: [amazing]\n    suggestion: Say what it does.\n"
)


def test_broken_copy_rules(site):
    folder, server = site
    rules = folder / "copy_rules/rules.yaml"  # the team's own rules, over the shipped ones
    rules.write_text(TEAM_RULE.format(id="No Hype", why="We do not shout."), encoding="utf-8")
    problem = f"copy_rules/rules.yaml:{line_of(rules, 'No Hype')}:"
    page_line = line_of(folder / "docs/copy-checker.md", "copy_rules()")
    server.wait_for(lambda: problem in (banner(server.get("copy-checker/")) or ""), "the banner")

    pages = answers_everywhere(server, "copy-checker/")
    text = banner(pages["copy-checker/"])
    assert "`No Hype` is not a valid id" in text
    assert f"docs/copy-checker.md:{page_line}:4: copy_rules: the copy rules have 1 problem(s)" in text
    assert "This page shows the last good version of docs/copy-checker.md" in text
    assert "Advertising Law Art. 9(3) forbids absolute terms." in pages["copy-checker/"]

    rules.write_text(TEAM_RULE.format(id="no-hype", why="We never shout."), encoding="utf-8")
    server.wait_for(lambda: "We never shout." in server.get("copy-checker/"), "recovery without a restart")
    assert banner(server.get("copy-checker/")) is None
    rules.unlink()


def test_broken_playbook_keeps_its_last_good_version_and_other_edits_show(site):
    folder, server = site
    strategy, term = folder / "playbooks" / STRATEGY, folder / "playbooks/glossary/dsr.yaml"
    change(strategy, ("Prove the goods are genuine", "Prove the goods are real"))
    server.wait_for(lambda: "Prove the goods are real" in server.get("strategies/prove-a-low-price/"), "the edit")

    change(strategy, ("\nevidence:\n", "\nevidnce:\n"), ("Prove the goods are real", "Prove the goods are authentic"))
    change(term, ("summary: Taobao's three store scores", "summary: Taobao's three store ratings"))
    problem = (
        f"playbooks/{STRATEGY}:{line_of(strategy, 'evidnce:')}:1: evidnce: there is no field called "
        "`evidnce`; did you mean `evidence`?"
    )
    server.wait_for(
        lambda: (
            problem in (banner(term_page := server.get("glossary/dsr/")) or "") and "three store ratings" in term_page
        ),
        "the banner and the other edit",
    )

    pages = answers_everywhere(server, "glossary/dsr/")
    entry = pages["strategies/prove-a-low-price/"]
    assert "Prove the goods are real" in entry and "authentic" not in entry  # the broken file's last good version
    assert f"This page shows the last good version of playbooks/{STRATEGY}" in banner(entry)
    assert "three store ratings" in pages["glossary/dsr/"]  # the valid edit of another file is served
    assert "This page shows the last good version" not in banner(pages["glossary/dsr/"])
    assert any("evidnce: there is no field called" in line for line in server.lines)

    change(strategy, ("\nevidnce:\n", "\nevidence:\n"))
    server.wait_for(
        lambda: "Prove the goods are authentic" in server.get("strategies/prove-a-low-price/"),
        "recovery without a restart",
    )
    assert banner(server.get("strategies/prove-a-low-price/")) is None


def test_a_rebuild_that_fails_for_another_reason_keeps_the_last_good_site(site):
    folder, server = site
    config = folder / "mkdocs.yml"
    shipped = config.read_text(encoding="utf-8")
    server.wait_for(lambda: "Prove the goods are genuine" in server.get("strategies/prove-a-low-price/"), "the site")
    before = answers_everywhere(server, "glossary/dsr/")
    config.write_text(shipped + "nav: [\n", encoding="utf-8")  # MkDocs cannot read its configuration
    server.wait_for(lambda: any("The site could not be rebuilt" in line for line in server.lines), "the failure")
    after = answers_everywhere(server, "glossary/dsr/")
    for path, page in after.items():  # the same pages, apart from live reload's script at the end
        assert page.rsplit("<script>", 1)[0] == before[path].rsplit("<script>", 1)[0], path

    config.write_text(shipped, encoding="utf-8")
    change(folder / "docs/index.md", ("Welcome. This handbook", "Welcome back. This handbook"))
    server.wait_for(lambda: "Welcome back." in server.get(""), "recovery without a restart")


# -- the same problems outside the server --------------------------------------------------


def test_validate_and_the_strict_build_name_the_page_and_line(handbook):
    editors = handbook / "docs/editors.md"
    editors.write_text(
        "---\ntitle: Editors\n---\n\n# Editors\n\nSee {{ entry_link('no-such-entry') }}.\n", encoding="utf-8"
    )  # line 7 of the file; line 3 after the front matter
    change(
        handbook / "docs/index.md", ("{{ entry_link('prove-a-low-price') }}", "{{ entry_link('prove-a-low-price') }")
    )
    unknown = "docs/editors.md:7:8: entry_link: there is no entry with the id `no-such-entry`"
    typo = (
        f"docs/index.md:{line_of(handbook / 'docs/index.md', 'check that the proof for')}:1: template: unexpected '}}'"
    )

    validate = opsbook("validate", cwd=handbook)
    assert validate.returncode == 1
    assert unknown in validate.output.splitlines() and typo in validate.output.splitlines()

    build = opsbook("build", cwd=handbook)
    assert build.returncode == 1 and "Traceback" not in build.output
    assert unknown in build.output and typo in build.output
    assert not (handbook / "site").exists()


def test_a_built_site_never_has_the_banner(handbook):
    # A problem that does not stop a plain build (strict builds fail on it); served, it shows in the banner.
    change(handbook / "playbooks" / STRATEGY, ("# yaml-language-server", "# yaml-language"))
    result = mkdocs_build(handbook)
    assert result.returncode == 0, result.output
    assert "the first line must be" in result.output
    pages = list((handbook / "site").rglob("*.html"))
    assert len(pages) > 30
    assert not any(
        "opsbook-problems" in page.read_text(encoding="utf-8") or "md-banner" in page.read_text(encoding="utf-8")
        for page in pages
    )


def test_chinese_edits_show_in_the_chinese_edition_and_a_broken_translation_keeps_its_last_good_version(site):
    folder, server = site
    translation = folder / "playbooks/evidence/customs-declaration-form.zh-Hans.yaml"
    hand_written = folder / "docs/index.zh-Hans.md"
    change(translation, ("title: 报关单", "title: 进口报关单"))
    change(hand_written, ("# Opsbook 运营手册", "# Opsbook 新人运营手册"))
    server.wait_for(
        lambda: (
            "进口报关单" in server.get("zh/evidence/customs-declaration-form/") and "新人运营手册" in server.get("zh/")
        ),
        "the Chinese edits",
    )
    assert "Customs declaration form" in server.get("evidence/customs-declaration-form/")  # English unchanged

    change(translation, ("title: 进口报关单", "title: 海关报关单\nremoves_doubts: [counterfeit]"))
    problem = "removes_doubts: `removes_doubts` is written once, in the entry's own file"
    server.wait_for(lambda: problem in (banner(server.get("zh/")) or ""), "the banner in the Chinese edition")
    pages = answers_everywhere(server, "zh/evidence/customs-declaration-form/")
    shown = pages["zh/evidence/customs-declaration-form/"]
    assert "进口报关单" in shown and "海关报关单" not in shown  # the translation's last good version
    assert problem in banner(pages[""])  # the English edition names the problem too

    change(translation, ("\nremoves_doubts: [counterfeit]", ""))
    server.wait_for(lambda: "海关报关单" in server.get("zh/evidence/customs-declaration-form/"), "recovery")
    assert banner(server.get("zh/evidence/customs-declaration-form/")) is None


def test_after_edits_the_served_pages_and_search_index_are_a_fresh_builds(site, tmp_path):
    """Serve keeps unchanged entry pages and search entries between rebuilds; what it serves after edits in
    both editions is still exactly what a fresh build of the same files makes."""
    folder, server = site
    change(folder / "playbooks" / STRATEGY, ("proves: The store is allowed", "proves: The shop is allowed"))
    change(folder / "playbooks/evidence/customs-declaration-form.zh-Hans.yaml", ("title: 报关单", "title: 进口报关单"))
    server.wait_for(
        lambda: (
            "The shop is allowed" in server.get("evidence/brand-authorisation-letter/")
            and "进口报关单" in server.get("zh/strategies/prove-a-low-price/")
        ),
        "both edits",
    )
    mkdocs_build(folder, "--site-dir", str(tmp_path / "fresh"))
    for edition in ("", "zh/"):
        served = json.loads(server.get(f"{edition}search/search_index.json"))
        fresh = json.loads((tmp_path / "fresh" / edition / "search/search_index.json").read_text(encoding="utf-8"))
        assert served == fresh
        assert any("The shop is allowed" in doc["text"] for doc in served["docs"]) == (edition == "")
    for page in ("evidence/brand-authorisation-letter/", "zh/strategies/prove-a-low-price/", "strategies/"):
        served = server.get(page)  # less what serve adds: its reload script, and its address as the canonical one
        served = re.sub(r"<script>[^<]*livereload\([^<]*</script>(?=</body>)", "", served)
        served = re.sub(r'<link rel="canonical" href="http://127\.0\.0\.1:[^"]*">', "", served)
        fresh = (tmp_path / "fresh" / page / "index.html").read_text(encoding="utf-8")
        assert _lines(served) == _lines(fresh)


def _lines(page_html: str) -> list[str]:
    return [line for line in page_html.splitlines() if line.strip()]  # the canonical link's block leaves blank lines
