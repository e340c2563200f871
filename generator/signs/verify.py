"""verify_signs: read every printed code back from the PDFs and check it opens a built page.

Each `<code>.pdf` is rasterised by PDFium at 200 dpi (a sticker module of 0.8 mm is
then 6 pixels) and decoded by zxing-cpp, a reader independent of the encoder. A sign
passes when every payload it was drawn with (the PDF's Keywords) is decoded, every
decoded URL maps to a file that exists under `site_dir`, and, when that file is a
short-link landing page, every page it leads to (its no-script refresh and its links,
one per language) exists too: a landing alone opens nothing.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pypdfium2 as pdfium
import zxingcpp

from ..i18n import N_
from ..parallel import cpu_count
from .messages import Joined, Message
from .render import BOOKS
from .spec import VerifyLine
from .urls import match_prefix, target_file

DPI = 200


def decode_pdf(pdf: Path, dpi: int = DPI) -> tuple[list[str], list[str]]:
    """(decoded payloads in reading order, payloads the PDF says it carries)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        expected = doc.get_metadata_dict().get("Keywords", "").split()
        found: list[str] = []
        for page in doc:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            found += [c.text for c in codes if c.valid]
    finally:
        doc.close()
    return found, expected


def reading_problems(found, carried, shown=str) -> list[Message]:
    """No code read at all, or codes the PDF carries (`carried`) that were not read;
    `shown` writes a payload into the message (a payment's: masked)."""
    problems = []
    if not found:
        problems.append(Message(N_("no QR code could be read")))
    missing = sorted(set(carried) - set(found))
    if missing:
        problems.append(
            Message(
                N_("codes printed but not readable ({count}): {codes}"),
                count=len(missing),
                codes=", ".join(shown(p) for p in missing),
            )
        )
    return problems


class _Onward(HTMLParser):
    """The URLs a landing page sends a phone on to: its meta refresh and its links."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.urls.append(a["href"])
        elif tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            _delay, _, rest = a.get("content", "").partition(";")
            rest = rest.strip()
            if rest[:4].lower() == "url=":
                self.urls.append(rest[4:].strip())


def landing_targets(landing: str, html: str) -> list[str]:
    """The site files (relative to the site root) that the landing at `landing` (its
    own file, e.g. "Q/93D9Q/index.html") leads to; links to other hosts are left out."""
    parser = _Onward()
    parser.feed(html)
    out = []
    for url in parser.urls:
        parts = urlsplit(urljoin("http://site.invalid/" + landing, url))
        if parts.netloc != "site.invalid":
            continue
        path = unquote(parts.path).lstrip("/")
        out.append(path + "index.html" if not path or path.endswith("/") else path)
    return list(dict.fromkeys(out))


def _onward_problems(url: str, site_dir: Path, rel: str) -> list[str]:
    """What is wrong with where the landing page `rel` sends a phone on to."""
    root = site_dir.resolve()
    html = (site_dir / rel).read_text("utf-8", errors="replace")
    targets = landing_targets(rel, html)
    if not targets:
        return [Message(N_("{url} → {rel} leads to no page"), url=url, rel=rel)]
    problems = []
    for target in targets:
        path = (site_dir / target).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            problems.append(
                Message(
                    N_("{url} → {rel} leads to {target}, which does not exist"),
                    url=url,
                    rel=rel,
                    target=target,
                )
            )
    return problems


def check_sign(
    pdf: Path, site_dir: Path, prefix_dirs: Mapping[str, str], short_prefixes: tuple[str, ...] = ()
) -> VerifyLine:
    """`short_prefixes`: the prefixes whose URLs open landing pages, followed one step on."""
    code = pdf.stem
    try:
        found, expected = decode_pdf(pdf)
    except (pdfium.PdfiumError, OSError) as exc:
        message = Message(N_("{file}: cannot be read ({error})"), file=pdf.name, error=str(exc))
        return VerifyLine(code, False, (), message)
    problems = reading_problems(found, expected)
    root = site_dir.resolve()
    for url in sorted(set(found)):
        rel = target_file(url, prefix_dirs)
        if rel is None:
            problems.append(Message(N_("{url} points outside this site"), url=url))
            continue
        target = (site_dir / rel).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            problems.append(
                Message(N_("{url} → {rel} does not exist in the built site"), url=url, rel=rel)
            )
        elif match_prefix(url, short_prefixes):
            problems += _onward_problems(url, site_dir, rel)
    if problems:
        message = Joined("; ", problems)
    else:
        message = Message(N_("codes read: {count}; every target page exists"), count=len(found))
    return VerifyLine(code, not problems, tuple(found), message)


def _check(args) -> VerifyLine:
    return check_sign(*args)


def verify_signs(
    signs_dir: Path,
    site_dir: Path,
    allowed_prefixes: tuple[str, ...],
    short_base_to_path: Mapping[str, str],
    *,
    jobs: int | None = None,
) -> list[VerifyLine]:
    """One VerifyLine per `<code>.pdf` in `signs_dir` (all.pdf and reprint.pdf excluded),
    sorted by code.

    `allowed_prefixes` (base URLs) map to the site root; `short_base_to_path` maps each
    short base (e.g. "HTTPS://HD.EXAMPLE.ORG/Q/") to its folder in the site (e.g. "Q/");
    a URL under a short base must open a landing page whose every target page exists.
    """
    prefix_dirs = {p: "" for p in allowed_prefixes}
    prefix_dirs.update(short_base_to_path)
    pdfs = sorted(p for p in Path(signs_dir).glob("*.pdf") if p.name not in BOOKS)
    shorts = tuple(short_base_to_path)
    tasks = [(p, Path(site_dir), prefix_dirs, shorts) for p in pdfs]
    jobs = jobs or cpu_count()
    if jobs <= 1 or len(tasks) < 4:
        return [_check(t) for t in tasks]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        return pool.map(_check, tasks, chunksize=max(1, len(tasks) // (jobs * 4)))
