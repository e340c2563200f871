"""Reproducible across processes: the same content, built by two separate `qrsite build`
runs, gives byte-identical sites and signs (README, Safety: "Reproducible").

In one process, set and dict orders follow one hash seed and paths one folder name; only
separate processes with other seeds, in folders of other names, show an output that
depends on either.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_project import copy_samples, make_project

EPOCH = "1700000000"


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def set_mtimes(root: Path, when: int) -> None:
    for folder, _dirs, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(folder, name), (when, when))


def qrsite_build(root: Path, hash_seed: str) -> None:
    env = {
        **os.environ,
        "PYTHONHASHSEED": hash_seed,
        "SOURCE_DATE_EPOCH": EPOCH,
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr


def fixture_with_two_sites(root: Path) -> Path:
    for slug in ("khac", "mau"):
        make_project(root, site=slug)
    return root


@pytest.mark.slow
@pytest.mark.parametrize("make", [fixture_with_two_sites, copy_samples], ids=["fixture", "samples"])
def test_two_processes_in_other_folders_with_other_hash_seeds_give_the_same_bytes(tmp_path, make):
    """A print shop or a mirror rebuilding elsewhere must get the very same files."""
    first = make(tmp_path / "a-project")
    second = tmp_path / "elsewhere" / "other-name"
    shutil.copytree(first, second)
    set_mtimes(first, 1_600_000_000)  # file times differ too: only SOURCE_DATE_EPOCH counts
    set_mtimes(second, 1_650_000_000)

    qrsite_build(first, hash_seed="1")
    qrsite_build(second, hash_seed="2")

    sites = sorted(p.name for p in (first / "build").iterdir() if not p.name.startswith("."))
    assert sites == sorted(p.parent.name for p in (first / "sites").glob("*/site.yml"))
    assert sites == sorted(
        p.name for p in (second / "build").iterdir() if not p.name.startswith(".")
    )
    differences = []
    for slug in sites:
        for part in ("site", "signs"):
            a = files(first / "build" / slug / part)
            b = files(second / "build" / slug / part)
            differences += [
                f"{slug}/{part}/{name}"
                for name in sorted(a.keys() | b.keys())
                if a.get(name) != b.get(name)
            ]
    assert differences == [], differences
    for slug in sites:  # and there was something to compare
        signs = files(first / "build" / slug / "signs")
        assert {"all.pdf", "manifest.csv"} <= signs.keys(), sorted(signs)
        assert any(name.endswith(".pdf") and name != "all.pdf" for name in signs)
        assert any(name.endswith(".png") for name in signs)
        pages = files(first / "build" / slug / "site")
        assert {"index.html", "en/index.html"} <= pages.keys()
        assert (first / "sites" / slug / "codes.yml").read_bytes() == (
            second / "sites" / slug / "codes.yml"
        ).read_bytes()
