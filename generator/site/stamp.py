"""Entry pages made from one MkDocs page per kind.

Once MkDocs and Material have wrapped them, two relic pages of one language differ only
in their title, description and address: the body goes in afterwards anyway (see BODY in
build.py). So MkDocs renders, for each kind of entry in each folder, a stand-in page
whose title, description and address are markers, and one real entry as a witness; every
other entry of the group is the stand-in's HTML with its own values in place of the
markers. If the witness made that way is not byte for byte what MkDocs made of it (a
theme override that shows more of a page, say), MkDocs renders every page instead. A
province's thousands of entries then cost MkDocs a handful of pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from markupsafe import escape

from .pages import Page

MARK = "qs-stamp"
TITLE = f"{MARK}-title"
DESCRIPTION = f"{MARK}-description"
IMAGE = f"https://{MARK}.invalid/image"  # an address, as the real values are
ENTRY_KINDS = frozenset({"relic", "street", "guide", "counter"})
MIN_GROUP = 2  # with a witness and one more, the stamped path is taken (and tested) early
_PLAIN_PATH = re.compile(r"^(?:[a-z0-9][a-z0-9-]*/)+$")  # nothing MkDocs would quote


@dataclass
class Group:
    stand_in: Page
    witness: Page
    rest: list[Page]


@dataclass
class Plan:
    """Which pages MkDocs renders, and which are stamped from a stand-in."""

    by_mkdocs: list[Page]
    groups: list[Group] = field(default_factory=list)


def plan(pages: list[Page]) -> Plan:
    if any(MARK in p.path for p in pages):  # cannot be told apart from a marker
        return Plan(list(pages))
    grouped: dict[tuple, list[Page]] = {}
    for page in pages:
        key = group_key(page)
        if key is not None:
            grouped.setdefault(key, []).append(page)
    groups, stamped = [], set()
    for number, ((kind, parent, translated, image), members) in enumerate(sorted(grouped.items())):
        if len(members) < MIN_GROUP:
            continue
        stand_in = Page(
            f"{parent}{MARK}-{number}/",
            TITLE,
            DESCRIPTION,
            "",
            kind,
            translated,
            image=IMAGE if image else "",
        )
        groups.append(Group(stand_in, members[0], members[1:]))
        stamped.update(id(p) for p in members[1:])
    by_mkdocs = [p for p in pages if id(p) not in stamped] + [g.stand_in for g in groups]
    return Plan(by_mkdocs, groups)


def group_key(page: Page) -> tuple | None:
    """What the pages stamped from one stand-in share, or None for a page MkDocs renders
    itself. MkDocs writes links relative to the page: a stand-in sits among its group."""
    if page.kind not in ENTRY_KINDS or not _PLAIN_PATH.match(page.path):
        return None
    parent = page.path[: page.path.rstrip("/").rfind("/") + 1]
    return (page.kind, parent, page.translated, bool(page.image))


def stamp(plan: Plan, lang_root: Path) -> dict[Path, Stamped] | None:
    """What makes each stamped page's HTML, by its file (MkDocs has rendered
    `plan.by_mkdocs` into `lang_root`), or None when a witness shows that stamping would
    not be faithful. Each page is made when it is asked for, so they are never all in
    memory at once."""
    out: dict[Path, Stamped] = {}
    for group in plan.groups:
        shell = _output(lang_root, group.stand_in).read_text(encoding="utf-8")
        witness = _output(lang_root, group.witness).read_text(encoding="utf-8")
        if Stamped(shell, group, group.witness)() != witness:
            return None
        for page in group.rest:
            out[_output(lang_root, page)] = Stamped(shell, group, page)
    return out


@dataclass(frozen=True, eq=False)
class Stamped:
    """One stamped page: called, its HTML. build.py finishes a group's pages from one
    finished shell (inline.QuickShell), hence the group and the values kept apart."""

    shell: str
    group: Group
    page: Page

    def __call__(self) -> str:
        return self.fill(self.shell)

    def fill(self, text: str) -> str:
        """`text` (the shell, or the shell finished) with this page's values."""
        return substitute(text, self.values())

    def values(self) -> dict[str, str]:
        """Each marker of the stand-in and what this page has in its place, written as
        build.py hands them to MkDocs (HTML text)."""
        return {
            TITLE: str(escape(self.page.title)),
            DESCRIPTION: str(escape(self.page.description or self.page.title)),
            IMAGE: str(escape(self.page.image)),
            self.group.stand_in.path.rstrip("/"): self.page.path.rstrip("/"),
        }

    def like(self, page: Page) -> Stamped:
        """`page`, of the same group (group_key), stamped from the same stand-in."""
        return Stamped(self.shell, self.group, page)


def shells(stamped: dict[Path, Stamped]) -> dict[tuple, Stamped]:
    """One stamped page of each group, by group_key, without the group's list of pages:
    what makes any page of the group again on its own (the preview's edited page)."""
    out: dict[tuple, Stamped] = {}
    for made in stamped.values():
        key = group_key(made.page)
        if key not in out:
            light = Group(made.group.stand_in, made.group.witness, [])
            out[key] = Stamped(made.shell, light, made.page)
    return out


def substitute(text: str, values: dict[str, str]) -> str:
    pattern = "|".join(re.escape(k) for k in sorted(values, key=len, reverse=True))
    return re.sub(pattern, lambda m: values[m.group(0)], text)


def _output(lang_root: Path, page: Page) -> Path:
    return lang_root / page.path / "index.html"


def remove_stand_ins(plan: Plan, lang_root: Path, root_url: str) -> None:
    """Drop the stand-ins' own pages, and list the stamped pages in the sitemap;
    `root_url` is the address of `lang_root`."""
    if not plan.groups:
        return
    for group in plan.groups:
        path = _output(lang_root, group.stand_in)
        path.unlink()
        folder = path.parent
        while folder != lang_root and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    _rewrite_sitemap(plan, lang_root / "sitemap.xml", root_url)


_URL = re.compile(r"\n?[ \t]*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>([^<]*)</loc>")


def _rewrite_sitemap(plan: Plan, path: Path, root_url: str) -> None:
    """MkDocs listed the pages it rendered, stand-ins included: list every page instead,
    in MkDocs' own order, each stamped one written as MkDocs wrote its witness."""
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    blocks = _URL.findall(text)
    if not blocks:
        return
    head = text[: text.index(blocks[0])]
    tail = text[text.index(blocks[-1]) + len(blocks[-1]) :]
    by_loc = {_LOC.search(b).group(1): b for b in blocks}
    stand_ins = {root_url + g.stand_in.path for g in plan.groups}
    placed = {root_url + page.path: sort_key(page) for page in plan.by_mkdocs}
    last = ((chr(0x10FFFF),), True, "")  # a listed page this module cannot place: at the end
    entries = [
        (placed.get(loc, last), block) for loc, block in by_loc.items() if loc not in stand_ins
    ]
    for group in plan.groups:
        loc = f"<loc>{root_url}{group.witness.path}</loc>"
        witness = by_loc[root_url + group.witness.path]
        for page in group.rest:
            block = witness.replace(loc, f"<loc>{root_url}{page.path}</loc>")
            entries.append((sort_key(page), block))
    entries.sort(key=lambda e: e[0])  # stable: unplaced pages keep MkDocs' order
    path.write_text(head + "".join(b for _, b in entries) + tail, encoding="utf-8")


def source_name(page: Page) -> str:
    """`relics/den-x.md`: MkDocs gives it the address `relics/den-x/` all the same, and
    the staged tree needs no folder per entry. The nav's pages keep their `index.md`, and
    so does an entry whose folder is called `index` (`relics/index.md` is the list)."""
    path = page.path.strip("/")
    if not path or page.kind in ("home", "list", "search") or path.endswith("/index"):
        return f"{path}/index.md".lstrip("/")
    return f"{path}.md"


def sort_key(page: Page) -> tuple:
    """MkDocs' order of source files (mkdocs.structure.files.file_sort_key)."""
    parts = PurePosixPath(source_name(page)).parts
    return (parts[:-1], PurePosixPath(parts[-1]).stem != "index", parts[-1])
