"""One build date for everything a build writes, so the same content gives the same bytes.

MkDocs stamps the sitemap (and the gzip header of sitemap.xml.gz) with the build
date; it takes it from SOURCE_DATE_EPOCH when set. A build sets it, when the caller
has not, to the date of the project's last commit, or else to the newest content
file's modification time: two clean builds of one checkout then agree to the byte.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CONTENT_DIRS = ("sites", "relics", "streets", "content")
WRITTEN_BY_BUILD = {"codes.yml"}  # its time says when we built, not what we built


def build_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else the newest content file."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if done.returncode == 0 and done.stdout.strip().isdigit():
            return int(done.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    newest = 0
    for top in CONTENT_DIRS:
        for folder, _dirs, files in os.walk(root / top):
            for name in files:
                if name in WRITTEN_BY_BUILD:
                    continue
                try:
                    newest = max(newest, int(os.stat(os.path.join(folder, name)).st_mtime))
                except OSError:
                    continue
    return newest or 315532800  # 1980-01-01, the earliest date a zip file can hold


def build_day(root: Path) -> datetime.date:
    """The build's date, in Vietnam: what "today" is for a page's "last checked" notice and
    for a locality change taking effect. Reproducible: the same content, the same day."""
    return _day(build_epoch(root))


def today() -> datetime.date:
    """The date `qrsite status` judges freshness by: SOURCE_DATE_EPOCH's if set, else
    today's (status reports on the calendar, not on the last commit)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return _day(int(value))
    return datetime.datetime.now(VIETNAM).date()


# The day of a moment in Vietnam (UTC+7, no daylight saving): a change taking effect on
# 1 July takes effect at midnight there, not at 07:00.
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def _day(epoch: int) -> datetime.date:
    return datetime.datetime.fromtimestamp(epoch, VIETNAM).date()


@contextmanager
def source_date_epoch(root: Path) -> Iterator[int]:
    """Set SOURCE_DATE_EPOCH for the length of a build (worker processes inherit it)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    epoch = build_epoch(root)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield epoch
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
