"""The plain data the content side hands to the sign renderer, and what it gets back.

The signs package never imports the content model: `SignSpec` is the whole contract.
Differences from the first sketch, and why:

- `SignSpec.normalized()` returns an NFC copy; `render_signs` calls it first, so an NFD
  title hashes, lays out and draws exactly like its NFC twin.
- `SignSpec.fields()` is the flat dict a layout's text templates read (`{title_vi}`,
  `{number}`, `{display_url}`…); `display_url` falls back to the URL without its scheme.
- `paper` defaults to "" (the layout's own paper) rather than "A4", so a street poster
  comes out on A3 without the content side knowing each kind's paper.
- `RenderedSign` and `VerifyLine` are the reports `render_signs` and `verify_signs` return.
- `sample` is the mark an example sign prints (layouts read `{sample}` and `when: sample`),
  "" for a real one: the content side decides what is an example, the layout where it shows.
- Payment signs (`PAYMENT_KINDS`, issue 18) carry a VietQR payload in `url` (not a link:
  it is never checked against the site's prefixes, only parsed, CRC included), the shop's
  name in `title_vi`, the street in `subtitle_*`, and `payee` (the account holder's name as
  the bank shows it), `bank` (its short name), `account_tail` (the last four digits) and
  `contact` (a phone to call when the name differs) for the text printed beside the code.
  A sheet's `SignItem`s carry `payee`, `bank`, `account_tail` and `contact` for each shop,
  so that a sticker cut from the sheet says whom to call, as a single sticker does.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path

PAYMENT_KINDS = ("payment_sticker", "payment_standee", "payment_sheet")
KINDS = (
    "relic_plaque",
    "street_board",
    "street_poster",
    "counter_tent",
    "sticker_sheet",
    *PAYMENT_KINDS,
)
PAPERS = ("S80", "A6", "A5", "A4", "A3")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def short_display(url: str) -> str:
    """What to print under a code when no display URL is given: no scheme, no end slash."""
    rest = url.split("://", 1)[-1]
    return rest.rstrip("/")


@dataclass(frozen=True)
class SignItem:
    """One small code on a poster or a sticker sheet."""

    code: str
    url: str
    title_vi: str
    title_en: str
    number: int | None = None
    payee: str = ""  # payment sheets: the account holder's name as the bank shows it
    bank: str = ""  # the bank's short name
    account_tail: str = ""  # the account's last four digits
    contact: str = ""  # the phone to call when the name a bank app shows differs
    sample: str = ""  # the example mark, on each sticker cut from a sample sheet
    issuer: str = ""  # who put the sticker up: "<street> · <youth union>"

    def normalized(self) -> SignItem:
        texts = {
            f.name: nfc(getattr(self, f.name))
            for f in fields(self)
            if isinstance(getattr(self, f.name), str)
        }
        return replace(self, **texts)

    def fields(self) -> dict[str, str]:
        return {
            "code": self.code,
            "url": self.url,
            "display_url": short_display(self.url),
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "number": "" if self.number is None else str(self.number),
            "payee": self.payee,
            "bank": self.bank,
            "account_tail": self.account_tail,
            "contact": self.contact,
            "sample": self.sample,
            "issuer": self.issuer,
        }


@dataclass(frozen=True)
class SignSpec:
    """One sign: its file is `<code>.pdf`, its QR payload `url`."""

    code: str
    kind: str
    entry: str
    title_vi: str
    title_en: str
    subtitle_vi: str = ""
    subtitle_en: str = ""
    url: str = ""
    display_url: str = ""
    paper: str = ""  # "" = the layout's own paper (A3 for a poster, A4 otherwise)
    placement: str = ""
    organization_vi: str = ""
    organization_en: str = ""
    logo: Path | None = None
    number: int | None = None
    items: tuple[SignItem, ...] = field(default_factory=tuple)
    sample: str = ""  # the mark an example sign prints ("" on a real sign)
    # payment signs (PAYMENT_KINDS): what is printed beside the code, for the customer to
    # compare with what their bank app shows
    payee: str = ""  # the account holder's name as the bank shows it, e.g. "NGUYEN THI LAN"
    bank: str = ""  # the bank's short name, e.g. "Vietcombank"
    account_tail: str = ""  # the account's last four digits
    contact: str = ""  # the site's phone to call if the name differs ("" for none)

    def normalized(self) -> SignSpec:
        texts = {
            f.name: nfc(getattr(self, f.name))
            for f in fields(self)
            if isinstance(getattr(self, f.name), str)
        }
        return replace(self, **texts, items=tuple(i.normalized() for i in self.items))

    def urls(self) -> tuple[str, ...]:
        """Every QR payload the sign carries, its own first."""
        own = (self.url,) if self.url else ()
        return own + tuple(i.url for i in self.items)

    def fields(self) -> dict[str, str]:
        out = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if isinstance(getattr(self, f.name), str)
        }
        out["display_url"] = self.display_url or short_display(self.url)
        out["number"] = "" if self.number is None else str(self.number)
        out["logo"] = str(self.logo) if self.logo else ""
        return out

    def shown(self) -> dict:
        """What the sign shows a reader: its texts, payloads, kind, paper, placement and
        logo (by content). Not how it is drawn: a new layout, font or renderer shows the
        same thing, and is no reason to print the sign again."""
        from .layout import load_layout  # the layout module reads this one: not at import

        out = {k: v for k, v in self.fields().items() if k not in NOT_SHOWN and v}
        out["paper"] = self.paper or load_layout(self.kind).paper  # "" is the layout's own
        if self.logo:
            stat = Path(self.logo).stat()
            out["logo"] = _file_digest(str(self.logo), stat.st_mtime_ns, stat.st_size)
        if self.items:
            out["items"] = [
                {k: v for k, v in i.fields().items() if k not in NOT_SHOWN and v}
                for i in self.items
            ]
        return out

    def version(self) -> str:
        """A digest of `shown()`: the same for every build that shows the same."""
        text = json.dumps(self.normalized().shown(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@cache
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    """A file's content digest, read once per state of the file: every sign of a site
    shows the same logo, and a province has thousands of signs."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


# Fields that name or locate a sign rather than show something on it.
NOT_SHOWN = frozenset({"code", "entry", "logo", "display_url"})


@dataclass(frozen=True)
class RenderedSign:
    """One sign written by `render_signs`; `cached` is True when copied from the cache."""

    code: str
    kind: str
    pdf: Path
    png: Path
    key: str
    cached: bool
    qr_version: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerifyLine:
    """The verdict on one sign file: every code decoded and every target page present."""

    code: str
    ok: bool
    urls: tuple[str, ...]
    message: str


# The names a layout may use in templates and `when`: a sign's, and a grid cell's.
PAGE_FIELDS = ("page", "pages", "more_pages")
SIGN_FIELDS = frozenset(SignSpec("", "", "", "", "").fields()) | frozenset(PAGE_FIELDS)
ITEM_FIELDS = frozenset(SignItem("", "", "", "").fields())
