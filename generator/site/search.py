"""The search index of one language: folded terms to entries, fetched only by the search page.

Every word of an entry's title, summary and body is folded (accents and 'đ' removed,
lower case, punctuation and dashes as spaces), so "van mieu" finds "Văn miếu" and
"VĂN MIẾU" finds it too. The search page folds the query with the same rule in
JavaScript (theme/assets/qs-search.js): the two must agree character for character,
and a browser test holds them to it.

A term's postings are the entries holding it, as gaps between entry numbers doubled,
plus one when the term is in the title or summary: [2, 5] is entry 1 (body) and entry
3 (title). `search.json` is a manifest; the terms and the entries' titles lie in
shards a query fetches as it needs them (search_shards.py says how they are cut and
what a query may cost).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import rjsmin

from . import search_shards
from .precompress import kept

INDEX_NAME = "search.json"
FORMAT = 2  # the shape the shipped script reads; 1 was a flat list of records


_MARKS = re.compile("[\u0300-\u036f]")  # the combining accents NFD splits off
# What is neither a letter nor a digit (Unicode categories L* and N*: exactly what \w
# holds less the underscore, checked over every code point by tests/test_search_fold.py).
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    text = _MARKS.sub("", unicodedata.normalize("NFD", text))
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    return " ".join(_NOT_WORD.sub(" ", text).split())


# Markdown that is not words a reader sees: link targets, bare addresses, HTML tags.
_NOT_WORDS = re.compile(r"\]\([^)]*\)|<[^>]*>|\bhttps?://\S+|\{[^}]*\}")
LONGEST_TERM = 32  # longer runs are codes or addresses nobody types


def body_terms(markdown: str) -> str:
    """The distinct folded words of an entry's Markdown body, space-separated, in order
    of first use: what its search record keeps of the body (a tenth of its size)."""
    words = fold(_NOT_WORDS.sub(" ", markdown)).split()
    return " ".join(dict.fromkeys(w for w in words if len(w) <= LONGEST_TERM))


def postings(records: list[dict]) -> dict[str, list[int]]:
    """Each folded term and the entries holding it (see the module's docstring)."""
    found: dict[str, dict[int, int]] = {}
    for number, record in enumerate(records):
        for term in fold(record["t"] + " " + record["s"]).split():
            if len(term) <= LONGEST_TERM:
                found.setdefault(term, {})[number] = 1
        for term in record.get("b", "").split():
            found.setdefault(term, {}).setdefault(number, 0)
    out = {}
    for term in sorted(found):
        last, gaps = 0, []
        for number in sorted(found[term]):
            gaps.append((number - last) * 2 + found[term][number])
            last = number
        out[term] = gaps
    return out


def write_search_index(lang_root: Path, pages, previous: Path | None = None) -> Path:
    """`search.json` under `lang_root` and the shards beside it; returns its path. A
    file the same as under `previous` (the last output's language root) is kept."""
    records = [page.search for page in pages if page.search]
    docs = [[r["t"], r["s"], r["u"]] for r in records]
    index, shards = search_shards.plan(docs, postings(records), FORMAT)
    folders: set[Path] = set()
    for name, data in {INDEX_NAME: index, **shards}.items():
        target = lang_root / name
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if kept(target, data, previous and previous / name):
            continue
        target.write_bytes(data)
        copy = search_shards.packed(data)  # at any size: see search_shards.py
        if copy:
            target.with_name(target.name + ".gz").write_bytes(copy)
    script = lang_root / "assets" / SCRIPT_NAME
    if script.is_file():
        script.write_text(minified(script.read_text("utf-8")), "utf-8")
    return lang_root / INDEX_NAME


def is_index_file(path: str, lang_roots: list[str]) -> bool:
    """A file write_search_index wrote under one of `lang_roots`, with its gzip copy."""
    return any(
        path == os.path.join(root, INDEX_NAME)
        or path.startswith(os.path.join(root, search_shards.FOLDER, ""))
        for root in lang_roots
    )


SCRIPT_NAME = "qs-search.js"
SCRIPT_SOURCE = Path(__file__).resolve().parent.parent / "theme" / "assets" / SCRIPT_NAME


@lru_cache(maxsize=1)
def script_version() -> str:
    """A short hash of the search script as shipped: the page asks for it with this in
    its address, so a browser or proxy holding an older script fetches the new one."""
    shipped = minified(SCRIPT_SOURCE.read_text("utf-8"))
    return hashlib.sha256(shipped.encode()).hexdigest()[:12]


# A function declared as a statement: each goes on a line of its own in the shipped
# script, so that what a browser's console points at, and what the folding test cuts
# out (`  function fold(` to the next), is found by eye and by text.
_DECLARED = re.compile(r"(?<=[;{}])\n?function (?=\w)")


def minified(script: str) -> str:
    """The search script as shipped: rjsmin drops its comments and the spaces around its
    punctuation (same input, same output), for the phone rather than whoever reads the
    theme: 1,808 bytes gzip became 1,137 (names stay as written: short in the source)."""
    return _DECLARED.sub("\n  function ", rjsmin.jsmin(script))
