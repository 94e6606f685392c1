"""One edition of the handbook per language, each a MkDocs build of its own.

The first edition in `mkdocs.yml` is the one MkDocs builds, at the site's root; the plugin
builds each other edition with the same configuration into its folder (`zh/`). A separate build
per language gives each edition what Material makes once per build: its interface language,
`<html lang>`, and its own search index. `mkdocs build`, `mkdocs serve` and `opsbook build`
therefore all make every edition.

A build (not serve) on a system with fork() makes the other editions in a second process,
started as soon as the playbooks are validated, so that each edition has a core of its own. That
process empties its folder only once the first edition's build has emptied the site folder (two
processes deleting the same files would fail), and writes only once that build has checked all
its pages (its `on_env`), so a build that fails there leaves no site; the build fails if either
edition fails. Serve builds the other editions after the first (`on_post_build`), in the process
that keeps their last good versions between rebuilds.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from opsbook.core.handbook import Handbook
from opsbook.core.languages import LANGUAGES
from opsbook.core.problems import Problem
from opsbook.site.render import relative_url


@dataclass(frozen=True)
class Edition:
    language: str
    folder: str  # "" for the edition at the site's root

    @property
    def name(self) -> str:
        return LANGUAGES[self.language]


def from_options(options: list[dict]) -> tuple[Edition, ...]:
    editions = tuple(Edition(o["language"], o.get("folder", "").strip("/")) for o in options)
    if editions and editions[0].folder:
        raise ValueError("the first edition is built at the site's root: give it no `folder`")
    unknown = [e.language for e in editions if e.language not in LANGUAGES]
    if unknown:
        raise ValueError(f"unknown language {unknown[0]!r}; the languages are {', '.join(LANGUAGES)}")
    return editions


@dataclass
class Building:
    """What the root edition's plugin hands to the plugin of an edition it builds: the playbooks are
    validated once, for every edition."""

    edition: Edition
    serving: bool
    handbook: Handbook  # every entry as its own file has it, with the translations
    problems: list[Problem]
    shown_last_good: set[str]  # under serve: files shown in their last good version
    kept: dict | None = None  # under serve: what is kept between rebuilds (serving.LastGood), per language
    # In a parallel build: waits for the first edition's build to reach a step, EMPTIED or CHECKED (False: it ended).
    wait_for_first: Callable[[bytes], bool] | None = None


_building: Building | None = None
log = logging.getLogger("mkdocs.plugins.opsbook")


def current() -> Building | None:
    """Set while another edition is being built from the root edition's `on_post_build`."""
    return _building


@contextlib.contextmanager
def _as(building: Building) -> Iterator[None]:
    global _building
    previous, _building = _building, building
    try:
        yield
    finally:
        _building = previous


def build_edition(config, building: Building) -> None:
    """Build another edition with the same mkdocs.yml into its folder of the site being built."""
    site_dir = os.path.join(config.site_dir, building.edition.folder)
    other = load_config(config.config_file_path, site_dir=site_dir, strict=config.strict)
    if config.site_url:  # canonical addresses and the sitemap of this edition
        other.site_url = config.site_url.rstrip("/") + "/" + building.edition.folder + "/"
    with _as(building):
        build(other)


def switch_links(page_url: str, here: Edition, editions: tuple[Edition, ...]) -> list[dict]:
    """For the language switcher: the same page in every edition, as links relative to this page."""
    current_url = _in_folder(here.folder, page_url)
    return [
        {
            "name": edition.name,
            "lang": edition.language,
            "link": relative_url(_in_folder(edition.folder, page_url), current_url),
            "current": edition == here,
        }
        for edition in editions
    ]


def _in_folder(folder: str, url: str) -> str:
    return f"{folder}/{url}" if folder else url


_running: set[InParallel] = set()
_OS_ERROR = 100  # a forked build's exit status: 100 + errno (Linux's are below 134) for an OSError
EMPTIED, CHECKED = b"e", b"c"  # the first edition's build has emptied the site folder; has checked its pages


def stop_all() -> None:
    """End every process still building an edition (before its output is removed: publish.py)."""
    for running in list(_running):
        running.stop()


class InParallel:
    """The other editions, built by a forked process while this one builds its own."""

    def __init__(self, config, buildings: list[Building]):
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the child would print what is buffered a second time
        ready, self._ready = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self._ready)
            buildings[0].wait_for_first = lambda step: os.read(ready, 1) == step  # b"": the parent ended
            _as_child(config, buildings)  # never returns
        os.close(ready)
        _running.add(self)

    def reached(self, step: bytes) -> None:
        """The first edition's build has reached `step`: the other editions' builds go on."""
        os.write(self._ready, step)
        if step == CHECKED:
            os.close(self._ready)

    def succeeded(self) -> bool:
        """Wait for the other editions; an OSError in their process (a full disk) is raised here, as if it
        had happened in this one, so that it is reported once and in the same words."""
        _, status = os.waitpid(self.pid, 0)
        _running.discard(self)
        code = os.waitstatus_to_exitcode(status)
        if code > _OS_ERROR:
            raise OSError(code - _OS_ERROR, os.strerror(code - _OS_ERROR))
        return code == 0

    def stop(self) -> None:
        _running.discard(self)
        with contextlib.suppress(ChildProcessError, ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def parallel_builds_possible() -> bool:
    return hasattr(os, "fork")


def ends_with_parent() -> None:
    """For a forked process of the build: a signal ends it at once, and so does the end of its parent (Linux)."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _as_child(config, buildings: list[Building]) -> None:
    status = 1
    try:
        # Nothing here may run the parent's clean-up, which removes what was being built.
        ends_with_parent()
        for building in buildings:
            build_edition(config, building)
        status = 0
    except MkDocsException as error:  # as `mkdocs build` reports it: its message, no traceback
        log.error(str(error))
    except BaseException as error:
        if isinstance(error, OSError) and error.errno and error.errno < 256 - _OS_ERROR:
            status = _OS_ERROR + error.errno  # the parent reports it (`succeeded`), once for both editions
        else:
            traceback.print_exc()
    finally:
        logging.shutdown()
        os._exit(status)
