"""ASCII slugs from Vietnamese titles, by a real transliterator.

Naive accent stripping drops 'Đ' entirely ("Đà Nẵng" -> "a-nang"); Unidecode knows
it is a 'D'.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode


def slugify(title: str, max_length: int = 60) -> str:
    ascii_text = unidecode(unicodedata.normalize("NFC", title)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug
