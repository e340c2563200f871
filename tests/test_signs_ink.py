"""Small text on a sign is printed in one solid ink, read from the built PDFs themselves.

A print shop screens a tint (72 % black) into dots; at 6–8 pt the dots make letters
fuzzy. Every letter set under 10 pt must be solid black (CMYK 0/0/0/100) or paper
white knocked out of a solid background.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream
from test_signs_print_marks import matrix_product

SOLID_K = (0.0, 0.0, 0.0, 1.0)
PAPER = (0.0, 0.0, 0.0, 0.0)


def shown_text(page):
    """(text bytes, size in pt as printed, fill CMYK) for every string the page shows."""
    stream = ContentStream(page.get_contents(), page.pdf)
    ctm, fill, stack = (1, 0, 0, 1, 0, 0), None, []
    size, tm = 0.0, (1, 0, 0, 1, 0, 0)
    for operands, op in stream.operations:
        if op == b"q":
            stack.append((ctm, fill))
        elif op == b"Q":
            ctm, fill = stack.pop()
        elif op == b"cm":
            ctm = matrix_product(tuple(float(v) for v in operands), ctm)
        elif op == b"k":
            fill = tuple(round(float(v), 4) for v in operands)
        elif op == b"g":
            fill = (0.0, 0.0, 0.0, round(1 - float(operands[0]), 4))
        elif op == b"BT":
            tm = (1, 0, 0, 1, 0, 0)
        elif op == b"Tf":
            size = float(operands[1])
        elif op == b"Tm":
            tm = tuple(float(v) for v in operands)
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            a, b, c, d, _, _ = matrix_product(tm, ctm)
            yield operands, size * math.sqrt(abs(a * d - b * c)), fill


def test_text_under_10_pt_is_solid_black_on_every_sign(built_project: Path):
    pdfs = sorted((built_project / "build" / "mau" / "signs").glob("*.pdf"))
    assert pdfs
    small = 0
    for pdf in pdfs:
        for number, page in enumerate(PdfReader(pdf).pages, 1):
            for text, size, fill in shown_text(page):
                if size < 10:
                    small += 1
                    assert fill in (SOLID_K, PAPER), f"{pdf.name} p{number}: {text} {size:.1f} pt"
    assert small > 0  # the fixture's signs do set small text: the rule was exercised


def test_small_light_text_on_a_dark_band_is_knocked_out_not_blackened():
    """On A5 the street board's "Stop no." (sky blue on the dark band) is set under 10 pt:
    it must come out as paper white, readable, never as black on the dark band."""
    from dataclasses import replace

    from test_signs import sample_specs

    from generator.signs.compose import compose
    from generator.signs.layout import load_layout
    from generator.signs.render_pdf import About, pdf_bytes

    spec = replace(sample_specs()[1], paper="A5")
    assert spec.kind == "street_board"
    drawing = compose(spec.normalized(), load_layout(spec.kind))
    [label] = [p for p in drawing.placements if p.id == "street_label"]
    assert label.size < 10  # the case in question
    reader = PdfReader(io.BytesIO(pdf_bytes([drawing], about=About("t"))))
    small = [(fill, size) for _, size, fill in shown_text(reader.pages[0]) if size < 10]
    assert small and PAPER in {fill for fill, _ in small}
    assert all(fill in (SOLID_K, PAPER) for fill, _ in small)
