"""A short link opened in real Chromium lands on the page in the browser's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.codes import read_registry

pytestmark = pytest.mark.browser

RELIC = "relics/mau/van-mieu-mau"


def code_of(built_project: Path, target: str) -> str:
    registry = read_registry(built_project / "sites" / "mau" / "codes.yml")
    return registry.by_target()[target].code


def open_short_link(browser, url: str, **context_options) -> str:
    context = browser.new_context(**context_options)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_url("**/relics/van-mieu-mau/", timeout=10_000)
        page.wait_for_load_state()
        return page.url
    finally:
        context.close()


@pytest.mark.parametrize("locale, expected", [
    ("en-US", "en/relics/van-mieu-mau/"),
    ("vi-VN", "relics/van-mieu-mau/"),
    ("fr-FR", "relics/van-mieu-mau/"),  # neither language: the site's default, Vietnamese
])  # fmt: skip
def test_short_link_opens_the_page_in_the_browser_language(
    browser, site_server, built_project, locale, expected
):
    url = f"{site_server}Q/{code_of(built_project, RELIC)}/"
    assert open_short_link(browser, url, locale=locale) == site_server + expected


def test_without_javascript_the_short_link_still_reaches_a_page(
    browser, site_server, built_project
):
    url = f"{site_server}Q/{code_of(built_project, RELIC)}/"
    landed = open_short_link(browser, url, locale="en-US", java_script_enabled=False)
    assert landed == site_server + "relics/van-mieu-mau/"


def test_a_choice_made_with_the_language_switch_wins(browser, site_server, built_project):
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(site_server + "en/relics/van-mieu-mau/")
        page.locator("a.qs-lang-vi").first.dispatch_event("click")
        page.wait_for_url(site_server + "relics/van-mieu-mau/")
        page.goto(f"{site_server}Q/{code_of(built_project, RELIC)}/")
        page.wait_for_url("**/relics/van-mieu-mau/")
        assert page.url == site_server + "relics/van-mieu-mau/"
        assert page.locator("html").get_attribute("lang") == "vi"
    finally:
        context.close()


def test_stop_and_counter_codes_open_their_guide(browser, site_server, built_project):
    for target in ("streets/mau/pho-mau#kich-hoat-vneid", "counters/mau/mot-cua/kich-hoat-vneid"):
        context = browser.new_context(locale="en-GB")
        try:
            page = context.new_page()
            page.goto(f"{site_server}Q/{code_of(built_project, target)}/")
            page.wait_for_url("**/guides/kich-hoat-vneid/")
            assert page.url == site_server + "en/guides/kich-hoat-vneid/"
        finally:
            context.close()
