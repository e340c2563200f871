"""Caches that keep only what some site still uses.

Each site's build records which files of a cache it used (`<cache>/in-use/<site>.txt`);
once a build is over, the files no site of the project uses any more are deleted. Until
every site of the project has recorded its list, nothing is deleted: a file may belong
to a site that has not been built yet. Built output holds hard links to cache files,
never paths, so a sweep cannot break a site already built.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .paths import relative_posix
from .staging import atomic_write_text, running

IN_USE = "in-use"


def record(cache_root: Path, site: str, files: Iterable[str | Path]) -> None:
    """Remember that `site` uses these files of the cache under `cache_root`."""
    root = os.fspath(cache_root)
    names = sorted({relative_posix(os.fspath(f), root) for f in files})
    folder = cache_root / IN_USE
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / f"{site}.txt", "".join(f"{n}\n" for n in names))


def sweep(cache_root: Path, sites: Iterable[str], spare: tuple[str, ...] = ()) -> int:
    """Delete the files no site of `sites` (the whole project) uses; returns how many.

    Files being written by a running build stay (a killed build's go), and so do the
    top folders named in `spare` (the sign cache's shared pictures)."""
    folder = cache_root / IN_USE
    if not folder.is_dir():
        return 0
    sites = set(sites)
    lists = {p.stem: p for p in folder.glob("*.txt")}
    for gone in set(lists) - sites:  # a site taken out of the project
        lists.pop(gone).unlink()
    if set(lists) != sites:
        return 0
    keep = {
        line for path in lists.values() for line in path.read_text("utf-8").splitlines() if line
    }
    removed = 0
    root = os.fspath(cache_root)
    for top, dirs, files in os.walk(root):
        if top == root:
            dirs[:] = [d for d in dirs if d != IN_USE and d not in spare]
        for name in files:
            path = os.path.join(top, name)
            if relative_posix(path, root) not in keep and not _being_written(name):
                os.unlink(path)
                removed += 1
    return removed


def _being_written(name: str) -> bool:
    """A running build's file: `<name>.<pid>.tmp` of a live process, or `.<name>`; the
    temporary file of a build that was killed is not."""
    if name.endswith(".tmp"):
        pid = name.rsplit(".", 2)[-2]
        return not pid.isdigit() or running(int(pid))
    return name.startswith(".")
