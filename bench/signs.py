"""Benchmark the sign renderer: signs per second, cold and warm, beside a plain reference.

    python bench/signs.py [--n 100 1000] [--jobs 2]

For each N synthetic relic plaques (each with its own short code):
- cold: empty cache and output; every sign drawn (PDF + PNG), all.pdf, manifest.csv;
- warm: nothing changed, a fresh output folder (as the build-aside swap gives): copies;
- reference: what a plain script would do per sign, on the same worker count: one
  qrcode PNG pasted onto a white Pillow A4 page at 300 dpi, saved as PDF (raster, no
  fonts, no preview, no book).
CPU seconds count this process and its workers, so the last column ("per 2 cores")
says what the work costs even when other jobs share the machine (see the load average).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.signs import SignSpec, render_signs  # noqa: E402

BASE = "https://haiduong.example.org/"
SHORT = "HTTPS://HD.EXAMPLE.ORG/Q/"
TITLES = [
    ("Văn miếu Mao Điền", "Mao Dien Temple of Literature"),
    ("Đền Kiếp Bạc", "Kiep Bac Temple"),
    ("Khu di tích Côn Sơn", "Con Son relic site"),
    ("Đình làng Mộ Trạch và giếng cổ", "Mo Trach communal house and its old well"),
]


def specs(n: int) -> list[SignSpec]:
    out = []
    for i in range(n):
        vi, en = TITLES[i % len(TITLES)]
        code = f"B{i:05d}"
        out.append(
            SignSpec(
                code=code,
                kind="relic_plaque",
                entry=f"relics/hai-duong/bench-{i}",
                title_vi=f"{vi} {i}",
                title_en=f"{en} {i}",
                subtitle_vi="Di tích lịch sử văn hóa cấp quốc gia",
                subtitle_en="National historical and cultural relic",
                url=f"{SHORT}{code}/",
                organization_vi="UBND tỉnh Hải Dương · Sở Văn hóa, Thể thao và Du lịch",
                organization_en="Hai Duong People's Committee · Department of Culture",
            )
        )
    return out


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    fn()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def _reference_one(args) -> None:
    import qrcode
    from PIL import Image

    url, path = args
    code = qrcode.make(url, error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=36)
    page = Image.new("RGB", (2480, 3508), "white")  # A4 at 300 dpi
    page.paste(code.get_image().convert("RGB"), (400, 900))
    page.save(path, "PDF", resolution=300)


def reference(items: list[SignSpec], out: Path, jobs: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tasks = [(s.url, out / f"{s.code}.pdf") for s in items]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_reference_one, tasks, chunksize=8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="qrsite-bench-") as tmp:
        root = Path(tmp)
        for n in args.n:
            items = specs(n)
            cache = root / f"cache-{n}"

            def run(out: str, items=items, cache=cache):
                render_signs(
                    items,
                    root / out,
                    cache,
                    base_url=BASE,
                    allowed_prefixes=(SHORT,),
                    jobs=args.jobs,
                )

            rows.append((n, "cold", *timed(lambda n=n: run(f"cold-{n}"))))
            rows.append((n, "warm", *timed(lambda n=n: run(f"warm-{n}"))))
            ref = root / f"ref-{n}"
            rows.append((n, "reference", *timed(lambda i=items, r=ref: reference(i, r, args.jobs))))
            for path in (cache, root / f"cold-{n}", root / f"warm-{n}", ref):
                shutil.rmtree(path)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"sign renderer, {args.jobs} jobs on {os.cpu_count()} cores (load average {load})")
    print(f"{'N':>6} {'run':<10} {'wall s':>8} {'signs/s':>9} {'CPU s':>8} {'per 2 cores':>12}")
    for n, label, wall, cpu in rows:
        per_cores = n / (cpu / 2) if cpu else float("inf")
        print(f"{n:>6} {label:<10} {wall:>8.2f} {n / wall:>9.0f} {cpu:>8.2f} {per_cores:>12.0f}")


if __name__ == "__main__":
    main()
