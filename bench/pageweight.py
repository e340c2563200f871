"""What a first visit from a QR scan costs: qrsite's pages next to plain Material's.

Builds the repository's sample sites (in a temporary copy), and the same Markdown once
more with plain Material (theme defaults, search plugin, nav cut to sections). Both are
served on 127.0.0.1 like a real static host with gzip (tests/gzip_server.py sends each
file's .gz copy; the plain build's copies are made here with qrsite's own compressor,
libdeflate level 6, standing in for a host that compresses on the fly) and opened in
headless Chromium as a 360×740 phone at DPR 2 with an empty cache, the connection
slowed to 400 kbit/s and 400 ms round trip and the CPU ×4 through the DevTools protocol.
A hai-duong relic page is measured once more with three photos in its text. Each page
is opened `--rounds` times (at least 3). Prints, per page kind, each the
median of the rounds: bytes per resource type as sent by the host, requests (everything
fetched until 1.5 s after the load event), requests to other hosts, and first contentful
paint (each round's beside it); then the other hosts asked, qrsite's offline worker
(sw.js) as sent, and any page whose bytes or requests were not the same in every round.

    python bench/pageweight.py [--rounds 3] [--site hai-duong]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from fixture_project import copy_samples  # noqa: E402
from gzip_server import GzipServer, Visit, first_visit  # noqa: E402

from generator import links, pipeline  # noqa: E402
from generator.site.build import BODY, build_site  # noqa: E402
from generator.site.mkdocs_run import run_mkdocs  # noqa: E402
from generator.site.precompress import write_gzip  # noqa: E402
from generator.site.stamp import source_name  # noqa: E402

CHROMIUM = os.environ.get("QRSITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
KINDS = ("relics", "streets", "guides", "")
# The physical floor on this machine: one round trip and a one-line page, same throttling.
FLOOR_PAGE = "<!doctype html><meta name=viewport content='width=device-width'><h1>Floor</h1>"
BUDGET = {"text": 20 * 1024, "image": 60 * 1024, "requests": 4, "fcp": 1000}


def build_plain(root: Path, out: Path, slug: str) -> Path:
    """The same pages built by plain Material: defaults, nav cut to sections. The staged
    Markdown holds a marker where each body goes; plain Material gets the body itself."""
    checked = pipeline.check(root, [slug])
    site = checked.project.sites[slug]
    ours, work = out / "ours", out / "work"
    built = build_site(checked.project, site, ours, work, out / ".cache", stamp_entries=False)
    plain = out / "site"
    for lang in site.languages:
        docs = work / lang / "docs"
        for page in built.pages[lang]:
            source = docs / source_name(page)
            text = source.read_text(encoding="utf-8")
            source.write_text(text.replace(BODY, page.html, 1), encoding="utf-8")
        staged = yaml.safe_load((work / lang / "mkdocs.yml").read_text(encoding="utf-8"))
        config = {
            "site_name": staged["site_name"],
            "site_url": staged["site_url"],
            "docs_dir": staged["docs_dir"],
            "site_dir": str(plain / links.lang_prefix(lang)),
            "nav": staged["nav"],
            "theme": {"name": "material", "language": lang},
            "markdown_extensions": staged.get("markdown_extensions", []),
            "use_directory_urls": True,
        }
        path = work / lang / "plain.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        run_mkdocs(path, strict=False)
    if (ours / "media").is_dir():
        shutil.copytree(ours / "media", plain / "media", dirs_exist_ok=True)
    write_gzip(plain)  # a host's gzip: the test server sends only the copies it finds
    return plain


# A relic page with three photos in its text (the sample's other covers, copied beside it).
PHOTOS_SITE = "hai-duong"
PHOTOS_PAGE = "relics/chua-con-son/"
PHOTOS_FROM = ("den-kiep-bac", "van-mieu-mao-dien", "den-dinh-suot")


def with_photos_in_text(folder: Path) -> Path:
    """A copy of the samples whose PHOTOS_PAGE relic shows three photos in its text."""
    root = copy_samples(folder)
    relic = root / "relics" / PHOTOS_SITE / PHOTOS_PAGE.split("/")[1]
    lines = []
    for number, other in enumerate(PHOTOS_FROM, 1):
        shutil.copyfile(
            root / "relics" / PHOTOS_SITE / other / "cover.jpg", relic / f"anh-{number}.jpg"
        )
        lines.append(f"![Ảnh {number}](anh-{number}.jpg)")
    vi = relic / "index.vi.md"
    vi.write_text(vi.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(lines) + "\n", "utf-8")
    pipeline.build(root, [PHOTOS_SITE])
    return root


def pages_of(site: Path) -> list[str]:
    found = []
    for kind in KINDS:
        if not kind:
            found.append("")
            continue
        entries = sorted(p.parent for p in (site / kind).glob("*/index.html"))
        if entries:
            found.append(entries[0].relative_to(site).as_posix() + "/")
    return found


def bytes_by_type(visit: Visit) -> dict[str, int]:
    kinds = {"html": 0, "css": 0, "js": 0, "json": 0, "img": 0, "other": 0}
    for sent in visit.sent:
        ct = sent.content_type
        key = next(
            (k for k, m in (("html", "html"), ("css", "css"), ("js", "javascript"),
                            ("json", "json"), ("img", "image/")) if m in ct),
            "other",
        )  # fmt: skip
        kinds[key] += sent.body
    return kinds


FIGURES = ("html", "css", "js", "json", "img", "text", "requests", "third")


def measure(browser, site: Path, path: str, rounds: int) -> dict:
    """The page opened `rounds` times; each figure the median of the rounds."""
    with GzipServer(site) as server:
        visits = [first_visit(browser, server, path, throttle=True) for _ in range(rounds)]
        own = server.url
    runs = []
    for visit in visits:
        run = bytes_by_type(visit)
        run["text"] = visit.text_bytes
        run["requests"] = visit.requests
        run["third"] = len(visit.third_party(own))
        runs.append(run)
    row = {key: statistics.median(run[key] for run in runs) for key in FIGURES}
    row["varied"] = [key for key in FIGURES if len({run[key] for run in runs}) > 1]
    fetched = [any("search" in s.path and ".json" in s.path for s in v.sent) for v in visits]
    row["index"] = 2 * sum(fetched) > len(fetched)  # in most rounds
    if len(set(fetched)) > 1:
        row["varied"].append("search index")
    row["hosts"] = sorted({urlsplit(u).netloc for v in visits for u in v.third_party(own)})
    worker = [
        sum(s.body for s in v.sent if urlsplit(s.path).path.endswith("/sw.js")) for v in visits
    ]
    row["sw"] = statistics.median(worker) if any(worker) else None
    row["fcp_runs"] = [None if v.fcp is None else round(v.fcp) for v in visits]
    fcps = [f for f in row["fcp_runs"] if f is not None]
    row["fcp"] = round(statistics.median(fcps)) if fcps else None
    return row


def kb(n: int) -> str:
    return f"{n / 1024:6.1f}"


def print_rows(rows: list[tuple[str, str, str, dict]]) -> None:
    head = (
        f"{'site':16} {'page':34} {'build':8} {'html':>6} {'css':>6} {'js':>6} {'json':>6} "
        f"{'text':>6} {'img':>6} {'req':>4} {'3rd':>4} {'idx':>4} {'FCP ms':>7}  budget  "
        "FCP ms of each round"
    )
    print(head)
    print("-" * len(head))
    for site, page, build, r in rows:
        ok = (
            r["text"] <= BUDGET["text"]
            and r["img"] <= BUDGET["image"]
            and r["requests"] <= BUDGET["requests"]
            and r["third"] == 0
            and not r["index"]
            and r["fcp"] is not None
            and r["fcp"] <= BUDGET["fcp"]
        )
        print(
            f"{site:16} {page or '(home)':34} {build:8} {kb(r['html'])} {kb(r['css'])} "
            f"{kb(r['js'])} {kb(r['json'])} {kb(r['text'])} {kb(r['img'])} "
            f"{r['requests']:4g} {r['third']:4g} {'yes' if r['index'] else 'no':>4} "
            f"{r['fcp'] or '-':>7}  {'within' if ok else 'OVER':6}  "
            f"({', '.join('-' if f is None else str(f) for f in r['fcp_runs'])})"
        )
    print(
        "\nEach figure the median of the rounds. KB = 1024 bytes as sent by the host (gzip); "
        "text = html+css+js+json; 3rd = requests to other hosts (not answered here: no "
        "network); idx = a search index fetched;\n(floor) = a one-line page under the same "
        "throttling: what this machine cannot beat."
    )
    for build in sorted({b for _, _, b, _ in rows}):
        hosts = sorted({h for _, _, b, r in rows if b == build for h in r["hosts"]})
        if hosts:
            print(f"other hosts asked by {build}: {', '.join(hosts)}")
    ours = [r for _, _, b, r in rows if b == "qrsite"]
    workers = [r["sw"] for r in ours if r["sw"] is not None]
    if workers:
        low, high = kb(min(workers)).strip(), kb(max(workers)).strip()
        span = low if low == high else f"{low}-{high}"
        print(
            f"qrsite's offline worker (sw.js) as sent: {span} KB, fetched by "
            f"{len(workers)} of {len(ours)} qrsite pages (counted in their text KB)"
        )
    for site, page, build, r in rows:
        if r["varied"]:
            print(
                f"not the same in every round (median shown): {site} {page or '(home)'} "
                f"{build}: {', '.join(r['varied'])}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rounds",
        "--runs",
        dest="rounds",
        type=int,
        default=3,
        help="throttled loads per page (each figure a median; at least 3)",
    )
    parser.add_argument("--site", action="append", help="only these sample sites")
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds: at least 3 (each figure is a median)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="qrsite-pageweight-") as tmp:
        root = copy_samples(Path(tmp) / "project")
        sites = args.site or sorted(p.name for p in (root / "sites").iterdir() if p.is_dir())
        print(f"building {', '.join(sites)} …", file=sys.stderr)
        pipeline.build(root, sites)
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            floor = Path(tmp) / "floor"
            floor.mkdir()
            (floor / "index.html").write_text(FLOOR_PAGE, encoding="utf-8")
            rows.append(("(floor)", "", "1 line", measure(browser, floor, "", args.rounds)))
            if PHOTOS_SITE in sites:
                variant = with_photos_in_text(Path(tmp) / "photos")
                print(f"measuring {PHOTOS_SITE} {PHOTOS_PAGE} with 3 photos …", file=sys.stderr)
                site = variant / "build" / PHOTOS_SITE / "site"
                rows.append(
                    (
                        PHOTOS_SITE,
                        PHOTOS_PAGE,
                        "+3 photos",
                        measure(browser, site, PHOTOS_PAGE, args.rounds),
                    )
                )
            for slug in sites:
                ours = root / "build" / slug / "site"
                plain = build_plain(root, Path(tmp) / "plain" / slug, slug)
                for page in pages_of(ours):
                    print(f"measuring {slug} {page or '(home)'} …", file=sys.stderr)
                    rows.append((slug, page, "qrsite", measure(browser, ours, page, args.rounds)))
                    rows.append(
                        (slug, page, "material", measure(browser, plain, page, args.rounds))
                    )
            browser.close()
    print_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
