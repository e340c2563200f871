"""The faster ways of drawing a sign change nothing a sign promises: the PDF is byte for
byte what plain reportlab writes (given the same compressor), and the preview is a
faithful colour raster of it."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from test_signs import items, render, sample_specs, short

from generator.signs.cache import SignCache
from generator.signs.compose import compose
from generator.signs.layout import load_layout
from generator.signs.preview import PREVIEW_WIDTH, _scale_for, png_bytes
from generator.signs.render_pdf import About, pdf_bytes

ROOT = Path(__file__).resolve().parent.parent

DIGEST = """
import hashlib, sys
sys.path.insert(0, {tests!r})
import deflate, zlib
from reportlab.pdfbase import pdfdoc
from generator.signs import fonts
class Libdeflate:  # the compressor our font programs go through, for every stream
    compress = staticmethod(lambda data: bytes(deflate.zlib_compress(data, fonts.FLATE_LEVEL)))
    decompress = staticmethod(zlib.decompress)
pdfdoc.zlib = Libdeflate
if {plain!r}:
    fonts._embed_faster = lambda face: None  # reportlab's own embedding
from test_signs import sample_specs
from generator.signs.compose import compose
from generator.signs.layout import load_layout
from generator.signs.render_pdf import About, pdf_bytes
h = hashlib.sha256()
for _ in range(2):  # the second round reuses every subset
    for spec in sample_specs():
        d = compose(spec.normalized(), load_layout(spec.kind))
        h.update(pdf_bytes([d], about=About(spec.code), keywords=d.payloads))
print(h.hexdigest())
"""


def _pdf_digest(plain: bool) -> str:
    code = DIGEST.format(tests=str(ROOT / "tests"), plain=plain)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_shared_font_subsets_write_the_bytes_reportlab_writes():
    assert _pdf_digest(plain=False) == _pdf_digest(plain=True)


@pytest.fixture(scope="module")
def drawn():
    out = []
    for spec in sample_specs():
        d = compose(spec.normalized(), load_layout(spec.kind))
        out.append((spec.kind, pdf_bytes([d], about=About(spec.code), keywords=d.payloads), d.trim))
    return out


def _full_colour(pdf: bytes, trim) -> Image.Image:
    """PDFium's own raster of the trimmed page, every colour kept."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        w, h = page.get_size()
        crop = (trim[0], trim[1], w - trim[2], h - trim[3])
        scale = _scale_for(PREVIEW_WIDTH, w, crop[0], crop[2])
        return page.render(scale=scale, crop=crop).to_pil()
    finally:
        doc.close()


def test_the_preview_is_a_faithful_colour_raster_of_the_pdf(drawn):
    for kind, pdf, trim in drawn:
        png = png_bytes(pdf, trim)
        assert png == png_bytes(pdf, trim), kind  # deterministic
        with Image.open(io.BytesIO(png)) as image:
            assert image.mode == "P" and image.width == PREVIEW_WIDTH
            preview = image.convert("RGB")
        truth = _full_colour(pdf, trim)
        assert preview.size == truth.size
        assert any(len(set(c)) > 1 for _, c in preview.getcolors(256)), kind  # not grey
        diff = ImageChops.difference(preview, truth).split()
        errors = list(ImageChops.lighter(ImageChops.lighter(*diff[:2]), diff[2]).tobytes())
        assert sum(errors) / len(errors) < 2.0, kind
        assert max(errors) <= 40, kind  # no colour strays far (64 colours, no dithering)


def test_the_preview_keeps_the_print_colours_of_the_sign(drawn):
    """The two largest flat colours (the paper, a band or the QR) come within 2 levels."""
    for kind, pdf, trim in drawn:
        truth = _full_colour(pdf, trim)
        with Image.open(io.BytesIO(png_bytes(pdf, trim))) as image:
            preview = image.convert("RGB")
        kept = [c for _, c in preview.getcolors(256)]
        for _, colour in sorted(truth.getcolors(1 << 20), reverse=True)[:2]:
            nearest = min(max(abs(a - b) for a, b in zip(colour, k, strict=True)) for k in kept)
            assert nearest <= 2, (kind, colour)


def test_previews_of_the_same_pdf_are_the_same_bytes_in_another_process(drawn):
    kind, pdf, trim = drawn[0]
    code = (
        "import sys; from generator.signs.preview import png_bytes;"
        "import hashlib; pdf = sys.stdin.buffer.read();"
        f"print(hashlib.sha256(png_bytes(pdf, {tuple(trim)!r})).hexdigest())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, input=pdf, capture_output=True, check=True
    )
    assert out.stdout.decode().strip() == hashlib.sha256(png_bytes(pdf, trim)).hexdigest()


@pytest.mark.parametrize("jobs", [1, 2])
def test_previews_drawn_from_the_book_are_those_of_each_signs_own_pdf(tmp_path, jobs):
    """A two-page poster first, so every later sign starts on a shifted page of all.pdf;
    with 2 jobs (and enough signs for the pool) the workers render them."""
    poster = replace(sample_specs()[2], url=short("P4ST1"), items=items(15, "PZ"))
    many = [replace(s, code=f"{s.code}{n}") for n in range(2) for s in sample_specs()]
    signs = render([poster, *many], tmp_path, jobs=jobs)
    assert len(PdfReader(signs[0].pdf).pages) == 2
    cache = SignCache(tmp_path / "cache")
    for sign in signs:
        trim = cache.drawing(sign.key)["trim"]
        assert sign.png.read_bytes() == png_bytes(sign.pdf.read_bytes(), trim), sign.code
