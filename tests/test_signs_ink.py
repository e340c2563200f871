"""Small text on a sign is printed in one solid ink, read from the built PDFs themselves.

A print shop screens a tint (72 % black) into dots; at 6–8 pt the dots make letters
fuzzy. Every letter set under 10 pt must be solid black (CMYK 0/0/0/100) or paper
white knocked out of a solid background.
"""

from __future__ import annotations

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
