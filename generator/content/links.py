"""Links in the Markdown bodies: each must lead where the built page can follow it."""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Entry, Project, Site
from ..paths import child_file, inside
from ..problems import Problems
from ..schema import ENTRY_ROOTS
from .drafts import every_entry


def check_links(project: Project, problems: Problems) -> None:
    """Body links may lead only where the built page can follow them."""
    drafts = {e.folder.resolve() for e in every_entry(project) if e.draft}
    for guide in project.guides.values():
        _check_entry_links(project, guide, None, problems, drafts)
    for site in project.sites.values():
        for entry in project.entries.get(site.slug, []):
            _check_entry_links(project, entry, site, problems, drafts)
        for guide in project.site_guides(site.slug):
            _check_guide_links_on(project, guide, site, problems)


def _check_guide_links_on(project: Project, guide: Entry, site: Site, problems) -> None:
    """A shared guide may link to a guide that this site does not carry: the link is
    shown as plain text there (site/pages.py), and the site's author is told."""
    guides = (project.root / "content" / "guides").resolve()
    for translation in (guide.vi, guide.en):
        if translation is None:
            continue
        for line, target, _ in _body_links(translation.body, translation.body_line):
            if target.startswith("/"):
                continue  # named with the guide's own links
            folder = (guide.folder / target).resolve()
            if folder.parent != guides or folder.name not in project.guides:
                continue
            if folder.name != guide.slug and folder.name not in site.guides:
                problems.warn(
                    translation.path,
                    line,
                    "the link '{target}' leads to the guide '{guide}', which the site "
                    "'{site}' does not carry, so there it is plain text: add '{guide}' "
                    "under 'guides' in {site_yml} to make it a link",
                    target=target,
                    guide=folder.name,
                    site=site.slug,
                    site_yml=f"sites/{site.slug}/site.yml",
                )


def _check_entry_links(
    project: Project, entry: Entry, site: Site | None, problems, drafts: set[Path]
) -> None:
    for translation in (entry.vi, entry.en):
        if translation is None:
            continue
        for line, target, is_photo in _body_links(translation.body, translation.body_line):
            resolved = entry.folder / target
            if target.startswith("/"):
                problems.warn(
                    translation.path,
                    line,
                    "the link '{target}' starts with '/', so it works only while the site is "
                    "at the root of its host: link to the folder as it lies on disk instead "
                    "(../other-folder/ for an entry of this site, "
                    "../../../content/guides/NAME/ for a guide)",
                    target=target,
                )
            elif (not inside(resolved, project.root) or not resolved.exists()) and is_photo:
                problems.add(
                    translation.path,
                    line,
                    "the photo '{target}' was not found: put it next to this file or correct "
                    "the name",
                    target=target,
                )
            elif not inside(resolved, project.root) or not resolved.exists():
                problems.add(
                    translation.path,
                    line,
                    "the link '{target}' points to nothing: check the file or folder name",
                    target=target,
                )
            elif _reachable(project, entry, site, target):
                if not entry.draft and resolved.resolve() in drafts:
                    problems.add(
                        translation.path,
                        line,
                        "the link '{target}' leads to a draft, which has no page yet: "
                        "publish it first (delete its 'draft: true') or take the link out",
                        target=target,
                    )
            elif site is None:
                problems.add(
                    translation.path,
                    line,
                    "the link '{target}' cannot work on the site: a guide may link only to "
                    "a file in its own folder or to another guide (../other-guide/)",
                    target=target,
                )
            else:
                problems.add(
                    translation.path,
                    line,
                    "the link '{target}' cannot work on the site: link only to a file in this "
                    "entry's folder, to a relic or street of this site (../other-folder/), or "
                    "to a guide listed in 'guides' in site.yml",
                    target=target,
                )


def _reachable(project: Project, entry: Entry, site: Site | None, target: str) -> bool:
    """True when the built page turns the link into a working one (see site/pages.py)."""
    own = child_file(entry.folder, target)
    if own is not None and own.is_file():  # shipped next to the page
        return True
    folder = (entry.folder / target).resolve()
    if folder == entry.folder.resolve():
        return True
    try:
        parts = folder.relative_to(project.root).parts
    except ValueError:
        return False
    if len(parts) != 3 or not (folder / "index.vi.md").is_file():
        return False
    top, owner, slug = parts
    if (top, owner) == ("content", "guides"):
        return site is None or slug in site.guides
    return site is not None and owner == site.slug and top in ENTRY_ROOTS.values()


_CODE_SPAN = re.compile(r"(`+).+?\1")


_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _body_links(body: str, first_line: int):
    """(line, target, is a photo) of each link in Markdown that is not to another host,
    outside code."""
    if "](" not in body:  # no link at all: most bodies, not read line by line
        return
    fenced = False
    for offset, text in enumerate(body.split("\n")):
        if text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        text = _CODE_SPAN.sub("", text)  # `![a](b.jpg)` in code is an example, not a link
        for match in _LINK.finditer(text):
            target = match.group(1).split("#", 1)[0].split("?", 1)[0]
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.I):
                continue
            yield first_line + offset, target, match.group(0).startswith("!")
