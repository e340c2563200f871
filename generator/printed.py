"""What needs printing again: `sites/<site>/printed.yml` against the signs a build draws.

`qrsite printed` records which version of each sign went to the print shop, and when. A
sign's version is a digest of what it *shows* (`SignSpec.version`: texts, payload, kind,
paper, placement, logo), not of how it is drawn, so a new layout, font or renderer asks
for no reprint, and a title corrected then corrected back asks for none either. The
record keeps the shown texts too, so that `status` can say what changed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .content.dates import parse_day
from .frontmatter import FrontMatterError, LineDict, load_yaml
from .i18n import N_, UserError
from .model import Site
from .problems import ERROR, ContentError, Problems

if TYPE_CHECKING:  # the renderer is not loaded to check a file
    from .signs import SignSpec

FILE_NAME = "printed.yml"
HEADER = (
    "# Written by 'qrsite printed': the version of each sign that went to the print shop,\n"
    "# and when. Commit it with the content: status and reprint.pdf compare the signs with it.\n"
)
# The shown texts a record keeps, to tell what changed (as manifest.csv names them).
KEPT = ("kind", "paper", "placement", "title_vi", "title_en", "subtitle_vi", "subtitle_en", "url")
VERSION = re.compile(r"^[0-9a-f]{12}$")


@dataclass(frozen=True)
class Printed:
    code: str
    version: str
    day: datetime.date
    shown: dict[str, str]


def printed_path(site: Site) -> Path:
    return site.folder / FILE_NAME


def check_printed(site: Site, problems: Problems) -> None:
    """Report, with its line, everything in printed.yml that is not a record qrsite wrote."""
    read_printed(printed_path(site), problems)


def read_printed(path: Path, problems: Problems | None = None) -> dict[str, Printed]:
    """The records of `path` ({} when there is none); a record that cannot be read is left
    out, and reported to `problems` when given."""
    if not path.is_file():
        return {}

    def bad(line: int, message: str, **params) -> None:
        if problems is not None:  # a warning: a record not read is a sign never printed
            problems.warn(path, line, message, **params)

    try:
        data = load_yaml(path.read_text(encoding="utf-8"), 0)
    except (FrontMatterError, UnicodeDecodeError) as exc:
        line = getattr(exc, "line", 1)
        bad(
            line,
            N_(
                "printed.yml cannot be read: correct it, or delete it and record the signs "
                "again with 'qrsite printed'"
            ),
        )
        return {}
    signs = data.get("signs") if isinstance(data, LineDict) else None
    if not isinstance(signs, LineDict):
        bad(1, N_("printed.yml must have a 'signs:' map, as 'qrsite printed' writes it"))
        return {}
    out = {}
    for code, record in signs.items():
        line = signs.lines.get(code, signs.line)
        day = parse_day(record.get("printed", "")) if isinstance(record, dict) else None
        version = str(record.get("version", "")) if isinstance(record, dict) else ""
        if day is None or not VERSION.match(version):
            bad(
                line,
                N_(
                    "the record of sign {code} needs 'version' (12 characters 0-9 and a-f, "
                    "from manifest.csv) and 'printed' (the day, year-month-day): record it "
                    "again with 'qrsite printed'"
                ),
                code=code,
            )
            continue
        shown = {k: str(record[k]) for k in KEPT if record.get(k) not in (None, "")}
        out[str(code)] = Printed(str(code), version, day, shown)
    return out


NEVER_PRINTED = N_("never printed")
CHANGED_SINCE = N_("changed since it was printed: {fields}")


def reprint_list(site: Site, specs: Sequence[SignSpec]) -> dict:
    """Sign code -> why it is to be printed (again), as a message in any language: never
    printed, or changed since (naming the fields that differ: title_en, placement)."""
    from .signs.messages import Message

    records = read_printed(printed_path(site))
    out = {}
    for spec in specs:
        record = records.get(spec.code)
        if record is None:
            out[spec.code] = Message(NEVER_PRINTED)
        elif record.version != spec.version():
            fields = ", ".join(changed_fields(record, shown_row(spec)))
            out[spec.code] = Message(CHANGED_SINCE, fields=fields)
    return out


def shown_row(spec: SignSpec) -> dict[str, str]:
    """The kept texts of a sign, as its manifest.csv row gives them (its paper resolved)."""
    spec = spec.normalized()
    row = {k: str(getattr(spec, k) or "") for k in KEPT}
    row["paper"] = spec.shown()["paper"]
    return kept(row)


def changed_fields(record: Printed, now: dict[str, str]) -> list[str]:
    """The kept texts that differ (`now`: a manifest row or `shown_row`); "other" when the
    change is in what is not kept (the organization, a poster's small codes, the logo)."""
    now = kept(now)
    fields = [k for k in KEPT if record.shown.get(k, "") != now.get(k, "")]
    return fields or ["other"]


def manifest_rows(path: Path) -> list[dict[str, str]]:
    """A manifest's rows, each with what a record keeps of it (`kept`)."""
    from .signs.render import read_manifest

    return read_manifest(path)


def kept(row: dict[str, str]) -> dict[str, str]:
    """What a record keeps of a manifest row: its shown texts, but of a payment sign's
    payload only the masked form (printed.yml is committed; the account stays whole in
    payments.yml alone)."""
    from .signs.spec import PAYMENT_KINDS

    out = {k: row[k] for k in KEPT if row.get(k)}
    if row.get("kind") in PAYMENT_KINDS and "url" in out:
        out["url"] = payee_of(out["url"])
    return out


def payee_of(payload: str) -> str:
    """A payment code as a record names it: its bank and the account's last four digits."""
    from .payments import vietqr

    try:
        fields = vietqr.parse(payload)
    except ValueError:
        return vietqr.masked(payload)
    return f"VietQR {fields['bin']} •••• {(fields['account'] or '')[-4:]}"


def record_printed(
    site: Site,
    manifests: Iterable[Path],
    codes: Sequence[str] = (),
    day: datetime.date | None = None,
) -> list[str]:
    """Record the signs of `manifests` (only `codes`, when given) as printed on `day`;
    returns the codes recorded. Raises UserError when a code is not in the manifests."""
    rows = {}
    for manifest in manifests:
        for row in manifest_rows(manifest):
            if not row.get("version"):
                raise UserError(
                    N_(
                        "{file} has no version column: build again with this qrsite, or "
                        "give the manifest that went to the print shop"
                    ),
                    file=manifest.name,
                )
            rows[row["code"]] = row
    unknown = [c for c in codes if c not in rows]
    if unknown:
        raise UserError(
            N_("no sign {codes} in the manifest: the codes are {known}"),
            codes=", ".join(unknown),
            known=", ".join(sorted(rows)) or "-",
        )
    chosen = [rows[c] for c in (codes or sorted(rows))]
    path = printed_path(site)
    problems = Problems(site.folder.parent.parent)
    earlier = read_printed(path, problems)
    if problems.items:  # never write over a record that could not be read
        raise ContentError([replace(p, level=ERROR) for p in problems.sorted()])
    records = {
        code: {"version": r.version, "printed": r.day.isoformat(), **r.shown}
        for code, r in earlier.items()
    }
    for row in chosen:
        records[row["code"]] = {"version": row["version"], "printed": day.isoformat(), **kept(row)}
    body = yaml.safe_dump({"signs": dict(sorted(records.items()))}, allow_unicode=True, width=100)
    path.write_text(HEADER + body, encoding="utf-8")
    return [row["code"] for row in chosen]


def built_manifests(signs: Path) -> list[Path]:
    """The manifests a build wrote for a site: its signs', and its payment signs'."""
    from .paymentplan import PAYMENTS_DIR

    return [
        m for m in (signs / "manifest.csv", signs / PAYMENTS_DIR / "manifest.csv") if m.is_file()
    ]
