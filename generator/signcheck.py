"""`qrsite verify`: read every printed code back from the built PDFs.

The renderer wrote the payloads; here an independent reader (zxing-cpp over a PDFium
raster) decodes them, and each decoded URL must open a page in the built site; a short
link's landing page must lead on to pages that exist, in every language it offers.
"""

from __future__ import annotations

from pathlib import Path

from .codes import qr_short_base, short_folder
from .content import load_project
from .model import Project, Site
from .paymentplan import PAYMENTS_DIR, purpose_of, sheet_code, sign_codes, standee_code
from .signs import VerifyLine, verify_signs
from .signs.verify_payments import verify_payment_books, verify_payment_signs


class NotBuilt(Exception):
    def __init__(self, site: str):
        super().__init__(site)
        self.site = site


def verify(root: Path, sites: list[str] | None = None) -> dict[str, list[VerifyLine]]:
    """Per site, one line per sign; raise NotBuilt for a site without built signs."""
    project, _problems = load_project(root, sites)
    project = project.published()  # drafts have no signs
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
        expected = expected_payments(project, site)
        if expected or (out / "signs" / PAYMENTS_DIR).is_dir():
            folder = out / "signs" / PAYMENTS_DIR
            results[slug] += verify_payment_signs(folder, expected)
            results[slug] += verify_payment_books(folder, expected)
    return results


def expected_payments(project: Project, site: Site) -> dict[str, object]:
    """What each payment sign must pay, from the content as it is now: a sticker that
    pays anyone else (an account edited since the build, a code pasted in) fails."""
    expected: dict[str, object] = {}
    for street in project.site_entries(site.slug, "street"):
        shops = []
        for code, payment in sign_codes(street).items():
            facts = {
                "bin": payment.bin,
                "account": payment.account,
                "payee": payment.holder,
                "bank": payment.bank,
                "account_tail": payment.account_tail,
                "purpose": purpose_of(site, street) or "",
            }
            expected[code] = expected[standee_code(code)] = facts
            shops.append(facts)
        if shops:
            expected[sheet_code(street)] = shops
    return expected
