"""`qrsite status`: what a team leader needs to see at a glance, per site.

Entries with and without English, English files older than their Vietnamese file,
codes issued and signs built.

When is an English file stale? "The Vietnamese text changed after the English file
was last touched":

* In a git work tree where both files are committed, git answers: the Vietnamese
  file has uncommitted changes while the English one has none, or the last commit
  that changed its content is newer than the English file's (followed through
  renames: a move changes no content).
* Otherwise (no git, or a file not committed yet) a recorded hash answers. The
  state file `sites/<site>/translations.yml` (`content/guides/translations.yml` for
  the shared guides) keeps, per entry, a hash of the English file and a hash of the
  *translatable* part of the Vietnamese file (text fields and body, not photos or
  coordinates) as it was when the English file last changed. `qrsite status`
  writes it: an entry seen for the first time, or whose English file changed since
  the last run, is recorded as up to date; the English is stale as soon as the
  Vietnamese text no longer matches the recorded hash. Commit the file with the
  content, as you do codes.yml.
"""

from __future__ import annotations

import datetime
import hashlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import schema
from .codes import read_registry
from .content import load_project
from .freshness import Age, age_of
from .frontmatter import FrontMatterError, parse
from .i18n import count_text
from .model import Entry
from .payees import (
    PayeeChange,
    changes_between,
    payees_of,
    read_changes,
    read_payees,
    warning_lines,
)
from .paymentplan import PAYMENTS_DIR
from .printed import built_manifests, changed_fields, manifest_rows, printed_path, read_printed
from .reproducible import today
from .signs.render import BOOKS

STATE_NAME = "translations.yml"
MOVES_LOOKED_THROUGH = 32  # commits read back per file: the newest change is among them
STATE_HEADER = (
    "# Written by 'qrsite status': the state of each English translation, used to\n"
    "# tell when the Vietnamese text changed after the English file. Commit it.\n"
)


@dataclass
class SiteStatus:
    site: str
    name: str
    entries: list[str] = field(default_factory=list)
    without_english: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    codes: int = 0
    retired: int = 0
    signs: int = 0
    signs_dir: str = ""
    overdue: list[tuple[str, Age]] = field(default_factory=list)  # oldest check first
    undated: list[str] = field(default_factory=list)  # no `checked` day yet
    never_printed: list[str] = field(default_factory=list)  # built signs with no record
    reprint: list[tuple[str, list[str]]] = field(default_factory=list)  # code, what changed
    take_down: list[tuple[str, str]] = field(default_factory=list)  # code, where it hangs
    payees_built: list[PayeeChange] = field(default_factory=list)  # found by the last build
    payees_pending: list[PayeeChange] = field(default_factory=list)  # in content, not built


def project_status(
    root: Path, sites: list[str] | None = None, day: datetime.date | None = None
) -> list[SiteStatus]:
    """`day`: the date freshness is judged by (default: SOURCE_DATE_EPOCH's, else today)."""
    root = root.resolve()
    day = day or today()
    project, _problems = load_project(root, sites)  # status works on unfinished content too
    published = project.published()  # what a build draws: drafts have no stickers
    git = Git.open(root)
    states: dict[Path, State] = {}
    out = []
    for slug in sorted(project.sites):
        site = project.sites[slug]
        status = SiteStatus(slug, site.name.vi)
        entries = list(project.entries.get(slug, [])) + project.site_guides(slug)
        for entry in entries:
            status.entries.append(entry.key)
            age = age_of(entry, site, day)
            if entry.draft:
                pass  # never built: nothing to be overdue
            elif age.checked is None:
                status.undated.append(entry.key)
            elif age.overdue:
                status.overdue.append((entry.key, age))
            if not has_english(entry):
                status.without_english.append(entry.key)
                continue
            state_file = state_path(root, entry.site)
            state = states.setdefault(state_file, State.load(state_file))
            if is_stale(entry, git, state):
                status.stale.append(entry.key)
        try:
            registry = read_registry(site.folder / "codes.yml")
        except FrontMatterError:
            registry = None
        if registry:
            status.codes = sum(1 for c in registry.codes.values() if not c.retired)
            status.retired = sum(1 for c in registry.codes.values() if c.retired)
        signs = root / "build" / slug / "signs"
        printing_status(status, site, signs, registry)
        status.payees_built = read_changes(signs / PAYMENTS_DIR)
        status.payees_pending = changes_between(
            read_payees(signs / PAYMENTS_DIR), payees_of(published, site)
        )
        status.signs_dir = f"build/{slug}/signs"
        if signs.is_dir():
            status.signs = sum(1 for p in signs.glob("*.pdf") if p.name not in BOOKS)
        status.overdue.sort(key=lambda item: (item[1].checked, item[0]))
        out.append(status)
    for state in states.values():
        state.save()
    return out


def printing_status(status: SiteStatus, site, signs: Path, registry) -> None:
    """The last build's signs against printed.yml: never printed, changed since printed
    (with what changed), and printed signs that lead nowhere now (take down or replace)."""
    records = read_printed(printed_path(site))
    rows = {}
    for manifest in built_manifests(signs):
        rows.update({row["code"]: row for row in manifest_rows(manifest)})
    for code, row in sorted(rows.items()):
        record = records.get(code)
        if record is None:
            status.never_printed.append(code)
        elif record.version != row.get("version"):
            status.reprint.append((code, changed_fields(record, row)))
    retired = {c.code for c in registry.codes.values() if c.retired} if registry else set()
    for code, record in sorted(records.items()):
        if code not in rows and (code in retired or rows):
            where = record.shown.get("placement") or record.shown.get("title_vi", "")
            status.take_down.append((code, where))


def has_english(entry: Entry) -> bool:
    """Translated means an English file that gives at least its own title."""
    return entry.en is not None and bool(entry.en.fields.get("title"))


def is_stale(entry: Entry, git: Git | None, state: State) -> bool:
    vi, en = entry.vi.path, entry.en.path
    if git and git.committed(vi) and git.committed(en):
        if git.dirty(en):
            return False  # being translated right now
        if not git.dirty(vi) and git.time(vi) <= git.time(en):
            return False
        # The Vietnamese file changed since: stale only if its translatable text did (a
        # new `checked` day or a source is not the translator's business).
        before = git.content_when_changed(vi, en)
        return before is None or translatable_hash_of(before) != translatable_hash(vi)
    return state.check(entry.key, translatable_hash(vi), file_hash(en))


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def translatable_hash(path: Path) -> str:
    """A hash of what a translator translates: text fields and body, not photos or places."""
    return translatable_hash_of(path.read_bytes())


def translatable_hash_of(raw: bytes) -> str:
    try:
        doc = parse(raw)
    except FrontMatterError:
        return hashlib.sha256(raw).hexdigest()[:16]
    kind_fields = {f.name: f for fields in schema.FIELDS.values() for f in fields}
    kept = {
        k: v
        for k, v in doc.meta.items()
        if k not in kind_fields or kind_fields[k].where == schema.BOTH
    }
    if isinstance(kept.get("stops"), list):  # only the place of a stop is translated
        kept["stops"] = [
            {k: v for k, v in s.items() if k in schema.STOP_TRANSLATABLE}
            if isinstance(s, dict)
            else s
            for s in kept["stops"]
        ]
    text = yaml.safe_dump(_plain(kept), allow_unicode=True, sort_keys=True) + doc.body.strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def state_path(root: Path, site: str | None) -> Path:
    """A site's translations.yml; the shared guides keep theirs in content/guides."""
    if site is None:
        return root / "content" / "guides" / STATE_NAME
    return root / "sites" / site / STATE_NAME


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class State:
    """The recorded hashes of one translations.yml."""

    def __init__(self, path: Path, data: dict):
        self.path = path
        self.data = data
        self.changed = False

    @classmethod
    def load(cls, path: Path) -> State:
        data = {}
        if path.is_file():
            try:
                loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError):
                loaded = None
            if isinstance(loaded, dict):
                data = {str(k): v for k, v in loaded.items() if isinstance(v, dict)}
        return cls(path, data)

    def check(self, key: str, vi_hash: str, en_hash: str) -> bool:
        """True when the Vietnamese text changed since the English file last changed."""
        record = self.data.get(key)
        if record is None or record.get("en") != en_hash:
            self.data[key] = {"vi": vi_hash, "en": en_hash}
            self.changed = True
            return False
        return record.get("vi") != vi_hash

    def rename(self, old: str, new: str) -> bool:
        """Carry an entry's record to its new key (the entry was moved)."""
        if old not in self.data:
            return False
        self.data[new] = self.data.pop(old)
        self.changed = True
        return True

    def save(self) -> None:
        if not self.changed:
            return
        body = yaml.safe_dump(dict(sorted(self.data.items())), sort_keys=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(STATE_HEADER + body, encoding="utf-8")


class Git:
    """Answers from `git` about files of the work tree the project lives in."""

    def __init__(self, top: Path, dirty: set[str]):
        self.top = top
        self._dirty = dirty
        self._times: dict[str, int] = {}
        self._commits: dict[str, str] = {}  # the commit that last changed each file

    @classmethod
    def open(cls, root: Path) -> Git | None:
        try:
            top = _git(root, "rev-parse", "--show-toplevel").strip()
            listing = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", ".")
        except (OSError, subprocess.CalledProcessError):
            return None
        dirty = set()
        items = listing.split("\0")
        i = 0
        while i < len(items):
            item = items[i]
            if len(item) > 3:
                dirty.add(item[3:])
                if item[0] in "RC":  # a rename carries its old name next
                    i += 1
            i += 1
        return cls(Path(top).resolve(), dirty)

    def _rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.top).as_posix()

    def dirty(self, path: Path) -> bool:
        return self._rel(path) in self._dirty

    def time(self, path: Path) -> int:
        """When the file's content last changed in a commit, following it through
        renames: a commit that only moved it (`qrsite move`, `git mv`) does not count, so
        a translation made stale before a move stays stale after it."""
        rel = self._rel(path)
        if rel not in self._times:
            out = _git(
                self.top,
                "log",
                "--follow",
                "-M",
                f"--max-count={MOVES_LOOKED_THROUGH}",
                "--format=%x00%ct %H",
                "--name-status",
                "--",
                rel,
            )
            self._times[rel], self._commits[rel] = _last_change(out)
        return self._times[rel]

    def content_when_changed(self, path: Path, other: Path) -> bytes | None:
        """`path` as it was in the commit that last changed `other` (None when it was not
        there under this name, e.g. moved since)."""
        self.time(other)
        commit = self._commits.get(self._rel(other))
        if not commit:
            return None
        done = subprocess.run(
            ["git", "show", f"{commit}:{self._rel(path)}"], cwd=self.top, capture_output=True
        )
        return done.stdout if done.returncode == 0 else None

    def committed(self, path: Path) -> bool:
        try:
            return self.time(path) > 0
        except (ValueError, subprocess.CalledProcessError):
            return False


def _last_change(log: str) -> tuple[int, str]:
    """The time and hash of the newest commit in `git log --format=%x00%ct %H
    --name-status` output that changed the file's content (a rename at 100 % similarity
    changed nothing)."""
    for record in log.split("\0"):
        lines = [line for line in record.splitlines() if line.strip()]
        if not lines:
            continue
        statuses = [line.split("\t", 1)[0] for line in lines[1:]]
        if not statuses or all(st in ("R100", "C100") for st in statuses):
            continue  # a merge (no diff of its own) or a move
        time, _, commit = lines[0].partition(" ")
        return int(time), commit
    return 0, ""


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def format_status(statuses: list[SiteStatus], gettext, lang: str = "en") -> str:
    """The report as text, in the reader's language."""
    lines = []
    for s in statuses:
        lines.append(f"{s.site} — {s.name}")
        with_en = len(s.entries) - len(s.without_english)
        lines.append(
            "  "
            + gettext("entries: {total} ({with_en} with English, {without} without)").format(
                total=len(s.entries), with_en=with_en, without=len(s.without_english)
            )
        )
        if s.without_english:
            lines.append("  " + gettext("without English:"))
            lines += [f"    {key}" for key in s.without_english]
        if s.stale:
            lines.append("  " + gettext("English older than the Vietnamese (update it):"))
            lines += [f"    {key}" for key in s.stale]
        if s.overdue:
            lines.append("  " + gettext("past their age, check them again (oldest first):"))
            lines += [
                "    "
                + count_text(
                    lang,
                    "{key}: checked {date}, {count} month ago",
                    "{key}: checked {date}, {count} months ago",
                    age.months,
                    key=key,
                    date=age.checked.isoformat(),
                )
                for key, age in s.overdue
            ]
        if s.undated:
            lines.append(
                "  "
                + gettext("never dated ('checked' missing): {count}").format(count=len(s.undated))
            )
        lines.append(
            "  "
            + gettext("codes issued: {codes} ({retired} retired)").format(
                codes=s.codes, retired=s.retired
            )
        )
        lines.append(
            "  " + gettext("signs built: {signs} in {path}").format(signs=s.signs, path=s.signs_dir)
        )
        if s.never_printed:
            lines.append(
                "  " + gettext("signs never printed: {count}").format(count=len(s.never_printed))
            )
        if s.reprint:
            lines.append("  " + gettext("to print again, their content changed since printing:"))
            lines += [f"    {code}: {', '.join(fields)}" for code, fields in s.reprint]
        if s.take_down:
            lines.append(
                "  " + gettext("printed signs that lead nowhere now, take down or replace:")
            )
            lines += [f"    {code}: {where}" for code, where in s.take_down]
        if s.payees_pending:
            lines.append("  " + gettext("payment details edited since the last build:"))
            lines += [f"    {change.describe()}" for change in s.payees_pending]
    # last, as `build` prints them: payment stickers that now pay someone new
    lines += warning_lines([c for s in statuses for c in s.payees_built])
    return "\n".join(lines) + "\n"
