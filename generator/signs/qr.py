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

qrcode also picks the version and makes the codewords (data + Reed-Solomon). Choosing the
mask is where it spends its time (it lays the symbol out 9 times, cell by cell, and scores
each layout in Python), so this module does that part on whole symbols held as integers:
bit `r * n + c` is module (row r, column c). qrcode itself draws, once per version and
mask, the symbol of all-zero codewords (function patterns, format and version information,
the mask over the data area); a symbol is that XOR its codewords laid out in qrcode's
order, and `_penalty` is qrcode's own score (`util.lost_point`) in bitwise form. So the
mask and the modules are exactly qrcode's (tests compare both on many URLs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter

import qrcode
from qrcode import util as qr_util
from qrcode.constants import ERROR_CORRECT_Q

ERROR_LEVEL = "Q"
QUIET_MODULES = 4  # the standard's minimum quiet zone, on every side

_DARK_RUN = re.compile(rb"\x01+")
_MODULE = {"0": False, "1": True}.__getitem__


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
        return tuple(
            (r, m.start(), m.end() - m.start())
            for r, row in enumerate(self.modules)
            for m in _DARK_RUN.finditer(bytes(row))
        )

    def pdf_rects(self) -> str:
        """The dark runs as PDF rectangles in module units: row r, column c is
        `c r len 1 re`. Made once when a sign is drawn and kept in its drawing, so all.pdf,
        drawn again from thousands of kept drawings, formats none of them."""
        return " ".join(f"{c} {r} {n} 1 re" for r, c, n in self.dark_runs())


class _Recorder(qrcode.QRCode):
    """qrcode's own symbol layout, stopped where the codewords would go in."""

    def map_data(self, data, mask_pattern):
        self.before_data = [row[:] for row in self.modules]
        super().map_data(data, mask_pattern)


def _as_int(modules) -> int:
    return int("".join("1" if m else "0" for row in modules for m in row)[::-1], 2)


@dataclass(frozen=True)
class _Version:
    """What is the same for every symbol of one version (at level Q)."""

    n: int
    place: itemgetter  # codeword bit string -> the symbol's modules, last one first
    masked: tuple[int, ...]  # per mask: the all-zero symbol qrcode writes
    scored: tuple[int, ...]  # per mask: the same as qrcode scores it (format bits light)
    full: int
    h: dict[int, int]  # window length -> the modules a row window can start from
    v: dict[int, int]  # the same for column windows


@cache
def _version(version: int, codewords: int) -> _Version:
    n = 17 + 4 * version
    masked, scored = [], []
    for test in (False, True):
        for mask in range(8):
            code = _Recorder(version=version, error_correction=ERROR_CORRECT_Q, border=0)
            code.data_cache = [0] * codewords
            code.makeImpl(test, mask)
            (scored if test else masked).append(_as_int(code.modules))
    free = code.before_data  # None where qrcode puts codeword bits
    # the cell order of qrcode's `map_data`: two-column strips, right to left, zigzag
    order, row, step = [], n - 1, -1
    for col in range(n - 1, 0, -2):
        if col <= 6:
            col -= 1
        while 0 <= row < n:
            order += [(row, c) for c in (col, col - 1) if free[row][c] is None]
            row += step
        row -= step
        step = -step
    bits = 8 * codewords
    index = {cell: min(i, bits) for i, cell in enumerate(order)}  # `bits`: a '0' after them
    cells = [index.get(divmod(p, n), bits) for p in range(n * n)]
    return _Version(
        n=n,
        place=itemgetter(*reversed(cells)),
        masked=tuple(masked),
        scored=tuple(scored),
        full=(1 << (n * n)) - 1,
        h={k: _starts(n, n, n - k + 1) for k in (2, 5, 11)},
        v={k: _starts(n, n - k + 1, n) for k in (2, 5, 11)},
    )


def _starts(n: int, rows: int, cols: int) -> int:
    """The modules of the first `rows` rows and first `cols` columns."""
    return sum(1 << (r * n + c) for r in range(rows) for c in range(cols))


def _finder_like(m: int, nm: int, step: int, starts: int) -> int:
    """Starts of 1011101 with four light modules after (or before) it, `step` apart."""
    x = [m >> (k * step) for k in range(11)]
    y = [nm >> (k * step) for k in range(11)]
    core = y[1] & x[4] & y[5] & x[6] & y[9] & starts
    after = x[0] & x[2] & x[3] & y[7] & y[8] & y[10]
    before = y[0] & y[2] & y[3] & x[7] & x[8] & x[10]
    return (core & (after | before)).bit_count()


def _penalty(m: int, v: _Version) -> int:
    """qrcode's `util.lost_point` of the symbol `m`, computed bitwise."""
    n = v.n
    nm = ~m & v.full
    score = 0
    for step, starts in ((1, v.h), (n, v.v)):
        same = ~(m ^ (m >> step)) & starts[2]  # a module equals the next one
        five = same & (same >> step) & (same >> 2 * step) & (same >> 3 * step) & starts[5]
        # a run of L >= 5 costs L - 2: its L - 4 windows of five, plus 2 at its start
        score += five.bit_count() + 2 * (five & ~(same << step)).bit_count()
        score += 40 * _finder_like(m, nm, step, starts[11])
    same_h = ~(m ^ (m >> 1)) & v.h[2]
    same_v = ~(m ^ (m >> n)) & v.v[2]
    score += 3 * (same_h & (same_h >> n) & same_v).bit_count()  # 2x2 blocks of one colour
    percent = float(m.bit_count()) / (n**2)
    score += int(abs(percent * 100 - 50) / 5) * 10
    return score


@lru_cache(maxsize=4096)
def qr_matrix(url: str) -> QrMatrix:
    """Encode `url` at level Q in the smallest version that holds it."""
    if not url:
        raise ValueError("a QR code needs a non-empty URL")
    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_Q, border=0)
    code.add_data(url)
    code.best_fit()  # the smallest version, as `make(fit=True)` chooses it
    version = code.version
    codewords = qr_util.create_data(version, code.error_correction, code.data_list)
    v = _version(version, len(codewords))
    bits = format(int.from_bytes(bytes(codewords), "big"), f"0{8 * len(codewords)}b") + "0"
    data = int("".join(v.place(bits)), 2)
    scores = [_penalty(scored ^ data, v) for scored in v.scored]
    mask = scores.index(min(scores))  # the first of the lowest, as qrcode
    cells = format(v.masked[mask] ^ data, f"0{v.n * v.n}b")[::-1]
    n = v.n
    modules = tuple(tuple(map(_MODULE, cells[i : i + n])) for i in range(0, n * n, n))
    if version < 1 or len(modules) != 17 + 4 * version:
        raise AssertionError(f"unexpected QR symbol for {url!r}: version {version}")
    return QrMatrix(data=url, version=version, error=ERROR_LEVEL, modules=modules)
