"""MkDocs glue: validate the playbooks, then add the engine's pages and downloads to the site.

Building (`mkdocs build`, `opsbook build`): validation runs in `on_config`,
before MkDocs cleans or writes anything, and a problem in a hand-written page
(template code, a macro call) fails the build in `on_env`, before any page is
written; every problem is printed as FILE:LINE:COL: FIELD: MESSAGE.

Serving (`mkdocs serve`): the plugin lives across rebuilds (it defines
`on_startup`) and nothing it does raises. A broken playbook or page is shown
in its last good version (serving.LastGood), every other edit as it is, and
every page carries a banner listing the current problems until they are fixed.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel

from opsbook.core import clock, validate
from opsbook.core.languages import ENGLISH_NAMES, LANGUAGES, SOURCE_LANGUAGE
from opsbook.core.layout import PLAYBOOKS
from opsbook.core.problems import Problem
from opsbook.core.schema import IDS_FILE, ids_schema_text, schema_text, translation_schema_text
from opsbook.kinds import all_kinds
from opsbook.site import editions, editor, macro_guard, search_index, search_words
from opsbook.site.abbreviations import Abbreviator, hover_terms
from opsbook.site.engine_page import EnginePage, Skeletons
from opsbook.site.locale import Words
from opsbook.site.render import Renderer
from opsbook.site.serving import LastGood, guard_rebuilds, notices, page_notice
from opsbook.tools.export import write_export

log = logging.getLogger("mkdocs.plugins.opsbook")
EXPORT = "downloads/handbook.json"


class OpsbookConfig(Config):
    playbooks = c.Type(str, default=PLAYBOOKS)  # relative to mkdocs.yml
    # Where each kind's index page goes in the navigation (kinds are not listed in mkdocs.yml's nav).
    kinds_after = c.Type(str, default="index.md")
    # The handbook's editions: [{language, folder}], the first at the site's root (see editions.py).
    editions = c.Type(list, default=[{"language": SOURCE_LANGUAGE}])
    # Where Decap CMS is installed (npm, tools/package.json), relative to mkdocs.yml; "" leaves the
    # form editor (admin/) out of the site.
    editor = c.Type(str, default="")


class OpsbookPlugin(BasePlugin[OpsbookConfig]):
    serving = False
    dirty = False
    last_good: LastGood | None = None  # under serve: what a broken edit falls back to
    in_parallel: editions.InParallel | None = None  # the other editions, while another process builds them
    search_writer: search_index.WrittenAsItComes | None = None  # in a build: writes the search index
    kept: dict | None = None  # under serve: the LastGood of the playbooks and of each edition's pages

    def on_startup(self, *, command, dirty):
        self.serving, self.dirty = command == "serve", dirty
        # Under serve: what a broken edit falls back to, for the playbooks and for each edition's pages.
        self.kept = {} if self.serving else None
        if self.serving:
            validate.keep_parsed()

    @event_priority(100)  # before Material's search plugin reads the interface language
    def on_config(self, config):
        try:
            self.editions = editions.from_options(self.config.editions)
        except ValueError as error:
            raise PluginError(f"opsbook: editions in mkdocs.yml: {error}") from None
        self.building = editions.current()  # set when this is another edition, built by the root one
        if self.building:
            self.edition, self.serving, self.kept = self.building.edition, self.building.serving, self.building.kept
            source, self.problems = self.building.handbook, self.building.problems
            self.shown_last_good = self.building.shown_last_good
        else:
            self.edition = self.editions[0]
            source, self.problems, self.shown_last_good = self._validate(config)
        self.source_handbook = source
        if not self.building and not self.serving and len(self.editions) > 1 and editions.parallel_builds_possible():
            self.in_parallel = editions.InParallel(config, self._handing())  # the other editions, from now on
        self.last_good = self.kept.setdefault(self.edition.language, LastGood()) if self.serving else None
        self.held_back = {problem.path for problem in self.problems if problem.blocking}  # files not shown as now
        self.handbook = source.edition(self.edition.language)
        self.words = Words(self.edition.language)
        self._in_the_editions_language(config)
        self.abbreviator = Abbreviator(hover_terms(self.handbook))
        self.sources: dict[str, str] = {}  # page src_uri -> the file it is made from, for the banner
        if "macros" in config.plugins:
            macro_guard.install(config.plugins["macros"], self.page_rendered)
        return config

    def _in_the_editions_language(self, config) -> None:
        """Material's interface, the site's name and Chinese search words in this edition's language."""
        # Material's interface language is ours by name; for zh-Hans, overrides/partials/languages/zh-Hans.html
        # is Material's Chinese with the page's language given as zh-Hans.
        config.theme["language"] = self.edition.language
        if self.edition.language != SOURCE_LANGUAGE:
            config.site_name = self.words.text(config.site_name)
            config.site_description = config.site_description and self.words.text(config.site_description)
        if len(self.editions) > 1:
            # Truthy, so that Material's header shows the switcher (overrides/partials/alternate.html, with
            # each page's own links); not a list, so that no <link rel=alternate> is written: for those,
            # Material's script fetches sitemap.xml (refused under file://) and sends a click on a language
            # to that edition's home page when the sitemap has no absolute addresses (no site_url).
            config.extra["alternate"] = True
        self.words_file = None
        # In a build, the index is written as pages come, cut with jieba's own dictionary and the handbook's terms
        # (search_index.py); a site's own dictionaries are Material's to use.
        self.index_as_it_comes = False
        # In every edition: English pages have Chinese terms too, and jieba's dictionary is one per process,
        # so an edition built after another (under serve, every rebuild) would otherwise cut differently.
        if "material/search" in config.plugins:
            search_index.write_characters(sys.modules[type(config.plugins["material/search"]).__module__])
            search = config.plugins["material/search"].config
            self.index_as_it_comes = not self.serving and not search.jieba_dict and not search.jieba_dict_user
            if not search.jieba_dict_user and not self.index_as_it_comes:  # Material's search loads it in its on_config
                self.words_file = search_words.user_dictionary(self.handbook)
                search.jieba_dict_user = str(self.words_file)

    def on_pre_build(self, config):
        if self.building and self.building.wait_for_first and not self.building.wait_for_first(editions.EMPTIED):
            raise PluginError("opsbook: the build of the first edition ended; this one stops too.")
        if self.words_file:  # loaded by now
            self.words_file.unlink(missing_ok=True)
        if "material/search" in config.plugins:  # made in its on_config, before this
            search = config.plugins["material/search"]
            if self.serving:
                search_index.keep_entries(search.search_index, self.last_good.search_entries)
            elif self.index_as_it_comes and sys.modules[type(search).__module__].jieba is not None:  # else no cutting
                path = os.path.join(config.site_dir, "search", "search_index.json")
                terms = search_words.terms(self.handbook)
                self.search_writer = search_index.WrittenAsItComes(search.search_index, path, terms)

    def _validate(self, config):
        """The playbooks, checked once for all editions: the handbook, its problems, the files shown as they were."""
        playbooks = Path(config.config_file_path).parent / self.config.playbooks
        handbook, problems = validate.load(playbooks, clock.today())
        self.report(problems)
        blocking = [problem for problem in problems if problem.blocking]
        if self.serving:
            handbook, shown = self.kept.setdefault("playbooks", LastGood()).handbook(handbook, problems)
            return handbook, problems, shown
        if blocking:
            raise PluginError(f"{len(blocking)} problem(s) in the playbooks (listed above); nothing was built.")
        return handbook, problems, set()

    def on_files(self, files, config):
        if self.in_parallel:  # MkDocs has emptied the site folder: the other editions empty theirs
            self.in_parallel.reached(editions.EMPTIED)
        docs_dir = Path(config.docs_dir)
        self.untranslated = self._hand_written_in_language(files, docs_dir)
        # Made here, not in on_config: Material's offline plugin turns directory URLs off in its on_config.
        kept = self.last_good.entry_pages if self.serving else None
        self.renderer = Renderer(self.handbook, config.use_directory_urls, self.words, kept)
        skeletons = Skeletons(config)
        # A hand-written page clashes with a generated one by file (strategies/index.md) or by web
        # address (strategies.md is also strategies/): MkDocs would silently keep only one of them.
        by_url = {file.url: file for file in files.documentation_pages()}
        for page in self.renderer.pages():
            # Kind indexes join the navigation in on_nav: marked "not in nav" so MkDocs does not miss them first.
            inclusion = InclusionLevel.UNDEFINED if page.in_nav and not page.kind_index else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
            if clash := files.get_file_from_path(page.src_uri) or by_url.get(file.url):
                problem = Problem.of("generated-page-exists", validate.display_path(Path(clash.abs_src_path)))
                if not self.serving:
                    raise PluginError(str(problem))
                self.found([problem])
                files.remove(clash)
            # The edit button opens the file that holds the entry's text in this language; other
            # generated pages have nothing to edit.
            file.edit_uri = Path(os.path.relpath(page.record.text_file, docs_dir)).as_posix() if page.record else None
            if page.record:
                self.sources[page.src_uri] = page.record.display_path
            EnginePage(file, config, page.blocks, skeletons)  # becomes file.page
            files.append(file)
        # Written into the site in on_env (MkDocs copies a file onto itself as nothing): a handbook-sized text.
        export = os.path.join(config.site_dir, EXPORT)
        files.append(File.generated(config, EXPORT, abs_src_path=export))
        for kind in all_kinds():
            files.append(File.generated(config, f"schemas/{kind.schema_file}", content=schema_text(kind)))
            schema = translation_schema_text(kind)
            files.append(File.generated(config, f"schemas/{kind.translation_schema_file}", content=schema))
        files.append(File.generated(config, f"schemas/{IDS_FILE}", content=ids_schema_text(self.handbook)))
        if not self.building:  # one form editor, at the site's root, for every edition's files
            editor.add_files(files, config, self.config.editor)
        return files

    def _hand_written_in_language(self, files, docs_dir: Path) -> set[str]:
        """Each hand-written page in this edition's language: `x.zh-Hans.md` takes the place of `x.md`.

        Returns the pages that have no text in this language yet (shown in the source language, with a notice).
        """
        siblings = {}
        for file in list(files.documentation_pages()):
            stem, dot, language = file.src_uri[: -len(".md")].rpartition(".")
            if dot and language in LANGUAGES:
                files.remove(file)
                siblings[(stem + ".md", language)] = file
        if self.edition.language == SOURCE_LANGUAGE:
            return set()
        untranslated = set()
        for file in files.documentation_pages():
            own = siblings.get((file.src_uri, self.edition.language))
            if own is None:
                untranslated.add(file.src_uri)
                continue
            file.abs_src_path = own.abs_src_path
            file.edit_uri = own.edit_uri
        return untranslated

    def page_rendered(self, page, rendered: str | None, problems: list[Problem]) -> str:
        """Called by the macro guard for each page: the Markdown to use (under serve, the last good one)."""
        if page.file.abs_src_path is None:  # generated: never rendered as a template
            return rendered or ""
        self.sources[page.file.src_uri] = validate.display_path(Path(page.file.abs_src_path))
        self.found(problems)
        if problems:
            self.held_back.add(self.sources[page.file.src_uri])
        if not self.serving:
            return rendered or ""
        if problems and page.file.src_uri in self.last_good.pages:
            self.shown_last_good.add(self.sources[page.file.src_uri])
        return self.last_good.page(page.file.src_uri, rendered)

    def on_nav(self, nav, config, files):
        """Each kind's index page, in the kinds' order, after the page `kinds_after` names
        (unless mkdocs.yml's nav places it itself, as it does the learning path)."""
        placed = {page.file.src_uri for page in _pages_in(nav.items)}
        indexes = [f"{kind.folder}/index.md" for kind in all_kinds()]
        pages = [files.get_file_from_path(src).page for src in indexes if src not in placed]
        at = next(
            (
                i + 1
                for i, item in enumerate(nav.items)
                if getattr(item, "file", None) and item.file.src_uri == self.config.kinds_after
            ),
            len(nav.items),
        )
        nav.items[at:at] = pages
        nav.pages = list(_pages_in(nav.items))
        if self.edition.language != SOURCE_LANGUAGE:  # titles written in mkdocs.yml, in this edition's words
            for item in _items_in(nav.items):
                if item.title:  # set by mkdocs.yml; the kinds' pages get theirs later, from the page
                    item.title = self.words.text(item.title)
        for before, page, after in zip(
            [None, *nav.pages], nav.pages, [*nav.pages[1:], None], strict=False
        ):  # each page with its neighbours
            page.previous_page, page.next_page = before, after
        return nav

    def _abbreviate(self, html, page, config, files):
        if isinstance(page, EnginePage):  # its blocks, and their terms, go in when it is written
            return html
        return self.abbreviator.apply(html)

    @event_priority(-100)  # last: every other plugin has seen the skeleton
    def _put_away(self, html, page, config, files):
        return page.put_away(html) if isinstance(page, EnginePage) else html

    on_page_content = CombinedEvent(_abbreviate, _put_away)

    @event_priority(110)  # before other plugins write anything (Material's tags plugin writes tags.json at 100)
    def on_env(self, env, config, files):
        # Every page has been rendered by now, so every problem of this build is known.
        self.notices = notices(self.problems, self.shown_last_good, self.held_back)
        if self.serving and self.problems:
            log.error(
                f"{len(self.problems)} problem(s) (listed above), shown in a banner on every page until "
                f"fixed; {len(self.shown_last_good)} file(s) shown in their last good version."
            )
        elif self.held_back:
            raise PluginError(
                f"{len(self.held_back)} page(s) in docs/ with problems (listed above); nothing was built."
            )
        # Nothing is written before this point: another edition built in parallel writes only after the first
        # edition has emptied the site folder and passed the check above.
        if self.in_parallel:
            self.in_parallel.reached(editions.CHECKED)
        if self.building and self.building.wait_for_first and not self.building.wait_for_first(editions.CHECKED):
            raise PluginError("opsbook: the build of the first edition ended; this one stops too.")
        write_export(self.source_handbook, os.path.join(config.site_dir, EXPORT))
        return env

    def on_post_page(self, output, page, config):
        # Written, and indexed for search: MkDocs would keep every page's HTML until the end of the build.
        page.content = None  # (not the Markdown: MkDocs reads a page's title from its front matter, for the nav)
        return output

    @event_priority(50)  # before Material's search reads the page's HTML
    def on_page_context(self, context, page, config, nav):
        if isinstance(page, EnginePage):
            page.content = self.abbreviator.apply(page.fill())
        context["opsbook_switch"] = editions.switch_links(page.url, self.edition, self.editions)
        context["opsbook_notice"] = self._translation_notice(page.file.src_uri)
        if self.serving and self.notices:  # only while serving: a built site never carries the banner
            context["opsbook_problems"] = self.notices
            context["opsbook_page"] = page_notice(
                self.sources.get(page.file.src_uri), self.shown_last_good, self.held_back
            )
        return context

    def _translation_notice(self, src_uri: str):
        """What a reader must know about this page's text: not translated yet, or translated from older text."""
        record = self.renderer.records.get(src_uri)
        source_name = self.words.text(ENGLISH_NAMES[record.source_entry.language if record else SOURCE_LANGUAGE])
        if src_uri in self.untranslated or (record and record.text == "missing"):
            return self.words("This page is not translated yet; it is shown in {language}.", language=source_name)
        if record and record.text == "stale":
            return self.words(
                "The {language} text changed on {date}; this translation may be out of date.",
                language=source_name,
                date=record.source_changed.isoformat(),
            )
        return None

    def found(self, problems: list[Problem]) -> None:
        new = [problem for problem in problems if problem not in self.problems]
        self.problems = sorted(self.problems + new)
        self.report(new)

    @staticmethod
    def report(problems: list[Problem]) -> None:
        for problem in problems:
            (log.error if problem.blocking else log.warning)(str(problem))

    def _handing(self) -> list[editions.Building]:
        """What each other edition's build gets from this one."""
        return [
            editions.Building(e, self.serving, self.source_handbook, self.problems, self.shown_last_good, self.kept)
            for e in self.editions[1:]
        ]

    @event_priority(-50)  # after Material's search plugin has written its index (empty), before its offline plugin
    def _finish_search_index(self, config):
        if self.search_writer:
            self.search_writer.finish()
            self.search_writer = None

    @event_priority(-60)  # after this edition's search index is finished (plugins may be shared between editions)
    def _build_other_editions(self, config):
        """The root edition builds the others, into their folders of the same site (or waits for them)."""
        if self.building:
            return
        if self.in_parallel:
            in_parallel, self.in_parallel = self.in_parallel, None  # ended once waited for, even by an OSError
            if not in_parallel.succeeded():
                raise PluginError("opsbook: another edition could not be built (above); nothing was built.")
            return
        for handing in self._handing():
            editions.build_edition(config, handing)

    on_post_build = CombinedEvent(_finish_search_index, _build_other_editions)

    def on_build_error(self, error):
        if self.search_writer:
            self.search_writer.close()
            self.search_writer = None
        if self.in_parallel:  # this edition failed: the others' work is not wanted
            self.in_parallel.stop()
            self.in_parallel = None

    def on_serve(self, server, config, builder):
        guard_rebuilds(server, self.dirty)
        return server


def _items_in(items):
    for item in items:
        yield item
        if item.is_section:
            yield from _items_in(item.children)


def _pages_in(items):
    for item in items:
        if item.is_page:
            yield item
        elif item.is_section:
            yield from _pages_in(item.children)
