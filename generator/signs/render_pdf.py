"""Write drawings to a vector PDF with reportlab: one page per drawing, same bytes every time.

`invariant=1` fixes the dates (2000-01-01) and the document ID, whatever
SOURCE_DATE_EPOCH says (reportlab would take its date from there): a sign's bytes
depend only on its cache key, so a cached sign equals a freshly drawn one. The fonts
are the bundled TTFs, embedded as subsets (FontFile2). The QR is one path of rectangles
(one per run of dark modules, in module units), filled in K-only black; no raster image
is ever used for a code.
The document's Keywords list every QR payload, so `verify_signs` knows what to expect.
A logo is read from its bytes (`Drawing.images`), so reportlab names it after its
content: the same picture gives the same bytes wherever the project lives.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas

from . import fonts
from .compose import Drawing

CREATOR = "qrsite"


def _qr_path(left: float, top: float, module: float, rects: str) -> str:
    """The code as one filled path (`rects`: QrMatrix.pdf_rects, kept in the drawing).

    A `cm` maps module units to points (y down from the top-left data module), so the
    stream holds small integers: compact, exact and fast to write.
    """
    return f"q {module:.5f} 0 0 {-module:.5f} {left:.4f} {top:.4f} cm {rects} f Q"


@lru_cache(maxsize=64)
def _cmyk(c: float, m: float, y: float, k: float) -> CMYKColor:
    """One colour object per colour: a sign sets a handful, a book thousands of times."""
    return CMYKColor(c, m, y, k)


def _page(c: rl_canvas.Canvas, d: Drawing, ops: list[tuple], names, readers) -> None:
    c.setPageSize(d.media)
    c.setTrimBox(d.trim)
    c.setBleedBox(d.bleed)
    for op in ops:
        kind = op[0]
        if kind == "qr":
            c.addLiteral(_qr_path(*op[1:]))
        elif kind == "text":
            _, style, size, x, y, text = op
            c.setFont(names[style], size)
            c.drawString(x, y, text)
        elif kind == "fill":
            c.setFillColor(_cmyk(*op[1:5]))
        elif kind == "stroke":
            c.setStrokeColor(_cmyk(*op[1:5]))
            c.setLineWidth(op[5])
            c.setDash(list(op[6]) if op[6] else [])
        elif kind == "rect":
            _, x, y, w, h, radius, stroke, fill = op
            if radius:
                c.roundRect(x, y, w, h, radius, stroke=stroke, fill=fill)
            else:
                c.rect(x, y, w, h, stroke=stroke, fill=fill)
        elif kind == "line":
            c.line(*op[1:5])
        elif kind == "image":
            _, digest, x, y, w, h = op
            if digest not in readers:  # one reader per picture: decoded once per document
                readers[digest] = ImageReader(io.BytesIO(d.images[digest]))
            image = readers[digest]
            c.drawImage(image, x, y, w, h, preserveAspectRatio=True, anchor="c", mask="auto")
        elif kind == "save":
            c.saveState()
        elif kind == "restore":
            c.restoreState()
        elif kind == "cm":
            c.transform(*op[1:7])
        else:  # pragma: no cover - compose only emits the ops above
            raise ValueError(f"unknown drawing op {kind!r}")
    c.showPage()


@dataclass(frozen=True)
class About:
    """What a print shop's software shows of the file: its title, who made it (Author)
    and what it is (Subject)."""

    title: str
    author: str = ""
    subject: str = ""


def pdf_bytes(drawings: Iterable[Drawing], *, about: About, keywords: Iterable[str] = ()) -> bytes:
    """One PDF holding every drawing, in order."""
    buf = io.BytesIO()
    write_pdf(drawings, buf, about=about, keywords=keywords)
    return buf.getvalue()


def write_pdf(drawings: Iterable[Drawing], out, *, about: About, keywords: Iterable[str] = ()):
    """Draw `drawings` into `out` (a path or a binary file object)."""
    names = fonts.register()
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller files, no ASCII85 pass on every save
    try:
        _write(drawings, out, names, about, keywords)
    finally:
        rl_config.useA85 = a85


@contextmanager
def _fixed_date() -> Iterator[None]:
    """Hide SOURCE_DATE_EPOCH while reportlab stamps a new document."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _write(drawings, out, names, about: About, keywords) -> None:
    with _fixed_date():  # the date is read once, here
        c = rl_canvas.Canvas(
            out,
            invariant=1,
            pageCompression=1,
            initialFontName=names["regular"],
            initialFontSize=10,
        )
    c.setCreator(CREATOR)
    c.setTitle(about.title)
    c.setAuthor(about.author)  # reportlab writes "anonymous" when none is set
    c.setSubject(about.subject)  # and "unspecified"
    c.setKeywords(" ".join(keywords))
    readers: dict[str, ImageReader] = {}
    for d in drawings:
        for ops in d.pages:
            _page(c, d, ops, names, readers)
    c.save()
