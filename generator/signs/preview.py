"""The PNG preview: the sign's own PDF rasterised by PDFium, cropped to the trim.

Rasterising the real PDF (rather than redrawing with Pillow) means the preview can
never disagree with what goes to the print shop, and PDFium is fast at 72 dpi.
"""

from __future__ import annotations

import io
import math
import zlib

import pypdfium2 as pdfium
from PIL import Image

PREVIEW_WIDTH = 600  # pixels


def _scale_for(width: int, media_w: float, left: float, right: float) -> float:
    """The scale at which PDFium's bitmap (it rounds each edge up) is exactly `width` px."""
    scale = width / (media_w - left - right)
    for _ in range(64):
        got = math.ceil(media_w * scale) - math.ceil(left * scale) - math.ceil(right * scale)
        if got == width:
            break
        scale *= 1 + (width - got) / (4 * width)
    return scale


def png_bytes(pdf: bytes, trim: tuple[float, float, float, float], width: int = PREVIEW_WIDTH):
    """Page 1 of `pdf`, trimmed, `width` pixels wide, as PNG bytes."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        media_w, media_h = page.get_size()
        x0, y0, x1, y1 = trim
        crop = (x0, y0, media_w - x1, media_h - y1)  # (left, bottom, right, top) to cut away
        bitmap = page.render(scale=_scale_for(width, media_w, crop[0], crop[2]), crop=crop)
        image = bitmap.to_pil()
    finally:
        doc.close()
    # 64 colours are plenty for flat print colours and anti-aliased text, and halve the
    # encoding time and the file size of a full-colour PNG
    image = image.quantize(64, method=Image.Quantize.FASTOCTREE)
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=6, compress_type=zlib.Z_RLE)
    return buf.getvalue()
