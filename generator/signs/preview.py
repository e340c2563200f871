"""The PNG preview: the sign's PDF page rasterised by PDFium, cropped to the trim.

Rasterising the real PDF (rather than redrawing with Pillow) means the preview can
never disagree with what goes to the print shop, and PDFium is fast at 72 dpi. A
build renders its fresh signs' previews from the pages of all.pdf, where the signs
share one copy of each font: PDFium then reads each font and draws each letter once
per book instead of once per sign (about 1 ms a page instead of 4). The raster is the
same as from the sign's own PDF, which holds the same drawing and the same glyphs.

The preview is a 64-colour palette image. The palette is clustered from a sample of the
pixels (one of each 4 x 4: a sixteenth of the work, the page's own colours in their
proportions, where a mean of each 4 x 4 would also make blends the page does not have),
then every pixel takes the nearest palette colour (Pillow's lookup, on a 64-level grid
per channel), without dithering. That strays less from the rendered page than letting
the octree map the full image itself, which lumps colours into coarse boxes.
"""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium
from PIL import Image

PREVIEW_WIDTH = 600  # pixels
COLOURS = 64  # plenty for flat print colours and anti-aliased text; a small, fast PNG
PALETTE_FROM = 4  # the palette is clustered from one pixel in this many per side
FLAT_COLOURS, FLAT_SHARE = 4, 0.02  # at most 4 colours kept exact, each on 2 % of the sign


def _scale_for(width: int, media_w: float, left: float, right: float) -> float:
    """The scale at which PDFium's bitmap (it rounds each edge up) is exactly `width` px."""
    scale = width / (media_w - left - right)
    for _ in range(64):
        got = math.ceil(media_w * scale) - math.ceil(left * scale) - math.ceil(right * scale)
        if got == width:
            break
        scale *= 1 + (width - got) / (4 * width)
    return scale


def png_bytes(pdf: bytes, trim: tuple[float, float, float, float]) -> bytes:
    """Page 1 of `pdf`, trimmed, as PNG bytes."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return page_png(doc, 0, trim)
    finally:
        doc.close()


def page_png(
    doc: pdfium.PdfDocument,
    number: int,
    trim: tuple[float, float, float, float],
    width: int = PREVIEW_WIDTH,
) -> bytes:
    """Page `number` of the open `doc`, trimmed, `width` pixels wide, as PNG bytes."""
    page = doc[number]
    try:
        media_w, media_h = page.get_size()
        x0, y0, x1, y1 = trim
        crop = (x0, y0, media_w - x1, media_h - y1)  # (left, bottom, right, top) to cut away
        bitmap = page.render(
            scale=_scale_for(width, media_w, crop[0], crop[2]),
            crop=crop,
            rev_byteorder=True,  # RGBx: Pillow's own pixel layout, read without a swap
            prefer_bgrx=True,
        )
        size = (bitmap.width, bitmap.height)
        # a copy (the bitmap's memory goes with the page), dropping the unused byte
        image = Image.frombytes("RGB", size, bitmap.buffer, "raw", "RGBX", bitmap.stride, 1)
        return _png(_palette_image(image))
    finally:
        page.close()


def _palette_image(image: Image.Image) -> Image.Image:
    """`image` in its own `COLOURS` colours, each pixel the nearest one. A flat colour
    that covers much of the sign (the paper, a band, the cards) is kept exactly: the
    octree would merge it with the shades of the text edges around it."""
    size = (image.width // PALETTE_FROM, image.height // PALETTE_FROM)
    sample = image.resize(size, Image.Resampling.NEAREST)
    counts = sorted(sample.getcolors(size[0] * size[1]) or [], reverse=True)
    large = size[0] * size[1] * FLAT_SHARE
    flat = [colour for n, colour in counts[:FLAT_COLOURS] if n >= large]
    clustered = sample.quantize(COLOURS - len(flat), method=Image.Quantize.FASTOCTREE)
    palette = Image.new("P", (1, 1))
    rest = clustered.getpalette()[: 3 * (COLOURS - len(flat))]
    palette.putpalette([v for colour in flat for v in colour] + rest)
    return image.quantize(palette=palette, dither=Image.Dither.NONE)


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=1)
    return buf.getvalue()
