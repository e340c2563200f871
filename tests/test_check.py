"""`qrsite check` and `qrsite build` through the real CLI."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner
from fixture_project import add_relics

from generator import content
from generator.cli import main
from generator.content import entries
from generator.parallel import map_forked


def run(project: Path, *args: str, lang: str = "en_US.UTF-8"):
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return runner.invoke(main, list(args), env={"LANG": lang, "LC_ALL": ""})
    finally:
        os.chdir(cwd)


def test_check_is_clean_on_the_fixture(project: Path):
    result = run(project, "check")
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.output


def test_broken_yaml_front_matter_names_file_and_line(project: Path):
    path = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = "address: [Phường Mẫu"  # an unclosed bracket on file line 4
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "relics/mau/van-mieu-mau/index.vi.md:" in result.output
    line = int(result.output.split("index.vi.md:")[1].split(":")[0])
    assert 4 <= line <= 6
    assert "YAML" in result.output


def test_build_refuses_bad_content_and_keeps_the_previous_output(project: Path):
    assert run(project, "build").exit_code == 0
    page = project / "build" / "mau" / "site" / "relics" / "van-mieu-mau" / "index.html"
    before = page.read_bytes()
    path = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("cover:", "covr:"), "utf-8")
    result = run(project, "build")
    assert result.exit_code == 1
    assert "unknown field 'covr': did you mean 'cover'?" in result.output
    assert page.read_bytes() == before


def test_messages_follow_the_locale(project: Path):
    path = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("cover:", "covr:"), "utf-8")
    vi = run(project, "check", lang="vi_VN.UTF-8")
    assert "trường lạ 'covr': có phải bạn muốn viết 'cover'?" in vi.output
    en = run(project, "check", lang="en_US.UTF-8")
    assert "did you mean 'cover'?" in en.output


def test_unknown_site_is_a_clean_error(project: Path):
    result = run(project, "build", "khong-co")
    assert result.exit_code == 1
    assert "there is no site 'khong-co'" in result.output
    assert "Traceback" not in result.output


def test_a_broken_mkdocs_yml_is_a_clean_error(project: Path):
    (project / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    result = run(project, "build")
    assert result.exit_code == 1
    assert "mkdocs.yml:4" in result.output
    assert "Traceback" not in result.output


def test_a_folder_without_sites_and_an_unknown_site_are_refused(project: Path, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(empty, "build")
    assert result.exit_code == 1
    assert "There is no 'sites' folder here" in result.output
    result = run(project, "status", "khong-co")
    assert result.exit_code == 1
    assert "there is no site 'khong-co'" in result.output


def test_entries_read_on_several_cores_give_the_same_model_and_messages(project: Path, monkeypatch):
    add_relics(project, 4)
    broken = project / "relics" / "mau" / "di-tich-0002" / "index.vi.md"
    broken.write_text(broken.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    monkeypatch.setattr(entries, "SPREAD_FROM", 10**9)
    alone, alone_problems = content.load_project(project)
    monkeypatch.setattr(entries, "SPREAD_FROM", 1)
    monkeypatch.setattr(entries, "fork_is_safe", lambda: True)  # a browser test's server
    spread = []
    monkeypatch.setattr(entries, "map_forked", lambda *a: spread.append(1) or map_forked(*a))
    shared, shared_problems = content.load_project(project)
    assert spread  # the workers did read them
    assert shared.entries == alone.entries and len(shared.entries["mau"]) >= 5
    assert shared_problems.sorted() == alone_problems.sorted()
    assert any(p.path.endswith("di-tich-0002/index.vi.md") for p in shared_problems.errors)


def test_qrsite_finds_the_project_from_inside_one_of_its_folders(project: Path):
    relic = project / "relics" / "mau" / "van-mieu-mau"
    vi = relic / "index.vi.md"
    vi.write_text(vi.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    result = run(relic, "check")
    assert result.exit_code == 1
    assert "relics/mau/van-mieu-mau/index.vi.md:" in result.output  # named from the root
    assert "There is no 'sites' folder" not in result.output
