"""The preview's shortcut: an edited entry's own pages, before the whole site.

Building a province's site again takes seconds even when it keeps what an edit did not
change. An author who saves an entry looks at that entry's page, so the preview makes
those pages first, from the model of its last build with the edited entry read again
(site/one_entry.py), and serves them from memory until the build behind them is done
(serve.py). Only a plain edit takes the shortcut: texts of an entry the last build had,
which read without errors and leave it no draft, and whose photos that build shipped.
Anything else (a new entry, a photo, a site setting) waits for the build, as does what
the edit changes elsewhere: the list, the search, a problem found across files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .content.entries import load_entry
from .model import Entry, Project
from .problems import Problems
from .schema import ENTRY_ROOTS
from .site.media import MediaMap
from .site.one_entry import entry_pages
from .site.photofacts import PhotoFacts, facts_file

GUIDES = ("content", "guides")
KINDS = {top: kind for kind, top in ENTRY_ROOTS.items()}


@dataclass(frozen=True)
class LastBuild:
    """What the shortcut needs of the preview's last good build."""

    project: Project  # checked, as built
    site: str
    stamps: dict  # pipeline.SiteResult.stamps
    codes: dict[str, str]  # entry key -> its own short code


def edited_pages(
    last: LastBuild, changed: set[str], cache: Path, site_dir: Path
) -> dict[str, bytes] | None:
    """The pages of the entries whose texts are `changed` (paths from the project root),
    by file under `site_dir`; None when the edit cannot take the shortcut."""
    folders = {_entry_folder(path, last.site) for path in changed}
    if not folders or None in folders:
        return None
    project = last.project
    entries = []
    for kind, folder in sorted(folders):
        entry = _read_again(project, kind, project.root / folder, last.site)
        if entry is None:
            return None
        project = _with_entry(project, entry)
        entries.append(entry)
    media = MediaMap(PhotoFacts(facts_file(cache, last.site)))
    pages: dict[str, bytes] = {}
    for entry in entries:
        made = entry_pages(project, project.sites[last.site], entry, last.stamps, media, last.codes)
        if made is None:
            return None
        pages.update({path: html.encode() for path, html in made.items()})
    if not all((site_dir / dest).is_file() for dest in media.variants):
        return None  # a photo the last build did not ship: the build makes it
    return pages


def _entry_folder(path: str, site: str) -> tuple[str, str] | None:
    """(kind, folder) of the entry whose text `path` is, or None for any other file."""
    parts = path.split("/")
    if len(parts) != 4 or not (parts[3].startswith("index.") and parts[3].endswith(".md")):
        return None
    if tuple(parts[:2]) == GUIDES:
        return "guide", "/".join(parts[:3])
    if parts[0] in KINDS and parts[1] == site:
        return KINDS[parts[0]], "/".join(parts[:3])
    return None


def _read_again(project: Project, kind: str, folder: Path, site: str) -> Entry | None:
    """The entry in `folder` as it is now, if the last build had it and it reads clean."""
    old = _find(project, kind, folder.name, site)
    if old is None:
        return None
    problems = Problems(project.root)
    entry = load_entry(folder, kind, old.site, project.root, problems)
    if entry is None or problems.errors or entry.draft != old.draft:
        return None
    return entry


def _find(project: Project, kind: str, slug: str, site: str) -> Entry | None:
    if kind == "guide":
        guide = project.guides.get(slug)
        return guide if guide and slug in project.sites[site].guides else None
    return next(
        (e for e in project.entries.get(site, []) if e.kind == kind and e.slug == slug), None
    )


def _with_entry(project: Project, entry: Entry) -> Project:
    """`project` with `entry` in place of its earlier version."""
    if entry.kind == "guide":
        return dataclasses.replace(project, guides={**project.guides, entry.slug: entry})
    site = entry.site
    entries = [entry if e.key == entry.key else e for e in project.entries[site]]
    return dataclasses.replace(project, entries={**project.entries, site: entries})
