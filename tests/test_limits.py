"""The README's limits (Safety: "2 MB per Markdown file, 200-character titles, 100 stops
per street"), each tested exactly at the limit and one past it, through the real check.

The numbers are written here from the README, not imported from the code, so a change
of either side shows. "2 MB" is decimal, 2,000,000 bytes (not 2 MiB, 2,097,152): the
code refuses a file above 2,000,000 bytes and states its size as bytes / 1,000,000.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator import pipeline
from generator.problems import ContentError

MAX_FILE_BYTES = 2_000_000  # README: "2 MB per Markdown file"
MAX_TITLE_CHARACTERS = 200  # README: "200-character titles"
MAX_STOPS = 100  # README: "100 stops per street"

RELIC = Path("relics/mau/van-mieu-mau")
VI = RELIC / "index.vi.md"
EN = RELIC / "index.en.md"
STREET = Path("streets/mau/pho-mau")
PARAGRAPH = "Văn miếu được dựng từ thời Lê, thờ Khổng Tử và các bậc hiền tài của vùng đất này.\n\n"


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        pipeline.check(root)
    return [p.render(lambda m: m) for p in info.value.problems]


def relic_entry(root: Path):
    checked = pipeline.check(root)
    return next(e for e in checked.project.entries["mau"] if e.slug == "van-mieu-mau")


# --- 2 MB per Markdown file --------------------------------------------------------------


def grow_to(path: Path, size: int) -> None:
    """The file as it is, plus Vietnamese paragraphs and ASCII padding: exactly `size` bytes."""
    data = path.read_bytes() + b"\n"
    paragraph = PARAGRAPH.encode("utf-8")
    data += paragraph * ((size - len(data) - 100) // len(paragraph))
    data += b"x" * (size - len(data) - 1) + b"\n"
    path.write_bytes(data)
    assert path.stat().st_size == size


@pytest.mark.parametrize("rel", [VI, EN])
def test_a_markdown_file_of_exactly_2_mb_passes(project, rel):
    """A long chronicle of a relic may use the whole allowance, in either language."""
    grow_to(project / rel, MAX_FILE_BYTES)
    relic = relic_entry(project)
    translation = relic.vi if rel == VI else relic.en
    assert translation.body.endswith("x" * 50 + "\n")  # loaded whole, not cut short
    assert len(translation.body.encode("utf-8")) > MAX_FILE_BYTES - 1000


@pytest.mark.parametrize("rel", [VI, EN])
def test_a_markdown_file_one_byte_over_2_mb_is_refused_by_name(project, rel):
    """The author must learn which file to split; the whole file is at fault, so no line."""
    grow_to(project / rel, MAX_FILE_BYTES + 1)
    messages = problems_of(project)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{rel}: the file is "), messages  # the file, no line
    assert "is 2000001 bytes, more than the 2000000 a page may have" in messages[0]


# --- 200-character titles ----------------------------------------------------------------


def title_of(count: int) -> str:
    """A Vietnamese title of `count` characters, each one precomposed code point."""
    words = "Đền thờ Trần Hưng Đạo ở phường Mẫu, nơi hội tụ khí thiêng sông núi "
    title = (words * (count // len(words) + 1))[: count - 1] + "ộ"  # never ends in a space
    assert len(title) == count and title == unicodedata.normalize("NFC", title)
    assert len(title.encode("utf-8")) > count + count // 4  # many two- and three-byte letters
    return title


def set_title(root: Path, rel: Path, title: str) -> None:
    path = root / rel
    lines = path.read_text("utf-8").split("\n")
    assert lines[1].startswith("title: ")
    lines[1] = f'title: "{title}"'
    path.write_bytes("\n".join(lines).encode("utf-8"))


@pytest.mark.parametrize("rel", [VI, EN])
def test_a_title_of_exactly_200_characters_passes(project, rel):
    """Characters, not UTF-8 bytes: this title is far over 200 bytes."""
    title = title_of(MAX_TITLE_CHARACTERS)
    set_title(project, rel, title)
    relic = relic_entry(project)
    assert (relic.vi if rel == VI else relic.en).fields["title"] == title


@pytest.mark.parametrize("rel", [VI, EN])
def test_a_title_of_201_characters_is_refused_at_its_line(project, rel):
    """A sign has room for so much; the message gives the count and the limit."""
    set_title(project, rel, title_of(MAX_TITLE_CHARACTERS + 1))
    messages = problems_of(project)
    expected = (
        f"{rel}:2: the title has {MAX_TITLE_CHARACTERS + 1} characters: "
        f"shorten it to {MAX_TITLE_CHARACTERS} or fewer so it fits on a sign"
    )
    assert messages == [expected], messages


def test_a_title_typed_with_combining_accents_counts_its_letters_not_code_points(project):
    """Some Vietnamese keyboards type a letter and its marks as separate code points."""
    decomposed = unicodedata.normalize("NFD", title_of(MAX_TITLE_CHARACTERS))
    assert len(decomposed) > MAX_TITLE_CHARACTERS + 50
    set_title(project, VI, decomposed)
    assert relic_entry(project).vi.fields["title"] == title_of(MAX_TITLE_CHARACTERS)
    set_title(project, VI, unicodedata.normalize("NFD", title_of(MAX_TITLE_CHARACTERS + 1)))
    assert [m for m in problems_of(project) if "characters" in m] == [
        f"{VI}:2: the title has {MAX_TITLE_CHARACTERS + 1} characters: "
        f"shorten it to {MAX_TITLE_CHARACTERS} or fewer so it fits on a sign"
    ]


# --- 100 stops per street ----------------------------------------------------------------


def write_stops(root: Path, vi_count: int, en_count: int) -> None:
    vi_stops = "".join(
        f"  - number: {i}\n    place: Biển số {i} trước nhà văn hoá\n    guide: kich-hoat-vneid\n"
        for i in range(1, vi_count + 1)
    )
    (root / STREET / "index.vi.md").write_text(
        "---\ntitle: Phố dài\nsummary: Phố có nhiều biển.\nward: Phường Mẫu\nkind: digital\n"
        "stops:\n" + vi_stops + "---\nMột tuyến phố dài.\n",
        "utf-8",
    )
    en_stops = "".join(
        f"  - number: {i}\n    place: Board {i} by the culture house\n"
        for i in range(1, en_count + 1)
    )
    (root / STREET / "index.en.md").write_text(
        "---\ntitle: A long street\nsummary: A street with many boards.\nward: Sample Ward\n"
        "stops:\n" + en_stops + "---\nA long street.\n",
        "utf-8",
    )


def test_a_street_of_exactly_100_stops_passes(project):
    """A street may print its full 100 boards; the English file may translate them all."""
    write_stops(project, MAX_STOPS, MAX_STOPS)
    checked = pipeline.check(project)
    street = next(e for e in checked.project.entries["mau"] if e.slug == "pho-mau")
    assert [stop["number"] for stop in street.vi.fields["stops"]] == list(range(1, 101))
    assert len(street.en.fields["stops"]) == MAX_STOPS


@pytest.mark.parametrize(
    ("vi_count", "en_count", "rel", "line"),
    [
        (MAX_STOPS + 1, MAX_STOPS, STREET / "index.vi.md", 6),
        (MAX_STOPS, MAX_STOPS + 1, STREET / "index.en.md", 5),
    ],
)
def test_a_street_of_101_stops_is_refused_at_its_stops(project, vi_count, en_count, rel, line):
    """Refused at the 'stops:' line of whichever file has too many."""
    write_stops(project, vi_count, en_count)
    messages = problems_of(project)
    expected = (
        f"{rel}:{line}: the street has {MAX_STOPS + 1} stops: a street carries at most "
        f"{MAX_STOPS} boards; split it into several streets"
    )
    assert messages == [expected], messages  # one message, not one per stop


# --- the command line --------------------------------------------------------------------


def qrsite_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8"},
        timeout=300,
    )


def test_qrsite_check_passes_every_limit_reached_and_names_each_one_passed(project):
    """What an author sees: nothing at the limits, one line per file just past them."""
    original = (project / VI).read_bytes()
    grow_to(project / VI, MAX_FILE_BYTES)
    set_title(project, EN, title_of(MAX_TITLE_CHARACTERS))
    write_stops(project, MAX_STOPS, MAX_STOPS)
    done = qrsite_check(project)
    assert done.returncode == 0, done.stderr
    assert "No problems found." in done.stdout
    assert done.stderr == ""

    (project / VI).write_bytes(original)
    grow_to(project / VI, MAX_FILE_BYTES + 1)
    set_title(project, EN, title_of(MAX_TITLE_CHARACTERS + 1))
    write_stops(project, MAX_STOPS + 1, MAX_STOPS)
    done = qrsite_check(project)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 4, lines
    assert lines[0] == (
        f"{EN}:2: the title has 201 characters: shorten it to 200 or fewer so it fits on a sign"
    )
    assert lines[1] == (
        f"{VI}: the file is 2000001 bytes, more than the 2000000 a page may have: "
        "split it into several entries"
    ), lines
    assert lines[2] == (
        f"{STREET}/index.vi.md:6: the street has 101 stops: a street carries at most 100 "
        "boards; split it into several streets"
    )
    assert lines[3] == "3 problems found."
