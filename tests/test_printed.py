"""What needs printing again: `qrsite printed` records the version of each sign that went
to the print shop; `status` and `reprint.pdf` then show what changed since, what was
never printed, and what hangs on a wall leading nowhere."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from test_payments import run

from generator import pipeline
from generator.codes import read_registry
from generator.signs.verify import decode_pdf

RELIC = "relics/mau/van-mieu-mau"
SIGNS = Path("build/mau/signs")


def relic_code(root: Path) -> str:
    registry = read_registry(root / "sites" / "mau" / "codes.yml")
    return next(c.code for c in registry.codes.values() if c.target == RELIC)


def pages(pdf: Path) -> int:
    return len(pdfium.PdfDocument(str(pdf)))


def manifest(root: Path) -> dict[str, dict]:
    with (root / SIGNS / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


def retitle(root: Path, title: str) -> None:
    vi = root / RELIC / "index.vi.md"
    text = vi.read_text(encoding="utf-8")
    start = text.index("title: ") + len("title: ")
    end = text.index("\n", start)
    vi.write_text(text[:start] + title + text[end:], encoding="utf-8")


@pytest.fixture
def printed_project(project):
    assert run(project, "build").exit_code == 0
    result = run(project, "printed", "mau", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert run(project, "build").exit_code == 0  # reprint.pdf is a build's
    return project


def test_before_anything_is_printed_every_sign_is_new(project):
    pipeline.build(project)
    signs = project / SIGNS
    assert pages(signs / "reprint.pdf") == pages(signs / "all.pdf")
    status = run(project, "status").output
    assert f"signs never printed: {len(manifest(project))}" in status


def test_a_title_corrected_after_printing_is_listed_and_reprinted_alone(printed_project):
    root = printed_project
    signs = root / SIGNS
    assert not (signs / "reprint.pdf").exists()  # everything printed, nothing changed
    assert "never printed" not in run(root, "status").output
    retitle(root, "Văn miếu Mẫu (đã sửa tên)")
    assert run(root, "build").exit_code == 0
    code = relic_code(root)
    status = run(root, "status").output
    assert "to print again" in status and f"    {code}: title_vi" in status
    assert pages(signs / "reprint.pdf") == 1
    found, _ = decode_pdf(signs / "reprint.pdf")
    assert found == [manifest(root)[code]["url"]]  # the corrected plaque, nothing else
    retitle(root, "Văn miếu Mẫu")  # corrected back: what hangs is right again
    assert run(root, "build").exit_code == 0
    assert not (signs / "reprint.pdf").exists()
    assert "to print again" not in run(root, "status").output


def test_a_new_way_of_drawing_asks_for_no_reprint(printed_project, monkeypatch):
    """A renderer change draws every sign again, yet shows the same: nothing to print."""
    import generator.signs.cache as cache
    import generator.signs.render as render

    before = manifest(printed_project)
    monkeypatch.setattr(cache, "RENDERER_VERSION", cache.RENDERER_VERSION + "-new")
    monkeypatch.setattr(render, "RENDERER_VERSION", render.RENDERER_VERSION + "-new")
    shutil.rmtree(printed_project / "build" / ".cache" / "signs", ignore_errors=True)
    assert run(printed_project, "build").exit_code == 0
    assert {c: r["version"] for c, r in manifest(printed_project).items()} == {
        c: r["version"] for c, r in before.items()
    }
    assert not (printed_project / SIGNS / "reprint.pdf").exists()
    assert "to print again" not in run(printed_project, "status").output


def test_printed_with_a_manifest_records_exactly_what_went_to_the_shop(project, tmp_path):
    assert run(project, "build").exit_code == 0
    shop_copy = tmp_path / "manifest-sent.csv"
    shop_copy.write_bytes((project / SIGNS / "manifest.csv").read_bytes())
    retitle(project, "Văn miếu Mẫu mới")
    assert run(project, "build").exit_code == 0  # the shop printed the old title
    result = run(project, "printed", "mau", "--manifest", str(shop_copy))
    assert result.exit_code == 0, result.output
    status = run(project, "status").output
    assert f"{relic_code(project)}: title_vi" in status


def test_printing_some_codes_leaves_the_others_never_printed(project):
    assert run(project, "build").exit_code == 0
    code = relic_code(project)
    assert run(project, "printed", "mau", code).exit_code == 0
    text = (project / "sites" / "mau" / "printed.yml").read_text(encoding="utf-8")
    assert f"  {code}:" in text and text.count("version:") == 1
    assert f"signs never printed: {len(manifest(project)) - 1}" in run(project, "status").output
    result = run(project, "printed", "mau", "NOPE9")
    assert result.exit_code == 1 and "NOPE9" in result.output


def test_a_retired_entry_printed_sign_is_to_take_down_naming_where_it_hangs(printed_project):
    code = relic_code(printed_project)
    result = run(printed_project, "retire", RELIC, "--yes")
    assert result.exit_code == 0, result.output
    assert run(printed_project, "build").exit_code == 0
    status = run(printed_project, "status").output
    assert "take down or replace" in status
    assert f"    {code}: Tại cổng di tích · At the relic's gate" in status


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("signs: [1, 2]\n", 1),
        ("signs:\n  AB12C:\n    version: xyz\n    printed: 2026-11-20\n", 2),
        ("signs:\n  AB12C:\n    version: 0123456789ab\n    printed: 20/11/2026\n", 2),
        ("signs: {: [\n", 1),
    ],
)
def test_printed_yml_edited_into_nonsense_is_named_with_its_line_and_never_overwritten(
    project, text, line
):
    """A record that cannot be read is a warning (its sign counts as never printed, so
    nothing is lost and the other sites still publish), and `printed` will not write
    over it until it is corrected."""
    path = project / "sites" / "mau" / "printed.yml"
    path.write_text(text, encoding="utf-8")
    warnings = [w for w in pipeline.check(project).warnings if w.path == "sites/mau/printed.yml"]
    assert warnings and warnings[0].line == line
    assert run(project, "build").exit_code == 0
    result = run(project, "printed", "mau")
    assert result.exit_code == 1 and f"sites/mau/printed.yml:{line}" in result.output
    assert path.read_text(encoding="utf-8") == text


def test_a_layout_change_asks_for_no_reprint(printed_project, monkeypatch, tmp_path):
    """Another colour and another box for the title: every plaque is drawn again and looks
    different, and yet shows the same: nothing to print."""
    from generator.signs import layout, render

    folder = tmp_path / "layouts"
    shutil.copytree(layout.LAYOUT_DIR, folder)
    plaque = folder / "relic_plaque.yml"
    text = plaque.read_text(encoding="utf-8")
    text = text.replace("heritage: [0.10, 0.95, 0.90, 0.35]", "heritage: [0.9, 0.2, 0.0, 0.3]")
    plaque.write_text(text.replace("box: [14, 10, 182, 40]", "box: [20, 12, 170, 38]"), "utf-8")
    monkeypatch.setattr(render, "load_layout", lambda kind: layout.load_layout(kind, folder))
    signs = printed_project / SIGNS
    code = relic_code(printed_project)
    before = (signs / f"{code}.pdf").read_bytes()
    assert run(printed_project, "build").exit_code == 0
    assert (signs / f"{code}.pdf").read_bytes() != before  # drawn anew, differently
    assert not (signs / "reprint.pdf").exists()
    assert "to print again" not in run(printed_project, "status").output


def test_a_payment_sticker_is_recorded_without_its_account(project):
    from test_payments import cashless

    cashless(project)
    assert run(project, "build").exit_code == 0
    assert run(project, "printed", "mau").exit_code == 0
    text = (project / "sites" / "mau" / "printed.yml").read_text(encoding="utf-8")
    assert "pho-mau--tap-hoa-co-lan:" in text and "VietQR 970436 •••• 1234" in text
    assert "0000001234" not in text and "0000005678" not in text
