"""Renames: by hand or with `qrsite move`, codes and old addresses keep working.

A folder renamed with `mv` is caught, and the message names the folder it became with
the one command that records the move as it stands. After a move, the old page address
(pasted into chats and articles) leads to the new page in every language, without
JavaScript; a retired entry's old address shows that it was removed on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import search_text
from test_moves import git, run

from generator import pipeline
from generator.codes import read_registry
from generator.problems import ContentError

OLD = "relics/mau/van-mieu-mau"
NEW = "relics/mau/van-mieu-moi"


def code_of(project: Path, target: str) -> str:
    registry = read_registry(project / "sites" / "mau" / "codes.yml")
    return next(c.code for c in registry.codes.values() if c.target == target)


@pytest.mark.parametrize("tracked", [True, False])
def test_a_folder_renamed_by_hand_is_named_with_the_command_that_records_it(
    project: Path, tracked: bool
):
    pipeline.build(project)
    code = code_of(project, OLD)
    if tracked:
        git(project, "init", "-q")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "content")
    (project / OLD).rename(project / NEW)  # what `mv` does
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    [problem] = [p for p in caught.value.problems if dict(p.params).get("code") == code]
    assert dict(problem.params)["new"] == NEW
    result = run(project, "check")
    assert f"qrsite move {OLD} {NEW}" in result.output
    moved = run(project, "move", OLD, NEW)  # NEW is there already, OLD is not
    assert moved.exit_code == 0, moved.output
    assert run(project, "check").exit_code == 0
    assert code_of(project, NEW) == code


def test_a_changed_and_renamed_folder_outside_git_is_found_by_its_recorded_title(project):
    pipeline.build(project)
    (project / OLD).rename(project / NEW)
    vi = project / NEW / "index.vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("hours:", "hours: 8:00\n#", 1))
    result = run(project, "check")
    assert result.exit_code == 1
    assert f"{NEW} looks like the same entry" in result.output


def _site(project: Path) -> Path:
    return project / "build" / "mau" / "site"


@pytest.mark.browser
def test_an_old_address_leads_to_the_moved_page_without_javascript(project, browser):
    from conftest import serve_dir

    pipeline.build(project)
    assert run(project, "move", OLD, NEW).exit_code == 0
    pipeline.build(project)
    site = _site(project)
    for prefix in ("", "en/"):
        stub = (site / prefix / "relics" / "van-mieu-mau" / "index.html").read_text("utf-8")
        assert (
            'rel="canonical" href="https://mau.example.org/' + prefix + 'relics/van-mieu-moi/"'
            in (stub)
        )
        assert 'http-equiv="refresh"' in stub
        [href] = re.findall(r'<a href="([^"]+)"', stub)
        assert urljoin(f"https://h/{prefix}relics/van-mieu-mau/", href).endswith(
            f"/{prefix}relics/van-mieu-moi/"
        )
    assert "van-mieu-mau" not in (site / "sitemap.xml").read_text("utf-8")
    assert "van-mieu-mau" not in search_text(site) and "van-mieu-moi" in search_text(site)
    server, url = serve_dir(site)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url + "en/relics/van-mieu-mau/")
        page.wait_for_url(url + "en/relics/van-mieu-moi/", timeout=10000)
        assert page.locator("h1").first.inner_text() == "Sample Temple of Literature"
    finally:
        context.close()
        server.shutdown()
    pipeline.build(project)  # kept for every later build
    assert (site / "relics" / "van-mieu-mau" / "index.html").exists()


def test_a_move_back_leaves_no_page_over_the_live_one(project: Path):
    pipeline.build(project)
    assert run(project, "move", OLD, NEW).exit_code == 0
    assert run(project, "move", NEW, OLD).exit_code == 0
    pipeline.build(project)
    page = (_site(project) / "relics" / "van-mieu-mau" / "index.html").read_text("utf-8")
    assert "Văn miếu Mẫu" in page and 'http-equiv="refresh"' not in page
    moved = (_site(project) / "relics" / "van-mieu-moi" / "index.html").read_text("utf-8")
    [href] = re.findall(r'<a href="([^"]+)"', moved)  # the address it had for a while
    assert urljoin("https://h/relics/van-mieu-moi/", href) == "https://h/relics/van-mieu-mau/"


def test_a_retired_entrys_old_address_says_it_was_removed(project: Path):
    pipeline.build(project)
    result = run(project, "retire", OLD, "--note", "Đã gộp vào đền khác", "--yes")
    assert result.exit_code == 0, result.output
    pipeline.build(project)
    for prefix in ("", "en/"):
        page = (_site(project) / prefix / "relics" / "van-mieu-mau" / "index.html").read_text(
            "utf-8"
        )
        assert "Đã gộp vào đền khác" in page and "removed on purpose" in page


def test_a_retired_counter_guide_writes_no_page_over_a_counter(project: Path):
    pipeline.build(project)
    result = run(project, "retire", "counters/mau/mot-cua/kich-hoat-vneid", "--yes")
    assert result.exit_code == 0, result.output
    pipeline.build(project)
    counter = _site(project) / "counters" / "mot-cua" / "index.html"
    assert "removed on purpose" not in counter.read_text("utf-8")  # still the counter's page
    assert not (_site(project) / "counters" / "kich-hoat-vneid").exists()


@pytest.mark.parametrize("moved", ["relics/mau/..", "../../x", "relics/mau/a/b"])
def test_a_moved_entry_in_codes_yml_that_leads_elsewhere_is_refused(project: Path, moved: str):
    pipeline.build(project)
    registry = project / "sites" / "mau" / "codes.yml"
    registry.write_text(
        registry.read_text("utf-8") + f"moved:\n  '{moved}': {OLD}\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    assert any(p.path == "sites/mau/codes.yml" for p in caught.value.problems)
    assert (_site(project) / "index.html").read_text("utf-8").count("http-equiv") == 0
