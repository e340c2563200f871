"""A street's poster fills its page: few stops get larger cards, codes and short links;
the cards of one poster set their titles at one size, wrapped before they shrink."""

from __future__ import annotations

from dataclasses import replace

from test_signs import items, sample_specs

from generator.signs.compose import compose
from generator.signs.layout import load_layout

MM = 72 / 25.4


def poster(n: int, titles: list[str] | None = None):
    spec = sample_specs()[2]
    assert spec.kind == "street_poster"
    cards = items(n, "PS")
    if titles:
        cards = tuple(replace(c, title_vi=t) for c, t in zip(cards, titles, strict=True))
    return compose(replace(spec, items=cards).normalized(), load_layout("street_poster"))


def _stop_modules(drawing) -> list[float]:
    """Each stop code's printed side in mm (module × modules, quiet zone included): the
    sample poster has no code of its own in the band, so every code is a stop's."""
    return [
        round(m * (17 + 4 * v + 8), 1)
        for m, v in zip(drawing.module_mm, drawing.qr_versions, strict=True)
    ]


def _sizes(drawing, name: str) -> set[float]:
    return {p.size for p in drawing.placements if p.id == name}


def test_few_stops_get_larger_cards_that_stay_on_the_page():
    full, three, one = poster(12), poster(3), poster(1)
    assert len(set(_stop_modules(full))) == 1  # a full poster: every code alike
    assert min(_stop_modules(three)) >= 1.5 * max(_stop_modules(full))
    assert min(_stop_modules(one)) >= min(_stop_modules(three))
    assert min(_sizes(three, "item_url")) >= 1.5 * max(_sizes(full, "item_url"))
    x0, y0, x1, y1 = three.trim
    for p in three.placements:  # every text inside the trimmed sheet
        bx0, by0, bx1, by1 = p.box
        assert x0 <= bx0 and bx1 <= x1 and y0 <= by0 and by1 <= y1, p.id
    footer = min(p.box[1] for p in three.placements if p.id == "call_to_action")
    cards = [p for p in three.placements if p.id.startswith("item_")]
    assert all(p.box[1] >= footer for p in cards)  # above the footer (PDF y grows upward)


def test_a_full_page_is_drawn_as_written():
    for n in (7, 12, 13):  # a second page: no growing either
        assert set(_stop_modules(poster(n))) == set(_stop_modules(poster(12)))


def test_the_cards_of_one_poster_share_their_title_size():
    titles = [
        "VNeID",
        "Nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia",
        "Cài đặt ứng dụng VssID – Bảo hiểm xã hội số cho người lao động",
        "Thanh toán QR",
        "Đăng ký tạm trú",
        "Ví điện tử",
    ]
    drawing = poster(6, titles)
    assert len(_sizes(drawing, "item_title_vi")) == 1
    assert len(_sizes(drawing, "item_title_en")) == 1
    long = [p for p in drawing.placements if p.id == "item_title_vi" and len(p.lines) > 1]
    assert long  # the long titles wrapped rather than shrank alone
    assert _sizes(drawing, "item_title_vi").pop() >= 10 * 0.999  # the layout's minimum


def test_a_single_card_is_centred_in_the_grid():
    drawing = poster(1)
    card = [p.box for p in drawing.placements if p.id in ("number", "item_title_vi", "item_url")]
    left, right = min(b[0] for b in card), max(b[2] for b in card)
    sheet = (drawing.trim[0] + drawing.trim[2]) / 2
    assert abs((left + right) / 2 - sheet) < 3 * MM  # its margins differ by a third of a mm
    assert right - left > 150 * MM  # and it is large: a 86 mm card drawn twice as big


def test_a_shared_title_size_below_the_minimum_is_still_warned_about():
    titles = ["VNeID", "Ứngdụngdịchvụcôngtrựctuyếnquốcgiamớinhất" * 2, "VssID"]
    drawing = poster(3, titles)
    assert len(_sizes(drawing, "item_title_vi")) == 1
    assert any(
        "item_title_vi" in str(w) and "below the layout's minimum" in str(w)
        for w in drawing.warnings
    )
