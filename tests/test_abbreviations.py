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


def test_the_longest_term_wins_and_whole_words_stay_whole():
    terms = {"店铺": "store", "店铺动态评分": "DSR", "DS": "d", "DSR": "r", "A级": "grade"}
    out = Abbreviator(terms).apply("<p>看店铺动态评分和店铺；DSR, DSRS, DS. A级 A</p>")
    marked = [part.split(">", 1)[1] for part in out.split("<abbr")[1:]]
    assert [text.split("<", 1)[0] for text in marked] == ["店铺动态评分", "店铺", "DSR", "DS", "A级"]


def test_the_trie_pattern_marks_what_a_plain_list_of_the_terms_would():
    """Many terms sharing prefixes, in random text: the same marks as trying each term, longest first."""
    import random
    import re

    rng = random.Random(3)
    syllables = ["店", "铺", "动", "态", "评", "分", "小", "二", "双", "十"]
    terms = {"".join(rng.choices(syllables, k=rng.randint(2, 4))): "x" for _ in range(300)}
    terms.update({"".join(rng.choices("ABCD", k=rng.randint(2, 4))): "y" for _ in range(40)})
    words = ("".join(rng.choices([*syllables, "A", "B", "C", "D", "，"], k=8)) for _ in range(400))
    text = "<p>" + " ".join(words) + "</p>"

    def naive(page_html: str) -> list[str]:
        words = sorted(terms, key=len, reverse=True)
        alternation = "|".join(rf"\b{re.escape(t)}\b" if t.isascii() else re.escape(t) for t in words)
        found, seen = [], set()
        for match in re.finditer(alternation, page_html):
            if match[0] not in seen:
                seen.add(match[0])
                found.append(match[0])
        return found

    out = Abbreviator(terms).apply(text)
    marked = [part.split(">", 1)[1].split("<", 1)[0] for part in out.split("<abbr")[1:]]
    assert len(marked) > 50
    assert marked == naive(text)
