"""Load the content tree into the model and check it against the schema.

Every problem of every file is collected with its line; the caller decides whether
to stop. Nothing here knows about MkDocs or PDF.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from . import schema
from .background import fork_is_safe
from .frontmatter import FrontMatterError, LineDict, load_yaml, parse
from .model import Bilingual, Counter, Entry, Project, Site, Translation
from .parallel import cpu_count, map_forked
from .paths import child_file, inside, is_slug
from .problems import Problems

PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")
AUDIO_TYPES = (".mp3", ".m4a", ".ogg")
PHOTO_WARN_PIXELS = 2400  # wider than any size the site serves
MAX_TITLE = 200
MAX_STOPS = 100  # each stop is a printed board; Sa Đéc's street has 10
ENTRY_ROOTS = {"relic": "relics", "street": "streets"}


def load_project(root: Path, only_sites: list[str] | None = None) -> tuple[Project, Problems]:
    root = root.resolve()
    problems = Problems(root)
    project = Project(root=root)
    for folder in _entry_folders(root / "content" / "guides", root, problems):
        entry = _load_entry(folder, "guide", None, root, problems)
        if entry:
            project.guides[entry.slug] = entry
    site_dirs = _entry_folders(root / "sites", root, problems)
    known = [d.name for d in site_dirs]
    for name in only_sites or []:
        if name not in known:
            problems.add(
                root / "sites",
                0,
                "there is no site '{name}': the sites are {known}",
                name=name,
                known=", ".join(known) or "-",
            )
    for site_dir in site_dirs:
        if only_sites and site_dir.name not in only_sites:
            continue
        site = _load_site(site_dir, root, problems)
        if site is None:
            continue
        project.sites[site.slug] = site
        found = [
            (folder, kind, site.slug)
            for kind, top in ENTRY_ROOTS.items()
            for folder in _entry_folders(root / top / site.slug, root, problems)
        ]
        project.entries[site.slug] = [e for e in _load_entries(found, root, problems) if e]
    _check_references(project, problems)
    _check_links(project, problems)
    return project, problems


def _entry_folders(parent: Path, root: Path, problems: Problems) -> list[Path]:
    if not parent.is_dir():
        return []
    folders = []
    parent_inside = inside(parent, root)  # then so is each child that is not a link
    for child in sorted(os.scandir(parent), key=lambda c: c.name):
        if child.name.startswith(".") or not child.is_dir():
            continue
        path = parent / child.name
        if (child.is_symlink() or not parent_inside) and not inside(path, root):
            problems.add(
                path,
                0,
                "this folder is a link to a place outside the project: copy the files here instead",
            )
            continue
        if not is_slug(path.name):
            problems.add(
                path,
                0,
                "the folder name '{name}' must use only a-z, 0-9 and '-' (try '{suggestion}')",
                name=path.name,
                suggestion=_suggest_slug(path.name),
            )
            continue
        folders.append(path)
    return folders


def _suggest_slug(name: str) -> str:
    from .slugs import slugify

    return slugify(name) or "ten-muc"


# --- sites -----------------------------------------------------------------------------


def _load_site(folder: Path, root: Path, problems: Problems) -> Site | None:
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
    _unknown_keys(path, data, schema.SITE_KEYS, problems)
    ok = True
    for key in schema.SITE_REQUIRED:
        if key not in data:
            problems.add(path, data.line, "the required field '{field}' is missing", field=key)
            ok = False
    if not ok:
        return None
    name = _bilingual(path, data, "name", problems)
    organization = _bilingual(path, data, "organization", problems)
    description = _bilingual(path, data, "description", problems, required=False)
    base_url = _url(path, data, "base_url", problems)
    short_base = data.get("short_base") or (base_url + "q/" if base_url else "")
    if not isinstance(short_base, str) or not re.match(r"^https?://", short_base, re.I):
        problems.add(
            path,
            _line(data, "short_base"),
            "'short_base' must be a web address such as HTTPS://HD.EXAMPLE.ORG/Q/",
        )
        short_base = ""
    elif not short_base.endswith("/"):
        short_base += "/"
    contact = data.get("contact") or {}
    if not isinstance(contact, dict):
        problems.add(path, _line(data, "contact"), "'contact' must have 'phone' and 'zalo' lines")
        contact = {}
    guides = data.get("guides") or []
    if not _is_list_of(guides, str):
        problems.add(path, _line(data, "guides"), "'guides' must be a list of guide folder names")
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
        _unknown_keys(path, signs, schema.SIGN_DEFAULT_KEYS, problems)
        paper = str(signs.get("paper", "A4"))
        if paper not in ("A5", "A4", "A3"):
            problems.add(path, _line(signs, "paper"), "the paper must be A5, A4 or A3")
            paper = "A4"
        if signs.get("logo"):
            logo = child_file(folder, str(signs["logo"]))
            if logo is None or not logo.is_file():
                problems.add(
                    path,
                    _line(signs, "logo"),
                    "the logo file '{name}' was not found next to site.yml",
                    name=signs["logo"],
                )
                logo = None
    languages = _languages(path, data, problems)
    phone, zalo = _contact(path, contact, problems)
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
        languages=languages,
        guides=tuple(guides),
        counters=tuple(counters),
        paper=paper,
        logo=logo,
        example=bool(data.get("example", False)),
    )


def _languages(path: Path, data: LineDict, problems: Problems) -> tuple[str, ...]:
    value = data.get("languages")
    if value is None:
        return ("vi", "en")
    ok = (
        _is_list_of(value, str)
        and len(set(value)) == len(value)
        and set(value) <= {"vi", "en"}
        and "vi" in value
    )
    if not ok:
        problems.add(
            path,
            _line(data, "languages"),
            "'languages' must be [vi, en] or [vi]: the site is always in Vietnamese, "
            "and English may be added",
        )
        return ("vi", "en")
    return tuple(value)


PHONE = re.compile(r"^[0-9 +().-]*[0-9][0-9 +().-]*$")


def _contact(path: Path, contact, problems: Problems) -> tuple[str, str]:
    """The phone and Zalo shown on every home page; the Zalo address becomes a link."""
    phone = contact.get("phone")
    if isinstance(phone, int) and not isinstance(phone, bool):
        phone = str(phone)
    if phone is not None and (not isinstance(phone, str) or not PHONE.match(phone.strip())):
        problems.add(
            path,
            _line(contact, "phone"),
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
            _line(contact, "zalo"),
            "'zalo' must be a web address starting with https://, "
            "for example https://zalo.me/0912345678",
        )
        zalo = None
    return (phone or "").strip(), (zalo or "").strip()


def _load_counter(path: Path, item, problems: Problems) -> Counter | None:
    if not isinstance(item, LineDict):
        problems.add(path, 0, "each counter needs 'slug', 'name', 'place' and 'guides' lines")
        return None
    _unknown_keys(path, item, schema.COUNTER_KEYS, problems)
    slug = item.get("slug")
    if not isinstance(slug, str) or not is_slug(slug):
        problems.add(path, item.line, "each counter needs a 'slug' made of a-z, 0-9 and '-'")
        return None
    name = _bilingual(path, item, "name", problems)
    place = _bilingual(path, item, "place", problems, required=False)
    guides = item.get("guides") or []
    if not _is_list_of(guides, str):
        problems.add(path, _line(item, "guides"), "'guides' must be a list of guide folder names")
        guides = []
    for guide in sorted({g for g in guides if guides.count(g) > 1}):
        problems.add(
            path,
            _line(item, "guides"),
            "counter '{counter}': the guide '{guide}' is listed twice: delete one of them",
            counter=slug,
            guide=guide,
        )
    guides = list(dict.fromkeys(guides))
    if not name:
        return None
    return Counter(slug, name, place or Bilingual(""), tuple(guides), item.line)


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
        _line(data, key),
        "'{field}' needs a Vietnamese text: write '{field}: {{vi: ..., en: ...}}'",
        field=key,
    )
    return None


def _url(path, data, key, problems) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not re.match(r"^https?://[^/\s]+", value):
        problems.add(
            path,
            _line(data, key),
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
            path, _line(data, key), "'{field}' must be a list (lines starting with '- ')", field=key
        )
        return []
    return value


# --- entries ---------------------------------------------------------------------------


SPREAD_FROM = 400  # entries: with fewer, starting the workers costs more than it saves


def _load_entries(found: list[tuple], root: Path, problems: Problems) -> list:
    """Each (folder, kind, site) loaded, in order; a province's thousands of files are
    read and checked on every core (each file on its own, the messages gathered)."""
    jobs = min(cpu_count(), 4)
    if len(found) < SPREAD_FROM or jobs < 2 or not fork_is_safe():
        return [_load_entry(folder, kind, site, root, problems) for folder, kind, site in found]
    loaded = map_forked(_load_alone, [(*task, root) for task in found], jobs)
    for _, items in loaded:
        problems.items.extend(items)
    return [entry for entry, _ in loaded]


def _load_alone(task: tuple) -> tuple:
    folder, kind, site, root = task
    problems = Problems(root)
    return _load_entry(folder, kind, site, root, problems), problems.items


def _load_entry(folder: Path, kind: str, site: str | None, root: Path, problems: Problems):
    vi_path = folder / "index.vi.md"
    en_path = folder / "index.en.md"
    if not vi_path.is_file():
        hint = " (index.en.md alone is not enough)" if en_path.is_file() else ""
        problems.add(
            folder,
            0,
            "the Vietnamese file index.vi.md is missing{hint}: every entry needs one",
            hint=hint,
        )
        return None
    vi = _load_translation(vi_path, kind, "vi", problems)
    en = _load_translation(en_path, kind, "en", problems) if en_path.is_file() else None
    if vi is None:
        return None
    return Entry(kind=kind, site=site, slug=folder.name, folder=folder, vi=vi, en=en)


def _load_translation(path: Path, kind: str, lang: str, problems: Problems):
    if path.is_symlink() and not inside(path, path.parent):
        problems.add(
            path,
            0,
            "this file is a link to a place outside the project: copy the file here instead",
        )
        return None
    try:
        doc = parse(path.read_bytes())
    except FrontMatterError as exc:
        problems.add(path, exc.line, exc.message, **exc.params)
        return None
    except OSError as exc:
        problems.add(path, 0, "the file cannot be read ({detail})", detail=exc.strerror)
        return None
    fields = _check_fields(path, doc.meta, kind, lang, problems)
    return Translation(path=path, fields=fields, body=doc.body, body_line=doc.body_line)


def _check_fields(path: Path, meta: LineDict, kind: str, lang: str, problems: Problems) -> dict:
    spec = schema.field_map(kind)
    fields: dict = {}
    suggested = set()  # a misspelt required field is reported once, as "did you mean"
    for name, value in meta.items():
        line = meta.lines.get(name, meta.line)
        field = spec.get(name)
        if field is None:
            suggested.add(_unknown(path, line, name, list(spec), problems))
            continue
        if lang == "en" and field.where == schema.VI_ONLY:
            problems.add(
                path,
                line,
                "'{field}' belongs in the Vietnamese file only (index.vi.md): "
                "delete it here, the English page takes it from there",
                field=name,
            )
            continue
        checked = _check_value(path, line, field, value, lang, problems)
        if checked is not None:
            fields[name] = checked
    if lang == "vi":
        for field in spec.values():
            if field.required and field.name not in meta and field.name not in suggested:
                problems.add(
                    path,
                    meta.line,
                    "the required field '{field}' is missing: add a "
                    "line '{field}: ...' between the '---' lines",
                    field=field.name,
                )
    return fields


def _unknown(path, line, name, known, problems):
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        problems.add(
            path,
            line,
            "unknown field '{field}': did you mean '{suggestion}'?",
            field=name,
            suggestion=close[0],
        )
        return close[0]
    else:
        problems.add(
            path,
            line,
            "unknown field '{field}': the fields are {known}",
            field=name,
            known=", ".join(known),
        )
    return None


def _unknown_keys(path, data: LineDict, known, problems):
    if not isinstance(data, LineDict):
        return
    for key in data:
        if key not in known:
            _unknown(path, data.lines.get(key, data.line), key, list(known), problems)


def _check_value(path: Path, line: int, field: schema.Field, value, lang: str, problems):
    kind = field.type
    name = field.name
    if kind == "text":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            problems.add(path, line, "'{field}' must be a text on one line", field=name)
            return None
        value = value.strip()
        if name == "title" and len(value) > MAX_TITLE:
            problems.add(
                path,
                line,
                "the title has {count} characters: shorten it to {limit} "
                "or fewer so it fits on a sign",
                count=len(value),
                limit=MAX_TITLE,
            )
            return None
        return value
    if kind == "flag":
        if not isinstance(value, bool):
            problems.add(path, line, "'{field}' must be true or false", field=name)
            return None
        return value
    if kind == "text_list":
        if isinstance(value, str):
            value = [value]
        if not _is_list_of(value, (str, int, float)):
            problems.add(
                path,
                line,
                "'{field}' must be a list of texts (lines starting with '- ')",
                field=name,
            )
            return None
        return [str(v).strip() for v in value]
    if kind in ("kind", "paper"):
        if value not in field.choices:
            problems.add(
                path,
                line,
                "'{field}' must be one of: {choices}",
                field=name,
                choices=", ".join(field.choices),
            )
            return None
        return value
    if kind == "coordinates":
        ok = (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
            and -90 <= value[0] <= 90
            and -180 <= value[1] <= 180
        )
        if not ok:
            problems.add(
                path,
                line,
                "'coordinates' must be [latitude, longitude], for example [20.94, 106.33]",
            )
            return None
        return [float(value[0]), float(value[1])]
    if kind == "file":
        return _check_file(path, line, name, value, problems)
    if kind == "stops":
        return _check_stops(path, line, value, lang, problems)
    if kind == "shops":
        return _check_records(path, line, name, value, schema.SHOP_KEYS, ("name",), problems)
    if kind == "links":
        links = _check_records(
            path, line, name, value, schema.LINK_KEYS, ("title", "url"), problems
        )
        for link in links or []:
            if "url" in link and not re.match(r"^https://", link["url"]):
                problems.add(
                    path,
                    link.get("_line", line),
                    "the link '{url}' must start with https://",
                    url=link.get("url"),
                )
        return links
    return value


def _check_file(path: Path, line: int, name: str, value, problems) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(path, line, "'{field}' must be a file name", field=name)
        return None
    folder = path.parent
    target = child_file(folder, value.strip())
    if target is None:
        problems.add(
            path,
            line,
            "'{field}': the file '{name}' must be inside this entry's folder: write only its name",
            field=name,
            name=value,
        )
        return None
    allowed = PHOTO_TYPES if name == "cover" else AUDIO_TYPES
    if target.suffix.lower() not in allowed:
        problems.add(
            path,
            line,
            "'{field}': '{name}' must be one of {types}",
            field=name,
            name=value,
            types=", ".join(allowed),
        )
        return None
    if not target.is_file():
        problems.add(
            path,
            line,
            "'{field}': the file '{name}' was not found: put it next to "
            "this file or correct the name",
            field=name,
            name=value,
        )
        return None
    if name == "cover":
        _check_photo(path, line, target, problems)
    return value.strip()


def _check_photo(path: Path, line: int, photo: Path, problems: Problems) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(photo) as img:
            width, height = img.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        problems.add(
            path,
            line,
            "the photo '{name}' cannot be opened: it may be damaged; export it again as JPEG",
            name=photo.name,
        )
        return
    if max(width, height) > PHOTO_WARN_PIXELS:
        problems.warn(
            path,
            line,
            "the photo '{name}' is {width}×{height} pixels, larger than "
            "needed: the build makes smaller copies, but a 2000-pixel original is "
            "enough",
            name=photo.name,
            width=width,
            height=height,
        )


def _check_stops(path: Path, line: int, value, lang: str, problems: Problems):
    keys = schema.STOP_TRANSLATABLE if lang == "en" else schema.STOP_KEYS
    if isinstance(value, list) and len(value) > MAX_STOPS:
        problems.add(
            path,
            line,
            "the street has {count} stops: a street carries at most {limit} boards; "
            "split it into several streets",
            count=len(value),
            limit=MAX_STOPS,
        )
        return None
    stops = _check_records(
        path,
        line,
        "stops",
        value,
        keys,
        keys if lang == "vi" else ("number",),
        problems,
        only_in_vi=set(schema.STOP_KEYS) - set(keys),
    )
    if stops is None:
        return None
    numbers = set()
    for stop in stops:
        number = stop.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            problems.add(path, stop["_line"], "the stop 'number' must be a whole number from 1")
            continue
        if number in numbers:
            problems.add(
                path,
                stop["_line"],
                "stop number {number} is used twice: give each board its own number",
                number=number,
            )
        numbers.add(number)
    return stops


def _check_records(path, line, name, value, keys, required, problems, only_in_vi=()):
    if not isinstance(value, list):
        problems.add(path, line, "'{field}' must be a list (lines starting with '- ')", field=name)
        return None
    records = []
    for item in value:
        if not isinstance(item, LineDict):
            problems.add(
                path,
                line,
                "each item of '{field}' needs lines like {keys}",
                field=name,
                keys=", ".join(f"'{k}: ...'" for k in keys),
            )
            continue
        record = {"_line": item.line}
        for key, val in item.items():
            key_line = item.lines.get(key, item.line)
            if key in only_in_vi:
                problems.add(
                    path,
                    key_line,
                    "'{field}' belongs in the Vietnamese file only "
                    "(index.vi.md): delete it here, the English page takes it from "
                    "there",
                    field=f"{name}.{key}",
                )
            elif key not in keys:
                _unknown(path, key_line, key, list(keys), problems)
            else:
                checked = _record_value(path, key_line, f"{name}.{key}", val, problems)
                if checked is not None:
                    record[key] = checked
        for key in required:
            if key not in item:
                problems.add(
                    path, item.line, "the item of '{field}' needs '{key}'", field=name, key=key
                )
        records.append(record)
    return records


# The type of each sub-field of a list field; "number" is checked by the stops themselves.
RECORD_TYPES = {
    "number": "number",
    "place": "text",
    "guide": "text",
    "name": "text",
    "address": "text",
    "pays": "text_list",
    "title": "text",
    "url": "text",
}


def _record_value(path: Path, line: int, name: str, value, problems: Problems):
    """A sub-field's value in its schema type, or None after reporting it."""
    kind = RECORD_TYPES[name.rsplit(".", 1)[1]]
    if kind == "number":
        return value
    if kind == "text_list":
        if isinstance(value, str):  # `pays: VietQR` is one way to pay
            value = [value]
        if _is_list_of(value, (str, int, float)) and value:
            return [str(v).strip() for v in value if str(v).strip()]
        problems.add(
            path, line, "'{field}' must be a list of texts (lines starting with '- ')", field=name
        )
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        problems.add(path, line, "'{field}' must be a text on one line", field=name)
        return None
    return value.strip()


def _check_links(project: Project, problems: Problems) -> None:
    """Body links may lead only where the built page can follow them."""
    for guide in project.guides.values():
        _check_entry_links(project, guide, None, problems)
    for site in project.sites.values():
        for entry in project.entries.get(site.slug, []):
            _check_entry_links(project, entry, site, problems)
        for guide in project.site_guides(site.slug):
            _check_guide_links_on(project, guide, site, problems)


def _check_guide_links_on(project: Project, guide: Entry, site: Site, problems) -> None:
    """A shared guide may link to a guide that this site does not carry: the link is
    shown as plain text there (site/pages.py), and the site's author is told."""
    guides = (project.root / "content" / "guides").resolve()
    for translation in (guide.vi, guide.en):
        if translation is None:
            continue
        for line, target in _body_links(translation.body, translation.body_line):
            folder = (guide.folder / target).resolve()
            if folder.parent != guides or folder.name not in project.guides:
                continue
            if folder.name != guide.slug and folder.name not in site.guides:
                problems.warn(
                    translation.path,
                    line,
                    "the link '{target}' leads to the guide '{guide}', which the site "
                    "'{site}' does not carry, so there it is plain text: add '{guide}' "
                    "under 'guides' in {site_yml} to make it a link",
                    target=target,
                    guide=folder.name,
                    site=site.slug,
                    site_yml=f"sites/{site.slug}/site.yml",
                )


def _check_entry_links(project: Project, entry: Entry, site: Site | None, problems) -> None:
    for translation in (entry.vi, entry.en):
        if translation is None:
            continue
        for line, target in _body_links(translation.body, translation.body_line):
            resolved = entry.folder / target
            if not inside(resolved, project.root) or not resolved.exists():
                problems.add(
                    translation.path,
                    line,
                    "the link '{target}' points to nothing: check the file or folder name",
                    target=target,
                )
            elif _reachable(project, entry, site, target):
                continue
            elif site is None:
                problems.add(
                    translation.path,
                    line,
                    "the link '{target}' cannot work on the site: a guide may link only to "
                    "a file in its own folder or to another guide (../other-guide/)",
                    target=target,
                )
            else:
                problems.add(
                    translation.path,
                    line,
                    "the link '{target}' cannot work on the site: link only to a file in this "
                    "entry's folder, to a relic or street of this site (../other-folder/), or "
                    "to a guide listed in 'guides' in site.yml",
                    target=target,
                )


def _reachable(project: Project, entry: Entry, site: Site | None, target: str) -> bool:
    """True when the built page turns the link into a working one (see site/pages.py)."""
    own = child_file(entry.folder, target)
    if own is not None and own.is_file():  # shipped next to the page
        return True
    folder = (entry.folder / target).resolve()
    if folder == entry.folder.resolve():
        return True
    try:
        parts = folder.relative_to(project.root).parts
    except ValueError:
        return False
    if len(parts) != 3 or not (folder / "index.vi.md").is_file():
        return False
    top, owner, slug = parts
    if (top, owner) == ("content", "guides"):
        return site is None or slug in site.guides
    return site is not None and owner == site.slug and top in ENTRY_ROOTS.values()


_CODE_SPAN = re.compile(r"(`+).+?\1")
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _body_links(body: str, first_line: int):
    """(line, target) of each relative link in Markdown, outside code."""
    if "](" not in body:  # no link at all: most bodies, not read line by line
        return
    fenced = False
    for offset, text in enumerate(body.split("\n")):
        if text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        text = _CODE_SPAN.sub("", text)  # `![a](b.jpg)` in code is an example, not a link
        for match in _LINK.finditer(text):
            target = match.group(1).split("#", 1)[0].split("?", 1)[0]
            if (
                not target
                or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I)
                or target.startswith("/")
            ):
                continue
            yield first_line + offset, target


# --- references between files ------------------------------------------------------------


def _check_references(project: Project, problems: Problems) -> None:
    for site in project.sites.values():
        for slug in site.guides:
            if slug not in project.guides:
                problems.add(
                    site.config_file,
                    0,
                    "the guide '{guide}' does not exist in content/guides: check its folder name",
                    guide=slug,
                )
        for counter in site.counters:
            for slug in counter.guides:
                if slug not in project.guides:
                    problems.add(
                        site.config_file,
                        counter.line,
                        "counter '{counter}': the guide '{guide}' does not exist in content/guides",
                        counter=counter.slug,
                        guide=slug,
                    )
                elif slug not in site.guides:
                    problems.add(
                        site.config_file,
                        counter.line,
                        "counter '{counter}': the guide '{guide}' is not among this site's "
                        "guides: add it to 'guides' in site.yml",
                        counter=counter.slug,
                        guide=slug,
                    )
        for entry in project.entries.get(site.slug, []):
            for stop in entry.vi.fields.get("stops") or []:
                guide = stop.get("guide")
                if guide is None:  # missing or not a text: reported with the stop already
                    continue
                if guide not in project.guides:
                    near = difflib.get_close_matches(str(guide), list(project.guides), n=1)
                    if near:
                        problems.add(
                            entry.vi.path,
                            stop["_line"],
                            "stop {number} points to the guide '{guide}', which does not "
                            "exist: did you mean '{suggestion}'?",
                            number=stop.get("number"),
                            guide=guide,
                            suggestion=near[0],
                        )
                    else:
                        problems.add(
                            entry.vi.path,
                            stop["_line"],
                            "stop {number} points to the guide '{guide}', which does not "
                            "exist: write the name of a folder in content/guides ({known})",
                            number=stop.get("number"),
                            guide=guide,
                            known=", ".join(sorted(project.guides)) or "-",
                        )
                elif guide not in site.guides:
                    problems.add(
                        entry.vi.path,
                        stop["_line"],
                        "stop {number} points to the "
                        "guide '{guide}': add it to 'guides' in site.yml",
                        number=stop.get("number"),
                        guide=guide,
                    )


def _is_list_of(value, types) -> bool:
    return isinstance(value, list) and all(isinstance(v, types) for v in value)


def _line(data, key) -> int:
    if isinstance(data, LineDict):
        return data.lines.get(key, data.line)
    return 0
