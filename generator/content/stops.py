"""A street's stops: each a printed board with its number, its place and its guide."""

from __future__ import annotations

from pathlib import Path

from .. import schema
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
    return stops
