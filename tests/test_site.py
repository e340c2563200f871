"""The site build, for real: MkDocs + Material over the fixture project, HTML inspected."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from fixture_project import add_relics

from generator import pipeline

SITE = Path("build") / "mau" / "site"


def site_dir(root: Path) -> Path:
    return root / SITE


def read(root: Path, path: str) -> str:
    return (site_dir(root) / path / "index.html").read_text(encoding="utf-8")


class Tags(HTMLParser):
    """Collects every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_both_languages_are_built(built_project: Path):
    vi = read(built_project, "relics/van-mieu-mau")
    en = read(built_project, "en/relics/van-mieu-mau")
    assert '<html lang="vi"' in vi and "Văn miếu Mẫu" in vi
    assert '<html lang="en"' in en and "Sample Temple of Literature" in en
    assert "Giờ mở cửa" in vi and "Opening hours" in en


def test_page_titles_name_the_page_then_the_site_and_the_home_page_once(built_project: Path):
    """A browser tab or a shared link shows "Page - Site"; the home page is the site."""
    for home, entry, site, relic in (
        ("", "relics/van-mieu-mau", "Phường Mẫu", "Văn miếu Mẫu"),
        ("en", "en/relics/van-mieu-mau", "Sample Ward", "Sample Temple of Literature"),
    ):
        assert re.findall(r"<title>(.*?)</title>", read(built_project, home)) == [site]
        assert re.findall(r"<title>(.*?)</title>", read(built_project, entry)) == [
            f"{relic} - {site}"
        ]


def test_language_switch_leads_to_the_same_page_in_the_other_language(built_project: Path):
    pages = [
        "",
        "relics/",
        "relics/van-mieu-mau/",
        "streets/pho-mau/",
        "guides/kich-hoat-vneid/",
        "counters/mot-cua/",
    ]
    for path in pages:
        for lang_prefix, other in (("", "en/"), ("en/", "")):
            here = lang_prefix + path
            html = read(built_project, here)
            switch = [a for t, a in tags(html) if t == "a" and a.get("hreflang")]
            hrefs = {a["hreflang"]: a["href"] for a in switch}
            target_lang = "en" if other == "en/" else "vi"
            target = urljoin("http://x/" + here, hrefs[target_lang])
            assert urlparse(target).path == "/" + other + path, (here, hrefs)
            assert (site_dir(built_project) / (other + path) / "index.html").is_file()


def test_missing_english_falls_back_to_vietnamese_with_a_notice(built_project: Path):
    en = read(built_project, "en/relics/dinh-lang-dong")
    assert "Đình Làng Đông" in en
    assert "has not been translated into English yet" in en
    vi = read(built_project, "relics/dinh-lang-dong")
    assert "has not been translated" not in vi
    both = read(built_project, "en/relics/van-mieu-mau")
    assert "has not been translated" not in both


def test_guide_steps_are_an_ordered_list(built_project: Path):
    html = read(built_project, "guides/kich-hoat-vneid")
    steps = re.search(r'<div class="qs-steps">(.*?)</div>', html, re.S).group(1)
    assert re.search(r"<ol>\s*<li>Tải ứng dụng VNeID.</li>", steps)
    assert "Giấy tờ cần mang theo" in html and "Miễn phí" in html


def test_street_lists_its_stops_in_order_with_links_to_guides(built_project: Path):
    html = read(built_project, "streets/pho-mau")
    stops = re.search(r'<ol class="qs-stops">(.*?)</ol>', html, re.S).group(1)
    assert stops.index("Trước cổng UBND phường") < stops.index("Nhà văn hoá khu phố")
    assert 'href="../../guides/kich-hoat-vneid/"' in stops
    en = read(built_project, "en/streets/pho-mau")
    assert "At the ward office gate" in en  # translated place
    assert "Nhà văn hoá khu phố" in en  # untranslated place falls back


def test_relic_practical_box_has_map_links(built_project: Path):
    html = read(built_project, "relics/van-mieu-mau")
    assert 'href="geo:20.94,106.33"' in html
    assert "openstreetmap.org/?mlat=20.94" in html


def test_counter_page_lists_its_guides(built_project: Path):
    html = read(built_project, "counters/mot-cua")
    assert "Kích hoạt tài khoản định danh điện tử VNeID" in html


def _own_host(url: str) -> bool:
    return not urlparse(url).netloc


def test_no_script_stylesheet_or_font_from_another_host(built_project: Path):
    pages = list(site_dir(built_project).rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for tag, attrs in tags(page.read_text(encoding="utf-8")):
            if tag == "script" and attrs.get("src"):
                assert _own_host(attrs["src"]), (page, attrs)
            if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "preconnect"):
                assert _own_host(attrs.get("href", "")), (page, attrs)
            if tag in ("img", "source", "audio", "iframe") and attrs.get("src"):
                assert _own_host(attrs["src"]), (page, attrs)
    css = "".join(p.read_text(encoding="utf-8") for p in site_dir(built_project).rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_page_html_does_not_grow_with_the_number_of_entries(project: Path):
    pipeline.build(project)
    before = {p: len(read(project, p)) for p in ("relics/van-mieu-mau", "guides/kich-hoat-vneid")}
    add_relics(project, 40)
    pipeline.build(project)
    after = {p: len(read(project, p)) for p in before}
    for path, size in before.items():
        assert after[path] <= size + 64, (path, size, after[path])
    listing = read(project, "relics")
    assert "di-tich-0039" in listing  # the list page does list them


def test_search_index_is_folded_and_per_language(built_project: Path):
    import json

    def index(folder: Path) -> tuple[dict, list]:
        """Every term with its entries' numbers, and the entries, of one language."""
        shards = sorted((folder / "search-index").glob("*.json"))
        terms, docs = {}, {}
        for path in shards:
            data = json.loads(path.read_text(encoding="utf-8"))
            if path.name.startswith("t"):
                for term, gaps in data.items():
                    numbers = [sum(g >> 1 for g in gaps[: i + 1]) for i in range(len(gaps))]
                    terms[term] = numbers
            else:
                docs[int(path.stem[1:])] = data
        manifest = json.loads((folder / "search.json").read_text(encoding="utf-8"))
        for name, data in manifest.get("in", {}).items():  # a tiny site's documents
            docs[int(name[1:])] = data
        return terms, [d for j in sorted(docs) for d in docs[j]]

    terms, docs = index(site_dir(built_project))
    number = next(i for i, d in enumerate(docs) if d[2] == "relics/van-mieu-mau/")
    assert all(number in terms[w] for w in ("van", "mieu", "mau", "lau", "doi"))
    terms, docs = index(site_dir(built_project) / "en")
    assert any(d[0] == "Sample Temple of Literature" for d in docs)
    assert "ago" in terms and "mieu" not in terms


def test_original_photos_are_not_shipped(built_project: Path):
    shipped = {p.name for p in site_dir(built_project).rglob("*") if p.is_file()}
    assert "anh-bia.jpg" not in shipped
    assert any(name.endswith(".webp") for name in shipped)


def test_a_link_to_another_entry_folder_opens_its_page(built_project: Path):
    html = read(built_project, "streets/pho-mau")
    assert '<a href="../../guides/kich-hoat-vneid/">hướng dẫn VNeID</a>' in html
    assert (site_dir(built_project) / "guides/kich-hoat-vneid/index.html").is_file()


def test_a_link_to_a_guide_the_site_does_not_carry_is_plain_text_and_a_warning(project):
    other = project / "content" / "guides" / "nop-ho-so"
    other.mkdir(parents=True)
    (other / "index.vi.md").write_text(
        "---\ntitle: Nộp hồ sơ trực tuyến\nsummary: Các bước nộp hồ sơ.\n---\n1. Mở cổng.\n",
        encoding="utf-8",
    )
    guide = project / "content" / "guides" / "kich-hoat-vneid" / "index.vi.md"
    guide.write_text(guide.read_text("utf-8") + "\nXem thêm [nộp hồ sơ](../nop-ho-so/).\n", "utf-8")
    warnings = [w for w in pipeline.check(project).warnings if "does not carry" in w.message]
    assert len(warnings) == 1
    assert warnings[0].path == "content/guides/kich-hoat-vneid/index.vi.md"
    assert dict(warnings[0].params)["site_yml"] == "sites/mau/site.yml"
    pipeline.build(project)
    page = project / "build/mau/site/guides/kich-hoat-vneid/index.html"
    html = page.read_text("utf-8")
    assert "<span>nộp hồ sơ</span>" in html and "nop-ho-so" not in html
    site = project / "sites" / "mau" / "site.yml"
    site.write_text(
        site.read_text("utf-8").replace(
            "guides: [kich-hoat-vneid]", "guides: [kich-hoat-vneid, nop-ho-so]", 1
        ),
        "utf-8",
    )
    assert not [w for w in pipeline.check(project).warnings if "does not carry" in w.message]
    pipeline.build(project)
    assert 'href="../../guides/nop-ho-so/"' in page.read_text("utf-8")


def test_a_second_mkdocs_run_in_a_process_compiles_no_template(project: Path, monkeypatch):
    """The English run after the Vietnamese one, or a rebuild in `qrsite serve`, takes the
    theme's compiled templates from memory; the pages are the same."""
    import jinja2

    from generator.site import mkdocs_run

    monkeypatch.setattr(mkdocs_run, "_KEPT_TEMPLATES", mkdocs_run._KeptTemplates())
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_template(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    pipeline.build(project)
    first = read(project, "en/relics/van-mieu-mau")
    assert "main.html" in compiled  # this process had not compiled the theme before
    compiled.clear()
    pipeline.build(project)
    assert compiled == []
    assert read(project, "en/relics/van-mieu-mau") == first


def _og(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', html))


def test_entry_and_home_pages_carry_a_link_preview(built_project: Path):
    """Zalo and Facebook build a card from og: tags when a page's address is pasted."""
    relic_vi = _og(read(built_project, "relics/van-mieu-mau"))
    relic_en = _og(read(built_project, "en/relics/van-mieu-mau"))
    assert (
        relic_vi["title"] == "Văn miếu Mẫu" and relic_en["title"] == "Sample Temple of Literature"
    )
    assert (relic_vi["locale"], relic_en["locale"]) == ("vi_VN", "en_US")
    assert relic_vi["url"] == "https://mau.example.org/relics/van-mieu-mau/"
    assert relic_en["url"] == "https://mau.example.org/en/relics/van-mieu-mau/"
    image = urlparse(relic_vi["image"])
    assert (image.scheme, image.netloc) == ("https", "mau.example.org")
    assert (site_dir(built_project) / image.path.lstrip("/")).is_file()  # it is shipped
    assert relic_en["image"] == relic_vi["image"] and relic_vi["description"]
    home = _og(read(built_project, ""))
    assert home["title"] == "Phường Mẫu" and home["type"] == "website"
    assert "image" not in home  # no cover: no picture rather than a wrong one
    street = _og(read(built_project, "streets/pho-mau"))
    assert street["type"] == "article" and "image" not in street
    assert _og(read(built_project, "search")) == {}  # not a page people share
