"""The value of one front-matter field, by its type in the schema: texts, flags, lists,
closed choices, coordinates, files (photos and audio beside the entry) and records."""

from __future__ import annotations

import re
from pathlib import Path

from .. import schema
from ..paths import child_file
from ..problems import Problems
from .dates import parse_day
from .records import check_records
from .shapes import is_list_of
from .stops import check_stops

PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")


AUDIO_TYPES = (".mp3", ".m4a", ".ogg")


PHOTO_WARN_PIXELS = 2400  # wider than any size the site serves


MAX_TITLE = 200


def check_value(path: Path, line: int, field: schema.Field, value, lang: str, problems):
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
        if not is_list_of(value, (str, int, float)):
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
    if kind == "date":
        day = parse_day(value)
        if day is None:
            problems.add(
                path,
                line,
                "'{field}' must be a date written year-month-day, for example 2026-11-20",
                field=name,
            )
            return None
        return day
    if kind == "sources":
        return check_sources(path, line, name, value, problems)
    if kind == "file":
        return check_file(path, line, name, value, problems)
    if kind == "stops":
        return check_stops(path, line, value, lang, problems)
    if kind == "shops":
        return check_records(path, line, name, value, schema.SHOP_KEYS, ("name",), problems)
    if kind == "links":
        links = check_records(path, line, name, value, schema.LINK_KEYS, ("title", "url"), problems)
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


def check_sources(path: Path, line: int, name: str, value, problems) -> list | None:
    """Each source: a title, and a publisher, a date and a web address where known; one
    with neither a publisher nor an address cannot be looked up, so it is a warning."""
    sources = check_records(path, line, name, value, schema.SOURCE_KEYS, ("title",), problems)
    for source in sources or []:
        if "title" in source and not findable(source):
            problems.warn(
                path,
                source["_line"],
                "the source '{title}' has no publisher and no address: add one so that a "
                "reader can find it",
                title=source["title"],
            )
    return sources


def findable(source: dict) -> bool:
    return bool(source.get("publisher") or source.get("url"))


def check_file(path: Path, line: int, name: str, value, problems) -> str | None:
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
