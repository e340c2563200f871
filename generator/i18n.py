"""Messages and UI strings from the Babel catalogs in generator/locale.

The .po files are committed; they are compiled in memory the first time a language
is asked for, so there is no stale .mo to forget. The CLI follows the locale
(LANG=vi… gives Vietnamese, anything else English); the sites default to Vietnamese.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
from functools import cache
from pathlib import Path

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
    """The language of terminal messages: the first of LC_ALL, LC_MESSAGES, LANG that is set."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


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
