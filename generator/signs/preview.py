"""The PNG preview: the sign's own PDF rasterised by PDFium, cropped to the trim.

Rasterising the real PDF (rather than redrawing with Pillow) means the preview can
never disagree with what goes to the print shop, and PDFium is fast at 72 dpi.
"""

from __future__ import annotations

import io
import zlib

import pypdfium2 as pdfium
from PIL import Image

PREVIEW_WIDTH = 600  # pixels


def png_bytes(pdf: bytes, trim: tuple[float, float, float, float], width: int = PREVIEW_WIDTH):
    """Page 1 of `pdf`, trimmed, `width` pixels wide, as PNG bytes."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        media_w, media_h = page.get_size()
        x0, y0, x1, y1 = trim
        scale = (width + 1.0) / (x1 - x0)  # PDFium rounds each edge: draw 1 px more, cut it
        # crop = (left, bottom, right, top) in points to cut away
        bitmap = page.render(scale=scale, crop=(x0, y0, media_w - x1, media_h - y1))
        image = bitmap.to_pil()
        if image.width > width:
            image = image.crop((0, 0, width, image.height))
    finally:
        doc.close()
    # 64 colours are plenty for flat print colours and anti-aliased text, and halve the
    # encoding time and the file size of a full-colour PNG
    image = image.quantize(64, method=Image.Quantize.FASTOCTREE)
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=6, compress_type=zlib.Z_RLE)
    return buf.getvalue()
