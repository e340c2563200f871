"""Move and retire entry folders without breaking a printed code.

`move` renames an entry folder (with `git mv` when git tracks it) and points its codes
at the new place, so the old signs open the new page. `retire` removes an entry on
purpose and marks its codes retired: they then open a page that says so. Only folders
of the content tree are touched: relics/SITE/NAME, streets/SITE/NAME, content/guides/NAME.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from .codes import REGISTRY_NAME, Registry, read_registry
from .frontmatter import FrontMatterError
from .i18n import N_, UserError
from .paths import inside, is_slug
from .status import State, state_path

TOPS = {"relics": "relic", "streets": "street"}


class MoveError(UserError):
    """A refusal the CLI prints as a clean message."""


@dataclass(frozen=True)
class EntryPath:
    key: str  # e.g. relics/hai-duong/den-chu, as codes.yml names it
    kind: str  # relic | street | guide
    site: str | None
    slug: str


@dataclass
class Report:
    codes: list[str] = field(default_factory=list)  # the codes that changed
    registries: list[Path] = field(default_factory=list)  # the codes.yml files rewritten
    edited: list[Path] = field(default_factory=list)  # other files whose references changed
    references: list[Path] = field(default_factory=list)  # files still naming a retired guide
    git: bool = False  # the folder was moved or removed with git
    folder_changed: bool = False  # False when the folder was already moved or gone


def parse_entry(root: Path, text: str) -> EntryPath:
    """An entry folder named by the author, checked to lie inside the content tree."""
    parts = _parts(root, text)
    if len(parts) == 3 and parts[0] in TOPS and all(is_slug(p) for p in parts[1:]):
        return EntryPath("/".join(parts), TOPS[parts[0]], parts[1], parts[2])
    if len(parts) == 3 and parts[:2] == ["content", "guides"] and is_slug(parts[2]):
        return EntryPath("/".join(parts), "guide", None, parts[2])
    raise MoveError(
        N_(
            "'{path}' is not an entry folder. 'qrsite move' and 'qrsite retire' work on folders "
            "such as relics/SITE/NAME, streets/SITE/NAME or content/guides/NAME, written from the "
            "project folder; NAME uses small letters, digits and hyphens"
        ),
        path=text,
    )


def _parts(root: Path, text: str) -> list[str]:
    path = Path(text.strip())
    if path.is_absolute():
        if not inside(path, root):
            return [text]
        path = Path(path.resolve().relative_to(root.resolve()))
    parts = [p for p in PurePosixPath(path.as_posix()).parts if p not in ("", ".")]
    return [text] if ".." in parts else parts


# --- move -------------------------------------------------------------------------------


def move(root: Path, old: str, new: str) -> Report:
    """Move the entry folder `old` to `new` and point its codes there."""
    root = root.resolve()
    src, dst = parse_entry(root, old), parse_entry(root, new)
    if src.kind != dst.kind:
        raise MoveError(
            N_(
                "'{old}' and '{new}' are different kinds of entry: a move keeps an entry under "
                "the same top folder (relics, streets or content/guides)"
            ),
            old=src.key,
            new=dst.key,
        )
    if src.site != dst.site:
        raise MoveError(
            N_(
                "'{old}' and '{new}' belong to different sites. Codes belong to their site's short "
                "link, so an entry cannot move to another site: make a new entry there, and retire "
                "this one with 'qrsite retire {old}'"
            ),
            old=src.key,
            new=dst.key,
        )
    if src.key == dst.key:
        raise MoveError(N_("'{old}' and '{new}' are the same folder"), old=src.key, new=dst.key)
    source, target = root / src.key, root / dst.key
    registries = _registries(root, src)
    report = Report()
    if target.exists() and source.exists():
        raise MoveError(N_("'{new}' already exists: choose another name"), new=dst.key)
    if not target.exists() and not source.is_dir():
        raise MoveError(N_("there is no folder '{old}' to move"), old=src.key)
    if source.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        report.git = _git_tracked(root, source)
        if report.git:
            _git(root, "mv", "--", src.key, dst.key)
        else:
            source.rename(target)
        report.folder_changed = True
    for registry in registries:
        changed = _retarget(registry, src, dst)
        registry.record_move(src.key, dst.key)  # the old page address leads to the new one
        registry.save()
        report.codes += changed
        report.registries.append(registry.path)
    if src.kind == "guide":
        report.edited = _rename_guide_references(root, src.slug, dst.slug)
    for path in _rename_links(root, source, target):
        if path not in report.edited:
            report.edited.append(path)
    state = State.load(state_path(root, src.site))
    if state.rename(src.key, dst.key):  # a stale translation stays stale after the move
        state.save()
        report.edited.append(state.path)
    return report


_MD_LINK = re.compile(r"(\]\()([^)\s#?]+)")


def _rename_links(root: Path, old: Path, new: Path) -> list[Path]:
    """Markdown links to the moved folder, in every entry, follow it to its new place."""
    old = old.resolve()
    edited = []
    for path in (
        sorted(root.glob("relics/*/*/index.*.md"))
        + sorted(root.glob("streets/*/*/index.*.md"))
        + sorted(root.glob("content/guides/*/index.*.md"))
    ):
        text = path.read_text(encoding="utf-8")

        def repl(match: re.Match, here: Path = path.parent) -> str:
            link = match.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/", link, re.I):
                return match.group(0)
            if (here / link).resolve() != old:
                return match.group(0)
            moved = os.path.relpath(new, here).replace(os.sep, "/")
            return match.group(1) + moved + ("/" if link.endswith("/") else "")

        out = _MD_LINK.sub(repl, text)
        if out != text:
            path.write_text(out, encoding="utf-8")
            edited.append(path)
    return edited


def _retarget(registry: Registry, src: EntryPath, dst: EntryPath) -> list[str]:
    if src.kind != "guide":
        return registry.retarget(src.key, dst.key)
    moved = []
    for code, item in sorted(registry.codes.items()):
        if _is_counter_guide(item.target, src.slug):
            new_target = item.target[: -len(src.slug)] + dst.slug
        elif _is_stop_of_guide(item.target, src.slug):  # a stop is known by its guide
            street, _, stop = item.target.partition("#")
            new_target = f"{street}#{dst.slug}{stop[len(src.slug) :]}"
        else:
            continue
        registry.codes[code] = replace(item, target=new_target)
        moved.append(code)
    return moved


def _is_stop_of_guide(target: str, guide: str) -> bool:
    street, _, stop = target.partition("#")
    return street.startswith("streets/") and (stop == guide or stop.startswith(guide + "."))


def _is_counter_guide(target: str, guide: str) -> bool:
    parts = target.split("/")
    return len(parts) == 4 and parts[0] == "counters" and parts[3] == guide


# A guide is named in site.yml (`guides: [a, b]`, list items) and in street stops (`guide: a`).
def _guide_line_patterns(slug: str) -> list[re.Pattern]:
    s = re.escape(slug)
    q = "[\"']?"
    return [
        re.compile(rf"^(\s*(?:-\s+)?guide\s*:\s*{q}){s}({q}\s*(?:#.*)?)$"),
        re.compile(rf"^(\s*-\s+{q}){s}({q}\s*(?:#.*)?)$"),
    ]


def _rename_guide_references(root: Path, old: str, new: str) -> list[Path]:
    edited = []
    for path in _reference_files(root):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        out = [_rename_in_line(line, old, new) for line in lines]
        if out != lines:
            path.write_text("\n".join(out), encoding="utf-8")
            edited.append(path)
    return edited


def _rename_in_line(line: str, old: str, new: str) -> str:
    for pattern in _guide_line_patterns(old):
        if pattern.match(line):
            return pattern.sub(lambda m: m.group(1) + new + m.group(2), line)
    inline = re.match(r"^(\s*guides\s*:\s*\[)([^\]]*)(\].*)$", line)
    if inline:
        items = [
            new if item.strip().strip("\"'") == old else item.strip()
            for item in inline.group(2).split(",")
        ]
        if any(item.strip().strip("\"'") == old for item in inline.group(2).split(",")):
            return inline.group(1) + ", ".join(items) + inline.group(3)
    return line


def _reference_files(root: Path) -> list[Path]:
    files = sorted((root / "sites").glob("*/site.yml"))
    files += sorted((root / "streets").glob("*/*/index.*.md"))
    return files


def _guide_references(root: Path, slug: str) -> list[Path]:
    """Files that still name the guide `slug` (a rename to anything else would change them)."""
    return [
        path
        for path in _reference_files(root)
        if any(
            _rename_in_line(line, slug, slug + "-") != line
            for line in path.read_text(encoding="utf-8").split("\n")
        )
    ]


# --- retire -----------------------------------------------------------------------------


def retire(root: Path, path: str, note: str = "") -> Report:
    """Remove an entry folder on purpose and retire its codes.

    A street stop (`streets/SITE/NAME#GUIDE`) or a counter's guide
    (`counters/SITE/COUNTER/GUIDE`) is retired by its exact key, and nothing is deleted:
    the author takes the stop out of the street's file, or the guide out of site.yml.
    """
    root = root.resolve()
    note = " ".join(note.split())
    text = path.strip().strip("/")
    if "#" in text or text.startswith("counters/"):
        return _retire_key(root, text, note)
    entry = parse_entry(root, text)
    registries = _registries(root, entry)
    folder = root / entry.key
    report = Report()
    if folder.is_dir():
        report.git = _git_tracked(root, folder)
        if report.git:
            _git(root, "rm", "-r", "-q", "--", entry.key)
        if folder.exists():
            shutil.rmtree(folder)
        report.folder_changed = True
    for registry in registries:
        if entry.kind == "guide":
            changed = _retire_where(registry, lambda t: _is_counter_guide(t, entry.slug), note)
        else:
            changed = registry.retire(entry.key, note)
        if changed:
            registry.save()
            report.codes += changed
            report.registries.append(registry.path)
    if not report.folder_changed and not report.codes:
        raise MoveError(
            N_("there is no folder '{path}' and no code to retire for it"), path=entry.key
        )
    if entry.kind == "guide":
        report.references = _guide_references(root, entry.slug)
    return report


def unrecoverable(root: Path, path: str) -> tuple[str, list[str]] | None:
    """The folder `retire(root, path)` would delete and its files that git cannot bring
    back (None when there are none): worth a question before they go."""
    root = root.resolve()
    text = path.strip().strip("/")
    if "#" in text or text.startswith("counters/"):
        return None
    try:
        entry = parse_entry(root, text)
    except MoveError:
        return None  # retire itself says what is wrong with the path
    folder = root / entry.key
    if not folder.is_dir():
        return None
    if _git_tracked(root, folder):
        lost = _git_untracked(root, folder)
    else:
        lost = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return (entry.key, lost) if lost else None


def _retire_key(root: Path, key: str, note: str) -> Report:
    entry, _, stop = key.partition("#")
    parts = entry.split("/")
    if stop:
        site = parse_entry(root, entry).site if parts[0] == "streets" else None
        guide, _, nth = stop.partition(".")
        if site is None or not is_slug(guide) or nth and not nth.isdigit():
            raise MoveError(
                N_(
                    "'{path}' is not a street stop: write it as streets/SITE/STREET#GUIDE "
                    "(GUIDE.2 for the street's second stop with that guide), as codes.yml "
                    "shows it"
                ),
                path=key,
            )
    elif len(parts) in (3, 4) and all(is_slug(p) for p in parts[1:]):
        site = parts[1]
    else:
        raise MoveError(
            N_(
                "'{path}' is not a counter: write it as counters/SITE/COUNTER or "
                "counters/SITE/COUNTER/GUIDE"
            ),
            path=key,
        )
    registry = _load(root / "sites" / site / REGISTRY_NAME)
    report = Report()
    report.codes = registry.retire(key, note)
    if not report.codes:
        raise MoveError(N_("no code in use is issued for '{path}'"), path=key)
    registry.save()
    report.registries.append(registry.path)
    return report


def _retire_where(registry: Registry, match, note: str) -> list[str]:
    retired = []
    for code, item in sorted(registry.codes.items()):
        if match(item.target) and not item.retired:
            registry.codes[code] = replace(item, retired=True, note=note)
            retired.append(code)
    return retired


# --- helpers ----------------------------------------------------------------------------


def _registries(root: Path, entry: EntryPath) -> list[Registry]:
    """The registries an entry's codes live in: its site's, or every site's for a guide.

    All are read before anything moves, so a damaged codes.yml stops the command early.
    """
    if entry.site is not None:
        return [_load(root / "sites" / entry.site / REGISTRY_NAME)]
    return [_load(p) for p in sorted((root / "sites").glob(f"*/{REGISTRY_NAME}"))]


def _load(path: Path) -> Registry:
    try:
        return read_registry(path)
    except FrontMatterError:
        raise MoveError(
            N_("{path} is damaged, so no code was changed: restore it from the last commit"),
            path=path.as_posix(),
        ) from None


def _git_tracked(root: Path, folder: Path) -> bool:
    """True when `folder` lies in a git work tree and git tracks a file in it."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--", str(folder)],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return result.returncode == 0 and bool(result.stdout)


def _git_untracked(root: Path, folder: Path) -> list[str]:
    """Files in `folder` that git does not track (ignored ones aside)."""
    result = subprocess.run(
        ["git", "ls-files", "-z", "--others", "--exclude-standard", "--", str(folder)],
        cwd=folder,
        capture_output=True,
        check=False,
    )
    names = [n for n in result.stdout.decode("utf-8", "replace").split("\0") if n]
    return sorted(names) if result.returncode == 0 else []


def _git(root: Path, *args: str) -> None:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise MoveError(
            N_("git could not do it: {detail}"),
            detail=result.stderr.strip() or result.stdout.strip(),
        )
