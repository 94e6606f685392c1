"""Render the generated pages (one per entry, plus index pages) as Markdown sources for MkDocs.

A page's source holds only its section headings (so MkDocs builds the table of
contents and anchors) and markers; the sections' HTML is rendered here once,
kept in `Page.blocks`, and put in place of the markers after Markdown
(`fill_blocks`), so Python-Markdown never re-parses HTML we already made.

Playbook text is data. It reaches a page only through the `finalize` and
Markdown filters below, which make it inert in every context it can land in:
HTML (escaped), Python-Markdown (punctuation written as character
references, rich text inside raw HTML blocks) and Jinja (no brace survives).
Pages also carry `render_macros: false` so mkdocs-macros never renders them.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from opsbook.core.arithmetic import shown
from opsbook.core.freshness import oldest_reference, overdue, review_of, translations_due
from opsbook.core.handbook import Handbook, Record
from opsbook.core.languages import ENGLISH_NAMES, LANGUAGES, SOURCE_LANGUAGE
from opsbook.core.schema import field_rows, schema_line
from opsbook.kinds import Kind, all_kinds
from opsbook.site.locale import Words

_TEMPLATES = Path(__file__).parent / "templates"
_INERT_CHARS = "&<>\"'`*_[](){}\\!#|~^=+:$%@"  # HTML, Markdown and Jinja syntax
_INERT = re.compile("[" + re.escape(_INERT_CHARS) + "]")
_REFERENCES = {c: f"&#{ord(c)};" for c in _INERT_CHARS}


def _underscores_are_text(state, silent: bool) -> bool:
    """Only `*` makes emphasis: `__class__` and file_names stay as typed."""
    if state.src[state.pos] != "_":
        return False
    end = state.pos
    while end < state.posMax and state.src[end] == "_":
        end += 1
    if not silent:
        state.pending += state.src[state.pos : end]
    state.pos = end
    return True


# CommonMark without raw HTML; markdown-it refuses javascript:, vbscript:, file: and data: links.
_markdown = MarkdownIt("commonmark", {"html": False}).disable("image")
_markdown.inline.ruler.before("emphasis", "underscores_are_text", _underscores_are_text)


def inert(text) -> Markup:
    """Plain text, safe to place in HTML, Markdown or a Jinja template."""
    return Markup(_INERT.sub(lambda match: _REFERENCES[match[0]], str(text)))


def _no_braces(html_text: str) -> str:
    return html_text.replace("{", "&#123;").replace("}", "&#125;")


def markdown_block(text: str) -> Markup:
    return Markup(_no_braces(_markdown.render(text)))


def markdown_inline(text: str) -> Markup:
    return Markup(_no_braces(_markdown.renderInline(text)))


_MERMAID_SAFE = re.compile(r"[^\w\s.,:?!'/-]")


def mermaid_label(text: str) -> Markup:
    """Text for a quoted Mermaid label: every other character as a Mermaid entity (#35;), so none is syntax."""
    return Markup(_MERMAID_SAFE.sub(lambda match: f"#{ord(match[0])};", " ".join(str(text).split())))


def message_pattern(template: str) -> str:
    """A problem message template with its details shown as "…", for the error catalogue."""
    return re.sub(r"\{[^{}]*\}", "…", template)


def _finalize(value):
    if value is None:
        return ""
    return value if isinstance(value, Markup) else inert(value)


@cache
def environment() -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(_TEMPLATES)]
    loaders += [jinja2.PrefixLoader({k.name: jinja2.FileSystemLoader(k.template_dir) for k in all_kinds()})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=markdown_block, inline=markdown_inline, message_pattern=message_pattern, mermaid_label=mermaid_label
    )
    return env


_MARKER = re.compile(r"<p>opsbook-block-(\d+)</p>")
_SECTION = re.compile(r"(?:^## (.+)\n\n+)?^opsbook-block-(\d+)$", re.MULTILINE)  # in a page's Markdown


def fill_blocks(page_html: str, blocks: tuple[str, ...]) -> str:
    """Put each pre-rendered block where Markdown left its marker paragraph."""
    if not blocks:  # a hand-written page: nothing of ours to put back
        return page_html
    return _MARKER.sub(lambda match: blocks[int(match[1])], page_html)


@dataclass(frozen=True)
class Page:
    src_uri: str  # path inside the docs folder, as MkDocs sees it
    content: str  # Markdown: front matter, headings and block markers
    blocks: tuple[str, ...] = ()
    record: Record | None = None  # the entry the page shows, for its edit button
    in_nav: bool = False  # kind indexes and references are in the navigation; entries never are
    kind_index: bool = False  # placed in the navigation by the plugin, not by mkdocs.yml


@dataclass(frozen=True)
class Reading:
    """An entry's place in a reading list: the entry that lists it (a module), where, and what comes next."""

    guide: Record
    position: int  # counted from 1
    count: int
    following: Record | None  # None: the last one; the reader goes back to the guide


def src_uri(record: Record) -> str:
    return f"{record.kind.folder}/{record.entry.id}.md"


def group_src_uri(kind: Kind, value: str) -> str:
    return f"{kind.folder}/{kind.group_by.replace('_', '-')}/{value}.md"


def page_url(src: str, directory_urls: bool) -> str:
    """The URL MkDocs gives the page built from `src` (relative to the site root)."""
    stem = src[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(target: str, base: str) -> str:
    """`target` as seen from the page at `base` (both site-relative URLs, as `page_url` makes them)."""
    base_dir = base if base.endswith("/") or not base else base.rsplit("/", 1)[0] + "/" if "/" in base else ""
    here = [part for part in base_dir.split("/") if part]
    there = target.split("/")
    shared = 0
    while shared < len(here) and shared < len(there) - 1 and here[shared] == there[shared]:
        shared += 1
    return "../" * (len(here) - shared) + "/".join(there[shared:]) or "./"


class Renderer:
    """Turns a Handbook into generated pages; links are relative, so the site works from any folder."""

    def __init__(
        self, handbook: Handbook, directory_urls: bool = True, words: Words | None = None, kept: dict | None = None
    ):
        self.handbook = handbook
        self.directory_urls = directory_urls
        self.words = words or Words(handbook.language or SOURCE_LANGUAGE)
        # Under serve: each entry page of the last build with what it showed (`shown`), to reuse while
        # that is unchanged: after a save, only the pages that show the changed entry are made again.
        self.kept = kept

    def url(self, src: str) -> str:
        return page_url(src, self.directory_urls)

    def link(self, target: Record | str, from_src: str) -> Markup:
        target_src = src_uri(target) if isinstance(target, Record) else target
        return Markup(relative_url(self.url(target_src), self.url(from_src)))

    @cached_property
    def records(self) -> dict[str, Record]:
        """Entry page (src_uri) -> its entry."""
        return {src_uri(record): record for record in self.handbook.records}

    def pages(self):
        for kind in all_kinds():
            records = self.handbook.of_kind(kind.name)
            groups = [
                (value, label, text, [r for r in records if value in kind.group_values(r.entry)])
                for value, (label, text) in (kind.groups or {}).items()
            ]
            own_index = (kind.template_dir / "index.md.j2").exists()  # a kind may lay out its index itself
            yield self._page(
                f"{kind.folder}/index.md",
                f"{kind.name}/index.md.j2" if own_index else "kind_index.md.j2",
                kind=kind,
                title=self.words.text(kind.plural),
                records=records,
                groups=groups,
                in_nav=True,
                kind_index=True,
                searchable=False,
            )
            for value, label, text, members in groups:
                yield self._page(
                    group_src_uri(kind, value),
                    "group_index.md.j2",
                    kind=kind,
                    title=self.words.text(label),
                    description=self.words.text(text),
                    records=members,
                    searchable=False,
                )
            for src, template, title in kind.pages:
                yield self._page(
                    src,
                    f"{kind.name}/{template}",
                    kind=kind,
                    title=self.words.text(title),
                    records=records,
                    in_nav=True,
                )
        made = {}
        for record in self.handbook.records:
            src = src_uri(record)
            shown = self.shown(record) if self.kept is not None else None  # a build keeps nothing: no need
            if shown is not None and (last := self.kept.get(src)) and last[0] == shown:
                page = last[1]
            else:
                page = self._page(
                    src,
                    f"{record.kind.name}/page.md.j2",
                    record=record,
                    kind=record.kind,
                    title=record.entry.title,
                    tags=record.entry.tags,
                    description=record.entry.summary,
                )
            if self.kept is not None:  # (in a build, holding every page here would hold all their HTML at once)
                made[src] = (shown, page)
            yield page
        if self.kept is not None:
            self.kept.clear()
            self.kept.update(made)
        yield self._page(
            "needs-review.md",
            "needs_review.md.j2",
            title=self.words.text("Needs review"),
            in_nav=True,
            searchable=False,
            reviews=overdue(self.handbook),
            translations=translations_due(self.handbook.source, LANGUAGES),
            english_names=ENGLISH_NAMES,
            today=self.handbook.today,
        )
        yield self._page(
            "reference/schema.md",
            "schema_reference.md.j2",
            title=self.words.text("Playbook fields"),
            in_nav=True,
            rows={kind.name: field_rows(kind) for kind in all_kinds()},
            schema_lines={kind.name: schema_line(kind) for kind in all_kinds()},
        )

    def shown(self, record: Record) -> tuple:
        """Everything an entry's page is made from besides the templates: the entry, the entries it cites,
        those that cite it, its reading lists and what follows it in each, all the entries of its kind when
        the kind is ordered (a module shows its place and the next one), the day and the link style.
        Records compare by content, so two equal tuples make the same page."""
        handbook = self.handbook
        cited = [handbook.get(reference.target) for reference in record.entry.references()]
        citing = [backlink.source for backlink in handbook.referenced_by(record.entry.id)]
        reading = [(r.guide, r.position, r.count, r.following) for r in self.readings(record)]
        ordered = handbook.of_kind(record.kind.name) if record.kind.ordered_by else ()
        return (record, cited, citing, reading, ordered, handbook.today, self.directory_urls)

    def readings(self, record: Record) -> list[Reading]:
        """Where the entry stands in each reading list that names it (a module's `read`), and what follows."""
        found = []
        for backlink in self.handbook.read_in(record.entry.id):
            listed = getattr(backlink.source.entry, backlink.source.kind.reading_list)
            at = backlink.path[1]
            following = self.handbook.get(listed[at + 1]) if at + 1 < len(listed) else None
            found.append(Reading(backlink.source, at + 1, len(listed), following))
        return found

    def entry_sections(self, record: Record, from_src: str) -> list[tuple[str, Markup]]:
        """An entry's page as (section heading, HTML) pairs, linked from `from_src` (the print-all page)."""
        page = self._page(
            from_src, f"{record.kind.name}/page.md.j2", record=record, kind=record.kind, title=record.entry.title
        )
        return [(heading, Markup(page.blocks[int(number)])) for heading, number in _SECTION.findall(page.content)]

    def render_fragment(self, template: str, from_src: str, **context) -> Markup:
        """A piece of HTML for a hand-written page (used by the macros)."""
        return Markup(self._render(template, from_src, context))

    def _page(
        self,
        src: str,
        template: str,
        *,
        title: str,
        tags=(),
        description: str = "",
        in_nav=False,
        kind_index=False,
        searchable=True,
        **context,
    ) -> Page:
        # Material prints page.meta.title and .description unescaped; braces are encoded as well,
        # since mkdocs-macros renders a title that looks like a template.
        front = {"title": _no_braces(html.escape(title)), "render_macros": False}
        if description:
            front["description"] = _no_braces(html.escape(description))
        if tags:
            front["tags"] = [self.words.tag(tag) for tag in tags]
        if not searchable:  # index pages repeat the entries' summaries; search should find the entries
            front["search"] = {"exclude": True}
        # JSON values are valid YAML, and much faster to write than with a YAML emitter.
        lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
        blocks: list[str] = []
        body = self._render(template, src, dict(context, title=title, description=description), blocks)
        return Page(
            src,
            "---\n" + "\n".join(lines) + "\n---\n\n" + body,
            tuple(blocks),
            context.get("record"),
            in_nav,
            kind_index,
        )

    def _render(self, template: str, src: str, context: dict, blocks: list | None = None) -> str:
        def block(caller) -> str:
            blocks.append(caller())
            return f"\n\nopsbook-block-{len(blocks) - 1}\n\n"

        return (
            environment()
            .get_template(template)
            .render(
                context,
                handbook=self.handbook,
                kinds=all_kinds(),
                link=lambda target: self.link(target, src),
                asset=lambda path: Markup(relative_url(path, self.url(src))),
                review=lambda record: review_of(record, self.handbook),
                number=shown,
                oldest_reference=lambda record, kind=None: oldest_reference(self.handbook, record, kind),
                group_link=lambda kind, value: self.link(group_src_uri(kind, value), src),
                readings=self.readings,
                block=block,
                _=self.words,
            )
        )
