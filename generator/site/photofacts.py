"""What a build learns about each original photo, kept for the next build.

Pages need each photo's sha256 (its URLs and its cached sizes carry it) and its size
(an <img> has width and height). Reading and hashing every original costs a province's
build seconds, and an author's photo can be megabytes. So, as git's index does, the
facts are kept beside what the file system says of the file (size, modification and
change times, inode): a photo whose record is unchanged is not read again. A photo
changed in the seconds before the build began is not kept: a second change within
the same tick of the file system's clock would not show in its record.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from ..kept_json import kept_file, read_kept, settled, write_kept

FOLDER = "photo-facts"  # under the build's cache folder: one file per site

Measure = Callable[[Path], tuple[str, tuple[int, int]]]


def facts_file(cache_dir: Path, site: str) -> Path:
    return kept_file(cache_dir, FOLDER, site)


class PhotoFacts:
    """(sha256, (width, height)) of each photo, measured once; `path`: where they are
    kept between builds (None: not kept)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.since = time.time_ns()  # the records are taken after this
        self._kept = read_kept(path)
        self._now: dict[str, list] = {}  # this build's: [record, sha256, width, height]

    def of(self, source: Path, measure: Measure) -> tuple[str, tuple[int, int]]:
        key = os.fspath(source)
        facts = self._now.get(key)
        if facts is None:
            st = os.stat(key)
            record = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
            facts = self._kept.get(key)
            if not (isinstance(facts, list) and len(facts) == 4 and facts[0] == record):
                digest, (width, height) = measure(source)
                facts = [record, digest, width, height]
            self._now[key] = facts
        return facts[1], (facts[2], facts[3])

    def save(self) -> None:
        """Keep the facts of this build's photos (only theirs: the file does not grow)."""
        if self.path is None:
            return
        keep = {
            key: facts
            for key, facts in sorted(self._now.items())
            if settled(self.since, facts[0][1:3])  # [size, mtime, ctime, inode]
        }
        if keep != self._kept:
            write_kept(self.path, keep)
