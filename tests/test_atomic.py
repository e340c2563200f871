"""A failed or interrupted build leaves the previous build/<site>/ exactly as it was."""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.staging import (
    StagingAhead,
    atomic_write_text,
    clean_leftovers,
    remove_empty_folders,
    staging_dir,
    swap,
)

RELIC = Path("relics/mau/van-mieu-mau")


# A build in a child process that says 'staged' once its new output is complete but not
# yet swapped in, then waits there to be killed or interrupted.
STAGED_THEN_WAIT = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from generator import pipeline\n"
    "real = pipeline.finish_for_phones\n"
    "def slow(*a, **k):\n"
    "    real(*a, **k)\n"
    "    print('staged', flush=True)\n"
    "    time.sleep(60)\n"
    "pipeline.finish_for_phones = slow\n"
)


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every file under `folder` with its bytes, inode and modification time."""
    out = {}
    for path in sorted(folder.rglob("*")):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[path.relative_to(folder).as_posix()] = (digest, stat.st_ino, stat.st_mtime_ns)
    return out


def leftovers(out_root: Path) -> list[str]:
    return sorted(p.name for p in out_root.iterdir() if p.name.startswith((".staging", ".old")))


@pytest.fixture
def built(project: Path) -> Path:
    pipeline.build(project)
    return project


def change_title(root: Path) -> None:
    page = root / RELIC / "index.vi.md"
    page.write_text(page.read_text("utf-8").replace("Văn miếu Mẫu", "Văn miếu Mới"), "utf-8")


class Boom(Exception):
    pass


@pytest.mark.slow
@pytest.mark.parametrize(
    ("step", "error"),
    [
        ("build_site", KeyboardInterrupt),
        ("landings", Boom),
        ("render_signs", KeyboardInterrupt),
        ("finish_for_phones", MemoryError),
    ],
)
def test_interrupted_build_keeps_previous_output(built, monkeypatch, step, error):
    before = snapshot(built / "build" / "mau")
    codes_before = (built / "sites/mau/codes.yml").read_bytes()
    change_title(built)
    new = built / "relics/mau/chua-moi"
    new.mkdir()
    shutil.copyfile(built / RELIC / "anh-bia.jpg", new / "anh-bia.jpg")
    (new / "index.vi.md").write_text(
        "---\ntitle: Chùa Mới\nsummary: s\naddress: x\ncover: anh-bia.jpg\n---\nx\n", "utf-8"
    )

    def fail(*args, **kwargs):
        raise error()

    monkeypatch.setattr(pipeline, step, fail)
    with pytest.raises(error):
        pipeline.build(built)
    assert gc.get_freeze_count() == 0  # what the build froze is the collector's again
    assert snapshot(built / "build" / "mau") == before
    assert leftovers(built / "build") == []
    # the new relic's code is not saved: nothing printed it yet
    assert (built / "sites/mau/codes.yml").read_bytes() == codes_before


@pytest.mark.slow
def test_mkdocs_failure_keeps_previous_output(built):
    before = snapshot(built / "build" / "mau")
    base = built / "mkdocs.yml"
    base.write_text(base.read_text("utf-8") + "\nnav_but_wrong: [\n", "utf-8")
    with pytest.raises(Exception):  # noqa: B017 - any failure will do; the output is the test
        pipeline.build(built)
    assert snapshot(built / "build" / "mau") == before
    assert leftovers(built / "build") == []


@pytest.mark.slow
def test_killed_build_leaves_output_and_next_build_tidies(built):
    before = snapshot(built / "build" / "mau")
    change_title(built)
    out = built / "build"
    code = STAGED_THEN_WAIT + "pipeline.build(Path(sys.argv[1]))\n"
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(built)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "staged"
        assert any(name.startswith(".staging-mau-") for name in leftovers(out))
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    assert snapshot(out / "mau") == before
    assert any(name.startswith(".staging-mau-") for name in leftovers(out))
    pipeline.build(built)
    assert leftovers(out) == []
    assert "Văn miếu Mới" in (out / "mau/site/relics/van-mieu-mau/index.html").read_text("utf-8")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_output_caught_between_two_renames_is_put_back(tmp_path):
    pid = _dead_pid()
    old = tmp_path / f".old-mau-{pid}"
    (old / "site").mkdir(parents=True)
    (old / "site" / "index.html").write_text("previous", "utf-8")
    (tmp_path / f".staging-mau-{pid}").mkdir()
    clean_leftovers(tmp_path)
    assert (tmp_path / "mau/site/index.html").read_text("utf-8") == "previous"
    assert leftovers(tmp_path) == []


def test_folders_of_a_build_still_running_are_left_alone(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = tmp_path / f".staging-mau-{sleeper.pid}"
        running.mkdir()
        clean_leftovers(tmp_path)
        assert running.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_swap_replaces_whole_folders(tmp_path):
    final, new = tmp_path / "mau", tmp_path / "new"
    (final / "gone").mkdir(parents=True)
    (new / "site").mkdir(parents=True)
    (new / "site" / "x").write_text("new", "utf-8")
    swap(new, final)
    assert (final / "site" / "x").read_text("utf-8") == "new"
    assert not (final / "gone").exists() and not new.exists()
    assert sorted(os.listdir(tmp_path)) == ["mau"]
    other = tmp_path / "first"
    other.mkdir()
    swap(other, tmp_path / "fresh")  # nothing there yet
    assert (tmp_path / "fresh").is_dir()


def test_atomic_write_never_leaves_a_half_file(tmp_path):
    path = tmp_path / "codes.yml"
    atomic_write_text(path, "codes:\n  A: 1\n")
    atomic_write_text(path, "codes:\n  B: 2\n")
    assert path.read_text("utf-8") == "codes:\n  B: 2\n"
    assert os.listdir(tmp_path) == ["codes.yml"]


def test_next_build_tidies_a_dead_builds_folder_and_swaps_in_new_output(built):
    """A killed build's staging folder must not pile up, nor stop the next build."""
    stale = built / "build" / f".staging-mau-{_dead_pid()}"
    (stale / "site").mkdir(parents=True)
    output = built / "build" / "mau"
    page = output / "site" / "index.html"
    before = (output.stat().st_ino, page.stat().st_ino, page.stat().st_mtime_ns)
    pipeline.build(built)
    assert not stale.exists()
    assert leftovers(built / "build") == []
    # a new folder swapped in (made while the old one still existed: another inode),
    # holding the unchanged page as the previous output's file, linked, not written
    after = (output.stat().st_ino, page.stat().st_ino, page.stat().st_mtime_ns)
    assert after[0] != before[0] and after[1:] == before[1:], (before, after)


@pytest.mark.slow
def test_ctrl_c_on_the_command_line_keeps_output_and_says_so(built):
    before = snapshot(built / "build" / "mau")
    change_title(built)
    cli = "from generator import cli\nsys.argv = ['qrsite', 'build']\ncli.main()\n"
    code = STAGED_THEN_WAIT + cli
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=built,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8", "CI": "1"},
    )
    try:
        assert child.stdout.readline().strip() == "staged"
        child.send_signal(signal.SIGINT)
        _out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130
    assert "Interrupted: the previous output is unchanged." in err
    assert "Traceback" not in err
    assert snapshot(built / "build" / "mau") == before
    assert leftovers(built / "build") == []


def test_the_output_before_the_last_is_the_next_staging_folder_emptied(tmp_path):
    final = tmp_path / "mau"
    write = atomic_write_text
    (final / "site" / "a").mkdir(parents=True)
    write(final / "site" / "a" / "index.html", "one")
    spare = tmp_path / ".spare" / "mau"
    new = staging_dir(tmp_path, "mau", spare)  # no spare yet: a new folder
    assert list(new.iterdir()) == []
    (new / "site" / "b").mkdir(parents=True)
    write(new / "site" / "b" / "index.html", "two")
    swap(new, final, spare)
    assert (final / "site" / "b" / "index.html").read_text("utf-8") == "two"
    assert (spare / "site" / "a" / "index.html").read_text("utf-8") == "one"  # not served
    again = staging_dir(tmp_path, "mau", spare)
    assert not spare.exists() and (again / "site" / "a").is_dir()  # its folders kept
    assert not [p for p in again.rglob("*") if p.is_file()]  # none of its files
    remove_empty_folders(again)
    assert list(again.iterdir()) == []


def a_spare(root: Path, slug: str) -> Path:
    """A site's spare output (the one before the last): a page and its folder."""
    spare = root / ".spare" / slug
    (spare / "site" / "a").mkdir(parents=True)
    atomic_write_text(spare / "site" / "a" / "index.html", "old")
    return spare


def test_a_staging_folder_made_ahead_is_the_spare_emptied(tmp_path):
    spare = a_spare(tmp_path, "mau")
    with StagingAhead(tmp_path, tmp_path / ".spare", ["mau"]) as ahead:
        ahead.done()
        assert not spare.exists()
        staging = staging_dir(tmp_path, "mau", spare)
        assert (staging / "site" / "a").is_dir()  # its folders kept
        assert not [p for p in staging.rglob("*") if p.is_file()]  # none of its files
    assert staging.is_dir() and not spare.exists()  # taken: not given back


def test_staging_folders_made_ahead_and_not_taken_go_back_as_spares(tmp_path):
    """A build stopped by the check, or by a site before them, takes none of them."""
    spares = [a_spare(tmp_path, slug) for slug in ("mau", "khac")]
    with StagingAhead(tmp_path, tmp_path / ".spare", ["mau", "khac", "../mau"]) as ahead:
        ahead.done()
        staging_dir(tmp_path, "mau", spares[0])
    assert not spares[0].exists()
    assert (spares[1] / "site" / "a").is_dir()  # back, emptied
    assert leftovers(tmp_path) == [f".staging-mau-{os.getpid()}"]  # the one taken


@pytest.mark.slow
def test_a_build_takes_its_staging_folder_made_ahead_and_ships_none_of_its_files(built):
    pipeline.build(built)  # the first output is now the spare
    spare = built / "build" / pipeline.SPARE / "mau"
    stray = spare / "site" / "stray.html"
    stray.write_text("from the build before the last", "utf-8")
    folder = spare / "site" / "relics" / "van-mieu-mau"
    inode = folder.stat().st_ino
    change_title(built)
    pipeline.build(built)
    final = built / "build" / "mau"
    assert (final / "site" / "relics" / "van-mieu-mau").stat().st_ino == inode  # reused
    assert not (final / "site" / "stray.html").exists()
    assert "Văn miếu Mới" in (final / "site" / "relics" / "van-mieu-mau" / "index.html").read_text(
        "utf-8"
    )
    assert (spare / "site").is_dir() and leftovers(built / "build") == []


@pytest.mark.slow
def test_a_build_the_check_stops_gives_its_staging_folder_back(built):
    pipeline.build(built)
    spare = built / "build" / pipeline.SPARE / "mau"
    before = snapshot(spare)
    page = built / RELIC / "index.vi.md"
    page.write_text(page.read_text("utf-8").replace("title:", "title: [", 1), "utf-8")
    with pytest.raises(pipeline.ContentError):
        pipeline.build(built)
    assert leftovers(built / "build") == []
    folders = {path for path, (digest, *_) in before.items() if digest == "dir"}
    assert set(snapshot(spare)) == folders  # emptied of its files, its folders back


def test_two_threads_may_write_the_same_file_at_once(tmp_path):
    """A preview rebuilding in its thread and a build in another both record the photos
    they use: each writes aside under a name of its own, the last rename wins."""
    import threading

    target = tmp_path / "in-use.txt"
    errors: list[BaseException] = []

    def write(text: str) -> None:
        try:
            for _ in range(200):
                atomic_write_text(target, text)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(t,)) for t in ("a\n" * 5000, "b\n" * 5000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_text("utf-8") in ("a\n" * 5000, "b\n" * 5000)
    assert [p.name for p in tmp_path.iterdir()] == ["in-use.txt"]
