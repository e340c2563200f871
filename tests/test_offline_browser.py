"""Pages already seen open again with the host gone, and a new build replaces them."""

from __future__ import annotations

from pathlib import Path

import pytest
from gzip_server import PHONE, GzipServer
from page_waits import wait_until, wait_until_stored
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from generator import pipeline

pytestmark = pytest.mark.browser


def _shows(page, heading: str) -> None:
    """The page shows `heading` (waiting, as for any page that loads); if it does not,
    the failure says which headings it shows and what the worker has stored."""
    try:
        expect(page.locator("h1", has_text=heading).first).to_be_visible()
    except AssertionError:
        shown = page.locator("h1").all_inner_texts()
        raise AssertionError(
            f"{heading!r} not shown at {page.url}: headings {shown!r}, stored {_stored(page)!r}"
        ) from None


def _stored(page) -> dict:
    """Each of the site's caches and the addresses it holds."""
    return page.evaluate(
        """async () => {
            const out = {};
            for (const name of await caches.keys()) {
                out[name] = (await (await caches.open(name)).keys()).map(r => r.url);
            }
            return out;
        }"""
    )


def test_visited_pages_reload_and_link_offline(browser, project: Path):
    pipeline.build(project)
    site = project / "build" / "mau" / "site"
    server = GzipServer(site)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(server.url + "relics/van-mieu-mau/")
        wait_until_stored(page)
        page.goto(server.url + "guides/kich-hoat-vneid/")
        wait_until_stored(page)
        server.stop()  # the connection drops
        page.reload()
        assert page.locator("h1").first.inner_text().strip() != ""
        assert "VNeID" in page.content()
        page.goto(server.url + "relics/van-mieu-mau/")
        _shows(page, "Văn miếu Mẫu")
        cover = page.locator(".qs-cover img")
        assert cover.evaluate("img => img.complete && img.naturalWidth > 0")  # photo kept too
        page.goto(server.url + "streets/pho-mau/")  # never seen: a plain word, in Vietnamese
        assert page.locator("h1").inner_text() == "Không có mạng"
        page.goto(server.url + "en/streets/pho-mau/")
        assert page.locator("h1").inner_text() == "No connection"
        with pytest.raises(PlaywrightError):  # outside the site the worker does not answer
            page.goto(server.url.replace("127.0.0.1", "localhost") + "streets/pho-mau/")
    finally:
        context.close()
        server.stop()


def test_a_new_build_replaces_the_stored_pages(browser, project: Path):
    pipeline.build(project)
    site = project / "build" / "mau" / "site"
    old_worker = (site / "sw.js").read_text(encoding="utf-8")
    server = GzipServer(site)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(server.url + "relics/van-mieu-mau/")
        wait_until_stored(page)
        relic = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
        text = relic.read_text(encoding="utf-8")
        relic.write_text(text.replace("Văn miếu được dựng từ lâu đời.", "Văn miếu mới sửa."))
        pipeline.build(project)
        assert (site / "sw.js").read_text(encoding="utf-8") != old_worker  # new version
        page.goto(server.url + "relics/van-mieu-mau/")  # online: the new page, not the stored one
        assert "Văn miếu mới sửa." in page.content()
        old_cache = "qs-" + old_worker.split("build ")[1].split("\n")[0]
        wait_until(
            page,
            "async () => { const names = await caches.keys();"
            f" return names.length === 1 && names[0] !== {old_cache!r}; }}",
            "the new worker's cache alone",
        )
    finally:
        context.close()
        server.stop()
