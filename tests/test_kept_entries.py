"""What each entry folder gave a check is kept for the next one, and read again only
when a file in the folder changed (content/kept_entries.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixture_project import add_relics, photo

from generator import kept_json, pipeline
from generator.content import entries, kept_entries, load_project
from generator.problems import ContentError

RELIC = Path("relics") / "mau" / "van-mieu-mau"


@pytest.fixture
def read_folders(monkeypatch) -> list[str]:
    """The entry folders read from their files, as the check goes; the fixture's files
    count as saved long ago (a younger record is not kept)."""
    monkeypatch.setattr(kept_json, "FRESH_NS", 0)
    read: list[str] = []
    real = entries._load_alone
    monkeypatch.setattr(
        entries, "_load_alone", lambda task: read.append(task[0].name) or real(task)
    )
    return read


def _check(project: Path):
    return load_project(project, None, project / "build" / ".cache")


def test_a_second_check_reads_no_entry_again_and_finds_the_same(project: Path, read_folders):
    add_relics(project, 2)
    first, first_problems = _check(project)
    assert sorted(read_folders) == [
        "di-tich-0000",
        "di-tich-0001",
        "dinh-lang-dong",
        "pho-mau",
        "van-mieu-mau",
    ]
    read_folders.clear()
    again, again_problems = _check(project)
    assert read_folders == []
    assert again.entries == first.entries
    assert again_problems.items == first_problems.items
    assert again.entries == load_project(project)[0].entries  # as read without the cache


def test_a_changed_file_has_its_folder_read_again(project: Path, read_folders):
    _check(project)
    read_folders.clear()
    english = project / RELIC / "index.en.md"
    english.write_text(english.read_text("utf-8").replace("long ago", "in 1070"), "utf-8")
    project_now, _ = _check(project)
    assert read_folders == ["van-mieu-mau"]
    relic = next(e for e in project_now.entries["mau"] if e.slug == "van-mieu-mau")
    assert "in 1070" in relic.en.body


def test_a_damaged_cover_is_found_though_the_text_did_not_change(project: Path, read_folders):
    pipeline.check(project, cache=project / "build" / ".cache")
    (project / RELIC / "anh-bia.jpg").write_bytes(b"not a photo")
    with pytest.raises(ContentError) as caught:
        pipeline.check(project, cache=project / "build" / ".cache")
    assert any("anh-bia.jpg" in str(p.params) for p in caught.value.problems)
    photo(project / RELIC / "anh-bia.jpg")
    pipeline.check(project, cache=project / "build" / ".cache")  # mended: clean again


def test_a_problem_found_is_kept_with_its_folder(project: Path, read_folders):
    vi = project / RELIC / "index.vi.md"
    vi.write_text(vi.read_text("utf-8").replace("title:", "titel:"), "utf-8")
    _, problems = _check(project)
    read_folders.clear()
    _, again = _check(project)
    assert read_folders == []
    assert again.errors and again.items == problems.items


def test_young_records_and_other_recipes_are_not_trusted(project: Path, monkeypatch):
    monkeypatch.setattr(kept_json, "FRESH_NS", 60 * 1_000_000_000)  # all saved just now
    read: list[str] = []
    real = entries._load_alone
    monkeypatch.setattr(
        entries, "_load_alone", lambda task: read.append(task[0].name) or real(task)
    )
    _check(project)
    _check(project)
    assert read.count("van-mieu-mau") == 2
    monkeypatch.setattr(kept_json, "FRESH_NS", 0)
    _check(project)
    read.clear()
    kept_entries.recipe.cache_clear()
    monkeypatch.setattr(kept_entries, "recipe", lambda: "another reader")
    _check(project)
    assert "van-mieu-mau" in read


def _walked(folder: Path) -> tuple:
    """A folder's record as os.walk and os.stat describe it: what folder_record must
    give, by another road."""
    out = []
    for top, subfolders, names in os.walk(folder):
        subfolders.sort()
        for name in sorted(names):
            path = os.path.join(top, name)
            st = os.stat(path) if os.path.exists(path) else os.lstat(path)
            rel = os.path.relpath(path, folder)
            out.append(
                (rel, os.path.islink(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            )
    return tuple(out)


def test_a_folder_record_holds_every_file_as_os_walk_finds_it(tmp_path: Path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    for name, text in (("z.md", "z"), ("a.md", "aa"), ("b/c.txt", "c"), ("b/deeper/d", "d")):
        (tmp_path / name).write_text(text)
    (tmp_path / "a" / "anh.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "broken").symlink_to("nowhere")
    (tmp_path / "link.md").symlink_to("a.md")
    (tmp_path / "linked-folder").symlink_to("b")  # listed by os.walk, never entered
    record = kept_entries.folder_record(tmp_path)
    assert record == _walked(tmp_path)
    assert [file[0] for file in record] == [
        "a.md",
        "broken",
        "link.md",
        "z.md",
        "a/anh.jpg",
        "b/c.txt",
        "b/deeper/d",
    ]
    assert kept_entries.folder_record(tmp_path / "missing") == ()
