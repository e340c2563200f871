"""The content tree walked: shared guides, then each site and its entries, then the
checks that look across files. Every problem of every file is collected with its line;
the caller decides whether to stop."""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Project
from ..paths import inside, is_slug
from ..problems import Problems
from ..schema import ENTRY_ROOTS
from .claims import check_press_claims
from .drafts import check_template_text, demote_draft_problems
from .entries import load_entries, load_entry
from .kept_entries import KeptEntries, kept_entries_file
from .links import check_links
from .references import check_references
from .site_file import load_site


def load_project(
    root: Path, only_sites: list[str] | None = None, cache: Path | None = None
) -> tuple[Project, Problems]:
    """`cache`: the build's cache folder, where what each entry folder gave is kept for
    the next check (kept_entries.py); None: everything is read."""
    root = root.resolve()
    problems = Problems(root)
    project = Project(root=root)
    for folder in _entry_folders(root / "content" / "guides", root, problems):
        entry = load_entry(folder, "guide", None, root, problems)
        if entry:
            project.guides[entry.slug] = entry
    site_dirs = _entry_folders(root / "sites", root, problems)
    known = [d.name for d in site_dirs]
    for name in only_sites or []:
        if name not in known:
            problems.add(
                root / "sites",
                0,
                "there is no site '{name}': the sites are {known}",
                name=name,
                known=", ".join(known) or "-",
            )
    for site_dir in site_dirs:
        if only_sites and site_dir.name not in only_sites:
            continue
        site = load_site(site_dir, root, problems)
        if site is None:
            continue
        project.sites[site.slug] = site
        from ..printed import check_printed  # printed.py reads content's dates: not at import

        check_printed(site, problems)
        found = [
            (folder, kind, site.slug)
            for kind, top in ENTRY_ROOTS.items()
            for folder in _entry_folders(root / top / site.slug, root, problems)
        ]
        kept = KeptEntries(kept_entries_file(cache, site.slug)) if cache else None
        project.entries[site.slug] = [e for e in load_entries(found, root, problems, kept) if e]
    check_references(project, problems)
    check_links(project, problems)
    check_template_text(project, problems)
    check_press_claims(project, problems)
    project.unfinished_drafts = demote_draft_problems(project, problems)
    return project, problems


def _entry_folders(parent: Path, root: Path, problems: Problems) -> list[Path]:
    if not parent.is_dir():
        return []
    folders = []
    parent_inside = inside(parent, root)  # then so is each child that is not a link
    for child in sorted(os.scandir(parent), key=lambda c: c.name):
        if child.name.startswith(".") or not child.is_dir():
            continue
        path = parent / child.name
        if (child.is_symlink() or not parent_inside) and not inside(path, root):
            problems.add(
                path,
                0,
                "this folder is a link to a place outside the project: copy the files here instead",
            )
            continue
        if not is_slug(path.name):
            problems.add(
                path,
                0,
                "the folder name '{name}' must use only a-z, 0-9 and '-' (try '{suggestion}')",
                name=path.name,
                suggestion=_suggest_slug(path.name),
            )
            continue
        folders.append(path)
    return folders


def _suggest_slug(name: str) -> str:
    from ..slugs import slugify

    return slugify(name) or "ten-muc"
