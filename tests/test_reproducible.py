"""The same content gives the same bytes: two clean builds agree, site and signs alike."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fixture_project import make_project

from generator import pipeline
from generator.reproducible import build_epoch


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def gzip_mtime(path: Path) -> int:
    return struct.unpack("<I", path.read_bytes()[4:8])[0]


def set_mtimes(root: Path, when: int) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (when, when))


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = make_project(tmp_path / "one" / "project")
    set_mtimes(first, 1_600_000_000)
    second = tmp_path / "two" / "elsewhere"
    shutil.copytree(first, second)  # another folder name: no path may leak into the output
    pipeline.build(first)
    pipeline.build(second)
    a, b = tree(first / "build" / "mau"), tree(second / "build" / "mau")
    assert any(name.startswith("signs/") and name.endswith(".pdf") for name in a)
    assert any(name.startswith("site/") for name in a)
    assert a == b, sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    # again over the caches (photo sizes, signs): still the same bytes
    pipeline.build(first)
    assert tree(first / "build" / "mau") == a
    site = first / "build" / "mau" / "site"
    assert gzip_mtime(site / "sitemap.xml.gz") in (0, 1_600_000_000)  # gzip copies: 0
    assert "<lastmod>2020-09-13</lastmod>" in (site / "sitemap.xml").read_text("utf-8")


@pytest.mark.slow
def test_source_date_epoch_is_honoured(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pipeline.build(project)
    site = project / "build" / "mau" / "site"
    assert gzip_mtime(site / "sitemap.xml.gz") in (0, 1_700_000_000)
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>2023-11-14</lastmod>" in sitemap
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    assert (site / "en" / "sitemap.xml").read_text("utf-8").count("2023-11-14") > 0
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


def test_build_date_without_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project(tmp_path / "project")
    set_mtimes(root, 1_500_000_000)
    os.utime(root / "relics/mau/van-mieu-mau/index.vi.md", (1_500_000_500, 1_500_000_500))
    assert build_epoch(root) == 1_500_000_500  # not a git checkout: the newest content file
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234")
    assert build_epoch(root) == 1234


def test_build_date_of_a_git_checkout_is_its_last_commit(tmp_path, monkeypatch):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project(tmp_path / "project")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2024-03-01T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-03-01T10:00:00+00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    import subprocess

    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "content"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    expected = int(datetime(2024, 3, 1, 10, tzinfo=UTC).timestamp())
    assert build_epoch(root) == expected
