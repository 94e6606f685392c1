"""The benchmark script: its synthetic handbook (entries and their Chinese translations) validates,
its floor builds both languages, and a quick run (N = 20) reports every figure. Timings are not asserted."""

import importlib.util
import json
import re
import subprocess
import sys

import yaml

from opsbook.core import translation
from opsbook.kinds import by_folder

from .conftest import ROOT, mkdocs_build, opsbook

KEYS = {
    "n",
    "build_s",
    "floor_s",
    "ratio",
    "site_mb",
    "floor_site_mb",
    "search_index_kb",
    "validate_s",
    "peak_memory_mb",
}
HAN = re.compile(r"[\u4e00-\u9fff]")


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "bench/bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()


def test_every_synthetic_entry_has_a_current_chinese_translation_and_the_handbook_validates(tmp_path):
    entries = bench.synthetic_entries(12)
    translations = bench.synthetic_translations(entries)
    bench.write_opsbook_site(tmp_path, entries, translations)
    for folder_name, entry in entries:
        path = tmp_path / "playbooks" / folder_name / f"{entry['id']}.zh-Hans.yaml"
        header, _, body = path.read_text(encoding="utf-8").partition("\n")
        assert header.endswith(f"schemas/{by_folder(folder_name).name}.translation.schema.json")
        text = yaml.safe_load(body)
        model = by_folder(folder_name).model
        assert text[translation.VERSION_FIELD] == translation.version(model.model_validate(entry))
        assert set(text) - {translation.VERSION_FIELD} == set(translation.text_part(model, entry))
        assert HAN.search(text["summary"]) and not re.search("[A-Za-z]", text["summary"])  # all Chinese
        assert 0 <= len(text["summary"]) - len(entry["summary"]) <= 5  # as long as the English, to a word
        if folder_name == "strategies":
            # Ids naming list items are kept; paragraphs stay paragraphs.
            assert [n["evidence"] for n in text["evidence"]] == [n["evidence"] for n in entry["evidence"]]
            assert [c["rule"] for c in text["compliance"]] == [c["rule"] for c in entry["compliance"]]
            assert text["when_to_use"].count("\n\n") == entry["when_to_use"].count("\n\n") == 1
            assert text["self_check"][0]["question"].endswith("？")
    result = opsbook("validate", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert "No problems" in result.output
    stale = opsbook("stale", cwd=tmp_path)
    assert "bench-" not in stale.output, stale.output


def test_the_floor_builds_the_same_entries_in_english_and_in_chinese_into_site_zh(tmp_path):
    entries = bench.synthetic_entries(10)
    chinese = bench.in_chinese(entries, bench.synthetic_translations(entries))
    bench.write_floor_site(tmp_path, entries, chinese)
    # Both builds, in the benchmark's order: the English one empties site/.
    for config in ("mkdocs.yml", "mkdocs.zh.yml"):
        result = mkdocs_build(tmp_path, "--strict", "-f", config)
        assert result.returncode == 0, result.output
    (folder_name, entry), (_, zh_entry) = entries[-1], chinese[-1]  # a strategy
    english = (tmp_path / "site" / folder_name / entry["id"] / "index.html").read_text(encoding="utf-8")
    page = (tmp_path / "site/zh" / folder_name / entry["id"] / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and entry["summary"] in english
    assert '<html lang="zh"' in page
    assert zh_entry["summary"] in page and zh_entry["steps"][0] in page and entry["summary"] not in page
    assert f"../../evidence/{entry['evidence'][0]['evidence']}/" in page  # the same references
    assert (tmp_path / "site/zh/search/search_index.json").is_file()


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
    assert row["search_index_kb"] > 0 and row["site_mb"] > 0 and row["peak_memory_mb"] > 50
    assert row["build_cpu_s"] > 0 and row["floor_cpu_s"] > 0 and row["floor_peak_memory_mb"] > 50
    assert row["search_index_zh_kb"] > 0  # opsbook build made the Chinese edition too
    assert "build_s" in result.stdout  # the table header
