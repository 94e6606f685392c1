"""`mkdocs serve` as a maintainer uses it: edits appear, a broken edit keeps the last good page."""

import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from .test_validate import STRATEGY, edit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, folder):
        self.port = free_port()
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
            return response.read().decode("utf-8")

    def wait_for(self, check, what: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if check():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"timed out waiting for {what}; server said:\n{''.join(self.lines)}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def server(handbook):
    running = Server(handbook)
    yield running
    running.stop()


def test_edits_show_broken_edits_keep_the_last_good_page(handbook, server):
    entry = "strategies/prove-a-low-price/"
    server.wait_for(lambda: "Prove the goods are genuine" in server.get(entry), "the first build")

    edit(handbook, STRATEGY, "Prove the goods are genuine", "Prove the goods are real")
    server.wait_for(lambda: "Prove the goods are real" in server.get(entry), "the edit to appear")

    edit(handbook, STRATEGY, "\nevidence:\n", "\nevidnce:\n")
    server.wait_for(lambda: any("evidnce: there is no field called" in line for line in server.lines),
                    "the error in the terminal")
    assert "Prove the goods are real" in server.get(entry)  # the last good version is still served
    assert not any("Traceback" in line for line in server.lines)

    edit(handbook, STRATEGY, "\nevidnce:\n", "\nevidence:\n")
    edit(handbook, STRATEGY, "Prove the goods are real", "Prove the goods are authentic")
    server.wait_for(lambda: "Prove the goods are authentic" in server.get(entry), "recovery without a restart")
    assert server.process.poll() is None
