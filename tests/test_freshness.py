"""Review dates: badges, the needs-review page, the oldest evidence of a strategy, and `opsbook stale`."""

import re
from datetime import date

from opsbook.core import freshness, validate

from .conftest import ROOT, STRATEGY, edit, mkdocs_build, only, opsbook, page, text_of

LATER = "2027-03-01"


def test_due_dates_follow_the_kind_default_and_the_entry_override(handbook):
    edit(handbook, "glossary/dsr.yaml", "reviewed: 2026-10-01", "reviewed: 2026-10-01\nreview_every_days: 30")
    book, problems = validate.load(handbook / "playbooks", date(2026, 11, 24))
    assert problems == []
    customs = freshness.review_of(book.get("customs-declaration-form"), book)
    assert customs.due == date(2026, 12, 29) and not customs.overdue  # evidence: 90 days after 2026-09-30
    dsr = freshness.review_of(book.get("dsr"), book)
    assert dsr.due == date(2026, 10, 31) and dsr.overdue_days == 24


def test_overdue_list_is_most_overdue_first():
    book, _ = validate.load(ROOT / "playbooks", date.fromisoformat(LATER))
    late = freshness.overdue(book)
    assert late and [r.overdue_days for r in late] == sorted((r.overdue_days for r in late), reverse=True)
    assert late[0].record.entry.id in {"brand-authorisation-letter", "customs-declaration-form"}
    assert late[0].overdue_days == 62


def test_strategy_shows_its_oldest_evidence():
    book, _ = validate.load(ROOT / "playbooks", date(2026, 11, 24))
    oldest = freshness.oldest_reference(book, book.get("prove-a-low-price"))
    assert oldest.entry.reviewed == date(2026, 9, 30)


def test_a_bad_review_interval_is_reported(handbook):
    edit(handbook, "glossary/dsr.yaml", "reviewed: 2026-10-01", "reviewed: 2026-10-01\nreview_every_days: often")
    problem = only(validate.load(handbook / "playbooks", date(2026, 11, 24))[1])
    assert problem.field == "review_every_days" and problem.code == "wrong-type"


def test_pages_show_review_state_and_the_needs_review_page_lists_overdue_entries(handbook, monkeypatch):
    monkeypatch.setenv("OPSBOOK_TODAY", LATER)
    edit(handbook, STRATEGY, "reviewed: 2026-11-01", "reviewed: 2027-02-20")
    assert mkdocs_build(handbook, "--strict").returncode == 0
    site = handbook / "site"
    customs = text_of(page(site, "evidence/customs-declaration-form"))
    assert "Review overdue by 62 days." in customs and "it was due 2026-12-29" in customs
    strategy = text_of(page(site, "strategies/prove-a-low-price"))
    assert "next review due 2027-08-19" in strategy
    assert "last checked on 2026-09-30 at the earliest" in strategy
    listing = page(site, "needs-review")
    rows = re.findall(r'<tr><td><a href="([^"]+)">', listing)
    assert rows[0].endswith(("brand-authorisation-letter/", "customs-declaration-form/"))
    assert not any("prove-a-low-price" in row for row in rows)
    assert "This list was made on 2027-03-01" in text_of(listing)


def test_nothing_overdue_today(built_site):
    assert "Nothing is overdue." in text_of(page(built_site, "needs-review"))
    assert "next review due" in text_of(page(built_site, "glossary/dsr"))


def test_stale_command_fails_only_with_fail_and_overdue_entries(handbook, monkeypatch):
    assert opsbook("stale", "--fail", cwd=handbook).returncode == 0
    monkeypatch.setenv("OPSBOOK_TODAY", LATER)
    result = opsbook("stale", "--fail", cwd=handbook)
    assert result.returncode == 1
    first = result.output.splitlines()[0]
    assert re.match(
        r"playbooks/evidence/(brand-authorisation-letter|customs-declaration-form)\.yaml: .*"
        r"overdue by 62 day\(s\)",
        first,
    )
    assert opsbook("stale", cwd=handbook).returncode == 0  # listing alone is not a failure
