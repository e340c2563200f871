"""Pictures with a photo's texture, drawn from a seed, for the photo tests and benches.

A flat rectangle compresses to nothing and resizes to the same flat rectangle: every
recipe looks fast and faultless on it. A camera's photo has grain, foliage, brick and
sharp edges, which is what costs an encoder time and bytes and what a resizer can blur.
So these pictures have noise at several scales (soft blotches to single-pixel grain),
gradients, and drawn edges and lines. Seeded noise comes from `random.Random`, not
`Image.effect_noise` (C's `rand()`, shared by the whole process): the same seed gives
the same picture in any process.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZE = (1600, 1200)
BASES = 16  # pictures drawn for `one_of_many`; the others are cut from them
MARGIN = 64  # how far a cut may move: BASES × MARGIN² different photos
OCTAVES = ((32, 0.35), (8, 0.3), (2, 0.2), (1, 0.15))  # (noise cell in px, weight)


def _noise(rng: random.Random, size: tuple[int, int], cell: int, mode: str = "RGB") -> Image.Image:
    """Uniform noise drawn at 1/cell of `size`, then enlarged smoothly: blotches of
    about `cell` pixels (single pixels at cell 1), each band its own."""
    small = (max(1, size[0] // cell), max(1, size[1] // cell))
    count = small[0] * small[1] * len(mode)
    img = Image.frombytes(mode, small, rng.randbytes(count))
    return img if small == size else img.resize(size, Image.Resampling.BICUBIC)


def _texture(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Noise summed over octaves: grain of every size, in colour."""
    img, total = _noise(rng, size, OCTAVES[0][0]), OCTAVES[0][1]
    for cell, weight in OCTAVES[1:]:
        total += weight
        img = Image.blend(img, _noise(rng, size, cell), weight / total)
    return img


def _gradient(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Light across the scene: each band a linear or radial ramp, turned at random."""
    bands = []
    for _ in range(3):
        ramp = rng.choice((Image.linear_gradient, Image.radial_gradient))("L")
        bands.append(ramp.rotate(rng.randrange(360)).resize(size, Image.Resampling.BICUBIC))
    return Image.merge("RGB", bands)


def _details(img: Image.Image, rng: random.Random) -> Image.Image:
    """Edges a resizer must keep sharp (roofs, pillars, wires, lettering), drawn see-through
    so the texture shows under them as light does on a wall."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    w, h = img.size

    def colour(alpha: int) -> tuple[int, int, int, int]:
        return (*(rng.randrange(256) for _ in range(3)), alpha)

    for _ in range(15):
        points = [(rng.randrange(w), rng.randrange(h)) for _ in range(3)]
        draw.polygon(points, fill=colour(rng.randrange(60, 160)))
    for _ in range(40):
        x, y = rng.randrange(w), rng.randrange(h)
        dx, dy = rng.randrange(20, w // 3), rng.randrange(20, h // 3)
        shape = rng.choice((draw.rectangle, draw.ellipse))
        shape([x, y, x + dx, y + dy], outline=colour(255), width=rng.randrange(1, 6))
    for _ in range(120):
        x, y = rng.randrange(w), rng.randrange(h)
        end = (x + rng.randrange(-300, 300), y + rng.randrange(-300, 300))
        draw.line([(x, y), end], colour(255))
    for _ in range(30):
        xy = (rng.randrange(w), rng.randrange(h))
        draw.text(xy, "DEN THO 1428", fill=colour(255), font_size=rng.randrange(10, 60))
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def textured_photo(seed: int, size: tuple[int, int] = SIZE) -> Image.Image:
    """An RGB picture that compresses and resizes like a camera's photo."""
    rng = random.Random(seed)
    img = Image.blend(_gradient(rng, size), _texture(rng, size), 0.55)
    img = _details(img, rng)
    img = img.filter(ImageFilter.GaussianBlur(0.7))  # a lens is never perfectly sharp
    grain = _noise(rng, size, 1, "L").convert("RGB")
    return Image.blend(img, ImageChops.overlay(img, grain), 0.25)  # a sensor's grain


@functools.lru_cache(maxsize=BASES)
def _base(seed: int, size: tuple[int, int]) -> Image.Image:
    return textured_photo(seed, (size[0] + MARGIN, size[1] + MARGIN))


def one_of_many(number: int, size: tuple[int, int] = SIZE) -> Image.Image:
    """The `number`-th of many different textured photos, for benches of thousands:
    BASES pictures are drawn (a third of a second each), the others cut from them at
    another offset (nothing to draw), so no two share a hash or a cached size."""
    dx, dy = divmod(number // BASES % (MARGIN * MARGIN), MARGIN)
    return _base(number % BASES, size).crop((dx, dy, dx + size[0], dy + size[1]))


def save_textured_photo(path: Path, seed: int, size: tuple[int, int] = SIZE) -> Path:
    """A textured picture saved as a camera's JPEG (quality 90)."""
    return _save(textured_photo(seed, size), path)


def save_one_of_many(path: Path, number: int, size: tuple[int, int] = SIZE) -> Path:
    """`one_of_many` saved as a camera's JPEG (quality 90)."""
    return _save(one_of_many(number, size), path)


def _save(img: Image.Image, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=90)
    return path
