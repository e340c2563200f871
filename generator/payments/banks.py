"""The bundled list of NAPAS member banks that VietQR transfers can reach.

Where the list comes from, its date and every disagreement between the public
lists are in ``banks.SOURCE.md`` next to ``banks.csv``.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

BANKS_CSV = Path(__file__).with_name("banks.csv")
_COLUMNS = ("bin", "short_name", "name", "code")
_BIN = re.compile(r"\d{6}")


@dataclass(frozen=True)
class Bank:
    """One bank as VietQR knows it: the BIN goes into the payload, the short name onto the sign."""

    bin: str
    short_name: str
    name: str
    code: str


def _key(text: str) -> str:
    """Fold what a person may type ("MB Bank", "mb-bank", "MBBANK") to one lookup key."""
    return re.sub(r"[\s\-]+", "", text).casefold()


@functools.cache
def banks() -> tuple[Bank, ...]:
    """Read banks.csv once; a malformed row is a packaging bug, so fail loudly, not per shop."""
    with BANKS_CSV.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != _COLUMNS:
            raise ValueError(f"{BANKS_CSV.name}: columns must be {', '.join(_COLUMNS)}")
        rows = tuple(
            Bank(**{c: row[c].strip() for c in _COLUMNS}) for row in reader if any(row.values())
        )
    for line, bank in enumerate(rows, start=2):
        if not _BIN.fullmatch(bank.bin):
            raise ValueError(f"{BANKS_CSV.name}:{line}: BIN {bank.bin!r} is not 6 digits")
        if not (bank.short_name and bank.name and bank.code):
            raise ValueError(f"{BANKS_CSV.name}:{line}: short_name, name and code are required")
    return rows


@functools.cache
def _index() -> dict[str, Bank]:
    """Map every BIN, short name and code to its bank; refuse a key that means two banks."""
    index: dict[str, Bank] = {}
    for bank in banks():
        for key in {_key(bank.bin), _key(bank.short_name), _key(bank.code)}:
            other = index.setdefault(key, bank)
            if other != bank:
                raise ValueError(
                    f"{BANKS_CSV.name}: {key!r} names both {other.short_name} and {bank.short_name}"
                )
    return index


def find_bank(text: str) -> Bank | None:
    """Find a bank by 6-digit BIN, short name or code, ignoring case, spaces and hyphens.

    Returns None for an unknown bank so that ``check`` can report it with its file and line.
    """
    if not isinstance(text, str):
        return None
    key = _key(text)
    return _index().get(key) if key else None
