"""A small search index per language, fetched only when a reader opens search.

Each record keeps the title, the summary and the page path, plus the same text
folded to plain ASCII (accents and 'đ' removed), so "van mieu" finds "Văn miếu".
"""

from __future__ import annotations

import json
from pathlib import Path

from unidecode import unidecode

INDEX_NAME = "search.json"


def fold(text: str) -> str:
    return " ".join(unidecode(text).lower().split())


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
