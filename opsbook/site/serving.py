"""What `mkdocs serve` keeps between rebuilds, so a broken edit never takes the site down.

- Playbooks: the last good record of each file. A broken file is shown as it
  last was; every other file as it is now (`LastGood.handbook`).
- Hand-written pages: the last Markdown each rendered without a problem.
- Entry pages: each as the last build made it, with what it was made from, so that a save makes
  again only the pages that show what changed (`Renderer.kept`). Validation likewise parses only
  the files whose bytes changed (`validate.keep_parsed`), and Material's search indexes only the pages
  whose HTML changed (`search_index.keep_entries`).
- The site itself: a rebuild that fails for any other reason leaves the
  previous site in place and the server answering (`guard_rebuilds`).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from opsbook.core.fields import kind_fits
from opsbook.core.handbook import Handbook, Record
from opsbook.core.problems import Problem
from opsbook.core.translation import Translation

log = logging.getLogger("mkdocs.plugins.opsbook")


@dataclass(frozen=True)
class Notice:
    """One line of the banner shown while serving."""

    problem: Problem | None
    shown: str  # "last-good": the site shows the file's last good version; "left-out": it has none yet; "": as is
    path: str = ""


class LastGood:
    def __init__(self):
        self.records: dict[str, Record] = {}  # playbook file (as displayed) -> its last good record
        self.translations: dict[tuple[str, str], Translation] = {}  # (id, language) -> last good translation
        self.pages: dict[str, str] = {}  # hand-written page (src_uri) -> its last good rendered Markdown
        self.entry_pages: dict = {}  # entry page (src_uri) -> (what it shows, the page): see Renderer.kept
        self.search_entries: dict = {}  # page URL -> (what it was made from, its search entries): search_index

    def handbook(self, fresh: Handbook, problems: list[Problem]) -> tuple[Handbook, set[str]]:
        """The handbook to serve, and the files shown in their last good version.

        Files with a blocking problem are replaced by their last good record. An entry whose references
        would then point nowhere takes the last good version of its targets, or is left out.
        """
        broken = {p.path for p in problems if p.blocking}
        chosen = {r.entry.id: r for r in fresh.records if r.display_path not in broken}
        for path in sorted(broken):
            if (old := self.records.get(path)) and old.entry.id not in chosen:
                chosen[old.entry.id] = old
        spare = {r.entry.id: r for r in self.records.values()}
        left_out: set[str] = set()
        changed = True
        while changed:
            changed = False
            for entry_id, record in list(chosen.items()):
                for reference in record.entry.references():
                    target_id, kind = reference.target, reference.kind
                    target = chosen.get(target_id)
                    if target is None and target_id not in left_out and (old := spare.get(target_id)):
                        chosen[target_id] = target = old
                        changed = True
                    if target is None or not kind_fits(kind, target.kind.name):
                        del chosen[entry_id]
                        left_out.add(entry_id)
                        changed = True
                        break
        fresh_ones = {id(r) for r in fresh.records}
        self.records = {r.display_path: r for r in chosen.values()}
        shown = {r.display_path for r in chosen.values() if id(r) not in fresh_ones}
        # A broken translation is shown as it last was, like any playbook.
        translations = dict(fresh.translations)
        for key, old in self.translations.items():
            if key not in translations and old.display_path in broken and key[0] in chosen:
                translations[key] = old
                shown.add(old.display_path)
        self.translations = translations
        handbook = Handbook(list(chosen.values()), fresh.today)
        handbook.translations = translations
        return handbook, shown

    def page(self, src_uri: str, rendered: str | None) -> str:
        """Remember a page that rendered; for one that did not, its last good Markdown (empty if none yet)."""
        if rendered is None:
            return self.pages.get(src_uri, "")
        self.pages[src_uri] = rendered
        return rendered


def notices(problems: list[Problem], last_good: set[str], held_back: set[str]) -> list[Notice]:
    """Banner lines: each problem and whether its file is shown in its last good version, left out, or as is."""

    def shown(problem: Problem) -> str:
        if problem.path in last_good:
            return "last-good"
        return "left-out" if problem.path in held_back else ""

    return [Notice(p, shown(p), p.path) for p in problems]


def page_notice(source: str | None, last_good: set[str], held_back: set[str]) -> Notice | None:
    """For the banner of a page made from `source`: whether the page shows its last good version, or nothing."""
    if source in last_good:
        return Notice(None, "last-good", source)
    return Notice(None, "left-out", source) if source in held_back else None


def guard_rebuilds(server, dirty: bool) -> None:
    """Make every rebuild of `mkdocs serve` end normally, with the last good site in place if it failed.

    MkDocs' server holds every request until a rebuild succeeds: one that raises would leave the
    browser waiting until the next good edit. The site folder is moved aside before the rebuild
    and put back if the rebuild fails.
    """
    build = server.builder
    root = Path(server.root)

    def rebuild():
        keep = Path(tempfile.mkdtemp(prefix=f"{root.name}-last-good-", dir=root.parent))
        previous = keep / "site"
        if dirty:  # a dirty build rewrites only changed pages, so it needs the others in place
            shutil.copytree(root, previous)
        else:
            root.rename(previous)
            root.mkdir()
        try:
            build()
        except BaseException as error:
            shutil.rmtree(root, ignore_errors=True)
            previous.rename(root)
            if isinstance(error, KeyboardInterrupt):
                raise
            log.debug("The rebuild failed", exc_info=error)
            log.error(
                f"The site could not be rebuilt ({type(error).__name__}: {error}); "
                "still serving the last good site. Fix the problem and save to rebuild."
            )
        finally:
            shutil.rmtree(keep, ignore_errors=True)

    server.builder = rebuild
