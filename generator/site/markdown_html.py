"""Author Markdown to safe HTML.

Authors paste from word processors and the web; whatever they write goes through
nh3 (the Ammonia sanitizer) before it reaches a visitor's browser. The result is
then handed to MkDocs inside a Markdown file, so it is also made inert to a second
Markdown pass: no text in it can turn into a link, an image or an attribute list.

Deliberately left out:
- <iframe>, <object>, <embed>, <video>: a video host's embed is a third-party request
  and megabytes on an old phone; authors link to the video instead.
- style attributes and <style>: no URL can load from CSS, and no author text can
  dress up as the site's own header or notices (nor can `md-`/`qs-` classes).
- images from other hosts: a built page makes no third-party request.
"""

from __future__ import annotations

import re
import threading
from html import escape

import markdown
import nh3

EXTENSIONS = ["tables", "sane_lists", "attr_list"]

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "h1",  # demoted to h2 below: the page title is the only h1
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang", "class"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", "geo"}


# Tags dropped together with everything inside them: their text is not prose.
DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "textarea",
    "select",
    "title",
    "xmp",
    "plaintext",
    "svg",
    "math",
    "head",
}
RESERVED_CLASS = re.compile(r"^(?:md|qs)-|^md$")  # the theme's and our own classes
_SCHEME = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_EXTERNAL_A = re.compile(r'<a\b((?:[^>"]|"[^"]*")*?\shref="(?:https?:)?//[^"]*")', re.I)
# Characters the page's second Markdown pass would read as link, image or attribute syntax.
_INERT = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"})


def to_html(text: str) -> str:
    """Render author Markdown and sanitize the result."""
    try:
        html = _renderer().reset().convert(text)
    except RecursionError:  # the loader refuses such nesting; never crash a build on it
        html = f"<pre>{escape(text)}</pre>"
    return demote_h1(sanitize(html))


def _renderer() -> markdown.Markdown:
    """One Markdown instance per thread, reset for each page: building one costs a fifth
    of a page's rendering, and an instance holds the state of the text it converts (a
    preview may rebuild in its thread while a build runs in another)."""
    made = getattr(_PER_THREAD, "renderer", None)
    if made is None:
        made = _PER_THREAD.renderer = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    return made


_PER_THREAD = threading.local()


def sanitize(html: str) -> str:
    """Keep only harmless tags and attributes; mark links to other hosts."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    clean = _EXTERNAL_A.sub(r'<a\1 rel="noopener noreferrer"', clean)
    return clean.translate(_INERT)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [c for c in value.split() if not RESERVED_CLASS.match(c)]
        return " ".join(kept) or None
    if tag == "img" and attribute == "src" and _SCHEME.match(value):
        return None  # only pictures shipped with the entry: no third-party request
    return value


_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)


def demote_h1(html: str) -> str:
    """The page title is the only <h1>; an author's '# heading' becomes an <h2>."""
    return _H1.sub(lambda m: m.group(0).replace("<h1", "<h2").replace("</h1>", "</h2>"), html)
