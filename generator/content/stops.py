"""A street's stops: each a printed board with its number, its place and its guide.

A board's code must survive a new board inserted before it, so a stop is known by an
identity that does not move with its number: the guide it points to (stop_identity). A
printed code then always opens the guide its board shows, whatever the stops' order.
"""

from __future__ import annotations

from pathlib import Path

from .. import schema
from ..paths import is_slug
from ..problems import Problems
from .records import check_records

MAX_STOPS = 100  # each stop is a printed board; Sa Đéc's street has 10


def check_stops(path: Path, line: int, value, lang: str, problems: Problems):
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
    stops = check_records(
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
    if lang == "vi":
        _name_stops(stops)
    return stops


def stop_identity(stop: dict) -> str | None:
    """What a stop's code is keyed by (None: its guide is not a usable name)."""
    return stop.get("_id")


def _name_stops(stops: list[dict]) -> None:
    """Each stop is known by its guide, the second stop of the same guide by 'guide.2'
    (a dot is never in a folder name), and so on in the order the stops are written."""
    seen: dict[str, int] = {}
    for stop in stops:
        guide = stop.get("guide")
        if isinstance(guide, str) and is_slug(guide):
            seen[guide] = seen.get(guide, 0) + 1
            stop["_id"] = guide if seen[guide] == 1 else f"{guide}.{seen[guide]}"
