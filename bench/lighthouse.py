#!/usr/bin/env python3
"""Readers' speed: Lighthouse (mobile, default throttling) over one page of every page type, both editions.

    python bench/lighthouse.py [--pages home,strategy] [--json results.json]

Builds the shipped handbook (`opsbook build`) and, as the baseline for each edition, a plain
Material site with the same pages' content (see `build_plain_material`), serves them on localhost,
compressing text with gzip as a web host does, and runs Lighthouse 13 (pinned in tools/package.json;
`python3 dev.py` installs it) with the system's Chromium on the same page of both. Reports the
performance, accessibility, best-practices and SEO scores, bytes transferred (and, in the JSON,
the five largest transfers), time to interactive, and the weight of Opsbook's page over plain
Material's. Scores are reported, not asserted: Lighthouse's
simulated throttling still depends on this machine. Targets (issue 14): performance >= 0.95,
accessibility = 1.00, and a page without a diagram at most 1.10 times plain Material's same page.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from bench import ROOT  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), "")
PAGE_TYPES = {
    "home": "",
    "learning path": "learning-path/",
    "module": "learning-path/when-you-cost-less/",
    "progress": "progress/",
    "decision guide": "decision-guide/",
    "rules": "compliance/",
    "rule": "rules/aucl-art-9/",
    "strategy": "strategies/prove-a-low-price/",
    "evidence": "evidence/customs-declaration-form/",
    "glossary term": "glossary/dsr/",
    "kind index": "strategies/",
    "editor guide": "editors/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class _Host(SimpleHTTPRequestHandler):
    """A static host as sites are served (GitHub Pages, a web server): text compressed with gzip."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in _TEXT or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


_TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://localhost:{server.server_address[1]}/"


def build_handbook(target: Path) -> Path:
    command = [sys.executable, "-m", "opsbook", "build", "--site-dir", str(target)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return target


def build_plain_material(handbook: Path, folder: Path, edition: str, language: str) -> Path:
    """Plain Material (no overrides, no extra scripts, only its search plugin) with the same content as
    one edition of the handbook: each built page's article, as HTML in a Markdown page. The two sites'
    pages then carry the same text and search index, and the difference in weight is Opsbook's own."""
    docs = folder / "docs"
    for built in (handbook / edition).rglob("*.html"):
        path = built.relative_to(handbook / edition)
        if path.parts[0] in ("admin", "zh", "assets") or "md-content__inner" not in (html := built.read_text("utf-8")):
            continue
        title = re.search(r"<title>(.*?)( - [^<]*)?</title>", html, re.S).group(1)
        article = html.split('<article class="md-content__inner md-typeset">', 1)[1].rsplit("</article>", 1)[0]
        article = re.sub(r'<a [^>]*class="md-content__button md-icon"[^>]*>.*?</a>', "", article, flags=re.S)
        page = docs / path.with_suffix(".md")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'---\ntitle: {json.dumps(title)}\n---\n\n<div markdown="0">{article}</div>\n', "utf-8")
    config = {
        "site_name": "Plain Material",
        "theme": {"name": "material", "language": language, "font": False, "features": ["search.highlight"]},
        "plugins": ["search"],
        "markdown_extensions": ["md_in_html"],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    subprocess.run(command, cwd=folder, check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return folder / "site"


def lighthouse(url: str, work: Path) -> dict:
    report = work / "report.json"
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    subprocess.run(command, check=True, env=dict(os.environ, CHROME_PATH=CHROMIUM))
    found = json.loads(report.read_text(encoding="utf-8"))
    audits = found["audits"]
    return {
        **{name: found["categories"][name]["score"] for name in CATEGORIES},
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "interactive_s": round(audits["interactive"]["numericValue"] / 1000, 2),
        "largest": [  # what the bytes are: the five largest transfers
            {"url": item["url"].split("/", 3)[-1], "bytes": item["transferSize"]}
            for item in sorted(audits["network-requests"]["details"]["items"], key=lambda i: -i["transferSize"])[:5]
        ],
        "failed_audits": sorted(
            key
            for key, audit in audits.items()
            if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", help="comma-separated page types (default: all): " + ", ".join(PAGE_TYPES))
    parser.add_argument("--editions", default="en,zh", help="en, zh or both (default)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file() or not CHROMIUM:
        sys.exit("Lighthouse (tools/node_modules) or Chromium is missing: run `python3 dev.py test` once first")
    types = args.pages.split(",") if args.pages else list(PAGE_TYPES)
    editions = {"en": ("", "en"), "zh": ("zh/", "zh")}  # folder in the site, Material's language
    rows = []
    with tempfile.TemporaryDirectory(prefix="opsbook-lighthouse-") as work:
        work = Path(work)
        handbook = build_handbook(work / "handbook")
        handbook_server, handbook_url = serve(handbook)
        print_row(None)
        for edition in args.editions.split(","):
            folder, language = editions[edition]
            plain_server, plain_url = serve(build_plain_material(handbook, work / f"plain-{edition}", folder, language))
            for name in types:
                ours = lighthouse(handbook_url + folder + PAGE_TYPES[name], work)
                plain = lighthouse(plain_url + PAGE_TYPES[name], work)
                rows.append({"edition": edition, "page": name, "opsbook": ours, "plain Material": plain})
                print_row(rows[-1])
            plain_server.shutdown()
        handbook_server.shutdown()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def print_row(row: dict | None) -> None:
    if row is None:
        print(f"{'page':<22} perf  a11y  best  seo    KB  TTI s   plain: perf  a11y    KB  weight  failed audits")
        return
    ours, plain = row["opsbook"], row["plain Material"]
    scores = "  ".join(f"{ours[name]:.2f}" for name in CATEGORIES)
    failed = ", ".join(ours["failed_audits"]) or "-"
    print(
        f"{row['edition'] + ' ' + row['page']:<22} {scores} {ours['bytes'] / 1024:5.0f} {ours['interactive_s']:6.1f}"
        f"   {plain['performance']:11.2f}  {plain['accessibility']:.2f} {plain['bytes'] / 1024:5.0f}"
        f"  {ours['bytes'] / plain['bytes']:6.2f}  {failed}"
    )


if __name__ == "__main__":
    main()
