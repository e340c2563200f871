"""Permanent short codes: the registry in sites/<site>/codes.yml.

A code is printed on a wall for years, so it is issued once and never reused or
dropped. The registry works like a lock file: the build adds codes for new targets
and the author commits it. A target that vanished without `qrsite move` or
`qrsite retire` is an error, because the tool cannot tell a rename from a deletion.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .content.shapes import field_line
from .content.stops import stop_identity
from .frontmatter import FrontMatterError, LineDict, load_yaml
from .i18n import N_
from .kept_json import kept_file, read_kept, recipe_of, write_kept
from .model import Project, Site
from .paths import is_slug
from .problems import Term
from .renames import moved_by_hand
from .schema import ENTRY_ROOTS
from .staging import atomic_write_text

# Upper-case letters and digits, without the look-alikes O/0 and I/1: QR alphanumeric mode.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 5
REGISTRY_NAME = "codes.yml"
HEADER = (
    "# Written by qrsite: every short code ever printed for this site.\n"
    "# Commit this file with the content. Never edit or delete a code by hand:\n"
    "# use 'qrsite move' or 'qrsite retire'.\n"
)


@dataclass(frozen=True)
class Target:
    """Something a sign points at; `key` names it in the registry."""

    # relics/<site>/<slug> | streets/<site>/<slug>[#<stop identity>] | counters/<site>/<c>/<guide>
    key: str
    kind: str  # relic | street | stop | counter_guide
    page: str  # path of the page it opens, relative to a language root, e.g. "relics/x/"
    entry: str = ""  # the entry folder key (content tree), for the manifest
    stop: int | None = None  # the stop's number as its board shows it now
    stop_id: str | None = None  # what the stop's code follows (content/stops.py)
    counter: str | None = None
    guide: str | None = None
    title: str = ""  # the Vietnamese title a sign shows, recorded in codes.yml when issued


@dataclass(frozen=True)
class Code:
    code: str
    target: str  # a Target key
    retired: bool = False
    note: str = ""  # for retired codes: what happened, shown on the landing page
    kind: str = ""  # the sign's kind when issued (relic, street, stop, counter_guide)
    title: str = ""  # the sign's Vietnamese title when issued, to name it once it is gone
    line: int = field(default=0, compare=False)  # its line in codes.yml, for messages


@dataclass
class Registry:
    path: Path
    codes: dict[str, Code] = field(default_factory=dict)
    # Entry folders moved by `qrsite move`, old key -> new key: their old page addresses
    # (pasted into chats and articles) keep leading to the new pages.
    moved: dict[str, str] = field(default_factory=dict)
    as_read: tuple = field(default=({}, {}), repr=False)  # (codes, moved): to save only changes

    def by_target(self) -> dict[str, Code]:
        return {c.target: c for c in self.codes.values() if not c.retired}

    def issue(self, site: str, target: str, kind: str = "", title: str = "") -> Code:
        """A new code for `target`, derived from its name so that builds are reproducible."""
        attempt = 0
        while True:
            digest = hashlib.sha256(f"{site}\0{target}\0{attempt}".encode()).digest()
            number = int.from_bytes(digest[:8], "big")
            code = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH))
            if code not in self.codes:
                self.codes[code] = Code(code, target, kind=kind, title=title)
                return self.codes[code]
            attempt += 1

    def retarget(self, old_prefix: str, new_prefix: str) -> list[str]:
        """Point every code of `old_prefix` (an entry folder key) at `new_prefix`."""
        moved = []
        for code, entry in list(self.codes.items()):
            if _under(entry.target, old_prefix):
                self.codes[code] = replace(
                    entry, target=new_prefix + entry.target[len(old_prefix) :]
                )
                moved.append(code)
        return moved

    def retire(self, prefix: str, note: str = "") -> list[str]:
        retired = []
        for code, entry in list(self.codes.items()):
            if _under(entry.target, prefix) and not entry.retired:
                self.codes[code] = replace(entry, retired=True, note=note)
                retired.append(code)
        return retired

    def record_move(self, old: str, new: str) -> None:
        """Remember that the entry `old` now lives at `new` (a move back forgets it)."""
        self.moved.pop(new, None)
        if old != new:
            self.moved[old] = new

    def save(self) -> None:
        """Write the file when a code was issued, moved or retired (or it is missing)."""
        if (self.codes, self.moved) == self.as_read and self.path.exists():
            return
        data = {}
        for code in sorted(self.codes):
            entry = self.codes[code]
            item: dict = {"target": entry.target}
            if entry.kind:
                item["kind"] = entry.kind
            if entry.title:
                item["title"] = entry.title
            if entry.retired:
                item["retired"] = True
                if entry.note:
                    item["note"] = entry.note
            data[code] = item
        document: dict = {"codes": data}
        if self.moved:
            document["moved"] = dict(sorted(self.moved.items()))
        text = HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=True)
        if not self.path.exists() or self.path.read_text(encoding="utf-8") != text:
            atomic_write_text(self.path, text)  # an interrupted save never truncates it


def _under(target: str, prefix: str) -> bool:
    return target == prefix or target.startswith(prefix + "#") or target.startswith(prefix + "/")


def is_entry_key(key) -> bool:
    """An entry folder's key as the content tree names it: relics/SITE/SLUG,
    streets/SITE/SLUG or content/guides/SLUG (nothing that leads elsewhere)."""
    if not isinstance(key, str):
        return False
    parts = key.split("/")
    if len(parts) != 3 or not all(is_slug(p) for p in parts[1:]):
        return False
    return parts[0] in ENTRY_ROOTS.values() or parts[:2] == ["content", "guides"]


def load_registry(site: Site, cache: Path | None = None) -> Registry:
    """`cache`: the build's cache folder, where the registry as read is kept (in JSON,
    by a hash of the file: a province's five thousand codes are a third of a second of
    YAML)."""
    kept = kept_file(cache, KEPT_FOLDER, site.slug) if cache else None
    return read_registry(site.folder / REGISTRY_NAME, kept)


KEPT_FOLDER = "registry"  # under the build's cache folder


@lru_cache(maxsize=1)
def _recipe() -> str:
    here = Path(__file__).resolve().parent
    return recipe_of([here / "codes.py", here / "frontmatter.py"], ["pyyaml"])


def read_registry(path: Path, kept: Path | None = None) -> Registry:
    """The registry at `path` (empty when the file does not exist yet); `kept`: where
    it is kept as read, for the next read of the same file.

    Raises FrontMatterError, with a line, when the file is not a registry: a build must
    then stop rather than issue fresh codes over the printed ones.
    """
    if not path.exists():
        return Registry(path)
    text = path.read_text(encoding="utf-8-sig")
    digest = hashlib.sha256(text.encode()).hexdigest()
    known = read_kept(kept, _recipe())
    if known.get("file") == digest:
        registry = Registry(path, {c[0]: Code(*c) for c in known["codes"]}, known["moved"])
    else:
        registry = _parsed(path, text)
        codes = [astuple(code) for code in registry.codes.values()]
        write_kept(kept, {"file": digest, "codes": codes, "moved": registry.moved}, _recipe())
    registry.as_read = (dict(registry.codes), dict(registry.moved))
    return registry


def _parsed(path: Path, text: str) -> Registry:
    registry = Registry(path)
    data = load_yaml(text)
    if data is None:
        return registry
    codes = data.get("codes") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(codes, dict | None):
        raise FrontMatterError(1, "codes.yml is damaged: restore it from the last commit")
    for code, item in (codes or {}).items():
        line = codes.lines.get(code, 0) if isinstance(codes, LineDict) else 0
        if not isinstance(item, dict) or not isinstance(item.get("target"), str):
            raise FrontMatterError(line, "codes.yml is damaged: restore it from the last commit")
        registry.codes[str(code)] = Code(
            str(code),
            item["target"],
            bool(item.get("retired", False)),
            str(item.get("note", "") or ""),
            str(item.get("kind", "") or ""),
            str(item.get("title", "") or ""),
            line,
        )
    moved = data.get("moved") or {}
    if not isinstance(moved, dict) or not all(
        is_entry_key(k) and is_entry_key(v) for k, v in moved.items()
    ):
        line = data.lines.get("moved", 0) if isinstance(data, LineDict) else 0
        raise FrontMatterError(line, "codes.yml is damaged: restore it from the last commit")
    registry.moved = dict(moved)
    return registry


def targets(project: Project, site: Site) -> list[Target]:
    """Every sign target of a site, in a stable order."""
    out = []
    for entry in project.entries.get(site.slug, []):
        page = f"{entry.section}/{entry.slug}/"
        title = _title(entry)
        if entry.kind == "relic":
            out.append(Target(entry.key, "relic", page, entry.key, title=title))
        elif entry.kind == "street":
            out.append(Target(entry.key, "street", page, entry.key, title=title))
            for stop in entry.vi.fields.get("stops") or []:
                number = stop.get("number")
                guide = stop.get("guide")
                identity = stop_identity(stop)
                if (
                    isinstance(number, int)
                    and identity
                    and isinstance(guide, str)
                    and guide in project.guides
                ):
                    out.append(
                        Target(
                            f"{entry.key}#{identity}",
                            "stop",
                            f"guides/{guide}/",
                            entry.key,
                            stop=number,
                            stop_id=identity,
                            guide=guide,
                            title=f"{title} – {number}",
                        )
                    )
    for counter in site.counters:
        for guide in counter.guides:
            if guide in project.guides:
                out.append(
                    Target(
                        f"counters/{site.slug}/{counter.slug}/{guide}",
                        "counter_guide",
                        f"guides/{guide}/",
                        f"counters/{site.slug}/{counter.slug}",
                        counter=counter.slug,
                        guide=guide,
                        title=f"{counter.name.vi} – {_title(project.guides[guide])}",
                    )
                )
    return out


def _title(entry) -> str:
    return str(entry.vi.fields.get("title") or entry.slug)


# --- short links ------------------------------------------------------------------------

# The characters QR alphanumeric mode can hold; anything else forces the larger byte mode.
QR_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def qr_short_base(short_base: str) -> str:
    """The short base as printed: scheme and host upper-cased (they ignore case), path kept.

    Hosts and schemes are case-insensitive by the URL standard, so `https://hd.example.org/Q/`
    prints as `HTTPS://HD.EXAMPLE.ORG/Q/`; a path is left alone, since a host may tell
    `/q/` from `/Q/`.
    """
    parts = urlsplit(short_base)
    if not parts.scheme or not parts.netloc:
        return short_base
    rest = short_base[len(parts.scheme) + 3 + len(parts.netloc) :]
    return f"{parts.scheme.upper()}://{parts.netloc.upper()}{rest}"


def is_alphanumeric(text: str) -> bool:
    """True when the whole of `text` fits QR alphanumeric mode."""
    return all(ch in QR_ALPHANUMERIC for ch in text)


def short_url(site: Site, code: str) -> str:
    """The QR payload: short base + code + '/', landing straight on Q/<CODE>/index.html."""
    return f"{qr_short_base(site.short_base)}{code}/"


def short_folder(site: Site) -> str:
    """Where the landing pages live inside the built site, e.g. 'Q/' (case kept).

    The part of the short base's path that repeats the base URL's path is dropped: a site
    at https://example.org/hd/ with short base HTTPS://EXAMPLE.ORG/HD/Q/ keeps them in Q/.
    """
    short_path = urlsplit(site.short_base).path or "/"
    base_path = urlsplit(site.base_url).path or "/"
    if not base_path.endswith("/"):
        base_path += "/"
    if short_path.lower().startswith(base_path.lower()):
        short_path = short_path[len(base_path) :]
    short_path = short_path.strip("/")
    return f"{short_path}/" if short_path else ""


def landing_path(site: Site, code: str) -> str:
    """The landing page of `code` from the root of the built site, e.g. 'Q/93D9Q/'."""
    return f"{short_folder(site)}{code}/"


def _check_short_base(site: Site, problems) -> None:
    if not site.short_base or is_alphanumeric(qr_short_base(site.short_base)):
        return
    problems.warn(
        site.config_file,
        field_line(site.config_file, "short_base"),
        "the short base {short} cannot be written in upper case, so every sign's QR code uses "
        "byte mode and comes out larger (finer modules). If the host serves the same folder in "
        "upper case, write short_base in capitals, e.g. {suggestion}",
        short=site.short_base,
        suggestion=qr_short_base(site.short_base).upper(),
    )


# --- assigning codes --------------------------------------------------------------------


def assign(
    project: Project, site: Site, problems, cache: Path | None = None
) -> tuple[Registry, dict[str, Code]]:
    """Codes for every current target, issuing new ones; report codes left pointing nowhere.

    The registry is returned unsaved: the build saves it once everything succeeded.
    """
    _check_short_base(site, problems)
    try:
        registry = load_registry(site, cache)
    except FrontMatterError as exc:
        problems.add(site.folder / REGISTRY_NAME, exc.line, exc.message, **exc.params)
        return Registry(site.folder / REGISTRY_NAME), {}
    current = targets(project, site)
    _adopt_numbered_stops(registry, project, site)
    keys = {t.key for t in current}
    present = _present_keys(project, site)
    for code in sorted(registry.codes.values(), key=lambda c: c.code):
        if code.retired or code.target in keys or code.target in present:
            continue
        if _is_draft(project, code.target):
            _report_draft(registry, code, problems)
        elif not _failed_to_load(project, site, code.target):
            new = None
            if "#" not in code.target and not code.target.startswith("counters/"):
                coded = {c.target.partition("#")[0] for c in registry.codes.values()}
                new = moved_by_hand(project, site.slug, code.target, code.title, coded)
            _report_vanished(registry, code, present, problems, new)
    by_target = registry.by_target()
    retired = {c.target: c for c in registry.codes.values() if c.retired}
    for target in current:
        code = by_target.get(target.key)
        if code is None:
            by_target[target.key] = registry.issue(site.slug, target.key, target.kind, target.title)
            if target.key in retired:
                problems.warn(
                    registry.path,
                    retired[target.key].line,
                    "{target} is in the content again although its code {old} was retired: it "
                    "gets the new code {new}, and signs printed with {old} keep showing the "
                    "'removed' page. If that sign was taken down for good, take {target} out of "
                    "the content",
                    target=target.key,
                    old=retired[target.key].code,
                    new=by_target[target.key].code,
                )
        elif not code.kind or not code.title:
            code = replace(code, kind=code.kind or target.kind, title=code.title or target.title)
            registry.codes[code.code] = by_target[target.key] = code
    return registry, by_target


def _adopt_numbered_stops(registry: Registry, project: Project, site: Site) -> None:
    """Codes issued to a stop by its number (`street#4`, before stops had an identity)
    follow the stop that has that number now, once; from then on they follow its identity."""
    streets = {e.key: e for e in project.entries.get(site.slug, []) if e.kind == "street"}
    taken = {c.target for c in registry.codes.values()}
    for code in sorted(registry.codes.values(), key=lambda c: c.code):
        entry, _, number = code.target.partition("#")
        if code.retired or not number.isdigit() or entry not in streets:
            continue
        stops = streets[entry].vi.fields.get("stops") or []
        if any(stop_identity(s) == number for s in stops):
            continue  # a guide whose folder name is a number: today's key, not an old one
        stop = next((s for s in stops if s.get("number") == int(number)), None)
        identity = stop_identity(stop) if stop else None
        if identity and f"{entry}#{identity}" not in taken:
            registry.codes[code.code] = replace(code, target=f"{entry}#{identity}")
            taken.add(f"{entry}#{identity}")


def _present_keys(project: Project, site: Site) -> set[str]:
    """Target keys whose place still exists even if another error hides the target itself.

    A stop whose guide is misspelt is still on its street: the content check reports the
    guide, and the code must not be called vanished on top of it.
    """
    keys = set()
    for entry in project.entries.get(site.slug, []):
        keys.add(entry.key)
        for stop in entry.vi.fields.get("stops") or [] if entry.kind == "street" else []:
            if isinstance(stop, dict) and stop_identity(stop):
                keys.add(f"{entry.key}#{stop_identity(stop)}")
    for counter in site.counters:
        for guide in counter.guides:
            keys.add(f"counters/{site.slug}/{counter.slug}/{guide}")
    return keys


def _failed_to_load(project: Project, site: Site, target: str) -> bool:
    """True when the target's entry folder is still on disk but did not load.

    Its file has an error that the check reports; the sign is still on the wall, so it
    must not be called vanished (and a street's stops cannot be known until it loads).
    """
    entry = target.partition("#")[0]
    parts = entry.split("/")
    if len(parts) != 3 or parts[0] not in ENTRY_ROOTS.values() or parts[1] != site.slug:
        return False
    if not is_slug(parts[2]) or any(e.key == entry for e in project.entries.get(site.slug, [])):
        return False
    return (project.root / entry / "index.vi.md").is_file()


# Each kind of sign target as messages name it ("the relic sign"), in the reader's language.
TARGET_KINDS = {
    "relic": N_("relic"),
    "street": N_("street"),
    "stop": N_("street stop"),
    "counter_guide": N_("counter"),
}


def target_kind(kind: str) -> Term:
    return Term(TARGET_KINDS.get(kind, kind or "?"))


def _is_draft(project: Project, target: str) -> bool:
    """The target's entry (or, for a counter, its guide) is a draft set aside."""
    if target.startswith("counters/"):
        return f"content/guides/{target.rsplit('/', 1)[1]}" in project.drafts
    return target.partition("#")[0] in project.drafts


def _report_draft(registry: Registry, code: Code, problems) -> None:
    entry = code.target.partition("#")[0]
    if code.target.startswith("counters/"):
        entry = f"content/guides/{code.target.rsplit('/', 1)[1]}"
    problems.add(
        registry.path,
        code.line,
        "code {code} is printed on the {kind} sign '{sign}', which leads to {entry}, now a "
        "draft: the sign would lead nowhere. Delete 'draft: true' in {entry}/index.vi.md, or, "
        "if the sign was taken down, run: qrsite retire '{target}'",
        code=code.code,
        kind=target_kind(code.kind),
        sign=code.title or code.target,
        entry=entry,
        target=code.target,
    )


def _report_vanished(
    registry: Registry, code: Code, present: set[str], problems, new: str | None = None
) -> None:
    sign = code.title or code.target
    kind = target_kind(code.kind)
    entry, _, stop = code.target.partition("#")
    if code.target.startswith("counters/"):
        problems.add(
            registry.path,
            code.line,
            "code {code} is printed on the {kind} sign '{sign}' for {target}, which site.yml no "
            "longer lists. Put that guide back under its counter in site.yml, or, if the sign was "
            "taken down, run: qrsite retire {target}",
            code=code.code,
            kind=kind,
            sign=sign,
            target=code.target,
        )
    elif stop and "." in stop and f"{entry}#{stop.split('.')[0]}" in present:
        guide = stop.split(".")[0]
        problems.add(
            registry.path,
            code.line,
            "code {code} is printed on the {kind} sign '{sign}' for the stop '{stop}' of {entry}: "
            "the street now has fewer stops with the guide '{guide}' than codes for them, and "
            "such stops are told apart only by their order. Look at which code is on each board "
            "still standing (manifest.csv), keep those stops in that order, and retire the code "
            "of the board that was taken down: qrsite retire '{entry}#STOP'",
            code=code.code,
            kind=kind,
            sign=sign,
            stop=stop,
            entry=entry,
            guide=guide,
        )
    elif stop and entry in present:
        problems.add(
            registry.path,
            code.line,
            "code {code} is printed on the {kind} sign '{sign}' for the stop '{stop}' of {entry}, "
            "which is no longer among that street's stops (a stop is known by its guide). Put "
            "the stop back, or, if the board was taken down, run: qrsite retire '{target}'",
            code=code.code,
            kind=kind,
            sign=sign,
            stop=stop,
            entry=entry,
            target=code.target,
        )
    elif new:
        problems.add(
            registry.path,
            code.line,
            "code {code} is printed on the {kind} sign '{sign}' for {entry}, which no longer "
            "exists; {new} looks like the same entry, renamed by hand. If it is, record the "
            "move as it stands with: qrsite move {entry} {new}. If {entry} was removed on "
            "purpose, run: qrsite retire {entry}",
            code=code.code,
            kind=kind,
            sign=sign,
            entry=entry,
            new=new,
        )
    else:
        problems.add(
            registry.path,
            code.line,
            "code {code} is printed on the {kind} sign '{sign}' for {entry}, which no longer "
            "exists. If you renamed or moved the folder, give it back its old name and run: "
            "qrsite move {entry} NEW-FOLDER. If it was removed on purpose, run: "
            "qrsite retire {entry}",
            code=code.code,
            kind=kind,
            sign=sign,
            entry=entry,
        )
