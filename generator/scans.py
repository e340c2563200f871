"""Scan counts per sign from a host's own access log: no cookies, no third-party analytics.

Every sign carries its own code, so a request for `<short path><CODE>/` in a
common or combined log (nginx, Apache) is one scan of that sign. Counting rules:
- GET and HEAD requests answered 2xx or 3xx, for `<short path><CODE>/`,
  `<short path><CODE>` and `<short path><CODE>/index.html`;
- hits from the same address on the same code within WINDOW seconds count once (a
  redirect from the slash-less form, a reload, a double scan);
- the language served is read from the landing's follow-up: the first page (a path
  ending in / or .html) the same address asks for within WINDOW seconds, under the
  site's root: `en/…` is English, anything else Vietnamese. Without a follow-up in the
  log (another host, JavaScript off and no refresh yet, a retired code) it counts as '?'.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .codes import Code, landing_path, load_registry
from .content import load_project
from .frontmatter import FrontMatterError
from .i18n import N_, UserError
from .model import Site

WINDOW = 30  # seconds
LANG_COLUMNS = ("vi", "en", "?")
LINE = re.compile(
    r'^(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<target>\S+)[^"]*" '
    r"(?P<status>\d{3}) "
)
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}
TIME = re.compile(r"^(\d{2})/([A-Za-z]{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$")


class ScanError(UserError):
    """A refusal the CLI prints as a clean message."""


@dataclass(frozen=True)
class Hit:
    ip: str
    time: datetime
    method: str
    path: str
    status: int


@dataclass
class SiteCodes:
    """What the counter needs of one site: its short path and its registry."""

    slug: str
    short_path: str  # the path of the short base, e.g. "/Q/"
    codes: dict[str, Code]
    site: Site

    def match(self, path: str) -> str | None:
        """The code a request path opens, or None."""
        if not path.lower().startswith(self.short_path.lower()):
            return None
        rest = path[len(self.short_path) :]
        if rest.endswith("/index.html"):
            rest = rest[: -len("index.html")]
        rest = rest[:-1] if rest.endswith("/") else rest
        code = rest.upper()
        return code if "/" not in code and code in self.codes else None

    def root_of(self, path: str, code: str) -> str:
        """The site's root on the host that served the landing at `path`."""
        landing = landing_path(self.site, code).lower()
        folder = path[: len(path) - len("index.html")] if path.endswith("index.html") else path
        folder = folder if folder.endswith("/") else folder + "/"
        if folder.lower().endswith(landing):
            return folder[: len(folder) - len(landing)] or "/"
        return "/"


@dataclass
class Scan:
    site: str
    code: str
    day: str
    lang: str = "?"


@dataclass
class ScanCounts:
    scans: list[Scan] = field(default_factory=list)
    lines: int = 0
    unreadable: int = 0  # lines that are not in common or combined format

    def table(self, by_day: bool) -> list[tuple[str, str, str, dict[str, int]]]:
        """(site, code, day or '', {lang: count}) rows, sorted."""
        rows: dict[tuple[str, str, str], dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(LANG_COLUMNS, 0)
        )
        for scan in self.scans:
            rows[(scan.site, scan.code, scan.day if by_day else "")][scan.lang] += 1
        return [(s, c, d, n) for (s, c, d), n in sorted(rows.items())]


def parse_time(text: str) -> datetime | None:
    m = TIME.match(text)
    if not m or m.group(2).title() not in MONTHS:
        return None
    day, month, year, hh, mm, ss, sign, oh, om = m.groups()
    offset = timedelta(hours=int(oh), minutes=int(om)) * (1 if sign == "+" else -1)
    try:
        return datetime(
            int(year), MONTHS[month.title()], int(day), int(hh), int(mm), int(ss),
            tzinfo=timezone(offset),
        )  # fmt: skip
    except ValueError:  # 32/Jan, 25:61 …: an unreadable line, counted as such
        return None


def read_hits(lines: Iterable[str], counts: ScanCounts) -> Iterator[Hit]:
    for line in lines:
        counts.lines += 1
        m = LINE.match(line)
        when = parse_time(m.group("time")) if m else None
        if not m or when is None:
            if line.strip():
                counts.unreadable += 1
            continue
        path = unquote(urlsplit(m.group("target")).path)
        yield Hit(m.group("ip"), when, m.group("method"), path, int(m.group("status")))


def count_scans(lines: Iterable[str], sites: list[SiteCodes], window: int = WINDOW) -> ScanCounts:
    """Count the scans in `lines` of an access log, in the order the host wrote them."""
    counts = ScanCounts()
    gap = timedelta(seconds=window)
    last_hit: dict[tuple[str, str, str], datetime] = {}
    waiting: dict[str, tuple[Scan, datetime, str]] = {}  # ip -> scan, time, site root
    for hit in read_hits(lines, counts):
        if hit.method not in ("GET", "HEAD") or not 200 <= hit.status < 400:
            continue
        found = next(((s, c) for s in sites if (c := s.match(hit.path))), None)
        if found:
            site, code = found
            key = (hit.ip, site.slug, code)
            previous = last_hit.get(key)
            last_hit[key] = hit.time
            if previous is not None and abs(hit.time - previous) <= gap:
                continue
            scan = Scan(site.slug, code, hit.time.date().isoformat())
            counts.scans.append(scan)
            if not site.codes[code].retired:
                waiting[hit.ip] = (scan, hit.time, site.root_of(hit.path, code))
            continue
        pending = waiting.get(hit.ip)
        if pending is None or not (hit.path.endswith("/") or hit.path.endswith(".html")):
            continue
        scan, since, root = pending
        if hit.time - since > gap:
            del waiting[hit.ip]
        elif hit.path.startswith(root):
            scan.lang = "en" if hit.path[len(root) :].startswith("en/") else "vi"
            del waiting[hit.ip]
    return counts


def site_codes(root: Path, site: str | None = None) -> list[SiteCodes]:
    """The short paths and registries of the project's sites (one when `site` is named)."""
    project, _problems = load_project(root, [site] if site else None)
    if site and site not in project.sites:
        raise ScanError(N_("there is no site '{name}' in this project"), name=site)
    out = []
    for slug, item in sorted(project.sites.items()):
        try:
            registry = load_registry(item)
        except FrontMatterError:
            raise ScanError(
                N_("{path} is damaged: restore it from the last commit"),
                path=(item.folder / "codes.yml").as_posix(),
            ) from None
        path = urlsplit(item.short_base).path or "/"
        out.append(
            SiteCodes(slug, path if path.endswith("/") else path + "/", registry.codes, item)
        )
    return out


def open_log(path: Path) -> Iterator[str]:
    """Lines of a log file, gzip-compressed (rotated logs) or not; bad bytes replaced."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as raw, io.TextIOWrapper(raw, "utf-8", errors="replace") as text:
            yield from text
    except (OSError, EOFError) as exc:  # a truncated or damaged .gz
        raise ScanError(
            N_("{path} cannot be read to the end ({detail}): copy the log again from the host"),
            path=path.name,
            detail=str(exc),
        ) from None


def _sign(sites: list[SiteCodes], site: str, code: str) -> tuple[str, str]:
    item = next(s for s in sites if s.slug == site).codes[code]
    return item.kind or "?", item.title or item.target


def format_table(counts: ScanCounts, sites: list[SiteCodes], gettext) -> str:
    """Scans per code (all days), then per code and day, as aligned text."""
    _ = gettext
    header = [_("Day"), _("Code"), _("Kind"), _("Sign"), "vi", "en", "?", _("Scans")]
    rows = []
    for by_day in (False, True):
        for site, code, day, n in counts.table(by_day):
            kind, sign = _sign(sites, site, code)
            if len(sign) > 40:
                sign = sign[:39] + "…"
            total = sum(n.values())
            rows.append([day or _("all"), code, kind, sign, *map(str, n.values()), str(total)])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            c.ljust(w) if i < 4 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def format_csv(counts: ScanCounts, sites: list[SiteCodes]) -> str:
    """One row per site, code and day: site,code,kind,target,title,day,vi,en,unknown,total."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["site", "code", "kind", "target", "title", "day", "vi", "en", "unknown",
                     "total"])  # fmt: skip
    for site, code, day, n in counts.table(by_day=True):
        item = next(s for s in sites if s.slug == site).codes[code]
        writer.writerow(
            [site, code, item.kind, item.target, item.title, day, *n.values(), sum(n.values())]
        )
    return out.getvalue()
