"""Benchmark a province-sized site: N bilingual relics with photos, built for real.

    python bench/scale.py [--n 1000 5000] [--keep DIR] [--repeat 3]

For each N it writes a synthetic project into a temp folder (one site, N relics, each
with a Vietnamese and an English file and its own 1600×1200 photo) and prints:

- photos from nothing: a first build with empty caches, minus the cold build below:
  the time to make every photo size once (they are then cached by content hash);
- cold build: `qrsite build` with no site or sign output and no sign cache; photo
  sizes come from their cache. This is the full build: check, pages, MkDocs, photos,
  landings, signs (PDF + PNG preview per code, all.pdf, manifest);
- one entry changed: the title of one relic edited, rebuilt; with the number of signs
  drawn again (the rest come from the sign cache);
- plain MkDocs: `mkdocs build` of the same Markdown files (both languages in one docs
  tree, the photos beside them) with the Material theme, default plugins (search) and
  the nav cut down to the sections;
- peak memory: the largest resident set of the build process and of any one worker.

The cold build and the plain build run in turn, `--repeat` times each, and the medians
are compared: this machine's speed moves by a third from minute to minute. For the same
reason every size is prepared first and the rounds go through all sizes in turn, so the
growth from 1,000 to 5,000 is measured over the same minutes. Every build
runs in a fresh process, so its memory and imports are its own; the output of an
earlier run is moved aside first, and deleted only at the end (see Trash).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
SITE = "tinh"
SITE_YML = """\
name: {vi: "Di tích tỉnh Mẫu", en: "Relics of Sample Province"}
description: {vi: "Trang mẫu để đo tốc độ.", en: "A synthetic site for benchmarks."}
base_url: https://tinh.example.org/
short_base: HTTPS://TINH.EXAMPLE.ORG/Q/
organization: {vi: "Tỉnh đoàn Mẫu", en: "Sample Province Youth Union"}
languages: [vi, en]
signs: {paper: A4}
example: true
"""
WORDS = (
    "đình chùa đền miếu làng xã thôn cổ kính mái ngói cột gỗ lim sân gạch giếng nước "
    "lễ hội tháng giêng thờ thành hoàng tướng quân triều Lê Trần Nguyễn trùng tu năm "
    "di tích lịch sử văn hoá cấp tỉnh quốc gia kiến trúc chạm khắc rồng phượng hoa sen"
)
EN_WORDS = (
    "communal house pagoda temple shrine village old tiled roof ironwood pillars brick "
    "yard well festival first month worship guardian general dynasty restored year relic "
    "history culture provincial national architecture carving dragon phoenix lotus"
)


def text(rng: random.Random, words: str, count: int) -> str:
    choices = words.split()
    return " ".join(rng.choice(choices) for _ in range(count))


def relic_files(i: int, rng: random.Random) -> tuple[str, str]:
    title_vi = f"Đình làng số {i} — {text(rng, WORDS, 3)}"
    vi = (
        f"---\ntitle: {title_vi}\nsummary: {text(rng, WORDS, 14)}\n"
        f"address: Thôn {i}, xã Mẫu, tỉnh Mẫu\nranking: Di tích cấp tỉnh\n"
        f"coordinates: [{20 + rng.random():.5f}, {106 + rng.random():.5f}]\n"
        f"cover: anh-bia.jpg\nhours: 7:00–17:00\n---\n"
        + "".join(
            f"## {text(rng, WORDS, 3).capitalize()}\n\n{text(rng, WORDS, 90)}.\n\n"
            for _ in range(4)
        )
    )
    en = (
        f"---\ntitle: Village communal house no. {i}\nsummary: {text(rng, EN_WORDS, 14)}\n"
        f"address: Hamlet {i}, Sample commune\nranking: Provincial relic\n---\n"
        + "".join(
            f"## {text(rng, EN_WORDS, 3).capitalize()}\n\n{text(rng, EN_WORDS, 90)}.\n\n"
            for _ in range(4)
        )
    )
    return vi, en


def photo(path: Path, rng: random.Random) -> None:
    img = Image.new("RGB", (1600, 1200), tuple(rng.randrange(40, 200) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(1500), rng.randrange(1100)
        color = tuple(rng.randrange(256) for _ in range(3))
        draw.rectangle([x, y, x + rng.randrange(40, 400), y + rng.randrange(40, 300)], fill=color)
    img.save(path, "JPEG", quality=85)


def make_project(root: Path, n: int) -> None:
    rng = random.Random(n)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "sites" / SITE).mkdir(parents=True)
    (root / "sites" / SITE / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for i in range(n):
        folder = root / "relics" / SITE / f"dinh-lang-{i:05d}"
        folder.mkdir(parents=True)
        vi, en = relic_files(i, rng)
        (folder / "index.vi.md").write_text(vi, encoding="utf-8")
        (folder / "index.en.md").write_text(en, encoding="utf-8")
        photo(folder / "anh-bia.jpg", rng)


def make_plain(root: Path, plain: Path) -> None:
    """The same Markdown and photos as a plain MkDocs project; nav lists sections only."""
    docs = plain / "docs"
    for lang, prefix in (("vi", ""), ("en", "en/")):
        (docs / prefix).mkdir(parents=True, exist_ok=True)
        (docs / prefix / "index.md").write_text("# Home\n", encoding="utf-8")
        (docs / prefix / "relics").mkdir(parents=True, exist_ok=True)
        (docs / prefix / "relics" / "index.md").write_text("# Relics\n", encoding="utf-8")
        for folder in sorted((root / "relics" / SITE).iterdir()):
            target = docs / prefix / "relics" / folder.name
            target.mkdir()
            shutil.copyfile(folder / f"index.{lang}.md", target / "index.md")
            os.link(folder / "anh-bia.jpg", target / "anh-bia.jpg")
    config = {
        "site_name": "Plain",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": "material", "font": False},
        "nav": [
            {"Trang chủ": "index.md"},
            {"Di tích": "relics/index.md"},
            {"Home": "en/index.md"},
            {"Relics": "en/relics/index.md"},
        ],
        "validation": {"nav": {"omitted_files": "info"}},
    }
    (plain / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")


CHILD = """
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
{body}
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"seconds": seconds, "rss_kb": own, "worker_rss_kb": kids, "out": out}}))
"""
BUILD = """
from generator import pipeline
report = pipeline.build(Path(sys.argv[1]))
out = [[s.site, s.pages, s.signs] for s in report.sites]
"""
MKDOCS = """
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(sys.argv[1]))
out = None
"""


def measure(body: str, arg: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(body=body), str(arg)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "1", "SOURCE_DATE_EPOCH": "1700000000"},
    )
    if done.returncode != 0:
        sys.exit(f"benchmark step failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def signs_drawn_since(cache: Path, since: float) -> int:
    """Signs whose cache entry is new; all.pdf (the print shop's book) is not a sign."""
    return sum(
        1
        for p in cache.rglob("*.pdf")
        if p.stat().st_mtime >= since and not p.name.startswith("all-")
    )


@dataclass
class Bench:
    """One synthetic project, its plain twin and what was measured of them."""

    n: int
    base: Path
    made_s: float
    first: dict
    trash: Trash
    colds: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.base / "project"

    @property
    def plain(self) -> Path:
        return self.base / "plain"


def prepare(n: int, keep: Path | None) -> Bench:
    """Write the project and its plain twin; build it once with empty caches."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix=f"qrsite-scale-{n}-", dir=keep))
    (base / "project").mkdir()
    t0 = time.perf_counter()
    make_project(base / "project", n)
    made = time.perf_counter() - t0
    make_plain(base / "project", base / "plain")
    first = measure(BUILD, base / "project")  # empty caches: photos resized, signs drawn
    return Bench(n, base, made, first, Trash(base / "trash"))


def measure_round(bench: Bench) -> None:
    """A cold build, then the plain build: in turn, so both see the machine alike."""
    root = bench.root
    bench.trash.put(
        root / "build" / SITE, root / "build" / ".cache" / "signs", bench.plain / "site"
    )
    bench.colds.append(measure(BUILD, root))  # no output, no sign cache; photo sizes cached
    bench.references.append(measure(MKDOCS, bench.plain / "mkdocs.yml"))


def finish(bench: Bench, keep: Path | None) -> dict:
    """The one-entry rebuild, then the figures."""
    cold, reference = _median(bench.colds), _median(bench.references)
    page = bench.root / "relics" / SITE / "dinh-lang-00007" / "index.vi.md"
    page.write_text(page.read_text("utf-8").replace("Đình làng số 7", "Đình làng số bảy"))
    since = time.time() - 1
    one = measure(BUILD, bench.root)
    redrawn = signs_drawn_since(bench.root / "build" / ".cache" / "signs", since)
    runs = (bench.first, *bench.colds, one)
    result = {
        "n": bench.n,
        "pages_signs": cold["out"],
        "generate_s": bench.made_s,
        "photos_from_nothing_s": bench.first["seconds"] - cold["seconds"],
        "first_build_s": bench.first["seconds"],
        "cold_s": cold["seconds"],
        "cold_runs_s": [r["seconds"] for r in bench.colds],
        "one_change_s": one["seconds"],
        "signs_redrawn": redrawn,
        "plain_mkdocs_s": reference["seconds"],
        "plain_runs_s": [r["seconds"] for r in bench.references],
        "peak_rss_mb": max(r["rss_kb"] for r in runs) / 1024,
        "peak_worker_rss_mb": max(r["worker_rss_kb"] for r in runs) / 1024,
        "plain_rss_mb": reference["rss_kb"] / 1024,
    }
    if keep is None:
        shutil.rmtree(bench.base)
    return result


def run(sizes: list[int], keep: Path | None, repeat: int) -> list[dict]:
    """Every size prepared first, then measured round by round, each round going through
    every size: the machine's speed drifts over minutes, and each size, and the growth
    from one size to the next, is measured over the same minutes."""
    benches = [prepare(n, keep) for n in sizes]
    for _ in range(repeat):
        for bench in benches:
            measure_round(bench)
    return [finish(bench, keep) for bench in benches]


class Trash:
    """Outputs are moved here between runs and deleted at the end, not deleted at once.

    On ext4 without a journal (common on cloud disks, this machine's included), the
    inodes freed in the last minutes are stepped over one by one each time a file is
    created: a build just after deleting 20,000 files pays several seconds for the
    deletion. Each measured run would pay for the bench's own clean-up, and the two
    sides differently (the build makes ten times the files).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def put(self, *paths: Path) -> None:
        self.folder.mkdir(exist_ok=True)
        for path in paths:
            if path.exists():
                self.count += 1
                path.rename(self.folder / str(self.count))


def _median(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def _runs(seconds: list[float]) -> str:
    return "(median of " + ", ".join(f"{s:.1f}" for s in seconds) + ")"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--keep", type=Path, help="keep the projects under this folder")
    parser.add_argument(
        "--repeat", type=int, default=3, help="cold builds and plain builds, in turn (median)"
    )
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"# qrsite scale benchmark: {cpus} cores, Python {sys.version.split()[0]}")
    results = run(args.n, args.keep, args.repeat)
    for r in results:
        n = r["n"]
        sites = r["pages_signs"][0]
        print(f"\n## {n} bilingual relics ({sites[1]} pages, {sites[2]} signs)")
        print(f"  writing the synthetic project       {r['generate_s']:8.1f} s")
        print(f"  photo sizes from nothing (once)     {r['photos_from_nothing_s']:8.1f} s")
        print(
            f"  cold full build (site + signs)      {r['cold_s']:8.1f} s   "
            f"{_runs(r['cold_runs_s'])}"
        )
        print(
            f"  plain mkdocs build, same Markdown   {r['plain_mkdocs_s']:8.1f} s   "
            f"{_runs(r['plain_runs_s'])}"
        )
        ratio = r["cold_s"] / r["plain_mkdocs_s"]
        print(f"  cold build / plain mkdocs           {ratio:8.2f} x   (target <= 1.5)")
        print(
            f"  rebuild after one entry changed     {r['one_change_s']:8.1f} s"
            f"   ({r['signs_redrawn']} sign(s) drawn again, all.pdf too; target 1)"
        )
        print(
            f"  peak memory: build {r['peak_rss_mb']:.0f} MB, largest worker "
            f"{r['peak_worker_rss_mb']:.0f} MB, plain mkdocs {r['plain_rss_mb']:.0f} MB"
            "   (target < 2048 MB)"
        )
    if len(results) > 1:
        a, b = results[0], results[-1]
        growth = b["cold_s"] / a["cold_s"]
        plain = b["plain_mkdocs_s"] / a["plain_mkdocs_s"]
        print(
            f"\n{b['n']} vs {a['n']} relics: cold build {growth:.2f}x "
            f"for {b['n'] / a['n']:.0f}x the entries (target <= 5.5x for 5x); "
            f"plain mkdocs {plain:.2f}x"
        )
    print("\n" + json.dumps(results))


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
