"""A real Chromium (Debian's, driven by Playwright) against the built site served on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin

import pytest

# Debian's Chromium here; Chrome on hosted CI runners (dev.py installs Chromium when neither is there).
CHROMIUM = next(
    (path for name in ("chromium", "chromium-browser", "google-chrome") if (path := shutil.which(name))),
    "/usr/bin/chromium",
)
# Chromium's own background traffic would be refused by the closed network here; none of it is needed.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def require(present: bool, what: str) -> None:
    """Missing tools fail the run under CI (python3 dev.py test installs them); elsewhere they skip, saying why."""
    if not present:
        message = f"{what} is missing; `python3 dev.py test` installs it"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # LinkChecker waits 0.1-0.6 s between requests to a host unless the host answers with this
        # header; then it keeps to its `maxrequestspersecond` (tests/test_html_links.py).
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def search(page, query: str) -> list[str]:
    """Type into Material's search box as a reader does; the result links, as absolute URLs."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup; CJK input methods send none of their own
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    links = page.locator(".md-search-result__item a.md-search-result__link")
    return [urljoin(page.url, href) for href in links.evaluate_all("els => els.map(e => e.getAttribute('href'))")]


def heading(page) -> str:
    return page.locator("article h1").first.inner_text().strip()


@pytest.fixture(scope="session")
def site_url(built_site):
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists(), "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every request it makes and every error it meets."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requests, tab.errors = [], []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()
