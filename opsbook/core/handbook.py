"""The Handbook: every valid entry of a build, with lookups and backlinks.

Built once per build and shared by the page renderer, the macros and the
CLI; nothing changes it afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

from opsbook.core import translation
from opsbook.core.fields import ANY_KIND, Entry
from opsbook.core.languages import SOURCE_LANGUAGE
from opsbook.core.problems import Problem
from opsbook.core.translation import Translation
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
    positions: Mapping = field(repr=False, compare=False)  # where each value stands in the file, for messages
    # In an edition (Handbook.edition): the language `entry` is shown in, and how its text got there.
    language: str = SOURCE_LANGUAGE
    text: str = "source"  # "source": its own file; "translated"; "stale": translated from older text;
    # "missing": no valid translation, so the entry's own text is shown
    source_entry: Entry | None = field(default=None, repr=False, compare=False)  # the entry as its file has it
    text_file: Path | None = None  # the file that holds the text shown (the edit button opens it)
    source_changed: date | None = None  # for "stale": the day the entry's own text changed

    def problem(self, code: str, path: tuple, **details) -> Problem:
        return problem_at(self.positions, self.display_path, code, path, **details)


def _place(record: Record) -> tuple:
    """Kinds in their order; in a kind, entries by its ordering field (a module's step), else by title."""
    kind = record.kind
    step = getattr(record.entry, kind.ordered_by) if kind.ordered_by else 0
    return (kind.order, step, record.entry.title.casefold(), record.entry.id)


@dataclass(frozen=True)
class Backlink:
    source: Record
    path: tuple  # the field of `source` that holds the reference
    note: str  # what the reference says about the target, e.g. what the evidence proves


class Handbook:
    def __init__(self, records: list[Record], today: date, language: str | None = None):
        self.today = today
        self.language = language  # None: each entry as its own file has it; else one edition's language
        # (entry id, language) -> translation; set by whoever loads them, before any edition is asked for
        self.translations: dict[tuple[str, str], Translation] = {}
        self._editions: dict[str, Handbook] = {}  # made once each: every edition, export and listing asks
        self.source: Handbook = self  # of an edition: the handbook of entries as their files have them
        ordered = sorted(records, key=_place)
        self.records: tuple[Record, ...] = tuple(ordered)
        self._by_id = MappingProxyType({r.entry.id: r for r in ordered})
        self._by_kind = MappingProxyType({k.name: tuple(r for r in ordered if r.kind is k) for k in all_kinds()})
        # A reading list (a module's `read`) is not a citation: those links are kept apart.
        backlinks: dict[str, list[Backlink]] = {}
        readings: dict[str, list[Backlink]] = {}
        for record in ordered:
            for reference in record.entry.references():
                found = readings if reference.path[0] == record.kind.reading_list else backlinks
                found.setdefault(reference.target, []).append(Backlink(record, reference.path, reference.note))
        self._backlinks = MappingProxyType({k: tuple(v) for k, v in backlinks.items()})
        self._readings = MappingProxyType({k: tuple(v) for k, v in readings.items()})

    def get(self, entry_id: str) -> Record | None:
        return self._by_id.get(entry_id)

    def of_kind(self, kind_name: str) -> tuple[Record, ...]:
        """The entries of one kind; of ANY_KIND, every entry."""
        return self.records if kind_name == ANY_KIND else self._by_kind.get(kind_name, ())

    def referenced_by(self, entry_id: str) -> tuple[Backlink, ...]:
        return self._backlinks.get(entry_id, ())

    def read_in(self, entry_id: str) -> tuple[Backlink, ...]:
        """Where the entry stands in reading lists (a learning-path module's `read`)."""
        return self._readings.get(entry_id, ())

    def __len__(self) -> int:
        return len(self.records)

    def edition(self, language: str) -> Handbook:
        """The handbook as one language's edition shows it: each entry's text in that language where it
        has a valid translation, and its own text (marked "missing") where it has none."""
        if language in self._editions:
            return self._editions[language]
        records = []
        for record in self.records:
            entry = record.entry
            if entry.language == language:
                records.append(replace(record, language=language, source_entry=entry, text_file=record.path))
                continue
            found = self.translations.get((entry.id, language))
            if found is None:
                records.append(
                    replace(record, language=entry.language, text="missing", source_entry=entry, text_file=record.path)
                )
                continue
            stale = found.translates != translation.version(entry)
            records.append(
                replace(
                    record,
                    entry=found.entry or entry,  # one that no longer fits: the entry's own text, marked stale
                    language=language if found.entry else entry.language,
                    text="stale" if stale else "translated",
                    source_entry=entry,
                    text_file=found.path,
                    source_changed=translation.changed_on(record.path) if stale else None,
                )
            )
        edition = Handbook(records, self.today, language)
        edition.translations, edition.source = self.translations, self
        self._editions[language] = edition
        return edition
