"""What each page's finishing made in the last build, so an unchanged page is not made again.

The finishing pass (build.finish_for_phones) puts each page's body and its cut of the
stylesheet into the theme's HTML: at 1,000 relics, a third of a rebuild after a one-entry
edit, for pages all but a few of which come out as before. A page's result depends
only on what goes in (its shell and values, or the HTML MkDocs or a landing wrote, and
its body) and on the code and stylesheet that finish it (the recipe). So each page's
input is kept as a hash, with a hash of what came out, the theme files it links, and
the identity of the file it was written to (inode, size, modification time, as git's
index keeps them): a page whose input is unchanged, and whose file in the last output
is still that file, is that file, linked again without being read.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from ..kept_json import kept_file, read_kept, recipe_of, write_kept
from . import inline
from .inline import linked_assets
from .offline import digest_of

FOLDER = "finished"  # under the build's cache folder: one file per site
# the code, beside this file
FINISHING = ("build.py", "finished.py", "inline.py", "purge.py", "stamp.py")


def finished_file(cache_dir: Path, site: str) -> Path:
    return kept_file(cache_dir, FOLDER, site)


@lru_cache(maxsize=1)
def recipe() -> str:
    """Changes when the code, Material's stylesheet or ours changes."""
    code = [Path(__file__).parent / name for name in FINISHING]
    return recipe_of([*code, inline.THEME_CSS], ["mkdocs-material"])


def input_key(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


class Finished:
    """Each page's input and output, by its path under the site folder; `path`: where
    they are kept between builds (None: this build only)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._kept = read_kept(path, recipe())
        self._now: dict[str, list] = {}  # [input key, output hash, assets, file identity]

    def reused(self, page: str, key: str, previous: str | None) -> bool:
        """Whether the page's file in the last output (`previous`) is what `key` made."""
        known = self._kept.get(page)
        if previous is None or not isinstance(known, list) or len(known) != 4:
            return False
        if known[0] != key or known[3] is None or known[3] != _identity(previous):
            return False
        self._now[page] = known
        return True

    def made(self, page: str, key: str, data: bytes) -> None:
        self._now[page] = [key, digest_of(data), linked_assets(data), None]

    def written(self, page: str, path: str) -> None:
        """The page made is in its file at `path`."""
        self._now[page][3] = _identity(path)

    def digest(self, page: str) -> str:
        """A hash of the page's bytes."""
        return self._now[page][1]

    def assets(self, page: str) -> list[str]:
        """The theme files the page links (inline.UNUSED_ASSETS)."""
        return self._now[page][2]

    def save(self) -> None:
        if self._now != self._kept:
            write_kept(self.path, self._now, recipe())


def _identity(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns]
