"""Playbook text never becomes markup in a reader's browser, even after Material's JavaScript has run.

A handbook whose every text field of every kind holds payloads aimed at attributes and tooltips
is built (not strictly: the strict build refuses most of them, and whatever a lenient build lets
through must still be inert), served, and read in Chromium: every element with a title, a
tooltip or shortened text is hovered and focused, at a wide and a narrow window, and search
results for the payloads are opened and hovered. No payload may run, and no element with an
`on…` attribute may exist anywhere in the page.
"""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from opsbook.core import validate
from opsbook.core.schema import resolve, schema_for, schema_line
from opsbook.kinds import all_kinds
from opsbook.tools.skeleton import translation_skeleton

from ..bad_playbooks import EVIDENCE
from ..conftest import copy_handbook, mkdocs_build, payloaded_entry
from .conftest import serve

# Each calls __xss(n) if it ever runs; the numbers say which one did.
PAYLOADS = [
    "<https://x/ style=animation-name:md-spin;animation-duration:1ms onanimationstart=__xss(1)>",
    "<img src=x onerror=__xss(2)>",
    '"><svg onload=__xss(3)>',
    "' onfocus='__xss(4)' autofocus tabindex='1",
    "<mailto:x onmouseover=__xss(5)>",
    "&lt;img src=x onerror=__xss(6)&gt;",
    '[link](https://example.org "<img src=x onerror=__xss(7)>")',
    "<a href=javascript:__xss(8)>a</a>",
    "<!--><img src=x onerror=__xss(9)>",
]
MARKER = "__xss("
# Everything Material (or the browser's own title tooltip) could turn into a tooltip or show shortened.
HOSTS = "[title], abbr, .md-ellipsis, .md-header__topic, .md-nav__link, .md-search-result__link"
RECORD = "window.__xss = n => { window.__ran = (window.__ran || []).concat([n]); };"
FOUND_HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(el =>
    [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))"""


def hostile_text(n: int, limit: int) -> str:
    """Payloads for one field: as many as fit, starting at a different one each time."""
    text = f"T{n}"
    for payload in PAYLOADS[n % len(PAYLOADS) :] + PAYLOADS[: n % len(PAYLOADS)]:
        if len(text) + 1 + len(payload) <= limit:
            text += " " + payload
    return text


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = copy_handbook(tmp_path_factory.mktemp("hostile"))
    (folder / "playbooks/evidence/corpus-proof.yaml").write_text(EVIDENCE, encoding="utf-8")
    numbers, payloads = count(1), {}
    for kind in all_kinds():
        entry = _fill(payloaded_entry(kind, numbers, payloads), kind)
        text = schema_line(kind) + "\n" + yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=10_000)
        (folder / "playbooks" / kind.folder / f"{entry['id']}.yaml").write_text(text, encoding="utf-8")
    # A glossary abbreviation whose hover text carries payloads, used in another entry's text.
    term = {
        "id": "pwn",
        "title": "PWN",
        "chinese": "攻击测试",
        "summary": hostile_text(90, 300),
        "owner": hostile_text(91, 80),
        "reviewed": "2026-11-01",
        "stands_for": hostile_text(92, 120),
        "tags": ["hostile"],
    }
    term_kind = next(k for k in all_kinds() if k.name == "term")
    (folder / "playbooks/glossary/pwn.yaml").write_text(
        schema_line(term_kind) + "\n" + yaml.safe_dump(term, allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )
    evidence = folder / "playbooks/evidence/corpus-proof.yaml"
    evidence.write_text(
        evidence.read_text(encoding="utf-8").replace("Ask the supplier", "PWN and 攻击测试 matter. Ask the supplier"),
        encoding="utf-8",
    )
    # Every payloaded entry's Chinese translation carries the payloads too (its text is the entry's).
    book, _ = validate.load(folder / "playbooks", date(2026, 11, 24))
    for record in book.records:
        if MARKER in record.path.read_text(encoding="utf-8"):
            record.path.with_name(f"{record.entry.id}.zh-Hans.yaml").write_text(
                translation_skeleton(record, "zh-Hans").replace(" T", " Z"), encoding="utf-8"
            )
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.output
    site = folder / "site"
    pages = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if MARKER in p.read_text(encoding="utf-8")
    )
    assert len(pages) >= 6, pages  # entry pages, indexes, tags, guides
    assert len([p for p in pages if p.startswith("zh/")]) >= 6, pages  # and the same in the Chinese edition
    server, url = serve(site)
    yield url, pages
    server.shutdown()


def _fill(entry: dict, kind) -> dict:
    """Replace every free text that payloaded_entry filled with payloads sized to its field."""
    schema = schema_for(kind)
    numbers = count(10 * kind.order)

    def walk(value, prop):
        prop = resolve(prop, schema)
        if isinstance(value, list):
            return [walk(item, prop["items"]) for item in value]
        if isinstance(value, dict):
            return {key: walk(item, prop["properties"][key]) for key, item in value.items()}
        if isinstance(value, str) and "{{" in value:
            return hostile_text(next(numbers), prop.get("maxLength", 10_000))
        return value

    return {key: walk(value, schema["properties"][key]) for key, value in entry.items()}


def assert_inert(tab, where: str) -> None:
    assert tab.evaluate("window.__ran || []") == [], f"script from playbook text ran on {where}"
    assert tab.evaluate(FOUND_HANDLERS) == [], f"an element with an on… attribute exists on {where}"
    assert not tab.dialogs, f"a dialog opened on {where}"


# Every host at once gets the events Material's tooltips listen to (enter, over, focus); then a
# moment for the tooltips to mount. Hidden hosts (a closed drawer) are reached this way too.
POINT_AT_ALL = """async selector => {
    const hosts = [...document.querySelectorAll(selector)];
    for (const el of hosts) {
        for (const type of ["pointerenter", "mouseenter", "pointerover", "mouseover"])
            el.dispatchEvent(new MouseEvent(type, {bubbles: type.endsWith("over")}));
        el.focus();
        el.dispatchEvent(new FocusEvent("focusin", {bubbles: true}));
    }
    await new Promise(done => setTimeout(done, 400));
    // Which hosts the real pointer reaches next: the first ten that are shown and, scrolled to, on top at
    // their centre (as Playwright checks before it hovers; one covered by the header would only time out).
    const reachable = [];
    for (const [i, el] of hosts.entries()) {
        if (reachable.length === 10) break;
        if (!el.checkVisibility()) continue;
        el.scrollIntoView({block: "center", inline: "center"});
        const box = el.getBoundingClientRect();
        const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        if (top && el.contains(top)) reachable.push(i);
    }
    return [hosts.length, reachable];
}"""


def hover_and_focus_all(tab, selector: str = HOSTS) -> int:
    """Every host through its events, then the visible ones with the real pointer and keyboard."""
    total, shown = tab.evaluate(POINT_AT_ALL, selector)
    hosts = tab.locator(selector)
    for host in map(hosts.nth, shown):
        try:
            host.hover(timeout=100)
        except PlaywrightError:  # covered by another element or outside the window: the events above reached it
            continue
        host.focus()
    tab.wait_for_timeout(300)
    return total


# Wide: every host. Narrow: what a small window shortens (titles in the header, navigation, contents).
@pytest.mark.parametrize("width, selector", [(1280, HOSTS), (420, ".md-ellipsis, .md-header__topic")])
def test_payloads_stay_text_when_hovered_and_focused(browser, hostile_site, width, selector):
    url, pages = hostile_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(RECORD)
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    hovered = 0
    for path in pages:
        tab.goto(url + path)
        hovered += hover_and_focus_all(tab, selector)
        assert_inert(tab, path)
    assert hovered > 20 * len(pages)
    context.close()


@pytest.mark.parametrize("edition", ["", "zh/"])
@pytest.mark.parametrize("query", ["onerror", "攻击测试"])
def test_payloads_stay_text_in_search_results(browser, hostile_site, query, edition):
    url, _ = hostile_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD)
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(url + edition)
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup
    tab.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert hover_and_focus_all(tab) > 0
    assert_inert(tab, f"the search results for {query!r}")
    tab.locator(".md-search-result__link").first.click()
    tab.wait_for_load_state()
    hover_and_focus_all(tab)
    assert_inert(tab, f"the first result for {query!r}")
    context.close()
