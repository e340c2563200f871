"""`qrsite build --keep-going`: one locality's mistake does not keep the others offline.

A site whose own files hold an error is held back (its previous output stays exactly as
it was) and the other sites are built; an error in what the sites share (a guide) still
stops every site. The exit code, 3, tells a pipeline to publish what was built and
report the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

from fixture_project import make_project
from test_payments import run

from generator import pipeline


def two_sites(root: Path) -> Path:
    make_project(root)
    shutil.copytree(root / "sites" / "mau", root / "sites" / "mau2")
    shutil.copytree(root / "relics" / "mau", root / "relics" / "mau2")
    site = root / "sites" / "mau2" / "site.yml"
    text = site.read_text(encoding="utf-8").replace("mau.example.org", "mau2.example.org")
    site.write_text(text.replace("MAU.EXAMPLE.ORG", "MAU2.EXAMPLE.ORG"), encoding="utf-8")
    (root / "sites" / "mau2" / "codes.yml").unlink(missing_ok=True)
    return root


def break_file(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:", 1), "utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_site_with_an_error_is_held_back_and_the_others_are_built(tmp_path):
    root = two_sites(tmp_path / "p")
    pipeline.build(root)
    held = snapshot(root / "build" / "mau2")
    break_file(root / "relics" / "mau2" / "van-mieu-mau" / "index.vi.md")
    (root / "relics" / "mau" / "van-mieu-mau" / "index.vi.md").write_text(
        (root / "relics" / "mau" / "van-mieu-mau" / "index.vi.md")
        .read_text(encoding="utf-8")
        .replace("title: Văn miếu Mẫu", "title: Văn miếu Mẫu đã sửa"),
        encoding="utf-8",
    )
    result = run(root, "build", "--keep-going")
    assert result.exit_code == 3, result.output
    assert "relics/mau2/van-mieu-mau/index.vi.md" in result.output
    assert "mau2: not built" in result.output  # LANG=en_US: the English message
    page = root / "build" / "mau" / "site" / "relics" / "van-mieu-mau" / "index.html"
    assert "Văn miếu Mẫu đã sửa" in page.read_text(encoding="utf-8")  # built anew
    assert snapshot(root / "build" / "mau2") == held  # untouched, byte for byte
    assert run(root, "build").exit_code == 1  # without the flag: nothing is built


def test_an_error_in_a_shared_guide_stops_every_site(tmp_path):
    root = two_sites(tmp_path / "p")
    pipeline.build(root)
    before = snapshot(root / "build" / "mau")
    break_file(root / "content" / "guides" / "kich-hoat-vneid" / "index.vi.md")
    result = run(root, "build", "--keep-going")
    assert result.exit_code == 1, result.output
    assert snapshot(root / "build" / "mau") == before
