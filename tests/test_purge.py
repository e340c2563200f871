"""The stylesheet cut: keeps every rule a page can use, drops the rest."""

from __future__ import annotations

from html.parser import HTMLParser

from generator.site.inline import stylesheet
from generator.site.purge import Stylesheet, used_tokens

CSS = """
@charset "UTF-8";
:root{--used:red;--unused:blue;--chain:var(--used)}
.a{color:var(--chain)}
.b{color:green}
.a .c,.b .c{margin:0}
[dir=ltr] .a{left:0}
[dir=rtl] .a{right:0}
.a:is(.x,.y){top:0}
.a:not(.zzz){bottom:0}
details[open]>summary{font-weight:700}
@media print{.a{display:none}.b{display:none}}
@keyframes spin{to{transform:rotate(1turn)}}
@keyframes fade{to{opacity:0}}
.a:hover{animation:spin 1s}
table td{padding:0}
/* a comment {with braces} */
.s[data-x="a;b}"]{content:"}"}
"""

PAGE = '<html><body dir="ltr"><div class="a y"><p class="c">x</p></div><details><summary>s'


def cut(css: str = CSS, html: str = PAGE) -> str:
    return Stylesheet(css).for_html(html)


def test_keeps_rules_whose_classes_the_page_has():
    out = cut()
    assert ".a{color:var(--chain)}" in out
    assert ".b{" not in out and ".b .c" not in out
    assert ".a .c{margin:0}" in out  # the selector list keeps only the part that matches


def test_attribute_values_decide():
    out = cut()
    assert "[dir=ltr] .a" in out and "[dir=rtl]" not in out


def test_is_needs_one_alternative_and_not_is_ignored():
    out = cut()
    assert ".a:is(.x,.y){top:0}" in out
    assert ".a:not(.zzz){bottom:0}" in out
    assert "top:0" not in cut(html='<div class="a">')


def test_state_set_by_the_reader_is_kept():
    assert "details[open]>summary" in cut()


def test_elements_the_page_lacks_are_dropped():
    assert "table td" not in cut()
    assert "table td" in cut(html="<table><tr><td>1")


def test_grouping_rules_are_cut_inside_and_dropped_when_empty():
    out = cut()
    assert "@media print{.a{display:none}}" in out
    assert "@media" not in cut(html="<p>")


def test_unused_custom_properties_and_keyframes_go():
    out = cut()
    assert "--used:red" in out and "--chain:" in out and "--unused" not in out
    assert "@keyframes spin" in out and "@keyframes fade" not in out


def test_strings_and_comments_do_not_confuse_the_parser():
    out = cut(html='<i class="s" data-x="a;b}">')
    assert '.s[data-x="a;b}"]{content:"}"}' in out
    assert "comment" not in out


def test_same_page_same_bytes():
    assert cut() == cut()


def test_used_tokens_read_classes_ids_and_attributes():
    tokens = used_tokens('<a id="top" class="x y" href="#">')
    assert {"t:a", "i:top", "c:x", "c:y", "a:href", "v:href=#"} <= tokens


def test_material_cut_for_a_small_page_is_small():
    page = (
        '<html class="no-js"><body dir="ltr" data-md-color-scheme="default" '
        'data-md-color-primary="indigo"><header class="md-header">'
        '<article class="md-content__inner md-typeset"><h1>T</h1><p>x</p>'
    )
    out = stylesheet().for_html(page)
    assert ".md-header{" in out and ".md-typeset h1" in out
    assert len(out) < 20_000
    assert ".md-search" not in out and "data-md-color-scheme=slate" not in out


class _Reference(HTMLParser):
    """The standard library's reading of the start tags, to hold the fast scan to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: set[str] = {"t:html", "t:body", "t:head"}

    def handle_starttag(self, tag, attrs) -> None:
        self.tokens.add("t:" + tag)
        for name, value in attrs:
            value = value or ""
            self.tokens |= {"a:" + name, f"v:{name}={value}"}
            if name == "class":
                self.tokens.update("c:" + c for c in value.split())
            elif name == "id":
                self.tokens.add("i:" + value)

    handle_startendtag = handle_starttag


def test_fast_scan_misses_nothing_html_parser_sees(built_project):
    pages = sorted((built_project / "build").rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        reference = _Reference()
        reference.feed(html)
        missed = reference.tokens - used_tokens(html)
        assert not missed, f"{path}: {sorted(missed)[:5]}"


def test_fast_scan_survives_a_quote_inside_an_unquoted_value():
    tokens = used_tokens('<p title=it\'s class=a><b class="x">t</b><i class=y>u</i>')
    assert {"t:p", "v:title=it's", "c:a", "t:b", "c:x", "t:i", "c:y"} <= tokens


def test_fast_scan_gives_up_at_once_on_a_tag_that_never_closes():
    tokens = used_tokens("<p class=a>" + "<a " + "b c=" * 5000)  # no '>' after it
    assert {"t:p", "c:a"} <= tokens  # and it returned: no backtracking through it


def test_fast_scan_reads_quoted_angle_brackets_and_entities():
    tokens = used_tokens("<img alt=\"a > b\" class='p q' data-x=a&amp;b hidden><br/>")
    assert {"t:img", "c:p", "c:q", "v:data-x=a&b", "a:hidden", "v:hidden=", "t:br"} <= tokens
    assert "t:b" not in tokens
