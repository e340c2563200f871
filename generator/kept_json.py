"""What a build made or measured, kept for the next one: a JSON object per site.

Several steps keep their results between builds (photo facts, rendered Markdown,
finished pages), each in build/.cache/<folder>/<site>.json. Results that depend on
code carry a recipe (a hash of that code): a file of another recipe, a damaged one or
none reads as nothing kept. A file is replaced whole (written aside, then renamed), so
no build ever reads half of one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from .staging import atomic_write_bytes

FRESH_NS = 2_000_000_000  # a record younger than this is not kept (settled)


def recipe_of(files: Iterable[Path], libraries: Iterable[str] = ()) -> str:
    """A hash of the code and data `files` and of the `libraries`' versions that make a
    kept result: it changes when any of them does."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    for library in libraries:
        digest.update(f"\0{library} {metadata.version(library)}".encode())
    return digest.hexdigest()[:16]


def kept_file(cache_dir: Path, folder: str, site: str) -> Path:
    return cache_dir / folder / f"{site}.json"


def read_kept(path: Path | None, recipe: str = "") -> dict:
    """What `path` keeps, if it was made by `recipe`; {} otherwise."""
    if path is None:
        return {}
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: make it again
        return {}
    if not isinstance(kept, dict) or kept.get("recipe") != recipe:
        return {}
    made = kept.get("made")
    return made if isinstance(made, dict) else {}


def write_kept(path: Path | None, made: dict, recipe: str = "") -> None:
    """Keep `made` in `path` (nothing when `path` is None), in a stable order."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = {"recipe": recipe, "made": dict(sorted(made.items()))}
    text = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
    atomic_write_bytes(path, text.encode("utf-8"), durable=False)


def settled(since: int, times: Iterable[int]) -> bool:
    """Whether a record of files with these modification and change times (ns) may be
    trusted later: each older than FRESH_NS before `since` (when the build began to look
    at them). A second change within the same tick of the file system's clock would not
    show in a younger one."""
    return all(stamp < since - FRESH_NS for stamp in times)


def forget_sites_gone(
    cache_dir: Path, folder: str, sites: Iterable[str], suffix: str = ".json"
) -> None:
    """Drop what `folder` keeps for sites no longer in the project."""
    sites = set(sites)
    for path in (cache_dir / folder).glob(f"*{suffix}"):
        if path.stem not in sites:
            path.unlink(missing_ok=True)
