"""sites/<site>/site.yml: the locality's names, addresses, contact, guides, counters
and sign defaults, checked against schema.SITE_KEYS."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .. import schema
from ..frontmatter import FrontMatterError, LineDict, load_yaml
from ..model import Bilingual, Change, Counter, Site
from ..paths import child_file, inside, is_slug
from ..problems import Problems
from .dates import parse_day
from .editor_setting import load_editor
from .shapes import is_list_of, line_of, unknown_keys
from .values import check_sources


def load_site(folder: Path, root: Path, problems: Problems) -> Site | None:
    path = folder / "site.yml"
    if not path.is_file():
        problems.add(path, 0, "the site has no site.yml: copy one from another site and edit it")
        return None
    for name in ("site.yml", "codes.yml"):
        if (folder / name).is_symlink() and not inside(folder / name, folder):
            problems.add(
                folder / name,
                0,
                "this file is a link to a place outside the project: copy the file here instead",
            )
            return None
    try:
        raw = path.read_bytes()
        data = load_yaml(raw.decode("utf-8-sig"), 0)
    except UnicodeDecodeError:
        problems.add(path, 1, "the file is not UTF-8 text: save it again as UTF-8 in your editor")
        return None
    except FrontMatterError as exc:
        problems.add(path, exc.line, exc.message, **exc.params)
        return None
    if not isinstance(data, LineDict):
        problems.add(path, 1, "site.yml must be written as 'name: value' lines")
        return None
    misspelt = unknown_keys(path, data, schema.SITE_KEYS, problems)
    ok = True
    for key in schema.SITE_REQUIRED:
        if key not in data and key in misspelt:  # named once, as "did you mean"
            ok = False
        elif key not in data:
            problems.add(path, data.line, "the required field '{field}' is missing", field=key)
            ok = False
    if not ok:
        return None
    name = _bilingual(path, data, "name", problems)
    organization = _bilingual(path, data, "organization", problems)
    description = _bilingual(path, data, "description", problems, required=False)
    base_url = _url(path, data, "base_url", problems)
    if base_url and not data.get("example") and _is_example_host(base_url):
        problems.warn(
            path,
            line_of(data, "base_url"),
            "'base_url' {url} is an example address: write the address the site will really "
            "be published at before any sign is printed (its codes cannot change afterwards)",
            url=base_url,
        )
    # A misspelt key is reported once: its value stands in, so no default is derived (and
    # warned about) on top of the author's one mistake.
    short_base = data.get("short_base") or data.get(misspelt.get("short_base", "")) or ""
    short_base = short_base or (base_url + "q/" if base_url else "")
    if not isinstance(short_base, str) or not re.match(r"^https?://", short_base, re.I):
        problems.add(
            path,
            line_of(data, "short_base"),
            "'short_base' must be a web address such as HTTPS://HD.EXAMPLE.ORG/Q/",
        )
        short_base = ""
    elif not short_base.endswith("/"):
        short_base += "/"
    contact = data.get("contact") or {}
    if not isinstance(contact, dict):
        problems.add(
            path,
            line_of(data, "contact"),
            "'contact' must have 'phone', 'zalo' or 'email' lines",
        )
        contact = {}
    unknown_keys(path, contact, schema.CONTACT_KEYS, problems)
    guides = data.get("guides") or []
    if not is_list_of(guides, str):
        problems.add(path, line_of(data, "guides"), "'guides' must be a list of guide folder names")
        guides = []
    counters = []
    for item in _list(path, data, "counters", problems):
        counter = _load_counter(path, item, problems)
        if counter and any(c.slug == counter.slug for c in counters):
            problems.add(
                path,
                counter.line,
                "the counter slug '{name}' is used twice: give each counter its own slug",
                name=counter.slug,
            )
        elif counter:
            counters.append(counter)
    signs = data.get("signs") or {}
    paper, logo = "A4", None
    if isinstance(signs, dict):
        unknown_keys(path, signs, schema.SIGN_DEFAULT_KEYS, problems)
        paper = str(signs.get("paper", "A4"))
        if paper not in ("A5", "A4", "A3"):
            problems.add(path, line_of(signs, "paper"), "the paper must be A5, A4 or A3")
            paper = "A4"
        if signs.get("logo"):
            logo = child_file(folder, str(signs["logo"]))
            if logo is None or not logo.is_file():
                problems.add(
                    path,
                    line_of(signs, "logo"),
                    "the logo file '{name}' was not found next to site.yml",
                    name=signs["logo"],
                )
                logo = None
    languages = _languages(path, data, problems)
    phone, zalo, email = _contact(path, contact, problems)
    sources = ()
    if data.get("sources") is not None:
        sources = tuple(
            check_sources(path, line_of(data, "sources"), "sources", data["sources"], problems)
            or ()
        )
    changes = tuple(
        change
        for item in _list(path, data, "changes", problems)
        if (change := load_change(path, item, schema.SITE_CHANGE_KEYS, problems))
    )
    if not name or not organization or not base_url:
        return None
    return Site(
        slug=folder.name,
        folder=folder,
        name=name,
        description=description or Bilingual(""),
        base_url=base_url,
        short_base=short_base,
        organization=organization,
        phone=phone,
        zalo=zalo,
        email=email,
        languages=languages,
        guides=tuple(guides),
        counters=tuple(counters),
        paper=paper,
        logo=logo,
        example=bool(data.get("example", False)),
        freshness=_freshness(path, data, problems),
        print_room=_choice(path, data, "print_room", problems),
        editor=load_editor(path, data, problems),
        sources=sources,
        changes=changes,
    )


def _choice(path: Path, data: LineDict, key: str, problems: Problems) -> str:
    """A closed choice of site.yml (its first choice when not given)."""
    field = schema.field_map_of(schema.SITE)[key]
    value = data.get(key, field.choices[0])
    if value not in field.choices:
        problems.add(
            path,
            line_of(data, key),
            "'{field}' must be one of: {choices}",
            field=key,
            choices=", ".join(field.choices),
        )
        return field.choices[0]
    return value


def _freshness(path: Path, data: LineDict, problems: Problems) -> dict[str, int]:
    """Months each kind stays fresh: the defaults, with what site.yml says over them."""
    months = dict(schema.FRESH_MONTHS)
    value = data.get("freshness")
    if value is None:
        return months
    if not isinstance(value, LineDict):
        problems.add(
            path,
            line_of(data, "freshness"),
            "'freshness' must give months per kind, for example 'guide: 6'",
        )
        return months
    unknown_keys(path, value, tuple(schema.FRESH_MONTHS), problems)
    for kind, count in value.items():
        if kind not in months:
            continue
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 120:
            problems.add(
                path,
                line_of(value, kind),
                "'freshness': '{kind}' must be a number of months from 1 to 120",
                kind=kind,
            )
            continue
        months[kind] = count
    return months


def load_change(path: Path, item, keys: tuple[str, ...], problems: Problems) -> Change | None:
    """One `changes` item of a site (old, new, name, organization) or a counter (name,
    place): when, what happened, and the names from that day."""
    if not isinstance(item, LineDict):
        problems.add(
            path,
            0,
            "each change needs lines like {keys}",
            keys=", ".join(f"'{k}: ...'" for k in keys),
        )
        return None
    unknown_keys(path, item, keys, problems)
    day = parse_day(item.get("date", ""))
    if day is None:
        problems.add(
            path,
            line_of(item, "date"),
            "each change needs the 'date' it took effect, written year-month-day, for "
            "example 2025-07-01",
        )
        return None
    change = item.get("change")
    kinds = schema.SITE_CHANGE_KINDS if "old" in keys else schema.COUNTER_CHANGE_KINDS
    if change not in kinds:
        problems.add(
            path,
            line_of(item, "change"),
            "'{field}' must be one of: {choices}",
            field="change",
            choices=", ".join(kinds),
        )
        return None
    names = {
        key: _bilingual(path, item, key, problems, required=False)
        for key in keys
        if key not in ("date", "change")
    }
    if "old" in keys and (names["old"] is None or names["new"] is None):
        problems.add(
            path,
            item.line,
            "a change of the locality needs 'old' and 'new': the names before and after",
        )
        return None
    if not any(names.values()):
        problems.add(
            path, item.line, "the change says nothing changed: add the new 'name' or 'place'"
        )
        return None
    return Change(date=day, change=change, line=item.line, **names)


def _languages(path: Path, data: LineDict, problems: Problems) -> tuple[str, ...]:
    value = data.get("languages")
    if value is None:
        return ("vi", "en")
    ok = (
        is_list_of(value, str)
        and len(set(value)) == len(value)
        and set(value) <= {"vi", "en"}
        and "vi" in value
    )
    if not ok:
        problems.add(
            path,
            line_of(data, "languages"),
            "'languages' must be [vi, en] or [vi]: the site is always in Vietnamese, "
            "and English may be added",
        )
        return ("vi", "en")
    return tuple(value)


PHONE = re.compile(r"^[0-9 +().-]*[0-9][0-9 +().-]*$")


EMAIL = re.compile(r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def _contact(path: Path, contact, problems: Problems) -> tuple[str, str, str]:
    """The phone, Zalo and email shown on every home page and behind "report a mistake"."""
    phone = contact.get("phone")
    if isinstance(phone, int) and not isinstance(phone, bool):
        phone = str(phone)
    if phone is not None and (not isinstance(phone, str) or not PHONE.match(phone.strip())):
        problems.add(
            path,
            line_of(contact, "phone"),
            "'phone' must be a phone number: only digits, spaces, '+', '-', '.' and "
            'parentheses, for example "0220 3855 555"',
        )
        phone = None
    zalo = contact.get("zalo")
    if zalo is not None and (
        not isinstance(zalo, str) or not re.match(r"^https://[^/\s]+", zalo.strip(), re.I)
    ):
        problems.add(
            path,
            line_of(contact, "zalo"),
            "'zalo' must be a web address starting with https://, "
            "for example https://zalo.me/0912345678",
        )
        zalo = None
    email = contact.get("email")
    if email is not None and (not isinstance(email, str) or not EMAIL.match(email.strip())):
        problems.add(
            path,
            line_of(contact, "email"),
            "'email' must be an email address, for example doan.phuong@danang.gov.vn",
        )
        email = None
    return (phone or "").strip(), (zalo or "").strip(), (email or "").strip()


def _load_counter(path: Path, item, problems: Problems) -> Counter | None:
    if not isinstance(item, LineDict):
        problems.add(path, 0, "each counter needs 'slug', 'name', 'place' and 'guides' lines")
        return None
    unknown_keys(path, item, schema.COUNTER_KEYS, problems)
    slug = item.get("slug")
    if not isinstance(slug, str) or not is_slug(slug):
        problems.add(path, item.line, "each counter needs a 'slug' made of a-z, 0-9 and '-'")
        return None
    name = _bilingual(path, item, "name", problems)
    place = _bilingual(path, item, "place", problems, required=False)
    guides = item.get("guides") or []
    if not is_list_of(guides, str):
        problems.add(path, line_of(item, "guides"), "'guides' must be a list of guide folder names")
        guides = []
    for guide in sorted({g for g in guides if guides.count(g) > 1}):
        problems.add(
            path,
            line_of(item, "guides"),
            "counter '{counter}': the guide '{guide}' is listed twice: delete one of them",
            counter=slug,
            guide=guide,
        )
    guides = list(dict.fromkeys(guides))
    changes = tuple(
        change
        for entry in _list(path, item, "changes", problems)
        if (change := load_change(path, entry, schema.COUNTER_CHANGE_KEYS, problems))
    )
    if not name:
        return None
    return Counter(slug, name, place or Bilingual(""), tuple(guides), item.line, changes)


def _bilingual(path, data, key, problems, required=True) -> Bilingual | None:
    value = data.get(key)
    if value is None:
        if required:
            problems.add(path, data.line, "the required field '{field}' is missing", field=key)
        return None
    if isinstance(value, str):
        return Bilingual(value.strip())
    if isinstance(value, dict) and isinstance(value.get("vi"), str):
        en = value.get("en")
        return Bilingual(value["vi"].strip(), en.strip() if isinstance(en, str) else None)
    problems.add(
        path,
        line_of(data, key),
        "'{field}' needs a Vietnamese text: write '{field}: {{vi: ..., en: ...}}'",
        field=key,
    )
    return None


EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")  # reserved by RFC 2606


def _is_example_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in EXAMPLE_HOSTS)


def _url(path, data, key, problems) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^/\s\"'<>]+[^\s\"'<>]*", value):
        problems.add(
            path,
            line_of(data, key),
            "'{field}' must be a web address such as https://haiduong.example.org/",
            field=key,
        )
        return ""
    return value if value.endswith("/") else value + "/"


def _list(path, data, key, problems) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(
            path,
            line_of(data, key),
            "'{field}' must be a list (lines starting with '- ')",
            field=key,
        )
        return []
    return value
