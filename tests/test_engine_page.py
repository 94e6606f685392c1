"""Generated pages (opsbook/site/engine_page.py): their parts wait in the build's file, not in memory."""

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from opsbook.site.engine_page import EnginePage, Skeletons


def test_a_pages_blocks_and_skeleton_come_back_from_the_file_as_they_went_in(tmp_path):
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    skeletons = Skeletons(config)
    pages = []
    for n, text in enumerate(["价格 &lt;b&gt; 证据", "plain"]):
        file = File(f"p{n}.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
        file.content_string = f"# Page {n}\n\nopsbook-block-0\n\n## Below\n"
        page = EnginePage(file, config, (f"<p>{text}</p>",), skeletons)
        page.read_source(config)
        page.render(config, Files([file]))
        page.content = page.put_away(page.content)  # as MkDocs keeps what on_page_content returns
        assert page.content == ""  # nothing of the page's HTML stays in memory
        pages.append((page, text))
    for n, (page, text) in enumerate(reversed(pages)):  # written in any order
        html = page.fill()
        assert f"<p>{text}</p>" in html and "opsbook-block" not in html
        assert html.index(f"Page {1 - n}") < html.index(text) < html.index("Below")
