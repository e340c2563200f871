"""Benchmark an author's loop: an edit seen in the live preview, and a build after it.

    python bench/preview.py [--relics 1000] [--rounds 3] [--keep DIR]

The synthetic project of bench/scale.py (one site, N bilingual relics, each with its own
1600x1200 camera-like photo, the short codes already issued as in a committed codes.yml)
is written into a temp folder, and each round measures, one after the other:

- the preview, in this process as `qrsite serve` runs it (generator.serve.Preview on a
  free port, polling the content every 0.2 s, as `qrsite serve` does every 0.5 s):
  - first answer: from `start()` to the first HTTP answer of any kind to `/` (the server
    answers a 503 "being built" page until the first build is done);
  - first build: until `start()` returns. The preview builds into a fresh temp folder of
    its own, with the project's build/.cache (photo sizes, rendered Markdown, drawn
    signs) as `qrsite build` left it; it is what an author waits for after `qrsite serve`;
  - edit latency, twice: one relic's title changed in its index.vi.md (a title no
    earlier edit gave it), then its page fetched over HTTP every 20 ms until the new
    title shows: the time from the write to the page, polling of both sides included
    (the preview's 0.2 s interval and its 0.2 s wait for the editor to finish writing).
    The preview shows an edited entry's own pages first, made on their own, and builds
    the site after them (generator/edited_first.py): of the second edit, also the time
    until the list of relics shows the new title (the whole site built again), how much
    passed before that rebuild began, and the whole rebuild, which ends after the list
    shows (the previous output is put aside once the new one is in its place). The
    first edit's rebuild has the first build's output to keep files from; the second's
    also reuses the folders of the output before it (an author's usual case: edits
    follow edits);
- `qrsite build`, each in a fresh process (imports included), in the project's folder:
  - cold build: no site or sign output (nor the spare output a rebuild reuses), no sign
    cache, rendered Markdown or MkDocs output, but the photo sizes and facts in build/.cache
    (as bench/scale.py's cold build; one first build before the rounds fills that
    cache, and is reported once);
  - one entry changed, twice as in the preview: the same relic's title edited again and
    the site rebuilt; of the second, the number of signs drawn again (the rest from the
    sign cache) and its share of the cold build (the issue's target: at most 30 % at
    1,000 relics, 15 % at 5,000).

Why: an author edits one page at a time, and what they wait for is the page in the
preview and then the build of the site to publish; both should cost a small part of a
full build, and neither should grow much with the number of entries.

Each figure is the median of the rounds, each round's figure beside it. The preview and
the builds run in turn within each round, so both see the machine's drifting speed alike.
Outputs of earlier builds are moved aside and deleted at the end (scale.Trash explains).
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
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale import (  # noqa: E402
    ISSUE_CODES,
    SITE,
    Trash,
    _line,
    cold_leftovers,
    make_project,
    measure,
)

from generator.serve import Preview  # noqa: E402

EPOCH = "1700000000"
POLL = 0.02  # seconds between two fetches of the edited page
PREVIEW_INTERVAL = 0.2  # the preview's own polling of the content
TIMEOUT = 1800.0  # seconds before a wait is a failure


@dataclass
class Bench:
    n: int
    base: Path
    trash: Trash
    original: str = ""  # the edited relic's index.vi.md as written
    edits: int = 0
    first_answers: list[float] = field(default_factory=list)
    first_statuses: list[int] = field(default_factory=list)
    preview_firsts: list[float] = field(default_factory=list)
    first_latencies: list[float] = field(default_factory=list)  # the preview's first edit
    latencies: list[float] = field(default_factory=list)  # the edit after it
    list_latencies: list[float] = field(default_factory=list)  # its list of relics
    waits: list[float] = field(default_factory=list)  # from the write to the rebuild's start
    rebuilds: list[float] = field(default_factory=list)
    first_build: float = 0.0
    colds: list[float] = field(default_factory=list)
    first_changes: list[float] = field(default_factory=list)  # the first edit after cold
    changes: list[float] = field(default_factory=list)  # the edit after it
    redrawn: list[int] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.base / "project"

    @property
    def slug(self) -> str:
        return f"dinh-lang-{self.number:05d}"

    @property
    def number(self) -> int:
        return min(7, self.n - 1)

    @property
    def page(self) -> Path:
        return self.root / "relics" / SITE / self.slug / "index.vi.md"

    def edit(self, what: str) -> str:
        """Give the relic a title no earlier edit gave it; the text that shows it."""
        self.edits += 1
        marker = f"{what} {self.edits} {os.getpid()}"
        head = f"Đình làng số {self.number} "
        self.page.write_text(self.original.replace(head, f"{head}({marker}) ", 1), "utf-8")
        return marker


def qrsite_build(root: Path) -> float:
    """Wall seconds of `qrsite build` in a fresh process."""
    script = Path(sys.executable).parent / "qrsite"
    command = [str(script)] if script.exists() else [shutil.which("qrsite") or "qrsite"]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "build"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "1", "SOURCE_DATE_EPOCH": EPOCH},
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"qrsite build failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return seconds


def sign_entries(cache: Path) -> dict[Path, int]:
    """The sign cache's entries and when each was written; all.pdf (the print shop's
    book) is not a sign."""
    return {p: p.stat().st_mtime_ns for p in cache.rglob("*.pdf") if not p.name.startswith("all-")}


def fetch(url: str) -> tuple[int, str]:
    """(status, body) of one GET; an HTTP error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def prepare(n: int, keep: Path | None) -> Bench:
    """The project with its codes issued, and one first build to fill build/.cache."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix=f"qrsite-preview-bench-{n}-", dir=keep))
    bench = Bench(n, base, Trash(base / "trash"))
    bench.root.mkdir()
    start = time.perf_counter()
    make_project(bench.root, n)
    print(f"wrote {n} relics in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    measure(ISSUE_CODES, bench.root)  # codes.yml, as a project has it committed
    bench.original = bench.page.read_text("utf-8")
    print("first qrsite build (photo sizes from nothing) …", file=sys.stderr)
    bench.first_build = qrsite_build(bench.root)
    return bench


def preview_round(bench: Bench) -> None:
    """A fresh preview: its first answer, its first build, then one edit seen."""
    lines: list[str] = []
    preview = Preview(bench.root, SITE, port=0, echo=lines.append, lang="vi")
    rebuilt: list[tuple[float, float]] = []  # (start, seconds) of each rebuild
    build = preview.rebuild

    def timed_rebuild(*args, **kwargs) -> bool:
        start = time.perf_counter()
        try:
            return build(*args, **kwargs)
        finally:
            rebuilt.append((start, time.perf_counter() - start))

    preview.rebuild = timed_rebuild  # the instance's, as poll_once calls it
    answered: list[tuple[float, int]] = []

    def first_answer(start: float) -> None:
        while preview.server is None:
            if time.perf_counter() - start > TIMEOUT:
                return
            time.sleep(0.001)
        while True:
            try:
                status, _ = fetch(preview.url)
            except OSError:
                time.sleep(0.001)
                continue
            answered.append((time.perf_counter() - start, status))
            return

    stop = threading.Event()
    loop = None
    try:
        start = time.perf_counter()
        asker = threading.Thread(target=first_answer, args=(start,), daemon=True)
        asker.start()
        preview.start()
        bench.preview_firsts.append(time.perf_counter() - start)
        asker.join(TIMEOUT)
        if not answered:
            sys.exit("the preview never answered")
        bench.first_answers.append(answered[0][0])
        bench.first_statuses.append(answered[0][1])
        if preview.problems:
            sys.exit("the preview's first build has problems:\n" + "\n".join(lines))

        url = preview.url + f"relics/{bench.slug}/"
        status, body = fetch(url)
        if status != 200 or f"Đình làng số {bench.number}" not in body:
            sys.exit(f"the preview does not serve {url} ({status})")
        loop = threading.Thread(target=preview.run, args=(stop, PREVIEW_INTERVAL), daemon=True)
        loop.start()
        first = edit_seen(bench, url, rebuilt, lines)
        bench.first_latencies.append(first[0])
        latency, listed, wait, seconds = edit_seen(bench, url, rebuilt, lines)
        bench.latencies.append(latency)
        bench.list_latencies.append(listed)
        bench.waits.append(wait)
        bench.rebuilds.append(seconds)
    finally:
        stop.set()
        if loop is not None:
            loop.join()
        preview.close()


def edit_seen(
    bench: Bench, url: str, rebuilt: list[tuple[float, float]], lines: list[str]
) -> tuple[float, float, float, float]:
    """One edit in the running preview: seconds from the write to the page showing it,
    to the list of relics showing it (the whole site built again), from the write to
    the rebuild's start, and of the whole rebuild."""
    # the loop has looked once; the edit falls anywhere in its interval, as an author's
    time.sleep(PREVIEW_INTERVAL * (1.5 + random.Random(bench.edits).random()))
    before = len(rebuilt)
    marker = bench.edit("xem trước")
    written = time.perf_counter()
    latency = shown(url, marker, written, lines)
    listed = shown(url.rsplit("/", 2)[0] + "/", marker, written, lines)
    while len(rebuilt) == before:  # it ends after the list: the old output is put aside
        time.sleep(0.001)
    began, seconds = rebuilt[before]
    return latency, listed, began - written, seconds


def shown(url: str, marker: str, since: float, lines: list[str]) -> float:
    """Seconds from `since` until the page at `url` shows `marker`, asked every POLL."""
    while True:
        try:
            status, body = fetch(url)
        except OSError:  # between two builds' swap
            status, body = 0, ""
        if status == 200 and marker in body:
            return time.perf_counter() - since
        if time.perf_counter() - since > TIMEOUT:
            sys.exit(f"the edit never showed in {url}:\n" + "\n".join(lines[-20:]))
        time.sleep(POLL)


def build_round(bench: Bench) -> None:
    """A cold `qrsite build`, then one entry changed and built again."""
    build = bench.root / "build"
    bench.trash.put(*cold_leftovers(build))
    bench.colds.append(qrsite_build(bench.root))
    bench.edit("bản in")
    bench.first_changes.append(qrsite_build(bench.root))
    bench.edit("bản in")
    before = sign_entries(build / ".cache" / "signs")
    bench.changes.append(qrsite_build(bench.root))
    after = sign_entries(build / ".cache" / "signs")
    bench.redrawn.append(sum(1 for path, made in after.items() if before.get(path) != made))


def finish(bench: Bench, keep: Path | None) -> dict:
    ratios = [c / b for c, b in zip(bench.changes, bench.colds, strict=True)]
    result = {
        "n": bench.n,
        "preview_first_answer_runs_s": bench.first_answers,
        "preview_first_answer_statuses": bench.first_statuses,
        "preview_first_build_runs_s": bench.preview_firsts,
        "preview_first_edit_latency_runs_s": bench.first_latencies,
        "preview_edit_latency_runs_s": bench.latencies,
        "preview_list_latency_runs_s": bench.list_latencies,
        "preview_wait_runs_s": bench.waits,
        "preview_rebuild_runs_s": bench.rebuilds,
        "first_build_s": bench.first_build,
        "cold_build_runs_s": bench.colds,
        "first_change_build_runs_s": bench.first_changes,
        "one_change_build_runs_s": bench.changes,
        "one_change_over_cold_runs": ratios,
        "signs_redrawn_runs": bench.redrawn,
    }
    for name in [k for k in result if k.endswith("_runs_s")]:
        result[name.replace("_runs", "")] = statistics.median(result[name])
    # the ratio of the medians, as bench/scale.py gives its ratios
    result["one_change_over_cold"] = result["one_change_build_s"] / result["cold_build_s"]
    if keep is None:
        shutil.rmtree(bench.base)
    return result


def report(r: dict, rounds: int) -> None:
    n = r["n"]
    target = "30 %" if n <= 1000 else "15 %"
    print(f"\n## {n} bilingual relics: median of {rounds} rounds, each round's in brackets")
    print("  the preview (in process, a fresh one each round):")
    statuses = ", ".join(str(s) for s in r["preview_first_answer_statuses"])
    _line(
        f"  first HTTP answer (status {statuses})",
        r["preview_first_answer_s"],
        r["preview_first_answer_runs_s"],
        "s",
        3,
    )
    _line(
        "  first build (build/.cache shared with qrsite build)",
        r["preview_first_build_s"],
        r["preview_first_build_runs_s"],
        "s",
    )
    _line(
        "  first edit, write to page shown",
        r["preview_first_edit_latency_s"],
        r["preview_first_edit_latency_runs_s"],
        "s",
        2,
    )
    _line(
        "  the edit after it (target <= 1 s at 1,000)",
        r["preview_edit_latency_s"],
        r["preview_edit_latency_runs_s"],
        "s",
        2,
    )
    _line(
        "  its list of relics (the site built again)",
        r["preview_list_latency_s"],
        r["preview_list_latency_runs_s"],
        "s",
        2,
    )
    _line(
        "    of which waiting for the rebuild to begin",
        r["preview_wait_s"],
        r["preview_wait_runs_s"],
        "s",
        2,
    )
    _line(
        "  its rebuild, old output put aside included",
        r["preview_rebuild_s"],
        r["preview_rebuild_runs_s"],
        "s",
        2,
    )
    print("  qrsite build (a fresh process each):")
    label = "  first build, photo sizes from nothing (once)"
    print(f"  {label:44} {r['first_build_s']:8.1f} s")
    _line("  cold build (photo sizes cached)", r["cold_build_s"], r["cold_build_runs_s"], "s")
    _line(
        "  one entry changed, after the cold build",
        r["first_change_build_s"],
        r["first_change_build_runs_s"],
        "s",
    )
    _line(
        "  one entry changed again",
        r["one_change_build_s"],
        r["one_change_build_runs_s"],
        "s",
    )
    _line(
        f"  one entry / cold (target <= {target})",
        100 * r["one_change_over_cold"],
        [100 * x for x in r["one_change_over_cold_runs"]],
        "%",
        0,
    )
    redrawn = ", ".join(str(k) for k in r["signs_redrawn_runs"])
    print(f"    signs drawn again by it: {redrawn}, all.pdf too")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relics", type=int, default=1000, help="relics in the project")
    parser.add_argument("--keep", type=Path, help="keep the project under this folder")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of preview start and edit, cold and one-entry builds (figures: medians)",
    )
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds: at least 3 (each figure is a median)")
    if args.relics < 1:
        parser.error("--relics: at least 1")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH  # the preview builds in this process
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"# qrsite preview and one-entry build benchmark: {os.cpu_count()} CPUs "
        f"(load average {load}), N = {args.relics} relics, Python {sys.version.split()[0]}"
    )
    bench = prepare(args.relics, args.keep)
    try:
        for number in range(args.rounds):
            print(f"round {number + 1}: the preview …", file=sys.stderr)
            preview_round(bench)
            print(f"round {number + 1}: qrsite build …", file=sys.stderr)
            build_round(bench)
    except BaseException:
        if args.keep is None:
            shutil.rmtree(bench.base, ignore_errors=True)
        raise
    result = finish(bench, args.keep)
    report(result, args.rounds)
    print("\n" + json.dumps(result))


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
