#!/usr/bin/env python3
"""How `opsbook check-copy`'s matching time grows with the length of the copy.

    python bench/copycheck_bench.py                 # 40 KB and 400 KB, best of 3 runs
    python bench/copycheck_bench.py --kb 40,400 --runs 5 --json results.json

For each shape of text below, it checks a text of the baseline size (the first of --kb) and of
each larger size with the shipped rules (health-food rules included), and prints the seconds and
the ratio to the baseline time. Matching that grows linearly gives a ratio close to the ratio of
the sizes (×10 for 40 KB → 400 KB); quadratic matching gives about its square.
Times are the best of --runs runs, to keep other work on the machine out of the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opsbook.tools.copycheck import SHIPPED_RULES, load_rules  # noqa: E402

# Real-looking copy: findings in most lines, clean lines between them, both languages.
MIXED = """\
双十一狂欢 全场5折 限时抢购
全网最低价！好评返现5元
Better than BrandX — the best fish oil
五星好评返5元，晒图有礼
Double Eleven: 50% off every fish oil, today only. Free shipping. Best before June 2027.
收到货有任何问题请联系客服，我们负责到底
Leave a 5-star review and get a red packet!
满199减20优惠券，先领券再下单
销量ＮＯ．１ 国家级品质 行业第一品牌
If anything arrived damaged, message us and we will send a replacement.
"""

SHAPES = {
    "mixed lines": MIXED,
    "one long line": MIXED.replace("\n", " "),
    "exempt phrases": "Best before June 2027. ",  # every match of `best` falls inside an exempt phrase
    "findings only": "全网最低价 ",
    "clean Chinese": "双十一狂欢 全场5折 限时抢购 收到货有任何问题请联系客服，我们负责到底。",
    "review words, no reward": "好评 五星 晒图 review 5 stars ",
}


def text_of(unit: str, kb: int) -> str:
    """`unit` repeated to `kb` KB of UTF-8 (rounded up to a whole unit)."""
    return unit * -(-kb * 1024 // len(unit.encode("utf-8")))


def best_time(ruleset, text: str, runs: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(ruleset.check(text, health_food=True))
        times.append(time.perf_counter() - start)
    return min(times), found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", default="40,400", help="sizes in KB; the first is the baseline (default 40,400)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size; the best is kept (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    sizes = [int(kb) for kb in args.kb.split(",")]
    ruleset, problems = load_rules(SHIPPED_RULES / "rules.yaml", ROOT / "copy_rules/competitors.yaml")
    if problems:
        sys.exit("\n".join(map(str, problems)))

    rows = []
    print(f"{'shape':<26} {'KB':>5} {'findings':>9} {'seconds':>9} {'ratio':>7} {'size ratio':>10}")
    for shape, unit in SHAPES.items():
        base = None
        for kb in sizes:
            seconds, found = best_time(ruleset, text_of(unit, kb), args.runs)
            base = base or seconds
            row = {
                "shape": shape,
                "kb": kb,
                "findings": found,
                "seconds": round(seconds, 4),
                "ratio": round(seconds / base, 2),
                "size_ratio": round(kb / sizes[0], 2),
            }
            rows.append(row)
            print(
                f"{shape:<26} {kb:>5} {found:>9} {seconds:>9.3f} {row['ratio']:>7.2f} {row['size_ratio']:>10.2f}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
