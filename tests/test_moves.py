"""`qrsite move` and `qrsite retire`: printed codes keep working through renames and removals."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.codes import read_registry
from generator.moves import MoveError, move, retire
from generator.status import project_status

RELIC = "relics/mau/van-mieu-mau"
GUIDE = "content/guides/kich-hoat-vneid"
COUNTER = "counters/mau/mot-cua/kich-hoat-vneid"


def issue_codes(root: Path) -> dict[str, str]:
    checked = pipeline.check(root)
    registry, codes = checked.codes["mau"]
    registry.save()
    return {key: code.code for key, code in codes.items()}


def registry(root: Path):
    return read_registry(root / "sites" / "mau" / "codes.yml")


def run(project: Path, *args: str, answer: str | None = None):
    cwd = os.getcwd()
    os.chdir(project)
    try:
        env = {"LANG": "en_US.UTF-8", "LC_ALL": ""}
        return CliRunner().invoke(main, list(args), env=env, input=answer)
    finally:
        os.chdir(cwd)


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def test_after_move_the_old_code_lands_on_the_new_page(project: Path):
    code = issue_codes(project)[RELIC]
    result = run(project, "move", RELIC, "relics/mau/van-mieu")
    assert result.exit_code == 0, result.output
    assert code in result.output and "sites/mau/codes.yml" in result.output
    assert not (project / RELIC).exists()
    assert (project / "relics/mau/van-mieu/index.vi.md").is_file()
    assert registry(project).codes[code].target == "relics/mau/van-mieu"
    pipeline.build(project)
    site = project / "build" / "mau" / "site"
    landing = (site / "Q" / code / "index.html").read_text(encoding="utf-8")
    assert '"vi":"../../relics/van-mieu/"' in landing
    assert '"en":"../../en/relics/van-mieu/"' in landing
    assert 'url=../../relics/van-mieu/"' in landing
    assert (site / "relics" / "van-mieu" / "index.html").is_file()
    assert (site / "en" / "relics" / "van-mieu" / "index.html").is_file()
    assert registry(project).codes[code].target == "relics/mau/van-mieu"  # saved, not reissued


def test_move_inside_git_uses_git_mv(project: Path):
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "content")
    code = issue_codes(project)[RELIC]
    report = move(project, RELIC, "relics/mau/van-mieu")
    assert report.git and report.codes == [code]
    status = git(project, "status", "--porcelain")
    assert "R  relics/mau/van-mieu-mau/index.vi.md -> relics/mau/van-mieu/index.vi.md" in status


def test_a_folder_renamed_by_hand_is_repaired_by_move(project: Path):
    code = issue_codes(project)[RELIC]
    (project / RELIC).rename(project / "relics/mau/van-mieu")
    with pytest.raises(Exception, match="problem"):
        pipeline.check(project)
    report = move(project, RELIC, "relics/mau/van-mieu")
    assert not report.folder_changed and report.codes == [code]
    pipeline.check(project)


@pytest.mark.parametrize("old, new", [
    ("../outside", "relics/mau/x"),
    ("sites/mau", "relics/mau/x"),
    ("relics/mau", "relics/mau/x"),
    (RELIC, "/etc/x"),
    (RELIC, "relics/mau/Bad_Name"),
    (RELIC, "streets/mau/van-mieu"),
    (RELIC, "relics/other/van-mieu"),
    (RELIC, "relics/mau/dinh-lang-dong"),
    ("relics/mau/missing", "relics/mau/x"),
])  # fmt: skip
def test_move_refuses_what_it_cannot_do(project: Path, old, new):
    issue_codes(project)
    before = (project / "sites/mau/codes.yml").read_text(encoding="utf-8")
    with pytest.raises(MoveError):
        move(project, old, new)
    assert (project / RELIC).is_dir()
    assert (project / "sites/mau/codes.yml").read_text(encoding="utf-8") == before


def test_cli_refuses_a_path_outside_the_content_tree(project: Path):
    result = run(project, "move", "../x", "relics/mau/y")
    assert result.exit_code == 1
    assert "relics/SITE/NAME" in result.output and "Traceback" not in result.output
    result = run(project, "retire", "sites/mau")
    assert result.exit_code == 1
    assert "is not an entry folder" in result.output


def test_retired_code_lands_on_a_page_that_says_so(project: Path):
    code = issue_codes(project)[RELIC]
    result = run(project, "retire", RELIC, "--note", "Merged into Đình Làng Đông.", "--yes")
    assert result.exit_code == 0, result.output
    assert not (project / RELIC).exists()
    item = registry(project).codes[code]
    assert item.retired and item.note == "Merged into Đình Làng Đông."
    pipeline.build(project)
    html = (project / "build/mau/site/Q" / code / "index.html").read_text(encoding="utf-8")
    assert "removed on purpose" in html  # English
    assert "gỡ bỏ" in html  # Vietnamese
    assert "Merged into Đình Làng Đông." in html
    assert 'href="../../"' in html and 'href="../../relics/"' in html
    assert 'href="../../en/"' in html and 'href="../../en/relics/"' in html
    assert "location.replace" not in html and "refresh" not in html
    old_address = project / "build/mau/site/relics/van-mieu-mau/index.html"
    assert "removed on purpose" in old_address.read_text(encoding="utf-8")  # not the page
    assert registry(project).codes[code].retired  # the build did not reissue it


def test_retire_one_stop_by_its_key(project: Path):
    codes = issue_codes(project)
    report = retire(project, "streets/mau/pho-mau#kich-hoat-vneid.2", "Board taken down")
    assert report.codes == [codes["streets/mau/pho-mau#kich-hoat-vneid.2"]]
    assert (project / "streets/mau/pho-mau").is_dir()
    items = registry(project).codes
    assert items[codes["streets/mau/pho-mau#kich-hoat-vneid.2"]].retired
    assert not items[codes["streets/mau/pho-mau#kich-hoat-vneid"]].retired
    with pytest.raises(MoveError):
        retire(project, "streets/mau/pho-mau#kich-hoat-vneid.2")  # already retired: nothing to do


def test_retiring_a_street_retires_its_stops(project: Path):
    codes = issue_codes(project)
    report = retire(project, "streets/mau/pho-mau")
    assert sorted(report.codes) == sorted(
        codes[k]
        for k in (
            "streets/mau/pho-mau",
            "streets/mau/pho-mau#kich-hoat-vneid",
            "streets/mau/pho-mau#kich-hoat-vneid.2",
        )
    )
    pipeline.check(project)


def test_moving_a_guide_updates_counters_stops_and_references(project: Path):
    before = issue_codes(project)
    code = before[COUNTER]
    stops = [before[f"streets/mau/pho-mau#kich-hoat-vneid{n}"] for n in ("", ".2")]
    report = move(project, GUIDE, "content/guides/vneid")
    assert sorted(report.codes) == sorted([code, *stops])
    assert registry(project).codes[code].target == "counters/mau/mot-cua/vneid"
    assert [registry(project).codes[c].target for c in stops] == [
        "streets/mau/pho-mau#vneid",
        "streets/mau/pho-mau#vneid.2",
    ]
    assert {p.relative_to(project).as_posix() for p in report.edited} == {
        "sites/mau/site.yml",
        "streets/mau/pho-mau/index.vi.md",
    }
    site_yml = (project / "sites/mau/site.yml").read_text(encoding="utf-8")
    assert "guides: [vneid]" in site_yml and "kich-hoat-vneid" not in site_yml
    pipeline.check(project)
    assert issue_codes(project)[COUNTER.replace("kich-hoat-vneid", "vneid")] == code


def test_retiring_a_guide_retires_counter_codes_and_lists_references(project: Path):
    code = issue_codes(project)[COUNTER]
    report = retire(project, GUIDE)
    assert report.codes == [code]
    assert {p.relative_to(project).as_posix() for p in report.references} == {
        "sites/mau/site.yml",
        "streets/mau/pho-mau/index.vi.md",
    }


def test_a_retired_stop_left_in_the_street_gets_a_new_code_with_a_warning(project: Path):
    old = issue_codes(project)["streets/mau/pho-mau#kich-hoat-vneid.2"]
    retire(project, "streets/mau/pho-mau#kich-hoat-vneid.2")
    warnings = [w for w in pipeline.check(project).warnings if dict(w.params).get("old") == old]
    assert len(warnings) == 1
    assert warnings[0].path == "sites/mau/codes.yml" and warnings[0].line > 0
    new = issue_codes(project)["streets/mau/pho-mau#kich-hoat-vneid.2"]
    assert new != old and registry(project).codes[old].retired


def test_retire_asks_before_deleting_what_git_cannot_bring_back(project: Path):
    issue_codes(project)
    result = run(project, "retire", RELIC, answer="n\n")
    assert result.exit_code == 1
    assert "git does not have (anh-bia.jpg, index.en.md, index.vi.md)" in result.output
    assert (project / RELIC).is_dir()
    assert not any(c.retired for c in registry(project).codes.values())
    result = run(project, "retire", RELIC, answer="y\n")
    assert result.exit_code == 0, result.output
    assert not (project / RELIC).exists()


def test_retire_does_not_ask_when_git_holds_the_folder(project: Path):
    issue_codes(project)
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "content")
    (project / RELIC / "anh-moi.jpg").write_bytes(b"new photo, not added yet")
    result = run(project, "retire", RELIC, answer="n\n")  # one file git does not have
    assert result.exit_code == 1 and "(anh-moi.jpg)" in result.output
    assert (project / RELIC / "anh-moi.jpg").exists()
    (project / RELIC / "anh-moi.jpg").unlink()
    result = run(project, "retire", RELIC)  # no answer given: a question would abort
    assert result.exit_code == 0, result.output
    assert "git does not have" not in result.output and not (project / RELIC).exists()


def test_a_stale_translation_stays_stale_after_a_move(project: Path):
    issue_codes(project)
    project_status(project)  # records the English as up to date (no git here)
    vi = project / RELIC / "index.vi.md"
    vi.write_text(vi.read_text("utf-8").replace("Văn miếu Mẫu", "Văn miếu Mới"), "utf-8")
    assert RELIC in project_status(project)[0].stale
    report = move(project, RELIC, "relics/mau/van-mieu-moi")
    assert project / "sites/mau/translations.yml" in report.edited
    assert "relics/mau/van-mieu-moi" in project_status(project)[0].stale
