"""Small readers of YAML shapes shared by every file's checks: unknown keys with a
"did you mean", lists of one type, and the line a key was written on."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

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


def unknown_keys(path, data: LineDict, known, problems) -> dict[str, str]:
    """Report each unknown key; returns {meant field: key as written} for the misspelt."""
    meant: dict[str, str] = {}
    if not isinstance(data, LineDict):
        return meant
    for key in data:
        if key not in known:
            guess = unknown_field(path, data.lines.get(key, data.line), key, list(known), problems)
            if guess:
                meant.setdefault(guess, key)
    return meant


def is_list_of(value, types) -> bool:
    return isinstance(value, list) and all(isinstance(v, types) for v in value)


def line_of(data, key) -> int:
    if isinstance(data, LineDict):
        return data.lines.get(key, data.line)
    return 0


def field_line(path: Path, name: str) -> int:
    """The line `name:` is written on in `path` (0 when it cannot be found)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    for number, line in enumerate(lines, 1):
        if re.match(rf"^{re.escape(name)}\s*:", line):
            return number
    return 0


def item_line(path: Path, key: str, item: str) -> int:
    """The line naming `item` in the list `key:` of `path` (`key: [a, b]` or `- b` lines);
    the key's own line when the item cannot be found."""
    start = field_line(path, key)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return start
    if start and re.search(rf"[\[,\s]['\"]?{re.escape(item)}['\"]?\s*[,\]]", lines[start - 1]):
        return start
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and not text.startswith((" ", "-", "#")):
            break  # the next top-level field
        if re.match(rf"^\s*-\s*['\"]?{re.escape(item)}['\"]?\s*(#.*)?$", text):
            return number
    return start
