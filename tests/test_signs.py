"""The sign renderer, end to end on real parts: reportlab writes, pypdf and PDFium read,
zxing-cpp decodes. No mocks."""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from generator.signs import (
    KINDS,
    PAYMENT_KINDS,
    SignItem,
    SignSpec,
    qr_matrix,
    render_signs,
    verify_signs,
)
from generator.signs.compose import MM, SignError, compose
from generator.signs.layout import PAPER_MM, LayoutError, load_layout
from generator.signs.render_pdf import About, pdf_bytes

BASE = "https://haiduong.example.org/"
SHORT = "HTTPS://HD.EXAMPLE.ORG/Q/"
PREFIXES = (SHORT,)
BLEED = 3 * MM
ORG = {"organization_vi": "UBND tỉnh Hải Dương", "organization_en": "Hai Duong People's Committee"}


def short(code: str) -> str:
    return f"{SHORT}{code}/"


def items(n: int, prefix: str) -> tuple[SignItem, ...]:
    return tuple(
        SignItem(f"{prefix}{i}", short(f"{prefix}{i}"), f"Điểm số {i} ệ ộ", f"Stop {i}")
        for i in range(1, n + 1)
    )


def sample_specs() -> list[SignSpec]:
    return [
        SignSpec(
            "K7QX3",
            "relic_plaque",
            "relics/hai-duong/van-mieu-mao-dien",
            "Văn miếu Mao Điền",
            "Mao Dien Temple of Literature",
            subtitle_vi="Di tích quốc gia đặc biệt",
            subtitle_en="Special national relic",
            url=short("K7QX3"),
            placement="cổng chính",
            **ORG,
        ),
        SignSpec(
            "S3B7K",
            "street_board",
            "streets/hai-duong/pho-so",
            "Cài đặt VNeID mức 2",
            "Install VNeID level 2",
            subtitle_vi="Phố chuyển đổi số Trần Hưng Đạo",
            subtitle_en="Tran Hung Dao street",
            url=short("S3B7K"),
            number=3,
            **ORG,
        ),
        SignSpec(
            "P4ST1",
            "street_poster",
            "streets/hai-duong/pho-so",
            "Phố chuyển đổi số Trần Hưng Đạo",
            "Tran Hung Dao digital street",
            items=items(5, "PS"),
            **ORG,
        ),
        SignSpec(
            "C9M2T",
            "counter_tent",
            "counters/mot-cua/vneid",
            "Đăng ký khai sinh trực tuyến",
            "Register a birth online",
            subtitle_vi="Bộ phận một cửa · Quầy 2",
            subtitle_en="One-stop counter · Desk 2",
            url=f"{BASE}guides/khai-sinh/",
            **ORG,
        ),
        SignSpec(
            "T8SH2",
            "sticker_sheet",
            "relics/hai-duong",
            "Mã QR di tích",
            "Relic codes",
            items=items(6, "ST"),
            **ORG,
        ),
    ]


def render(specs, tmp: Path, name: str = "signs", cache: str = "cache", **kw):
    return render_signs(
        specs, tmp / name, tmp / cache, base_url=BASE, allowed_prefixes=PREFIXES, **kw
    )


def decode(pdf: Path | bytes, dpi: int = 200) -> list[str]:
    return decode_page(pdf, 0, dpi)


def decode_page(pdf: Path | bytes, index: int, dpi: int = 200) -> list[str]:
    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        image = doc[index].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        doc.close()
    return [c.text for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("signs")
    specs = sample_specs()
    return specs, render(specs, tmp, jobs=1), tmp / "signs"


# --- the QR matrix ---------------------------------------------------------------------


def test_upper_case_short_link_gives_a_smaller_version_than_a_long_lower_case_url():
    short_code = qr_matrix("HTTPS://HD.EXAMPLE.ORG/Q/K7QX3/")
    long_code = qr_matrix("https://haiduong.example.org/relics/hai-duong/van-mieu-mao-dien/")
    assert short_code.error == long_code.error == "Q"
    assert short_code.version < long_code.version
    assert short_code.size == 17 + 4 * short_code.version  # a full QR code, never Micro QR
    assert all(len(row) == short_code.size for row in short_code.modules)


def test_dark_runs_cover_exactly_the_dark_modules():
    m = qr_matrix(short("K7QX3"))
    covered = {(r, c + i) for r, c, n in m.dark_runs() for i in range(n)}
    dark = {(r, c) for r, row in enumerate(m.modules) for c, v in enumerate(row) if v}
    assert covered == dark


# --- every kind, decoded back ----------------------------------------------------------


def test_every_kind_has_a_sample(rendered):
    specs, _, _ = rendered
    # payment signs carry VietQR payloads, not links: their samples are in test_signs_payment
    assert sorted(s.kind for s in specs) == sorted(set(KINDS) - set(PAYMENT_KINDS))


@pytest.mark.parametrize("index", range(5))
def test_each_code_decodes_to_its_url(rendered, index):
    specs, signs, out = rendered
    spec, sign = specs[index], signs[index]
    found = decode(sign.pdf)
    if spec.kind == "counter_tent":
        assert found == [spec.url, spec.url]  # both faces
    else:
        assert sorted(found) == sorted(spec.urls())


def test_outputs_manifest_and_book(rendered):
    specs, signs, out = rendered
    names = sorted(p.name for p in out.iterdir())
    expected = {f"{s.code}.{ext}" for s in specs for ext in ("pdf", "png")}
    assert set(names) == expected | {"all.pdf", "manifest.csv"}
    raw = (out / "manifest.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the mark that makes Excel read UTF-8
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == [
        "code",
        "kind",
        "entry",
        "title_vi",
        "title_en",
        "url",
        "file",
        "paper",
        "placement",
        "subtitle_vi",
        "subtitle_en",
        "version",
    ]
    assert [r["code"] for r in rows] == [s.code for s in specs]
    assert [r["version"] for r in rows] == [s.version() for s in specs]
    assert len({r["version"] for r in rows}) == len(rows)  # each shows something else
    assert rows[0]["placement"] == "cổng chính" and rows[0]["file"] == "K7QX3.pdf"
    assert rows[2]["paper"] == "A3" and rows[0]["paper"] == "A4"
    book = PdfReader(out / "all.pdf")
    assert len(book.pages) == len(specs)
    for page, sign in zip(book.pages, signs, strict=True):
        single = PdfReader(sign.pdf).pages[0]
        assert page.mediabox == single.mediabox and page.trimbox == single.trimbox
    assert decode(out / "all.pdf") == decode(signs[0].pdf)  # page 1 is the plaque


def test_previews_are_600_pixels_wide(rendered):
    _, signs, _ = rendered
    for sign in signs:
        with Image.open(sign.png) as image:
            assert image.format == "PNG" and image.width == 600


def test_a_long_street_continues_its_poster_on_more_pages(tmp_path):
    poster = replace(sample_specs()[2], url=short("P4ST1"), items=items(15, "PZ"))
    (sign,) = render([poster], tmp_path)
    pages = PdfReader(sign.pdf).pages
    assert len(pages) == 2
    assert "Page 2 of 2" in pages[1].extract_text()
    found = decode(sign.pdf) + decode_page(sign.pdf, 1)
    assert sorted(found) == sorted([*poster.urls(), poster.url])  # its own code on each page
    assert len(PdfReader(tmp_path / "signs" / "all.pdf").pages) == 2


def test_a_logo_is_the_only_image(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (200, 16, 46)).save(logo)
    (sign,) = render([replace(sample_specs()[0], logo=logo)], tmp_path)
    resources = PdfReader(sign.pdf).pages[0]["/Resources"]
    images = [x.get_object() for x in resources["/XObject"].values()]
    assert [(i["/Width"], i["/Height"]) for i in images] == [(64, 64)]
    assert decode(sign.pdf) == [sample_specs()[0].url]


def _logo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (32, 32), (200, 16, 46)).save(path)
    return path


def test_the_same_logo_in_another_folder_gives_the_same_bytes(tmp_path):
    plaque = sample_specs()[0]
    (a,) = render([replace(plaque, logo=_logo(tmp_path / "one" / "logo.png"))], tmp_path, "a", "ca")
    (b,) = render([replace(plaque, logo=_logo(tmp_path / "two" / "x.png"))], tmp_path, "b", "cb")
    assert a.key == b.key
    assert a.pdf.read_bytes() == b.pdf.read_bytes()
    assert (tmp_path / "a" / "all.pdf").read_bytes() == (tmp_path / "b" / "all.pdf").read_bytes()


def test_cached_drawings_hold_no_logo_path(tmp_path):
    specs = [replace(s, logo=_logo(tmp_path / "old" / "logo.png")) for s in sample_specs()[:2]]
    render(specs, tmp_path)
    for ops in (tmp_path / "cache").rglob("*.ops"):
        assert str(tmp_path) not in ops.read_text("utf-8")
    # the project moved: the logo is elsewhere now and one sign changed, so all.pdf is
    # drawn again from the other sign's cached drawing
    (tmp_path / "old").rename(tmp_path / "new")
    moved = [replace(s, logo=tmp_path / "new" / "logo.png") for s in specs]
    moved[1] = replace(moved[1], title_en="Install VNeID at level 2")
    again = render(moved, tmp_path, "again")
    assert [s.cached for s in again] == [True, False]
    book = PdfReader(tmp_path / "again" / "all.pdf")
    assert len(book.pages) == 2 and "/XObject" in book.pages[0]["/Resources"]


def test_the_tent_top_face_is_turned_to_read_upright_once_folded():
    tent = sample_specs()[3]
    d = compose(tent.normalized(), load_layout(tent.kind))
    titles = [p for p in d.placements if p.id == "title_vi"]
    assert [p.rotated for p in titles] == [False, True]
    middle = d.media[1] / 2
    assert titles[0].box[3] < middle < titles[1].box[1]  # bottom face below the fold
    assert any(op[0] == "cm" and op[1:3] == (-1, 0) for op in d.ops)  # a 180° turn


def test_a_paper_the_layout_does_not_offer_is_refused_up_front(tmp_path):
    with pytest.raises(ValueError, match="C9M2T.*A5"):
        render([replace(sample_specs()[3], paper="A5")], tmp_path)


# --- print-ready -----------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A5", "A4", "A3"])
def test_mediabox_is_trim_plus_bleed_and_trimbox_is_exact(tmp_path, paper):
    spec = replace(sample_specs()[0], paper=paper)
    (sign,) = render([spec], tmp_path)
    page = PdfReader(sign.pdf).pages[0]
    w, h = (v * MM for v in PAPER_MM[paper])
    assert float(page.mediabox.width) == pytest.approx(w + 2 * BLEED, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(h + 2 * BLEED, abs=0.01)
    trim = [float(v) for v in page.trimbox]
    assert trim == pytest.approx([BLEED, BLEED, BLEED + w, BLEED + h], abs=0.01)
    bleed = [float(v) for v in page.bleedbox]
    assert bleed == pytest.approx([0, 0, w + 2 * BLEED, h + 2 * BLEED], abs=0.01)
    assert decode(sign.pdf) == [spec.url]


def _fonts(page) -> list:
    return [f.get_object() for f in page["/Resources"]["/Font"].values()]


def test_every_font_is_embedded_and_nothing_is_a_raster_image(rendered):
    _, signs, _ = rendered
    for sign in signs:
        page = PdfReader(sign.pdf).pages[0]
        fonts = _fonts(page)
        assert fonts
        for font in fonts:
            assert "NotoSans" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"]
        assert "/XObject" not in page["/Resources"]  # the code is vector rectangles


def test_qr_and_small_text_are_k_only_black(rendered):
    _, signs, _ = rendered
    stream = PdfReader(signs[0].pdf).pages[0].get_contents().get_data().decode("latin-1")
    # no RGB or grey colour operator at all, and the code is filled right after `0 0 0 1 k`
    assert not re.search(r"\b(rg|RG|g|G)\n", stream)
    assert re.search(r"0 0 0 1 k\s+q [\d.]+ 0 0 -[\d.]+ [\d.]+ [\d.]+ cm 0 0 7 1 re", stream)


def test_background_runs_into_the_bleed():
    spec = sample_specs()[0]
    d = compose(spec.normalized(), load_layout(spec.kind))
    band = next(op for op in d.ops if op[0] == "rect")
    _, x, y, w, h, *_ = band
    assert x == pytest.approx(0) and x + w == pytest.approx(d.media[0])
    assert y + h == pytest.approx(d.media[1])  # the top band reaches the media's top edge


def test_vietnamese_letters_show(tmp_path):
    letters = "ệ ộ ừ ữ ỹ Đ"
    spec = replace(sample_specs()[0], title_vi=f"Đền thờ {letters}")
    (sign,) = render([spec], tmp_path)
    text = PdfReader(sign.pdf).pages[0].extract_text()
    for letter in letters.split():
        assert letter in unicodedata.normalize("NFC", text)


def test_nfd_input_gives_the_same_bytes_as_nfc(tmp_path):
    spec = replace(sample_specs()[0], title_vi="Đền Kiếp Bạc ệ ộ ừ ữ ỹ")
    nfd = replace(spec, title_vi=unicodedata.normalize("NFD", spec.title_vi))
    assert nfd.title_vi != spec.title_vi
    (a,) = render([spec], tmp_path, "a", "ca")
    (b,) = render([nfd], tmp_path, "b", "cb")
    assert a.key == b.key
    assert a.pdf.read_bytes() == b.pdf.read_bytes()


def test_two_renders_give_identical_bytes(tmp_path):
    plaque = sample_specs()[0]
    more = [replace(plaque, code=f"R{i}", url=short(f"R{i}")) for i in range(6)]
    specs = sample_specs() + more  # enough for the worker pool to start with jobs=2
    render(specs, tmp_path, "a", "ca", jobs=1)
    render(specs, tmp_path, "b", "cb", jobs=2)
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_source_date_epoch_does_not_change_a_sign(tmp_path, monkeypatch):
    spec = sample_specs()[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (a,) = render([spec], tmp_path, "a", "ca")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    (b,) = render([spec], tmp_path, "b", "cb")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (c,) = render([spec], tmp_path, "c", "cc")
    assert a.pdf.read_bytes() == b.pdf.read_bytes() == c.pdf.read_bytes()
    assert (tmp_path / "a" / "all.pdf").read_bytes() == (tmp_path / "b" / "all.pdf").read_bytes()
    assert b"D:20000101000000" in a.pdf.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    pdf_bytes([compose(spec.normalized(), load_layout(spec.kind))], about=About("t"))
    assert os.environ["SOURCE_DATE_EPOCH"] == "1600000000"  # left as it was


# --- text fitting ----------------------------------------------------------------------


def test_a_120_character_title_stays_inside_its_box(tmp_path):
    title = (
        "Khu di tích lịch sử và kiến trúc nghệ thuật đền thờ danh nhân văn hóa "
        "Chu Văn An cùng các ngôi chùa cổ ở tỉnh Hải Dương."
    )
    assert len(title) == 120
    spec = replace(sample_specs()[0], title_vi=title)
    d = compose(spec.normalized(), load_layout(spec.kind))
    place = next(p for p in d.placements if p.id == "title_vi")
    x0, y0, x1, y1 = place.box
    assert len(place.lines) > 1
    for lx, _base, width in place.line_boxes:
        assert x0 - 1e-6 <= lx and lx + width <= x1 + 1e-6
    bottom, top = place.ink
    assert y0 - 1e-6 <= bottom and top <= y1 + 1e-6
    # and the PDF really puts each line where the layout says
    pdf = pdf_bytes([d], about=About("t"))
    starts = []

    def visit(text, cm, tm, font, size):
        if text.strip() and text.strip() in place.lines:
            starts.append((round(tm[4], 2), round(tm[5], 2)))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert sorted(starts) == sorted((round(x, 2), round(b, 2)) for x, b, _ in place.line_boxes)


def test_text_too_long_for_any_size_is_refused():
    spec = replace(sample_specs()[0], subtitle_en="x" * 400)
    with pytest.raises(SignError, match="K7QX3"):
        compose(spec.normalized(), load_layout(spec.kind))


# --- cache -----------------------------------------------------------------------------


def test_cache_hit_copies_instead_of_drawing(tmp_path):
    specs = sample_specs()
    first = render(specs, tmp_path)
    assert not any(s.cached for s in first)
    second = render(specs, tmp_path, "again")
    assert all(s.cached for s in second)
    assert [s.qr_version for s in second] == [s.qr_version for s in first]
    changed = [replace(specs[0], title_en="Mao Dien Confucian Temple"), *specs[1:]]
    third = render(changed, tmp_path, "third")
    assert [s.cached for s in third] == [False, True, True, True, True]
    assert third[0].key != first[0].key
    book = PdfReader(tmp_path / "third" / "all.pdf")
    assert "Confucian" in book.pages[0].extract_text()
    # outputs are hard links into the cache: drawing a changed sign over an old output
    # folder must replace the file, never write through into the cached entry
    newer = [replace(specs[0], title_en="Temple of Literature"), *specs[1:]]
    assert not render(newer, tmp_path, "again")[0].cached  # drawn over the cache's links
    fourth = render(specs, tmp_path, "fourth")
    assert all(s.cached for s in fourth)
    for old, new in zip(first, fourth, strict=True):
        assert old.key == new.key
    assert fourth[0].pdf.read_bytes() != (tmp_path / "again" / "K7QX3.pdf").read_bytes()
    assert fourth[0].pdf.read_bytes() == (tmp_path / "signs" / "K7QX3.pdf").read_bytes()
    assert "Mao Dien Temple" in PdfReader(fourth[0].pdf).pages[0].extract_text()


def test_an_incomplete_cache_entry_is_drawn_again_with_the_same_bytes(tmp_path):
    """A preview lost from the cache (a build killed between drawing and preview) is
    made again; all.pdf is still cached, so it comes from the sign's own PDF."""
    specs = sample_specs()
    first = render(specs, tmp_path)
    first[1].png.unlink()
    (tmp_path / "cache" / first[1].key[:2] / f"{first[1].key}.png").unlink()
    again = render(specs, tmp_path, "again")
    assert [s.cached for s in again] == [True, False, True, True, True]
    for old, new in zip(first, again, strict=True):
        assert new.pdf.read_bytes() == (tmp_path / "signs" / old.pdf.name).read_bytes()
    assert again[1].png.read_bytes() == render(specs, tmp_path / "cold")[1].png.read_bytes()


def test_progress_reports_every_sign(tmp_path):
    seen = []
    render(sample_specs(), tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)


# --- refusals --------------------------------------------------------------------------


def test_url_outside_the_site_is_refused_naming_the_code(tmp_path):
    bad = replace(sample_specs()[0], code="BAD01", url="https://evil.example.com/x/")
    with pytest.raises(ValueError, match="BAD01"):
        render([bad], tmp_path)
    item = replace(
        sample_specs()[4], items=(SignItem("X1", "https://hd.example.org/q/X1/", "a", "b"),)
    )
    with pytest.raises(ValueError, match="T8SH2"):  # the path is compared exactly: /q/ ≠ /Q/
        render([item], tmp_path)


def test_a_refusal_names_each_allowed_prefix_once(tmp_path):
    bad = replace(sample_specs()[0], code="BAD02", url="https://evil.example.com/x/")
    with pytest.raises(ValueError) as exc:
        render_signs(
            [bad], tmp_path / "s", tmp_path / "c", base_url=BASE, allowed_prefixes=(BASE, SHORT)
        )
    assert str(exc.value).count(BASE) == 1 and SHORT in str(exc.value)


def test_the_core_count_is_worked_out_in_one_place():
    package = Path(render_signs.__code__.co_filename).parents[1]
    for path in sorted(package.rglob("*.py")):
        text = path.read_text("utf-8")
        if path.name != "parallel.py":
            assert "sched_getaffinity" not in text and "os.cpu_count" not in text, path


def test_host_and_scheme_compare_case_insensitively(tmp_path):
    spec = replace(sample_specs()[0], url="https://HD.example.ORG/Q/K7QX3/")
    (sign,) = render([spec], tmp_path)
    assert decode(sign.pdf) == [spec.url]


def test_duplicate_and_unsafe_codes_are_refused(tmp_path):
    a = sample_specs()[0]
    with pytest.raises(ValueError, match="twice"):
        render([a, replace(a, title_vi="x")], tmp_path)
    with pytest.raises(ValueError, match="code"):
        render([replace(a, code="../etc")], tmp_path)


def test_a_layout_that_makes_modules_too_small_is_refused(tmp_path):
    layout = tmp_path / "relic_plaque.yml"
    text = (load_layout("relic_plaque").path).read_text("utf-8")
    layout.write_text(text.replace("box: [43, 106, 124, 124]", "box: [43, 106, 60, 60]"))
    small = load_layout("relic_plaque", tmp_path)
    with pytest.raises(SignError, match=r"under the layout's minimum 2\.50 mm"):
        compose(sample_specs()[0], small)


def test_a_long_url_on_a_plaque_keeps_modules_at_least_2_5_mm():
    spec = replace(sample_specs()[0], url=BASE + "relics/hai-duong/van-mieu-mao-dien/")  # v6
    d = compose(spec, load_layout("relic_plaque"))
    assert min(d.module_mm) >= 2.5
    with pytest.raises(SignError, match="mm"):
        compose(replace(spec, url=BASE + "x" * 200), load_layout("relic_plaque"))


def test_layout_files_are_checked(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "layers:\n  - {type: text, text: x, box: [0,0,1,1], sise: 3}\n"
    )
    with pytest.raises(LayoutError, match="size"):
        load_layout("bad", tmp_path)
    (tmp_path / "typo.yml").write_text(
        "layers:\n  - {type: text, text: '{title_vn}', size: 9, box: [0,0,1,1]}\n"
    )
    with pytest.raises(LayoutError, match="title_vn"):
        load_layout("typo", tmp_path)


def test_an_empty_translation_leaves_no_dangling_separator():
    sheet = replace(sample_specs()[4], title_en="")
    d = compose(sheet.normalized(), load_layout(sheet.kind))
    heading = next(p for p in d.placements if p.id == "title_vi")
    assert heading.lines == ("Mã QR di tích",)


# --- verify ----------------------------------------------------------------------------


LANDING = (
    '<noscript><meta http-equiv="refresh" content="0; url=../../relics/x/"></noscript>'
    '<a href="../../relics/x/" hreflang="vi">X</a><a href="../../en/relics/x/">X</a>'
)


def page(path: Path, html: str = "<h1>ok</h1>") -> None:
    path.mkdir(parents=True, exist_ok=True)
    (path / "index.html").write_text(html)


def test_verify_reports_ok_and_missing_pages(tmp_path):
    specs = sample_specs()[:2]
    render(specs, tmp_path)
    site = tmp_path / "site"
    page(site / "Q" / "K7QX3", LANDING)
    page(site / "relics" / "x")
    page(site / "en" / "relics" / "x")
    lines = verify_signs(tmp_path / "signs", site, (BASE,), {SHORT: "Q/"})
    by_code = {line.code: line for line in lines}
    assert by_code["K7QX3"].ok and by_code["K7QX3"].urls == (short("K7QX3"),)
    assert not by_code["S3B7K"].ok
    assert "Q/S3B7K/index.html" in by_code["S3B7K"].message


def test_verify_follows_a_landing_page_to_each_language(tmp_path):
    render(sample_specs()[:1], tmp_path)
    site = tmp_path / "site"
    page(site / "Q" / "K7QX3", LANDING)
    page(site / "relics" / "x")  # the English page is missing
    (line,) = verify_signs(tmp_path / "signs", site, (BASE,), {SHORT: "Q/"})
    assert not line.ok
    assert "en/relics/x/index.html" in line.message
    page(site / "Q" / "K7QX3")  # a page under the short base that sends nowhere
    (line,) = verify_signs(tmp_path / "signs", site, (BASE,), {SHORT: "Q/"})
    assert not line.ok and "leads to no page" in line.message


def test_manifest_cells_never_run_as_spreadsheet_formulas(tmp_path):
    spec = replace(
        sample_specs()[0], title_vi='=HYPERLINK("http://x")', title_en="+1", placement="-"
    )
    render_signs(
        [spec], tmp_path / "out", tmp_path / "cache", base_url=BASE, allowed_prefixes=PREFIXES
    )
    with (tmp_path / "out" / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert row["title_vi"] == '\'=HYPERLINK("http://x")'
    assert row["title_en"] == "'+1" and row["placement"] == "'-"
    assert row["url"] == spec.url  # codes and addresses are ours, never altered


def test_a_plaque_without_english_gives_its_band_to_the_vietnamese_title():
    both = sample_specs()[0].normalized()
    alone = replace(sample_specs()[0], title_en="", subtitle_en="").normalized()
    layout = load_layout(both.kind)
    with_english = compose(both, layout)
    vietnamese_only = compose(alone, layout)
    assert "title_en" in {p.id for p in with_english.placements}
    assert "title_en" not in {p.id for p in vietnamese_only.placements}
    title = next(p for p in vietnamese_only.placements if p.id == "title_vi")
    band_top, band_bottom = 297 * MM, (297 - 78) * MM  # the red band, in PDF points
    ink_bottom, ink_top = title.ink
    # centred in the whole band, not in its upper half with an empty strip below
    middle = (ink_bottom + ink_top) / 2
    assert abs(middle - (band_top + band_bottom) / 2) < 8 * MM


def test_a_minimum_scaled_to_another_paper_is_met_by_the_nearest_quarter_point():
    """12 pt on A3 is 16.97 pt: text set at 17.0 meets it, and must not be reported as
    "17.0 pt, below the layout's minimum 17.0 pt" (a warning staff would learn to ignore)."""
    for spec in sample_specs():
        layout = load_layout(spec.kind)
        for paper in layout.papers:
            drawing = compose(replace(spec, paper=paper).normalized(), layout)
            for warning in drawing.warnings:
                params = dict(warning.params)
                if "minimum" in params:
                    gap = float(params["minimum"]) - float(params["size"])
                    assert gap >= 0.1, (spec.kind, paper, warning.render(lambda m: m))
