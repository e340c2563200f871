"""Messages the renderer hands back: an English message id with its values.

A Message is a `str` (its English text), so logs, tests and `str()` keep reading it as
before; the CLI calls `render(gettext)` to show it in the reader's language. Values
that are messages themselves are rendered too. `to_json`/`from_json` carry a message
through the sign cache; a plain string reads back as itself.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_


def _render_value(value, gettext):
    return value.render(gettext) if hasattr(value, "render") else value


class Message(str):
    """`text` is the msgid (marked with N_ where written), `params` its values."""

    text: str
    params: dict[str, Any]

    def __new__(cls, text: str, /, **params):
        self = super().__new__(cls, text.format(**params))
        self.text = text
        self.params = params
        return self

    def __getnewargs_ex__(self):
        return (self.text,), self.params

    def render(self, gettext) -> str:
        values = {k: _render_value(v, gettext) for k, v in self.params.items()}
        return gettext(self.text).format(**values)

    def to_json(self) -> list:
        return [
            self.text,
            {k: v.to_json() if isinstance(v, Message) else str(v) for k, v in self.params.items()},
        ]

    @classmethod
    def from_json(cls, data) -> Message:
        if isinstance(data, str):
            return cls("{text}", text=data)
        text, params = data
        return cls(
            text, **{k: cls.from_json(v) if isinstance(v, list) else v for k, v in params.items()}
        )


# Each kind of sign as its messages name it, in the reader's language.
SIGN_KINDS = {
    "relic_plaque": N_("relic plaque"),
    "street_board": N_("street board"),
    "street_poster": N_("street poster"),
    "counter_tent": N_("counter table tent"),
    "sticker_sheet": N_("sticker sheet"),
    "payment_sticker": N_("payment sticker"),
    "payment_standee": N_("payment counter standee"),
    "payment_sheet": N_("payment sticker sheet"),
}


def sign_kind(kind: str) -> Message | str:
    """A sign's kind as a word the message translates (an unknown kind as it is)."""
    return Message(SIGN_KINDS[kind]) if kind in SIGN_KINDS else kind


class Joined(str):
    """Several messages shown as one line, joined by `sep`."""

    sep: str
    parts: tuple

    def __new__(cls, sep: str, parts):
        parts = tuple(parts)
        self = super().__new__(cls, sep.join(parts))
        self.sep = sep
        self.parts = parts
        return self

    def __getnewargs__(self):
        return self.sep, self.parts

    def render(self, gettext) -> str:
        return self.sep.join(str(_render_value(p, gettext)) for p in self.parts)


def render(message, gettext) -> str:
    """Any message, or a plain string as it is."""
    return str(_render_value(message, gettext))


class SignsError(ValueError):
    """Signs that cannot be made: one message per problem, each naming its sign."""

    def __init__(self, messages):
        self.messages = tuple(messages)
        super().__init__("\n".join(self.messages))

    def __reduce__(self):
        return SignsError, (self.messages,)
