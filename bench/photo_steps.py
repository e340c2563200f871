"""What each step of a photo's sizes costs, and the least any WebP recipe could cost.

    python bench/photo_steps.py [--n 12] [--rounds 3]

A first build from nothing makes every photo's sizes (bench/scale.py: most of its time).
This measures one process, one photo at a time, on textured 1600x1200 JPEGs
(tests/textured_photos.py), the CPU milliseconds of each step as a build does it
(generator/site/photosizes.py): the decoding, each resize down the ladder, each
encoding. Then the same encodings at their least effort (WebP method 0, a baseline
JPEG) and the
resizes at Pillow's cheapest filter that still averages (BOX), each size's bytes and
faithfulness (SSIM to the size resized in one step from the original) beside the
recipe's.

The floor printed last is the decoding plus the fastest encodings, with no resizing at
all: no WebP recipe on this machine can make a photo's sizes in less CPU than that,
whatever it gives up. Times are the median of the rounds of the sum over the photos.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from photos import SIZES  # noqa: E402
from ssim import ssim  # noqa: E402
from textured_photos import save_one_of_many  # noqa: E402

from generator.parallel import cpu_count  # noqa: E402
from generator.site import media, photosizes  # noqa: E402

FASTEST_WEBP = 0  # libwebp's method: 0 is its least effort


def _cpu_ms(action, *args) -> tuple[object, float]:
    """`action(*args)` and the CPU milliseconds it took."""
    start = time.process_time()
    result = action(*args)
    return result, (time.process_time() - start) * 1000


def _decode(source: Path, widest: int) -> Image.Image:
    """As photosizes.resized decodes: a JPEG at the smallest scale the widest size allows."""
    with Image.open(source) as img:
        img.draft("RGB", (widest, widest))
        return ImageOps.exif_transpose(img).convert("RGB")


def _encode(picture: Image.Image, width: int, fmt: str, fastest: bool) -> bytes:
    """A size's file: as a build writes it (photosizes._save), or at the encoders' least
    effort (WebP method 0; a baseline JPEG, its Huffman tables not optimised)."""
    out = io.BytesIO()
    if not fastest:
        photosizes._save(picture, photosizes.Size(width, fmt, out))
    elif fmt == "WEBP":
        picture.save(out, "WEBP", quality=photosizes.WEBP_QUALITY, method=FASTEST_WEBP)
    else:
        picture.save(out, "JPEG", quality=photosizes.JPEG_QUALITY)
    return out.getvalue()


def _ladder(picture: Image.Image, resample: Image.Resampling, steps: dict) -> dict:
    """Each ladder width resized from the one before (as the recipe), timed per step."""
    pictures, full_w, full_h = {}, picture.width, picture.height
    for width in media.LADDER:
        shape = (width, round(full_h * width / full_w))
        picture, ms = _cpu_ms(picture.resize, shape, resample)
        steps[f"resize {width}"] = steps.get(f"resize {width}", 0) + ms
        pictures[width] = picture
    return pictures


def measure(photos: list[Path], sizes: list[tuple[int, str]]) -> dict:
    """CPU ms per step summed over `photos`, and per size bytes and faithfulness, for
    the recipe ("recipe") and for the fastest settings ("fastest")."""
    steps: dict[str, float] = {}
    quality: dict[str, dict[str, list[float]]] = {}
    for source in photos:
        original, ms = _cpu_ms(_decode, source, media.LADDER[0])
        steps["decode"] = steps.get("decode", 0) + ms
        recipe = _ladder(original, Image.Resampling.LANCZOS, steps)
        cheap = _ladder(original, Image.Resampling.BOX, {})
        for width, fmt in sizes:
            ideal = original.resize(recipe[width].size, Image.Resampling.LANCZOS)
            for name, pictures in (("recipe", recipe), ("fastest", cheap)):
                picture, fastest = pictures[width], name == "fastest"
                data, ms = _cpu_ms(_encode, picture, width, fmt, fastest)
                key = f"{name} {width} {fmt}"
                steps[key] = steps.get(key, 0) + ms
                with Image.open(io.BytesIO(data)) as img:
                    faithful = ssim(img.convert("RGB"), ideal)
                row = quality.setdefault(f"{width} {fmt}", {})
                row.setdefault(f"{name} bytes", []).append(len(data))
                row.setdefault(f"{name} ssim", []).append(faithful)
    return {"steps": steps, "quality": quality}


def report(n: int, runs: list[dict], sizes: list[tuple[int, str]]) -> None:
    per_photo = {key: [run["steps"][key] / n for run in runs] for key in runs[0]["steps"]}

    def ms(key: str) -> float:
        return statistics.median(per_photo[key])

    print(f"\n## CPU ms per photo, one process (median of {len(runs)} rounds over {n} photos)")
    for key, values in per_photo.items():
        print(f"  {key:22} {ms(key):7.1f}  ({', '.join(f'{v:.1f}' for v in values)})")
    resizes = sum(ms(k) for k in per_photo if k.startswith("resize"))
    recipe = ms("decode") + resizes + sum(ms(f"recipe {w} {f}") for w, f in sizes)
    floor = ms("decode") + sum(ms(f"fastest {w} {f}") for w, f in sizes)
    print(f"  the recipe, every step  {recipe:7.1f}")
    print(f"  the floor: decoding and the fastest encodings, no resizing  {floor:7.1f}")
    cores = cpu_count()  # 1,000 photos at `ms` each: `ms` seconds on one core
    print(
        f"  1,000 photos on {cores} cores: the recipe {recipe / cores:.0f} s, "
        f"the floor {floor / cores:.0f} s at the least"
    )
    print("\n## each size: bytes (fastest / recipe) and SSIM to the one-step size (lowest)")
    quality = runs[-1]["quality"]
    for key, row in quality.items():
        ratio = [f / r for f, r in zip(row["fastest bytes"], row["recipe bytes"], strict=True)]
        print(
            f"  {key:10} bytes x{statistics.median(ratio):.3f} (up to x{max(ratio):.3f}); "
            f"SSIM recipe {min(row['recipe ssim']):.4f}, fastest {min(row['fastest ssim']):.4f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=12, help="photos")
    parser.add_argument("--rounds", type=int, default=3, help="each figure a median (>= 3)")
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds: at least 3 (each figure is a median)")
    print(f"# qrsite photo steps: Pillow {Image.__version__}, {cpu_count()} cores")
    sizes = list(SIZES)
    with tempfile.TemporaryDirectory(prefix="qrsite-photo-steps-") as folder:
        photos = [save_one_of_many(Path(folder) / f"{i}.jpg", i) for i in range(args.n)]
        runs = []
        for number in range(args.rounds):
            print(f"round {number + 1} …", file=sys.stderr)
            runs.append(measure(photos, sizes))
    report(args.n, runs, sizes)


if __name__ == "__main__":
    main()
