"""Fit a text into a box: shrink to a minimum size on one line, then wrap at word boundaries
(or, `wrap_shrink`, the largest size at which it fits wrapped, as cards of one poster
need so that they can all share one size).

Text is measured with the embedded font's own glyph widths, never by counting characters,
and the ink block (first line's ascent to last line's descent) must fit the box height:
the result never clips and never overflows. When even wrapping at `min_size` does not
fit (a very long word), the size keeps shrinking down to `FLOOR` and the fit is flagged
`below_min` so the caller can warn; below that it is an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_
from . import fonts
from .messages import Message

STEP = 0.5  # points between the sizes tried
FLOOR = 4.0  # points: below this a sign is not readable, so refuse


class TextDoesNotFit(ValueError):
    pass


@dataclass(frozen=True)
class Fit:
    size: float
    lines: tuple[str, ...]
    widths: tuple[float, ...]  # per line, in points
    pitch: float  # baseline to baseline, points
    ascent: float  # points above the first baseline
    descent: float  # points below the last baseline (positive)
    below_min: bool = False

    @property
    def height(self) -> float:
        return self.ascent + self.pitch * (len(self.lines) - 1) + self.descent


def _sizes(high: float, low: float):
    size = high
    while size >= low - 1e-9:
        yield round(size, 2)
        size -= STEP


def _greedy(words: list[str], unit: list[float], space: float, limit: float) -> list[list[int]]:
    """Word indices per line, filling each line up to `limit` (widths at size 1)."""
    lines: list[list[int]] = []
    current: list[int] = []
    used = 0.0
    for i, w in enumerate(unit):
        extra = w if not current else used + space + w
        if current and extra > limit + 1e-9:
            lines.append(current)
            current, used = [i], w
        else:
            current.append(i)
            used = extra
    if current:
        lines.append(current)
    return lines


def _balanced(words, unit, space, limit) -> list[list[int]]:
    """The greedy line count at `limit`, with the narrowest widest line (titles look even)."""
    best = _greedy(words, unit, space, limit)
    lo, hi = max(unit), limit
    for _ in range(18):
        mid = (lo + hi) / 2
        trial = _greedy(words, unit, space, mid)
        if len(trial) <= len(best):
            hi, best = mid, trial
        else:
            lo = mid
    return best


def fit_text(
    text: str,
    style: str,
    box_w: float,
    box_h: float,
    size: float,
    min_size: float | None = None,
    line_height: float = 1.25,
    overflow: str = "shrink_wrap",
) -> Fit:
    """The largest size at which `text` fits `box_w` x `box_h` points, and its lines."""
    min_size = size if min_size is None else min(min_size, size)
    asc, desc = fonts.vertical_metrics(style)
    words = text.split()
    if not words:
        raise TextDoesNotFit("empty text")
    unit = [fonts.width(w, style, 1.0) for w in words]
    space = fonts.width(" ", style, 1.0)
    one_line = " ".join(words)
    single = sum(unit) + space * (len(words) - 1)

    def make(s: float, groups: list[list[int]], below: bool) -> Fit:
        lines = tuple(" ".join(words[i] for i in g) for g in groups)
        widths = tuple(fonts.width(line, style, s) for line in lines)
        return Fit(s, lines, widths, s * line_height, s * asc, -s * desc, below)

    ink = asc - desc
    if overflow != "wrap_shrink":  # wrap_shrink: wrap before shrinking, so skip step 1
        # 1. shrink on one line (width is linear in size, so compute it)
        fit_single = min(size, box_w / single, box_h / ink) if single > 0 else size
        fit_single = int(fit_single / 0.25) * 0.25
        if fit_single >= min_size:
            return make(fit_single, [list(range(len(words)))], False)
        if overflow == "shrink":
            return _floor_single(make, one_line, box_w, box_h, single, ink, min_size, len(words))
    # 2. from the full size down, one line where it fits, else wrapped; then 3. below the
    # minimum, down to the floor
    for low, high, below in ((min_size, size, False), (FLOOR, min_size - STEP, True)):
        for s in _sizes(high, low):
            if single * s <= box_w + 1e-6 and ink * s <= box_h + 1e-6:
                return make(s, [list(range(len(words)))], below)
            if max(unit) * s > box_w:
                continue
            groups = _balanced(words, unit, space, box_w / s)
            height = s * ink + s * line_height * (len(groups) - 1)
            if height <= box_h + 1e-6:
                return make(s, groups, below)
    raise _does_not_fit(text, box_w, box_h)


def _does_not_fit(text: str, box_w: float, box_h: float) -> TextDoesNotFit:
    return TextDoesNotFit(
        Message(
            N_("{text} does not fit a {width} x {height} pt box"),
            text=repr(text),
            width=f"{box_w:.0f}",
            height=f"{box_h:.0f}",
        )
    )


def _floor_single(make, text, box_w, box_h, single, ink, min_size, n):
    s = int(min(box_w / single, box_h / ink) / 0.25) * 0.25
    if s < FLOOR:
        raise TextDoesNotFit(
            Message(
                N_("{text} does not fit on one line of {width} pt"),
                text=repr(text),
                width=f"{box_w:.0f}",
            )
        )
    return make(s, [list(range(n))], s < min_size)
