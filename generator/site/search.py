"""A small search index per language, fetched only when a reader opens search.

Each record keeps the title, the summary and the page path, plus the same text
folded (accents and 'đ' removed, lower case, punctuation and dashes as spaces), so
"van mieu" finds "Văn miếu" and "VĂN MIẾU" finds it too. The search page folds the
query with the same rule in JavaScript (theme/assets/qs-search.js): the two must agree
character for character, and a browser test holds them to it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

INDEX_NAME = "search.json"


_MARKS = re.compile("[\u0300-\u036f]")  # the combining accents NFD splits off


def fold(text: str) -> str:
    text = _MARKS.sub("", unicodedata.normalize("NFD", text))
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    kept = "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in text)
    return " ".join(kept.split())


def write_search_index(lang_root: Path, pages) -> Path:
    records = [
        {**page.search, "f": fold(page.search["t"] + " " + page.search["s"])}
        for page in pages
        if page.search
    ]
    path = lang_root / INDEX_NAME
    path.write_text(
        json.dumps(records, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return path
