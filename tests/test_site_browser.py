"""A relic page on a phone-sized screen in real headless Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_relic_page_shows_title_and_language_switch(phone, site_server):
    phone.goto(site_server + "relics/van-mieu-mau/")
    title = phone.locator("h1", has_text="Văn miếu Mẫu")
    assert title.is_visible()
    box = title.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    switch = phone.locator(".md-header .md-select button")
    assert switch.is_visible()
    switch.focus()
    english = phone.locator("a[hreflang=en]")
    english.click()
    phone.wait_for_url("**/en/relics/van-mieu-mau/")
    assert phone.locator("h1", has_text="Sample Temple of Literature").is_visible()


def test_search_without_diacritics_finds_the_entry(phone, site_server):
    phone.goto(site_server + "relics/van-mieu-mau/")
    phone.locator(".qs-search-link").click()
    phone.wait_for_url("**/search/")
    phone.fill("#qs-q", "van mieu")
    result = phone.locator("#qs-results a", has_text="Văn miếu Mẫu")
    result.wait_for(timeout=5000)
    result.click()
    phone.wait_for_url("**/relics/van-mieu-mau/")
