"""The one place the QR library is called: a URL in, a plain module matrix out.

Error correction is level Q (25 % of codewords recoverable), not M or H:
- signs stand outdoors for years; Q survives fading, scratches, bird droppings and a
  sticker corner peeling off, which M (15 %) does not comfortably;
- H (30 %) only pays when something covers the code (a logo in the middle). Our logos sit
  beside the code, never on it, and H would raise the version of a typical short link
  (e.g. 3 → 4), so the modules get smaller on the same plaque and harder to read from afar.

qrcode chooses the encoding mode per segment: an all upper-case short link such as
`HTTPS://HD.EXAMPLE.ORG/Q/K7QX3/` fits the alphanumeric set and gives a smaller version
than a lower-case URL. qrcode only ever makes full QR codes (never Micro QR), version >= 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_Q

ERROR_LEVEL = "Q"
QUIET_MODULES = 4  # the standard's minimum quiet zone, on every side


@dataclass(frozen=True)
class QrMatrix:
    """A QR symbol as data: no quiet zone included; `modules[row][col]` True is dark."""

    data: str
    version: int
    error: str
    modules: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        return len(self.modules)

    def dark_runs(self) -> tuple[tuple[int, int, int], ...]:
        """Horizontal runs of dark modules as (row, first column, length): one rect each."""
        runs = []
        for r, row in enumerate(self.modules):
            c, n = 0, len(row)
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    runs.append((r, start, c - start))
                else:
                    c += 1
        return tuple(runs)


@lru_cache(maxsize=4096)
def qr_matrix(url: str) -> QrMatrix:
    """Encode `url` at level Q in the smallest version that holds it."""
    if not url:
        raise ValueError("a QR code needs a non-empty URL")
    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_Q, border=0)
    code.add_data(url)
    code.make(fit=True)
    modules = tuple(tuple(bool(m) for m in row) for row in code.get_matrix())
    if code.version < 1 or len(modules) != 17 + 4 * code.version:
        raise AssertionError(f"unexpected QR symbol for {url!r}: version {code.version}")
    return QrMatrix(data=url, version=code.version, error=ERROR_LEVEL, modules=modules)
