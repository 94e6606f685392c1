#!/usr/bin/env python3
"""Build-speed benchmark: Opsbook's documented build against plain Material's floor, in the same run.

    python bench/bench.py --sizes 250,500,1000,2000 --json results.json

For each size N it writes N synthetic, cross-referenced entries (strategies and
evidence, every field filled) into a temporary copy of the handbook and builds
it with `opsbook build`; then it writes the same N entries as plain Markdown
pages into a plain Material site with the same theme features, Markdown
extensions and search settings, no Opsbook code and a short navigation, and
builds that with `mkdocs build`. Each build runs --runs times (default 3);
the medians are reported, with peak memory of the build process, site and
search-index sizes and the `opsbook validate` time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from opsbook.core.layout import HANDBOOK_FILES
from opsbook.kinds import all_kinds

ROOT = Path(__file__).resolve().parent.parent
HANDBOOK = HANDBOOK_FILES
BIN = Path(sys.executable).parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", OPSBOOK_TODAY="2026-11-24")

WORDS = [
    "price",
    "shopper",
    "store",
    "proof",
    "brand",
    "campaign",
    "review",
    "rating",
    "delivery",
    "service",
    "margin",
    "volume",
    "supplier",
    "batch",
    "contract",
    "customs",
    "invoice",
    "watermark",
    "banner",
    "traffic",
    "conversion",
    "discount",
    "season",
    "stock",
    "quality",
    "return",
    "promise",
    "evidence",
    "doubt",
    "story",
    "value",
    "platform",
    "category",
    "listing",
    "detail",
    "page",
    "image",
    "click",
    "sale",
    "order",
    "customer",
    "repeat",
    "trust",
    "genuine",
    "import",
    "warranty",
]
CHINESE = ["授权书", "报关单", "购销合同", "水印", "小二", "主会场", "店铺动态评分", "双十一", "性价比"]
DOUBTS = ["counterfeit", "defective", "refurbished", "old-stock", "grey-import", "too-cheap-to-be-good"]
POSITIONS = ["above", "level", "below", "any"]
# A rule of the shipped handbook that strategies cite (by id; plain Material shows its title).
RULE, RULE_TITLE = "adlaw-art-9-3", "Advertising Law, Art. 9(3)"


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    if rng.random() < 0.3:
        text += f" ({rng.choice(CHINESE)})"
    return text.capitalize() + "."


def paragraph(rng, sentences: int = 4) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def text_block(rng, paragraphs: int = 2) -> str:
    return "\n\n".join(paragraph(rng) for _ in range(paragraphs)) + "\n"


def synthetic_entries(n: int, seed: int = 7) -> list[tuple[str, dict]]:
    """N entries, 60% strategies and 40% evidence; each strategy relies on two or three evidence entries."""
    rng = random.Random(seed)
    evidence_count = max(1, n * 2 // 5)
    entries = []
    for i in range(evidence_count):
        entries.append(
            (
                "evidence",
                {
                    "id": f"bench-proof-{i}",
                    "title": f"Proof {i}: {sentence(rng, 4)[:-1]}",
                    "chinese": rng.choice(CHINESE),
                    "summary": sentence(rng),
                    "owner": "Supply manager",
                    "reviewed": "2026-11-01",
                    "tags": rng.sample(["documents", "trust", "import", "low price", "premium"], 2),
                    "removes_doubts": rng.sample(DOUBTS, 2),
                    "how_to_obtain": text_block(rng),
                    "how_to_present": text_block(rng),
                    "pitfalls": [sentence(rng) for _ in range(3)],
                },
            )
        )
    for i in range(n - evidence_count):
        proofs = rng.sample(range(evidence_count), min(evidence_count, rng.choice([2, 3])))
        entries.append(
            (
                "strategies",
                {
                    "id": f"bench-play-{i}",
                    "title": f"Play {i}: {sentence(rng, 5)[:-1]}",
                    "summary": sentence(rng),
                    "owner": "Pricing lead",
                    "reviewed": "2026-11-01",
                    "tags": rng.sample(["low price", "premium", "campaigns", "trust", "service"], 2),
                    "price_position": rng.choice(POSITIONS),
                    "when_to_use": text_block(rng),
                    "steps": [sentence(rng) for _ in range(5)],
                    "do_not": [sentence(rng) for _ in range(3)],
                    "evidence": [{"evidence": f"bench-proof-{p}", "proves": sentence(rng)} for p in proofs],
                    "examples": [{"title": sentence(rng, 5)[:-1], "story": text_block(rng, 2)}],
                    "metrics": [
                        {"name": rng.choice(["CTR", "DSR", "Conversion rate", "GMV"]), "why": sentence(rng)}
                        for _ in range(3)
                    ],
                    "compliance": [{"rule": RULE, "forbids": sentence(rng)}],
                    "self_check": [
                        {"question": sentence(rng, 10)[:-1] + "?", "answer": paragraph(rng, 2)} for _ in range(2)
                    ],
                },
            )
        )
    return entries


def write_opsbook_site(folder: Path, entries) -> None:
    for name in HANDBOOK:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    for folder_name, entry in entries:
        kind = "strategy" if folder_name == "strategies" else "evidence"
        header = f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
        text = header + yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
        (folder / "playbooks" / folder_name / f"{entry['id']}.yaml").write_text(text, encoding="utf-8")


def markdown_page(folder_name: str, entry: dict) -> str:
    """The entry as a person would write it by hand in plain Markdown."""
    lines = [
        "---",
        yaml.safe_dump({"title": entry["title"], "tags": entry["tags"]}, allow_unicode=True).strip(),
        "---",
        "",
        f"# {entry['title']}",
        "",
        entry["summary"],
        "",
        f"Owner: {entry['owner']} · reviewed {entry['reviewed']}",
        "",
    ]

    def section(heading, body):
        lines.extend([f"## {heading}", "", body.strip(), ""])

    def bullets(items, marker="-"):
        return "\n".join(f"{marker} {item}" for item in items)

    if folder_name == "evidence":
        section("Removes the doubts", ", ".join(entry["removes_doubts"]))
        section("How to obtain it", entry["how_to_obtain"])
        section("How to present it", entry["how_to_present"])
        section("Pitfalls", bullets(entry["pitfalls"]))
    else:
        section("When to use it", entry["when_to_use"])
        section("Steps", bullets(entry["steps"], "1."))
        section("Do not", bullets(entry["do_not"]))
        section(
            "Evidence it needs",
            bullets(f"[{n['evidence']}](../evidence/{n['evidence']}.md): {n['proves']}" for n in entry["evidence"]),
        )
        section("Worked examples", "\n\n".join(f"### {e['title']}\n\n{e['story']}" for e in entry["examples"]))
        section(
            "Metrics to watch",
            "| Metric | What it tells you |\n| --- | --- |\n"
            + "\n".join(f"| {m['name']} | {m['why']} |" for m in entry["metrics"]),
        )
        section("Compliance", bullets(f"**{RULE_TITLE}** forbids: {c['forbids']}" for c in entry["compliance"]))
        section(
            "Check yourself",
            "\n\n".join(f'??? question "{q["question"]}"\n\n    {q["answer"]}' for q in entry["self_check"]),
        )
    return "\n".join(lines)


class _ConfigDumper(yaml.SafeDumper):
    """Writes functions named in mkdocs.yml (e.g. superfences' fence formats) back as !!python/name."""


_ConfigDumper.add_multi_representer(
    type(len),
    lambda dumper, f: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{f.__module__}.{f.__name__}", ""),
)
_ConfigDumper.add_multi_representer(
    type(lambda: 0),
    lambda dumper, f: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{f.__module__}.{f.__name__}", ""),
)


def write_floor_site(folder: Path, entries) -> None:
    """Plain Material: the handbook's theme and search settings, no Opsbook plugin, macros or generated pages."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)  # MkDocs' own loader: it understands the !!python tags
    plugins = config["plugins"]
    config["plugins"] = [p for p in plugins if not (isinstance(p, dict) and {"macros", "opsbook"} & set(p))]
    # The same short navigation as the handbook's, over plain pages: the plugin adds each kind's index
    # page after `kinds_after`, so the floor lists them there too.
    after = next(p["opsbook"].get("kinds_after") for p in plugins if isinstance(p, dict) and "opsbook" in p)
    at = next(i + 1 for i, item in enumerate(config["nav"]) if after in _nav_files(item))
    config["nav"][at:at] = [{kind.plural: f"{kind.folder}/index.md"} for kind in all_kinds()]
    nav_pages = [page for item in config["nav"] for page in _nav_files(item)]
    config["not_in_nav"] = "/strategies/bench-*\n/evidence/bench-*\n"
    config.pop("watch", None)
    # Written last, so the toc entry with its slug function can be appended as text.
    config["markdown_extensions"] = [
        e for e in config.pop("markdown_extensions") if not (isinstance(e, dict) and "toc" in e)
    ]
    text = yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)
    text += (
        "- toc:\n    permalink: true\n    slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        "      kwds:\n        case: lower\n"
    )
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    docs = folder / "docs"
    (docs / "strategies").mkdir(parents=True)
    (docs / "evidence").mkdir()
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    shutil.copytree(ROOT / "overrides", folder / "overrides")  # theme templates: part of the look, not of Opsbook
    for page in nav_pages:
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text(f"# {page}\n\nEntries are reached through search and tags.\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    for folder_name, entry in entries:
        (docs / folder_name / f"{entry['id']}.md").write_text(markdown_page(folder_name, entry), encoding="utf-8")


def _nav_files(item):
    value = next(iter(item.values())) if isinstance(item, dict) else item
    if isinstance(value, list):
        return [page for child in value for page in _nav_files(child)]
    return [value]


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of the command and everything it started."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build failed in {cwd}:\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def measure(n: int, runs: int, work: Path) -> dict:
    entries = synthetic_entries(n)
    ours, floor = work / f"opsbook-{n}", work / f"floor-{n}"
    ours.mkdir()
    floor.mkdir()
    write_opsbook_site(ours, entries)
    write_floor_site(floor, entries)
    build = [str(BIN / "opsbook"), "build"]
    plain = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    results = {"ours": [], "floor": [], "validate": []}
    for _ in range(runs):  # interleaved, so both see the same machine load
        results["ours"].append(timed(build, ours))
        results["floor"].append(timed(plain, floor))
        results["validate"].append(timed([str(BIN / "opsbook"), "validate"], ours))
    build_s = statistics.median(s for s, _ in results["ours"])
    floor_s = statistics.median(s for s, _ in results["floor"])
    index_kb = (ours / "site/search/search_index.json").stat().st_size / 1024
    return {
        "n": n,
        "build_s": round(build_s, 2),
        "floor_s": round(floor_s, 2),
        "ratio": round(build_s / floor_s, 3),
        "site_mb": round(size_mb(ours / "site"), 1),
        "floor_site_mb": round(size_mb(floor / "site"), 1),
        "search_index_kb": round(index_kb),
        "search_index_kb_per_entry": round(index_kb / n, 2),
        "validate_s": round(statistics.median(s for s, _ in results["validate"]), 2),
        "peak_rss_mb": round(max(mb for _, mb in results["ours"])),
        "floor_peak_rss_mb": round(max(mb for _, mb in results["floor"])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,500,1000,2000", help="comma-separated entry counts")
    parser.add_argument("--runs", type=int, default=3, help="builds per size and site (median reported)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="opsbook-bench-") as work:
        for n in sizes:
            rows.append(measure(n, args.runs, Path(work)))
            print_table(rows[-1:], header=len(rows) == 1)
    if len(rows) > 1:
        largest, half = rows[-1], next((r for r in rows if r["n"] * 2 == rows[-1]["n"]), None)
        if half:
            print(f"growth {half['n']} -> {largest['n']}: build time x{largest['build_s'] / half['build_s']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def print_table(rows, header: bool) -> None:
    columns = [
        "n",
        "build_s",
        "floor_s",
        "ratio",
        "site_mb",
        "floor_site_mb",
        "search_index_kb",
        "validate_s",
        "peak_rss_mb",
    ]
    if header:
        print(" ".join(f"{c:>15}" for c in columns))
    for row in rows:
        print(" ".join(f"{row[c]:>15}" for c in columns), flush=True)


if __name__ == "__main__":
    main()
