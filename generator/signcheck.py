"""`qrsite verify`: read every printed code back from the built PDFs.

The renderer wrote the payloads; here an independent reader (zxing-cpp over a PDFium
raster) decodes them, and each decoded URL must open a page in the built site; a short
link's landing page must lead on to pages that exist, in every language it offers.
"""

from __future__ import annotations

from pathlib import Path

from .codes import qr_short_base, short_folder
from .content import load_project
from .signs import VerifyLine, verify_signs


class NotBuilt(Exception):
    def __init__(self, site: str):
        super().__init__(site)
        self.site = site


def verify(root: Path, sites: list[str] | None = None) -> dict[str, list[VerifyLine]]:
    """Per site, one line per sign; raise NotBuilt for a site without built signs."""
    project, _problems = load_project(root, sites)
    results = {}
    for slug in sorted(project.sites):
        site = project.sites[slug]
        out = root / "build" / slug
        if not (out / "signs").is_dir() or not (out / "site").is_dir():
            raise NotBuilt(slug)
        results[slug] = verify_signs(
            out / "signs",
            out / "site",
            (site.base_url,),
            {qr_short_base(site.short_base): short_folder(site)},
        )
    return results
