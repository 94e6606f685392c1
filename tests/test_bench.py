"""A quick run of the benchmark script (N = 20), so that it cannot rot. Its timings are not asserted."""

import json
import subprocess
import sys

from .conftest import ROOT

KEYS = {"n", "build_s", "floor_s", "ratio", "site_mb", "floor_site_mb", "search_index_kb", "validate_s", "peak_rss_mb"}


def test_benchmark_runs_and_reports_every_figure(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench/bench.py"), "--sizes", "20", "--runs", "1", "--json", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    [row] = json.loads(out.read_text(encoding="utf-8"))
    assert set(row) >= KEYS and row["n"] == 20
    assert row["build_s"] > 0 and row["floor_s"] > 0
    assert abs(row["ratio"] - row["build_s"] / row["floor_s"]) < 0.01  # the ratio is of unrounded times
    assert row["search_index_kb"] > 0 and row["site_mb"] > 0 and row["peak_rss_mb"] > 50
    assert "build_s" in result.stdout  # the table header
