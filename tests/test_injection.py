"""No injection: Jinja and HTML in every text field of every kind is shown as text, never evaluated."""

import html
import json
import re
from itertools import count

import yaml

from opsbook.core.schema import schema_line
from opsbook.kinds import all_kinds

from .bad_playbooks import EVIDENCE
from .conftest import mkdocs_build, payloaded_entry

SIGNS_OF_EVALUATION = ["MkDocsConfig", "'site_name':", "<class 'object'>", "repo_url:", "__subclasses__()"]


def page_text(markup: str) -> str:
    body = markup.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_payloads_in_every_text_field_show_as_text(handbook):
    numbers, payloads = count(1), {}
    (handbook / "playbooks/evidence/corpus-proof.yaml").write_text(EVIDENCE, encoding="utf-8")
    for kind in all_kinds():
        entry = payloaded_entry(kind, numbers, payloads)
        text = schema_line(kind) + "\n" + yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
        (handbook / "playbooks" / kind.folder / f"{entry['id']}.yaml").write_text(text, encoding="utf-8")
    assert len(payloads) >= 25  # every text field of every kind, lists twice

    result = mkdocs_build(handbook)  # not strict: the payloads are warnings, which a strict build refuses
    assert result.returncode == 0, result.output
    assert "looks like template code" in result.output

    site = handbook / "site"
    for _n, (kind_name, field, text) in payloads.items():
        folder = next(k.folder for k in all_kinds() if k.name == kind_name)
        shown = page_text((site / folder / f"payload-{kind_name}" / "index.html").read_text(encoding="utf-8"))
        assert text in shown, f"{kind_name}.{field} is not shown as typed"

    for page in site.rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        assert not re.search(r"<script>alert\(|<img[\s/]", markup), page
        for sign in SIGNS_OF_EVALUATION:
            assert sign not in markup, (page, sign)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert "<script>alert(" not in json.dumps(index, ensure_ascii=False).replace("\\u003c", "<")

    strict = mkdocs_build(handbook, "--strict")
    assert strict.returncode == 1 and "looks like template code" in strict.output
