"""When entries were last checked, which are overdue for review, and which translations lag behind.

Every date is computed from the handbook's `today` (OPSBOOK_TODAY fixes it), so
a build, a test or a scheduled job sees the same answer for the same day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from opsbook.core.handbook import Handbook, Record


@dataclass(frozen=True)
class Review:
    record: Record
    due: date
    overdue_days: int  # 0 while the entry is not yet due
    changed: Record | None = None  # a rule it cites that came into force after it was last reviewed

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def review_of(record: Record, handbook: Handbook) -> Review:
    """Due a set number of days after the last review, or as soon as a rule it cites changed after it."""
    every = record.entry.review_every_days or record.kind.review_every_days
    due = record.entry.reviewed + timedelta(days=every)
    changed = _newer_rule(record, handbook)
    if changed is not None and changed.entry.in_force < due:
        due = changed.entry.in_force
    return Review(record, due, max(0, (handbook.today - due).days), changed)


def _newer_rule(record: Record, handbook: Handbook) -> Record | None:
    """The cited entry with an `in_force` date after this entry's review, the earliest such."""
    cited = (handbook.get(ref.target) for ref in record.entry.references())
    newer = [
        r
        for r in cited
        if r is not None and getattr(r.entry, "in_force", None) and r.entry.in_force > record.entry.reviewed
    ]
    return min(newer, key=lambda r: r.entry.in_force, default=None)


def overdue(handbook: Handbook) -> list[Review]:
    """Overdue entries, most overdue first."""
    reviews = (review_of(record, handbook) for record in handbook.records)
    return sorted((r for r in reviews if r.overdue), key=lambda r: (-r.overdue_days, r.record.entry.id))


def oldest_reference(handbook: Handbook, record: Record, kind: str | None = None) -> Record | None:
    """The entry of `kind` (any kind: None) among those `record` refers to that was reviewed longest ago."""
    targets = [handbook.get(ref.target) for ref in record.entry.references() if kind in (None, ref.kind)]
    return min((t for t in targets if t is not None), key=lambda target: target.entry.reviewed, default=None)


@dataclass(frozen=True)
class TranslationDue:
    """An entry whose text in `language` is missing, or was translated from text that has changed since."""

    record: Record  # as the edition shows it: `text` is "missing" or "stale"
    language: str

    @property
    def file(self) -> Path:
        """Where the translation is, or is to be written."""
        source = self.record.path
        return source.with_name(f"{source.stem}.{self.language}{source.suffix}")


def translations_due(handbook: Handbook, languages: Iterable[str]) -> list[TranslationDue]:
    """Every entry without an up-to-date translation into each of `languages`, by language and id."""
    due = []
    for language in languages:
        for record in handbook.edition(language).records:
            if record.text in ("missing", "stale"):
                due.append(TranslationDue(record, language))
    return sorted(due, key=lambda d: (d.language, d.record.entry.id))
