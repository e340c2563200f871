"""Keep every path an author writes inside the content tree."""

from __future__ import annotations

import os
import re
from pathlib import Path

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(name: str) -> bool:
    return bool(SLUG.match(name)) and len(name) <= 80


def inside(path: Path, root: Path) -> bool:
    """True when `path`, with every symlink followed, stays under `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def child_file(folder: Path, name: str) -> Path | None:
    """The file `name` next to an entry, or None when it would leave the folder."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return None
    if ".." in Path(name).parts:
        return None
    path = folder / name
    if "/" not in name and not path.is_symlink():
        return path  # an entry of the folder itself, not a link: it cannot lead out
    return path if inside(path, folder) else None


def relative_posix(path: str, root: str) -> str:
    """`path` under the folder `root`, as a string with '/' between its parts; strings,
    not Path objects, where a build handles tens of thousands of paths."""
    prefix = os.path.join(root, "")
    if not path.startswith(prefix):
        raise ValueError(f"{path} is not under {root}")
    return path[len(prefix) :].replace(os.sep, "/")
