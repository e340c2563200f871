"""Progress of long work (sites, pages, photos, signs) on a terminal, silent elsewhere.

The work reports with `report(stage, done, total, item)`; what happens to a report
is decided by whoever started the work, through `reporting(reporter)`. Nothing is
printed unless a reporter is installed, and the terminal reporter is only made
when stderr is a terminal and CI is not set, so logs and CI output stay clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

Reporter = Callable[[str, int, int, str], None]

_current: ContextVar[Reporter | None] = ContextVar("qrsite_progress", default=None)

# Stage names, as shown to the reader (msgids; translated when printed).
STAGES = {
    "sites": "sites",
    "pages": "pages",
    "photos": "photos",
    "signs": "signs",
}


def report(stage: str, done: int, total: int, item: str = "") -> None:
    """Tell whoever is listening that `done` of `total` things of `stage` are finished."""
    reporter = _current.get()
    if reporter is not None:
        reporter(stage, done, total, item)


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    token = _current.set(reporter)
    try:
        yield
    finally:
        _current.reset(token)


def wanted(stream: TextIO | None = None, environ: dict | None = None) -> bool:
    """True on an interactive terminal outside CI."""
    stream = sys.stderr if stream is None else stream
    env = os.environ if environ is None else environ
    if env.get("CI") or env.get("QRSITE_NO_PROGRESS"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class TerminalProgress:
    """One line on stderr, rewritten in place: 'photos 12/40 relics/x/anh.jpg'."""

    def __init__(self, stream: TextIO, gettext=None):
        self.stream = stream
        self.gettext = gettext or (lambda s: s)
        self.open = False

    def __call__(self, stage: str, done: int, total: int, item: str = "") -> None:
        label = self.gettext(STAGES.get(stage, stage))
        text = f"{label} {done}/{total}"
        if item:
            text += f" {item}"
        self.stream.write("\r\x1b[K" + text[:100])
        self.open = done < total
        if not self.open:
            self.stream.write("\n")
        self.stream.flush()

    def close(self) -> None:
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False


def for_terminal(
    stream: TextIO | None = None, environ: dict | None = None, gettext=None
) -> TerminalProgress | None:
    """A terminal reporter, or None when nobody is watching."""
    stream = sys.stderr if stream is None else stream
    return TerminalProgress(stream, gettext) if wanted(stream, environ) else None


def _(message: str) -> str:  # pragma: no cover - only marks the stage names for extraction
    return message


_STAGE_NAMES = (_("sites"), _("pages"), _("photos"), _("signs"))
