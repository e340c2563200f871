"""Bundled fonts (Noto Sans Regular and Bold, SIL OFL 1.1: see OFL.txt).

They live in the package so that every machine measures and embeds the same glyphs:
the same input gives the same PDF bytes, and every Vietnamese letter has a glyph.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).parent
FONT_FILES = {
    "regular": FONT_DIR / "NotoSans-Regular.ttf",
    "bold": FONT_DIR / "NotoSans-Bold.ttf",
}
