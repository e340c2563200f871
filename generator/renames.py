"""A folder renamed by hand (`mv`, a file manager) instead of with `qrsite move`.

Its codes then point at a folder that is gone, and the check fails naming them. This
finds the folder it most likely became, so the message can give the one command that
records the move as it already stands (`qrsite move OLD NEW`, with NEW already there):
a new folder holding the files git last saw in the old one (or the same Vietnamese
file), else the one new folder of that kind whose title is the one the code recorded.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from .model import Entry, Project


def moved_by_hand(project: Project, site: str, old: str, title: str, coded: set[str]) -> str | None:
    """The key of the folder `old` seems to have become, or None."""
    top = old.split("/", 1)[0]
    fresh = [e for e in project.entries.get(site, []) if e.key.split("/", 1)[0] == top]
    fresh = [e for e in fresh if e.key not in coded]
    if not fresh:
        return None
    before = _committed_files(project.root, old)
    if before:
        for entry in fresh:
            now = _files(entry)
            if now == before or now.get("index.vi.md") == before.get("index.vi.md"):
                return entry.key
    same_title = [e for e in fresh if title and str(e.vi.fields.get("title")) == title]
    return same_title[0].key if len(same_title) == 1 else None


def _committed_files(root: Path, folder: str) -> dict[str, str]:
    """{file name: git blob id} of `folder` as the last commit holds it ({} outside git)."""
    try:
        result = subprocess.run(
            ["git", "ls-tree", "-r", "-z", "HEAD", "--", folder + "/"],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:
        return {}
    files = {}
    for record in result.stdout.decode("utf-8", "replace").split("\0"):
        meta, _, path = record.partition("\t")
        if path and len(meta.split()) == 3:
            files[path[len(folder) + 1 :]] = meta.split()[2]
    return files if result.returncode == 0 else {}


def _files(entry: Entry) -> dict[str, str]:
    """{file name: git blob id} of the entry's folder on disk, as git would name them."""
    files = {}
    for path in sorted(entry.folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            blob = hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False)
            files[path.relative_to(entry.folder).as_posix()] = blob.hexdigest()
    return files
