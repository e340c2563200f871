"""Put each page's own cut of the stylesheet inside the page, and drop what nobody loads.

The theme leaves a marker where Material's stylesheets were linked; each built
page gets, at that marker, Material's CSS plus ours cut down to the rules that page
can use (purge.py). Material's JavaScript and stylesheet files are then deleted when
no page refers to them, so the upload holds only what a reader can fetch.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from .purge import Raw, Stylesheet, used_tokens

MARKER = "<!--qs:inline-css-->"
THEME_CSS = Path(__file__).resolve().parent.parent / "theme" / "assets" / "qs.css"
UNUSED_ASSETS = ("assets/javascripts", "assets/stylesheets", "assets/qs.css")


def material_css() -> str:
    import material

    folder = Path(material.__file__).resolve().parent / "templates" / "assets" / "stylesheets"
    files = sorted(folder.glob("main.*.min.css")) + sorted(folder.glob("palette.*.min.css"))
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@lru_cache(maxsize=1)
def stylesheet() -> Stylesheet:
    sheet = Stylesheet(material_css() + "\n" + THEME_CSS.read_text(encoding="utf-8"))
    charset = [i for i in sheet.items if isinstance(i, Raw) and i.text.startswith("@charset")]
    sheet.items = [i for i in sheet.items if i not in charset]  # meaningless inside <style>
    return sheet


def inline_css(html: str) -> str:
    """The page with its cut of the stylesheet at the marker, white space collapsed;
    a page without the marker (a short-link landing has its own style) as it was."""
    if MARKER not in html:
        return html
    css = stylesheet().for_html(html.replace(MARKER, ""))
    # collapsed before the CSS goes in: the same page, without a scan through the <style>
    return collapse_whitespace(html).replace(MARKER, f"<style>{css}</style>", 1)


_KEEP_SPACE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
_RUN = re.compile(r"[ \t\r\f]*\n\s*")


def collapse_whitespace(html: str) -> str:
    """Turn each run of white space that holds a line break into one line break, outside
    <pre>, <textarea>, <script> and <style>: the page renders the same, the templates'
    indentation and empty lines no longer travel."""
    parts = _KEEP_SPACE.split(html)
    out = []
    for i, part in enumerate(parts):
        kind = i % 3  # split() yields text, whole kept element, its tag name
        if kind == 0:
            out.append(_RUN.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


_KEPT_TAG = re.compile(r"<(?:pre|textarea|script|style)\b", re.I)


class QuickShell:
    """The shell of a group of stamped pages (stamp.py), finished once: its white space
    collapsed and its start tags read. Each page of the group then adds only its values
    and its body, instead of two more scans of the whole page.

    `page` gives what inline_css gives for the filled shell with the body in place, or
    None where it could not be sure to: a value with a line break, a value or body with
    white space at an end (the collapse could join it to the shell's), a body holding an
    element whose white space is kept; a shell with the body or the style marker inside
    such an element, or whose marked values the stylesheet could select (an id, a class,
    an attribute value the CSS names). build.py also checks the group's witness both ways.
    """

    def __init__(self, shell: str, body_marker: str, markers: Iterable[str]):
        self.body_marker = body_marker
        self.collapsed = collapse_whitespace(shell)
        self.tokens = used_tokens(shell.replace(body_marker, "").replace(MARKER, ""))
        marked = [t for t in self.tokens if any(m in t for m in markers)]
        selectable = stylesheet().tokens
        self.usable = (
            all(_in_text_once(shell, m) for m in (body_marker, MARKER))
            and all(t.startswith("v:") for t in marked)
            and not any(s.startswith(t.split("=", 1)[0] + "=") for t in marked for s in selectable)
        )

    def page(self, fill: Callable[[str], str], values: Iterable[str], body: str) -> str | None:
        if not self.usable or body != body.strip() or _KEPT_TAG.search(body):
            return None
        if any("\n" in v or v != v.strip() for v in values):
            return None
        css = stylesheet().for_tokens(self.tokens | used_tokens(body))
        html = fill(self.collapsed).replace(self.body_marker, collapse_whitespace(body), 1)
        return html.replace(MARKER, f"<style>{css}</style>", 1)


def _in_text_once(html: str, marker: str) -> bool:
    """`marker` is in `html` once, outside the elements whose white space is kept."""
    parts = _KEEP_SPACE.split(html)
    return html.count(marker) == 1 and any(marker in p for p in parts[::3])


def linked_assets(page: bytes) -> list[str]:
    """Which of UNUSED_ASSETS the page links (by its file name: a page never names
    a folder of the theme but to link a file in it)."""
    return [rel for rel in UNUSED_ASSETS if rel.rsplit("/", 1)[-1].encode() in page]


def drop_unused_assets(lang_roots: list[Path], linked: Iterable[str]) -> list[Path]:
    """Delete Material's scripts and stylesheets (and ours, now inlined) that no page
    links (`linked`: those some page does, as linked_assets gives them); returns what was
    deleted (files and folders)."""
    linked = set(linked)
    removed = []
    for root in lang_roots:
        for rel in UNUSED_ASSETS:
            target = root / rel
            if rel in linked or not target.exists():
                continue
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
            removed.append(target)
    return removed
