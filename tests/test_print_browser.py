"""Printing a guide gives a clean large-print handout of its steps (real Chromium)."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def test_printing_a_guide_keeps_the_steps_large_and_drops_the_chrome(phone, site_server):
    phone.goto(site_server + "guides/kich-hoat-vneid/")
    phone.emulate_media(media="print")
    assert not phone.locator(".md-header").is_visible()
    assert not phone.locator(".md-sidebar--primary").is_visible()
    step = phone.locator(".qs-steps ol > li").first
    assert step.is_visible()
    size = step.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20  # 16 pt: large print for elderly readers
    pdf = PdfReader(io.BytesIO(phone.pdf(format="A4")))
    assert len(pdf.pages) == 1
    # the PDF text layer splits some Vietnamese letters with spaces: compare without them
    text = "".join(unicodedata.normalize("NFC", pdf.pages[0].extract_text()).split())
    assert "TảiứngdụngVNeID" in text
    assert "Mẹo:" not in text  # the screen-only tip is not printed
    assert "PhườngMẫu" not in text  # nor the header with the site's name
