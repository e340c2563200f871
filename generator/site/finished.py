"""What each page's finishing made in the last build, so an unchanged page is not made again.

The finishing pass (build.finish_for_phones) puts each page's body and its cut of the
stylesheet into the theme's HTML: at 1,000 relics, a third of a rebuild after a one-entry
edit, for pages all but a few of which come out as before. A page's result depends
only on what goes in (its shell and values, or the HTML MkDocs or a landing wrote, and
its body) and on the code and stylesheet that finish it (the recipe). So each page's
input is kept as a hash, with a hash of what came out: a page whose input is unchanged,
and whose file in the last output still holds those bytes, is that file.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from ..kept_json import kept_file, read_kept, recipe_of, write_kept
from . import inline

FOLDER = "finished"  # under the build's cache folder: one file per site
FINISHING = ("build.py", "inline.py", "purge.py", "stamp.py")  # the code, beside this file


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
    """Each page's input and output hashes, by its path under the site folder; `path`:
    where they are kept between builds (None: this build only)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._kept = read_kept(path, recipe())
        self._now: dict[str, list[str]] = {}

    def reused(self, page: str, key: str, previous: str | None) -> bytes | None:
        """The page's bytes from `previous` (its file in the last output) if `key` is the
        input that made them; None: make the page."""
        known = self._kept.get(page)
        if previous is None or not isinstance(known, list) or known[:1] != [key]:
            return None
        try:
            with open(previous, "rb") as f:
                data = f.read()
        except OSError:
            return None
        if known[1:] != [_output_hash(data)]:
            return None
        self._now[page] = known
        return data

    def made(self, page: str, key: str, data: bytes) -> None:
        self._now[page] = [key, _output_hash(data)]

    def save(self) -> None:
        if self._now != self._kept:
            write_kept(self.path, self._now, recipe())


def _output_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
