"""Author Markdown to safe HTML.

Authors paste from word processors and the web; whatever they write goes through
nh3 (the Ammonia sanitizer) before it reaches a visitor's browser.
"""

from __future__ import annotations

import re

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


def to_html(text: str) -> str:
    """Render author Markdown and sanitize the result."""
    html = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    return demote_h1(sanitize(html))


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)


def demote_h1(html: str) -> str:
    """The page title is the only <h1>; an author's '# heading' becomes an <h2>."""
    return _H1.sub(lambda m: m.group(0).replace("<h1", "<h2").replace("</h1>", "</h2>"), html)
