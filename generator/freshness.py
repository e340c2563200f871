"""How old an entry's facts are: its `checked` day against its site's `freshness`.

An old page is not an error: `check` never complains. The page says when it was last
checked (a guide past its age also warns that the steps may have changed), and
`qrsite status` lists what is overdue, oldest first, for a team to check again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from . import schema
from .content.dates import add_months, months_between
from .content.drafts import every_entry
from .content.shapes import field_line
from .model import Entry, Project, Site
from .problems import Problems


@dataclass(frozen=True)
class Age:
    checked: datetime.date | None  # None: nobody has dated a check yet
    fresh_until: datetime.date | None
    overdue: bool
    months: int = 0  # whole months since the check


def check_checked_days(project: Project, day: datetime.date, problems: Problems) -> None:
    """A `checked` day after the build's day is a typo (2062 for 2026) that would keep the
    entry fresh for ever: a warning naming its line."""
    for entry in every_entry(project):
        checked = entry.vi.fields.get("checked")
        if isinstance(checked, datetime.date) and checked > day:
            problems.warn(
                entry.vi.path,
                field_line(entry.vi.path, "checked"),
                "'checked' is {date}, after today ({today}): write the day the facts were "
                "really checked",
                date=checked.isoformat(),
                today=day.isoformat(),
            )


def age_of(entry: Entry, site: Site, day: datetime.date) -> Age:
    checked = entry.vi.fields.get("checked")
    if not isinstance(checked, datetime.date):
        return Age(None, None, False)
    months = site.freshness.get(entry.kind, schema.FRESH_MONTHS[entry.kind])
    fresh_until = add_months(checked, months)
    return Age(checked, fresh_until, day > fresh_until, months_between(checked, day))
