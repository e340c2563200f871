"""The caches keep what some site still uses, and let go of the rest."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

from generator import kept_json, pipeline
from generator.sweep import record, sweep


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def make(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)


def dead_pid() -> int:
    gone = subprocess.Popen(["true"])
    gone.wait()
    return gone.pid


def test_sweep_deletes_only_what_no_site_uses(tmp_path: Path):
    other = subprocess.Popen(["sleep", "30"])
    writing, killed = f"cc/new.pdf.{other.pid}.tmp", f"cc/old.pdf.{dead_pid()}.tmp"
    make(tmp_path, "aa/one.pdf", "bb/two.pdf", "cc/old.pdf", writing, killed, "images/logo")
    record(tmp_path, "a", [tmp_path / "aa/one.pdf"])
    record(tmp_path, "b", [tmp_path / "bb/two.pdf"])
    try:
        assert sweep(tmp_path, ["a", "b"], spare=("images",)) == 2
    finally:
        other.kill()
        other.wait()
    assert files(tmp_path) - {"in-use/a.txt", "in-use/b.txt"} == {
        "aa/one.pdf",
        "bb/two.pdf",
        writing,  # a running build's file; the killed build's one is gone
        "images/logo",
    }


def test_nothing_goes_while_a_site_has_no_list_yet(tmp_path: Path):
    make(tmp_path, "aa/one.pdf", "cc/old.pdf")
    record(tmp_path, "a", [tmp_path / "aa/one.pdf"])
    assert sweep(tmp_path, ["a", "not-built-yet"]) == 0
    assert "cc/old.pdf" in files(tmp_path)
    record(tmp_path, "gone", [tmp_path / "cc/old.pdf"])
    assert sweep(tmp_path, ["a"]) == 1  # a site no longer in the project keeps nothing
    assert files(tmp_path) == {"aa/one.pdf", "in-use/a.txt"}


def test_a_changed_sign_and_photo_leave_no_old_copy_behind(project: Path):
    pipeline.build(project)
    cache = project / "build" / ".cache"
    signs_before, photos_before = files(cache / "signs"), files(cache / "photos")
    relic = project / "relics/mau/van-mieu-mau"
    page = relic / "index.vi.md"
    page.write_text(page.read_text("utf-8").replace("Văn miếu Mẫu", "Văn miếu Mới"), "utf-8")
    Image.new("RGB", (800, 600), (200, 30, 30)).save(relic / "anh-bia.jpg", "JPEG")
    pipeline.build(project)
    signs_after, photos_after = files(cache / "signs"), files(cache / "photos")
    assert signs_after != signs_before
    gone, new = signs_before - signs_after, signs_after - signs_before
    entries = {Path(n).stem for n in gone if "/" in n and not n.startswith("in-use/")}
    assert len(entries) == 1  # the old plaque, every file of it, and nothing else
    assert {Path(n).suffix for n in gone if Path(n).stem in entries} == {
        ".pdf",
        ".png",
        ".json",
        ".ops",
    }
    assert sum(n.startswith("all-") for n in gone) == 1  # and the old print-shop book
    assert len([n for n in new if "/" in n and not n.startswith("in-use/")]) == 4
    assert photos_before - photos_after  # the sizes of the photo no page shows any more
    built = project / "build/mau/signs"
    for pdf in built.glob("*.pdf"):  # the output holds links, not paths: all still there
        assert pdf.stat().st_size > 0


def test_no_sweep_while_another_build_is_running(project: Path):
    pipeline.build(project)
    cache = project / "build" / ".cache" / "signs"
    stray = cache / "zz" / ("z" * 64 + ".pdf")  # what the other build may be drawing
    make(cache, stray.relative_to(cache).as_posix())
    other = subprocess.Popen(["sleep", "30"])
    try:
        (project / "build" / f".staging-khac-{other.pid}").mkdir()
        pipeline.build(project)
        assert stray.exists()
    finally:
        other.kill()
        other.wait()
    pipeline.build(project)  # that build is over: its leftovers go, and so does the file
    assert not stray.exists()


def test_the_photo_facts_of_a_site_taken_out_go_too(project: Path, monkeypatch):
    monkeypatch.setattr(kept_json, "FRESH_NS", 0)  # the fixture's photos count as old
    pipeline.build(project)
    facts = project / "build" / ".cache" / "photo-facts"
    assert (facts / "mau.json").is_file()
    make(facts, "da-bo.json")  # a site no longer in the project
    pipeline.build(project)
    assert sorted(p.name for p in facts.iterdir()) == ["mau.json"]
