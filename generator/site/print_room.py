"""The print room: one page per site listing every sign, with the files for the print shop.

Where it lives: `print/` in the built site (`build/<site>/site/print/index.html`, served
as `https://<site>/print/`) when site.yml says `print_room: public` (the default), or
`build/<site>/print-room/` beside the site, never published, with `print_room: artifact`.
The address is unlisted, not secret: no public page links to it, it carries
`<meta name="robots" content="noindex">`, it is not a MkDocs page (so not in
sitemap.xml) nor in the search index, and the offline worker lets its requests through
to the network without storing them (offline.py: `UNCACHED`). "print" can never be a
short code (codes.ALPHABET has no I), so it cannot meet a landing page at the root.

The page shows each sign's preview, kind, paper, placement, the page its code opens and
the code, grouped by kind, with short print instructions in every language of the site;
signs that must be printed again (`reprint`, from generator.printed) are marked and listed
first. Its links are to files beside it: each sign's PDF and PNG, `all.pdf`, `reprint.pdf`
(when the build made one) and `manifest.csv`, hard-linked from the site's `signs/`
folder. Payment stickers (`signs/payments/`) carry whole bank accounts: nothing of that
folder is read, and no row of a payment kind is listed. No JavaScript; the same input
gives the same bytes.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Mapping
from html import escape
from pathlib import Path

from PIL import Image

from .. import links
from ..codes import Code, landing_path, qr_short_base, targets
from ..i18n import N_, gettext_for
from ..model import DEFAULT_LANG, LANG_NAMES, Project, Site
from ..signs.messages import render, sign_kind
from ..signs.render import BOOKS, read_manifest
from ..signs.spec import KINDS, PAYMENT_KINDS
from ..staging import place
from .precompress import write_copy

PRINT_ROOM = "print/"  # in the built site, from its root
ARTIFACT_DIR = "print-room"  # in build/<site>/, with `print_room: artifact`
MANIFEST = "manifest.csv"
SOURCE_LANG = "en"  # the language message ids are written in
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

TITLE = N_("Print room")
INTRO = N_(
    "Every sign of {site}, with the files for the print shop. No page of the site links "
    "here, but the address is not secret."
)
FILES = N_("Files for the print shop")
BOOK_TEXTS = {
    "all.pdf": N_("every sign, one after the other"),
    "reprint.pdf": N_("only the signs to print again"),
    MANIFEST: N_("the list of signs, for a spreadsheet"),
}
HOW = N_("How to print")
ACTUAL_SIZE = N_(
    "Print at actual size (100%). Never choose “Fit to page”: it shrinks the code's "
    "modules and moves the crop marks."
)
MATERIAL = N_("Paper or material, by where the sign goes:")
MATERIALS = {
    "relic_plaque": N_(
        "relic plaques hang outdoors: weatherproof, for example aluminium composite panel "
        "or a laminated print"
    ),
    "street_board": N_(
        "street boards stand outdoors: weatherproof, for example aluminium composite panel "
        "or a laminated print"
    ),
    "street_poster": N_("street posters: a laminated print, or behind glass where rain reaches"),
    "counter_tent": N_("counter table tents: stiff card, folded along the dashed line"),
    "sticker_sheet": N_("sticker sheets: vinyl sticker paper, cut along the marks"),
}
TEST_SCAN = N_(
    "Once the sign hangs, scan it with two or three phones, Zalo's scanner among them, "
    "and check that each opens the page listed here."
)
AGAIN = N_("To print again")
AGAIN_MARK = N_("Print again: {reason}")
CODE = N_("Code")
KIND = N_("Kind")
PAPER = N_("Paper")
PLACEMENT = N_("Placement")
OPENS = N_("Opens")
FILE = N_("File")
PREVIEW = N_("Preview of sign {code}")
EACH_STICKER = N_("each sticker opens its own page")
NO_SIGNS = N_("This site has no signs yet.")

STYLE = (
    "body{font:16px/1.45 sans-serif;margin:1em auto;max-width:70em;padding:0 1em;color:#222}"
    "a{color:#0b57d0}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
    ".signs{display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:1em}"
    ".sign{border:1px solid #ccc;padding:.6em}.sign img{width:100%;height:auto;"
    "border:1px solid #eee}.again{border:3px solid #b3261e}.mark{color:#b3261e;"
    "font-weight:bold}h3{font-size:1em;margin:.4em 0}dl{margin:0}dt{float:left;"
    "clear:left;margin-right:.4em;color:#555}dd{margin:0;overflow-wrap:anywhere}"
)


def code_pages(project: Project, site: Site, codes: Mapping[str, Code]) -> dict[str, str]:
    """Short code -> the page it opens, from a language's root (e.g. 'relics/x/'), for
    the site's checked `codes` (target key -> Code, as codes.assign gives them)."""
    pages = {t.key: t.page for t in targets(project, site)}
    return {code.code: pages[key] for key, code in codes.items() if key in pages}


def write_print_room(
    site: Site,
    signs_dir: Path,
    out_dir: Path,
    reprint: Mapping[str, str],
    *,
    pages: Mapping[str, str] | None = None,
    site_dir: Path | None = None,
    moved_to: Path | None = None,
) -> Path:
    """Write the print room of `site` into `out_dir`: index.html and the files it links,
    from `signs_dir` (its manifest.csv, PDFs and PNG previews; never its payments/).

    `reprint`: sign code -> why it must be printed (again), shown as given (a message
    is translated); only the codes of signs in the manifest are shown (the map may name
    payment stickers, which stay out). `pages`: short code -> the page it opens
    (code_pages); without it a sign links its landing page. `site_dir`: the built
    site; when `out_dir` is inside it, links to pages are relative and the page gets a
    gzip copy like every page of the site, else they are absolute (base_url). Returns
    the page's path. `moved_to`: where `out_dir` will be moved once written, when it is
    made apart (links and the gzip copy are those of that place)."""
    signs_dir, out_dir = Path(signs_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    to_site = _to_site(moved_to or out_dir, site_dir)
    rows = _read_manifest(signs_dir / MANIFEST)
    present = _files_in(signs_dir)
    wanted = [name for row in rows for name in (row["file"], _png_of(row["file"]))]
    shipped = set()
    for name in (*wanted, *BOOKS, MANIFEST):
        if name in present and name not in shipped:
            place(os.path.join(signs_dir, name), os.path.join(out_dir, name))
            shipped.add(name)
    langs = [lang for lang in site.languages if lang in LANG_NAMES] or [DEFAULT_LANG]
    listed = {row["code"] for row in rows}  # a payment sticker's code names its shop
    reprint = {code: why for code, why in reprint.items() if code in listed}
    room = _Room(site, langs, rows, reprint, pages or {}, to_site, shipped, out_dir)
    page = out_dir / "index.html"
    data = room.html().encode()
    page.write_bytes(data)
    if to_site is not None:
        write_copy(page, data)
    return page


def _to_site(out_dir: Path, site_dir: Path | None) -> str | None:
    """The relative link from the print room to the site's root, when it is inside."""
    if site_dir is None:
        return None
    out, root = os.path.abspath(out_dir), os.path.abspath(site_dir)
    if os.path.commonpath([out, root]) != root:
        return None
    rel = Path(os.path.relpath(root, out)).as_posix()
    return "" if rel == "." else rel + "/"


def _read_manifest(path: Path) -> list[dict[str, str]]:
    """The manifest's rows by column name (columns added later are carried along), less
    payment signs and rows whose file is not a plain name in the signs folder."""
    if not path.is_file():
        return []
    return [
        row
        for row in read_manifest(path)
        if row.get("code")
        and row.get("kind") not in PAYMENT_KINDS
        and _plain_name(row.setdefault("file", f"{row['code']}.pdf"))
    ]


def _files_in(folder: Path) -> set[str]:
    """The names of the plain files in `folder`: one listing, not a question per file
    (a province has thousands of signs)."""
    try:
        with os.scandir(folder) as found:
            return {entry.name for entry in found if entry.is_file(follow_symlinks=False)}
    except FileNotFoundError:
        return set()


def _plain_name(name: str) -> bool:
    return bool(name) and name == os.path.basename(name) and name not in (".", "..")


def _png_of(name: str) -> str:
    return os.path.splitext(name)[0] + ".png"


class _Room:
    def __init__(self, site, langs, rows, reprint, pages, to_site, shipped, out_dir):
        self.site, self.langs, self.rows = site, langs, rows
        self.reprint, self.pages, self.to_site = reprint, pages, to_site
        self.shipped, self.out_dir = shipped, out_dir
        self.default = DEFAULT_LANG if DEFAULT_LANG in langs else langs[0]
        self._both_made: dict[str | tuple, str] = {}  # both(), by what it was asked

    # --- text in every language -------------------------------------------------------

    def texts(self, message, **params) -> list[tuple[str, str]]:
        """(lang, text) in each language; a text the same as the one before is left out."""
        out: list[tuple[str, str]] = []
        for lang in self.langs:
            gettext = gettext_for(lang)
            if hasattr(message, "render"):  # a Message carries its values
                text = message.render(gettext)
            else:
                values = {k: render(v, gettext) for k, v in params.items()}
                text = gettext(message).format(**values)
            if text not in (t for _, t in out):
                out.append((lang if _translated(gettext, message) else SOURCE_LANG, text))
        return out

    def both(self, message, **params) -> str:
        """The message in every language, made once for each message and values (a
        label, a kind, a reason to print again: thousands of cards share them)."""
        if type(message) is str and not params:  # a label: the text names it
            key = (message,)
        else:
            kept = [getattr(message, "text", None), getattr(message, "params", None)]
            key = repr([message, *kept, sorted(params.items())])
        if key not in self._both_made:
            self._both_made[key] = self._both(message, **params)
        return self._both_made[key]

    def _both(self, message, **params) -> str:
        return " · ".join(
            f'<span lang="{lang}">{escape(text)}</span>'
            for lang, text in self.texts(message, **params)
        )

    def plain_both(self, message, **params) -> str:
        return " · ".join(text for _, text in self.texts(message, **params))

    # --- links ------------------------------------------------------------------------

    def site_link(self, path: str) -> str:
        """A link to `path` (from the site's root) from the print room."""
        if self.to_site is None:
            return self.site.base_url.rstrip("/") + "/" + path
        return self.to_site + path

    def opens(self, row) -> tuple[str | None, str | None]:
        """(its short code, the page it opens from a language's root or the site's root
        with `lang` None) for a sign's URL."""
        url = row.get("url", "")
        short = qr_short_base(self.site.short_base) if self.site.short_base else ""
        if short and url.startswith(short):
            code = url[len(short) :].strip("/")
            if code and "/" not in code:
                return code, self.pages.get(code)
        return None, None

    # --- the page ---------------------------------------------------------------------

    def html(self) -> str:
        title = self.plain_both(TITLE) + " – " + self.site.name.get(self.default)
        body = [
            f"<h1>{self.both(TITLE)}</h1>",
            "<p>"
            + " · ".join(
                f'<span lang="{lang}">{escape(text)}</span>'
                for lang, text in self.site_texts(INTRO)
            )
            + "</p>",
            self.files(),
            self.how(),
            self.again(),
            *self.groups(),
        ]
        return (
            f'<!doctype html><html lang="{self.default}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<meta name="robots" content="noindex">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>\n"
        )

    def site_texts(self, message) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for lang in self.langs:
            text = gettext_for(lang)(message).format(site=self.site.name.get(lang))
            if text not in (t for _, t in out):
                out.append((lang, text))
        return out

    def files(self) -> str:
        items = [
            f'<li><a href="{name}">{name}</a>: {self.both(BOOK_TEXTS[name])}</li>'
            for name in (*BOOKS, MANIFEST)
            if name in self.shipped
        ]
        if not items:
            return ""
        return f'<h2 id="files">{self.both(FILES)}</h2><ul>{"".join(items)}</ul>'

    def kinds(self) -> list[str]:
        present = {row["kind"] for row in self.rows}
        return [k for k in KINDS if k in present] + sorted(present - set(KINDS))

    def how(self) -> str:
        parts: dict[str, str] = {}  # a language's block, unless it repeats one before
        for lang in self.langs:
            _ = gettext_for(lang)
            materials = "".join(
                f"<li>{escape(_(MATERIALS[k]))}</li>" for k in self.kinds() if k in MATERIALS
            )
            items = [f"<li>{escape(_(ACTUAL_SIZE))}</li>"]
            if materials:
                items.append(f"<li>{escape(_(MATERIAL))}<ul>{materials}</ul></li>")
            items.append(f"<li>{escape(_(TEST_SCAN))}</li>")
            block = "".join(items)
            if block not in parts.values():  # untranslated yet: the English once
                parts[lang if _translated(_, ACTUAL_SIZE) else SOURCE_LANG] = block
        return f'<h2 id="how">{self.both(HOW)}</h2>' + "".join(
            f'<div lang="{lang}"><h3>{LANG_NAMES.get(lang, lang)}</h3><ul>{block}</ul></div>'
            for lang, block in parts.items()
        )

    def again(self) -> str:
        if not self.reprint:
            return ""
        listed = {row["code"]: row for row in self.rows}
        order = [c for c in listed if c in self.reprint]
        items = [
            f'<li><a href="#sign-{escape(code)}">{escape(code)}</a> '
            f"{self.title(listed[code])}: {self.reason(code)}</li>"
            for code in order
        ]
        return (
            f'<h2 id="again" class="mark">{self.both(AGAIN)} ({len(order)})</h2>'
            f"<ul>{''.join(items)}</ul>"
        )

    def reason(self, code: str) -> str:
        return f'<span class="mark">{self.both(AGAIN_MARK, reason=self.reprint[code])}</span>'

    def title(self, row) -> str:
        titles = []
        for lang in self.langs:
            text = row.get(f"title_{lang}") or row.get(f"title_{self.default}") or ""
            if text and text not in (t for _, t in titles):
                titles.append((lang, text))
        return " · ".join(f'<span lang="{lang}">{escape(t)}</span>' for lang, t in titles)

    def groups(self) -> list[str]:
        if not self.rows:
            return [f"<p>{self.both(NO_SIGNS)}</p>"]
        out = []
        for kind in self.kinds():
            rows = [row for row in self.rows if row["kind"] == kind]
            rows.sort(key=lambda row: row["code"] not in self.reprint)  # stable: again first
            out.append(
                f'<h2 id="kind-{escape(kind)}">{self.both(sign_kind(kind))} ({len(rows)})</h2>'
                f'<div class="signs">{"".join(self.card(row) for row in rows)}</div>'
            )
        return out

    def card(self, row) -> str:
        code, name = row["code"], row["file"]
        again = code in self.reprint
        parts = []
        png = _png_of(name)
        if png in self.shipped:
            alt = escape(self.plain_both(PREVIEW, code=code))
            width, height = _size(self.out_dir / png)
            image = f'<img src="{escape(png)}" alt="{alt}" width="{width}" height="{height}">'
            parts.append(f'<a href="{escape(name)}">{image}</a>' if name in self.shipped else image)
        parts.append(f"<h3>{self.title(row) or escape(code)}</h3>")
        if again:
            parts.append(f"<p>{self.reason(code)}</p>")
        facts = [
            (CODE, self.code_cell(row)),
            (KIND, self.both(sign_kind(row["kind"]))),
            (PAPER, escape(row.get("paper", ""))),
            (PLACEMENT, escape(row.get("placement", ""))),
            (OPENS, self.opens_cell(row)),
        ]
        if name in self.shipped:
            facts.append((FILE, f'<a href="{escape(name)}">{escape(name)}</a>'))
        parts.append(
            "<dl>"
            + "".join(
                f"<dt>{self.both(label)}:</dt><dd>{value or '–'}</dd>" for label, value in facts
            )
            + "</dl>"
        )
        mark = " again" if again else ""
        return f'<article class="sign{mark}" id="sign-{escape(code)}">{"".join(parts)}</article>'

    def code_cell(self, row) -> str:
        code, _page = self.opens(row)
        url = row.get("url", "")
        if code is None:
            return escape(row["code"]) + (f" ({escape(url)})" if url else "")
        href = self.site_link(landing_path(self.site, code)) if self.to_site is not None else url
        return f'<a href="{escape(href)}">{escape(code)}</a> ({escape(url)})'

    def opens_cell(self, row) -> str:
        code, page = self.opens(row)
        if page is not None:
            return " · ".join(
                f'<a href="{escape(self.site_link(links.site_path(lang, page)))}" '
                f'hreflang="{lang}">{escape(links.site_path(lang, page))}</a>'
                for lang in self.langs
            )
        if code is not None:
            path = landing_path(self.site, code)
            return f'<a href="{escape(self.site_link(path))}">{escape(path)}</a>'
        if row["kind"] == "sticker_sheet":
            return self.both(EACH_STICKER)
        return ""


def _translated(gettext, message) -> bool:
    """False when `lang`'s catalog has no translation of `message` yet: the text shown is
    then the English message id, and is marked as English."""
    text = getattr(message, "text", message)
    return gettext(text) != text


def _size(png: Path) -> tuple[int, int]:
    """A preview's width and height, from the PNG's header (the first chunk, IHDR, holds
    them at a fixed place); Pillow for anything else. Opening each of thousands of
    previews with Pillow took longer than writing the page."""
    with open(png, "rb") as file:
        head = file.read(24)
    if head[:8] == PNG_SIGNATURE and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return width, height
    with Image.open(png) as image:
        return image.size
