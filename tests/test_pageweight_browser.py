"""A first visit from a QR scan, measured in real Chromium against a gzip-serving host.

The budget (issue 5): ≤ 20 KB of text, ≤ 60 KB of images, ≤ 4 requests, nothing from
another host, no search index and no sitemap, for relic, street and guide pages. The
host's own log counts the bytes, so the service worker's requests are counted too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_project import copy_samples
from gzip_server import GzipServer, first_visit

from generator import pipeline

pytestmark = pytest.mark.browser

TEXT_BUDGET = 20 * 1024
IMAGE_BUDGET = 60 * 1024
REQUEST_BUDGET = 4
FIXTURE_PAGES = ["relics/van-mieu-mau/", "streets/pho-mau/", "guides/kich-hoat-vneid/", ""]


@pytest.fixture(scope="module")
def gzip_site(built_project: Path):
    with GzipServer(built_project / "build" / "mau" / "site") as server:
        yield server


def assert_within_budget(visit, server, what: str) -> None:
    paths = [s.path for s in visit.sent]
    assert visit.text_bytes <= TEXT_BUDGET, (what, visit.text_bytes, paths)
    assert visit.image_bytes <= IMAGE_BUDGET, (what, visit.image_bytes, paths)
    assert visit.requests <= REQUEST_BUDGET, (what, paths)
    assert visit.third_party(server.url) == [], what
    assert not any("search.json" in p or "sitemap" in p for p in paths), (what, paths)
    assert all(s.status == 200 for s in visit.sent), (
        what,
        [(s.path, s.status) for s in visit.sent],
    )


@pytest.mark.parametrize("path", FIXTURE_PAGES)
@pytest.mark.parametrize("lang", ["", "en/"])
def test_first_visit_stays_within_budget(browser, gzip_site, path, lang):
    visit = first_visit(browser, gzip_site, lang + path)
    assert_within_budget(visit, gzip_site, lang + path)
    assert visit.sent[0].encoding == "gzip"  # the page itself came compressed


def test_the_page_carries_its_css_and_loads_no_theme_script(browser, gzip_site):
    visit = first_visit(browser, gzip_site, "relics/van-mieu-mau/")
    kinds = [s.content_type for s in visit.sent]
    assert not any("css" in k for k in kinds), kinds
    scripts = [s.path for s in visit.sent if "javascript" in s.content_type]
    assert scripts == ["/sw.js"]  # only the offline worker, registered after load
    assert any(s.content_type.startswith("image/") for s in visit.sent)  # the cover photo


def test_search_loads_only_when_opened_and_ignores_diacritics(browser, gzip_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    try:
        start = len(gzip_site.log)
        page.goto(gzip_site.url + "relics/van-mieu-mau/")
        page.wait_for_timeout(500)
        before = [s.path for s in gzip_site.log[start:]]
        assert not any("search" in p for p in before), before
        page.locator(".qs-search-link").click()
        page.wait_for_url("**/search/")
        page.fill("#qs-q", "van mieu")
        result = page.locator("#qs-results a", has_text="Văn miếu Mẫu")
        result.wait_for(timeout=5000)
        title = result.bounding_box()
        summary = page.locator("#qs-results li p").first.bounding_box()
        assert summary["y"] >= title["y"] + title["height"] - 1  # summary under its title
        after = [s.path for s in gzip_site.log[start:]]
        assert "/search.json" in after and any("qs-search.js" in p for p in after), after
    finally:
        context.close()


@pytest.mark.slow
def test_sample_sites_stay_within_budget(browser, tmp_path: Path):
    """Every page kind of every sample site in the repository, built in a copy."""
    root = copy_samples(tmp_path / "samples")
    if not (root / "sites").is_dir():
        pytest.skip("no sample sites in this checkout")
    pipeline.build(root)
    checked = 0
    for site in sorted((root / "build").glob("[!.]*/site")):
        with GzipServer(site) as server:
            for section in ("relics", "streets", "guides"):
                pages = sorted(p.parent for p in (site / section).glob("*/index.html"))
                if not pages:
                    continue
                path = pages[0].relative_to(site).as_posix() + "/"
                assert_within_budget(first_visit(browser, server, path), server, f"{site}: {path}")
                checked += 1
    assert checked >= 3


def test_drawer_and_language_menu_work_without_the_theme_script(phone, site_server):
    phone.goto(site_server + "relics/van-mieu-mau/")
    nav = phone.locator(".md-sidebar--primary .md-nav__link", has_text="Di tích").first
    assert not nav.is_visible() or nav.bounding_box()["x"] + nav.bounding_box()["width"] <= 0
    phone.locator("label.md-header__button[for=__drawer]").click()
    phone.wait_for_function(
        "document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
    )
    nav.click()
    phone.wait_for_url("**/relics/")
    phone.goto(site_server + "relics/van-mieu-mau/")
    opacity = "getComputedStyle(document.querySelector('.md-select__inner')).opacity"
    assert phone.evaluate(opacity) == "0"
    phone.locator(".md-header .md-select button").click()
    phone.wait_for_function(f"{opacity} === '1'")


def test_a_wide_screen_keeps_materials_layout(browser, site_server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(site_server + "relics/van-mieu-mau/")
        assert not page.locator("label.md-header__button[for=__drawer]").is_visible()
        assert page.locator(".md-sidebar--primary .md-nav__link").first.is_visible()
        assert page.locator(".md-header__button.md-logo").is_visible()
    finally:
        page.close()
