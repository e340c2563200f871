"""Entries as the last check read them: a province's files are read again only where
one changed.

Reading an entry (its front matter parsed, each field checked against the schema, its
cover opened) depends on the files in its folder alone, and on the code that reads
them. So what each folder gave, the entry and the problems found in it, is kept in
build/.cache/entries/<site>.pickle beside what the file system says of every file in
the folder (name, size, modification and change times, inode: as git's index does) and
a recipe (a hash of that code). A folder whose files all say the same is not read
again. A record younger than two seconds when the check began is not kept: a second
change within the same tick of the file system's clock would not show in it.

The file is a pickle, written by qrsite into the project's own build folder; one that
cannot be read counts as none. Like any pickle it runs code when read: a build folder
(or a cache of it) from someone else must not be put in place of one's own.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from functools import lru_cache
from pathlib import Path

from ..kept_json import recipe_of, settled
from ..staging import atomic_write_bytes

FOLDER = "entries"  # under the build's cache folder: one file per site
SUFFIX = ".pickle"
LIBRARIES = ("pyyaml", "pillow", "unidecode")  # YAML, the cover opened, bank names
OTHER_CODE = ("site", "signs", "editor")  # folders of generator/ that read no entry

Record = tuple[tuple, ...]


@lru_cache(maxsize=1)
def recipe() -> str:
    """Changes when any code that may read an entry changes (all of generator/ but the
    folders that make pages, signs and the editing room), or its data (the banks of
    payments.yml), or a library it uses, or Python (the pickle's format)."""
    package = Path(__file__).resolve().parent.parent
    files = [
        path
        for path in sorted(package.rglob("*"))
        if path.suffix in (".py", ".csv") and path.relative_to(package).parts[0] not in OTHER_CODE
    ]
    return recipe_of(files, LIBRARIES) + sys.version


def folder_record(folder: Path) -> Record:
    """Every file under `folder` as the file system describes it, in os.walk's order
    (names sorted, a folder's files before its subfolders; a link to a folder is not
    followed). One listing per folder: a province checks thousands of them."""
    record: list[tuple] = []
    _record_folder(os.fspath(folder), "", record)
    return tuple(record)


def _record_folder(top: str, rel: str, record: list[tuple]) -> None:
    try:
        with os.scandir(top) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:  # gone, or not a folder: nothing to record, as os.walk
        return
    subfolders = []
    for entry in entries:
        link = entry.is_symlink()
        if entry.is_dir():
            if not link:
                subfolders.append(entry)
            continue
        try:
            st = entry.stat()
        except OSError:  # a link leading nowhere
            st = entry.stat(follow_symlinks=False)
        name = rel + entry.name
        record.append((name, link, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    for entry in subfolders:
        _record_folder(entry.path, rel + entry.name + os.sep, record)


class KeptEntries:
    """What each entry folder gave the last check; `path`: where it is kept (None: not)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.since = time.time_ns()  # the records are taken after this
        self._kept = self._load()
        self._now: dict[tuple, tuple[Record, bytes]] = {}  # what was read, pickled
        self._changed = False  # a folder read again

    def _load(self) -> dict:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as f:
                kept = pickle.load(f)
        except Exception:  # none yet, damaged, or of another Python: read the entries again
            return {}
        if not isinstance(kept, dict) or kept.get("recipe") != recipe():
            return {}
        return kept.get("read", {})

    def get(self, task: tuple, record: Record) -> tuple | None:
        """(entry, problems) as read from the folder of `task` (folder, kind, site) when
        its files are as `record` says, else None."""
        known = self._kept.get(task)
        if known is None or known[0] != record:
            return None
        self._now[task] = known
        return pickle.loads(known[1])

    def put(self, task: tuple, record: Record, read: tuple) -> None:
        # each folder's pickled on its own: saving after one edit pickles that one again
        self._now[task] = (record, pickle.dumps(read, pickle.HIGHEST_PROTOCOL))
        self._changed = True

    def save(self) -> None:
        if self.path is None or not (self._changed or self._now.keys() != self._kept.keys()):
            return
        read = {
            task: known
            for task, known in self._now.items()
            if settled(self.since, (t for file in known[0] for t in file[3:5]))
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps({"recipe": recipe(), "read": read}, pickle.HIGHEST_PROTOCOL)
        atomic_write_bytes(self.path, data, durable=False)


def kept_entries_file(cache_dir: Path, site: str) -> Path:
    return cache_dir / FOLDER / f"{site}{SUFFIX}"
