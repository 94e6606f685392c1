"""The Handbook: every valid entry of a build, with lookups and backlinks.

Built once per build and shared by the page renderer, the macros and the
CLI; nothing changes it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from opsbook.core.fields import Entry
from opsbook.core.problems import Problem
from opsbook.core.yaml_source import problem_at
from opsbook.kinds import Kind, all_kinds


@dataclass(frozen=True)
class Record:
    """One entry and where it came from."""

    kind: Kind
    entry: Entry
    path: Path
    display_path: str  # as shown in messages (relative to the current folder)
    relative_path: str  # relative to the playbooks folder, e.g. "strategies/x.yaml"
    positions: dict = field(repr=False, compare=False)

    def problem(self, code: str, path: tuple, **details) -> Problem:
        return problem_at(self.positions, self.display_path, code, path, **details)


@dataclass(frozen=True)
class Backlink:
    source: Record
    path: tuple  # the field of `source` that holds the reference
    note: str  # what the reference says about the target, e.g. what the evidence proves


class Handbook:
    def __init__(self, records: list[Record], today: date):
        self.today = today
        ordered = sorted(records, key=lambda r: (r.kind.order, r.entry.title.casefold(), r.entry.id))
        self.records: tuple[Record, ...] = tuple(ordered)
        self._by_id = MappingProxyType({r.entry.id: r for r in ordered})
        self._by_kind = MappingProxyType({k.name: tuple(r for r in ordered if r.kind is k) for k in all_kinds()})
        backlinks: dict[str, list[Backlink]] = {}
        for record in ordered:
            for reference in record.entry.references():
                backlinks.setdefault(reference.target, []).append(Backlink(record, reference.path, reference.note))
        self._backlinks = MappingProxyType({k: tuple(v) for k, v in backlinks.items()})

    def get(self, entry_id: str) -> Record | None:
        return self._by_id.get(entry_id)

    def of_kind(self, kind_name: str) -> tuple[Record, ...]:
        return self._by_kind.get(kind_name, ())

    def referenced_by(self, entry_id: str) -> tuple[Backlink, ...]:
        return self._backlinks.get(entry_id, ())

    def __len__(self) -> int:
        return len(self.records)
