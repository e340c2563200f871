"""Readable for elderly eyes: axe-core finds nothing serious, text and tap targets are large.

axe-core comes from the npm registry: `npm install` at the repository's root (see
package.json) puts it in node_modules/, where these tests read it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["relics/van-mieu-mau/", "streets/pho-mau/", "guides/kich-hoat-vneid/", ""]


@pytest.fixture(scope="module")
def axe_source() -> Path:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} missing: run `npm install` at the repository's root")
        pytest.skip("axe-core not installed: run `npm install` at the repository's root")
    return AXE


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["", "en/"])
def test_no_serious_accessibility_violation(phone, site_server, axe_source, lang, path):
    phone.goto(site_server + lang + path)
    phone.add_script_tag(path=str(axe_source))
    result = phone.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], json.dumps(bad, ensure_ascii=False, indent=1)


def test_body_text_is_at_least_16_px(phone, site_server):
    phone.goto(site_server + "relics/van-mieu-mau/")
    sizes = phone.eval_on_selector_all(
        "article p, article dd, article li, .md-nav__link",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
    )
    assert sizes and min(sizes) >= 16, sizes


@pytest.mark.parametrize("path", ["relics/van-mieu-mau/", "streets/pho-mau/"])
def test_header_and_menu_tap_targets_are_44_px(phone, site_server, path):
    phone.goto(site_server + path)
    boxes = phone.eval_on_selector_all(
        ".md-header__button, .md-select__link, .md-nav__link",
        """els => els.filter(e => e.getClientRects().length)
            .map(e => { const r = e.getBoundingClientRect();
                        return [e.className, r.width, r.height]; })""",
    )
    small = [b for b in boxes if b[1] < 44 or b[2] < 44]
    assert boxes and small == [], small


def test_language_menu_is_fully_on_screen(phone, site_server):
    phone.goto(site_server + "relics/van-mieu-mau/")
    phone.locator(".md-header .md-select button").focus()
    for link in phone.locator(".md-select__link").all():
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert box["y"] >= 0 and box["y"] + box["height"] <= 740, box
