"""Drafts are previewed, never built; template text never reaches a page or a sign.

`qrsite new` starts every entry as a draft. Until the author deletes `draft: true`, the
build gives it no page, no code, no sign and no search entry, and `check` reports its
problems as warnings. Once published, what the template wrote is an error per field.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.problems import ContentError
from generator.serve import Preview

EN = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}
NEW = "relics/mau/den-moi"


def run(root: Path, monkeypatch, *args):
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, list(args), env=EN, catch_exceptions=False)


def undraft(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(r"(?m)^draft: true$", text)
    path.write_text(re.sub(r"(?m)^draft: true\n", "", text), encoding="utf-8")


def built_files(root: Path) -> str:
    """Every path and every text file of the built site and signs, to search for the entry."""
    out = []
    for path in sorted((root / "build" / "mau").rglob("*")):
        out.append(path.relative_to(root).as_posix())
        if path.suffix in (".html", ".json", ".csv", ".yml"):
            out.append(path.read_text(encoding="utf-8-sig"))
    return "\n".join(out)


def test_a_new_entry_is_a_draft_that_the_build_leaves_out(project: Path, monkeypatch):
    assert run(project, monkeypatch, "new", "relic", "mau", "--title", "Đền Mới").exit_code == 0
    assert "\ndraft: true\n" in (project / NEW / "index.vi.md").read_text(encoding="utf-8")
    result = run(project, monkeypatch, "check")
    assert result.exit_code == 0, result.output
    pipeline.build(project)
    everything = built_files(project)
    assert "den-moi" not in everything and "Đền Mới" not in everything
    assert "build/mau/site/search-index/" in everything  # the search shards were read too
    codes = (project / "sites" / "mau" / "codes.yml").read_text(encoding="utf-8")
    assert "den-moi" not in codes


def test_a_drafts_own_problems_are_warnings(project: Path, monkeypatch):
    run(project, monkeypatch, "new", "relic", "mau", "--title", "Đền Mới")
    vi = project / NEW / "index.vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("cover:", "covr:", 1), encoding="utf-8")
    result = run(project, monkeypatch, "check")
    assert result.exit_code == 0, result.output
    assert f"{NEW}/index.vi.md:" in result.output and "warning: unknown field 'covr'" in (
        result.output
    )


def test_a_published_template_names_each_placeholder(project: Path, monkeypatch):
    run(project, monkeypatch, "new", "relic", "mau", "--title", "Đền Mới")
    undraft(project / NEW / "index.vi.md")
    result = run(project, monkeypatch, "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    vi = f"{NEW}/index.vi.md"
    text = (project / vi).read_text(encoding="utf-8").splitlines()
    summary = 1 + next(i for i, line in enumerate(text) if line.startswith("summary:"))
    assert (
        f"{vi}:{summary}: 'summary' still holds the template's text 'Một câu giới thiệu ngắn.': "
        "write the real summary, or put back 'draft: true' until the entry is ready"
    ) in lines
    assert any(line.startswith(f"{vi}:") and "'address' still holds" in line for line in lines)
    assert any("'cover' is still the placeholder photo" in line for line in lines)
    asks = [n for n, line in enumerate(text, 1) if line.startswith("Viết ở đây:")]
    assert len(asks) == 3
    for number in asks:
        assert f"{vi}:{number}: this line is still the template's text: write your own, or " in (
            result.output
        )
    assert not any("'title' still holds" in line for line in lines)  # --title is the author's


def test_a_published_stop_may_not_lead_to_a_draft_guide(project: Path, monkeypatch):
    guide = project / "content" / "guides" / "kich-hoat-vneid" / "index.vi.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    street = [p for p in caught.value.problems if p.path == "streets/mau/pho-mau/index.vi.md"]
    stops = {p.line for p in street if "which is still a draft" in p.message}
    assert stops == {7, 10}  # each stop, on its own line
    links = {p.line for p in street if "leads to a draft" in p.message}
    assert links == {14}  # and the body's link to the guide
    counter = [p for p in caught.value.problems if p.path == "sites/mau/site.yml"]
    assert counter and all(p.level == "error" for p in counter if "counter" in p.message)


def test_an_entry_with_a_printed_code_cannot_go_back_to_draft(project: Path):
    pipeline.build(project)
    vi = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1))
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    [problem] = caught.value.problems
    assert problem.path == "sites/mau/codes.yml" and problem.line > 0
    assert "now a draft" in problem.message
    assert dict(problem.params)["entry"] == "relics/mau/van-mieu-mau"


def test_the_preview_shows_a_draft_marked_as_such(project: Path):
    from generator.scaffold import new_entry

    new_entry(project, "relic", "mau", None, "Đền Mới")
    preview = Preview(project, "mau", port=0, echo=lambda line: None, lang="vi")
    preview.start()
    try:
        page = (preview.site_dir / "relics" / "den-moi" / "index.html").read_text(encoding="utf-8")
        assert "qs-draft" in page and "Bản nháp: trang này chưa được xuất bản" in page
        home = (preview.site_dir / "relics" / "van-mieu-mau" / "index.html").read_text(
            encoding="utf-8"
        )
        assert "qs-draft" not in home
    finally:
        preview.close()
    assert not (project / "build" / "mau").exists() or "den-moi" not in built_files(project)
