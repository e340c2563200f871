"""The search index is folded in Python at build time, the query in JavaScript on the
phone: a word folded differently on either side is never found, so the two must agree.

The JavaScript `fold` is taken from the script the built site ships and run in
Chromium; the Python one is the build's own.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from generator.site.search import fold as py_fold

pytestmark = pytest.mark.browser

# Words with their folding written out by hand (what a reader types without accents).
EXPECTED = {
    "đ": "d",
    "Đ": "d",
    "Văn Miếu": "van mieu",
    "VĂN MIẾU": "van mieu",
    "ĐỀN": "den",
    "Hồ Chí Minh": "ho chi minh",
    "Ứng dụng": "ung dung",
    "ỷ": "y",
    "Phường Thừa Thiên Huế": "phuong thua thien hue",
    "ĐƯỜNG Nguyễn Hữu Thọ": "duong nguyen huu tho",
    "  Văn\u00a0 miếu\t": "van mieu",  # stray, tab and no-break spaces from a phone keyboard
    unicodedata.normalize("NFD", "Nguyễn"): "nguyen",
    unicodedata.normalize("NFD", "VĂN MIẾU"): "van mieu",
    unicodedata.normalize("NFD", "Đình làng Đông"): "dinh lang dong",
}

# Every Vietnamese vowel and the plain letter it folds to; each takes five tone marks.
VOWELS = {"a": "a", "ă": "a", "â": "a", "e": "e", "ê": "e", "i": "i", "o": "o", "ô": "o"}
VOWELS |= {"ơ": "o", "u": "u", "ư": "u", "y": "y"}
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng


def _letters() -> dict[str, str]:
    """Each toned vowel, lower and upper case, as one precomposed letter and as NFD."""
    out = {}
    for vowel, plain in VOWELS.items():
        for tone in TONES:
            for letter in (vowel, vowel.upper()):
                composed = unicodedata.normalize("NFC", letter + tone)
                assert len(composed) == 1, repr(composed)  # Unicode has them all precomposed
                out[composed] = plain
                out[unicodedata.normalize("NFD", composed)] = plain
    return out


def _js_fold_source(script: str) -> str:
    """The `fold` function's text, cut from the shipped script up to the next function
    at its indentation (its body holds braces in regular expressions: no brace counting)."""
    start = script.index("  function fold(")
    return script[start : script.index("\n  function ", start + 1)]


@pytest.fixture(scope="module")
def js_fold(browser, built_project: Path):
    """Folds a list of strings with the shipped script's own `fold`, in Chromium."""
    script = (built_project / "build" / "mau" / "site" / "assets" / "qs-search.js").read_text(
        encoding="utf-8"
    )
    source = _js_fold_source(script)
    page = browser.new_page()

    def run(strings: list[str]) -> list[str]:
        return page.evaluate(
            "([src, xs]) => { const fold = new Function(src + '; return fold;')();"
            " return xs.map(fold); }",
            [source, strings],
        )

    yield run
    page.close()


def test_the_javascript_is_given_the_strings_unchanged(browser):
    """NFD input must reach JavaScript as NFD, or the NFD cases test nothing."""
    page = browser.new_page()
    try:
        nfd = unicodedata.normalize("NFD", "Nguyễn")
        assert len(nfd) == 8
        assert page.evaluate("s => [s.length, s === s.normalize('NFC')]", nfd) == [8, False]
    finally:
        page.close()


def test_python_and_javascript_fold_words_as_a_reader_would(js_fold):
    words = list(EXPECTED)
    assert [py_fold(w) for w in words] == list(EXPECTED.values())
    assert js_fold(words) == list(EXPECTED.values())


def test_every_toned_vowel_folds_to_its_plain_letter_on_both_sides(js_fold):
    letters = _letters()
    assert sum(len(s) == 1 for s in letters) == 12 * 6 * 2  # vowels × tones × cases
    strings = list(letters)
    expected = [letters[s] for s in strings]
    assert [py_fold(s) for s in strings] == expected
    assert js_fold(strings) == expected


def test_titles_with_dashes_fold_the_same_on_both_sides(js_fold):
    """Titles and summaries of the sample sites carry en and em dashes; a reader who
    pastes such a title into the search box must find its entry."""
    strings = [
        "Đền – Đình Sượt",
        "Cài đặt và đăng nhập ứng dụng VssID – Bảo hiểm xã hội số",
        "khu dân cư 11 — tuyến phố không dùng tiền mặt",
        "(1472–1520)",
    ]
    assert js_fold(strings) == [py_fold(s) for s in strings]


# ------------------------------------------------------- the search page itself


def _search(page, base: str, query: str) -> list[str]:
    """Type `query` into the built site's search page; the titles it lists."""
    page.goto(base + "search/")
    page.fill("#qs-q", query)
    assert page.input_value("#qs-q") == query  # typed as given, NFD included
    page.wait_for_function(
        "document.querySelectorAll('#qs-results a').length > 0"
        " || document.getElementById('qs-status').textContent !== ''",
        timeout=5000,
    )
    return page.locator("#qs-results a").all_inner_texts()


@pytest.mark.parametrize(
    "query",
    [
        "VĂN MIẾU",
        "Văn Miếu",
        unicodedata.normalize("NFD", "văn miếu"),
        unicodedata.normalize("NFD", "VĂN MIẾU MẪU"),
    ],
    ids=["upper", "accented", "nfd", "nfd-upper"],
)
def test_the_search_page_finds_an_entry_however_the_query_is_typed(phone, site_server, query):
    assert _search(phone, site_server, query) == ["Văn miếu Mẫu"]


def test_the_search_page_finds_a_title_with_d_typed_in_nfd_upper_case(phone, site_server):
    query = unicodedata.normalize("NFD", "ĐÌNH LÀNG ĐÔNG")
    assert re.search("[\u0300-\u036f]", query)  # the tone marks are separate characters
    assert _search(phone, site_server, query) == ["Đình Làng Đông"]
