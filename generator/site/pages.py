"""Every page of a site in one language, as plain HTML fragments.

We write the pages ourselves and give MkDocs finished content: MkDocs and Material
wrap it in the theme. No plugin, and nothing here depends on MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from .. import links
from ..i18n import N_
from ..model import DEFAULT_LANG, Counter, Entry, Payment, Project, Site
from .about import EntryAbout
from .media import MediaMap
from .rendered import Rendered


@dataclass
class Page:
    path: str  # relative to the language root, e.g. "relics/den-chu/"
    title: str
    description: str
    html: str
    kind: str  # home | list | relic | street | guide | counter | search
    translated: bool = True
    search: dict | None = field(default=None)  # an entry in the search index
    image: str = ""  # the absolute address of its cover, for link previews


EXAMPLE_NOTICE = N_(
    "Example content: this text shows how a page looks and has not been checked. Do not rely on it."
)
SECTION_TITLES = {
    "relics": N_("Relics"),
    "streets": N_("Streets"),
    "guides": N_("Service guides"),
    "counters": N_("One-stop counters"),
}


class PageWriter:
    def __init__(
        self,
        project: Project,
        site: Site,
        lang: str,
        gettext,
        media: MediaMap,
        codes: dict[str, str] | None = None,
        rendered: Rendered | None = None,
    ):
        self.project = project
        self.site = site
        self.lang = lang
        self._ = gettext
        self.media = media
        self.codes = codes or {}  # entry key -> its own short code (relics, streets)
        self.rendered = rendered or Rendered()  # each body's HTML and search terms
        self._folders: dict | None = None
        self.about = EntryAbout(site, lang, gettext, project.day)

    # --- helpers --------------------------------------------------------------------

    def html_text(self, message: str) -> str:
        """A UI string in the page's language, escaped for HTML."""
        return escape(self._(message))

    def link(self, from_path: str, to_path: str, text: str, cls: str = "") -> str:
        attr = f' class="{cls}"' if cls else ""
        return f'<a href="{escape(links.relative(from_path, to_path))}"{attr}>{escape(text)}</a>'

    def media_url(self, from_path: str, media_path: str) -> str:
        # media sits at the root of the whole site, shared by both languages
        up = "../" * (from_path.count("/") + (0 if self.lang == "vi" else 1))
        return up + media_path

    def notices(self, entry: Entry, translated: bool) -> str:
        out = []
        if not translated:
            out.append(
                '<div class="admonition warning qs-fallback" lang="en"><p>'
                + escape(
                    self._(
                        "This page has not been translated into English yet. "
                        "The Vietnamese text is shown below."
                    )
                )
                + "</p></div>"
            )
        if entry.draft:  # only a preview shows a draft: the build leaves it out
            out.append(
                '<div class="admonition danger qs-draft"><p>'
                + escape(
                    self._(
                        "Draft: this page is not published. It has no QR code or sign yet; "
                        "delete 'draft: true' when it is ready."
                    )
                )
                + "</p></div>"
            )
        if entry.vi.fields.get("example") or self.site.example:
            out.append(self.example_notice())
        if entry.kind == "guide":
            out.append(self.about.overdue_notice(entry))
        else:
            out.append(self.about.locality_notices())
        return "".join(out)

    def example_notice(self) -> str:
        return (
            '<div class="admonition note qs-example"><p>'
            + self.html_text(EXAMPLE_NOTICE)
            + "</p></div>"
        )

    def site_notices(self) -> str:
        """What every page that is not an entry says first: example site, changed place."""
        return (self.example_notice() if self.site.example else "") + (
            self.about.locality_notices()
        )

    def entry_end(self, entry: Entry, path: str, title: str) -> str:
        """Sources, the day the facts were checked, and a way to report a mistake."""
        page_url = links.absolute(self.site.base_url, self.lang, path)
        return self.about.end(entry, title, page_url, self.codes.get(entry.key, ""))

    def body_html(self, entry: Entry, body: str, from_path: str) -> str:
        html = self.entry_links(entry, self.rendered.html(body), from_path)
        has_cover = bool(entry.vi.fields.get("cover"))  # then it is the page's first picture
        return self.media.rewrite(
            entry, html, lambda p: self.media_url(from_path, p), eager_first=not has_cover
        )

    _HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"#?:]+/?)((?:#[^"]*)?")')

    def entry_links(self, entry: Entry, html: str, from_path: str) -> str:
        """A link to another entry's folder in the content tree opens that entry's page.

        Authors link the way their files lie (`../../../content/guides/kich-hoat-vneid/`);
        the built site lays pages out by section, so the link is rewritten to match.
        """

        def repl(match: re.Match) -> str:
            target = match.group(2)
            if target.startswith("/"):
                return match.group(0)
            other = self._entry_folders().get((entry.folder / target).resolve())
            if other is None:
                return match.group(0)
            if other.kind == "guide" and other.slug not in self.site.guides:
                return match.group(1)[: -len('href="')] + 'data-qs-nowhere=""'  # see below
            href = links.relative(from_path, links.entry_path(other))
            return match.group(1) + escape(href) + match.group(3)

        html = self._HREF.sub(repl, html)
        # a guide this site does not carry: no page to open here, so the words are text
        return self._NOWHERE.sub(r"<span>\1</span>", html)

    _NOWHERE = re.compile(r"<a\b[^>]*\sdata-qs-nowhere=[^>]*>(.*?)</a>", re.S)

    def _entry_folders(self) -> dict[Path, Entry]:
        """Each entry the site can link to, by its folder; made when a page first links."""
        if self._folders is None:
            entries = [*self.project.entries.get(self.site.slug, []), *self.project.guides.values()]
            self._folders = {e.folder.resolve(): e for e in entries}
        return self._folders

    def cover(self, entry: Entry, from_path: str, title: str, eager: bool) -> str:
        name = entry.vi.fields.get("cover")
        if not name:
            return ""
        return self.media.picture(
            entry, name, title, lambda p: self.media_url(from_path, p), eager=eager
        )

    def sections(self) -> list[str]:
        out = []
        if self.project.site_entries(self.site.slug, "relic"):
            out.append("relics")
        if self.project.site_entries(self.site.slug, "street"):
            out.append("streets")
        if self.project.site_guides(self.site.slug):
            out.append("guides")
        if self.site.counters:
            out.append("counters")
        return out

    # --- pages ----------------------------------------------------------------------

    def all_pages(self) -> list[Page]:
        pages = [self.home()]
        for section in self.sections():
            pages.append(self.section_list(section))
        for entry in self.project.entries.get(self.site.slug, []):
            pages.append(self.entry_page(entry))
        for guide in self.project.site_guides(self.site.slug):
            pages.append(self.entry_page(guide))
        for counter in self.site.counters:
            pages.append(self.counter_page(counter))
        pages.append(self.search_page())
        return pages

    def home(self) -> Page:
        _ = self._
        desc = self.site.description.get(self.lang)
        parts = [f"<h1>{escape(self.site.name.get(self.lang))}</h1>", self.site_notices()]
        if desc:
            parts.append(f'<p class="qs-lead">{escape(desc)}</p>')
        parts.append('<ul class="qs-sections">')
        for section in self.sections():
            parts.append(
                "<li>" + self.link("", f"{section}/", _(SECTION_TITLES[section])) + "</li>"
            )
        parts.append("</ul>")
        parts.append(self.contact_html())
        parts.append(self.about.sources_html(self.site.sources))
        return Page(
            "", self.site.name.get(self.lang), desc, "\n".join(p for p in parts if p), "home"
        )

    def contact_html(self) -> str:
        _ = self._
        org = escape(self.site.organization.get(self.lang))
        items = [f"<p>{org}</p>"]
        if self.site.phone:
            tel = "".join(c for c in self.site.phone if c.isdigit() or c == "+")
            items.append(
                "<p>"
                + self.html_text("Phone")
                + f': <a href="tel:{tel}">{escape(self.site.phone)}</a></p>'
            )
        if self.site.zalo:
            items.append(
                f'<p><a href="{escape(self.site.zalo)}" rel="noopener noreferrer">'
                f"" + self.html_text("Zalo Official Account") + "</a></p>"
            )
        if self.site.email:
            items.append(
                "<p>"
                + self.html_text("Email")
                + f': <a href="mailto:{escape(self.site.email)}">{escape(self.site.email)}</a></p>'
            )
        return '<div class="qs-contact">' + "".join(items) + "</div>"

    def section_list(self, section: str) -> Page:
        _ = self._
        path = f"{section}/"
        title = _(SECTION_TITLES[section])
        parts = [f"<h1>{escape(title)}</h1>", self.site_notices(), '<ul class="qs-list">']
        if section == "counters":
            for counter in self.site.counters:
                parts.append(
                    "<li>"
                    + self.link(path, links.counter_path(counter), counter.name.get(self.lang))
                    + f"<p>{escape(counter.place.get(self.lang))}</p></li>"
                )
        else:
            entries = (
                self.project.site_guides(self.site.slug)
                if section == "guides"
                else self.project.site_entries(self.site.slug, section[:-1])
            )
            for entry in entries:
                loc = entry.localized(self.lang)
                thumb = ""
                if entry.vi.fields.get("cover"):
                    thumb = self.media.thumbnail(
                        entry, entry.vi.fields["cover"], lambda p: self.media_url(path, p)
                    )
                parts.append(
                    f'<li class="qs-card">{thumb}<div>'
                    + self.link(path, links.entry_path(entry), loc.fields["title"])
                    + f"<p>{escape(loc.fields.get('summary', ''))}</p></div></li>"
                )
        parts.append("</ul>")
        return Page(path, title, "", "\n".join(p for p in parts if p), "list")

    def entry_page(self, entry: Entry) -> Page:
        loc = entry.localized(self.lang)
        path = links.entry_path(entry)
        render = {"relic": self.relic_html, "street": self.street_html, "guide": self.guide_html}
        html = render[entry.kind](entry, loc, path)
        search = {
            "t": loc.fields["title"],
            "s": loc.fields.get("summary", ""),
            "u": path,
            "b": self.rendered.terms(loc.body),
        }
        return Page(
            path,
            loc.fields["title"],
            loc.fields.get("summary", ""),
            html,
            entry.kind,
            loc.translated,
            search,
            self.share_image(entry),
        )

    def share_image(self, entry: Entry) -> str:
        """The cover's 720 px JPEG as an absolute address (a link preview's picture)."""
        name = entry.vi.fields.get("cover")
        if not name:
            return ""
        return self.site.base_url + quote(self.media.sized_jpeg(entry, name))

    def relic_html(self, entry: Entry, loc, path: str) -> str:
        _ = self._
        f = loc.fields
        parts = [
            f"<h1>{escape(f['title'])}</h1>",
            self.notices(entry, loc.translated),
            self.cover(entry, path, f["title"], eager=True),
            f'<p class="qs-lead">{escape(f.get("summary", ""))}</p>',
        ]
        facts = [(_("Address"), escape(f.get("address", "")))]
        if f.get("coordinates"):
            lat, lon = f["coordinates"]
            osm = f"https://www.openstreetmap.org/?mlat={lat}&amp;mlon={lon}#map=17/{lat}/{lon}"
            facts.append(
                (
                    _("Map"),
                    f'<a href="geo:{lat},{lon}">' + self.html_text("Open in a map app") + f"</a> · "
                    f'<a href="{osm}" rel="noopener noreferrer">OpenStreetMap</a>',
                )
            )
        if f.get("hours"):
            facts.append((_("Opening hours"), escape(f["hours"])))
        if f.get("ranking"):
            facts.append((_("Ranking"), escape(f["ranking"])))
        parts.append(self.facts_box(facts))
        if f.get("audio"):
            parts.append(self.audio_html(entry, f["audio"], path))
        parts.append(self.body_html(entry, loc.body, path))
        parts.append(self.entry_end(entry, path, f["title"]))
        return "\n".join(p for p in parts if p)

    def facts_box(self, facts: list[tuple[str, str]]) -> str:
        rows = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in facts if v)
        return f'<dl class="qs-facts">{rows}</dl>'

    def audio_html(self, entry: Entry, name: str, path: str) -> str:
        _ = self._
        src = self.media.file(entry, name, lambda p: self.media_url(path, p))
        return (
            '<div class="qs-audio"><p>' + self.html_text("Listen to the narration") + f"</p>"
            f'<audio controls preload="none" src="{escape(src)}">'
            f'<a href="{escape(src)}">'
            + self.html_text("Download the narration")
            + "</a></audio></div>"
        )

    def street_html(self, entry: Entry, loc, path: str) -> str:
        _ = self._
        f = loc.fields
        kind = (
            _("Cashless street")
            if f.get("kind") == "cashless"
            else _("Digital transformation street")
        )
        parts = [
            f"<h1>{escape(f['title'])}</h1>",
            self.notices(entry, loc.translated),
            f'<p class="qs-kind">{escape(kind)} · {escape(f.get("ward", ""))}</p>',
            f'<p class="qs-lead">{escape(f.get("summary", ""))}</p>',
            "<h2>" + self.html_text("The QR boards along the street") + "</h2>",
            '<ol class="qs-stops">',
        ]
        for stop in sorted(f.get("stops") or [], key=lambda s: s.get("number") or 0):
            guide = self.project.guides.get(stop.get("guide"))
            target = ""
            if guide:
                target = self.link(
                    path, links.entry_path(guide), guide.localized(self.lang).fields["title"]
                )
            parts.append(
                f'<li value="{int(stop.get("number") or 0)}"><strong>'
                f"{escape(str(stop.get('place', '')))}</strong><br>{target}</li>"
            )
        parts.append("</ol>")
        shops = f.get("shops") or []
        if shops:
            parts.append("<h2>" + self.html_text("Shops that take cashless payment") + "</h2>")
            if self.lang != DEFAULT_LANG:  # shops are named as their signs are, in Vietnamese
                parts.append(
                    '<p class="qs-shops-note">'
                    + self.html_text(
                        "Shop names and addresses are given in Vietnamese, as written on "
                        "the street."
                    )
                    + "</p>"
                )
            lang_attr = f' lang="{DEFAULT_LANG}"' if self.lang != DEFAULT_LANG else ""
            parts.append(f'<ul class="qs-shops"{lang_attr}>')
            payments = {p.shop: p for p in entry.payments}
            for shop in shops:
                pays = ", ".join(str(p) for p in shop.get("pays") or [])
                parts.append(
                    f"<li><strong>{escape(str(shop.get('name', '')))}</strong>"
                    f"<br>{escape(str(shop.get('address', '')))}"
                    + ("<br>" + self.html_text("Pay with") + f": {escape(pays)}" if pays else "")
                    + self.payee_html(payments.get(shop.get("name")))
                    + "</li>"
                )
            parts.append("</ul>")
        parts.append(self.body_html(entry, loc.body, path))
        parts.append(self.entry_end(entry, path, f["title"]))
        return "\n".join(p for p in parts if p)

    def payee_html(self, payment: Payment | None) -> str:
        """Whom a shop's payment code pays, to compare with the name a bank app shows:
        the bank, the holder and the account's last four digits, never the whole number."""
        if payment is None:
            return ""
        return (
            f'<br><span class="qs-payee" lang="{self.lang}">'
            + escape(
                self._("Bank transfer: {bank}, to {holder}, account ending {tail}").format(
                    bank=payment.bank, holder=payment.holder, tail=payment.account_tail
                )
            )
            + "</span>"
        )

    def guide_html(self, entry: Entry, loc, path: str) -> str:
        _ = self._
        f = loc.fields
        parts = [
            f"<h1>{escape(f['title'])}</h1>",
            self.notices(entry, loc.translated),
            f'<p class="qs-lead">{escape(f.get("summary", ""))}</p>',
        ]
        facts = []
        if f.get("audience"):
            facts.append((_("Who it is for"), escape(f["audience"])))
        if f.get("documents"):
            items = "".join(f"<li>{escape(d)}</li>" for d in f["documents"])
            facts.append((_("Documents to bring"), f"<ul>{items}</ul>"))
        if f.get("fee"):
            facts.append((_("Fee"), escape(f["fee"])))
        if f.get("duration"):
            facts.append((_("Time needed"), escape(f["duration"])))
        if facts:
            parts.append(self.facts_box(facts))
        parts.append(f'<div class="qs-steps">{self.body_html(entry, loc.body, path)}</div>')
        if f.get("links"):
            parts.append("<h2>" + self.html_text("Official links") + '</h2><ul class="qs-links">')
            for link in f["links"]:
                parts.append(
                    f'<li><a href="{escape(str(link.get("url", "")))}" rel="noopener noreferrer">'
                    f"{escape(str(link.get('title', '')))}</a></li>"
                )
            parts.append("</ul>")
        parts.append(self.entry_end(entry, path, f["title"]))
        parts.append(
            '<p class="qs-print-hint">'
            + self.html_text("Tip: print this page to keep the steps on paper.")
            + "</p>"
        )
        return "\n".join(p for p in parts if p)

    def counter_page(self, counter: Counter) -> Page:
        _ = self._
        path = links.counter_path(counter)
        title = counter.name.get(self.lang)
        parts = [f"<h1>{escape(title)}</h1>", self.site_notices()]
        if counter.place.vi:
            parts.append(f'<p class="qs-lead">{escape(counter.place.get(self.lang))}</p>')
        parts.append(self.about.counter_history(counter))
        parts.append(
            "<h2>" + self.html_text("Guides at this counter") + '</h2><ul class="qs-list">'
        )
        for slug in counter.guides:
            guide = self.project.guides.get(slug)
            if guide:
                loc = guide.localized(self.lang)
                parts.append(
                    "<li>"
                    + self.link(path, links.entry_path(guide), loc.fields["title"])
                    + f"<p>{escape(loc.fields.get('summary', ''))}</p></li>"
                )
        parts.append("</ul>")
        html = "\n".join(p for p in parts if p)
        return Page(path, title, counter.place.get(self.lang), html, "counter")

    def search_page(self) -> Page:
        _ = self._
        html = (
            "<h1>" + self.html_text("Search") + "</h1>"
            '<form class="qs-search" role="search" onsubmit="return false">'
            '<label for="qs-q">'
            + self.html_text("Type a few words, with or without accents")
            + "</label>"
            '<input id="qs-q" type="search" autocomplete="off">'
            "</form>"
            '<p id="qs-status" data-none="' + self.html_text("Nothing found") + '"></p>'
            '<ol id="qs-results" class="qs-list"></ol>'
            "<noscript><p>"
            + escape(_("Search needs JavaScript. Use the menu instead."))
            + "</p></noscript>"
        )
        return Page("search/", _("Search"), "", html, "search")
