"""Glossary terms become hover abbreviations in text, never inside tags, links, headings or code."""

from opsbook.site.abbreviations import Abbreviator

TERMS = {"DSR": "DSR (Detailed Seller Rating): store scores", "小二": "Platform staff: managers"}


def test_terms_in_text_are_marked_with_their_explanation():
    out = Abbreviator(TERMS).apply("<p>Your DSR fell; ask the 小二.</p>")
    assert out == (
        '<p>Your <abbr title="DSR &#40;Detailed Seller Rating&#41;&#58; store scores" tabindex="0">DSR</abbr> '
        'fell; ask the <abbr title="Platform staff&#58; managers" tabindex="0">小二</abbr>.</p>'
    )


def test_tags_links_headings_and_code_are_left_alone():
    html = (
        '<p title="DSR"><a href="#">DSR</a> <code>DSR</code> DSRS</p><h2>DSR</h2><img alt="DSR"><summary>DSR?</summary>'
    )
    assert Abbreviator(TERMS).apply(html) == html


def test_no_terms_no_change():
    assert Abbreviator({}).apply("<p>DSR</p>") == "<p>DSR</p>"


def test_only_the_first_use_on_a_page_is_marked():
    out = Abbreviator(TERMS).apply("<p>DSR and DSR</p><p>DSR</p>")
    assert out.count("<abbr") == 1 and out.endswith("and DSR</p><p>DSR</p>")


def test_terms_never_split_a_character_reference():
    html = "<p>Say &quot;QUOT&quot; &#39;39&#39; &QUOT; &amp;amp</p>"
    out = Abbreviator({"quot": "q", "QUOT": "Q", "39": "n", "amp": "a"}).apply(html)
    assert out.count("<abbr") == 3  # the words QUOT, 39 and the "amp" shown after a literal "&"
    assert "&quot;<abbr" in out and "&#39;<abbr" in out and " &QUOT; " in out and "&amp;<abbr" in out
