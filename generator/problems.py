"""Problems found in the content: each has a place, a message id and its values.

Loading and checking collect every problem of a run, and only then stop once, so an
author fixes everything in one pass. The text is rendered late, in the reader's
language, from the Babel catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"
MAX_PARAM = 80  # characters of a list or mapping quoted back in a message


class Term(str):
    """A word a message shows in the reader's language (the kind of a sign), kept as its
    English msgid until the message is rendered."""


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project, with forward slashes
    line: int  # 1-based; 0 when the problem is about the whole file
    message: str  # an English msgid with {placeholders}
    params: tuple[tuple[str, object], ...] = ()
    level: str = ERROR

    def text(self, gettext) -> str:
        """The message alone, in the language of `gettext`."""
        values = {k: gettext(v) if isinstance(v, Term) else v for k, v in self.params}
        return gettext(self.message).format(**values)

    def render(self, gettext) -> str:
        text = self.text(gettext)
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.level == WARNING:
            return f"{where}: {gettext('warning')}: {text}"
        return f"{where}: {text}"


@dataclass
class Problems:
    """Collects problems of one run, keyed to the project root for relative paths."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, message: str, level: str = ERROR, **params):
        values = tuple((key, _plain(value)) for key, value in params.items())
        self.items.append(Problem(self.relative(path), line, message, values, level))

    def warn(self, path: Path | str, line: int, message: str, **params):
        self.add(path, line, message, WARNING, **params)

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=_order)


def _order(problem: Problem):
    params = tuple((key, str(value)) for key, value in problem.params)
    return (problem.path, problem.line, problem.message, params)


def _plain(value):
    """A value as written by the author may be a list or a mapping: keep a short text of it,
    so problems can be compared, sorted and de-duplicated."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    text = str(value)
    return text if len(text) <= MAX_PARAM else text[: MAX_PARAM - 1] + "…"


class ContentError(Exception):
    """Raised once at the end of a run that found errors; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
