"""MkDocs glue: validate the playbooks, then add the engine's pages and downloads to the site.

Validation runs in `on_config`, before MkDocs cleans or writes anything, so a
broken playbook leaves the previous site as it was. Under `mkdocs serve` the
plugin lives across rebuilds (it defines `on_startup`) and keeps the last
handbook that validated: a broken edit prints its problems and the site is
rebuilt from that last good version, instead of MkDocs' stalled server.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from . import clock, validate
from .abbreviations import Abbreviator, hover_terms
from .export import export_text
from .kinds import all_kinds
from .render import Renderer, fill_blocks
from .schema import schema_text

log = logging.getLogger("mkdocs.plugins.opsbook")


class OpsbookConfig(Config):
    playbooks = c.Type(str, default="playbooks")  # relative to mkdocs.yml


class OpsbookPlugin(BasePlugin[OpsbookConfig]):
    serving = False
    last_good = None  # under serve: the last handbook without blocking problems

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        self.playbooks = Path(config.config_file_path).parent / self.config.playbooks
        self.handbook, problems = validate.load(self.playbooks, clock.today())
        for problem in problems:
            (log.error if problem.blocking else log.warning)(str(problem))
        blocking = sum(problem.blocking for problem in problems)
        if blocking and self.serving and self.last_good:
            log.error(f"{blocking} problem(s) in the playbooks (listed above); "
                      "serving the last good version of them until they are fixed.")
            self.handbook = self.last_good
        elif blocking:
            raise PluginError(f"{blocking} problem(s) in the playbooks (listed above); nothing was built.")
        self.last_good = self.handbook
        self.abbreviator = Abbreviator(hover_terms(self.handbook))
        self.macro_errors: list[str] = []
        return config

    def on_files(self, files, config):
        docs_dir = Path(config.docs_dir)
        # Made here, not in on_config: Material's offline plugin turns directory URLs off in its on_config.
        self.renderer = Renderer(self.handbook, config.use_directory_urls)
        self.blocks = {}
        for page in self.renderer.pages():
            self.blocks[page.src_uri] = page.blocks
            if files.get_file_from_path(page.src_uri):
                raise PluginError(f"docs/{page.src_uri} is generated from the playbooks; remove the hand-written file.")
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
            # The edit button opens the entry's YAML file; other generated pages have nothing to edit.
            file.edit_uri = Path(os.path.relpath(page.record.path, docs_dir)).as_posix() if page.record else None
            files.append(file)
        files.append(File.generated(config, "downloads/handbook.json", content=export_text(self.handbook, compact=True)))
        for kind in all_kinds():
            files.append(File.generated(config, f"schemas/{kind.schema_file}", content=schema_text(kind)))
        return files

    def on_page_content(self, html, page, config, files):
        return self.abbreviator.apply(fill_blocks(html, self.blocks.get(page.file.src_uri, ())))

    @event_priority(110)  # before other plugins write anything (Material's tags plugin writes tags.json at 100)
    def on_env(self, env, config, files):
        # Macro errors are collected rather than raised inside mkdocs-macros, whose own error path exits
        # the process; here they fail the build before any page is written, as a playbook error does.
        for message in self.macro_errors:
            log.error(message)
        if self.macro_errors:
            raise PluginError(f"{len(self.macro_errors)} macro error(s) in docs/ (listed above); nothing was built.")
        return env
