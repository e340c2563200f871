"""Every size a site ships of one photo, from one decoding of the original.

Decoding a 1600×1200 JPEG costs as much as resizing it, and each smaller size was
decoded and resized from the original again. Now the original is decoded once (a
JPEG at the smallest scale the widest size allows) and each size is resized from the
next wider one, already made: 1200 from the original, 720 from 1200, 480 from 720.
Before the encoder, each size has an SSIM of 0.998 or more to the same size made from the
original (bench/photos.py measures it on textured pictures; tests/test_photo_sizes.py
holds it at 0.99). The encoders' settings: see WEBP_METHOD.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from PIL import Image, ImageOps

JPEG_QUALITY = 72
WEBP_QUALITY = 70
# WebP's effort, 0 to 6, measured on textured photos, drawings and a camera's photo
# (bench/photos.py). The encoding is most of a photo's time, but 3 is no faster than 4;
# 2 halves the encoding and makes the files 3 to 6 % larger, 0 and 1 up to 65 % larger
# on flat drawings. Not at that price on a phone's data plan. At SMALL widths, 5 costs
# 2 ms more than 4 and makes the file 3 % smaller: the 480 resized from 720, sharper
# than the old one from a JPEG decoded at half scale, was up to 5 % larger.
WEBP_METHOD = 4
WEBP_METHOD_SMALL = 5
SMALL = 480
RESIZER_VERSION = "3"  # 3: one decoding, each size resized from the next wider one


class Size(NamedTuple):
    width: int  # the photo is never enlarged: a narrower one keeps its own width
    fmt: str  # JPEG | WEBP
    out: Path


def recipe() -> str:
    """All a size's bytes depend on besides the photo: part of its cache key and URL, so
    a changed recipe never reuses a size made by the old one."""
    return (
        f"{RESIZER_VERSION}-j{JPEG_QUALITY}-w{WEBP_QUALITY}"
        f"m{WEBP_METHOD}m{WEBP_METHOD_SMALL}@{SMALL}"
    )


def make_sizes(source: Path, sizes: Iterable[Size], ladder: Iterable[int] = ()) -> None:
    """Write each size of the photo at `source` (one decoding; the same width in two
    formats is resized once). `ladder`: the widths a size is resized through, made or
    not, so that its bytes never depend on which other sizes were missing with it."""
    sizes = sorted(sizes, key=lambda s: (-s.width, s.fmt, s.out))
    if not sizes:
        return
    steps = {width for width in ladder if width > sizes[-1].width}
    pictures = dict(resized(source, steps | {size.width for size in sizes}))
    for size in sizes:
        _save(pictures[size.width], size)


def resized(source: Path, widths: Iterable[int]) -> Iterator[tuple[int, Image.Image]]:
    """The photo at `source` at each width, the widest first, each resized from the one
    before (a width the photo does not reach: the photo as it is)."""
    widths = sorted(set(widths), reverse=True)
    if not widths:
        return
    with Image.open(source) as img:
        img.draft("RGB", (widths[0], widths[0]))  # a JPEG: decoded at a smaller scale
        picture = ImageOps.exif_transpose(img).convert("RGB")
    full_width, full_height = picture.size  # every height from the same proportions
    for width in widths:
        if picture.width > width:
            shape = (width, round(full_height * width / full_width))
            picture = picture.resize(shape, Image.Resampling.LANCZOS)
        yield width, picture


def _save(picture: Image.Image, size: Size) -> None:
    if size.fmt == "WEBP":
        method = WEBP_METHOD_SMALL if size.width <= SMALL else WEBP_METHOD
        picture.save(size.out, "WEBP", quality=WEBP_QUALITY, method=method)
    else:
        picture.save(size.out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
