"""Fields that are lists of records (a street's stops and shops, a guide's links): each
item's keys checked, each sub-field's value in its schema type."""

from __future__ import annotations

import re
from pathlib import Path

from ..frontmatter import LineDict
from ..problems import Problems
from .dates import is_partial_day
from .shapes import is_list_of, unknown_field


def check_records(path, line, name, value, keys, required, problems, only_in_vi=()):
    if not isinstance(value, list):
        problems.add(path, line, "'{field}' must be a list (lines starting with '- ')", field=name)
        return None
    records = []
    for item in value:
        if not isinstance(item, LineDict):
            problems.add(
                path,
                line,
                "each item of '{field}' needs lines like {keys}",
                field=name,
                keys=", ".join(f"'{k}: ...'" for k in keys),
            )
            continue
        record = {"_line": item.line}
        for key, val in item.items():
            key_line = item.lines.get(key, item.line)
            if key in only_in_vi:
                problems.add(
                    path,
                    key_line,
                    "'{field}' belongs in the Vietnamese file only "
                    "(index.vi.md): delete it here, the English page takes it from "
                    "there",
                    field=f"{name}.{key}",
                )
            elif key not in keys:
                unknown_field(path, key_line, key, list(keys), problems)
            else:
                checked = record_value(path, key_line, f"{name}.{key}", val, problems)
                if checked is not None:
                    record[key] = checked
        for key in required:
            if key not in item:
                problems.add(
                    path, item.line, "the item of '{field}' needs '{key}'", field=name, key=key
                )
        records.append(record)
    return records


# The type of each sub-field of a list field; "number" is checked by the stops themselves.
RECORD_TYPES = {
    "number": "number",
    "place": "text",
    "guide": "text",
    "name": "text",
    "address": "text",
    "pays": "text_list",
    "title": "text",
    "url": "web_address",
    "publisher": "text",
    "date": "partial_date",  # a source's: as precise as the source is
}


WEB_ADDRESS = re.compile(r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?([/?#]\S*)?$")


def record_value(path: Path, line: int, name: str, value, problems: Problems):
    """A sub-field's value in its schema type, or None after reporting it."""
    kind = RECORD_TYPES[name.rsplit(".", 1)[1]]
    if kind == "number":
        return value
    if kind == "text_list":
        if isinstance(value, str):  # `pays: VietQR` is one way to pay
            value = [value]
        if is_list_of(value, (str, int, float)) and value:
            return [str(v).strip() for v in value if str(v).strip()]
        problems.add(
            path, line, "'{field}' must be a list of texts (lines starting with '- ')", field=name
        )
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        problems.add(path, line, "'{field}' must be a text on one line", field=name)
        return None
    value = value.strip()
    if kind == "partial_date" and not is_partial_day(value):
        problems.add(
            path,
            line,
            "the date '{date}' of a source must be year-month-day, year-month or year, "
            "for example 2024-05-10, 2024-05 or 2024",
            date=value,
        )
        return None
    if kind == "web_address" and not WEB_ADDRESS.match(value):
        problems.add(
            path,
            line,
            "'{field}' must be a web address starting with https:// (or http://)",
            field=name,
        )
        return None
    return value
