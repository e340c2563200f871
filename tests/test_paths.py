"""No slug, photo, audio or site name can reach outside the content tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import pipeline
from generator.paths import child_file, inside, is_slug
from generator.problems import ContentError

RELIC = Path("relics/mau/van-mieu-mau")


def problems_of(root: Path, sites=None) -> list[str]:
    with pytest.raises(ContentError) as info:
        pipeline.check(root, sites)
    return [p.render(lambda m: m) for p in info.value.problems]


def set_field(path: Path, field: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [f"{field}: {value}" if line.startswith(f"{field}:") else line for line in lines]
    if not any(line.startswith(f"{field}:") for line in lines):
        lines.insert(1, f"{field}: {value}")
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["den-chu", "van-mieu-2", "a", "abc123", "dinh-lang-dong-xa-thanh-hoa"]
)
def test_slugs_accepted(name):
    assert is_slug(name)


@pytest.mark.parametrize(
    "name",
    ["..", ".", "../x", "a/b", "a\\b", "/etc", "Den-Chu", "đền", "a--b", "-a", "a-", "", "a" * 81],
)
def test_slugs_refused(name):
    assert not is_slug(name)


@pytest.mark.parametrize(
    "name", ["../x.jpg", "../../etc/passwd", "/etc/passwd", "a/../../x.jpg", "a\\..\\x.jpg", ""]
)
def test_child_file_refuses_names_that_leave_the_folder(tmp_path, name):
    assert child_file(tmp_path, name) is None


def test_child_file_refuses_a_link_out_and_accepts_a_plain_file(tmp_path):
    folder = tmp_path / "entry"
    folder.mkdir()
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"x")
    (folder / "link.jpg").symlink_to(secret)
    (folder / "anh.jpg").write_bytes(b"x")
    assert child_file(folder, "link.jpg") is None
    assert child_file(folder, "anh.jpg") == folder / "anh.jpg"
    assert child_file(folder, "a\x00.jpg") is None


def test_inside_follows_links(tmp_path):
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "out").symlink_to(tmp_path)
    assert inside(tmp_path / "root" / "x", tmp_path / "root")
    assert not inside(tmp_path / "root" / "out" / "x", tmp_path / "root")


@pytest.mark.parametrize(
    "value", ["../dinh-lang-dong/anh-bia.jpg", "/etc/hosts.jpg", "../../x.jpg"]
)
def test_cover_outside_the_entry_is_refused(project, value):
    set_field(project / RELIC / "index.vi.md", "cover", value)
    messages = problems_of(project)
    assert any("must be inside this entry's folder" in m and "index.vi.md:" in m for m in messages)


def test_cover_linked_out_of_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "outside.jpg"
    (project / RELIC / "anh-bia.jpg").rename(outside)
    (project / RELIC / "anh-bia.jpg").symlink_to(outside)
    messages = problems_of(project)
    assert any("anh-bia.jpg" in m and "inside this entry's folder" in m for m in messages)


def test_audio_linked_out_is_refused(project, tmp_path):
    outside = tmp_path / "secret.mp3"
    outside.write_bytes(b"ID3")
    (project / RELIC / "thuyet-minh.mp3").symlink_to(outside)
    set_field(project / RELIC / "index.vi.md", "audio", "thuyet-minh.mp3")
    messages = problems_of(project)
    assert any("thuyet-minh.mp3" in m and "inside this entry's folder" in m for m in messages)


def test_entry_folder_linked_out_is_refused(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (project / RELIC).rename(elsewhere)
    (project / RELIC).symlink_to(elsewhere, target_is_directory=True)
    messages = problems_of(project)
    assert any("link to a place outside the project" in m for m in messages)


def test_section_folder_linked_out_is_refused(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (project / "relics" / "mau").rename(elsewhere)
    (project / "relics" / "mau").symlink_to(elsewhere, target_is_directory=True)
    messages = problems_of(project)
    assert sum("link to a place outside the project" in m for m in messages) == 2


def test_markdown_file_linked_out_is_refused(project, tmp_path):
    outside = tmp_path / "index.en.md"
    (project / RELIC / "index.en.md").rename(outside)
    (project / RELIC / "index.en.md").symlink_to(outside)
    messages = problems_of(project)
    assert any("index.en.md" in m and "link to a place outside" in m for m in messages)


@pytest.mark.parametrize("name", ["site.yml", "codes.yml"])
def test_site_files_linked_out_are_refused_and_never_written(project, tmp_path, name):
    target = tmp_path / f"outside-{name}"
    site = project / "sites" / "mau"
    if (site / name).exists():
        (site / name).rename(target)
    else:
        target.write_text("codes: {}\n", encoding="utf-8")
    before = target.read_bytes()
    (site / name).symlink_to(target)
    with pytest.raises(ContentError) as info:
        pipeline.build(project)
    assert any("link to a place outside" in p.message for p in info.value.problems)
    assert target.read_bytes() == before


@pytest.mark.parametrize("name", ["../mau", "..", "/etc", "mau/../mau"])
def test_site_name_on_the_command_line_cannot_leave_sites(project, name):
    messages = problems_of(project, [name])
    assert any("there is no site" in m for m in messages)
    assert not (project / "build").exists()


def test_body_link_out_of_the_project_is_refused(project):
    page = project / RELIC / "index.vi.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n[x](../../../../../etc/passwd)\n", "utf-8"
    )
    messages = problems_of(project)
    assert any("points to nothing" in m for m in messages)


@pytest.mark.slow
def test_raw_html_cannot_ship_a_file_from_outside(project, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"TOP-SECRET-BYTES")
    (project / RELIC / "lo.jpg").symlink_to(secret)
    page = project / RELIC / "index.vi.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + '\n<img src="lo.jpg"> <img src="../../../../secret.jpg"> <a href="lo.jpg">a</a>\n',
        "utf-8",
    )
    pipeline.build(project)
    for folder, _dirs, files in os.walk(project / "build" / "mau"):
        for name in files:
            assert b"TOP-SECRET-BYTES" not in (Path(folder) / name).read_bytes()
