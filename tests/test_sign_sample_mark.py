"""A sign of example content prints "MẪU · SAMPLE", so it never goes to a print shop as a
real sign; a real sign prints no such words. Read back from the built PDFs themselves:
PDFium's text layer gives the words and where they lie, zxing-cpp where each code lies.

A sign shows example content when its site is an example (`example: true` in site.yml)
or when an entry it shows is (`example: true` in its index.vi.md): a plaque shows its
relic, a poster its street, a board its street and its guide, a tent its guide, and a
counter's sticker sheet the guides of its tents.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from test_signs_print_marks import (
    DPI,
    KINDS,
    QUIET_MODULES,
    SIGNS,
    _payloads,
    _pdfs,
    quiet_zone_problems,
)

from generator import pipeline
from generator.signs import SignItem, render_signs
from generator.signs.layout import load_layout
from generator.signs.samples import BASE, SHORT, sample_specs

MARK = "MẪU · SAMPLE"
MM = 72 / 25.4
CLEAR_MM = 2.0  # the mark keeps this far from a code's quiet zone, at the least
MIN_MARK_PT = 8.0  # smaller is easily missed on a sign
EXAMPLE = "example: true\n"
SITE_YML = Path("sites") / "mau" / "site.yml"
RELIC = "relics/mau/van-mieu-mau"
STREET = "streets/mau/pho-mau"
GUIDE = "content/guides/kich-hoat-vneid"


# ------------------------------------------------------------------ reading a PDF


def _text(page) -> str:
    """The page's text with every run of white space as one space (a wrapped line too)."""
    textpage = page.get_textpage()
    try:
        return " ".join(textpage.get_text_range().split())
    finally:
        textpage.close()


def page_texts(pdf: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [_text(page) for page in doc]
    finally:
        doc.close()


def _union(boxes):
    x0s, y0s, x1s, y1s = zip(*boxes, strict=True)
    return (min(x0s), min(y0s), max(x1s), max(y1s))


def _inked(box) -> bool:
    return box[2] > box[0] and box[3] > box[1]


def mark_and_other_text(page) -> tuple[list[tuple], list[tuple], list[float]]:
    """Each printed mark's box, every other letter's box (PDF points, y up) and the
    marks' font sizes, from the page's text layer."""
    textpage = page.get_textpage()
    try:
        marks, sizes, in_mark = [], [], set()
        search = textpage.search(MARK, match_case=True, match_whole_word=False)
        while hit := search.get_next():
            first, count = hit
            boxes = [textpage.get_charbox(i) for i in range(first, first + count)]
            marks.append(_union([b for b in boxes if _inked(b)]))
            sizes += [
                pdfium.raw.FPDFText_GetFontSize(textpage.raw, i)
                for i in range(first, first + count)
            ]
            in_mark.update(range(first, first + count))
        others = [
            box
            for i in range(textpage.count_chars())
            if i not in in_mark and _inked(box := textpage.get_charbox(i))
        ]
        return marks, others, sizes
    finally:
        textpage.close()


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def code_area(code, margin_px: float) -> tuple[float, float, float, float]:
    """A decoded code's symbol, its 4-module quiet zone and `margin_px` round it, in
    image pixels (y down)."""
    n = 17 + 4 * int(code.extra["Version"])
    p = code.position
    xs = [p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x]
    ys = [p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y]
    out = QUIET_MODULES * (max(xs) - min(xs)) / n + margin_px
    return (min(xs) - out, min(ys) - out, max(xs) + out, max(ys) + out)


def mark_problems(pdf: Path, urls: list[str]) -> list[str]:
    """What is wrong with the sample marks of a sign that must carry them: a page
    without one, a mark too small, on other text, or near a code; and every code is
    found and keeps its blank quiet zone."""
    problems, decoded = [], []
    scale = DPI / 72
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(doc, 1):
            where = f"{pdf.name} page {number}"
            marks, others, sizes = mark_and_other_text(page)
            if not marks:
                problems.append(f"{where}: no {MARK}")
            if sizes and min(sizes) < MIN_MARK_PT:
                problems.append(f"{where}: the mark is set at {min(sizes):.1f} pt")
            for mark in marks:
                problems += [f"{where}: {MARK} on other text" for o in others if _overlap(mark, o)]
            image = page.render(scale=scale, grayscale=True).to_pil()
            height = page.get_height()
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            for code in codes:
                decoded.append(code.text)
                problems += quiet_zone_problems(image, code)
                area = code_area(code, CLEAR_MM * MM * scale)
                for x0, y0, x1, y1 in marks:
                    box = (x0 * scale, (height - y1) * scale, x1 * scale, (height - y0) * scale)
                    if _overlap(box, area):
                        problems.append(f"{where}: {MARK} within {CLEAR_MM} mm of {code.text}")
    finally:
        doc.close()
    if Counter(decoded) != Counter(urls):  # every code was found, so every one was checked
        problems.append(f"{pdf.name}: codes read {sorted(decoded)}, printed {sorted(urls)}")
    return problems


# ------------------------------------------------------------------ a built site


def manifest(root: Path) -> list[dict[str, str]]:
    with (root / SIGNS / "manifest.csv").open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def marked_signs(root: Path) -> dict[tuple[str, str], list[bool]]:
    """(kind, entry) -> whether each such sign carries the mark on every page; a page
    with a word of it but not the whole mark fails here."""
    out: dict[tuple[str, str], list[bool]] = {}
    for row in manifest(root):
        texts = page_texts(root / SIGNS / row["file"])
        for text in texts:
            assert (MARK in text) == ("MẪU" in text) == ("SAMPLE" in text), (row["file"], text)
        assert len({MARK in text for text in texts}) == 1, (row["file"], "marked on some pages")
        out.setdefault((row["kind"], row["entry"]), []).append(MARK in texts[0])
    return out


def unmark(root: Path, *files: Path) -> None:
    """Take `example: true` out of these files (each must have had it)."""
    for rel in files:
        path = root / rel
        text = path.read_text("utf-8")
        assert EXAMPLE in text, rel
        path.write_text(text.replace(EXAMPLE, ""), "utf-8")


def mark_example(root: Path, entry: str) -> None:
    path = root / entry / "index.vi.md"
    text = path.read_text("utf-8")
    assert text.startswith("---\n") and EXAMPLE not in text
    path.write_text("---\n" + EXAMPLE + text.removeprefix("---\n"), "utf-8")


def real_project(project: Path) -> Path:
    """The fixture project with nothing marked as an example, site or entry."""
    unmark(project, SITE_YML, Path(RELIC) / "index.vi.md")
    left = [p for p in project.rglob("*") if p.is_file() and p.suffix in (".md", ".yml")]
    assert not [p for p in left if "example: true" in p.read_text("utf-8")]
    return project


def test_every_sign_of_an_example_site_carries_the_mark(built_project: Path):
    signs = marked_signs(built_project)
    assert {kind for kind, _ in signs} == set(KINDS)
    assert all(all(marks) for marks in signs.values()), signs
    book = page_texts(built_project / SIGNS / "all.pdf")
    assert len(book) == sum(len(page_texts(p)) for k in KINDS for p in _pdfs(built_project, k))
    assert all(MARK in text for text in book)


def test_the_same_signs_without_example_content_carry_no_mark(project: Path):
    pipeline.build(real_project(project))
    signs = marked_signs(project)
    assert {kind for kind, _ in signs} == set(KINDS)
    assert not any(any(marks) for marks in signs.values()), signs
    book = page_texts(project / SIGNS / "all.pdf")
    assert book and not any("SAMPLE" in text or "MẪU" in text for text in book)


# An example entry in a real site: the signs that show it, and only those.
ENTRY_SIGNS = {
    RELIC: {("relic_plaque", RELIC)},
    STREET: {("street_poster", STREET), ("street_board", STREET)},
    GUIDE: {
        ("street_board", STREET),
        ("counter_tent", GUIDE),
        ("sticker_sheet", "counters/mau/mot-cua"),
    },
}


@pytest.mark.parametrize("entry", ENTRY_SIGNS)
def test_an_example_entry_marks_its_own_signs_and_no_other(project: Path, entry: str):
    real_project(project)
    mark_example(project, entry)
    pipeline.build(project)
    signs = marked_signs(project)
    assert {kind for kind, _ in signs} == set(KINDS)
    marked = {sign for sign, marks in signs.items() if all(marks)}
    assert marked == ENTRY_SIGNS[entry]
    assert not any(any(marks) for sign, marks in signs.items() if sign not in marked), signs


def test_the_mark_of_a_built_sign_stays_clear_of_its_codes(built_project: Path):
    for row in manifest(built_project):
        pdf = built_project / SIGNS / row["file"]
        assert mark_problems(pdf, _payloads(built_project, pdf)) == []


def _every_paper():
    """The README's sample of each kind on each paper its layout offers, and a poster
    long enough to run onto a second page."""
    for spec in sample_specs():
        for paper in load_layout(spec.kind).papers:
            yield replace(spec, code=f"{spec.code}{paper}", paper=paper)
    poster = next(s for s in sample_specs() if s.kind == "street_poster")
    stops = tuple(
        SignItem(f"L{i}X7K", f"{SHORT}L{i}X7K/", f"Điểm số {i}", f"Stop {i}", i)
        for i in range(1, 15)
    )
    yield replace(poster, code="LONG", items=stops)


SPECS = list(_every_paper())


@pytest.mark.parametrize("spec", SPECS, ids=[f"{s.kind}-{s.code}" for s in SPECS])
def test_the_mark_stays_clear_of_every_code_on_every_paper(tmp_path: Path, spec):
    (sign,) = render_signs(
        [replace(spec, sample=MARK)],
        tmp_path / "signs",
        tmp_path / "cache",
        base_url=BASE,
        allowed_prefixes=(SHORT,),
        jobs=1,
    )
    assert not [w for w in sign.warnings if w.startswith("sample")]  # set at its size
    assert set(_payloads(tmp_path, sign.pdf)) == set(spec.urls())  # a tent's twice
    assert mark_problems(sign.pdf, _payloads(tmp_path, sign.pdf)) == []
    if spec.kind == "counter_tent":  # both faces, one of them upside down
        doc = pdfium.PdfDocument(str(sign.pdf))
        try:
            marks, _, _ = mark_and_other_text(doc[0])
            fold = doc[0].get_height() / 2
        finally:
            doc.close()
        assert sorted(y0 > fold for _, y0, _, _ in marks) == [False, True]
