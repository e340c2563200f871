"""What a page says about its own facts: where they come from, when someone last checked
them, how to report a mistake, and which places have changed since they were written.

A plaque stays on a wall for ten years; these lines let a reader judge the page behind it
long after its author has moved on.
"""

from __future__ import annotations

import datetime
from html import escape
from urllib.parse import quote

from ..content.dates import parse_day
from ..freshness import age_of
from ..i18n import N_, format_day, format_month
from ..model import Change, Counter, Entry, Site

SINCE = {  # a locality change in effect, by its kind
    "merged": N_("Since {date}, {old} has been part of {new}."),
    "renamed": N_("Since {date}, {old} has been named {new}."),
}


class EntryAbout:
    """The lines about an entry's facts, in one language, as of the build's `day`."""

    def __init__(self, site: Site, lang: str, gettext, day: datetime.date | None):
        self.site = site
        self.lang = lang
        self._ = gettext
        self.day = day

    def html_text(self, message: str, **params) -> str:
        """A UI string in the page's language with its values, escaped for HTML."""
        return escape(self._(message).format(**params))

    def end(self, entry: Entry, title: str, page_url: str, code: str) -> str:
        """Sources, "last checked" and "report a mistake", closing an entry's page."""
        parts = [self.sources_html(entry.vi.fields.get("sources") or ())]
        checked = entry.vi.fields.get("checked")
        if isinstance(checked, datetime.date):
            parts.append(
                '<p class="qs-checked">'
                + self.html_text("Last checked: {date}", date=format_day(checked, self.lang))
                + "</p>"
            )
        parts.append(self.report_link(title, page_url, code))
        return "".join(p for p in parts if p)

    def sources_html(self, sources) -> str:
        if not sources:
            return ""
        items = []
        for source in sources:
            text = escape(source["title"])
            if source.get("url"):
                href = escape(source["url"])
                text = f'<a href="{href}" rel="noopener noreferrer">{text}</a>'
            details = [escape(source[k]) for k in ("publisher",) if source.get(k)]
            if source.get("date"):
                details.append(escape(self.source_date(source["date"])))
            items.append("<li>" + ", ".join([text, *details]) + "</li>")
        return (
            '<h2 id="qs-sources">'
            + self.html_text("Sources")
            + '</h2><ol class="qs-sources">'
            + "".join(items)
            + "</ol>"
        )

    def source_date(self, value: str) -> str:
        """A source's date as precise as it was written: a day, a month or a year."""
        day = parse_day(value)
        if day is not None:
            return format_day(day, self.lang)
        year, _, month = value.partition("-")
        return format_month(int(year), int(month), self.lang) if month else year

    def report_link(self, title: str, page_url: str, code: str) -> str:
        """A link to the site's contact with the page and its code filled in where the
        channel carries text: an email's subject and body, a text message's body."""
        subject = self._("Mistake on the page: {title}").format(title=title)
        body = page_url + (f"\r\n{self._('Code')}: {code}" if code else "") + "\r\n\r\n"
        if self.site.email:
            href = (
                f"mailto:{quote(self.site.email, safe='@.+')}"
                f"?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
            )
        elif self.site.zalo:
            href = self.site.zalo  # Zalo opens a chat; it takes no text from a link
        elif self.site.phone:
            number = "".join(c for c in self.site.phone if c.isdigit() or c == "+")
            href = f"sms:{number}?body={quote(subject + chr(13) + chr(10) + body, safe='')}"
        else:
            return ""
        return (
            f'<p class="qs-report"><a href="{escape(href)}" rel="nofollow">'
            + self.html_text("Report a mistake")
            + "</a></p>"
        )

    def overdue_notice(self, entry: Entry) -> str:
        """On a guide past its age: the steps may have changed; whom to ask."""
        if self.day is None:
            return ""
        age = age_of(entry, self.site, self.day)
        if not age.overdue:
            return ""
        contact = self.site.phone or self.site.email or self.site.organization.get(self.lang)
        return (
            '<div class="admonition warning qs-overdue"><p>'
            + self.html_text(
                "These steps were last checked on {date} and may have changed since. If "
                "what you see differs, ask {contact}.",
                date=format_day(age.checked, self.lang),
                contact=contact,
            )
            + "</p></div>"
        )

    def locality_notices(self) -> str:
        """The site's locality changes in effect on the build's day, newest first."""
        return "".join(self._change_notice(c) for c in reversed(self.site.in_effect))

    def _change_notice(self, change: Change) -> str:
        return (
            '<div class="admonition info qs-changed"><p>'
            + self.html_text(
                SINCE[change.change],
                date=format_day(change.date, self.lang),
                old=change.old.get(self.lang),
                new=change.new.get(self.lang),
            )
            + "</p></div>"
        )

    def counter_history(self, counter: Counter) -> str:
        """Where a counter was before the changes in effect: its page gives the current
        place, and says what a reader with an old leaflet knows it as."""
        lines = []
        for change, name, place in reversed(counter.former):
            where = name.get(self.lang)
            if place.vi:
                where += f" ({place.get(self.lang)})"
            lines.append(
                "<p>"
                + self.html_text(
                    "Before {date}: {where}.", date=format_day(change.date, self.lang), where=where
                )
                + "</p>"
            )
        if not lines:
            return ""
        return '<div class="admonition info qs-changed">' + "".join(lines) + "</div>"
