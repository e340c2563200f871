"""The bundled fonts as reportlab sees them: registered once per process, measured for real.

Registering a TTFont makes reportlab embed a subset of the glyphs used (FontFile2) in
each PDF. Font bytes are hashed once per process for the cache key.

Embedding is made cheaper without changing what reportlab embeds: most signs of a
project use the same characters in the same order in one face (the fixed lines, the
English texts), so each face keeps its latest subsets' font programs, built and
compressed once (a program depends only on the list of characters in it); a program is
compressed by libdeflate, at zlib's default level, in a quarter of zlib's time and to the
same size (a font program is most of what a sign's PDF compresses); and a subset's
/Widths go in already written, not through reportlab's number formatter one by one.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache

import deflate
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..fonts import FONT_FILES

PDF_NAMES = {"regular": "QrsiteNotoSans", "bold": "QrsiteNotoSans-Bold"}
STYLES = tuple(sorted(FONT_FILES))


@cache
def register() -> dict[str, str]:
    """Register both faces with reportlab (idempotent); style -> reportlab font name."""
    for style, path in FONT_FILES.items():
        font = TTFont(PDF_NAMES[style], str(path))
        _embed_faster(font.face)
        pdfmetrics.registerFont(font)
    return dict(PDF_NAMES)


SHARED_SUBSETS = 32  # per face: the subsets kept, built and compressed
FLATE_LEVEL = 6  # zlib's default, which reportlab's FlateDecode filter uses


def _embed_faster(face) -> None:
    """Build and compress each subset's font program once, not once per PDF."""
    make, add = face.makeSubset, face.addSubsetObjects

    @lru_cache(maxsize=SHARED_SUBSETS)
    def program(chars: tuple[int, ...]) -> bytes:
        return make(list(chars))

    @lru_cache(maxsize=SHARED_SUBSETS)
    def packed(chars: tuple[int, ...]) -> bytes:
        return bytes(deflate.zlib_compress(program(chars), FLATE_LEVEL))  # a zlib stream

    def add_subset_objects(doc, fontname, subset):
        descriptor = add(doc, fontname, subset)  # its FontFile2 comes from `program`
        stream = doc.idToObject[doc.idToObject[descriptor.name].dict["FontFile2"].name]
        if stream.filters == [pdfdoc.PDFZCompress] and "Filter" not in stream.dictionary.dict:
            stream.content = packed(tuple(subset))
            stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        return descriptor

    face.makeSubset = lambda subset: program(tuple(subset))
    face.addSubsetObjects = add_subset_objects
    if all(type(w) is int for w in (face.defaultWidth, *face.charWidths.values())):
        # reportlab asks for these only to write a subset's /Widths array, where bytes go
        # in as they are: `str(int)` is what its number formatter (`fp_str`) writes for an
        # integer, without the cost of formatting each width once per PDF
        widths = {code: str(w).encode() for code, w in face.charWidths.items()}
        default = str(face.defaultWidth).encode()
        face.getCharWidth = lambda code: widths.get(code, default)


def font_name(style: str) -> str:
    if style not in PDF_NAMES:
        raise ValueError(f"unknown font style {style!r}: use one of {', '.join(STYLES)}")
    return register()[style]


@cache
def fingerprint() -> str:
    """sha256 over the bundled font files, read once per process."""
    h = hashlib.sha256()
    for style in STYLES:
        h.update(style.encode())
        h.update(FONT_FILES[style].read_bytes())
    return h.hexdigest()


@cache
def vertical_metrics(style: str) -> tuple[float, float]:
    """(ascent, descent) per unit of font size; descent is negative."""
    face = pdfmetrics.getFont(font_name(style)).face
    return face.ascent / 1000.0, face.descent / 1000.0


def width(text: str, style: str, size: float) -> float:
    """The advance width of `text` in points, from the font's own glyph widths."""
    return pdfmetrics.stringWidth(text, font_name(style), size)


def missing_glyphs(text: str, style: str) -> str:
    """The characters of `text` the font has no glyph for (sorted, unique)."""
    cmap = pdfmetrics.getFont(font_name(style)).face.charToGlyph
    return "".join(sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap}))
