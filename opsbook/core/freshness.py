"""When entries were last checked, and which are overdue for review.

Every date is computed from the handbook's `today` (OPSBOOK_TODAY fixes it), so
a build, a test or a scheduled job sees the same answer for the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from opsbook.core.handbook import Handbook, Record


@dataclass(frozen=True)
class Review:
    record: Record
    due: date
    overdue_days: int  # 0 while the entry is not yet due

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def review_of(record: Record, today: date) -> Review:
    every = record.entry.review_every_days or record.kind.review_every_days
    due = record.entry.reviewed + timedelta(days=every)
    return Review(record, due, max(0, (today - due).days))


def overdue(handbook: Handbook) -> list[Review]:
    """Overdue entries, most overdue first."""
    reviews = (review_of(record, handbook.today) for record in handbook.records)
    return sorted((r for r in reviews if r.overdue), key=lambda r: (-r.overdue_days, r.record.entry.id))


def oldest_evidence(handbook: Handbook, record: Record) -> Record | None:
    """The evidence entry, among those a strategy relies on, that was reviewed longest ago."""
    proofs = [handbook.get(target) for _, target, kind, _ in record.entry.references() if kind == "evidence"]
    proofs = [proof for proof in proofs if proof is not None]
    return min(proofs, key=lambda proof: proof.entry.reviewed, default=None)
