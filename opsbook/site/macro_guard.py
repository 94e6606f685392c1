"""Render hand-written pages through mkdocs-macros so that an error becomes a problem at its line.

mkdocs-macros renders each page's Markdown as a Jinja template. On an error it
either writes the error into the page or, with `on_error_fail: true`, calls
`exit()`, which under `mkdocs serve` ends the server. The guard wraps its
`render`: it keeps `on_error_fail` on, so that any error reaches the guard as
SystemExit with the original error as its context, and turns that error into
Problems (file, line counted in the file, column of the macro call). What to
show instead is the caller's choice (`report`).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import jinja2

from opsbook.core.problems import Problem
from opsbook.core.validate import display_path
from opsbook.site.macros import MacroError
from opsbook.site.page_check import front_matter_lines, located

# mkdocs-macros logs each error as a long Markdown block with a traceback; the guard reports it in one line.
_MACROS_LOG = logging.getLogger("mkdocs.plugins.mkdocs_macros.util")


class _BelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.WARNING


@contextmanager
def _quiet():
    dropped = _BelowWarning()
    _MACROS_LOG.addFilter(dropped)
    try:
        yield
    finally:
        _MACROS_LOG.removeFilter(dropped)


Report = Callable[[object, str | None, list[Problem]], str]  # (page, rendered or None, problems) -> Markdown


def install(macros, report: Report) -> None:
    """Wrap the macros plugin's `render` (a new plugin object each build) so that `report` decides every page."""
    original = macros.render
    macros.config["on_error_fail"] = True

    def render(markdown: str, force_rendering: bool = False) -> str:
        page = macros.page
        try:
            with _quiet():
                rendered = original(markdown=markdown, force_rendering=force_rendering)
        except (SystemExit, Exception) as stop:  # SystemExit: mkdocs-macros' `exit()` on a template error
            error = stop.__context__ if isinstance(stop, SystemExit) and stop.__context__ else stop
            if markdown == page.title:  # the title, rendered separately: keep it as written
                return markdown
            return report(page, None, problems_of(error, page))
        return rendered if markdown == page.title else report(page, rendered, [])

    macros.render = render


def problems_of(error: BaseException, page) -> list[Problem]:
    """The error of rendering `page`, as problems at the line of the file where it happened."""
    source = page.file.content_string
    path = display_path(Path(page.file.abs_src_path)) if page.file.abs_src_path else f"docs/{page.file.src_uri}"
    offset = front_matter_lines(source)
    if isinstance(error, jinja2.TemplateSyntaxError):
        return [
            located(
                "template-syntax",
                path,
                source,
                (error.lineno or 1) + offset,
                "template",
                detail=error.message or str(error),
            )
        ]
    line = offset + _template_line(error)
    if isinstance(error, MacroError):
        return [*error.causes, located(error.code, path, source, line, error.macro, error.needle, **error.details)]
    detail = str(error) if isinstance(error, (jinja2.TemplateError, TypeError)) else f"{type(error).__name__}: {error}"
    return [located("template-error", path, source, line, "template", detail=detail)]


def _template_line(error: BaseException) -> int:
    """The line of the template being rendered when `error` was raised (Jinja marks its frames `<template>`)."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == "<template>"]
    return lines[-1] if lines and lines[-1] else 1
