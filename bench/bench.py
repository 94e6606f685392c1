#!/usr/bin/env python3
"""Build-speed benchmark: Opsbook's documented build against plain Material's floor, in the same run.

    python bench/bench.py --sizes 250,500,1000,2000 --json results.json
    python bench/bench.py --sizes 1000,2000,5000,10000 --runs 1 --no-floor

Both sides build the same content in both editions, English and Simplified Chinese.

For each size N it writes N synthetic, cross-referenced entries of every kind a team
grows, every field filled, into a temporary copy of the handbook: 45% strategies
(each relying on two or three evidence entries), 28% evidence, 25% glossary terms and
2% learning-path modules. Terms have unique Chinese forms of 3-5 characters of the
translations' words, and about one in ten is an abbreviation (three or four capitals,
with what it stands for); the other entries' English text mentions them (an
abbreviation among the words, a Chinese form in brackets after a sentence) and their
Chinese text too (one word in twenty), so that every page's hover-term matching
(site/abbreviations.py) does work that grows with pages x terms. Each module takes a step after the shipped ones,
reads five to eight strategies and evidence entries, names two to four terms and ends
with two exercises, one of them multiple choice. The model allows steps up to 99, so
from about 4,600 entries on the path is full and the modules it has no step for are
written as strategies instead (the JSON's `entries` counts each folder). The same N
and seed always give the same files.

Each entry has a Chinese translation `<id>.zh-Hans.yaml` beside it generated from the
entry: every text value becomes a seeded random run of common Chinese words and the
glossary's Chinese forms, with Chinese punctuation, as many characters long as the
English to within a word (paragraphs stay paragraphs), the values that name a list
item (evidence and rule ids) are kept, and `translates:` records the entry's current
version, so no translation is stale.
That handbook is built with `opsbook build`, which makes both editions (English
at the root, Chinese in site/zh/).

The floor is plain Material with the same theme features, Markdown extensions and
search settings, no Opsbook code and a short navigation of placeholder pages: the
N entries as hand-written Markdown pages in an English site (a term with its Chinese
form and definition; a module with what it teaches, its reading list and words as
links, its exercises as `??? question` blocks), and the same pages written from
their Chinese text in a second site (the same configuration with
`theme.language: zh`) built into the English site's site/zh/. One timed shell
command runs both `mkdocs build`s, one after the other. `--no-floor` builds only
Opsbook's site (the floor at 10,000 entries takes very long).

Each build runs --runs times (default 3); the medians are reported (ratio =
Opsbook's wall time / the floor's; cpu_ratio = the same for CPU seconds, user and
system, of every process: Opsbook builds its Chinese edition in a second process
while the English one builds, the floor one site after the other), with the peak
memory of the build (the PSS of all its processes together, sampled from /proc; for the
floor, the larger of its two builds), site sizes (both editions), the size of the
English search index (and, in the JSON, of the Chinese one) and the
`opsbook validate` time. Between consecutive sizes n1 < n2 it reports the growth
of each build time per doubling of N, (t2/t1) ** (log 2 / log(n2/n1)), so that
1000 -> 2000 and 2000 -> 5000 compare (printed at the end; in the JSON rows as
`build_growth_per_doubling` and `floor_growth_per_doubling`).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from opsbook.core import translation
from opsbook.core.layout import HANDBOOK_FILES
from opsbook.core.schema import translation_schema_line
from opsbook.kinds import all_kinds, by_folder

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
# The translations' text: common words of the same trade, and the Chinese terms above.
WORDS_ZH = [
    "价格",
    "买家",
    "店铺",
    "证据",
    "品牌",
    "活动",
    "评价",
    "评分",
    "物流",
    "服务",
    "利润",
    "销量",
    "供应商",
    "批次",
    "合同",
    "海关",
    "发票",
    "横幅",
    "流量",
    "转化率",
    "折扣",
    "季节",
    "库存",
    "质量",
    "退货",
    "承诺",
    "疑虑",
    "故事",
    "平台",
    "类目",
    "详情页",
    "图片",
    "点击",
    "订单",
    "顾客",
    "复购",
    "信任",
    "正品",
    "进口",
    "保修",
    "我们",
    "需要",
    "可以",
    "如果",
    "因为",
    "所以",
    "已经",
    "清楚",
    "真实",
    "的",
    "和",
    "在",
    "是",
    "要",
    "把",
    "让",
    "会",
]
CHINESE = ["授权书", "报关单", "购销合同", "水印", "小二", "主会场", "店铺动态评分", "双十一", "性价比"]
DOUBTS = ["counterfeit", "defective", "refurbished", "old-stock", "grey-import", "too-cheap-to-be-good"]
POSITIONS = ["above", "level", "below", "any"]
# A rule of the shipped handbook that strategies and terms cite (by id; plain Material shows its title).
RULE, RULE_TITLE = "adlaw-art-9-3", "Advertising Law, Art. 9(3)"
# Shares of N by folder; strategies take the rest (and any modules the path has no free step for).
SHARES = {"evidence": 0.28, "glossary": 0.25, "learning-path": 0.02}
# The synthetic terms' Chinese forms are made of these characters (syllables), not of whole words: the
# translations' text is made of the words, so forms made of them would turn up there by chance, in most
# word pairs at thousands of terms. These forms appear where the text mentions them.
SYLLABLES = sorted(set("".join(WORDS_ZH + CHINESE)))


class Prose:
    """Seeded English text whose sentences mention the glossary: its abbreviations and Chinese forms."""

    def __init__(self, rng: random.Random, chinese=CHINESE, abbreviations=()):
        self.rng, self.chinese, self.abbreviations = rng, list(chinese), list(abbreviations)

    def sentence(self, words: int = 14) -> str:
        chosen = [self.rng.choice(WORDS) for _ in range(words)]
        if self.abbreviations and self.rng.random() < 0.2:
            chosen[self.rng.randrange(words)] = self.rng.choice(self.abbreviations)
        text = " ".join(chosen)
        if self.rng.random() < 0.3:
            text += f" ({self.rng.choice(self.chinese)})"
        return text[0].upper() + text[1:] + "."  # not capitalize(): it would lower an abbreviation

    def paragraph(self, sentences: int = 4) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def block(self, paragraphs: int = 2) -> str:
        return "\n\n".join(self.paragraph() for _ in range(paragraphs)) + "\n"


def synthetic_entries(n: int, seed: int = 7) -> list[tuple[str, dict]]:
    """N entries (folder, data): 45% strategies, 28% evidence, 25% glossary terms, 2% learning-path modules.

    Terms come first, so that the other entries' text can mention them; each strategy relies on two or
    three evidence entries, each module reads five to eight strategies and evidence entries."""
    rng = random.Random(seed)
    # At least one of each, so that a small N (the tests') has every kind.
    evidence_count = max(1, round(n * SHARES["evidence"]))
    term_count = max(1, round(n * SHARES["glossary"]))
    steps = free_steps()
    module_count = min(max(1, round(n * SHARES["learning-path"])), len(steps))
    terms = _terms(rng, term_count)
    prose = Prose(
        rng,
        CHINESE + [t["chinese"] for t in terms],
        [t["title"] for t in terms if "stands_for" in t],
    )
    evidence = _evidence(prose, evidence_count)
    strategies = _strategies(prose, n - evidence_count - term_count - module_count, evidence_count)
    modules = _modules(prose, steps[:module_count], [e["id"] for e in strategies + evidence], [t["id"] for t in terms])
    return [
        *(("glossary", t) for t in terms),
        *(("evidence", e) for e in evidence),
        *(("learning-path", m) for m in modules),
        *(("strategies", s) for s in strategies),  # last, as before (tests/test_bench.py reads a strategy there)
    ]


def _shipped(folder: str) -> list[dict]:
    """The shipped handbook's entries of a folder (not their translations), which the synthetic ones join."""
    files = sorted((ROOT / "playbooks" / folder).glob("*.yaml"))
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files if p.name.count(".") == 1]


def free_steps() -> range:
    """The learning path's steps that no shipped module takes: after the last of them, up to the model's limit."""
    field = by_folder("learning-path").model.model_fields["step"]
    last_allowed = next(m.le for m in field.metadata if hasattr(m, "le"))
    return range(max(m["step"] for m in _shipped("learning-path")) + 1, last_allowed + 1)


def _terms(rng: random.Random, count: int) -> list[dict]:
    """Glossary terms with unique Chinese forms; about one in ten is an abbreviation such as "PSB"."""
    shipped = _shipped("glossary")
    forms = {t["chinese"] for t in shipped}
    abbreviations = {t["title"] for t in shipped}
    prose = Prose(rng)  # the terms' own text mentions the shipped Chinese terms only
    terms = []
    for i in range(count):
        term = {"id": f"bench-term-{i}", "title": f"Term {i}: {' '.join(rng.sample(WORDS, 2))}"}
        if rng.random() < 0.1:
            words = rng.sample(WORDS, rng.choice([3, 4]))
            title = "".join(w[0] for w in words).upper()  # the term's hover rule: 2-6 capital letters
            if title not in abbreviations:
                abbreviations.add(title)
                term.update(title=title, stands_for=" ".join(w.capitalize() for w in words))
        form = ""
        while not form or form in forms:
            form = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5)))
        forms.add(form)
        term.update(
            chinese=form,
            summary=prose.sentence(),
            owner="Operations lead",
            reviewed="2026-11-01",
            details=prose.block(1),
        )
        if rng.random() < 0.3:
            term["rules"] = [RULE]
        terms.append(term)
    return terms


def _evidence(prose: Prose, count: int) -> list[dict]:
    rng = prose.rng
    return [
        {
            "id": f"bench-proof-{i}",
            "title": f"Proof {i}: {prose.sentence(4)[:-1]}",
            "chinese": rng.choice(CHINESE),
            "summary": prose.sentence(),
            "owner": "Supply manager",
            "reviewed": "2026-11-01",
            "tags": rng.sample(["documents", "trust", "import", "low price", "premium"], 2),
            "removes_doubts": rng.sample(DOUBTS, 2),
            "how_to_obtain": prose.block(),
            "how_to_present": prose.block(),
            "pitfalls": [prose.sentence() for _ in range(3)],
        }
        for i in range(count)
    ]


def _strategies(prose: Prose, count: int, evidence_count: int) -> list[dict]:
    rng, strategies = prose.rng, []
    for i in range(count):
        proofs = rng.sample(range(evidence_count), min(evidence_count, rng.choice([2, 3])))
        strategies.append(
            {
                "id": f"bench-play-{i}",
                "title": f"Play {i}: {prose.sentence(5)[:-1]}",
                "summary": prose.sentence(),
                "owner": "Pricing lead",
                "reviewed": "2026-11-01",
                "tags": rng.sample(["low price", "premium", "campaigns", "trust", "service"], 2),
                "price_position": rng.choice(POSITIONS),
                "when_to_use": prose.block(),
                "steps": [prose.sentence() for _ in range(5)],
                "do_not": [prose.sentence() for _ in range(3)],
                "evidence": [{"evidence": f"bench-proof-{p}", "proves": prose.sentence()} for p in proofs],
                "examples": [{"title": prose.sentence(5)[:-1], "story": prose.block(2)}],
                "metrics": [
                    {"name": rng.choice(["CTR", "DSR", "Conversion rate", "GMV"]), "why": prose.sentence()}
                    for _ in range(3)
                ],
                "compliance": [{"rule": RULE, "forbids": prose.sentence()}],
                "self_check": [
                    {"question": prose.sentence(10)[:-1] + "?", "answer": prose.paragraph(2)} for _ in range(2)
                ],
            }
        )
    return strategies


def _modules(prose: Prose, steps: range, readable: list[str], term_ids: list[str]) -> list[dict]:
    """A module on each step; each reads 5-8 entries, names 2-4 terms and ends with two exercises."""
    rng, modules = prose.rng, []
    for i, step in enumerate(steps):
        right = rng.randrange(3)
        choices = [
            {"choice": prose.sentence(8), **({"right": True} if c == right else {}), "why": prose.sentence()}
            for c in range(3)
        ]
        modules.append(
            {
                "id": f"bench-module-{i}",
                "title": f"Module {i}: {prose.sentence(4)[:-1]}",
                "summary": prose.sentence(),
                "owner": "Training lead",
                "reviewed": "2026-11-01",
                "step": step,
                "minutes": rng.choice([30, 45, 60, 90, 120]),
                "teaches": prose.block(1),
                "read": rng.sample(readable, min(len(readable), rng.randint(5, 8))),
                "words": rng.sample(term_ids, min(len(term_ids), rng.randint(2, 4))),
                "exercises": [
                    {"question": prose.sentence(10)[:-1] + "?", "answer": prose.paragraph(2), "choices": choices},
                    {"question": prose.sentence(10)[:-1] + "?", "answer": prose.paragraph(2)},
                ],
            }
        )
    return modules


def chinese_like(rng: random.Random, english: str, terms=CHINESE) -> str:
    """Chinese text as long as `english` in characters, paragraph for paragraph, ending as it ends.

    One word in twenty is one of `terms` (the glossary's Chinese forms)."""
    paragraphs = english.rstrip("\n").split("\n\n")
    newlines = len(english) - len(english.rstrip("\n"))
    return "\n\n".join(_chinese_paragraph(rng, p, terms) for p in paragraphs) + "\n" * newlines


def _chinese_paragraph(rng: random.Random, english: str, terms) -> str:
    end = {".": "。", "?": "？"}.get(english[-1:], "")
    text, words, clause = "", 0, rng.randint(3, 7)
    while len(text) + len(end) < len(english):
        text += rng.choice(terms if rng.random() < 0.05 else WORDS_ZH)
        words += 1
        if words == clause and len(text) + len(end) + 2 < len(english):  # never a mark before the end
            text += rng.choice("，，，、；。")
            words, clause = 0, rng.randint(3, 7)
    return text + end


def translated(rng: random.Random, shape, value, terms=CHINESE):
    """The translation of `value`, whose part in a translation is `shape` (see core/translation.py)."""
    if shape == translation.TEXT:
        return chinese_like(rng, value, terms)
    if isinstance(shape, tuple):  # a list
        return [translated(rng, shape[1], item, terms) for item in value]
    if isinstance(shape, type):  # a group of fields (a choice's `right` is not in its text part)
        return {key: translated(rng, translation.shape_of(shape)[key], item, terms) for key, item in value.items()}
    return value  # it names a list item: repeated unchanged


def synthetic_translations(entries, seed: int = 11) -> list[dict]:
    """Each entry's Chinese translation file as data: `translates` (its version), then its text."""
    rng = random.Random(seed)  # not the entries' generator, so the English entries stay as they were
    terms = CHINESE + [entry["chinese"] for folder_name, entry in entries if folder_name == "glossary"]
    files = []
    for folder_name, entry in entries:
        model = by_folder(folder_name).model
        text = translation.text_part(model, entry)
        files.append(
            {
                translation.VERSION_FIELD: translation.version(model.model_validate(entry)),
                **{key: translated(rng, translation.shape_of(model)[key], value, terms) for key, value in text.items()},
            }
        )
    return files


def in_chinese(entries, translations) -> list[tuple[str, dict]]:
    """The entries as the Chinese edition has them: their own fields, with the translation's text."""
    return [
        (folder_name, translation.merged(by_folder(folder_name).model.model_validate(entry), text))
        for (folder_name, entry), text in zip(entries, translations, strict=True)
    ]


def write_opsbook_site(folder: Path, entries, translations) -> None:
    for name in HANDBOOK:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    for (folder_name, entry), text in zip(entries, translations, strict=True):
        kind = by_folder(folder_name)
        header = f"# yaml-language-server: $schema=../../schemas/{kind.name}.schema.json\n"
        body = header + yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
        (folder / "playbooks" / folder_name / f"{entry['id']}.yaml").write_text(body, encoding="utf-8")
        body = translation_schema_line(kind) + "\n" + yaml.safe_dump(text, allow_unicode=True, sort_keys=False)
        (folder / "playbooks" / folder_name / f"{entry['id']}.zh-Hans.yaml").write_text(body, encoding="utf-8")


def markdown_page(folder_name: str, entry: dict, entries: dict[str, tuple[str, dict]]) -> str:
    """The entry as a person would write it by hand in plain Markdown.

    `entries`: every entry by id, as (folder, data) in the page's language, for a module's links."""
    front = {"title": entry["title"], **({"tags": entry["tags"]} if entry.get("tags") else {})}
    lines = ["---", yaml.safe_dump(front, allow_unicode=True).strip(), "---", "", f"# {entry['title']}", ""]
    if folder_name == "glossary":
        lines.extend([f"Chinese: **{entry['chinese']}**", ""])
        if entry.get("stands_for"):
            lines.extend([f"Stands for: {entry['stands_for']}", ""])
    elif folder_name == "learning-path":
        lines.extend([f"Module {entry['step']} · about {entry['minutes']} minutes", ""])
    lines.extend([entry["summary"], "", f"Owner: {entry['owner']} · reviewed {entry['reviewed']}", ""])

    def section(heading, body):
        lines.extend([f"## {heading}", "", body.strip(), ""])

    def bullets(items, marker="-"):
        return "\n".join(f"{marker} {item}" for item in items)

    def link(entry_id):
        folder, target = entries[entry_id]
        return f"[{target['title']}](../{folder}/{entry_id}.md)"

    def choice(c):
        return f"\n\n    - {c['choice']}{' (right)' if c.get('right') else ''}: {c['why']}"

    def questions(checks):  # each folded, its choices (if any) inside, after the answer
        return "\n\n".join(
            f'??? question "{q["question"]}"\n\n    {q["answer"].strip()}' + "".join(map(choice, q.get("choices", [])))
            for q in checks
        )

    if folder_name == "evidence":
        section("Removes the doubts", ", ".join(entry["removes_doubts"]))
        section("How to obtain it", entry["how_to_obtain"])
        section("How to present it", entry["how_to_present"])
        section("Pitfalls", bullets(entry["pitfalls"]))
    elif folder_name == "glossary":
        section("In practice", entry["details"])
        if entry.get("rules"):
            section("Rules that apply", bullets(f"**{RULE_TITLE}**" for _ in entry["rules"]))
    elif folder_name == "learning-path":
        section("What you will learn", entry["teaches"])
        section("Read, in this order", bullets((f"{link(i)}: {entries[i][1]['summary']}" for i in entry["read"]), "1."))
        words = (f"{link(i)} {entries[i][1]['chinese']}: {entries[i][1]['summary']}" for i in entry["words"])
        section("Words you will meet", bullets(words))
        section("Exercises", questions(entry["exercises"]))
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
        section("Check yourself", questions(entry["self_check"]))
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


# The floor's placeholder pages (its navigation), in each of its languages.
PLACEHOLDER = {"en": "Entries are reached through search and tags.", "zh": "条目可通过搜索和标签找到。"}


def write_floor_site(folder: Path, entries, zh_entries) -> None:
    """Plain Material: the handbook's theme and search settings, no Opsbook plugin, macros or generated pages.

    Two sites: English (mkdocs.yml, docs/) and Chinese (mkdocs.zh.yml, docs-zh/), the same configuration
    with `theme.language: zh`, built into the English site's site/zh/."""
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
    config["not_in_nav"] = "".join(f"/{folder_name}/bench-*\n" for folder_name in dict.fromkeys(f for f, _ in entries))
    config.pop("watch", None)
    # Without toc, which _write_config appends as text with its slug function.
    config["markdown_extensions"] = [
        e for e in config["markdown_extensions"] if not (isinstance(e, dict) and "toc" in e)
    ]
    _write_config(folder / "mkdocs.yml", config)
    chinese = {**config, "docs_dir": "docs-zh", "site_dir": "site/zh", "theme": {**config["theme"], "language": "zh"}}
    _write_config(folder / "mkdocs.zh.yml", chinese)
    shutil.copytree(ROOT / "overrides", folder / "overrides")  # theme templates: part of the look, not of Opsbook
    _write_floor_pages(folder / "docs", entries, nav_pages, PLACEHOLDER["en"])
    _write_floor_pages(folder / "docs-zh", zh_entries, nav_pages, PLACEHOLDER["zh"])


def _write_config(path: Path, config: dict) -> None:
    """The configuration with `markdown_extensions` last, so that the toc entry can be appended as text."""
    extensions = config["markdown_extensions"]
    config = {key: value for key, value in config.items() if key != "markdown_extensions"}
    config["markdown_extensions"] = extensions
    text = yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)
    text += (
        "- toc:\n    permalink: true\n    slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        "      kwds:\n        case: lower\n"
    )
    path.write_text(text, encoding="utf-8")


def _write_floor_pages(docs: Path, entries, nav_pages: list[str], placeholder: str) -> None:
    for folder_name in dict.fromkeys(f for f, _ in entries):
        (docs / folder_name).mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    for page in nav_pages:
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text(f"# {page}\n\n{placeholder}\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    by_id = {entry["id"]: (folder_name, entry) for folder_name, entry in entries}
    for folder_name, entry in entries:
        page = markdown_page(folder_name, entry, by_id)
        (docs / folder_name / f"{entry['id']}.md").write_text(page, encoding="utf-8")


def _nav_files(item):
    value = next(iter(item.values())) if isinstance(item, dict) else item
    if isinstance(value, list):
        return [page for child in value for page in _nav_files(child)]
    return [value]


def timed(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of the command and every process it starts.

    Memory is the largest sum of the proportional set sizes (PSS) of the command's process tree, sampled
    every 0.2 s from /proc (Linux): Opsbook builds its other edition in a second process at the same time,
    and cuts Chinese words in others, so the largest single process (ru_maxrss) would understate it; and
    forked processes share their parent's pages, which a sum of resident sizes would count again for each.
    """
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a long log cannot stall the build
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=log)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_memory_kb(process.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # of every waited-for descendant, so far
        cpu = usage.ru_utime + usage.ru_stime - timed.cpu_so_far
        timed.cpu_so_far = usage.ru_utime + usage.ru_stime
        if process.returncode != 0:
            log.seek(0)
            sys.exit(f"build failed in {cwd}:\n{log.read().decode(errors='replace')}")
    return seconds, cpu, peak / 1024


timed.cpu_so_far = 0.0


def _tree_memory_kb(root: int) -> int:
    """The memory of `root` and all its descendants, in kB: each one's PSS, its share of the pages it uses."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # ended meanwhile
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def measure(n: int, runs: int, work: Path, with_floor: bool = True) -> dict:
    entries = synthetic_entries(n)
    translations = synthetic_translations(entries)
    ours, floor = work / f"opsbook-{n}", work / f"floor-{n}"
    ours.mkdir()
    write_opsbook_site(ours, entries, translations)
    if with_floor:
        floor.mkdir()
        write_floor_site(floor, entries, in_chinese(entries, translations))
    build = [str(BIN / "opsbook"), "build"]
    plain = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    # English first: its build empties site/, where the Chinese one then writes site/zh/.
    plain = ["sh", "-c", f"{shlex.join(plain)} && {shlex.join([*plain, '-f', 'mkdocs.zh.yml'])}"]
    results = {"ours": [], "floor": [], "validate": []}
    for _ in range(runs):  # interleaved, so both see the same machine load
        results["ours"].append(timed(build, ours))
        if with_floor:
            results["floor"].append(timed(plain, floor))
        results["validate"].append(timed([str(BIN / "opsbook"), "validate"], ours))
    build_s = statistics.median(s for s, _, _ in results["ours"])
    floor_s = statistics.median(s for s, _, _ in results["floor"]) if with_floor else None
    build_cpu = statistics.median(cpu for _, cpu, _ in results["ours"])
    floor_cpu = statistics.median(cpu for _, cpu, _ in results["floor"]) if with_floor else None
    index_kb = (ours / "site/search/search_index.json").stat().st_size / 1024
    index_zh_kb = (ours / "site/zh/search/search_index.json").stat().st_size / 1024
    row = {
        "n": n,
        "entries": dict(Counter(folder_name for folder_name, _ in entries)),
        "build_s": round(build_s, 2),
        "floor_s": round(floor_s, 2) if with_floor else None,
        "ratio": round(build_s / floor_s, 3) if with_floor else None,
        "build_cpu_s": round(build_cpu, 2),
        "floor_cpu_s": round(floor_cpu, 2) if with_floor else None,
        "cpu_ratio": round(build_cpu / floor_cpu, 3) if with_floor else None,
        "site_mb": round(size_mb(ours / "site"), 1),
        "floor_site_mb": round(size_mb(floor / "site"), 1) if with_floor else None,
        "search_index_kb": round(index_kb),
        "search_index_kb_per_entry": round(index_kb / n, 2),
        "search_index_zh_kb": round(index_zh_kb),
        "validate_s": round(statistics.median(s for s, _, _ in results["validate"]), 2),
        "peak_memory_mb": round(max(mb for _, _, mb in results["ours"])),
        "floor_peak_memory_mb": round(max(mb for _, _, mb in results["floor"])) if with_floor else None,
    }
    shutil.rmtree(ours)  # large sizes fill the disk otherwise
    shutil.rmtree(floor, ignore_errors=True)
    return row


def per_doubling(smaller: dict, larger: dict, key: str) -> float | None:
    """How much `key` (a time) grows each time N doubles between two rows: (t2/t1) ** (log 2 / log(n2/n1))."""
    if smaller[key] is None or larger[key] is None:
        return None
    return round((larger[key] / smaller[key]) ** (math.log(2) / math.log(larger["n"] / smaller["n"])), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,500,1000,2000", help="comma-separated entry counts")
    parser.add_argument("--runs", type=int, default=3, help="builds per size and site (median reported)")
    parser.add_argument("--json", type=Path, help="write the figures to this file (after each size)")
    parser.add_argument("--no-floor", action="store_true", help="build only Opsbook's site, not plain Material's")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    rows = []
    with tempfile.TemporaryDirectory(prefix="opsbook-bench-") as work:
        for n in sizes:
            row = measure(n, args.runs, Path(work), with_floor=not args.no_floor)
            previous = rows[-1] if rows else None
            row["build_growth_per_doubling"] = per_doubling(previous, row, "build_s") if previous else None
            row["floor_growth_per_doubling"] = per_doubling(previous, row, "floor_s") if previous else None
            rows.append(row)
            print_table(rows[-1:], header=len(rows) == 1)
            if args.json:  # a long run keeps the sizes it finished
                args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    for previous, row in itertools.pairwise(rows):
        floor = f", plain Material x{row['floor_growth_per_doubling']:.2f}" if row["floor_s"] is not None else ""
        growth = f"build x{row['build_growth_per_doubling']:.2f}{floor}"
        print(f"growth per doubling {previous['n']} -> {row['n']}: {growth}")


def print_table(rows, header: bool) -> None:
    columns = [
        "n",
        "build_s",
        "floor_s",
        "ratio",
        "cpu_ratio",
        "site_mb",
        "floor_site_mb",
        "search_index_kb",
        "validate_s",
        "peak_memory_mb",
        "floor_peak_memory_mb",
    ]
    if header:
        print(" ".join(f"{c:>15}" for c in columns))
    for row in rows:
        print(" ".join(f"{'-' if row[c] is None else row[c]:>15}" for c in columns), flush=True)


if __name__ == "__main__":
    main()
