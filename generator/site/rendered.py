"""What each entry's Markdown became in the last build, kept for the next one.

Rendering an entry's Markdown and sanitizing the HTML, and folding its words for the
search index, are most of a rebuild's page work, and each depends on the text alone
(and on the code and libraries that do it). So, as a compiler cache does, the results
are kept under a hash of the text, in one file per site, marked with a recipe: a hash
of that code and those libraries' versions. A new recipe starts afresh, and only what
this build used is saved, so the file does not grow with old edits. An edit then
renders one entry again, and the pages come out byte for byte as a clean build makes
them (tests/test_incremental.py builds both ways and compares every file).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ..kept_json import kept_file, read_kept, recipe_of, write_kept
from . import markdown_html, search

FOLDER = "rendered"  # under the build's cache folder: one file per site
LIBRARIES = ("markdown", "nh3")  # what markdown_html renders and sanitizes with
RECIPE_CODE = (markdown_html, search)  # our code whose output is kept


def rendered_file(cache_dir: Path, site: str) -> Path:
    return kept_file(cache_dir, FOLDER, site)


@lru_cache(maxsize=1)
def recipe() -> str:
    """Changes when the code or a library that makes the kept results changes."""
    return recipe_of([Path(module.__file__) for module in RECIPE_CODE], LIBRARIES)


class Rendered:
    """The HTML and search terms of Markdown texts, made once; `path`: where they are
    kept between builds (None: kept for this build only)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._kept = read_kept(path, recipe())
        self._now: dict[str, str] = {}

    def html(self, markdown: str) -> str:
        """markdown_html.to_html of the text."""
        return self._of("h", markdown, markdown_html.to_html)

    def terms(self, markdown: str) -> str:
        """search.body_terms of the text."""
        return self._of("t", markdown, search.body_terms)

    def _of(self, kind: str, text: str, make: Callable[[str], str]) -> str:
        key = kind + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        made = self._now.get(key)
        if made is None:
            made = self._kept.get(key)
            if not isinstance(made, str):
                made = make(text)
            self._now[key] = made
        return made

    def save(self) -> None:
        """Keep this build's results (only theirs), written whole or not at all."""
        if self._now != self._kept:
            write_kept(self.path, self._now, recipe())
