"""Short-link landing pages: `<short folder>/<CODE>/index.html` for every code ever issued.

A QR payload such as `HTTPS://HD.EXAMPLE.ORG/Q/93D9Q/` opens one tiny page that sends the
phone on to the entry in its language, within one round trip and on any static host:
a choice made with the language switch (kept in localStorage) wins, then the first of
`navigator.languages` the site speaks, then the site's default. Without JavaScript a
meta refresh leads to the default language, and both links stay visible. Retired codes
get a page saying the entry was removed on purpose, with the note and links onward.
Every URL is relative, so the same files work under any host name.
"""

from __future__ import annotations

import json
from html import escape

from .. import links
from ..codes import Code, Registry, landing_path, targets
from ..i18n import N_, gettext_for
from ..model import DEFAULT_LANG, LANG_NAMES, Project, Site
from .pages import EXAMPLE_NOTICE, SECTION_TITLES

# The localStorage key the language switch writes (generator/theme/partials/alternate.html).
STORAGE_KEY = "qs-lang"
STYLE = (
    "body{font:18px/1.5 sans-serif;margin:2em auto;max-width:30em;padding:0 1em;color:#222}"
    "a{display:block;padding:.5em 0;color:#0b57d0}"
)
SCRIPT = (
    "(function(){{var p={pages},l;try{{l=localStorage.getItem({key})}}catch(e){{}}"
    "if(!p.hasOwnProperty(l)){{l={default};"
    "var n=navigator.languages||[navigator.language||''];"
    "for(var i=0;i<n.length;i++){{var c=String(n[i]).slice(0,2).toLowerCase();"
    "if(p.hasOwnProperty(c)){{l=c;break}}}}}}location.replace(p[l]+location.hash)}})()"
)


REMOVED_TITLE = N_("This sign's page was removed")
REMOVED_TEXT = N_(
    "The page that code {code} ('{title}') led to was removed on purpose by the site's editors."
)
HOME = N_("Home")


def landings(project: Project, site: Site, registry: Registry) -> dict[str, str]:
    """The landing page of every code of `site`'s checked `registry`: its HTML by its
    folder under the site's root."""
    pages = {t.key: t.page for t in targets(project, site)}
    titles = _titles(project, site)
    langs = [lang for lang in site.languages if lang in LANG_NAMES] or [DEFAULT_LANG]
    made = {}
    for code in sorted(registry.codes.values(), key=lambda c: c.code):
        here = landing_path(site, code.code)
        if code.retired:
            html = retired_html(site, code, here, sections_of(project, site), langs)
        elif code.target in pages:
            page = pages[code.target]
            html = landing_html(code, here, page, titles.get(page, {}), langs, site.example)
        else:
            continue  # the check already failed the build for such a code
        made[here] = html
    return made


def landing_html(
    code: Code,
    here: str,
    page: str,
    titles: dict[str, str],
    langs: list[str],
    example: bool = False,
):
    """The page behind a live code: a redirect by language, links and a no-script refresh.
    An example site's landing says it is an example, in every language, like its pages."""
    default = DEFAULT_LANG if DEFAULT_LANG in langs else langs[0]
    urls = {lang: links.relative(here, links.site_path(lang, page)) for lang in langs}
    title = titles.get(default) or code.title or code.code
    script = SCRIPT.format(
        pages=json.dumps(urls, sort_keys=True, separators=(",", ":")),
        key=json.dumps(STORAGE_KEY),
        default=json.dumps(default),
    )
    items = "".join(
        f'<a href="{escape(urls[lang])}" hreflang="{lang}" lang="{lang}">'
        f"{escape(titles.get(lang) or title)} · {LANG_NAMES[lang]}</a>"
        for lang in langs
    )
    if example:
        items = example_notes(langs) + items
    return _document(
        default,
        title,
        f'<noscript><meta http-equiv="refresh" content="0; url={escape(urls[default])}">'
        f"</noscript><script>{script}</script>",
        items,
    )


def retired_html(site: Site, code: Code, here: str, sections: set[str], langs: list[str]) -> str:
    """The page behind a retired code: says what happened, in every language, and links on."""
    section = _section_of(code.target)
    parts = []
    for lang in langs:
        _ = gettext_for(lang)
        onward = [(links.site_path(lang, ""), site.name.get(lang) + " · " + _(HOME))]
        if section in sections:
            onward.append((links.site_path(lang, f"{section}/"), _(SECTION_TITLES[section])))
        parts.append(
            f'<section lang="{lang}"><h1>{escape(_(REMOVED_TITLE))}</h1><p>'
            + escape(_(REMOVED_TEXT).format(code=code.code, title=code.title or code.target))
            + "</p>"
            + (f"<p><q>{escape(code.note)}</q></p>" if code.note else "")
            + "".join(
                f'<a href="{escape(links.relative(here, path))}">{escape(text)}</a>'
                for path, text in onward
            )
            + "</section>"
        )
    default = DEFAULT_LANG if DEFAULT_LANG in langs else langs[0]
    notes = example_notes(langs) if site.example else ""
    return _document(default, gettext_for(default)(REMOVED_TITLE), "", notes + "".join(parts))


def example_notes(langs: list[str]) -> str:
    return "".join(
        f'<p class="qs-example" lang="{lang}">{escape(gettext_for(lang)(EXAMPLE_NOTICE))}</p>'
        for lang in langs
    )


def _document(lang: str, title: str, head: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title>{head}<style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def _titles(project: Project, site: Site) -> dict[str, dict[str, str]]:
    """Page path -> language -> title, for every entry a code can open."""
    out: dict[str, dict[str, str]] = {}
    entries = list(project.entries.get(site.slug, [])) + project.site_guides(site.slug)
    entries += [g for g in project.guides.values() if g not in entries]
    for entry in entries:
        out[f"{entry.section}/{entry.slug}/"] = {
            lang: str(entry.localized(lang).fields.get("title") or entry.slug)
            for lang in site.languages
        }
    return out


def _section_of(target: str) -> str:
    if target.startswith("content/guides/"):
        return "guides"
    return target.split("/", 1)[0]


def sections_of(project: Project, site: Site) -> set[str]:
    """The list pages the built site has (the same rule as the site's home page)."""
    out = set()
    kinds = {e.kind for e in project.entries.get(site.slug, [])}
    if "relic" in kinds:
        out.add("relics")
    if "street" in kinds:
        out.add("streets")
    if project.site_guides(site.slug):
        out.add("guides")
    if site.counters:
        out.add("counters")
    return out
