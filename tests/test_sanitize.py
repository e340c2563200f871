"""Whatever an author writes, the built page carries no script, handler or foreign request."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from generator import pipeline
from generator.site.markdown_html import sanitize, to_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">a</a>',
    '<a href="JaVaScRiPt:alert(1)">a</a>',
    '<a href="&#106;avascript:alert(1)">a</a>',
    '<a href="data:text/html,<script>alert(1)</script>">a</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "[click](javascript:alert(1))",
    "![pic](javascript:alert(1))",
    '<iframe src="https://www.youtube.com/embed/x"></iframe>',
    "<iframe>[x](javascript:alert(1))</iframe>",
    "<noscript>[x](javascript:alert(1))</noscript>",
    "<textarea>[x](javascript:alert(1))</textarea>",
    "<xmp>[x](javascript:alert(1))</xmp>",
    '<svg><a xlink:href="javascript:alert(1)">s</a></svg>',
    '<svg onload="alert(1)"></svg>',
    '<math><a href="javascript:alert(1)">m</a></math>',
    "<object data='x.swf'></object><embed src='x.swf'>",
    '<p style="background:url(https://evil.example/t.png)">s</p>',
    "<style>body{background:url(https://evil.example/)}</style>",
    '<form action="https://evil.example/"><input name="pin"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<div markdown="1">[x](javascript:alert(1))</div>',
    "<details open ontoggle=alert(1)><summary>s</summary>d</details>",
    'Paragraph {: onclick="alert(1)" }',
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "<!-- <script>alert(1)</script> -->",
]

SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip


class _Audit(HTMLParser):
    """Lists everything in a fragment that could run code or fetch from elsewhere."""

    def __init__(self, allowed: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.allowed:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name in ("style", "srcdoc", "formaction", "target"):
                self.bad.append(f"{tag}[{name}]")
            if name in ("href", "src") and re.match(r"^(javascript|data|vbscript):", value):
                self.bad.append(f"{tag}[{name}={value}]")
            if name == "src" and re.match(r"^([a-z][a-z0-9+.-]*:|//)", value):
                self.bad.append(f"{tag}[{name}={value}]")


def audit(html: str, also: tuple[str, ...] = ()) -> list[str]:
    parser = _Audit(SAFE_TAGS | set(also))
    parser.feed(html)
    parser.close()
    return parser.bad


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_made_harmless(text):
    html = to_html(text)
    assert audit(html) == [], html
    assert "evil.example" not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_output_cannot_become_a_link_in_a_second_markdown_pass(text):
    import markdown

    again = markdown.markdown(to_html(text), extensions=["attr_list", "md_in_html", "tables"])
    assert audit(again) == [], again


def test_ordinary_markdown_survives():
    html = to_html(
        "## Lịch sử\n\nĐình có **mái cong** và *cột gỗ*.\n\n"
        "1. Bước một\n2. Bước hai\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        "[Văn miếu](../van-mieu/) · [gọi](tel:+84000) · ![ảnh](anh.jpg)"
    )
    assert "<h2>Lịch sử</h2>" in html
    assert "<strong>mái cong</strong>" in html and "<em>cột gỗ</em>" in html
    assert "<ol>" in html and "<table>" in html
    assert '<a href="../van-mieu/">Văn miếu</a>' in html
    assert '<a href="tel:+84000">gọi</a>' in html
    assert '<img alt="ảnh" src="anh.jpg">' in html


def test_author_h1_is_demoted_to_h2():
    assert to_html("# Tiêu đề") == "<h2>Tiêu đề</h2>"


def test_links_to_other_hosts_get_rel_but_own_links_do_not():
    html = sanitize(
        '<a href="https://dichvucong.gov.vn/">x</a><a href="//cdn.example/">y</a>'
        '<a href="../guides/vneid/">z</a><a href="mailto:a@example.org">m</a>'
    )
    assert html.count('rel="noopener noreferrer"') == 2
    assert '<a href="../guides/vneid/">z</a>' in html
    assert '<a href="mailto:a@example.org">m</a>' in html


def test_author_cannot_set_rel_or_target():
    html = sanitize('<a href="https://x.example/" target="_blank" rel="opener">x</a>')
    assert "target" not in html and "opener" not in html.replace("noopener", "")


def test_images_from_other_hosts_lose_their_source():
    html = sanitize('<img src="https://tracker.example/p.gif" alt="a"><img src="anh.jpg">')
    assert "tracker.example" not in html
    assert 'src="anh.jpg"' in html


def test_theme_classes_are_reserved():
    html = sanitize('<div class="md-header qs-fallback note">x</div>')
    assert html == '<div class="note">x</div>'


def test_square_brackets_still_read_as_brackets():
    html = to_html("Năm [1428] và `{a: 1}`")
    assert "&#91;1428&#93;" in html and "&#123;a: 1&#125;" in html


@pytest.mark.slow
def test_built_page_carries_nothing_hostile(project):
    page = project / "relics" / "mau" / "dinh-lang-dong" / "index.vi.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n".join(HOSTILE), encoding="utf-8")
    pipeline.build(project)
    html = (project / "build/mau/site/relics/dinh-lang-dong/index.html").read_text("utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "kiến trúc gỗ" in article
    assert audit(article, also=("article", "h1", "picture", "source")) == []
    assert "evil.example" not in article


def test_titles_and_site_names_cannot_open_a_tag(project):
    """The theme writes titles, descriptions and the site's name into the page as HTML."""
    site = project / "sites" / "mau" / "site.yml"
    site.write_text(
        re.sub(r"(?m)^name:.*$", 'name: {vi: "Phường <b>Mẫu</b>", en: "Ward"}', site.read_text()),
        encoding="utf-8",
    )
    for folder in ("dinh-lang-dong", "van-mieu-mau"):  # one rendered by MkDocs, one stamped
        page = project / "relics" / "mau" / folder / "index.vi.md"
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^title:.*$", "title: '<script>alert(1)</script> Đình'", text)
        text = re.sub(r"(?m)^summary:.*$", "summary: 'x\" onmouseover=\"alert(2)'", text)
        page.write_text(text, encoding="utf-8")
    pipeline.build(project)
    for folder in ("dinh-lang-dong", "van-mieu-mau"):
        html = (project / f"build/mau/site/relics/{folder}/index.html").read_text("utf-8")
        assert "<script>alert" not in html and "<b>Mẫu" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Đình - Phường &lt;b&gt;Mẫu" in html
        assert 'content="x&#34; onmouseover=&#34;alert(2)"' in html
        assert ' onmouseover="alert' not in html
        assert "&amp;amp;" not in html and "&amp;lt;" not in html  # escaped once, not twice
