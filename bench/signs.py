"""Benchmark the sign renderer: signs per second, cold and warm, beside plain vector PDFs.

    python bench/signs.py [--n 100 1000] [--jobs 2] [--rounds 3] [--raster]
    python bench/signs.py --profile [--n 1000] [--rounds 3]

For each N synthetic relic plaques (each with its own short code), `--rounds` times:
- cold: empty cache and output; every sign drawn (PDF + PNG preview), all.pdf and
  manifest.csv: what `qrsite build` does for the signs of a site the first time;
- warm: nothing changed, a fresh output folder (as the build-aside swap gives): every
  sign a hard link from the cache;
- plain vector: what a developer would write without qrsite, on the same worker count:
  per sign, reportlab's own QR widget (`reportlab.graphics.barcode.qr`, reportlab's own
  encoder at level Q) drawn on an A4 canvas with the sign's texts (titles, ranking, short
  link, call to action, organization) set in the same Noto Sans, one PDF per sign. It
  lacks what qrsite's sign has: no layout (texts at fixed sizes, not shrunk or wrapped to
  a box, no coloured bands), no bleed, TrimBox/BleedBox or crop marks, no K-only black
  (RGB), no PNG preview, no all.pdf for the print shop, no manifest, no cache;
- payment cold / payment warm: N payment stickers (80 mm square, a VietQR payload each,
  generator/payments/vietqr.py) drawn the same two ways, into a folder of their own as
  `qrsite build` does for a cashless street's shops;
- with `--raster`, also "raster: 300 dpi page": a qrcode PNG (qrcode's own mask choice,
  all eight masks scored in Python) pasted on a white Pillow A4 page of 2480x3508 pixels
  (26 megapixels) and saved as PDF: no text, no vector, no preview.

Each row is the median of the rounds, the rounds' own figures beside it. The rounds go
through cold, warm and the plain ways in turn, so each sees the machine alike. CPU
seconds count this process and its workers, so "CPU ms/sign" says what the work costs
even when other jobs share the machine (see the load average).

With `--profile`, no table: where one cold sign's CPU goes, drawn in one worker process
(no pool) step by step as `render_signs` does: its QR symbol, its layout, its own PDF,
its cache entry and file, its page of all.pdf, its PNG preview (PDFium's render from
all.pdf, the 64-colour palette, the PNG), then for comparison the same render from the
sign's own PDF, and the minor page faults of a preview with and without the workers'
memory setting (parallel.reuse_freed_memory). Milliseconds of CPU per sign, median of
the rounds, each round in a fresh worker.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.payments import vietqr  # noqa: E402
from generator.signs import SignSpec, render_signs  # noqa: E402

BASE = "https://haiduong.example.org/"
SHORT = "HTTPS://HD.EXAMPLE.ORG/Q/"
TITLES = [
    ("Văn miếu Mao Điền", "Mao Dien Temple of Literature"),
    ("Đền Kiếp Bạc", "Kiep Bac Temple"),
    ("Khu di tích Côn Sơn", "Con Son relic site"),
    ("Đình làng Mộ Trạch và giếng cổ", "Mo Trach communal house and its old well"),
]
PAY_COLD, PAY_WARM = "payment cold", "payment warm"
VECTOR = "plain vector"
RASTER = "raster: 300 dpi page"
MODES = {
    "cold": "qrsite, empty cache: every sign drawn, PDF + PNG preview, all.pdf, manifest",
    "warm": "qrsite, nothing changed: every sign a hard link from the cache",
    VECTOR: "reportlab QR widget on an A4 canvas, texts in Noto Sans, one PDF per sign "
    "(no layout, bleed, crop marks, K-only black, preview, all.pdf or manifest)",
    PAY_COLD: "payment stickers (80 mm, VietQR), empty cache: every sticker drawn, PDF + PNG",
    PAY_WARM: "payment stickers, nothing changed: every sticker a hard link from the cache",
    RASTER: "qrcode PNG pasted on a 300 dpi Pillow A4 page (26 MP), saved as PDF (no text, raster)",
}


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


def payment_specs(n: int) -> list[SignSpec]:
    """N shops' stickers, each paying its own (made-up, visibly fake) account."""
    return [
        SignSpec(
            code=f"pho-bench--cua-hang-{i:05d}",
            kind="payment_sticker",
            entry="streets/hoa-thuan-tay/pho-bench",
            title_vi=f"Cửa hàng mẫu số {i}",
            title_en="",
            subtitle_vi="Tuyến phố không dùng tiền mặt",
            url=vietqr.build("970436", f"{i:010d}"),
            organization_vi="Đoàn Thanh niên phường Mẫu",
            payee=f"NGUYEN VAN MAU {i}",
            bank="Vietcombank",
            account_tail=f"{i:04d}"[-4:],
            contact="0236 3 000 000",
        )
        for i in range(n)
    ]


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    fn()
    return time.perf_counter() - wall, cpu_seconds() - cpu


# --- the plain ways --------------------------------------------------------------------

VECTOR_FONTS = {"regular": "BenchNotoSans", "bold": "BenchNotoSans-Bold"}


@cache
def _vector_fonts() -> dict[str, str]:
    """The bundled Noto Sans registered with plain reportlab (no qrsite tuning): the
    Vietnamese letters need a TrueType font, whichever way the PDF is written."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from generator.fonts import FONT_FILES

    for style, name in VECTOR_FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_FILES[style])))
    return VECTOR_FONTS


def _vector_one(task: tuple[SignSpec, Path]) -> None:
    """One sign as a developer would write it with reportlab alone."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    spec, path = task
    font = _vector_fonts()
    width, height = A4
    middle = width / 2
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(f"{spec.code} · {spec.title_vi}")
    for style, size, top_mm, text in (
        ("bold", 40, 40, spec.title_vi),
        ("regular", 22, 66, spec.title_en),
        ("bold", 16, 94, spec.subtitle_vi),
        ("regular", 12, 103, spec.subtitle_en),
    ):
        c.setFont(font[style], size)
        c.drawCentredString(middle, height - top_mm * mm, text)
    side = 124 * mm  # sized by the widget itself: each draw() encodes the data again
    code = Drawing(side, side)
    code.add(QrCodeWidget(spec.url, barLevel="Q", barBorder=4, barWidth=side, barHeight=side))
    renderPDF.draw(code, c, (width - side) / 2, height - 230 * mm)
    for style, size, top_mm, text in (
        ("bold", 17, 237, spec.url.split("://", 1)[-1]),
        ("regular", 16, 250, "Quét mã để xem giới thiệu · Scan to read in English"),
        ("bold", 15, 276, spec.organization_vi),
        ("regular", 12, 287, spec.organization_en),
    ):
        c.setFont(font[style], size)
        c.drawCentredString(middle, height - top_mm * mm, text)
    c.showPage()
    c.save()


def _raster_one(task: tuple[SignSpec, Path]) -> None:
    """The raster way: a qrcode PNG pasted on a 300 dpi A4 page, saved as PDF."""
    import qrcode
    from PIL import Image

    spec, path = task
    code = qrcode.make(spec.url, error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=36)
    page = Image.new("RGB", (2480, 3508), "white")  # A4 at 300 dpi
    page.paste(code.get_image().convert("RGB"), (400, 900))
    page.save(path, "PDF", resolution=300)


def plain_way(one: Callable, items: list[SignSpec], out: Path, jobs: int) -> None:
    """`one` per sign over `jobs` forked workers (fonts registered before the fork, as
    qrsite's own workers get theirs)."""
    out.mkdir(parents=True, exist_ok=True)
    if one is _vector_one:
        _vector_fonts()
    tasks = [(s, out / f"{s.code}.pdf") for s in items]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(one, tasks, chunksize=8)


# --- the table -------------------------------------------------------------------------


def table(args: argparse.Namespace) -> None:
    modes = ["cold", "warm", VECTOR, PAY_COLD, PAY_WARM] + ([RASTER] if args.raster else [])
    runs: dict[tuple[int, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="qrsite-bench-") as tmp:
        root = Path(tmp)  # nothing is deleted before the end: see bench/scale.py's Trash
        for n in args.n:
            items, paying = specs(n), payment_specs(n)
            for r in range(args.rounds):
                cache_dir = root / f"cache-{n}-{r}"  # cold fills it, warm copies from it

                def step(
                    mode: str, items=items, paying=paying, cache_dir=cache_dir, out=f"{n}-{r}"
                ) -> None:
                    if mode in (PAY_COLD, PAY_WARM):
                        render_signs(
                            paying,
                            root / f"{mode.replace(' ', '-')}-{out}",
                            cache_dir.with_name(cache_dir.name + "-payments"),
                            base_url=BASE,
                            jobs=args.jobs,
                        )
                    elif mode in ("cold", "warm"):
                        render_signs(
                            items,
                            root / f"{mode}-{out}",
                            cache_dir,
                            base_url=BASE,
                            allowed_prefixes=(SHORT,),
                            jobs=args.jobs,
                        )
                    else:
                        one = _vector_one if mode == VECTOR else _raster_one
                        plain_way(one, items, root / f"{one.__name__}-{out}", args.jobs)

                for mode in modes:
                    print(f"N={n} round {r + 1}: {mode} …", file=sys.stderr)
                    runs.setdefault((n, mode), []).append(timed(lambda m=mode: step(m)))
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"sign renderer, {args.jobs} jobs on {os.cpu_count()} cores (load average {load}); "
        f"median of {args.rounds} rounds, the rounds in brackets"
    )
    for mode in modes:
        print(f"  {mode + ':':22} {MODES[mode]}")
    head = (
        f"{'N':>6} {'run':<22} {'wall s':>7} {'signs/s':>8} {'CPU s':>7} {'CPU ms/sign':>12}"
        "   wall s of each round; CPU s of each round"
    )
    print(head)
    for n in args.n:
        for mode in modes:
            walls = [w for w, _ in runs[(n, mode)]]
            cpus = [c for _, c in runs[(n, mode)]]
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            print(
                f"{n:>6} {mode:<22} {wall:>7.2f} {n / wall:>8.0f} {cpu:>7.2f} "
                f"{1000 * cpu / n:>12.2f}   ({_list(walls)}; {_list(cpus)})"
            )


def _list(values: list[float], digits: int = 2) -> str:
    return ", ".join(f"{v:.{digits}f}" for v in values)


# --- the profile -----------------------------------------------------------------------

STEPS = (
    ("qr", "its QR symbol (qr.qr_matrix)"),
    ("layout", "its layout (compose, the QR excepted)"),
    ("pdf", "its own PDF (render_pdf.pdf_bytes)"),
    ("files", "its cache entry and its file in the output"),
    ("book", "its page of all.pdf (replayed from the cache, written by reportlab)"),
    ("pdfium", "preview: PDFium renders its page of all.pdf"),
    ("palette", "preview: 64 colours picked, every pixel mapped to them"),
    ("png", "preview: the PNG written (zlib)"),
    ("preview_files", "preview: its cache entry and its file in the output"),
)
COMPARE = (
    ("own_pdfium", "PDFium renders the sign's own PDF instead (opened per sign)"),
    ("faults_worker", "minor page faults per preview, in a worker (freed memory kept)"),
    ("faults_plain", "minor page faults per preview, without that setting"),
)


class _Clock:
    """CPU seconds of this process, added up per step; steps may nest (the inner is
    then taken out of the outer when the figures are made)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def wrap(self, module, name: str, step: str) -> None:
        fn = getattr(module, name)

        def timed_call(*args, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(step, time.process_time() - start)

        setattr(module, name, timed_call)

    def add(self, step: str, seconds: float) -> None:
        self.spent[step] = self.spent.get(step, 0.0) + seconds


def _profile_round(n: int, folder: str) -> dict[str, float]:
    """In a fresh worker: n cold signs drawn the way render_signs draws them, each step
    timed; milliseconds of CPU per sign."""
    from generator.signs import compose, preview, render
    from generator.signs.cache import SignCache, sign_key
    from generator.signs.layout import load_layout
    from generator.signs.render_pdf import About, write_pdf

    render._warm_process()  # as a worker starts: fonts and layouts loaded
    clock = _Clock()
    clock.wrap(compose, "qr_matrix", "qr")
    clock.wrap(render, "compose", "compose")
    clock.wrap(render, "pdf_bytes", "pdf")
    clock.wrap(render, "page_png", "page_png")
    clock.wrap(preview, "_palette_image", "palette")
    clock.wrap(preview, "_png", "png")
    root = Path(folder)
    cache = SignCache(root / "cache")
    out = root / "out"
    for path in (cache.root, out):
        path.mkdir(parents=True)
    items = [s.normalized() for s in specs(n)]
    keys = [sign_key(s, load_layout(s.kind).digest) for s in items]
    datas = []
    for i, (spec, key) in enumerate(zip(items, keys, strict=True)):
        start = time.process_time()
        _, _, data, error = render._work((i, spec, key, cache.root, out))
        clock.add("work", time.process_time() - start)
        if error:
            raise RuntimeError(error)
        datas.append(data)
    book = root / "all.pdf"
    start = time.process_time()
    write_pdf((render._replay(cache, d) for d in datas), str(book), about=About("qrsite signs"))
    clock.add("book", time.process_time() - start)
    start = time.process_time()
    for i, (spec, key, data) in enumerate(zip(items, keys, datas, strict=True)):
        task = (key, str(book), i, tuple(data["trim"]), cache.root, out / f"{spec.code}.png")
        render._preview(task)
    clock.add("preview", time.process_time() - start)
    render._open.close()
    # the same render from each sign's own PDF, for comparison (not part of a build)
    before = dict(clock.spent)
    start = time.process_time()
    for key, data in zip(keys, datas, strict=True):
        doc = render.pdfium.PdfDocument(str(cache.pdf(key)))
        try:
            render.page_png(doc, 0, tuple(data["trim"]))
        finally:
            doc.close()
    own_total = time.process_time() - start
    own_codec = sum(clock.spent[step] - before[step] for step in ("palette", "png"))
    trims = [data["trim"] for data in datas]
    (root / "trims.json").write_text(json.dumps(trims), encoding="utf-8")
    s = before  # the build's steps only
    per_sign = {
        "qr": s["qr"],
        "layout": s["compose"] - s["qr"],
        "pdf": s["pdf"],
        "files": s["work"] - s["compose"] - s["pdf"],
        "book": s["book"],
        "pdfium": s["page_png"] - s["palette"] - s["png"],
        "palette": s["palette"],
        "png": s["png"],
        "preview_files": s["preview"] - s["page_png"],
        "own_pdfium": own_total - own_codec,
    }
    return {step: 1000 * seconds / n for step, seconds in per_sign.items()}


def _preview_faults(folder: str) -> float:
    """Minor page faults per preview, rendered again from a round's all.pdf here."""
    from generator.signs import preview, render

    render._warm_process()
    root = Path(folder)
    trims = json.loads((root / "trims.json").read_text("utf-8"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    doc = render.pdfium.PdfDocument(str(root / "all.pdf"))
    try:
        for i, trim in enumerate(trims):
            preview.page_png(doc, i, tuple(trim))
    finally:
        doc.close()
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / len(trims)


def _in_fresh_process(fn: Callable, *args, worker: bool = True):
    """fn(*args) in a forked process of its own, started as render_signs's workers are
    (or without their memory setting, when not `worker`)."""
    from generator.parallel import start_worker

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1, initializer=start_worker if worker else None) as pool:
        return pool.apply(fn, args)


def profile(args: argparse.Namespace) -> None:
    for n in args.n:
        rounds: list[dict[str, float]] = []
        with tempfile.TemporaryDirectory(prefix="qrsite-bench-profile-") as tmp:
            for r in range(args.rounds):
                print(f"profile N={n} round {r + 1} …", file=sys.stderr)
                folder = Path(tmp) / f"round-{r}"
                figures = _in_fresh_process(_profile_round, n, str(folder))
                figures["faults_worker"] = _in_fresh_process(_preview_faults, str(folder))
                figures["faults_plain"] = _in_fresh_process(
                    _preview_faults, str(folder), worker=False
                )
                rounds.append(figures)
        print(
            f"\nwhere a cold sign's CPU goes: {n} relic plaques drawn in one worker, "
            f"ms of CPU per sign, median of {args.rounds} rounds (the rounds in brackets)"
        )
        total = [sum(f[step] for step, _ in STEPS) for f in rounds]
        for step, label in STEPS:
            values = [f[step] for f in rounds]
            print(f"  {label:70} {statistics.median(values):6.2f}   ({_list(values)})")
        print(f"  {'a cold sign in all':70} {statistics.median(total):6.2f}   ({_list(total)})")
        groups = (
            ("layout and QR", ("qr", "layout")),
            ("its own PDF, cache entry and file", ("pdf", "files")),
            ("its page of all.pdf", ("book",)),
            ("its PNG preview", ("pdfium", "palette", "png", "preview_files")),
        )
        print("  in short:")
        for label, steps in groups:
            values = [sum(f[s] for s in steps) for f in rounds]
            print(f"    {label:68} {statistics.median(values):6.2f}   ({_list(values)})")
        print("  for comparison (not part of a build):")
        for step, label in COMPARE:
            values = [f[step] for f in rounds]
            if step.startswith("faults"):
                figure, each = f"{statistics.median(values):6.0f}   ", _list(values, 0)
            else:
                figure, each = f"{statistics.median(values):6.2f} ms", _list(values)
            print(f"    {label:68} {figure}   ({each})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=None, help="signs (default 100 1000)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each figure (median)")
    parser.add_argument("--raster", action="store_true", help=f"add the '{RASTER}' row")
    parser.add_argument("--profile", action="store_true", help="where a cold sign's CPU goes")
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds: at least 3 (each figure is a median)")
    args.n = args.n or ([1000] if args.profile else [100, 1000])
    if args.profile:
        profile(args)
    else:
        table(args)


if __name__ == "__main__":
    main()
