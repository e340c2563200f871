"""render_signs: specs in; per-sign PDF + PNG, all.pdf and manifest.csv out.

Every spec is checked before anything is drawn (all problems reported at once). Each sign
is then copied from the cache or drawn, by a pool of worker processes when there are
many (fonts and layouts are loaded before the fork, so workers read nothing again).
all.pdf is drawn by reportlab from the same drawings, page by page as the workers
finish, in the order given; it is cached under a key made of every sign's key, so an
unchanged run copies it too. The fresh signs' PNG previews are then rendered from the
pages of all.pdf by the same workers (preview.py says why).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium

from ..i18n import N_
from ..parallel import cpu_count, start_worker
from ..payments import vietqr
from ..staging import place
from ..sweep import record
from . import fonts
from .about import about_book, about_sign
from .cache import RENDERER_VERSION, SignCache, sign_key
from .compose import Drawing, SignError, compose, message_of
from .layout import LayoutError, load_layout
from .messages import Message, SignsError, sign_kind
from .preview import page_png
from .render_pdf import pdf_bytes, write_pdf
from .spec import KINDS, PAYMENT_KINDS, RenderedSign, SignSpec
from .urls import outside_problems

MANIFEST_COLUMNS = (
    "code",
    "kind",
    "entry",
    "title_vi",
    "title_en",
    "url",
    "file",
    "paper",
    "placement",
    "subtitle_vi",
    "subtitle_en",
    "version",  # a digest of what the sign shows (SignSpec.version): `qrsite printed` keeps it
)
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
RESERVED = {"all", "manifest", "reprint"}
BOOKS = ("all.pdf", "reprint.pdf")  # every sign, and those to print again: not signs
POOL_MIN = 8  # fewer signs than this to draw: not worth starting workers


def check_specs(specs: Sequence[SignSpec], prefixes: tuple[str, ...]) -> list[Message]:
    """Every problem with `specs`, each naming its sign; empty when all can be drawn."""
    problems, seen = [], set()
    for spec in specs:
        code = spec.code
        if not CODE_RE.match(code) or code.lower() in RESERVED:
            problems.append(
                Message(
                    N_(
                        "sign {code}: a code is 1-64 letters, digits, - or _ "
                        "(and not 'all', 'manifest' or 'reprint')"
                    ),
                    code=repr(code),
                )
            )
        if code.lower() in seen:
            problems.append(
                Message(N_("sign {code}: the code is used twice (codes name files)"), code=code)
            )
        seen.add(code.lower())
        if spec.kind not in KINDS:
            problems.append(
                Message(
                    N_("sign {code}: unknown kind {kind} ({kinds})"),
                    code=code,
                    kind=repr(spec.kind),
                    kinds=", ".join(KINDS),
                )
            )
        if spec.paper and spec.kind in KINDS:
            offered = load_layout(spec.kind).papers
            if spec.paper not in offered:
                problems.append(
                    Message(
                        N_("sign {code}: a {kind} is not made on {paper} (offered: {offered})"),
                        code=code,
                        kind=sign_kind(spec.kind),
                        paper=repr(spec.paper),
                        offered=", ".join(offered),
                    )
                )
        if not spec.urls():
            problems.append(Message(N_("sign {code}: no URL to encode"), code=code))
        if spec.kind in PAYMENT_KINDS:  # a payment code pays; it does not open a page
            problems += payload_problems(code, spec.urls())
        else:
            problems += outside_problems(code, spec.urls(), prefixes)
        if spec.logo and not Path(spec.logo).is_file():
            problems.append(
                Message(N_("sign {code}: logo {logo} not found"), code=code, logo=str(spec.logo))
            )
    return problems


def payload_problems(code: str, payloads: Iterable[str]) -> list[Message]:
    """One message per payload of payment sign `code` that is not a VietQR payload whose
    CRC matches: such a code would not pay, or would pay someone else."""
    problems = []
    for payload in payloads:
        try:
            vietqr.parse(payload)
        except ValueError as exc:
            problems.append(
                Message(
                    N_("sign {code}: {payload} is not a valid VietQR payment code ({problem})"),
                    code=code,
                    payload=repr(payload),
                    problem=str(exc),
                )
            )
    return problems


def _work(task) -> tuple[int, dict | None, dict | None, Message | str | None]:
    """In a worker: draw one sign's PDF into the cache; (index, meta, drawing, error)."""
    index, spec, key, cache_root, out_dir = task
    try:
        drawing = compose(spec, load_layout(spec.kind))
        pdf = pdf_bytes([drawing], about=about_sign(spec), keywords=drawing.payloads)
    except (SignError, LayoutError, OSError) as exc:
        return index, None, None, message_of(exc)
    meta = {
        "qr_version": max(drawing.qr_versions, default=0),
        "warnings": [w.to_json() for w in drawing.warnings],
        "module_mm": min(drawing.module_mm, default=0),
    }
    data = drawing.to_json()
    cache = SignCache(cache_root)
    cache.store(key, pdf, meta, data, drawing.images)
    place(cache.pdf(key), out_dir / f"{spec.code}.pdf")
    return index, meta, data, None


def _preview(task) -> None:
    """In a worker: a drawn sign's preview, from `page` of `source` (a PDF file)."""
    key, source, page, trim, cache_root, png = task
    place(SignCache(cache_root).store_preview(key, page_png(_open.get(source), page, trim)), png)


class _OpenDocument:
    """The PDF a process renders previews from, opened once for all its pages."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.doc: pdfium.PdfDocument | None = None

    def get(self, path: str) -> pdfium.PdfDocument:
        if path != self.path:
            self.close()
            self.path, self.doc = path, pdfium.PdfDocument(path)
        return self.doc

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()
        self.path = self.doc = None


_open = _OpenDocument()


def _start_worker() -> None:
    start_worker()
    _warm_process()


def _warm_process() -> None:
    fonts.register()
    fonts.fingerprint()
    for kind in KINDS:
        load_layout(kind)


@contextmanager
def _workers(jobs: int, count: int) -> Iterator[Callable]:
    """map(fn, tasks) in order: over `jobs` processes, or here when `count` is small."""
    if jobs <= 1 or count < POOL_MIN:
        try:
            yield map
        finally:
            _open.close()
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_start_worker) as pool:
        yield lambda fn, tasks: pool.map(
            fn, tasks, chunksize=max(1, min(16, len(tasks) // (jobs * 4)))
        )


_ONE_AT_A_TIME = threading.Lock()


def _one_at_a_time(fn: Callable) -> Callable:
    """Calls of `fn` in one process take turns (see render_signs)."""

    @functools.wraps(fn)
    def taking_turns(*args, **kwargs):
        with _ONE_AT_A_TIME:
            return fn(*args, **kwargs)

    return taking_turns


@_one_at_a_time
def render_signs(
    specs: Iterable[SignSpec],
    out_dir: Path,
    cache_dir: Path,
    *,
    base_url: str,
    allowed_prefixes: tuple[str, ...] = (),
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    site: str | None = None,
    reprint: Iterable[str] = (),
) -> list[RenderedSign]:
    """Write `<code>.pdf`, `<code>.png`, `all.pdf` and `manifest.csv` into `out_dir`, and
    `reprint.pdf` with the signs whose codes are in `reprint` (those to print again).

    `jobs` worker processes draw the signs that are not cached (default: one per core;
    pass 1 when the caller already runs one process per core). `progress(done, total)`
    is called as signs are finished. Sign files in `out_dir` whose code is no longer
    made are removed: the folder is the renderer's own.

    Raises ValueError naming every sign that cannot be made (a URL outside `base_url`
    and `allowed_prefixes`, a duplicate code, text that cannot fit, a QR too small).

    Two calls in one process (a preview rebuilding in its thread while a build runs)
    take turns: PDFium, which draws the previews, is not thread-safe, and the previews
    share one open document.
    """
    specs = [s.normalized() for s in specs]
    prefixes = tuple(dict.fromkeys((base_url, *allowed_prefixes)))  # each named once
    problems = check_specs(specs, prefixes)
    if problems:
        raise SignsError(problems)
    _warm_process()
    out_dir, cache = Path(out_dir), SignCache(Path(cache_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    cache.root.mkdir(parents=True, exist_ok=True)
    keys = [sign_key(s, load_layout(s.kind).digest) for s in specs]
    book_key = hashlib.sha256(" ".join([RENDERER_VERSION, *keys]).encode()).hexdigest()
    book = cache.book(book_key)
    need_book = not book.exists()
    tasks = [
        (i, spec, key, cache.root, out_dir)
        for i, (spec, key) in enumerate(zip(specs, keys, strict=True))
        if not cache.has(key)
    ]
    jobs = jobs or cpu_count()
    fresh: dict[int, dict] = {}
    trims: dict[int, tuple] = {}
    first_page: dict[int, int] = {}  # sign -> its first page in all.pdf
    errors: list[str] = []

    def drawings(results: Iterator[tuple]) -> Iterator[Drawing]:
        todo = {t[0] for t in tasks}
        pages = 0
        for i, key in enumerate(keys):
            if progress:
                progress(i, len(keys))
            if i in todo:
                index, meta, data, error = next(results)
                if error:
                    errors.append(error)
                    continue
                fresh[index], trims[index] = meta, tuple(data["trim"])
                drawing = _replay(cache, data) if need_book else None
            else:
                drawing = _replay(cache, cache.drawing(key)) if need_book else None
            if drawing is not None:
                first_page[i] = pages
                pages += len(drawing.pages)
                yield drawing

    with _workers(jobs, len(tasks)) as run:
        drawn = drawings(run(_work, tasks))
        if need_book:
            tmp = book.with_suffix(f".{os.getpid()}.tmp")
            write_pdf(drawn, str(tmp), about=about_book(specs))
            if errors:
                tmp.unlink(missing_ok=True)
            else:
                os.replace(tmp, book)
        else:
            for _ in drawn:
                pass
        if errors:
            raise SignsError(errors)
        # fresh signs' previews from the book (a sign's own PDF when the book was cached)
        previews = [
            (
                keys[i],
                str(book if need_book else cache.pdf(keys[i])),
                first_page[i] if need_book else 0,
                trims[i],
                cache.root,
                out_dir / f"{specs[i].code}.png",
            )
            for i in sorted(fresh)
        ]
        for _ in run(_preview, previews):
            pass
    if progress:
        progress(len(keys), len(keys))
    place(book, out_dir / "all.pdf")
    rendered = []
    for i, (spec, key) in enumerate(zip(specs, keys, strict=True)):
        pdf, png = out_dir / f"{spec.code}.pdf", out_dir / f"{spec.code}.png"
        meta = fresh.get(i)
        if meta is None:  # a sign drawn now was placed by the worker that drew it
            cache.copy_out(key, pdf, png)
            meta = cache.meta(key)
        rendered.append(
            RenderedSign(
                code=spec.code,
                kind=spec.kind,
                pdf=pdf,
                png=png,
                key=key,
                cached=i not in fresh,
                qr_version=meta["qr_version"],
                warnings=tuple(Message.from_json(w) for w in meta["warnings"]),
            )
        )
    _write_manifest(out_dir / "manifest.csv", specs)
    _write_reprint(out_dir / "reprint.pdf", book, cache, specs, keys, set(reprint))
    _remove_stale(out_dir, {s.code for s in specs})
    if site is not None:  # the cache keeps what some site uses (sweep.py)
        record(cache.root, site, [book, *(f for key in keys for f in cache.files(key))])
    return rendered


def _replay(cache: SignCache, data: dict) -> Drawing:
    """A drawing from its JSON, with its pictures from the cache's store."""
    drawing = Drawing.from_json(data)
    drawing.images = cache.images(drawing.image_digests())
    return drawing


def _write_reprint(path: Path, book: Path, cache: SignCache, specs, keys, codes: set[str]):
    """The signs to print again, in one print-ready file like all.pdf (their drawings
    replayed from the cache: every one of them was drawn or found there just now). When
    that is every sign, it is all.pdf itself, linked from the cache: no second drawing."""
    chosen = [(spec, key) for spec, key in zip(specs, keys, strict=True) if spec.code in codes]
    if not chosen:
        path.unlink(missing_ok=True)
        return
    if len(chosen) == len(specs):
        place(book, path)
        return
    drawings = (_replay(cache, cache.drawing(key)) for _, key in chosen)
    write_pdf(drawings, str(path), about=about_book([spec for spec, _ in chosen]))


def _write_manifest(path: Path, specs: Sequence[SignSpec]) -> None:
    """The print shop's list, made for spreadsheets: a byte-order mark, so Excel reads
    the Vietnamese letters as UTF-8, and no author text that a spreadsheet would run."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(MANIFEST_COLUMNS)
        for s in specs:
            paper = s.paper or load_layout(s.kind).paper
            writer.writerow(
                [
                    s.code,
                    s.kind,
                    _inert(s.entry),
                    _inert(s.title_vi),
                    _inert(s.title_en),
                    s.url,
                    f"{s.code}.pdf",
                    paper,
                    _inert(s.placement),
                    _inert(s.subtitle_vi),
                    _inert(s.subtitle_en),
                    s.version(),
                ]
            )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a quote."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def read_manifest(path: Path) -> list[dict[str, str]]:
    """The rows of a manifest.csv by column name, each cell as it was before `_inert`."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: _uninert(v or "") for k, v in row.items() if k} for row in csv.DictReader(f)]


def _uninert(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def _remove_stale(out_dir: Path, codes: set[str]) -> None:
    """The signs folder is the renderer's own: drop sign files of codes no longer made."""
    for path in out_dir.iterdir():
        if path.suffix in (".pdf", ".png") and path.name not in BOOKS and path.stem not in codes:
            path.unlink()
