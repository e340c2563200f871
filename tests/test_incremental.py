"""A build over the previous one gives, byte for byte, what a clean build of the same
content gives: after each edit of a series an author makes, every file is compared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from fixture_project import photo, write

from generator import kept_json, moves, pipeline
from generator.site import finished, rendered
from generator.site.rendered import Rendered

SITE = "mau"
RELICS = Path("relics") / SITE


def _add_entry(root: Path) -> None:
    folder = root / RELICS / "chua-moi"
    vi = "title: Chùa Mới\nsummary: Ví dụ.\naddress: Phường Mẫu\ncover: anh-bia.jpg"
    write(folder / "index.vi.md", f"---\n{vi}\n---\nChùa mới dựng.\n")
    write(folder / "index.en.md", "---\ntitle: New Pagoda\nsummary: An example.\n---\nNew.\n")
    photo(folder / "anh-bia.jpg", color=(90, 90, 200))


def _edit_entry(root: Path) -> None:
    page = root / RELICS / "van-mieu-mau" / "index.vi.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("dựng từ lâu đời", "dựng từ thời Lê"), encoding="utf-8")


def _move_entry(root: Path) -> None:
    moves.move(root, "relics/mau/dinh-lang-dong", "relics/mau/dinh-lang-tay")


def _retire_entry(root: Path) -> None:
    moves.retire(root, "relics/mau/chua-moi", "Đã gộp")


def _add_translation(root: Path) -> None:
    english = "---\ntitle: East Village Hall\nsummary: The old hall.\n---\nA wooden hall.\n"
    write(root / RELICS / "dinh-lang-tay" / "index.en.md", english)


def _change_site_setting(root: Path) -> None:
    site_yml = root / "sites" / SITE / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    site_yml.write_text(text.replace('vi: "Phường Mẫu"', 'vi: "Phường Mẫu Mới"'), "utf-8")


def _replace_photo(root: Path) -> None:
    photo(root / RELICS / "van-mieu-mau" / "anh-bia.jpg", color=(20, 40, 160))


def _edit_shared_guide(root: Path) -> None:
    guide = root / "content" / "guides" / "kich-hoat-vneid" / "index.en.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("Install the VNeID app.", "Install VNeID."), "utf-8")


EDITS = [
    _add_entry,
    _edit_entry,
    _move_entry,
    _retire_entry,
    _add_translation,
    _change_site_setting,
    _replace_photo,
    _edit_shared_guide,
]


def _files(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None), by path: no folder may be left over."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in folder.rglob("*")
    }


def _clean_copy(root: Path, dest: Path) -> Path:
    """The project as it stands (codes.yml included), without its build folder."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("build"))
    return dest


def _differences(ours: dict, clean: dict) -> list[str]:
    return sorted(
        [f"only in the incremental build: {p}" for p in ours.keys() - clean.keys()]
        + [f"only in the clean build: {p}" for p in clean.keys() - ours.keys()]
        + [f"differs: {p}" for p in ours.keys() & clean.keys() if ours[p] != clean[p]]
    )


def test_every_edit_builds_as_a_clean_build_would(project: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(kept_json, "FRESH_NS", 0)  # each check keeps what it read
    pipeline.build(project)
    seen_before = _files(project / "build" / SITE)
    for number, edit in enumerate(EDITS):
        edit(project)
        pipeline.build(project)
        clean = _clean_copy(project, tmp_path / f"clean-{number}")
        pipeline.build(clean)
        ours = _files(project / "build" / SITE)
        assert _differences(ours, _files(clean / "build" / SITE)) == [], edit.__name__
        assert ours != seen_before, edit.__name__  # the edit did reach the output
        seen_before = ours
        shutil.rmtree(clean)


def test_a_rebuild_renders_only_the_edited_text(project: Path, monkeypatch):
    """The kept results are used: after one body is edited, Markdown runs once per
    text that changed, not once per entry."""
    pipeline.build(project)
    _edit_entry(project)
    rendered_texts = []
    real = rendered.markdown_html.to_html
    monkeypatch.setattr(
        rendered.markdown_html, "to_html", lambda text: rendered_texts.append(text) or real(text)
    )
    pipeline.build(project)
    assert len(rendered_texts) == 1 and "dựng từ thời Lê" in rendered_texts[0]


def test_a_rebuild_finishes_only_the_pages_whose_input_changed(project: Path, monkeypatch):
    """Finishing a page (its body and cut of the stylesheet put in) is done again only
    for the page whose body was edited: every other page, landings included, is the
    last output's file."""
    pipeline.build(project)
    made = []
    real = finished.Finished.made
    monkeypatch.setattr(
        finished.Finished,
        "made",
        lambda self, page, *rest: made.append(page) or real(self, page, *rest),
    )
    pipeline.build(project)
    assert made == []
    _edit_entry(project)
    pipeline.build(project)
    assert made == ["relics/van-mieu-mau/index.html"]


def test_a_page_kept_by_its_input_must_still_be_in_the_last_output(project: Path):
    """The kept input says what the last build made; the page is reused only if the
    output being served still holds those bytes (a build that failed after finishing,
    a file changed by hand): otherwise it is made again."""
    pipeline.build(project)
    page = project / "build" / SITE / "site" / "relics" / "van-mieu-mau" / "index.html"
    good = page.read_bytes()
    page.unlink()
    page.write_bytes(good.replace(b"V\xc4\x83n mi\xe1\xba\xbfu", b"Changed by hand"))
    pipeline.build(project)
    assert page.read_bytes() == good
    same_size = good.replace(b"V\xc4\x83n mi\xe1\xba\xbfu", b"Changed by!")
    assert len(same_size) == len(good)
    with page.open("r+b") as f:  # the same file, as long as it was
        f.write(same_size)
    pipeline.build(project)
    assert page.read_bytes() == good


def test_kept_results_follow_the_recipe_and_keep_only_what_was_used(tmp_path: Path):
    path = tmp_path / "rendered.json"
    first = Rendered(path)
    assert first.html("*một*") == "<p><em>một</em></p>"
    first.terms("Văn Miếu")
    first.save()
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert len(kept["made"]) == 2
    second = Rendered(path)
    second.html("*một*")  # the other text is not used this time
    second.save()
    assert len(json.loads(path.read_text(encoding="utf-8"))["made"]) == 1
    kept = json.loads(path.read_text(encoding="utf-8"))
    kept["made"] = {key: "<p>stale</p>" for key in kept["made"]}
    path.write_text(json.dumps(kept), encoding="utf-8")
    assert Rendered(path).html("*một*") == "<p>stale</p>"  # what is kept is what is used
    kept["recipe"] = "an older renderer"
    path.write_text(json.dumps(kept), encoding="utf-8")
    assert Rendered(path).html("*một*") == "<p><em>một</em></p>"  # a new recipe: made again


def test_mkdocs_runs_only_when_what_it_reads_changed(project: Path, monkeypatch):
    """An edited body changes no page MkDocs is given (it renders stand-ins): its output
    is copied from the last run. A new site name changes its settings in the language
    of that name: it runs again there.
    The build's time stands, as in a git project between two commits."""
    from generator.site import mkdocs_run

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    runs = []
    real = mkdocs_run.run_mkdocs
    monkeypatch.setattr(mkdocs_run, "run_mkdocs", lambda *args: runs.append(args) or real(*args))
    pipeline.build(project)
    assert len(runs) == 2  # one run per language
    _edit_entry(project)
    pipeline.build(project)
    assert len(runs) == 2
    _change_site_setting(project)  # the Vietnamese name: the English pages do not show it
    pipeline.build(project)
    assert [config.parent.name for config, _ in runs[2:]] == ["vi"]


def test_what_is_kept_for_a_site_goes_with_the_site(project: Path):
    """A spare output and MkDocs' kept output of a site no longer in the project are
    removed by the next build; the project's own site keeps its."""
    pipeline.build(project)
    pipeline.build(project)  # the first output is now the spare
    build = project / "build"
    assert (build / ".spare" / SITE / "site" / "relics").is_dir()
    gone = [build / ".spare" / "xa-cu" / "site", build / ".cache" / "mkdocs" / "xa-cu" / "vi"]
    for folder in gone:
        folder.mkdir(parents=True)
    pipeline.build(project)
    assert not (build / ".spare" / "xa-cu").exists()
    assert not (build / ".cache" / "mkdocs" / "xa-cu").exists()
    assert (build / ".spare" / SITE).is_dir() and (build / ".cache" / "mkdocs" / SITE).is_dir()
