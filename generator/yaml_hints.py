"""Turn a YAML parser error into the line an author must fix and a plain fix.

PyYAML reports where it got stuck, which is often the line *after* the mistake (a
forgotten colon is noticed at the next field) and in parser words ("mapping values
are not allowed here"). The common mistakes of hand-written front matter are
recognised here; anything else keeps the parser's own words.
"""

from __future__ import annotations

import re

import yaml

from .i18n import N_

NO_COLON = N_("the YAML is not valid: there is no ':' after the field name: write 'name: value'")
OPEN_QUOTE = N_("the YAML is not valid: a quote opened on this line is not closed: add it")
OPEN_BRACKET = N_("the YAML is not valid: a '[' opened on this line is not closed: add ']'")
TAB = N_("the YAML is not valid: this line has a tab: indent with spaces only")
COLON_IN_VALUE = N_(
    "the YAML is not valid: the value has a ': ' inside it: put the whole value in "
    "quotes, as {example}"
)
INDENTED = N_(
    "the YAML is not valid: this line is indented differently from the lines above: "
    "fields start at the beginning of the line, and the items of a list line up"
)
NO_SPACE = N_(
    "the YAML is not valid: there is no space after the ':' of '{field}': write '{field}: value'"
)
GENERIC = N_("the YAML is not valid ({detail}): check colons, quotes and indentation")


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str, dict]:
    """(0-based line in `text`, msgid, params) for a YAML error in `text`."""
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    lines = text.split("\n")
    opened = exc.context_mark.line if exc.context_mark else line
    slip = _no_space_after_colon(lines, min(line, len(lines) - 1))
    if slip is not None:
        return slip[0], NO_SPACE, {"field": slip[1]}
    if "end of stream" in problem and "quoted scalar" in context:
        return opened, OPEN_QUOTE, {}
    if "expected ',' or ']'" in problem and "flow sequence" in context:
        return opened, OPEN_BRACKET, {}
    if "could not find expected ':'" in problem:
        return opened, NO_COLON, {}
    if "'\\t'" in problem or "\t" in problem:
        return line, TAB, {}
    if "mapping values are not allowed" in problem and mark and line < len(lines):
        here = lines[line]
        if ":" not in here[: mark.column]:
            previous = _previous_filled(lines, line)
            if previous is not None and ":" not in lines[previous]:
                return previous, NO_COLON, {}
            if previous is not None and _indent(here) > _indent(lines[previous]):
                return line, INDENTED, {}
        name = here.split(":", 1)[0].strip().lstrip("- ") or "title"
        return line, COLON_IN_VALUE, {"example": f'{name}: "..."'}
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return line, INDENTED, {}
    return line, GENERIC, {"detail": (problem or context).strip()}


# `title:Tuyến phố`: YAML reads one plain text, not a field, and stumbles on a later line.
_GLUED = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*):(?=[^\s/:])")


def _no_space_after_colon(lines: list[str], upto: int) -> tuple[int, str] | None:
    """The first line up to `upto` whose field name is glued to its value, if any."""
    for index in range(0, upto + 1):
        match = _GLUED.match(lines[index])
        if match and not lines[index].lstrip().startswith("#"):
            return index, match.group(1)
    return None


def _previous_filled(lines: list[str], line: int) -> int | None:
    for index in range(line - 1, -1, -1):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return index
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))
