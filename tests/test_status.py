"""`qrsite status`: translations missing or stale (by git or by recorded hash), codes, signs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.status import project_status

RELIC = "relics/mau/van-mieu-mau"
VI = {"LANG": "vi_VN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def stale(root: Path) -> list[str]:
    return project_status(root)[0].stale


def test_entries_with_and_without_english(project):
    (status,) = project_status(project)
    assert status.site == "mau"
    assert sorted(status.entries) == [
        "content/guides/kich-hoat-vneid",
        "relics/mau/dinh-lang-dong",
        "relics/mau/van-mieu-mau",
        "streets/mau/pho-mau",
    ]
    assert status.without_english == ["relics/mau/dinh-lang-dong"]
    assert status.stale == []


def test_recorded_hash_marks_a_translation_stale_and_fresh_again(project):
    assert stale(project) == []  # first run records the state
    state = project / "sites" / "mau" / "translations.yml"
    assert "relics/mau/van-mieu-mau" in state.read_text(encoding="utf-8")
    edit(project / RELIC / "index.vi.md", "coordinates: [20.94, 106.33]", "coordinates: [21, 106]")
    assert stale(project) == []  # a language-neutral field is not the translator's business
    edit(project / RELIC / "index.vi.md", "Văn miếu được dựng", "Văn miếu được xây dựng lại")
    assert stale(project) == [RELIC]
    assert stale(project) == [RELIC]  # stays stale until the English file changes
    edit(project / RELIC / "index.en.md", "built long ago", "rebuilt")
    assert stale(project) == []
    guide = project / "content" / "guides" / "kich-hoat-vneid" / "index.vi.md"
    edit(guide, "Miễn phí", "Không mất phí")
    assert stale(project) == ["content/guides/kich-hoat-vneid"]


def _git(root: Path, *args: str, when: int = 1_700_000_000) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": f"@{when} +0000",
        "GIT_COMMITTER_DATE": f"@{when} +0000",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_history_marks_a_translation_stale(project):
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "start")
    assert stale(project) == []
    assert not (project / "sites" / "mau" / "translations.yml").exists()
    vi = project / RELIC / "index.vi.md"
    edit(vi, "Văn miếu được dựng", "Văn miếu được xây dựng lại")
    assert stale(project) == [RELIC]  # changed, not committed yet
    _git(project, "commit", "-q", "-am", "vi", when=1_700_000_100)
    assert stale(project) == [RELIC]  # committed after the English file
    edit(project / RELIC / "index.en.md", "built long ago", "rebuilt")
    assert stale(project) == []  # the translator is at work
    _git(project, "commit", "-q", "-am", "en", when=1_700_000_200)
    assert stale(project) == []


def test_codes_issued_and_signs_built_in_both_languages(project, monkeypatch):
    registry, codes = pipeline.check(project).codes["mau"]
    registry.save()
    signs = project / "build" / "mau" / "signs"
    signs.mkdir(parents=True)
    for name in (*list(sorted(c.code for c in codes.values()))[:2], "all"):
        (signs / f"{name}.pdf").write_bytes(b"%PDF-1.4\n")
    (status,) = project_status(project)
    assert status.codes == len(codes) > 2
    assert status.signs == 2
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["status", "mau"], env=VI, catch_exceptions=False)
    assert result.exit_code == 0
    assert "relics/mau/dinh-lang-dong" in result.output
    assert f"mã đã cấp: {len(codes)}" in result.output.lower()
    assert "biển đã làm: 2" in result.output.lower()
    en = {**VI, "LANG": "en_US.UTF-8"}
    result = CliRunner().invoke(main, ["status"], env=en, catch_exceptions=False)
    assert f"codes issued: {len(codes)}" in result.output
    assert "without English:\n    relics/mau/dinh-lang-dong" in result.output


def test_a_stale_translation_stays_stale_through_a_move(project):
    """Edited Vietnamese committed together with `qrsite move`: the move is no translation."""
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "start", when=1_700_000_000)
    edit(project / RELIC / "index.vi.md", "Văn miếu được dựng", "Văn miếu được xây dựng lại")
    cwd = os.getcwd()
    os.chdir(project)
    try:
        moved = CliRunner().invoke(main, ["move", RELIC, "relics/mau/van-mieu-moi"])
    finally:
        os.chdir(cwd)
    assert moved.exit_code == 0, moved.output
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "edit and move", when=1_700_000_100)
    assert stale(project) == ["relics/mau/van-mieu-moi"]
    _git(project, "commit", "-q", "--allow-empty", "-m", "later", when=1_700_000_200)
    assert stale(project) == ["relics/mau/van-mieu-moi"]  # still, after another commit
    edit(project / "relics/mau/van-mieu-moi/index.en.md", "built long ago", "rebuilt")
    _git(project, "commit", "-q", "-am", "en", when=1_700_000_300)
    assert stale(project) == []


def test_a_move_alone_leaves_an_up_to_date_translation_up_to_date(project):
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "start", when=1_700_000_000)
    _git(project, "mv", RELIC, "relics/mau/van-mieu-moi")
    _git(project, "commit", "-q", "-m", "move", when=1_700_000_100)
    assert stale(project) == []


def test_a_new_checked_day_or_source_does_not_make_the_english_stale(project):
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "start")
    vi = project / RELIC / "index.vi.md"
    edit(
        vi, "example: true\n", "example: true\nchecked: 2026-11-20\nsources:\n  - title: Địa chí\n"
    )
    assert stale(project) == []  # uncommitted: compared with the text the English was made from
    _git(project, "commit", "-q", "-am", "checked again", when=1_700_000_100)
    assert stale(project) == []
    edit(vi, "Văn miếu được dựng", "Văn miếu được xây dựng lại")
    _git(project, "commit", "-q", "-am", "text", when=1_700_000_200)
    assert stale(project) == ["relics/mau/van-mieu-mau"]
