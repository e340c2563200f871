"""One entry's pages made again on their own, without building the site.

The preview (serve.py) shows an edited entry this way at once, while the whole site is
built again behind it: each language's page of the entry, written by the same code and
finished from the same stand-in's shell (stamp.py) as in the full build, which then
replaces it with the very same bytes. What the entry changes elsewhere (its list, the
search) waits for that build.
"""

from __future__ import annotations

from .. import links
from ..i18n import gettext_for
from ..model import Entry, Project, Site
from . import stamp
from .build import finished_stamped
from .media import MediaMap
from .pages import PageWriter
from .rendered import Rendered


def entry_pages(
    project: Project,
    site: Site,
    entry: Entry,
    stamps: dict[tuple, stamp.Stamped],
    media: MediaMap,
    codes: dict[str, str],
) -> dict[str, str] | None:
    """The finished HTML of `entry`'s page in each language, by its file under the site
    folder; None when a page has no shell to be stamped from in `stamps` (the last
    build's, by language and stamp.group_key), such as the only page of its kind."""
    rendered = Rendered()
    shells: dict = {}
    out: dict[str, str] = {}
    for lang in site.languages:
        writer = PageWriter(project, site, lang, gettext_for(lang), media, codes, rendered)
        page = writer.entry_page(entry)
        like = stamps.get((lang, stamp.group_key(page)))
        if like is None:
            return None
        path = f"{links.lang_prefix(lang)}{page.path}index.html"
        out[path] = finished_stamped(path, like.like(page), page.html, shells)
    return out
