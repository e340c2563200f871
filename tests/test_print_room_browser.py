"""The print room (generator/site/print_room.py), built for real and opened in Chromium:
every sign of the manifest listed, every link opens a file that exists; the page stays
out of the sitemap, the search index, the offline worker and every public page; payment
stickers stay out of it and out of the site; `print_room: artifact` keeps it beside the
site; signs to print again are marked."""

from __future__ import annotations

import csv
import gzip
import hashlib
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import search_text, serve_dir
from fixture_project import copy_samples
from gzip_server import PHONE, GzipServer
from page_waits import wait_until_stored
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from test_payments import cashless

from generator import pipeline
from generator.signs.spec import PAYMENT_KINDS
from generator.site.print_room import ARTIFACT_DIR, PRINT_ROOM, code_pages, write_print_room

ACCOUNTS = (b"0000001234", b"0000005678")


class _Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)


def refs(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.refs


def manifest_codes(signs: Path) -> list[str]:
    with (signs / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        return [row["code"] for row in csv.DictReader(f)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def site_dirs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "build").glob("[!.]*/site") if p.is_dir())


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    """The repository's sample sites, built once for this module."""
    root = copy_samples(tmp_path_factory.mktemp("samples") / "project")
    pipeline.build(root, jobs=0)
    return root


def _check_room_in_browser(browser, site: Path) -> None:
    signs = site.parent / "signs"
    codes = manifest_codes(signs)
    server, url = serve_dir(site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        room = url + PRINT_ROOM
        response = page.goto(room)
        assert response is not None and response.status == 200
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
        assert page.locator("script").count() == 0
        listed = page.locator("article.sign").evaluate_all("els => els.map(e => e.id)")
        assert sorted(listed) == sorted(f"sign-{code}" for code in codes)
        for code in codes:
            card = page.locator(f"#sign-{code}")
            assert card.locator(f'a[href="{code}.pdf"]').count() >= 1, code
            assert card.locator("img").evaluate("i => i.complete && i.naturalWidth > 0"), code
        for name in ("all.pdf", "manifest.csv"):
            assert page.locator(f'a[href="{name}"]').count() == 1, name
        assert page.locator('a[href="reprint.pdf"]').count() == (
            1 if (signs / "reprint.pdf").is_file() else 0
        )
        hrefs = page.locator("a[href], img[src]").evaluate_all(
            "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))"
        )
        assert hrefs
        for href in sorted(set(hrefs)):
            if href.startswith("#"):
                assert page.locator(href).count() == 1, href
                continue
            target = urljoin(room, href)
            assert target.startswith(url), href  # the public room links only its own site
            got = page.request.get(target)
            assert got.status == 200, (href, got.status)
            assert got.body(), href
    finally:
        context.close()
        server.shutdown()


@pytest.mark.browser
def test_every_sign_of_the_fixture_is_listed_and_every_link_opens(browser, built_project: Path):
    site = built_project / "build" / "mau" / "site"
    _check_room_in_browser(browser, site)
    page = (site / PRINT_ROOM / "index.html").read_text(encoding="utf-8")
    # the page a code opens, in each language, and the landing behind the code
    assert '<a href="../relics/van-mieu-mau/" hreflang="vi">' in page
    assert '<a href="../en/relics/van-mieu-mau/" hreflang="en">' in page
    assert 'href="../Q/' in page


@pytest.mark.browser
def test_every_sample_site_has_a_print_room_that_opens(browser, samples: Path):
    sites = site_dirs(samples)
    assert len(sites) >= 3
    for site in sites:
        _check_room_in_browser(browser, site)


def _public_links(site: Path) -> list[tuple[str, str]]:
    """(page, the site path a link resolves to) for every link of every page of the site
    outside the print room."""
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(PRINT_ROOM):
            continue
        base = "/" + rel
        for ref in refs(path.read_text(encoding="utf-8")):
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue
            out.append((rel, posixpath.normpath(urljoin(base, parts.path)).lstrip("/")))
    return out


def test_the_print_room_is_outside_sitemap_search_and_every_public_page(
    built_project: Path, samples: Path
):
    for site in [built_project / "build" / "mau" / "site", *site_dirs(samples)]:
        assert (site / PRINT_ROOM / "index.html").is_file(), site
        sitemaps = list(site.rglob("sitemap.xml"))
        assert sitemaps
        for sitemap in sitemaps:
            text = sitemap.read_text(encoding="utf-8")
            assert "/relics/" in text or "/streets/" in text  # a real sitemap
            assert f"/{PRINT_ROOM}" not in text, sitemap
        indexes = list(site.rglob("search.json"))
        assert indexes
        for index in indexes:
            text = search_text(index.parent)
            assert "relics/" in text or "streets/" in text  # the pages are in it
            assert f"{PRINT_ROOM}" not in text, index
        links = _public_links(site)
        assert links
        linked = [(page, to) for page, to in links if (to + "/").startswith(PRINT_ROOM)]
        assert linked == [], linked
        packed = site / PRINT_ROOM / "index.html.gz"  # like every page of the site
        page = (site / PRINT_ROOM / "index.html").read_bytes()
        assert gzip.decompress(packed.read_bytes()) == page


@pytest.mark.browser
def test_the_offline_worker_leaves_the_print_room_to_the_network(browser, project: Path):
    pipeline.build(project)
    site = project / "build" / "mau" / "site"
    assert '"print/"' in (site / "sw.js").read_text(encoding="utf-8")
    server = GzipServer(site)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(server.url + "relics/van-mieu-mau/")
        wait_until_stored(page)  # from here on the worker answers every request of the site
        response = page.goto(server.url + PRINT_ROOM)
        assert response is not None and response.status == 200
        assert not response.from_service_worker
        code = manifest_codes(project / "build" / "mau" / "signs")[0]
        pdf = page.evaluate(
            "async u => { const r = await fetch(u); await r.arrayBuffer(); return r.status }",
            server.url + f"{PRINT_ROOM}{code}.pdf",
        )
        assert pdf == 200
        page.goto(server.url + "guides/kich-hoat-vneid/")  # a public page is still stored
        wait_until_stored(page)
        stored = page.evaluate(
            """async () => {
                const urls = [];
                for (const k of await caches.keys())
                    for (const r of await (await caches.open(k)).keys()) urls.push(r.url);
                return urls;
            }"""
        )
        assert any("/guides/kich-hoat-vneid/" in u for u in stored)
        assert not [u for u in stored if f"/{PRINT_ROOM}" in u], stored
        server.stop()  # the connection drops: no stored copy, no offline page either
        with pytest.raises(PlaywrightError):
            page.goto(server.url + PRINT_ROOM)
    finally:
        context.close()
        server.stop()


def test_payment_stickers_stay_out_of_the_print_room_and_the_site(project: Path):
    cashless(project)
    report = pipeline.build(project)
    assert report.sites[0].payment_signs > 0
    out = project / "build" / "mau"
    stickers = [p for p in (out / "signs" / "payments").iterdir() if p.is_file()]
    assert any(p.suffix == ".pdf" for p in stickers)
    sticker_files = {digest(p) for p in stickers}
    room = out / "site" / PRINT_ROOM
    html = (room / "index.html").read_text(encoding="utf-8")
    for kind in PAYMENT_KINDS:
        assert kind not in html
    assert "pho-mau--" not in html and "payments" not in html
    for path in (out / "site").rglob("*"):
        if not path.is_file():
            continue
        assert digest(path) not in sticker_files, path
        assert not path.name.startswith("pho-mau--"), path
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        for account in ACCOUNTS:
            assert account not in data, path
    # the room's manifest is the public one, byte for byte
    assert (room / "manifest.csv").read_bytes() == (out / "signs" / "manifest.csv").read_bytes()


def test_payment_stickers_stay_out_of_the_sample_print_rooms(samples: Path):
    for site in site_dirs(samples):
        payments = site.parent / "signs" / "payments"
        stickers = {digest(p) for p in payments.iterdir()} if payments.is_dir() else set()
        shipped = {digest(p) for p in site.rglob("*") if p.is_file()}
        assert not stickers & shipped, site
        html = (site / PRINT_ROOM / "index.html").read_text(encoding="utf-8")
        assert not any(kind in html for kind in PAYMENT_KINDS), site


def test_a_site_can_keep_its_print_room_out_of_the_published_site(project: Path):
    config = project / "sites" / "mau" / "site.yml"
    config.write_text(config.read_text(encoding="utf-8") + "print_room: artifact\n", "utf-8")
    report = pipeline.build(project)
    out = project / "build" / "mau"
    assert not (out / "site" / PRINT_ROOM).exists()
    assert not list((out / "site").rglob("*.pdf"))
    room = out / ARTIFACT_DIR
    html = (room / "index.html").read_text(encoding="utf-8")
    assert 'content="noindex"' in html
    for code in manifest_codes(out / "signs"):
        assert f'id="sign-{code}"' in html
    for ref in refs(html):
        if ref.startswith("#"):
            continue
        if urlsplit(ref).scheme:  # the published pages, at their address
            assert ref.startswith(("https://mau.example.org/", "HTTPS://MAU.EXAMPLE.ORG/")), ref
        else:
            assert (room / ref).is_file(), ref
    assert 'href="https://mau.example.org/en/relics/van-mieu-mau/"' in html
    assert not (room / "index.html.gz").exists()  # never served: no copy for a host
    assert report.sites[0].pages == 22  # the room is no page of the site


@pytest.mark.browser
def test_signs_to_print_again_are_marked_and_listed_first(
    browser, built_project: Path, tmp_path: Path
):
    checked = pipeline.check(built_project)
    site = checked.project.sites["mau"]
    signs = built_project / "build" / "mau" / "signs"
    codes = manifest_codes(signs)
    again = codes[-1]
    reprint = {again: "changed: title_vi", "pho-mau--tap-hoa-co-lan": "new", "ZZZZZ": "new"}
    site_dir = tmp_path / "site"
    written = write_print_room(
        site,
        signs,
        site_dir / PRINT_ROOM,
        reprint,
        pages=code_pages(checked.project, site, checked.codes["mau"][1]),
        site_dir=site_dir,
    )
    html = written.read_text(encoding="utf-8")
    assert "pho-mau--tap-hoa-co-lan" not in html and "ZZZZZ" not in html  # not signs here
    page = browser.new_page()
    try:
        page.goto(written.as_uri())
        heading = page.locator("h2#again")
        assert heading.is_visible() and "(1)" in heading.inner_text()
        first = page.locator("h2#again + ul a").first
        assert first.get_attribute("href") == f"#sign-{again}"
        card = page.locator(f"#sign-{again}")
        assert "again" in card.get_attribute("class")
        mark = card.locator(".mark")
        assert mark.is_visible() and "changed: title_vi" in mark.inner_text()
        color = mark.evaluate("e => getComputedStyle(e).color")
        assert color != page.locator("h3").first.evaluate("e => getComputedStyle(e).color")
        # within its kind, the sign to print again comes first
        kind_cards = card.locator("xpath=..").locator("article")
        assert kind_cards.first.get_attribute("id") == f"sign-{again}"
        others = [c for c in codes if c != again]
        for code in others:
            assert "again" not in page.locator(f"#sign-{code}").get_attribute("class")
    finally:
        page.close()


def test_the_same_signs_give_the_same_print_room(built_project: Path, tmp_path: Path):
    checked = pipeline.check(built_project)
    site = checked.project.sites["mau"]
    signs = built_project / "build" / "mau" / "signs"
    made = []
    for name in ("one", "two"):
        out = write_print_room(site, signs, tmp_path / name / "site" / PRINT_ROOM, {"X": "new"})
        made.append({p.name: p.read_bytes() for p in out.parent.iterdir()})
    assert made[0] == made[1]
    assert set(made[0]) == {
        p.name for p in (built_project / "build" / "mau" / "site" / PRINT_ROOM).iterdir()
    } - {"index.html.gz"}  # the files the build put there, and no gzip copy outside a site


def test_a_site_without_signs_has_an_empty_print_room(built_project: Path, tmp_path: Path):
    site = pipeline.check(built_project).project.sites["mau"]
    empty = tmp_path / "signs"
    empty.mkdir()
    page = write_print_room(site, empty, tmp_path / "room", {}).read_text(encoding="utf-8")
    assert "article" not in page and "all.pdf" not in page
    assert "This site has no signs yet." in page  # English is one of the site's languages
    assert 'content="noindex"' in page


def test_each_preview_is_shown_at_its_own_size(built_project: Path):
    """The width and height each card gives its preview are the picture's own, as
    Pillow reads them (the page reads them from the PNG's header)."""
    room = built_project / "build" / "mau" / "site" / PRINT_ROOM
    sizes = _ImageSizes()
    sizes.feed((room / "index.html").read_text(encoding="utf-8"))
    assert len(sizes.found) == len(manifest_codes(room.parent.parent / "signs"))
    for src, width, height in sizes.found:
        with Image.open(room / src) as image:
            assert (width, height) == image.size, src


class _ImageSizes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            a = dict(attrs)
            self.found.append((a["src"], int(a["width"]), int(a["height"])))
