"""One edition of the handbook per language, each a MkDocs build of its own.

The first edition in `mkdocs.yml` is the one MkDocs builds, at the site's root; when it is
done (`on_post_build`), the plugin builds each other edition with the same configuration
into its folder (`zh/`). A separate build per language gives each edition what Material
makes once per build: its interface language, `<html lang>`, and its own search index.
`mkdocs build`, `mkdocs serve` and `opsbook build` therefore all make every edition.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs.commands.build import build
from mkdocs.config import load_config

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


_building: Building | None = None


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
