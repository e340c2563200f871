"""Dates as authors write them: year-month-day, the one form YAML and every reader agree
on (20/11/2026 is the 20th of November here and nonsense in half the world)."""

from __future__ import annotations

import datetime
import re

DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def parse_day(value) -> datetime.date | None:
    """`2026-11-20` as a date; None for anything else (a day that does not exist too)."""
    match = DAY.match(str(value).strip())
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def is_partial_day(value) -> bool:
    """A source's date may be as precise as its source: 2024, 2024-05 or 2024-05-10."""
    match = PARTIAL.match(str(value).strip())
    if not match:
        return False
    year, month, day = match.groups()
    if int(year) < 1:
        return False
    if day is not None:
        return parse_day(value) is not None
    return month is None or 1 <= int(month) <= 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved `months` later; the 31st becomes the month's last day (31 Aug + 6 months
    is 28 or 29 February), as calendars count it."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has at least 28 days")


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole months from `earlier` to `later` (0 when less than one)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)
