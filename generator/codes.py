"""Permanent short codes: the registry in sites/<site>/codes.yml.

A code is printed on a wall for years, so it is issued once and never reused or
dropped. The registry works like a lock file: the build adds codes for new targets
and the author commits it. A target that vanished without `qrsite move` or
`qrsite retire` is an error, because the tool cannot tell a rename from a deletion.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .model import Project, Site

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

    key: str  # relics/<site>/<slug> | streets/<site>/<slug>[#<stop>] | counters/<site>/<c>/<guide>
    kind: str  # relic | street | stop | counter_guide
    page: str  # path of the page it opens, relative to a language root, e.g. "relics/x/"
    entry: str = ""  # the entry folder key (content tree), for the manifest
    stop: int | None = None
    counter: str | None = None
    guide: str | None = None


@dataclass(frozen=True)
class Code:
    code: str
    target: str  # a Target key
    retired: bool = False
    note: str = ""  # for retired codes: what happened, shown on the landing page


@dataclass
class Registry:
    path: Path
    codes: dict[str, Code] = field(default_factory=dict)

    def by_target(self) -> dict[str, Code]:
        return {c.target: c for c in self.codes.values() if not c.retired}

    def issue(self, site: str, target: str) -> Code:
        """A new code for `target`, derived from its name so that builds are reproducible."""
        attempt = 0
        while True:
            digest = hashlib.sha256(f"{site}\0{target}\0{attempt}".encode()).digest()
            number = int.from_bytes(digest[:8], "big")
            code = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH))
            if code not in self.codes:
                self.codes[code] = Code(code, target)
                return self.codes[code]
            attempt += 1

    def retarget(self, old_prefix: str, new_prefix: str) -> list[str]:
        """Point every code of `old_prefix` (an entry folder key) at `new_prefix`."""
        moved = []
        for code, entry in list(self.codes.items()):
            if _under(entry.target, old_prefix):
                self.codes[code] = replace(entry, target=new_prefix + entry.target[len(old_prefix):])
                moved.append(code)
        return moved

    def retire(self, prefix: str, note: str = "") -> list[str]:
        retired = []
        for code, entry in list(self.codes.items()):
            if _under(entry.target, prefix) and not entry.retired:
                self.codes[code] = replace(entry, retired=True, note=note)
                retired.append(code)
        return retired

    def save(self) -> None:
        data = {}
        for code in sorted(self.codes):
            entry = self.codes[code]
            item: dict = {"target": entry.target}
            if entry.retired:
                item["retired"] = True
                if entry.note:
                    item["note"] = entry.note
            data[code] = item
        text = HEADER + yaml.safe_dump({"codes": data}, allow_unicode=True, sort_keys=True)
        if not self.path.exists() or self.path.read_text(encoding="utf-8") != text:
            self.path.write_text(text, encoding="utf-8")


def _under(target: str, prefix: str) -> bool:
    return target == prefix or target.startswith(prefix + "#") or target.startswith(prefix + "/")


def load_registry(site: Site) -> Registry:
    path = site.folder / REGISTRY_NAME
    registry = Registry(path)
    if not path.exists():
        return registry
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for code, item in (data.get("codes") or {}).items():
        registry.codes[str(code)] = Code(
            str(code), str(item["target"]), bool(item.get("retired", False)),
            str(item.get("note", "")),
        )
    return registry


def targets(project: Project, site: Site) -> list[Target]:
    """Every sign target of a site, in a stable order."""
    out = []
    for entry in project.entries.get(site.slug, []):
        page = f"{entry.section}/{entry.slug}/"
        if entry.kind == "relic":
            out.append(Target(entry.key, "relic", page, entry.key))
        elif entry.kind == "street":
            out.append(Target(entry.key, "street", page, entry.key))
            for stop in entry.vi.fields.get("stops") or []:
                number = stop.get("number")
                guide = stop.get("guide")
                if isinstance(number, int) and guide in project.guides:
                    out.append(Target(f"{entry.key}#{number}", "stop", f"guides/{guide}/",
                                      entry.key, stop=number, guide=guide))
    for counter in site.counters:
        for guide in counter.guides:
            if guide in project.guides:
                out.append(Target(f"counters/{site.slug}/{counter.slug}/{guide}", "counter_guide",
                                  f"guides/{guide}/", f"counters/{site.slug}/{counter.slug}",
                                  counter=counter.slug, guide=guide))
    return out


def short_url(site: Site, code: str) -> str:
    """The QR payload: short base + code + '/', landing straight on Q/<CODE>/index.html."""
    return f"{site.short_base}{code}/"


def assign(project: Project, site: Site, problems) -> tuple[Registry, dict[str, Code]]:
    """Codes for every current target, issuing new ones; report codes left pointing nowhere.

    The registry is returned unsaved: the build saves it once everything succeeded.
    """
    registry = load_registry(site)
    current = targets(project, site)
    keys = {t.key for t in current}
    for code in sorted(registry.codes.values(), key=lambda c: c.code):
        if not code.retired and code.target not in keys:
            entry = code.target.split("#", 1)[0]
            problems.add(
                registry.path, 0,
                "code {code} is printed on a sign for '{target}', which no longer exists. If "
                "you renamed or moved the folder, put it back and run 'qrsite move {entry} "
                "NEW-FOLDER'; if it was removed on purpose, run 'qrsite retire {entry}'",
                code=code.code, target=code.target, entry=entry,
            )
    by_target = registry.by_target()
    for target in current:
        if target.key not in by_target:
            by_target[target.key] = registry.issue(site.slug, target.key)
    return registry, by_target
