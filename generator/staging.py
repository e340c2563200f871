"""Output that is replaced whole or not at all.

A site is built into a staging folder beside `build/<site>/` and exchanged with it
in one step once everything succeeded. Whatever stops a build half way (an error, a
KeyboardInterrupt, a killed process, a power cut) leaves the previous output as it
was; the folders it leaves behind are tidied by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import threading
from pathlib import Path

from .background import Background, Stopped

_LEFTOVER = re.compile(r"^\.(staging|old)-(.+)-(\d+)$")
_RENAME_EXCHANGE = 2


def staging_dir(out_root: Path, slug: str, spare: Path | None = None) -> Path:
    """A folder holding no file, to build `slug` into, named after this process.

    With `spare` (an earlier output of the site, served no more: see swap), that is
    the folder, emptied of its files but not of its folders: a site's thousands of
    pages each have a folder, and on some disks making a folder costs forty times
    removing a file (0.6 ms and 0.015 ms measured here). Folders the build leaves
    empty go before the swap (remove_empty_folders)."""
    path = _staging_path(out_root, slug)
    folders = _READY.pop(os.fspath(path), None)
    if folders is not None and path.is_dir():
        _SPARE_FOLDERS[os.fspath(path)] = folders
        return path
    if path.exists():
        shutil.rmtree(path)
    if spare is not None and _moved(spare, path):
        _SPARE_FOLDERS[os.fspath(path)] = _delete_files(path)
        return path
    path.mkdir(parents=True)
    return path


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _staging_path(out_root: Path, slug: str, pid: int | None = None) -> Path:
    """The staging folder of the process `pid` (this one by default)."""
    return out_root / f".staging-{slug}-{pid or os.getpid()}"


def _delete_files(folder: str | Path) -> list[str]:
    """Delete every file under `folder`; its folders stay. Returns them, parents first."""
    folders = []
    for top, _, names in os.walk(folder):
        folders.append(top)
        for name in names:
            os.unlink(os.path.join(top, name))
    return folders


# staging folders made ahead (StagingAhead) and not yet taken, with their folders
_READY: dict[str, list[str]] = {}
# the folders each staging folder had from its spare, for remove_empty_folders
_SPARE_FOLDERS: dict[str, list[str]] = {}


class StagingAhead:
    """The staging folders of `slugs` made from their spares beside the check of the
    content, in a forked process: deleting a spare's files waits on the disk, the check
    on Python (at 5,000 relics, 80,000 files and most of a second; in a thread, the two
    took turns for Python's lock and both ran slower). staging_dir then takes each as it
    is. `done` waits for them; leaving the `with` block puts those no build took back
    as spares."""

    def __init__(self, out_root: Path, spare_root: Path, slugs: list[str]) -> None:
        self._made: list[tuple[str, str, list[str]]] | None = None  # staging, spare, folders
        ahead = (out_root, spare_root, slugs, os.getpid())
        self._job = Background(_made_ahead, *ahead) if slugs else None  # none: no fork

    def done(self) -> None:
        if self._made is not None:
            return  # once: staging_dir may have taken some since
        try:
            self._made = self._job.result() if self._job else []
        except (Stopped, OSError):  # those it renamed, staging_dir starts afresh
            self._made = []
        _READY.update((path, folders) for path, _, folders in self._made)

    def __enter__(self) -> StagingAhead:
        return self

    def __exit__(self, *exc) -> None:
        self.done()
        for path, spare, _ in self._made:
            if _READY.pop(path, None) is not None and not _moved(Path(path), Path(spare)):
                shutil.rmtree(path, ignore_errors=True)


def _made_ahead(
    out_root: Path, spare_root: Path, slugs: list[str], pid: int
) -> list[tuple[str, str, list[str]]]:
    """Each slug's spare renamed to the staging folder of the process `pid` and emptied
    of its files: (staging folder, spare, its folders)."""
    spares = {entry.name for entry in _entries(spare_root)}
    made = []
    for slug in (slug for slug in slugs if slug in spares):
        path, spare = _staging_path(out_root, slug, pid), spare_root / slug
        if path.exists() or not _moved(spare, path):
            continue
        try:
            folders = _delete_files(path)
        except OSError:
            continue  # staging_dir starts that one afresh
        made.append((os.fspath(path), os.fspath(spare), folders))
    return made


def _moved(source: Path, target: Path) -> bool:
    """Rename `source` to `target`; False when it is not there (or another build of the
    same site took it first) or the name is taken."""
    try:
        source.rename(target)
    except OSError:
        return False
    return True


def remove_empty_folders(folder: Path) -> None:
    """Remove every folder under `folder` that holds no file, deepest first. A build
    writes no empty folder: those left are a reused spare's, so the spare's folders
    (staging_dir kept their names) are tried, else all are looked at."""
    root = os.fspath(folder)
    folders = _SPARE_FOLDERS.pop(root, None)
    if folders is None:
        folders = [top for top, _, _ in os.walk(folder)]
    for top in reversed(folders):  # children before parents
        if top != root:
            with contextlib.suppress(OSError):  # one that holds a file or is gone
                os.rmdir(top)


def swap(new: Path, final: Path, spare: Path | None = None) -> None:
    """Put `new` in the place of `final`; at no moment is `final` missing or half made.

    The previous output is deleted, or with `spare` kept there for the next build's
    staging_dir (it is no longer served: deleting its files then costs less than
    deleting it whole now and making its folders again)."""
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists() and _exchange(new, final):
        old = new  # `new` now holds the previous output
    else:
        if final.exists():
            final.rename(old)  # a crash right here is repaired by clean_leftovers()
        new.rename(final)
    if not old.exists():
        return
    if spare is not None:
        shutil.rmtree(spare, ignore_errors=True)
        spare.parent.mkdir(parents=True, exist_ok=True)
        if _moved(old, spare):
            return
    shutil.rmtree(old)


def clean_leftovers(out_root: Path) -> list[Path]:
    """Remove what interrupted builds left behind; put back an output caught mid-swap.

    Folders of a build still running (its process alive) are left alone.
    """
    removed = []
    if not out_root.is_dir():
        return removed
    for path in sorted(out_root.iterdir()):
        match = _LEFTOVER.match(path.name)
        if not match or not path.is_dir() or running(int(match.group(3))):
            continue
        kind, slug = match.group(1), match.group(2)
        final = out_root / slug
        if kind == "old" and not final.exists():
            path.rename(final)  # the swap stopped between its two renames
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def others_building(out_root: Path) -> bool:
    """True while another process is building into `out_root` (its staging folder is
    there and it is alive): the shared caches must then be left as they are."""
    if not out_root.is_dir():
        return False
    return any(
        (m := _LEFTOVER.match(path.name)) and m.group(1) == "staging" and running(int(m.group(3)))
        for path in out_root.iterdir()
    )


def temp_beside(path: Path, hidden: bool = True) -> Path:
    """A name beside `path` for writing it before renaming it into place, used by no
    other writer: this process's and this thread's (a preview rebuilds in its thread
    while a build may run in another). The process id comes last but one, where
    sweep.py looks for it."""
    name = f"{path.name}.{threading.get_ident()}.{os.getpid()}.tmp"
    return path.with_name(f".{name}" if hidden else name)


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file so that readers see the old or the new text, never a truncated one."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Write a file so that readers see the old or the new bytes, never a truncated one;
    `durable`: on the disk before it replaces the old (what a build keeps for the next
    one need not be: a file lost in a crash is made again)."""
    tmp = temp_beside(path)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def running(pid: int) -> bool:
    """Another process with this pid is alive (ours does not count)."""
    if pid == os.getpid():
        return False  # our own leftovers from an earlier build in this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2); False where it is not available."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(
        at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def place(src: str | Path, dst: str | Path) -> None:
    """Put a cached file at `dst`: a hard link when the cache shares the file system
    (one system call; cached files are never modified in place, only replaced), a copy
    otherwise."""
    try:
        os.link(src, dst)  # a build places into an empty folder: mostly no file there
    except FileExistsError:
        os.unlink(dst)
        place(src, dst)
    except OSError:  # another file system: a new file, never one written through a link
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dst)
        shutil.copyfile(src, dst)
