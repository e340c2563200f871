"""Print-ready QR signboards: specs in, vector PDFs, PNG previews and a manifest out.

The package never imports the content model: the content side builds `SignSpec`s.
- `qr_matrix(url)`: the one call into the QR library (level Q, see qr.py).
- `render_signs(specs, out_dir, cache_dir, base_url=...)`: per-sign PDF + PNG, all.pdf,
  manifest.csv; cached by content hash.
- `verify_signs(signs_dir, site_dir, allowed_prefixes, short_base_to_path)`: decode every
  code in the built PDFs and check that each lands on a built page.
- `verify_payment_signs(folder, expected)`: decode every payment code (VietQR), check its
  CRC, the account it pays and the payee, bank and last digits printed beside it.
Layouts are YAML files in `layouts/`, one per sign kind.
"""

from .qr import QrMatrix, qr_matrix
from .render import render_signs
from .spec import KINDS, PAYMENT_KINDS, RenderedSign, SignItem, SignSpec, VerifyLine
from .verify import verify_signs
from .verify_payments import verify_payment_signs

__all__ = [
    "KINDS",
    "PAYMENT_KINDS",
    "QrMatrix",
    "RenderedSign",
    "SignItem",
    "SignSpec",
    "VerifyLine",
    "qr_matrix",
    "render_signs",
    "verify_payment_signs",
    "verify_signs",
]
