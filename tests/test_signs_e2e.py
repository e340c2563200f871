"""Signs from a real build: decode each printed code from the PDF, follow it to a page."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pypdfium2 as pdfium
import pytest
import zxingcpp
from click.testing import CliRunner
from fixture_project import make_project
from pypdf import PdfReader

from generator import pipeline
from generator.cli import main

SIGNS = Path("build") / "mau" / "signs"
SITE = Path("build") / "mau" / "site"


def decode(pdf: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        found = []
        for page in doc:
            image = page.render(scale=200 / 72, grayscale=True).to_pil()
            found += [r.text for r in zxingcpp.read_barcodes(image) if r.valid]
        return found
    finally:
        doc.close()


def follow(site: Path, url: str, lang_index: int = 0) -> Path:
    """The page a phone without JavaScript reaches from a printed URL (meta refresh)."""
    path = urlsplit(url).path.lstrip("/")
    landing = site / path / "index.html"
    assert landing.is_file(), url
    html = landing.read_text(encoding="utf-8")
    target = re.search(r'http-equiv="refresh" content="0; ?url=([^"]+)"', html, re.I).group(1)
    resolved = urlsplit(urljoin("http://x/" + path, target)).path.lstrip("/")
    page = site / resolved / "index.html"
    assert page.is_file(), (url, resolved)
    return page


def test_every_kind_of_sign_is_built(built_project: Path):
    rows = list(csv.DictReader((built_project / SIGNS / "manifest.csv").open(encoding="utf-8-sig")))
    kinds = {row["kind"] for row in rows}
    assert kinds == {
        "relic_plaque",
        "street_board",
        "street_poster",
        "counter_tent",
        "sticker_sheet",
    }
    assert (built_project / SIGNS / "all.pdf").is_file()
    for row in rows:
        assert (built_project / SIGNS / row["file"]).is_file()


def test_printed_codes_open_the_right_pages(built_project: Path):
    site = built_project / SITE
    rows = {
        r["code"]: r
        for r in csv.DictReader((built_project / SIGNS / "manifest.csv").open(encoding="utf-8-sig"))
    }
    plaque = next(r for r in rows.values() if r["entry"] == "relics/mau/van-mieu-mau")
    urls = decode(built_project / SIGNS / plaque["file"])
    assert urls == [plaque["url"]]
    assert re.fullmatch(r"HTTPS://MAU\.EXAMPLE\.ORG/Q/[2-9A-HJ-NP-Z]{5}/", urls[0])
    page = follow(site, urls[0])
    assert "Văn miếu Mẫu" in page.read_text(encoding="utf-8")

    board = next(r for r in rows.values() if r["kind"] == "street_board")
    (url,) = decode(built_project / SIGNS / board["file"])
    assert "VNeID" in follow(site, url).read_text(encoding="utf-8")

    poster = next(r for r in rows.values() if r["kind"] == "street_poster")
    poster_urls = decode(built_project / SIGNS / poster["file"])
    assert len(poster_urls) == 3  # the street's own code and one per stop
    for url in poster_urls:
        follow(site, url)


def test_qrsite_verify_passes_and_catches_a_missing_page(project: Path, monkeypatch):
    monkeypatch.chdir(project)
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    result = runner.invoke(main, ["verify"])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    # the landing is there but the English page it leads to is not: the plaque fails
    rows = csv.DictReader((project / SIGNS / "manifest.csv").open(encoding="utf-8-sig"))
    plaque = next(r["code"] for r in rows if r["entry"] == "relics/mau/van-mieu-mau")
    english = project / SITE / "en" / "relics" / "van-mieu-mau" / "index.html"
    saved = english.read_bytes()
    english.unlink()
    result = runner.invoke(main, ["verify"])
    assert result.exit_code == 1
    failed = [line for line in result.output.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 1 and failed[0].startswith(f"FAIL mau/{plaque}:"), result.output
    assert "en/relics/van-mieu-mau/index.html" in failed[0]
    english.write_bytes(saved)
    landing = next((project / SITE / "Q").iterdir())
    for child in landing.iterdir():
        child.unlink()
    landing.rmdir()
    result = runner.invoke(main, ["verify"])
    assert result.exit_code == 1
    assert "FAIL" in result.output


def sign_bytes(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / SIGNS).glob("*.pdf"))}


@pytest.mark.slow
def test_signs_do_not_depend_on_where_the_project_lives(tmp_path):
    first = make_project(tmp_path / "one" / "project")
    pipeline.build(first)
    before = sign_bytes(first)
    plaque = next(
        r["file"]
        for r in csv.DictReader((first / SIGNS / "manifest.csv").open(encoding="utf-8-sig"))
        if r["entry"] == "relics/mau/van-mieu-mau"
    )
    assert "/XObject" in PdfReader(first / SIGNS / plaque).pages[0]["/Resources"]  # the logo
    # a copy in another folder, built from scratch, prints the same bytes
    copy = tmp_path / "two" / "elsewhere"
    shutil.copytree(first, copy, ignore=shutil.ignore_patterns("build"))
    pipeline.build(copy)
    assert sign_bytes(copy) == before
    # the project moved with its cache, and one entry changed: all.pdf is drawn again,
    # replaying the cached drawings of the signs that did not change
    moved = tmp_path / "three" / "moved"
    moved.parent.mkdir()
    first.rename(moved)
    relic = moved / "relics" / "mau" / "dinh-lang-dong" / "index.vi.md"
    relic.write_text(relic.read_text("utf-8").replace("Đình Làng Đông", "Đình làng Đông"), "utf-8")
    pipeline.build(moved)
    after = sign_bytes(moved)
    assert after[plaque] == before[plaque]
    assert after["all.pdf"] != before["all.pdf"]
    assert "Đình làng Đông" in "".join(
        p.extract_text() for p in PdfReader(moved / SIGNS / "all.pdf").pages
    )


@pytest.mark.slow
def test_source_date_epoch_does_not_reach_the_signs(tmp_path, monkeypatch):
    first = make_project(tmp_path / "one" / "project")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pipeline.build(first)
    second = tmp_path / "two" / "project"
    shutil.copytree(first, second, ignore=shutil.ignore_patterns("build"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    pipeline.build(second)  # a clean build on another day
    pipeline.build(first)  # a warm one: every sign comes from the cache
    assert sign_bytes(second) == sign_bytes(first)
