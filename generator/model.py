"""The content model: plain data, loaded and validated once by `content.load_project`.

No MkDocs or PDF import here: the site builder and the sign renderer are adapters
that read this model.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}  # each language in its own words

# The folder each kind lives in, in the content tree and in the built site.
SECTION = {"relic": "relics", "street": "streets", "guide": "guides"}


@dataclass(frozen=True)
class Bilingual:
    vi: str
    en: str | None = None

    def get(self, lang: str) -> str:
        return (self.en or self.vi) if lang == "en" else self.vi


@dataclass(frozen=True)
class Change:
    """A locality or counter renamed, merged or moved on `date` (site.yml's `changes`)."""

    date: datetime.date
    change: str  # merged | renamed | moved
    old: Bilingual | None = None  # a site's locality before and after
    new: Bilingual | None = None
    name: Bilingual | None = None  # the site's or counter's name from that day
    organization: Bilingual | None = None  # a site's organization from that day
    place: Bilingual | None = None  # a counter's place from that day
    line: int = 0


@dataclass(frozen=True)
class Counter:
    slug: str
    name: Bilingual
    place: Bilingual
    guides: tuple[str, ...]
    line: int = 0
    changes: tuple[Change, ...] = ()
    # After `as_of`: the name and place it had before the changes in effect.
    former: tuple[tuple[Change, Bilingual, Bilingual], ...] = ()

    def as_of(self, day: datetime.date) -> Counter:
        """The counter as it is on `day`: each change in effect gives its name and place."""
        name, place, former = self.name, self.place, []
        for change in sorted(self.changes, key=lambda c: c.date):
            if change.date <= day:
                former.append((change, name, place))
                name, place = change.name or name, change.place or place
        return replace(self, name=name, place=place, former=tuple(former))


@dataclass(frozen=True)
class Site:
    slug: str
    folder: Path
    name: Bilingual
    description: Bilingual
    base_url: str
    short_base: str
    organization: Bilingual
    phone: str = ""
    zalo: str = ""
    email: str = ""
    languages: tuple[str, ...] = LANGS
    guides: tuple[str, ...] = ()
    counters: tuple[Counter, ...] = ()
    paper: str = "A4"
    logo: Path | None = None
    example: bool = False
    freshness: dict[str, int] = field(default_factory=dict)  # kind -> months
    sources: tuple[dict, ...] = ()
    changes: tuple[Change, ...] = ()
    in_effect: tuple[Change, ...] = ()  # after `as_of`: the changes that took effect
    print_room: str = "public"  # public: in the site, unlisted; artifact: build folder only
    editor: tuple[tuple[str, str], ...] = ()  # the hosted editing room's backend, if any

    @property
    def config_file(self) -> Path:
        return self.folder / "site.yml"

    def as_of(self, day: datetime.date) -> Site:
        """The site as it is on `day`: names changed by the changes in effect, its
        counters too, so pages and new signs carry the current names."""
        done = tuple(sorted((c for c in self.changes if c.date <= day), key=lambda c: c.date))
        name, organization = self.name, self.organization
        for change in done:
            name = change.name or name
            organization = change.organization or organization
        return replace(
            self,
            name=name,
            organization=organization,
            counters=tuple(c.as_of(day) for c in self.counters),
            in_effect=done,
        )


@dataclass(frozen=True)
class Translation:
    """One language file of an entry: its fields and its Markdown body."""

    path: Path
    fields: dict
    body: str
    body_line: int


@dataclass(frozen=True)
class Payment:
    """A shop's payment details (payments.yml beside a cashless street): what its payment
    sticker's code carries, and what the sticker prints beside it."""

    shop: str  # the shop's name in the street's `shops`
    bin: str  # the bank's NAPAS BIN
    bank: str  # the bank's short name, as bank apps show it
    account: str = field(repr=False)  # whole only in the code: never in a log or a diff
    holder: str  # as the bank shows it: NGUYEN THI LAN
    consent_date: datetime.date
    consent_by: str
    line: int = 0

    @property
    def account_tail(self) -> str:
        """All a page or a terminal ever shows of the account: its last four digits."""
        return self.account[-4:]


@dataclass(frozen=True)
class Localized:
    """An entry seen in one language, every missing field taken from Vietnamese."""

    lang: str
    fields: dict
    body: str
    translated: bool  # False when the English file is missing and Vietnamese is shown


@dataclass(frozen=True)
class Entry:
    kind: str  # relic | street | guide
    site: str | None  # None for shared guides
    slug: str
    folder: Path
    vi: Translation
    en: Translation | None = None
    payments: tuple[Payment, ...] = ()  # a cashless street's, from its payments.yml

    @property
    def section(self) -> str:
        return SECTION[self.kind]

    @property
    def draft(self) -> bool:
        """Still being written: previewed, never built (no page, code, sign or search)."""
        return self.vi.fields.get("draft") is True

    @property
    def key(self) -> str:
        """A stable name for the entry, as its folder is named in the content tree."""
        if self.site is None:
            return f"content/guides/{self.slug}"
        return f"{self.section}/{self.site}/{self.slug}"

    def localized(self, lang: str) -> Localized:
        if lang == "vi" or self.en is None:
            return Localized(lang, dict(self.vi.fields), self.vi.body, lang == "vi")
        fields = dict(self.vi.fields)
        for name, value in self.en.fields.items():
            if name == "stops":
                fields["stops"] = merge_stops(self.vi.fields.get("stops", []), value)
            else:
                fields[name] = value
        return Localized(lang, fields, self.en.body if self.en.body.strip() else self.vi.body, True)


def merge_stops(stops_vi: list[dict], stops_en: list[dict]) -> list[dict]:
    """English stops carry only number and place; the rest comes from the Vietnamese ones."""
    places = {s.get("number"): s.get("place") for s in stops_en if isinstance(s, dict)}
    return [{**s, "place": places.get(s.get("number")) or s.get("place")} for s in stops_vi]


@dataclass
class Project:
    root: Path
    sites: dict[str, Site] = field(default_factory=dict)
    entries: dict[str, list[Entry]] = field(default_factory=dict)  # site slug -> relics, streets
    guides: dict[str, Entry] = field(default_factory=dict)
    drafts: dict[str, Entry] = field(default_factory=dict)  # entry key -> draft set aside
    unfinished_drafts: set[str] = field(default_factory=set)  # drafts whose pages would fail
    day: datetime.date | None = None  # the build's date, once `as_of` has set it

    def as_of(self, day: datetime.date) -> Project:
        """The project on `day` (the build's date): sites and counters under their names
        of that day; pages compare `checked` dates with it."""
        if self.day is not None:  # the names are already those of self.day
            raise ValueError("as_of: the project is already dated")
        return replace(self, sites={s: site.as_of(day) for s, site in self.sites.items()}, day=day)

    def published(self, keep: set[str] = frozenset()) -> Project:
        """The project without its drafts (those whose key is in `keep` stay, for a
        preview), each set aside in `drafts` so codes can tell a draft from a deletion."""

        def out(entry: Entry) -> bool:
            return entry.draft and entry.key not in keep

        drafts = {e.key: e for e in self.guides.values() if out(e)}
        drafts.update({e.key: e for es in self.entries.values() for e in es if out(e)})
        return Project(
            root=self.root,
            sites=self.sites,
            entries={s: [e for e in es if not out(e)] for s, es in self.entries.items()},
            guides={g: e for g, e in self.guides.items() if not out(e)},
            drafts=drafts,
            unfinished_drafts=self.unfinished_drafts,
            day=self.day,
        )

    def site_entries(self, site: str, kind: str) -> list[Entry]:
        return [e for e in self.entries.get(site, []) if e.kind == kind]

    def site_guides(self, site: str) -> list[Entry]:
        return [self.guides[g] for g in self.sites[site].guides if g in self.guides]
