"""Broken and hostile files get a clear message naming the file and line, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from generator import pipeline
from generator.frontmatter import MAX_BYTES, FrontMatterError, check_body
from generator.problems import ContentError
from generator.site.media import WIDTHS

RELIC = Path("relics/mau/van-mieu-mau")
STREET = Path("streets/mau/pho-mau")
VI = RELIC / "index.vi.md"


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        pipeline.check(root)
    return [p.render(lambda m: m) for p in info.value.problems]


def write(root: Path, rel: Path, data: str | bytes) -> None:
    path = root / rel
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def has(messages: list[str], where: str, text: str) -> bool:
    return any(m.startswith(where) and text in m for m in messages)


BILLION_LAUGHS = "---\ntitle: x\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(10)
)


@pytest.mark.parametrize(
    ("content", "where", "text"),
    [
        ("---\ntitle: [unclosed\n---\n", f"{VI}:2", "a '[' opened on this line is not closed"),
        ("---\ntitle: a\n  summary: b\n---\n", f"{VI}:3", "indented differently"),
        ("---\n- title\n- summary\n---\n", f"{VI}:2", "not a list or a single value"),
        ("---\njust a sentence\n---\n", f"{VI}:2", "not a list or a single value"),
        ("", f"{VI}:1", "the file is empty"),
        ("   \n\n", f"{VI}:1", "the file is empty"),
        ("title: no dashes\n", f"{VI}:1", "must start with a line '---'"),
        ("---\ntitle: never closed\n", f"{VI}:1", "the fields are not closed"),
        (b"---\ntitle: caf\xe9\n---\n", f"{VI}:2", "not UTF-8"),
        (b"\xff\xfe-\x00-\x00-\x00", f"{VI}:1", "not UTF-8"),
        ("---\ntitle: a\ntitle: b\n---\n", f"{VI}:3", "written twice (lines 2 and 3)"),
        (BILLION_LAUGHS + "---\n", f"{VI}:", "anchors and aliases"),
        ("---\ntitle: " + "[" * 10_000 + "]" * 10_000 + "\n---\n", f"{VI}:2", "nested more"),
        (
            "---\ntitle: !!python/object/apply:os.system [ls]\n---\n",
            f"{VI}:2",
            "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object",
        ),
        ("---\ntitle: x\n---\n" + "[" * 5000, f"{VI}:4", "'[' signs"),
        ("---\ntitle: x\n---\n\n" + "    " * 300 + "- a\n", f"{VI}:5", "indented 1200 spaces"),
        ("---\ntitle: x\n---\n\n" + ">" * 500 + " a\n", f"{VI}:5", "'>' signs"),
        ("---\ntitle: " + "Đ" * 500 + "\n---\n", f"{VI}:2", "the title has 500 characters"),
    ],
)
def test_broken_markdown_file_gets_a_clear_message(project, content, where, text):
    write(project, VI, content)
    messages = problems_of(project)
    assert has(messages, where, text), messages


@pytest.mark.parametrize(
    "line, refused",
    [
        ("    " * 20 + "- a", False),  # 80 columns: the most a list may nest
        ("    " * 20 + " - a", True),
        ("\t" * 20 + "- a", False),  # a tab is 4 columns
        ("\t" * 20 + " - a", True),
        ("  \t" * 20 + "- a", False),
        (">" * 50 + " a", False),
        (">" * 51 + " a", True),
        ("> " * 50 + "a", False),
        ("  " + "> " * 51 + "a", True),
    ],
)
def test_indents_and_quotes_are_refused_just_past_their_limits(line, refused):
    body = "Một đoạn.\n\n" + line + "\n"
    if refused:
        with pytest.raises(FrontMatterError) as info:
            check_body(body, 5)
        assert info.value.line == 7
    else:
        check_body(body, 5)


def test_five_megabyte_markdown_is_refused_by_size(project):
    body = ("Một đoạn văn dài về di tích. " * 40 + "\n\n") * 4_500
    write(project, VI, "---\ntitle: x\n---\n" + body)
    assert (project / VI).stat().st_size > 5_000_000 > MAX_BYTES
    messages = problems_of(project)
    assert has(messages, str(VI), "bytes, more than the 2000000 a page may have")


def test_control_characters_pasted_from_a_word_processor_are_dropped(project):
    text = (project / VI).read_text(encoding="utf-8")
    write(project, VI, text.replace("Văn miếu Mẫu", "Văn\x0b miếu\x00 Mẫu"))
    checked = pipeline.check(project)
    relic = next(e for e in checked.project.entries["mau"] if e.slug == "van-mieu-mau")
    assert relic.vi.fields["title"] == "Văn miếu Mẫu"


def test_bad_site_yml_gets_a_clear_message(project):
    write(project, Path("sites/mau/site.yml"), "- a list\n- not a site\n")
    assert has(problems_of(project), "sites/mau/site.yml:1", "'name: value' lines")
    write(project, Path("sites/mau/site.yml"), b"name: Ph\xc6\xb0\xe1ng\xff\n")
    assert has(problems_of(project), "sites/mau/site.yml:1", "not UTF-8")


def test_corrupt_image_gets_a_clear_message(project):
    write(project, RELIC / "anh-bia.jpg", b"\xff\xd8\xff\xe0 this is not really a JPEG")
    assert has(problems_of(project), f"{VI}:", "cannot be opened: it may be damaged")


@pytest.mark.slow
def test_a_png_renamed_to_jpg_still_builds(project):
    """Authors rename files; the photo is read by its content, and the page ships it as
    the formats its names say, with the photo's own colours."""
    Image.new("RGB", (800, 600), (10, 20, 30)).save(project / RELIC / "anh-bia.jpg", "PNG")
    pipeline.build(project)
    page = project / "build" / "mau" / "site" / "relics" / "van-mieu-mau" / "index.html"
    html = page.read_text("utf-8")
    assert "<h1>Văn miếu Mẫu" in html
    urls = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    photos = {u.split()[0] for url in urls for u in url.split(", ") if "/van-mieu-mau/" in u}
    assert {Path(u).suffix for u in photos} == {".jpg", ".webp"}, photos
    for url in sorted(photos):
        with Image.open(page.parent / url) as img:
            assert img.format == {".jpg": "JPEG", ".webp": "WEBP"}[Path(url).suffix], url
            red, green, blue = img.convert("RGB").getpixel((2, 2))
            assert abs(red - 10) + abs(green - 20) + abs(blue - 30) < 30, (url, red, green, blue)


def test_ten_thousand_stops_are_refused_with_the_limit(project):
    stops = "".join(
        f"  - number: {i}\n    place: Biển số {i}\n    guide: kich-hoat-vneid\n"
        for i in range(1, 10_001)
    )
    write(
        project,
        STREET / "index.vi.md",
        "---\ntitle: Phố dài\nsummary: s\nward: w\nkind: digital\nstops:\n" + stops + "---\n",
    )
    messages = problems_of(project)
    assert has(messages, f"{STREET}/index.vi.md:6", "10000 stops")
    assert len(messages) < 10  # one message, not one per stop


@pytest.mark.slow
def test_huge_photo_is_resized_and_never_shipped(project):
    big = project / RELIC / "anh-bia.jpg"
    Image.new("RGB", (12_000, 9_000), (120, 80, 40)).save(big, "JPEG", quality=60)
    report = pipeline.build(project)
    assert any(dict(w.params).get("width") == 12_000 for w in report.warnings)
    media = project / "build" / "mau" / "site" / "media"
    shipped = [p for p in media.rglob("*") if p.is_file() and "van-mieu-mau" in str(p)]
    assert shipped
    for path in shipped:
        assert path.stat().st_size < 300_000, path
        with Image.open(path) as img:
            assert max(img.size) <= max(WIDTHS)


def test_command_line_prints_messages_not_a_traceback(project):
    write(project, VI, b"---\ntitle: [\xff\n---\n")
    write(project, RELIC / "anh-bia.jpg", b"garbage")
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{VI}:2:" in done.stderr
    assert not (project / "build" / "mau").exists()


@pytest.mark.parametrize(
    "base_url", ['https://x.example.org/"><script>alert(1)</script>', "https://x.org/a b/"]
)
def test_a_base_url_that_could_leave_an_attribute_is_refused(project, base_url):
    """base_url goes into canonical, og:url and every printed code: quotes, angle
    brackets and spaces could break out of an attribute, so they never get that far."""
    site_yml = project / "sites" / "mau" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    site_yml.write_text(
        text.replace("base_url: https://mau.example.org/", f"base_url: '{base_url}'"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    assert any(
        p.path == "sites/mau/site.yml"
        and "must be a web address" in p.message
        and dict(p.params).get("field") == "base_url"
        for p in caught.value.problems
    )
