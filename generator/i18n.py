"""Messages and UI strings from the Babel catalogs in generator/locale.

The .po files are committed; they are compiled in memory the first time a language
is asked for, so there is no stale .mo to forget. The CLI follows the locale
(LANGUAGE, LC_ALL, LC_MESSAGES, LANG: vi… gives Vietnamese, anything else English);
the sites default to Vietnamese.
"""

from __future__ import annotations

import datetime
import gettext as _gettext
import io
import os
from functools import cache
from pathlib import Path

from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGUAGES = ("vi", "en")


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return _gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def gettext_for(lang: str):
    return translations(lang).gettext


def cli_language(environ: dict[str, str] | None = None) -> str:
    """The language of terminal messages, found as Python's gettext finds it: the first of
    LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set decides (LANGUAGE may list several,
    `vi:en`; a C locale does not silence it, as it does in GNU gettext). Messages are
    written in English, so anything without a catalog reads them as they are."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            for item in value.split(":"):
                code = item.split(".")[0].split("@")[0].split("_")[0].lower()
                if code in LANGUAGES:
                    return code
            return "en"
    return "en"


def count_text(lang: str, singular: str, plural: str, count: int, **params) -> str:
    """`singular` or `plural` in `lang`, as its catalog's plural rule says (Vietnamese has
    one form: '1 biển', '2 biển'), with `count` and `params` filled in."""
    return translations(lang).ngettext(singular, plural, count).format(count=count, **params)


def built_line(lang: str, site: str, pages: int, signs: int, path) -> str:
    """`hai-duong: 22 pages, 6 signs -> build/hai-duong`, for `build` and `serve`."""
    return gettext_for(lang)(N_("{site}: {pages}, {signs} -> {path}")).format(
        site=site,
        pages=count_text(lang, "{count} page", "{count} pages", pages),
        signs=count_text(lang, "{count} sign", "{count} signs", signs),
        path=path,
    )


# How each language writes a day on a page, as Babel's CLDR data spells it: Vietnamese
# notices write 20/11/2026; English spells the month (20 Nov 2026), which no reader
# mistakes for the 11th of the 20th month, whichever order they grew up with.
DAY_STYLE = {"vi": ("vi", "yMd"), "en": ("en_GB", "yMMMd")}


def format_day(day, lang: str) -> str:
    locale, skeleton = DAY_STYLE.get(lang, (lang, "yMMMd"))
    return format_skeleton(skeleton, day, locale=locale)


def format_month(year: int, month: int, lang: str) -> str:
    """A month in the same style as `format_day`: 5/2024, May 2024."""
    locale, skeleton = DAY_STYLE.get(lang, (lang, "yMMMd"))
    return format_skeleton(skeleton.replace("d", ""), datetime.date(year, month, 1), locale=locale)


def N_(message: str) -> str:
    """Marks a message for the catalogs; it is translated where it is shown."""
    return message


class UserError(Exception):
    """An expected refusal: an English message id with its values, rendered by the CLI."""

    def __init__(self, message: str, **params):
        super().__init__(message.format(**params))
        self.message = message
        self.params = params

    def render(self, gettext) -> str:
        return gettext(self.message).format(**self.params)
