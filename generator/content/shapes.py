"""Small readers of YAML shapes shared by every file's checks: unknown keys with a
"did you mean", lists of one type, and the line a key was written on."""

from __future__ import annotations

import difflib

from ..frontmatter import LineDict


def unknown_field(path, line, name, known, problems):
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        problems.add(
            path,
            line,
            "unknown field '{field}': did you mean '{suggestion}'?",
            field=name,
            suggestion=close[0],
        )
        return close[0]
    else:
        problems.add(
            path,
            line,
            "unknown field '{field}': the fields are {known}",
            field=name,
            known=", ".join(known),
        )
    return None


def unknown_keys(path, data: LineDict, known, problems):
    if not isinstance(data, LineDict):
        return
    for key in data:
        if key not in known:
            unknown_field(path, data.lines.get(key, data.line), key, list(known), problems)


def is_list_of(value, types) -> bool:
    return isinstance(value, list) and all(isinstance(v, types) for v in value)


def line_of(data, key) -> int:
    if isinstance(data, LineDict):
        return data.lines.get(key, data.line)
    return 0
