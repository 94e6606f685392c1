"""Rendering: playbook text is inert in every context, links are relative."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils import get_relative_url

from opsbook.site.render import inert, markdown_block, markdown_inline, page_url, relative_url

PAYLOADS = [
    "{{ config }}",
    "{% include 'x' %}",
    "{{ ''.__class__.__mro__ }}",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "*not emphasis* `nor code`",
    '--8<-- "/etc/passwd"',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_inert_text_keeps_no_markup_character(payload):
    out = inert(payload)
    assert not set(out) & set("<>{}[]()*`\"'")
    assert "&#" in out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_output_has_no_tag_and_no_brace_from_the_text(payload):
    for out in (markdown_block(payload), markdown_inline(payload)):
        assert "<script" not in out and "{" not in out and "}" not in out
        assert 'href="javascript' not in out


def test_markdown_keeps_safe_formatting_and_links():
    out = markdown_block('**Bold** and [a source](https://example.com "t<b>")\n\n- one\n- two')
    assert "<strong>Bold</strong>" in out
    assert '<a href="https://example.com" title="t&lt;b&gt;">a source</a>' in out
    assert "<li>one</li>" in out


def test_unsafe_links_and_images_are_never_made_active():
    for text in (
        "[x](javascript:alert(1))",
        "[x](vbscript:msgbox)",
        "[x](data:text/html,hi)",
        "<javascript:alert(1)>",
        "![a](https://tracker.invalid/p.png)",
    ):
        out = markdown_block(text)
        assert 'href="javascript' not in out and 'href="vbscript' not in out and 'href="data' not in out
        assert "<img" not in out


@pytest.mark.parametrize(
    "src, directory_urls, url",
    [
        ("index.md", True, ""),
        ("strategies/index.md", True, "strategies/"),
        ("strategies/x.md", True, "strategies/x/"),
        ("strategies/x.md", False, "strategies/x.html"),
        ("strategies/index.md", False, "strategies/index.html"),
    ],
)
def test_page_urls_match_mkdocs(src, directory_urls, url):
    assert page_url(src, directory_urls) == url


@pytest.mark.parametrize(
    "target, base, expected",
    [
        ("evidence/a/", "strategies/b/", "../../evidence/a/"),
        ("strategies/", "strategies/b/", "../"),
        ("evidence/a.html", "strategies/b.html", "../evidence/a.html"),
        ("strategies/b/", "", "strategies/b/"),
        ("schemas/x.json", "reference/schema/", "../../schemas/x.json"),
    ],
)
def test_relative_urls(target, base, expected):
    assert relative_url(target, base) == expected


def test_only_asterisks_make_emphasis_so_code_words_survive():
    out = markdown_inline("__init__ and _x_ and **bold**")
    assert out == "__init__ and _x_ and <strong>bold</strong>"


segments = st.lists(st.sampled_from(["a", "b", "strategies", "evidence"]), max_size=3)


@given(segments, segments, st.booleans())
def test_relative_urls_agree_with_mkdocs(target, base, directory_urls):
    def url(parts):
        if directory_urls:
            return "/".join(parts) + "/" if parts else ""
        return "/".join(parts + ["page.html"])

    expected = get_relative_url(url(target) or ".", url(base) or ".")
    if directory_urls and not expected.endswith("/"):
        expected += "/"  # a folder: MkDocs writes ".." where we write "../"
    assert relative_url(url(target), url(base)) == expected
