"""Old page addresses keep working: a moved entry's old path leads to its new page.

Long addresses are what people paste into Zalo groups and news articles, so after
`qrsite move` the old path gets, in every language, a small page that sends the reader
on: a meta refresh (no JavaScript needed), a visible link and `rel=canonical`. An entry
removed with `qrsite retire` leaves its "removed on purpose" page at its old path. The
moves are recorded in codes.yml, so every later build writes these pages again; they are
outside the sitemap and the search index, and never stand on a live page's path.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from .. import links
from ..codes import Registry, is_entry_key
from ..i18n import N_, gettext_for
from ..model import DEFAULT_LANG, LANG_NAMES, Project, Site
from .landing import STYLE, retired_html, sections_of

MOVED_TEXT = N_("This page has moved to:")
MAX_CHAIN = 64  # moves of moves: A -> B -> C; a loop stops here


def page_of(key: str) -> str:
    """The page path of an entry key: relics/<site>/<slug> -> relics/<slug>/."""
    parts = key.split("/")
    section = "guides" if parts[0] == "content" else parts[0]
    return f"{section}/{parts[-1]}/"


def write_old_addresses(project: Project, site: Site, site_dir: Path, registry: Registry) -> int:
    """Write the pages at old addresses; returns how many were written."""
    live = _live_pages(project, site)
    langs = [lang for lang in site.languages if lang in LANG_NAMES] or [DEFAULT_LANG]
    titles = _titles(project, site, langs)
    retired = {c.target: c for c in registry.codes.values() if c.retired and is_entry_key(c.target)}
    written = 0
    root = site_dir.resolve()
    for old in sorted({*registry.moved, *retired}):
        old_page = page_of(old)
        if old_page in live.values() or not (root / old_page).resolve().is_relative_to(root):
            continue  # a live page stands there again (or the key leads out: never written)
        final = _follow(registry.moved, old)
        for lang in langs:
            here = links.site_path(lang, old_page)
            if final in live:
                html = moved_html(site, lang, here, live[final], titles[final].get(lang, ""))
            elif final in retired:
                html = retired_html(site, retired[final], here, sections_of(project, site), langs)
            else:
                continue  # moved to an entry that is gone: its code's check names it
            out = site_dir / here / "index.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(html, encoding="utf-8")
            written += 1
    return written


def moved_html(site: Site, lang: str, here: str, page: str, title: str) -> str:
    _ = gettext_for(lang)
    target = links.site_path(lang, page)
    href = escape(links.relative(here, target))
    canonical = escape(links.absolute(site.base_url, lang, page))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f'<link rel="canonical" href="{canonical}">'
        f'<meta http-equiv="refresh" content="0; url={href}">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f'<body><p>{escape(_(MOVED_TEXT))}</p><a href="{href}">{escape(title)}</a></body></html>\n'
    )


def _follow(moved: dict[str, str], key: str) -> str:
    for _ in range(MAX_CHAIN):
        if key not in moved:
            break
        key = moved[key]
    return key


def _live_pages(project: Project, site: Site) -> dict[str, str]:
    """Every page an old address may not stand on, by the key that names it."""
    entries = [*project.entries.get(site.slug, []), *project.site_guides(site.slug)]
    live = {e.key: links.entry_path(e) for e in entries}
    live.update({f"counters/{c.slug}": links.counter_path(c) for c in site.counters})
    return live


def _titles(project: Project, site: Site, langs: list[str]) -> dict[str, dict[str, str]]:
    entries = [*project.entries.get(site.slug, []), *project.site_guides(site.slug)]
    return {
        e.key: {lang: str(e.localized(lang).fields.get("title") or e.slug) for lang in langs}
        for e in entries
    }
