"""What a reader's first search costs on a slow phone, at 20, 1,000 and 5,000 entries.

    python bench/search.py [--n 20 1000 5000] [--rounds 3]

For each N, a synthetic bilingual project (one site, N relics sharing one small photo)
is written into a temporary folder and built for real (pages, MkDocs, search index; no
signs). Bodies are drawn from the words of the repository's own sample entries, in
each language, with a Zipf-like frequency, so the vocabulary grows as a real one does.
Each query is typed on the search page with an empty cache, in headless Chromium as
a 360x740 phone, the connection slowed to 400 kbit/s and 400 ms round trip and the
CPU x4 (as bench/pageweight.py does), with the offline worker blocked so that every
fetch goes through the slowed connection. Printed per query: the bytes the host sent for
the search (script and index files, gzip as sent) and the time from typing to the
first result, each the median of the rounds, the rounds beside it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from gzip_server import PHONE, SLOW_3G, GzipServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
from scale import SITE, SITE_YML  # noqa: E402  the same synthetic site

# (path, query, what it shows): title words; body words typed without accents; English
QUERIES = (
    ("search/", "Văn miếu", "title, accented (vi)"),
    ("search/", "khac go", "body words, no accents (vi)"),
    ("en/search/", "pagoda festival", "body words (en)"),
)


def vocabulary(lang: str) -> list[str]:
    """The words of the sample entries' bodies in `lang`, most frequent first."""
    counts: dict[str, int] = {}
    for path in sorted(REPO.glob(f"*/*/*/index.{lang}.md")) + sorted(
        REPO.glob(f"content/guides/*/index.{lang}.md")
    ):
        body = path.read_text("utf-8").split("\n---\n", 1)[-1]
        for word in re.findall(r"[^\W\d_]+", body):
            counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def words(rng: random.Random, vocab: list[str], weights: list[float], count: int) -> str:
    return " ".join(rng.choices(vocab, weights, k=count))


def make_project(root: Path, n: int) -> None:
    """N bilingual relics; one in twenty has "Văn miếu" in its title."""
    rng = random.Random(n)
    (root / "sites" / SITE).mkdir(parents=True)
    (root / "sites" / SITE / "site.yml").write_text(SITE_YML, encoding="utf-8")
    (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text("utf-8"), "utf-8")
    cover = root / "cover.jpg"
    Image.new("RGB", (160, 120), (150, 90, 40)).save(cover, "JPEG", quality=80)
    vocab = {lang: vocabulary(lang) for lang in ("vi", "en")}
    weights = {lang: [1 / (r + 3) for r in range(len(v))] for lang, v in vocab.items()}
    for i in range(n):
        folder = root / "relics" / SITE / f"di-tich-{i:05d}"
        folder.mkdir(parents=True)
        os.link(cover, folder / "anh-bia.jpg")
        for lang in ("vi", "en"):
            v, w = vocab[lang], weights[lang]
            title = words(rng, v, w, 3).capitalize()
            if lang == "vi" and i % 20 == 7:
                title = "Văn miếu " + title
            body = "".join(
                f"## {words(rng, v, w, 3).capitalize()}\n\n{words(rng, v, w, 70)}.\n\n"
                for _ in range(4)
            )
            text = (
                f"---\ntitle: {title} {i}\nsummary: {words(rng, v, w, 16).capitalize()}.\n"
                f"address: {words(rng, v, w, 4)}\n"
                + ("cover: anh-bia.jpg\n" if lang == "vi" else "")
                + f"---\n\n{body}"
            )
            (folder / f"index.{lang}.md").write_text(text, encoding="utf-8")


def build(root: Path) -> Path:
    """The site's pages and search index, built for real; no signs."""
    from generator import pipeline
    from generator.site.build import build_site as build_pages
    from generator.site.build import finish_for_phones, page_bodies

    checked = pipeline.check(root, [SITE])
    site = checked.project.sites[SITE]
    out = root / "build" / SITE / "site"
    built = build_pages(checked.project, site, out, root / "build" / "work", root / ".cache")
    finish_for_phones(site, out, page_bodies(out, built.pages), built.pending)
    return out


def first_search(browser, server: GzipServer, path: str, query: str) -> tuple[int, float]:
    """Bytes sent for the search (script and index) and ms from typing to the first
    result (NaN when nothing was found)."""
    # The offline worker would fetch the index outside the page's throttled connection
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    try:
        page.goto(server.url + path, wait_until="load")
        page.wait_for_timeout(1500)  # the page settled, as a reader would start typing
        start = time.perf_counter()
        page.fill("#qs-q", query)
        page.wait_for_function(
            "document.querySelector('#qs-results a')"
            " || document.getElementById('qs-status').textContent",
            timeout=60000,
        )
        ms = (time.perf_counter() - start) * 1000
        if not page.locator("#qs-results a").count():
            ms = float("nan")  # nothing found: no time to a result
        page.wait_for_timeout(500)
        sent = search_bytes(server.log)
    finally:
        context.close()
    return sent, ms


def search_bytes(log) -> int:
    return sum(
        s.body
        for s in log
        if "qs-search" in s.path or "search.json" in s.path or "search-index/" in s.path
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[20, 1000, 5000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds: at least 3 (each figure is a median)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="qrsite-search-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"{'entries':>7}  {'query':32} {'KB':>6} {'ms':>6}  rounds (KB; ms)")
        for n in args.n:
            root = Path(tmp) / str(n)
            make_project(root, n)
            t0 = time.perf_counter()
            site = build(root)
            print(f"built {n} entries in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
            for path, query, what in QUERIES:
                runs = []
                for _ in range(args.rounds):
                    with GzipServer(site) as server:
                        runs.append(first_search(browser, server, path, query))
                kb = [r[0] / 1024 for r in runs]
                ms = [r[1] for r in runs]
                print(
                    f"{n:7}  {query + ' — ' + what:32.32} {statistics.median(kb):6.1f} "
                    f"{statistics.median(ms):6.0f}  ({', '.join(f'{k:.1f}' for k in kb)}; "
                    f"{', '.join(f'{m:.0f}' for m in ms)})",
                    flush=True,
                )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
