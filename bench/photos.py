"""Photo sizes from nothing: the recipe before this one against today's, side by side.

    python bench/photos.py [--n 200 | --n 1000] [--rounds 3] [--jobs N] [--check 40]

Writes N different textured 1600x1200 JPEGs (tests/textured_photos.py: grain, blotches,
gradients, hard edges, as a camera's photo has; a flat picture flatters every recipe),
then, in each round, makes every size a relic's cover ships (WebP 1200, 720 and 480,
the JPEG fallback at 720, the 160 thumbnail) with both recipes in turn, each on the
same number of worker processes:

- old: the recipe before, kept here as it was (OLD_*): each size decoded and resized
  from the original on its own, one task per size, tasks sent in chunks of 8;
- new: `generator.site.media._make_sizes`, as a build calls it.

The order of the two alternates from round to round (this machine's speed drifts).
Printed: seconds per photo and in all (wall, median of the rounds, the rounds beside it),
CPU seconds per photo (all processes), then per size, over the first --check photos:
bytes old and new (in all, and the largest ratio of one photo), and SSIMs (tests/ssim.py),
each the lowest over the photos, against the "one-step" size: resized at once from
the whole decoded original, what both recipes aim at:

- resized: each recipe's picture before the encoder, old and new (and new against
  old). The old recipe decoded a JPEG at half scale for 480 and 160: 0.987 at 480;
- file: the new file against the old one. Two lossy encodings of a textured picture
  differ by about what each encoder loses (WebP at 70: a quarter), so any change of
  the encoder's input, however small, shows here as about 0.92;
- faithful: each file, old and new, against the one-step size: the new file must lose
  no more than the old one did.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from ssim import ssim  # noqa: E402
from textured_photos import save_one_of_many  # noqa: E402

from generator.parallel import cpu_count, map_processes  # noqa: E402
from generator.site import media, photosizes  # noqa: E402

# What a relic's cover ships: (width, format), the widest first.
SIZES = (
    *((width, "WEBP") for width in sorted(media.WIDTHS, reverse=True)),
    (media.FALLBACK, "JPEG"),
    (media.THUMB, "JPEG"),
)

# The old recipe, as generator/site/media.py had it before one decoding per photo.
OLD_JPEG_QUALITY = 72
OLD_WEBP_QUALITY = 70
OLD_WEBP_METHOD = 4
OLD_CHUNK = 8
OLD_SPREAD_FROM = 16  # sizes


def old_picture(source: Path, width: int) -> Image.Image:
    """One size as the old recipe resized it: its own decoding of the original."""
    with Image.open(source) as img:
        img.draft("RGB", (width, width))  # JPEG: decode at a smaller scale
        img = ImageOps.exif_transpose(img).convert("RGB")
        if img.width > width:
            height = round(img.height * width / img.width)
            img = img.resize((width, height), Image.Resampling.LANCZOS)
        return img


def old_size(source: Path, width: int, fmt: str, out: Path) -> None:
    """One size as the old recipe wrote it."""
    img = old_picture(source, width)
    if fmt == "WEBP":
        img.save(out, "WEBP", quality=OLD_WEBP_QUALITY, method=OLD_WEBP_METHOD)
    else:
        img.save(out, "JPEG", quality=OLD_JPEG_QUALITY, optimize=True, progressive=True)


def _old_task(task: tuple[Path, int, str, Path]) -> None:
    source, width, fmt, out = task
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    old_size(source, width, fmt, tmp)
    tmp.replace(out)


def make_old(photos: list[Path], folder: Path, jobs: int) -> None:
    """Every size of every photo, the old way: one task per size."""
    tasks = [(p, w, fmt, _name(folder, p, w, fmt)) for p in photos for w, fmt in SIZES]
    folder.mkdir(parents=True)
    if jobs <= 1 or len(tasks) < OLD_SPREAD_FROM:
        for task in tasks:
            _old_task(task)
    else:
        map_processes(_old_task, tasks, jobs, chunk=OLD_CHUNK)


def make_new(photos: list[Path], folder: Path, jobs: int) -> None:
    """Every size of every photo, as a build makes them today."""
    todo = {
        os.fspath(_name(folder, p, w, fmt)): media.Variant(p, "", w, fmt)
        for p in photos
        for w, fmt in SIZES
    }
    media._make_sizes(todo, jobs)


def _name(folder: Path, photo: Path, width: int, fmt: str) -> Path:
    return folder / f"{photo.stem}-{width}.{fmt.lower()}"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(make, photos: list[Path], folder: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds (all processes) to make every size into `folder`."""
    cpu, start = _cpu(), time.perf_counter()
    make(photos, folder, jobs)
    return time.perf_counter() - start, _cpu() - cpu


def ideal_picture(source: Path, width: int) -> Image.Image:
    """The size resized in one step from the whole original: what both recipes aim at."""
    with Image.open(source) as img:
        img = ImageOps.exif_transpose(img).convert("RGB")
    height = round(img.height * width / img.width)
    return img.resize((width, height), Image.Resampling.LANCZOS) if img.width > width else img


def compare(task: tuple[Path, Path, Path]) -> dict:
    """Per size of one photo: bytes and SSIMs of the old and the new output."""
    photo, old, new = task
    new_pictures = dict(photosizes.resized(photo, {w for w, _ in SIZES}))
    out = {}
    for width, fmt in SIZES:
        ideal, before = ideal_picture(photo, width), old_picture(photo, width)
        old_file, new_file = _name(old, photo, width, fmt), _name(new, photo, width, fmt)
        with Image.open(old_file) as a, Image.open(new_file) as b:
            out[f"{width} {fmt}"] = {
                "old_bytes": old_file.stat().st_size,
                "new_bytes": new_file.stat().st_size,
                "old_resized": ssim(before, ideal),
                "new_resized": ssim(new_pictures[width], ideal),
                "new_vs_old_resized": ssim(new_pictures[width], before),
                "file_vs_file": ssim(b, a),
                "old_faithful": ssim(a, ideal),
                "new_faithful": ssim(b, ideal),
            }
    return out


def write_photos(folder: Path, n: int, jobs: int) -> list[Path]:
    paths = [folder / f"anh-{number:05d}.jpg" for number in range(n)]
    map_processes(_write_photo, list(enumerate(paths)), jobs, chunk=8)
    return paths


def _write_photo(task: tuple[int, Path]) -> None:
    save_one_of_many(task[1], task[0])


def _runs(values: list[float], digits: int) -> str:
    return "(" + ", ".join(f"{v:.{digits}f}" for v in values) + ")"


def report(n: int, jobs: int, times: dict[str, list[tuple[float, float]]], checks: list) -> None:
    print(f"\n## {n} photos, {len(SIZES)} sizes each, {jobs} worker processes")
    print("  median of the rounds, each round's figure in brackets")
    walls = {k: [wall for wall, _ in v] for k, v in times.items()}
    cpus = {k: [cpu / n for _, cpu in v] for k, v in times.items()}
    for label, values, unit, digits, scale in (
        ("wall, in all", walls, "s", 1, 1),
        ("wall per photo", walls, "s", 3, 1 / n),
        ("CPU per photo, all processes", cpus, "s", 3, 1),
    ):
        for recipe in ("old", "new"):
            runs = [v * scale for v in values[recipe]]
            median = statistics.median(runs)
            print(
                f"  {label + ', ' + recipe:36} {median:8.{digits}f} {unit}  {_runs(runs, digits)}"
            )
    speed = statistics.median(walls["old"]) / statistics.median(walls["new"])
    print(f"  new is {speed:.2f}x as fast (wall, medians)")
    print(f"\n  per size, over {len(checks)} photos; SSIM: the lowest of them")
    print(f"  {'':10} {'KB':>17} {'new/old':>15}  {'resized':>20} {'file':>7}  {'faithful':>12}")
    print(
        f"  {'size':10} {'old':>8} {'new':>8} {'all':>7} {'worst':>7}  {'old':>6} {'new':>6} "
        f"{'n/o':>6} {'n/o':>7}  {'old':>6} {'new':>6}"
    )
    for key in checks[0]:
        rows = [c[key] for c in checks]
        old, new = sum(r["old_bytes"] for r in rows), sum(r["new_bytes"] for r in rows)
        worst = max(r["new_bytes"] / r["old_bytes"] for r in rows)
        lowest = {name: min(r[name] for r in rows) for name in rows[0] if "bytes" not in name}
        print(
            f"  {key:10} {old / 1024:8.0f} {new / 1024:8.0f} {new / old:7.3f} {worst:7.3f}  "
            f"{lowest['old_resized']:6.4f} {lowest['new_resized']:6.4f} "
            f"{lowest['new_vs_old_resized']:6.4f} {lowest['file_vs_file']:7.4f}  "
            f"{lowest['old_faithful']:6.4f} {lowest['new_faithful']:6.4f}"
        )
    every = [r[k] for r in checks for k in r]
    larger = max(r["new_bytes"] / r["old_bytes"] for r in every)
    print(
        "  resized: against the size made in one step from the whole original (n/o: new "
        "against old);\n  file: new file against old file; faithful: each file against "
        "the one-step size"
    )
    print(
        f"  lowest: resized new {min(r['new_resized'] for r in every):.4f}, "
        f"faithful new/old {min(r['new_faithful'] / r['old_faithful'] for r in every):.4f}, "
        f"new/old bytes of one photo and size {larger:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="photos (try 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="each figure a median (>= 3)")
    parser.add_argument("--jobs", type=int, default=min(cpu_count(), 8), help="processes")
    parser.add_argument("--check", type=int, default=40, help="photos compared by SSIM")
    parser.add_argument("--keep", type=Path, help="keep the photos and sizes under this folder")
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds: at least 3 (each figure is a median)")
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"# qrsite photo sizes: {cpu_count()} cores (load average {load}), "
        f"Python {sys.version.split()[0]}, Pillow {Image.__version__}"
    )
    base = Path(tempfile.mkdtemp(prefix="qrsite-photos-", dir=args.keep))
    photos = write_photos(base / "photos", args.n, args.jobs)
    times: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
    makers = {"old": make_old, "new": make_new}
    for number in range(args.rounds):
        order = ("old", "new") if number % 2 == 0 else ("new", "old")
        for recipe in order:
            print(f"round {number + 1}: {recipe} …", file=sys.stderr)
            folder = base / f"round-{number + 1}" / recipe
            times[recipe].append(timed(makers[recipe], photos, folder, args.jobs))
    last = base / f"round-{args.rounds}"
    tasks = [(p, last / "old", last / "new") for p in photos[: args.check]]
    checks = map_processes(compare, tasks, args.jobs)
    report(args.n, args.jobs, times, checks)
    if args.keep is None:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
