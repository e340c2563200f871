"""Structural similarity (SSIM) of two pictures, with Pillow alone (no numpy here).

Wang, Bovik, Sheikh and Simoncelli's index (IEEE TIP 2004): per window, luminance,
contrast and structure compared as (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² +
σy² + C2)), C1 = (0.01·255)², C2 = (0.03·255)², averaged over the picture. The windows
are 8×8 pixels, on a grid and on the grid shifted by half a window (Pillow's float
images can be averaged by blocks, not blurred), over the luma (ITU-R 601, Pillow's "L").
"""

from __future__ import annotations

from PIL import Image, ImageMath

WINDOW = 8
C1 = (0.01 * 255) ** 2
C2 = (0.03 * 255) ** 2


def _band_ssim(x: Image.Image, y: Image.Image) -> float:
    """Mean SSIM of two float bands over WINDOW-pixel blocks."""

    def mean(img: Image.Image) -> Image.Image:
        return img.reduce(WINDOW)

    def product(a: Image.Image, b: Image.Image) -> Image.Image:
        return ImageMath.lambda_eval(lambda m: m["a"] * m["b"], a=a, b=b)

    mx, my = mean(x), mean(y)
    xx, yy, xy = mean(product(x, x)), mean(product(y, y)), mean(product(x, y))
    index = ImageMath.lambda_eval(
        lambda m: (
            ((m["mx"] * m["my"] * 2 + C1) * ((m["xy"] - m["mx"] * m["my"]) * 2 + C2))
            / (
                (m["mx"] * m["mx"] + m["my"] * m["my"] + C1)
                * (m["xx"] - m["mx"] * m["mx"] + m["yy"] - m["my"] * m["my"] + C2)
            )
        ),
        mx=mx,
        my=my,
        xx=xx,
        yy=yy,
        xy=xy,
    )
    return index.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # the mean


def ssim(a: Image.Image, b: Image.Image) -> float:
    """SSIM of two pictures of one size, on their luma as the authors' code does: 1.0
    when equal."""
    if a.size != b.size:
        raise ValueError(f"sizes differ: {a.size} and {b.size}")
    x, y = a.convert("L").convert("F"), b.convert("L").convert("F")
    w, h = (side - side % WINDOW for side in a.size)
    half = WINDOW // 2
    grids = [(0, 0, w, h)]
    if min(w, h) >= 2 * WINDOW:
        grids.append((half, half, w - half, h - half))
    scores = [_band_ssim(x.crop(box), y.crop(box)) for box in grids]
    return sum(scores) / len(scores)
