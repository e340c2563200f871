"""Cut a stylesheet down to the rules a page can use, so it can be inlined in the page.

A page from a QR scan must paint after one round trip: its CSS travels inside the
HTML. Material's stylesheet is ~140 KB; a relic page uses a few percent of it. A rule
is kept when every class, id, element and `[attr=value]` its selector requires occurs
in the page (`:is()`/`:where()`/`:has()` need one alternative, `:not()` is ignored);
custom properties and keyframes nobody refers to are dropped afterwards. The test is
conservative: it may keep a rule that cannot match, never drop one that can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import unescape

# Attributes a reader's action or the browser sets after load (a details opened).
DYNAMIC_ATTRS = frozenset({"open", "checked", "selected", "disabled", "hidden"})
_ANY_OF = (":is(", ":where(", ":has(", ":-webkit-any(", ":-moz-any(", ":matches(")
_GROUPING = ("@media", "@supports", "@layer", "@container", "@document")


@dataclass(frozen=True)
class Req:
    """What a selector needs: every token in `all`, and one alternative of each group."""

    all: frozenset[str]
    groups: tuple[tuple[Req, ...], ...] = ()

    def met(self, used: frozenset[str]) -> bool:
        return self.all <= used and all(any(alt.met(used) for alt in g) for g in self.groups)


@dataclass
class Rule:
    selectors: list[tuple[str, Req]]
    body: str


@dataclass
class Block:
    prelude: str
    children: list  # list[Rule | Block]


@dataclass
class Raw:
    text: str  # an at-rule kept as written (@keyframes, @font-face, @charset …)
    name: str = ""  # keyframes name, to drop it when unused


# ---------------------------------------------------------------- parsing CSS


def _skip_string(css: str, i: int) -> int:
    quote = css[i]
    i += 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` outside strings, parentheses and brackets."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "\\":
            i += 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _strip_comments(css: str) -> str:
    out, i = [], 0
    while i < len(css):
        c = css[i]
        if c in "\"'":
            j = _skip_string(css, i)
            out.append(css[i:j])
            i = j
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse(css: str) -> list:
    items, _ = _parse_block(_strip_comments(css), 0)
    return items


def _parse_block(css: str, i: int) -> tuple[list, int]:
    items: list = []
    start = i
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
        elif c == "\\":
            i += 2
        elif c == ";":
            text = css[start:i].strip()
            if text:
                items.append(Raw(text + ";"))
            i += 1
            start = i
        elif c == "}":
            return items, i + 1
        elif c == "{":
            prelude = css[start:i].strip()
            if prelude.startswith(_GROUPING):
                children, i = _parse_block(css, i + 1)
                items.append(Block(prelude, children))
            elif prelude.startswith("@"):
                end = _matching(css, i)
                name = ""
                if re.match(r"@(-\w+-)?keyframes\s", prelude):
                    name = prelude.split()[-1]
                items.append(Raw(css[start:end].strip(), name))
                i = end
            else:
                end = _matching(css, i)
                body = css[i + 1 : end - 1].strip()
                if "'" not in body and '"' not in body:
                    body = re.sub(r"\s*([:;,])\s*", r"\1", " ".join(body.split()))
                sels = [" ".join(s.split()) for s in _split_top(prelude, ",")]
                items.append(Rule([(s, _requirement(s)) for s in sels], body))
                i = end
            start = i
        else:
            i += 1
    return items, i


def _matching(css: str, i: int) -> int:
    """Index just past the brace that closes the one at `i`."""
    depth = 0
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
            continue
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


# ------------------------------------------------------ what a selector needs

_IDENT = re.compile(r"(?:\\.|[\w-])+")


def _paren_end(sel: str, i: int) -> int:
    """`i` is just past an opening parenthesis; return the index past its closing one."""
    depth = 1
    while i < len(sel) and depth:
        c = sel[i]
        if c in "\"'":
            i = _skip_string(sel, i)
            continue
        if c == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(c, 0)
        i += 1
    return i


def _unescape(name: str) -> str:
    return re.sub(r"\\(.)", r"\1", name)


@cache
def _requirement(sel: str) -> Req:
    tokens: set[str] = set()
    groups: list[tuple[Req, ...]] = []
    i, expect_type = 0, True
    while i < len(sel):
        c = sel[i]
        if c in " >+~":
            expect_type = True
            i += 1
            continue
        if c in ".#":
            m = _IDENT.match(sel, i + 1)
            if m:
                tokens.add(("c:" if c == "." else "i:") + _unescape(m.group(0)))
                i = m.end()
            else:
                i += 1
        elif c == "[":
            end = sel.find("]", i)
            end = len(sel) if end < 0 else end
            _attr_token(sel[i + 1 : end], tokens)
            i = end + 1
        elif c == ":":
            lower = sel[i:].lower()
            opener = next((p for p in _ANY_OF if lower.startswith(p)), None)
            m = re.match(r"::?[\w-]+\(?", sel[i:])
            if opener:
                end = _paren_end(sel, i + len(opener))
                inner = sel[i + len(opener) : end - 1]
                alts = [a.strip() for a in _split_top(inner, ",") if a.strip()]
                if opener == ":has(":
                    alts = [a.lstrip(">+~ ") for a in alts]
                if alts:
                    groups.append(tuple(_requirement(a) for a in alts))
                i = end
            elif m and m.group(0).endswith("("):
                i = _paren_end(sel, i + len(m.group(0)))  # :not(), :nth-child() …: no need
            else:
                i += len(m.group(0)) if m else 1
        elif c == "*" or c == "&":
            i += 1
        else:
            m = _IDENT.match(sel, i)
            if m and expect_type:
                tokens.add("t:" + m.group(0).lower())
            i = m.end() if m else i + 1
        expect_type = False
    return Req(frozenset(tokens), tuple(groups))


def _attr_token(inner: str, tokens: set[str]) -> None:
    m = re.match(r"\s*([\w:-]+)\s*(?:([~|^$*]?=)\s*(.+?))?\s*(?:\s[is])?\s*$", inner)
    if not m:
        return
    name = m.group(1).lower()
    if name in DYNAMIC_ATTRS:
        return
    if m.group(2) == "=":
        value = m.group(3).strip("\"'")
        tokens.add(f"v:{name}={value}")
    else:
        tokens.add("a:" + name)


# ---------------------------------------------------------- what a page uses


# possessive: a tag that never closes is given up at once, never backtracked through
_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*+)((?:[^>="']++|=\s*+"[^"]*+"|=\s*+'[^']*+'|[="'])*+)>""")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def used_tokens(html: str) -> frozenset[str]:
    """Every element, attribute, class and id of the start tags in `html`.

    A scan with two expressions, several times faster than html.parser on our pages.
    It may also read a "tag" inside a script or comment: one token too many only keeps
    a rule, which is the safe side.
    """
    tokens = {"t:html", "t:body", "t:head"}
    add = tokens.add
    for tag in _TAG.finditer(html):
        add("t:" + tag.group(1).lower())
        for name, double, single, bare in _ATTR.findall(tag.group(2)):
            name = name.lower()
            value = double or single or bare
            if "&" in value:
                value = unescape(value)
            add("a:" + name)
            add(f"v:{name}={value}")
            if name == "class":
                tokens.update("c:" + c for c in value.split())
            elif name == "id":
                add("i:" + value)
    return frozenset(tokens)


# ---------------------------------------------------------------- purging


class Stylesheet:
    """A parsed stylesheet that can be cut down for one page after another."""

    def __init__(self, css: str) -> None:
        self.items = parse(css)
        self.tokens = self._all_tokens(self.items)  # every token some selector needs
        self._cache: dict[frozenset[str], str] = {}

    def _all_tokens(self, items) -> frozenset[str]:
        found: set[str] = set()

        def walk(req: Req) -> None:
            found.update(req.all)
            for group in req.groups:
                for alt in group:
                    walk(alt)

        for item in items:
            if isinstance(item, Rule):
                for _, req in item.selectors:
                    walk(req)
            elif isinstance(item, Block):
                found.update(self._all_tokens(item.children))
        return frozenset(found)

    def for_html(self, html: str) -> str:
        return self.for_tokens(used_tokens(html))

    def for_tokens(self, used: frozenset[str]) -> str:
        key = used & self.tokens  # pages that differ only in words share one result
        if key not in self._cache:
            self._cache[key] = _finish(_keep(self.items, key))
        return self._cache[key]


def _keep(items, used: frozenset[str]) -> list:
    out: list = []
    for item in items:
        if isinstance(item, Rule):
            sels = [s for s, req in item.selectors if req.met(used)]
            if sels and item.body:
                out.append(Rule([(s, Req(frozenset())) for s in sels], item.body))
        elif isinstance(item, Block):
            children = _keep(item.children, used)
            if children:
                out.append(Block(item.prelude, children))
        else:
            out.append(item)
    return out


_VAR = re.compile(r"var\(\s*(--[\w-]+)")


def _finish(items: list) -> str:
    """Drop custom properties and keyframes nothing refers to, then write the CSS."""
    while True:
        text = _write(items)
        referenced = set(_VAR.findall(text))
        changed = _drop_vars(items, referenced)
        if not changed:
            break
    text = _write(items)
    names = {i.name for i in _walk(items) if isinstance(i, Raw) and i.name}
    unused = {n for n in names if not re.search(rf"animation[^;{{}}]*\b{re.escape(n)}\b", text)}
    if unused:
        items = _without_keyframes(items, unused)
        text = _write(items)
    return text


def _walk(items):
    for item in items:
        yield item
        if isinstance(item, Block):
            yield from _walk(item.children)


def _drop_vars(items: list, referenced: set[str]) -> bool:
    changed = False
    for item in list(items):
        if isinstance(item, Block):
            changed |= _drop_vars(item.children, referenced)
            if not item.children:
                items.remove(item)
                changed = True
        elif isinstance(item, Rule):
            decls = [d for d in _split_top(item.body, ";") if d.strip()]
            kept = [
                d
                for d in decls
                if not d.strip().startswith("--") or d.split(":", 1)[0].strip() in referenced
            ]
            if len(kept) != len(decls):
                changed = True
                item.body = ";".join(kept)
                if not kept:
                    items.remove(item)
    return changed


def _without_keyframes(items: list, names: set[str]) -> list:
    out = []
    for item in items:
        if isinstance(item, Raw) and item.name in names:
            continue
        if isinstance(item, Block):
            item = Block(item.prelude, _without_keyframes(item.children, names))
            if not item.children:
                continue
        out.append(item)
    return out


def _write(items) -> str:
    parts = []
    for item in items:
        if isinstance(item, Rule):
            parts.append(",".join(s for s, _ in item.selectors) + "{" + item.body + "}")
        elif isinstance(item, Block):
            parts.append(item.prelude + "{" + _write(item.children) + "}")
        else:
            parts.append(item.text)
    return "".join(parts)
