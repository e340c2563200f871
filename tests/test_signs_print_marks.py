"""What a print shop and a phone need from a built sign, read back from the PDF itself.

Crop marks: the guillotine is set by them, so every trim corner needs one mark on the
extension of each trim edge, in the bleed, clear of the sheet that is kept. Quiet zone:
the QR standard (ISO/IEC 18004) asks for 4 light modules on every side of the symbol;
the module size and count come from what zxing-cpp reads in a rendering (version v
gives 17 + 4v modules), not from the generator's constants.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import ContentStream

from generator.signs.layout import LAYOUT_DIR
from generator.signs.spec import PAYMENT_KINDS
from generator.signs.verify_payments import carried_payloads

SIGNS = Path("build") / "mau" / "signs"
# Payment signs (issue 18) are checked on rendered specs in test_signs_payment.py until the
# fixture project builds them; then drop this exclusion and these tests take them too.
KINDS = sorted(p.stem for p in LAYOUT_DIR.glob("*.yml") if p.stem not in PAYMENT_KINDS)
MM = 72 / 25.4
EPS = 0.05  # pt: how far off a trim line a mark may lie (PDF numbers are rounded)
MIN_GAP_MM = 0.5  # a guillotine cuts to about ±0.5 mm: a nearer mark can show on the sign
MIN_MARK_MM = 1.0  # shorter is hard to see and to lay a rule on
CORNER_MM = 5.0  # inside the trim, this close to a corner nothing may be stroked
DPI = 400  # a sticker's 0.8 mm module is then about 13 pixels
WHITE = 250  # 8-bit grey: paper white, as the light modules are
QUIET_MODULES = 4  # ISO/IEC 18004: the quiet zone, on every side
STROKE_OPS = (b"S", b"s", b"B", b"B*", b"b", b"b*")
CLOSE_OPS = (b"h", b"s", b"b", b"b*")
PAINT_OPS = (*STROKE_OPS, b"f", b"F", b"f*", b"n")


def _pdfs(built: Path, kind: str) -> list[Path]:
    """The built PDFs of one sign kind (every sign of the site for "all.pdf")."""
    if kind == "all.pdf":
        return [built / SIGNS / "all.pdf"]
    with (built / SIGNS / "manifest.csv").open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] == kind]
    return [built / SIGNS / r["file"] for r in rows]


def _payloads(built: Path, pdf: Path) -> list[str]:
    """What a sign PDF says it carries (its Keywords); all.pdf carries every sign's."""
    if pdf.name == "all.pdf":
        return [u for k in KINDS for one in _pdfs(built, k) for u in _payloads(built, one)]
    return carried_payloads(PdfReader(pdf).metadata.keywords)  # a VietQR one may hold spaces


# ------------------------------------------------------------------ crop marks


def matrix_product(m, n):
    """The product m·n of two PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def stroked_segments(reader: PdfReader, page) -> list[dict]:
    """Every straight piece of every stroked path on the page, in page space, with the
    line width, dash and stroke colour it was painted with (curves as their chords)."""
    state = {"ctm": (1, 0, 0, 1, 0, 0), "width": 1.0, "dash": [], "color": ("G", 0.0)}
    stack, path, out = [], [], []
    start = current = None
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(dict(state))
        elif op == b"Q":
            state = stack.pop()
        elif op == b"cm":
            state["ctm"] = matrix_product(tuple(map(float, operands)), state["ctm"])
        elif op == b"w":
            state["width"] = float(operands[0])
        elif op == b"d":
            state["dash"] = [float(v) for v in operands[0]]
        elif op in (b"K", b"G", b"RG", b"SC", b"SCN", b"CS"):
            state["color"] = (op.decode(), *operands)
        elif op == b"m":
            start = current = tuple(map(float, operands))
        elif op in (b"l", b"c", b"v", b"y"):
            end = tuple(map(float, operands[-2:]))
            path.append((current, end))
            current = end
        elif op == b"re":
            x, y, w, h = map(float, operands)
            corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            path += list(zip(corners, corners[1:] + corners[:1], strict=True))
            start = current = (x, y)
        if op in CLOSE_OPS and start and current != start:
            path.append((current, start))
            current = start
        if op in STROKE_OPS:
            a, b, c, d = state["ctm"][:4]
            width = state["width"] * math.sqrt(abs(a * d - b * c))
            for p, q in path:
                out.append(
                    {
                        "a": _apply(state["ctm"], *p),
                        "b": _apply(state["ctm"], *q),
                        "width": width,
                        "dash": state["dash"],
                        "color": state["color"],
                    }
                )
        if op in PAINT_OPS:
            path, start, current = [], None, None
    return out


def _box(page, name: str) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in getattr(page, name))


def _touches(seg, x0, y0, x1, y1) -> bool:
    """Whether the segment has a point in the closed rectangle (Liang–Barsky clip)."""
    (ax, ay), (bx, by) = seg["a"], seg["b"]
    t0, t1 = 0.0, 1.0
    for p, q in ((ax - bx, ax - x0), (bx - ax, x1 - ax), (ay - by, ay - y0), (by - ay, y1 - ay)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
    return t0 <= t1


def _outward(seg, along: int, origin: float, s: int) -> tuple[float, float]:
    """How far the segment's ends lie out of the trim along axis `along` (pt, nearer first):
    `origin` is the trim line crossed, `s` the direction (+1 or -1) that leaves the trim."""
    near, far = sorted((seg[end][along] - origin) * s for end in ("a", "b"))
    return near, far


def _mark_problem(seg, along: int, c_along: float, s: int, media) -> str | None:
    """Why a segment lying on a trim line's extension is not a good crop mark."""
    mx0, my0, mx1, my1 = media
    near, far = _outward(seg, along, c_along, s)
    gap, length = near / MM, (far - near) / MM
    on_sheet = all(
        mx0 - EPS <= x <= mx1 + EPS and my0 - EPS <= y <= my1 + EPS for x, y in (seg["a"], seg["b"])
    )
    black = seg["color"][0] == "K" and float(seg["color"][4]) == 1  # on the black plate
    if (
        gap >= MIN_GAP_MM
        and length >= MIN_MARK_MM
        and on_sheet
        and seg["width"] > 0
        and not any(seg["dash"])
        and black
    ):
        return None
    return (
        f"mark {seg['a']}–{seg['b']}: {gap:.2f} mm from the trim, {length:.2f} mm long, "
        f"within the MediaBox: {on_sheet}, width {seg['width']}, dash {seg['dash']}, "
        f"colour {seg['color']}"
    )


def corner_problems(reader: PdfReader, page) -> list[str]:
    """What is wrong with the crop marks of one page: one line per missing or faulty mark."""
    tx0, ty0, tx1, ty1 = _box(page, "trimbox")
    media = _box(page, "mediabox")
    assert media[0] < tx0 < tx1 < media[2] and media[1] < ty0 < ty1 < media[3], "no bleed"
    segments = stroked_segments(reader, page)
    problems = []
    for cx, sx in ((tx0, -1), (tx1, 1)):  # s: the direction out of the trim
        for cy, sy in ((ty0, -1), (ty1, 1)):
            corner = f"trim corner ({cx:.1f}, {cy:.1f})"
            # (axis name, coordinate fixed on the mark, its value, the other, its value, s)
            for name, fixed, c_fixed, along, c_along, s in (
                ("vertical", 0, cx, 1, cy, sy),
                ("horizontal", 1, cy, 0, cx, sx),
            ):
                on_line = [
                    seg
                    for seg in segments
                    if abs(seg["a"][fixed] - c_fixed) < EPS and abs(seg["b"][fixed] - c_fixed) < EPS
                ]
                # wholly out of the trim (a line running onto the sheet is caught below)
                marks = [
                    seg
                    for seg in on_line
                    if _outward(seg, along, c_along, s)[0] >= -EPS
                    and _outward(seg, along, c_along, s)[1] > EPS
                ]
                if not marks:
                    problems.append(f"{corner}: no {name} mark on the trim line, in the bleed")
                for seg in marks:
                    problem = _mark_problem(seg, along, c_along, s, media)
                    if problem:
                        problems.append(f"{corner}: {name} {problem}")
            zx = sorted((cx, cx - sx * CORNER_MM * MM))
            zy = sorted((cy, cy - sy * CORNER_MM * MM))
            inside = [(g["a"], g["b"]) for g in segments if _touches(g, zx[0], zy[0], zx[1], zy[1])]
            if inside:
                problems.append(f"{corner}: stroked on the kept sheet at the corner: {inside}")
    return problems


@pytest.mark.parametrize("kind", [*KINDS, "all.pdf"])
def test_every_trim_corner_has_its_crop_marks_outside_the_sheet(built_project: Path, kind):
    pdfs = _pdfs(built_project, kind)
    assert pdfs, f"the fixture project built no {kind} sign"
    for pdf in pdfs:
        reader = PdfReader(pdf)
        for number, page in enumerate(reader.pages, 1):
            assert corner_problems(reader, page) == [], f"{pdf.name} page {number}"


# ------------------------------------------------------------------ quiet zone


def _dark(image, x: float, y: float) -> bool:
    return image.getpixel((int(x), int(y))) < 128


def quiet_zone_problems(image, code) -> list[str]:
    """The sides of a decoded code whose 4-module quiet zone is not blank."""
    n = 17 + 4 * int(code.extra["Version"])  # modules per side (ISO/IEC 18004)
    p = code.position
    xs = [p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x]
    ys = [p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    assert abs((right - left) - (bottom - top)) <= 2, (code.text, "not an upright square", p)
    module = (right - left) / n
    assert module >= 10, f"{module:.1f} px per module: render at a higher DPI"
    # the symbol's corners are its finder patterns' dark outer rings: the box is the symbol
    corners = [(p.top_left, 1, 1), (p.top_right, -1, 1), (p.bottom_left, 1, -1)]
    for corner, dx, dy in corners:
        x, y = corner.x + dx * module / 2, corner.y + dy * module / 2
        assert _dark(image, x, y), (code.text, "no finder pattern at", x, y)
    # ring k: the pixels whose far side lies k px out from the symbol's edge. The first
    # (anti-aliasing) is skipped; the last lies 1 px within 4 modules, as zxing places
    # the edge to about a pixel: blank rings prove a zone of 4 modules less 1-2 px.
    last = math.floor(QUIET_MODULES * module) - 1
    problems = []
    for side in ("left", "right", "top", "bottom"):
        for k in range(2, last + 1):
            strip = {
                "left": (left - k, top - k, left - k + 1, bottom + k),
                "right": (right + k - 1, top - k, right + k, bottom + k),
                "top": (left - k, top - k, right + k, top - k + 1),
                "bottom": (left - k, bottom + k - 1, right + k, bottom + k),
            }[side]
            if image.crop(strip).getextrema()[0] < WHITE:
                problems.append(
                    f"{code.text}: {side}: ink {(k - 1) / module:.2f} modules from the symbol"
                )
                break
    return problems


@pytest.mark.parametrize("kind", [*KINDS, "all.pdf"])
def test_every_printed_code_has_a_blank_quiet_zone_of_4_modules(built_project: Path, kind):
    pdfs = _pdfs(built_project, kind)
    assert pdfs, f"the fixture project built no {kind} sign"
    for pdf in pdfs:
        doc = pdfium.PdfDocument(str(pdf))
        try:
            decoded = []
            for number, page in enumerate(doc, 1):
                image = page.render(scale=DPI / 72, grayscale=True).to_pil()
                codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
                assert codes, f"{pdf.name} page {number}: no code read"
                for code in codes:
                    decoded.append(code.text)
                    assert quiet_zone_problems(image, code) == [], f"{pdf.name} page {number}"
        finally:
            doc.close()
        assert Counter(decoded) == Counter(_payloads(built_project, pdf)), (
            pdf.name
        )  # every code checked
