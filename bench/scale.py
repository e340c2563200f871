"""Benchmark a province-sized site: N bilingual relics with photos, built for real.

    python bench/scale.py [--n 1000 5000] [--rounds 3] [--keep DIR] [--profile]

For each N it writes a synthetic project into a temp folder (one site, N relics, each
with a Vietnamese and an English file and its own 1600x1200 photo, textured as a
camera's is: tests/textured_photos.py; the short codes issued once, as a project keeps
them in its committed codes.yml) and measures, in each round, one after the other:

- first build: `qrsite build` with an empty build/ folder: no photo sizes, no photo
  facts (hashes and sizes), no sign cache, no output; what a fresh clone builds;
- cold build: no site or sign output (nor the spare output a rebuild reuses), no sign
  cache, rendered Markdown or MkDocs output, but the photo sizes and photo facts the
  first build left in build/.cache. This is the full build: check, pages, MkDocs, photos,
  landings, signs (PDF + PNG preview per code, all.pdf, manifest);
- plain MkDocs: `mkdocs build` of the same Markdown files (both languages in one docs
  tree, the photos beside them) with the Material theme, default plugins (search) and
  the nav cut down to the sections;
- one entry changed: the title of one relic edited and the site rebuilt, twice: the
  first rebuild after the cold build keeps unchanged files from the cold build's
  output; the second (an author's usual case: edits follow edits) also reuses the
  folders of the output before it. With the number of signs drawn again (the rest
  come from the sign cache), and the second's share of the cold build.

Printed per N: each of them as the median of the rounds, the rounds' own figures beside
it; photo sizes from nothing (each round's first build minus its cold build); the first
and the cold build over the plain build (the ratio of the medians, and each round's);
peak memory (the largest resident set of the build process and of any one worker, and
of plain MkDocs); the cold build's CPU seconds, all processes. With several N, the
growth from the first N to the last. Every round resizes every photo again for its first
build: at 5,000 relics that is most of the run's time.

This machine's speed moves by a third from minute to minute, so the builds run in turn,
round after round, and every size is prepared first and the rounds go through all sizes
in turn: the growth from 1,000 to 5,000 is measured over the same minutes. Every build
runs in a fresh process, so its memory and imports are its own; the output of an
earlier run is moved aside first, and deleted only at the end (see Trash).

With `--profile`, after the rounds, `--rounds` more cold builds of each size with their
phases timed (CPU seconds of the build process and of the processes it waited for):
the check, the pages (of which Python-Markdown and the sanitizer, MkDocs, the photos,
the gzip copies), how many pages MkDocs rendered and how many were stamped, and the
signs drawn in the forked process beside the pages. These builds are not the cold
figures above: the timing wraps a few functions, which costs a little.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from textured_photos import save_one_of_many  # noqa: E402

from generator.parallel import cpu_count, map_processes  # noqa: E402

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


def photo(task: tuple[int, Path]) -> None:
    """Relic number i's photo: grain and edges that cost a resizer and an encoder what a
    camera's photo does (flat rectangles cost nothing), and a hash of its own."""
    number, path = task
    save_one_of_many(path, number)


def make_project(root: Path, n: int) -> None:
    rng = random.Random(n)
    photos = []
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "sites" / SITE).mkdir(parents=True)
    (root / "sites" / SITE / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for i in range(n):
        folder = root / "relics" / SITE / f"dinh-lang-{i:05d}"
        folder.mkdir(parents=True)
        vi, en = relic_files(i, rng)
        (folder / "index.vi.md").write_text(vi, encoding="utf-8")
        (folder / "index.en.md").write_text(en, encoding="utf-8")
        photos.append((i, folder / "anh-bia.jpg"))
    map_processes(photo, photos, cpu_count(), chunk=32)


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

def _cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime

start, cpu_start = time.perf_counter(), _cpu()
{body}
seconds = time.perf_counter() - start
cpu_end = _cpu()
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{
    "seconds": seconds,
    "cpu_s": cpu_end[0] - cpu_start[0],
    "children_cpu_s": cpu_end[1] - cpu_start[1],
    "rss_kb": own,
    "worker_rss_kb": kids,
    "out": out,
}}))
"""
BUILD = """
from generator import pipeline
report = pipeline.build(Path(sys.argv[1]))
out = [[s.site, s.pages, s.signs] for s in report.sites]
"""
ISSUE_CODES = """
from generator import pipeline
checked = pipeline.check(Path(sys.argv[1]))
for registry, _ in checked.codes.values():
    registry.save()
out = None
"""
MKDOCS = """
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(sys.argv[1]))
out = None
"""
# The cold build with its phases timed: CPU seconds (own, children) spent in each.
PROFILED_BUILD = """
from generator import background, pipeline
from generator.site import markdown_html, media, mkdocs_run, precompress, stamp

spent, counts = {}, {"mkdocs_pages": 0, "pages": 0, "stamp_fell_back": 0}

def wrap(owner, name, step):
    fn = getattr(owner, name)
    def timed(*args, **kwargs):
        before = _cpu()
        try:
            return fn(*args, **kwargs)
        finally:
            after = _cpu()
            own, kids = spent.get(step, (0.0, 0.0))
            spent[step] = (own + after[0] - before[0], kids + after[1] - before[1])
    setattr(owner, name, timed)

def count_plan(fn):
    def counted(pages_):
        plan = fn(pages_)
        counts["mkdocs_pages"] += len(plan.by_mkdocs)
        counts["pages"] += len(pages_)
        return plan
    return counted

def count_stamp(fn):
    def counted(*args):
        made = fn(*args)
        counts["stamp_fell_back"] += made is None
        return made
    return counted

stamp.plan = count_plan(stamp.plan)
stamp.stamp = count_stamp(stamp.stamp)
wrap(pipeline, "check", "check")
wrap(pipeline, "build_site", "site")
wrap(pipeline, "landings", "landings")
wrap(pipeline, "page_bodies", "bodies")
wrap(pipeline, "finish_for_phones", "finish")
wrap(background.Background, "result", "signs")
wrap(markdown_html, "to_html", "markdown")
wrap(mkdocs_run, "run_mkdocs", "mkdocs")
wrap(media.MediaMap, "write", "photos")
wrap(precompress, "write_copy", "gzip")
signs_wall = [0.0]
result = background.Background.result
def waited(self):
    t = time.perf_counter()
    try:
        return result(self)
    finally:
        signs_wall[0] += time.perf_counter() - t
background.Background.result = waited
report = pipeline.build(Path(sys.argv[1]))
out = {
    "sites": [[s.site, s.pages, s.signs] for s in report.sites],
    "spent": spent,
    "counts": counts,
    "signs_waited_s": signs_wall[0],
}
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
    trash: Trash
    firsts: list[dict] = field(default_factory=list)
    colds: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)
    first_changes: list[dict] = field(default_factory=list)  # the first edit after cold
    changes: list[dict] = field(default_factory=list)  # the edit after it
    edits: int = 0
    profiles: list[dict] = field(default_factory=list)
    edited: str = ""  # the changed entry's original text

    @property
    def root(self) -> Path:
        return self.base / "project"

    @property
    def plain(self) -> Path:
        return self.base / "plain"

    @property
    def changed(self) -> int:
        """The relic whose title the one-change rebuild edits."""
        return min(7, self.n - 1)

    @property
    def changed_page(self) -> Path:
        return self.root / "relics" / SITE / f"dinh-lang-{self.changed:05d}" / "index.vi.md"


def prepare(n: int, keep: Path | None) -> Bench:
    """Write the project and its plain twin, and issue its codes (no build yet)."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix=f"qrsite-scale-{n}-", dir=keep))
    (base / "project").mkdir()
    t0 = time.perf_counter()
    make_project(base / "project", n)
    made = time.perf_counter() - t0
    make_plain(base / "project", base / "plain")
    print(f"wrote the synthetic project of {n} relics in {made:.1f} s", file=sys.stderr)
    measure(ISSUE_CODES, base / "project")  # codes.yml, as a project has it committed
    bench = Bench(n, base, Trash(base / "trash"))
    bench.edited = bench.changed_page.read_text("utf-8")
    return bench


def measure_round(bench: Bench) -> None:
    """A first build, a cold build, the plain build and a one-entry rebuild, in turn, so
    all see the machine alike."""
    root, build = bench.root, bench.root / "build"
    bench.trash.put(build)  # nothing at all: no photo sizes, facts, signs or output
    bench.firsts.append(measure(BUILD, root))
    bench.trash.put(*cold_leftovers(build), bench.plain / "site")
    bench.colds.append(measure(BUILD, root))  # photo sizes and facts from the first build
    bench.references.append(measure(MKDOCS, bench.plain / "mkdocs.yml"))
    # one entry changed twice: the first rebuild after the cold build has its output to
    # keep files from; the second also the output before it, whose folders it reuses
    bench.first_changes.append(change_one_entry(bench))
    bench.changes.append(change_one_entry(bench))


def cold_leftovers(build: Path) -> list[Path]:
    """What a cold build has none of: output (the site's, and the one before it that a
    rebuild reuses), drawn signs, the entries and the registry read, rendered Markdown,
    MkDocs' kept output and the kept finishing of pages. Photo sizes and facts stay."""
    cache = build / ".cache"
    kept = ("signs", "entries", "registry", "rendered", "mkdocs", "finished")
    return [build / SITE, build / ".spare", *(cache / name for name in kept)]


def change_one_entry(bench: Bench) -> dict:
    """A title no earlier edit gave the relic (so its sign is drawn again), rebuilt."""
    bench.edits += 1
    bench.changed_page.write_text(
        bench.edited.replace(
            f"Đình làng số {bench.changed} ",
            f"Đình làng số {bench.changed} (lần {bench.edits}) ",
            1,
        ),
        encoding="utf-8",
    )
    since = time.time() - 1
    change = measure(BUILD, bench.root)
    change["signs_redrawn"] = signs_drawn_since(bench.root / "build" / ".cache" / "signs", since)
    return change


def profile_round(bench: Bench) -> None:
    """A cold build with its phases timed."""
    build = bench.root / "build"
    bench.trash.put(*cold_leftovers(build))
    bench.profiles.append(measure(PROFILED_BUILD, bench.root))


def finish(bench: Bench, keep: Path | None) -> dict:
    """The figures: medians of the rounds, and the rounds' own."""
    firsts, colds = _seconds(bench.firsts), _seconds(bench.colds)
    plains, changes = _seconds(bench.references), _seconds(bench.changes)
    result = {
        "n": bench.n,
        "pages_signs": bench.colds[0]["out"],
        "first_runs_s": firsts,
        "cold_runs_s": colds,
        "plain_runs_s": plains,
        "one_change_runs_s": changes,
        "first_change_runs_s": _seconds(bench.first_changes),
        "one_change_over_cold_runs": [a / b for a, b in zip(changes, colds, strict=True)],
        "photos_from_nothing_runs_s": [a - b for a, b in zip(firsts, colds, strict=True)],
        "first_over_plain_runs": [a / b for a, b in zip(firsts, plains, strict=True)],
        "cold_over_plain_runs": [a / b for a, b in zip(colds, plains, strict=True)],
        "signs_redrawn_runs": [r["signs_redrawn"] for r in bench.first_changes + bench.changes],
        "cold_cpu_runs_s": [r["cpu_s"] + r["children_cpu_s"] for r in bench.colds],
        "first_rss_runs_mb": [r["rss_kb"] / 1024 for r in bench.firsts],
        "first_worker_rss_runs_mb": [r["worker_rss_kb"] / 1024 for r in bench.firsts],
        "cold_rss_runs_mb": [r["rss_kb"] / 1024 for r in bench.colds],
        "cold_worker_rss_runs_mb": [r["worker_rss_kb"] / 1024 for r in bench.colds],
        "plain_rss_runs_mb": [r["rss_kb"] / 1024 for r in bench.references],
        "profiles": [_phases(r) for r in bench.profiles],
    }
    for name in [k for k in result if k.endswith("_runs_s") or k.endswith("_runs_mb")]:
        result[name.replace("_runs", "")] = statistics.median(result[name])
    if keep is None:
        shutil.rmtree(bench.base)
    return result


def _seconds(runs: list[dict]) -> list[float]:
    return [r["seconds"] for r in runs]


PHASES = (
    ("total", "the whole cold build, all processes"),
    ("main", "  the build process"),
    ("check", "    check (load and validate, codes), with its workers"),
    ("pages", "    pages: model to finished files, in the build process"),
    ("markdown", "      of which Python-Markdown and the sanitizer"),
    ("mkdocs", "      of which MkDocs (stand-ins, witnesses and other pages)"),
    ("photos", "      of which the photos (sizes from the cache), with their workers"),
    ("gzip", "      of which the gzip copies"),
    ("other_pages", "      of which the rest (CSS cut, stamping, search, landings)"),
    ("elsewhere", "    the rest of the build process (imports, swap, sweep)"),
    ("signs", "  the signs, drawn in the forked process and its workers"),
)


def _phases(run: dict) -> dict:
    """CPU seconds per phase of one profiled build, and its counts."""
    out = run["out"]
    spent = {k: own + kids for k, (own, kids) in out["spent"].items()}
    own = {k: v[0] for k, v in out["spent"].items()}
    pages = sum(own.get(k, 0.0) for k in ("site", "landings", "bodies", "finish"))
    parts = ("markdown", "mkdocs", "gzip")
    phases = {
        "total": run["cpu_s"] + run["children_cpu_s"],
        "check": spent.get("check", 0.0),
        "pages": pages + spent.get("photos", 0.0) - own.get("photos", 0.0),
        **{k: own.get(k, 0.0) for k in parts},
        "photos": spent.get("photos", 0.0),
        "signs": spent.get("signs", 0.0),
    }
    phases["other_pages"] = phases["pages"] - sum(phases[k] for k in (*parts, "photos"))
    phases["main"] = phases["total"] - phases["signs"]
    phases["elsewhere"] = phases["main"] - phases["check"] - phases["pages"]
    return {
        "cpu_s": phases,
        "wall_s": run["seconds"],
        "signs_waited_s": out["signs_waited_s"],
        **out["counts"],
    }


def run(sizes: list[int], keep: Path | None, rounds: int, profile: bool) -> list[dict]:
    """Every size prepared first, then measured round by round, each round going through
    every size: the machine's speed drifts over minutes, and each size, and the growth
    from one size to the next, is measured over the same minutes."""
    benches = [prepare(n, keep) for n in sizes]
    for number in range(rounds):
        for bench in benches:
            print(f"round {number + 1}: {bench.n} relics …", file=sys.stderr)
            measure_round(bench)
    if profile:
        for number in range(rounds):
            for bench in benches:
                print(f"profiled build {number + 1}: {bench.n} relics …", file=sys.stderr)
                profile_round(bench)
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


def _runs(values: list[float], digits: int = 1) -> str:
    return "(" + ", ".join(f"{v:.{digits}f}" for v in values) + ")"


def _line(
    label: str, value: float, runs: list[float], unit: str, digits: int = 1, width: int = 44
) -> None:
    print(f"  {label:{width}} {value:8.{digits}f} {unit:2}  {_runs(runs, digits)}")


def report(results: list[dict], rounds: int) -> None:
    for r in results:
        n = r["n"]
        sites = r["pages_signs"][0]
        print(f"\n## {n} bilingual relics ({sites[1]} pages, {sites[2]} signs)")
        print(f"  median of {rounds} rounds, each round's figure in brackets")
        _line("first build (empty build/ folder)", r["first_s"], r["first_runs_s"], "s")
        _line("cold full build (site + signs)", r["cold_s"], r["cold_runs_s"], "s")
        _line("plain mkdocs build, same Markdown", r["plain_s"], r["plain_runs_s"], "s")
        _line(
            "photo sizes from nothing (first - cold)",
            r["photos_from_nothing_s"],
            r["photos_from_nothing_runs_s"],
            "s",
        )
        first_ratio = r["first_s"] / r["plain_s"]
        cold_ratio = r["cold_s"] / r["plain_s"]
        _line(
            "first build / plain mkdocs (target <= 4)",
            first_ratio,
            r["first_over_plain_runs"],
            "x",
            2,
        )
        _line(
            "cold build / plain mkdocs (target <= 1.0)",
            cold_ratio,
            r["cold_over_plain_runs"],
            "x",
            2,
        )
        _line("cold build CPU, all processes", r["cold_cpu_s"], r["cold_cpu_runs_s"], "s")
        _line(
            "rebuild after one entry changed, after cold",
            r["first_change_s"],
            r["first_change_runs_s"],
            "s",
        )
        _line("the same, the edit after it", r["one_change_s"], r["one_change_runs_s"], "s")
        _line(
            "  its share of the cold build",
            r["one_change_s"] / r["cold_s"],
            r["one_change_over_cold_runs"],
            "x",
            2,
        )
        print("    (targets: at most 0.30 at 1,000 relics, 0.15 at 5,000)")
        redrawn = ", ".join(str(k) for k in r["signs_redrawn_runs"])
        print(f"    signs drawn again by each: {redrawn} (target 1 each), all.pdf too")
        print("  peak memory (target < 2048 MB):")
        for label, key in (
            ("first build", "first_rss_mb"),
            ("its largest worker", "first_worker_rss_mb"),
            ("cold build", "cold_rss_mb"),
            ("its largest worker", "cold_worker_rss_mb"),
            ("plain mkdocs", "plain_rss_mb"),
        ):
            _line("  " + label, r[key], r[key.replace("_mb", "_runs_mb")], "MB", 0)
        if r["profiles"]:
            _profile_report(r["profiles"])
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"\n{b['n']} vs {a['n']} relics ({b['n'] / a['n']:.0f}x the entries):")
        for label, key, target in (
            ("cold build", "cold_runs_s", " (target <= 5.5x for 5x)"),
            ("first build", "first_runs_s", ""),
            ("plain mkdocs", "plain_runs_s", ""),
        ):
            growth = statistics.median(b[key]) / statistics.median(a[key])
            each = [y / x for x, y in zip(a[key], b[key], strict=True)]
            print(f"  {label:14} {growth:.2f}x of the medians{target}; each round {_runs(each, 2)}")


def _profile_report(profiles: list[dict]) -> None:
    print(f"  where the cold build's CPU goes (s; median of {len(profiles)} profiled builds):")
    rows = [(label, [p["cpu_s"][key] for p in profiles]) for key, label in PHASES]
    rows += [
        ("wall: the pages done, waiting for the signs", [p["signs_waited_s"] for p in profiles]),
        ("wall: the profiled build", [p["wall_s"] for p in profiles]),
    ]
    for label, values in rows:
        _line("  " + label, statistics.median(values), values, "s", 2, width=72)
    counts = {(p["mkdocs_pages"], p["pages"], p["stamp_fell_back"]) for p in profiles}
    for rendered, pages, fell_back in sorted(counts):  # one line: every build alike
        print(
            f"    MkDocs rendered {rendered} of {pages} pages, the rest stamped"
            + (" (stamping fell back to MkDocs)" if fell_back else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--keep", type=Path, help="keep the projects under this folder")
    parser.add_argument(
        "--rounds",
        "--repeat",
        dest="rounds",
        type=int,
        default=3,
        help="rounds of first, cold, plain and one-change builds (each figure a median)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="then --rounds cold builds with phases timed"
    )
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds: at least 3 (each figure is a median)")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"# qrsite scale benchmark: {cpus} cores (load average {load}), "
        f"Python {sys.version.split()[0]}"
    )
    results = run(args.n, args.keep, args.rounds, args.profile)
    report(results, args.rounds)
    print("\n" + json.dumps(results))


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
