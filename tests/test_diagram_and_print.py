"""The decision diagram is drawn from the data; the learning path prints on one page."""

import re

from opsbook.site.render import mermaid_label

from .conftest import mkdocs_build, page


def diagram(markup: str) -> str:
    return markup.split('<pre class="mermaid"><code>')[1].split("</code></pre>")[0]


def test_labels_cannot_break_out_of_the_diagram_syntax():
    assert (
        mermaid_label('Say "hi" [x] {y} <b>; #1 & %%')
        == "Say #34;hi#34; #91;x#93; #123;y#125; #60;b#62;#59; #35;1 #38; #37;#37;"
    )
    assert mermaid_label("报关单 line\nbreak") == "报关单 line break"


def test_decision_diagram_has_every_strategy_evidence_and_doubt(built_site):
    chart = diagram(page(built_site, "decision-guide"))
    assert chart.startswith("flowchart LR")
    titles = re.findall(r'^  s\d+\["([^"]+)"\]$', chart, re.MULTILINE)
    assert len(titles) == 10 and "Priced above? Sell what only you have" in titles
    assert re.search(r"^  p_below --&gt; s\d+$", chart, re.MULTILINE)
    assert re.search(r'^  e\d+\(\["Customs declaration form"\]\)$', chart, re.MULTILINE)
    assert re.search(r"^  e\d+ -\.-&gt; d_grey_import$", chart, re.MULTILINE)


def test_adding_a_strategy_changes_the_diagram(handbook):
    source = handbook / "playbooks/strategies/sell-the-exclusive-attribute.yaml"
    text = source.read_text(encoding="utf-8").replace("id: sell-the-exclusive-attribute", "id: new-premium-play")
    text = text.replace("title: Priced above? Sell what only you have", 'title: New "premium" play [test]')
    (handbook / "playbooks/strategies/new-premium-play.yaml").write_text(text, encoding="utf-8")
    assert mkdocs_build(handbook, "--strict").returncode == 0
    chart = diagram(page(handbook / "site", "decision-guide"))
    assert re.search(r'^  s\d+\["New #34;premium#34; play #91;test#93;"\]$', chart, re.MULTILINE)
    assert len(re.findall(r"^  s\d+\[", chart, re.MULTILINE)) == 11


def test_print_page_gathers_every_entry_of_the_learning_path(built_site, shipped_handbook):
    # Each module in step order, then what it reads and its words; an entry two modules name, once.
    expected = []
    for module in shipped_handbook.of_kind("module"):
        for entry_id in (module.entry.id, *module.entry.read, *module.entry.words):
            if entry_id not in expected:
                expected.append(entry_id)
    assert len(expected) > 60
    for printed in (page(built_site, "print"), page(built_site, "zh/print")):
        headers = [h for h in re.findall(r'<h1 id="([a-z0-9-]+)"', printed) if h != "learning-path-on-paper"]
        assert headers == expected
        assert printed.count('<section class="opsbook-print-entry">') == len(expected)
        assert 'href="../strategies/prove-a-low-price/"' in printed  # links work from the print page
