"""`qrsite build --jobs N`: sites build in parallel processes, same bytes as one by one."""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixture_project import make_project

from generator import parallel, pipeline
from generator.problems import ContentError

SITES = ("mau", "khac", "thu-ba")


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def three_sites(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "project"
    for slug in SITES:
        make_project(root, site=slug)
    return root


def _meet(number: int, folder: str) -> tuple[int, int]:
    """Sign in, then wait (up to 20 s) until two processes have: only two workers
    running at once get past, one worker doing every task alone never does."""
    Path(folder, str(os.getpid())).touch()
    deadline = time.monotonic() + 20
    while len(os.listdir(folder)) < 2:
        if time.monotonic() > deadline:
            raise TimeoutError(f"task {number}: no second process came")
        time.sleep(0.01)
    return number, os.getpid()


def _fail_on_two(number: int) -> int:
    if number == 2:
        raise ValueError("two")
    return number


def test_parallel_run_uses_other_processes_and_keeps_order(tmp_path):
    """--jobs 2 must mean two worker processes at work at once, answers in task order."""
    results = parallel.run(_meet, [(i, str(tmp_path)) for i in range(4)], jobs=2)
    assert [error for _, error in results] == [None] * 4, results
    assert [number for (number, _pid), _ in results] == [0, 1, 2, 3]
    pids = {pid for (_number, pid), _ in results}
    assert len(pids) == 2 and os.getpid() not in pids, pids
    assert sorted(os.listdir(tmp_path)) == sorted(str(pid) for pid in pids)


def test_parallel_run_finishes_every_task_and_returns_the_error_in_place():
    results = parallel.run(_fail_on_two, [(i,) for i in range(1, 5)], jobs=2)
    assert [r for r, _ in results] == [1, None, 3, 4]
    assert isinstance(results[1][1], ValueError)
    serial = parallel.run(_fail_on_two, [(i,) for i in range(1, 5)], jobs=1)
    assert [r for r, _ in serial] == [1, None]  # one by one: stop at the first error


@pytest.mark.slow
def test_parallel_build_gives_the_same_bytes(three_sites, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(three_sites, copy)
    serial = pipeline.build(three_sites, jobs=1)
    assert gc.get_freeze_count() == 0  # what the build froze is the collector's again
    both = pipeline.build(copy, jobs=3)
    assert [r.site for r in both.sites] == sorted(SITES)
    assert [r.signs for r in both.sites] == [r.signs for r in serial.sites]
    for slug in SITES:
        assert tree(copy / "build" / slug) == tree(three_sites / "build" / slug)
        assert (copy / "sites" / slug / "codes.yml").read_bytes() == (
            three_sites / "sites" / slug / "codes.yml"
        ).read_bytes()


@pytest.mark.slow
def test_one_failing_site_does_not_stop_the_others(three_sites):
    photo = three_sites / "relics" / "khac" / "van-mieu-mau" / "anh-bia.jpg"
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 3])  # opens at check time, fails to decode at build
    with pytest.raises(ContentError) as info:
        pipeline.build(three_sites, jobs=2)
    assert [p.path for p in info.value.problems] == ["relics/khac/van-mieu-mau/anh-bia.jpg"]
    assert not (three_sites / "build" / "khac").exists()
    assert not (three_sites / "sites" / "khac" / "codes.yml").exists()
    for slug in ("mau", "thu-ba"):
        assert (three_sites / "build" / slug / "site" / "index.html").is_file()
        assert (three_sites / "sites" / slug / "codes.yml").is_file()
    leftovers = [p.name for p in (three_sites / "build").iterdir() if p.name.startswith(".")]
    assert leftovers == [".cache"]


@pytest.mark.slow
def test_command_line_jobs_option(three_sites):
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--jobs", "0", "mau", "khac"],
        cwd=three_sites,
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stderr
    assert "mau:" in done.stdout and "khac:" in done.stdout
    assert not (three_sites / "build" / "thu-ba").exists()
    bad = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--jobs", "-1"],
        cwd=three_sites,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_each_site_of_a_parallel_build_resizes_photos_with_one_worker(
    three_sites: Path, monkeypatch, tmp_path: Path
):
    from generator.site import media

    seen = tmp_path / "jobs.txt"
    real = media._make_sizes

    def counting(todo, jobs=None):
        with seen.open("a") as f:
            f.write(f"{jobs}\n")
        return real(todo, jobs)

    monkeypatch.setattr(media, "_make_sizes", counting)
    pipeline.build(three_sites, jobs=2)
    assert seen.read_text().split() == ["1", "1", "1"]  # not every core in every site
