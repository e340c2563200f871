"""verify_signs: read every printed code back from the PDFs and check it opens a built page.

Each `<code>.pdf` is rasterised by PDFium at 200 dpi (a sticker module of 0.8 mm is
then 6 pixels) and decoded by zxing-cpp, a reader independent of the encoder. A sign
passes when every payload it was drawn with (the PDF's Keywords) is decoded, and every
decoded URL maps to a file that exists under `site_dir`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp

from .spec import VerifyLine
from .urls import target_file

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


def check_sign(pdf: Path, site_dir: Path, prefix_dirs: Mapping[str, str]) -> VerifyLine:
    code = pdf.stem
    try:
        found, expected = decode_pdf(pdf)
    except (pdfium.PdfiumError, OSError) as exc:
        return VerifyLine(code, False, (), f"{pdf.name}: cannot be read ({exc})")
    problems = []
    if not found:
        problems.append("no QR code could be read")
    missing = sorted(set(expected) - set(found))
    if missing:
        problems.append(f"{len(missing)} code(s) printed but not readable: {', '.join(missing)}")
    root = site_dir.resolve()
    for url in sorted(set(found)):
        rel = target_file(url, prefix_dirs)
        if rel is None:
            problems.append(f"{url} points outside this site")
            continue
        target = (site_dir / rel).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            problems.append(f"{url} → {rel} does not exist in the built site")
    message = "; ".join(problems) or f"{len(found)} code(s) read, every target page exists"
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
    """One VerifyLine per `<code>.pdf` in `signs_dir` (all.pdf excluded), sorted by code.

    `allowed_prefixes` (base URLs) map to the site root; `short_base_to_path` maps each
    short base (e.g. "HTTPS://HD.EXAMPLE.ORG/Q/") to its folder in the site (e.g. "Q/").
    """
    prefix_dirs = {p: "" for p in allowed_prefixes}
    prefix_dirs.update(short_base_to_path)
    pdfs = sorted(p for p in Path(signs_dir).glob("*.pdf") if p.name != "all.pdf")
    tasks = [(p, Path(site_dir), prefix_dirs) for p in pdfs]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(tasks) < 4:
        return [_check(t) for t in tasks]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        return pool.map(_check, tasks, chunksize=max(1, len(tasks) // (jobs * 4)))
