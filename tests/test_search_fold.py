"""The build folds words by a regular expression; what it must keep is defined by the
Unicode categories (letters and digits), as the search script on the phone keeps them."""

from __future__ import annotations

import sys
import unicodedata

from generator.site import search


def by_category(text: str) -> str:
    """The folding written with Unicode's categories, character by character."""
    text = search._MARKS.sub("", unicodedata.normalize("NFD", text))
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    kept = "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in text)
    return " ".join(kept.split())


def test_what_separates_words_is_every_character_but_letters_and_digits():
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        separates = unicodedata.category(char)[0] not in "LN"
        assert bool(search._NOT_WORD.fullmatch(char)) == separates, hex(point)


def test_folding_agrees_with_the_categories():
    texts = [
        "Văn Miếu – Quốc Tử Giám (1070)",
        "snake_case, dấu_gạch và ½ ⅓ ² ٣ 〇",
        "İstanbul ǅ ǈ ﬁ ß ΣΑΣ",
        "tab\tno-break\u00a0zero-width\u200bjoin\u200d",
        "emoji 🙂 and math 𝔸𝟘",
    ]
    for text in texts:
        assert search.fold(text) == by_category(text), text
