"""Build one site: write each language's pages and config, then run MkDocs once per language.

MkDocs is driven from outside (mkdocs_run.py): the Vietnamese build goes to the site's
root, the English one under /en/. Each page's language switch is computed here and
handed to the theme in the page's metadata.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale
from babel.core import get_global
from markupsafe import escape

from .. import links
from ..i18n import gettext_for
from ..model import LANG_NAMES, Project, Site
from ..progress import report as report_progress
from . import stamp
from .finished import Finished, input_key
from .inline import QuickShell, drop_unused_assets, inline_css
from .media import MediaMap
from .mkdocs_run import MKDOCS_KEPT, THEME_DIR, MkDocsFailed, mkdocs_output
from .offline import WORKER_NAME, build_version, offline_page, write_worker
from .pages import SECTION_TITLES, Page, PageWriter
from .photofacts import PhotoFacts, facts_file
from .precompress import link_previous, write_gzip, write_with_copy
from .rendered import Rendered, rendered_file
from .search import is_index_file, script_version, write_search_index


@dataclass
class BuiltSite:
    pages: dict[str, list[Page]]  # by language
    pending: dict[Path, stamp.Stamped | Callable[[], str]]  # pages made as they are finished
    stamps: dict[tuple, stamp.Stamped]  # by (language, stamp.group_key): stamp.shells


def build_site(
    project: Project,
    site: Site,
    site_dir: Path,
    work_dir: Path,
    cache_dir: Path,
    strict: bool = True,
    stamp_entries: bool = True,
    jobs: int | None = None,
    codes: dict[str, str] | None = None,
    previous: Path | None = None,
) -> BuiltSite:
    """Build `site` into `site_dir` (holding no file); `work_dir` holds the staged pages.

    With `stamp_entries`, MkDocs renders one stand-in per kind of entry and the other
    entries are made from it (stamp.py); without, MkDocs renders every page. `jobs`:
    processes resizing photos (None: one per core). `codes`: each entry's own short
    code by entry key, for its "report a mistake" link. `previous`: the site's last
    output, whose files the same as this build's are kept (precompress.kept)."""
    media = MediaMap(PhotoFacts(facts_file(cache_dir, site.slug)))
    rendered = Rendered(rendered_file(cache_dir, site.slug))
    pages: dict[str, list[Page]] = {}
    for lang in site.languages:
        writer = PageWriter(project, site, lang, gettext_for(lang), media, codes, rendered)
        pages[lang] = writer.all_pages()
    rendered.save()
    pending: dict[Path, stamp.Stamped | Callable[[], str]] = {}
    stamps: dict[tuple, stamp.Stamped] = {}
    for number, lang in enumerate(site.languages):
        report_progress("pages", number, len(site.languages), f"{site.slug} ({lang})")
        lang_root = site_dir / links.lang_prefix(lang)
        docs = work_dir / lang / "docs"
        layout = stamp.plan(pages[lang]) if stamp_entries else stamp.Plan(pages[lang])
        _write_docs(docs, layout.by_mkdocs, lang, site)
        made = work_dir / lang / "site"  # MkDocs empties its output folder first
        config = _write_config(project, site, lang, work_dir / lang, docs, pages[lang], made)
        kept = cache_dir / MKDOCS_KEPT / site.slug / lang
        mkdocs_output(config, docs, made, kept, strict)
        moved = _move_files(made, lang_root)
        stamped = stamp.stamp(layout, lang_root)
        if stamped is None:  # a witness differs from its stamped copy: MkDocs does all
            for path in moved:
                os.unlink(path)
            layout = stamp.Plan(pages[lang])
            _write_docs(docs, layout.by_mkdocs, lang, site)
            mkdocs_output(config, docs, made, kept, strict)
            _move_files(made, lang_root)
            stamped = {}
        stamp.remove_stand_ins(layout, lang_root, links.absolute(site.base_url, lang, ""))
        pending.update(stamped)
        stamps.update({(lang, key): made for key, made in stamp.shells(stamped).items()})
    media.write(site_dir, cache_dir / "photos", site.slug, jobs)
    media.facts.save()
    for lang in site.languages:
        prefix = links.lang_prefix(lang)
        write_search_index(site_dir / prefix, pages[lang], previous and previous / prefix)
    return BuiltSite(pages, pending, stamps)


def _move_files(source: Path, target: Path) -> list[str]:
    """Every file under `source` to the same place under `target`, whose folders may
    be there already (staging.staging_dir keeps them); returns where they went."""
    made: set[str] = set()
    moved: list[str] = []
    for top, _, names in os.walk(source):
        folder = os.path.join(target, os.path.relpath(top, source))
        if names and folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        for name in names:
            moved.append(os.path.join(folder, name))
            os.replace(os.path.join(top, name), moved[-1])
    return moved


def page_bodies(site_dir: Path, pages: dict[str, list[Page]]) -> dict[str, str]:
    """Each MkDocs page file (a path string: a province has ten thousand) and the
    finished HTML that goes in place of its BODY."""
    root = os.fspath(site_dir)
    return {
        os.path.normpath(os.path.join(root, links.lang_prefix(lang), page.path, "index.html")): (
            page.html
        )
        for lang, lang_pages in pages.items()
        for page in lang_pages
    }


def finish_for_phones(
    site: Site,
    site_dir: Path,
    bodies: dict[str, str],
    pending: dict[Path, stamp.Stamped | Callable[[], str]] | None = None,
    previous: Path | None = None,
    memo: Finished | None = None,
) -> None:
    """Once every file of the site is made, one pass over its pages: each is read once
    (or made by `pending`, pages not written yet), gets its body and its cut of the CSS
    and a gzip copy, and is written once. Unused theme files go, and the offline worker
    is written with the build's version. Pages made wait for the unused files to be known
    as UTF-8 bytes: half the memory of Python text for Vietnamese, which a province's ten
    thousand pages notice. A page the same as in `previous` (the site's last output)
    is that output's file and gzip copy, linked (precompress.write_with_copy); `memo`
    knows which pages came out the same from the same input without making them again."""
    # paths as strings: a province's site has tens of thousands of files
    pending = {os.fspath(path): made for path, made in (pending or {}).items()}
    bodies = {os.fspath(path): body for path, body in bodies.items()}
    memo = memo or Finished()
    root, before = os.fspath(site_dir), os.fspath(previous) if previous else None
    unwritten = set(pending)  # emptied as it goes
    pages: dict[str, str] = {}  # each page's file, and its path under the site folder
    finished: dict[str, bytes] = {}  # those made, until written; the rest are linked
    shells: dict[int, QuickShell | None] = {}  # by stamped group
    shell_keys: dict[int, str] = {}
    on_disk = _files_under(site_dir)  # walked once: the pages, then the gzip copies
    for path in sorted({*(f for f in on_disk if f.endswith(".html")), *pending}):
        made = pending.pop(path) if path in unwritten else None
        body = bodies.pop(path, None)
        page, old = path[len(root) + 1 :], before and before + path[len(root) :]
        if isinstance(made, stamp.Stamped) and body is not None:
            group = id(made.group)
            if group not in shell_keys:
                shell_keys[group] = input_key(made.shell)
            values = [part for pair in sorted(made.values().items()) for part in pair]
            key = input_key("stamped", shell_keys[group], *values, body)
            finish = functools.partial(finished_stamped, path, made, body, shells)
        else:
            if made is None:
                with open(path, encoding="utf-8") as f:
                    html = f.read()
            else:
                html = made()
            key = input_key("page", html, "\1" if body is None else body)
            finish = functools.partial(inline_css, _with_body(path, html, body))
        if not memo.reused(page, key, old):  # else its last file, linked unread
            data = finish().encode()
            memo.made(page, key, data)
            finished[path] = data
        pages[path] = page
    if bodies:
        raise MkDocsFailed(f"{min(bodies)}: MkDocs wrote no such page")
    gone = drop_unused_assets(
        [site_dir / links.lang_prefix(lang) for lang in site.languages],
        {asset for page in pages.values() for asset in memo.assets(page)},
    )
    on_disk = _without(on_disk, gone)
    version = build_version(site_dir, {path: memo.digest(p) for path, p in pages.items()}, on_disk)
    folders: set[str] = set()
    for path in sorted(pages):
        folder = os.path.dirname(path)
        if path in unwritten and folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        old, data = before and before + path[len(root) :], finished.pop(path, None)
        if data is None:
            link_previous(old, path)
        else:
            write_with_copy(path, data, old)
            memo.written(pages[path], path)
    memo.save()
    offline = {
        links.lang_prefix(lang): offline_page(lang, gettext_for(lang)) for lang in site.languages
    }
    write_worker(site_dir, version, offline)
    index = [os.fspath(site_dir / links.lang_prefix(lang)) for lang in site.languages]
    rest = [f for f in on_disk if not is_index_file(f, index)]  # those have their copies
    write_gzip(site_dir, skip=(".html",), files=[*rest, site_dir / WORKER_NAME])


def _files_under(folder: Path) -> list[str]:
    """Every file under `folder`, as path strings."""
    return [os.path.join(top, name) for top, _, names in os.walk(folder) for name in names]


def _without(files: list[str], removed: list[Path]) -> list[str]:
    """`files` less those removed: each removed path is a file or a whole folder."""
    prefixes = tuple(os.fspath(path) for path in removed)
    folders = tuple(os.path.join(prefix, "") for prefix in prefixes)
    return [f for f in files if f not in prefixes and not f.startswith(folders)]


def _with_body(path: str | Path, html: str, body: str | None) -> str:
    if body is None:
        return html
    if BODY not in html:
        raise MkDocsFailed(f"{path}: the theme dropped the page body")
    return html.replace(BODY, body, 1)


def finished_stamped(
    path: str, made: stamp.Stamped, body: str, shells: dict[int, QuickShell | None]
) -> str:
    """A stamped page finished, its body in place: from its group's shell finished once
    (kept in `shells`, by group) where that gives the same page."""
    group = id(made.group)
    if group not in shells:
        shells[group] = _quick_shell(made)
    quick = shells[group]
    html = quick.page(made.fill, made.values().values(), body) if quick else None
    return html if html is not None else inline_css(_with_body(path, made(), body))


def _quick_shell(made: stamp.Stamped) -> QuickShell | None:
    """The group's shell, finished once, if its witness comes out of it exactly as out
    of the whole-page finishing (inline.QuickShell says what it declines)."""
    shell = QuickShell(made.shell, BODY, [stamp.MARK])
    witness = stamp.Stamped(made.shell, made.group, made.group.witness)
    body = made.group.witness.html
    quick = shell.page(witness.fill, witness.values().values(), body)
    return shell if quick == inline_css(_with_body(Path(), witness(), body)) else None


# MkDocs gets this in place of each page's body and wraps it in the theme; the finished
# HTML goes in afterwards. Our HTML is then never read as Markdown a second time: a
# third of MkDocs' time saved, and no author text can turn into a link on the way. It
# holds an <h1> so that Material adds no title of its own; an author's h1 is always
# demoted, so no page body can contain it.
BODY = "<h1>qs-page-body</h1>"


def _write_docs(docs: Path, pages: list[Page], lang: str, site: Site) -> None:
    if docs.exists():
        shutil.rmtree(docs)
    folders: set[Path] = set()
    for page in pages:
        target = docs / stamp.source_name(page)
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        meta = {
            # Material writes these (and the site's name) into the page as they are,
            # unescaped: they go in as HTML text, so no title can open a tag
            "title": html_text(page.title),
            "description": html_text(page.description or page.title),
            "qs_kind": page.kind,
            "qs_lang": lang,
            "qs_alternates": _alternates(page, lang, site),
            "hide": ["toc"],  # a table of contents costs bytes on every page; phones hide it
        }
        if page.kind in SHARED_KINDS:  # pages whose address is pasted into chats
            meta["qs_og_locale"] = og_locale(lang)
            if page.image:
                meta["qs_og_image"] = html_text(page.image)
        if not page.translated:
            meta["qs_fallback"] = True
        # JSON is YAML too, and writes fifty times faster than the YAML emitter
        front = json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n"
        target.write_text(f"---\n{front}---\n\n{BODY}\n", encoding="utf-8")


SHARED_KINDS = frozenset({"home", "relic", "street", "guide", "counter"})


def og_locale(lang: str) -> str:
    """The Open Graph locale of a language, its likeliest territory from Babel's CLDR
    data: vi -> vi_VN, en -> en_US."""
    likely = Locale.parse(get_global("likely_subtags").get(lang, lang))
    return f"{likely.language}_{likely.territory}" if likely.territory else likely.language


def html_text(text: str) -> str:
    """`text` as HTML, the way Jinja escapes it (& < > " ')."""
    return str(escape(text))


def _alternates(page: Page, lang: str, site: Site) -> list[dict]:
    here = links.site_path(lang, page.path)
    return [
        {
            "lang": other,
            "name": LANG_NAMES.get(other, other),
            "link": links.relative(here, links.site_path(other, page.path)),
            "current": other == lang,
        }
        for other in site.languages
    ]


def _nav(pages: list[Page], gettext) -> list[dict]:
    """Sections only: a page must not carry the list of every entry."""
    nav = [{gettext("Home"): "index.md"}]
    for page in pages:
        if page.kind == "list":
            section = page.path.strip("/")
            nav.append({gettext(SECTION_TITLES[section]): f"{section}/index.md"})
    nav.append({gettext("Search"): "search/index.md"})
    return nav


def _base_config(path: Path) -> dict:
    """The project's mkdocs.yml, which every site inherits; a broken one is a clean error."""
    if not path.is_file():
        return {}
    try:
        base = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise MkDocsFailed(f"mkdocs.yml:{line}: {exc.problem or exc.context}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MkDocsFailed(f"mkdocs.yml: {str(exc).splitlines()[0]}") from None
    if not isinstance(base, dict):
        raise MkDocsFailed("mkdocs.yml: the settings must be 'name: value' lines")
    return base


def _write_config(
    project: Project, site: Site, lang: str, folder: Path, docs: Path, pages: list[Page], out: Path
) -> Path:
    base = _base_config(project.root / "mkdocs.yml")
    gettext = gettext_for(lang)
    theme = dict(base.get("theme") or {})
    theme.update(
        {
            "name": "material",
            "custom_dir": str(THEME_DIR),
            "language": lang,
            "font": False,
        }
    )
    extra = dict(base.get("extra") or {})
    extra["alternate"] = [
        {
            "name": LANG_NAMES.get(o, o),
            "lang": o,
            "link": links.relative(links.lang_prefix(lang), links.lang_prefix(o)),
        }
        for o in site.languages
    ]
    extra["qs_search_label"] = gettext("Search")
    extra["qs_search_version"] = script_version()  # a new script, a new address
    extra["qs_root"] = "../" * links.lang_prefix(lang).count("/")  # language root → site root
    config = {
        **base,
        "site_name": html_text(site.name.get(lang)),
        "site_url": links.absolute(site.base_url, lang, ""),
        "site_description": html_text(site.description.get(lang) or site.name.get(lang)),
        "docs_dir": str(docs),
        "site_dir": str(out),
        "theme": theme,
        "extra": extra,
        "nav": _nav(pages, gettext),
        "plugins": [],
        "markdown_extensions": [],  # MkDocs only sees BODY: the pages are HTML already
        "strict": True,
        "use_directory_urls": True,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return path
