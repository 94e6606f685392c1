"""The handbook is written in its own words: no run of 8 words from the source article (or from the
domain notes) appears in it."""

import html
import os
import re
from pathlib import Path

import pytest

from .conftest import ROOT

SHARED = ROOT.parent / "shared"
ARTICLE = SHARED / "seeds" / "000_da9b2600e820308b.txt"
DOMAIN = SHARED / "DOMAIN.md"  # facts carry over from the domain notes too, their sentences do not
RUN = 8
# Official names may be quoted as they are; runs of figures (fines, dates) are facts, not sentences.
NAMES = ["interim provisions on anti unfair competition on the internet", "advertising law of the prc"]
BREAK = "zzbreakzz"  # stands for the end of a paragraph, list item or table cell in a built page
BLOCK_TAG = re.compile(r"<(?:br|/?(?:p|li|td|th|tr|h\d|div|ul|ol|table|dt|dd|summary|details|nav|header))\b[^>]*>")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def runs(text: str) -> set[tuple[str, ...]]:
    flat = " ".join(words(text))
    for name in [*NAMES, BREAK]:
        flat = flat.replace(name, "|")
    w = flat.split()
    found = {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}
    return {run for run in found if "|" not in run and sum(part.isdigit() for part in run) < 3}


@pytest.fixture(scope="module")
def article_runs() -> set:
    for source in (ARTICLE, DOMAIN):
        if not source.is_file():
            if os.environ.get("CI"):
                pytest.fail(f"{source} is missing; CI must have shared/ beside the clone")
            pytest.skip(f"{source} is not there to compare with")
    return runs(ARTICLE.read_text(encoding="utf-8")) | runs(DOMAIN.read_text(encoding="utf-8"))


def copied(text: str, article: set) -> list[str]:
    return sorted(" ".join(run) for run in runs(text) & article)


def test_the_check_catches_a_copied_sentence(article_runs):
    sentence = ARTICLE.read_text(encoding="utf-8").split("\n")[14]
    assert copied(f"Intro. {sentence.upper()} Outro.", article_runs)


def sources() -> list[Path]:
    files = [*ROOT.glob("playbooks/**/*.yaml"), *ROOT.glob("docs/**/*.md"), ROOT / "README.md"]
    files += [*ROOT.glob("opsbook/**/*.j2"), *ROOT.glob("opsbook/**/*.py")]
    return sorted(files)


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_source_file_is_in_its_own_words(article_runs, path):
    assert copied(path.read_text(encoding="utf-8"), article_runs) == []


def test_built_handbook_is_in_its_own_words(article_runs, built_site):
    for page in built_site.rglob("*.html"):
        blocks = BLOCK_TAG.sub(f" {BREAK} ", page.read_text(encoding="utf-8"))
        text = html.unescape(re.sub(r"<[^>]+>", "", blocks))
        assert copied(text, article_runs) == [], page
