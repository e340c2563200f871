"""The last steps of a site build: inlined CSS, the offline worker's version, gzip copies."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

from generator import pipeline
from generator.site.offline import build_version, digest_of, write_worker
from generator.site.precompress import write_gzip

SITE = Path("build") / "mau" / "site"


def test_pages_carry_their_css_and_link_no_theme_file(built_project: Path):
    site = built_project / SITE
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "/Q/" in page.as_posix():
            continue  # short-link landings have their own tiny style
        assert "<style>" in html and "<!--qs:inline-css-->" not in html, page
        assert "stylesheet" not in html and "bundle." not in html, page
    assert not (site / "assets" / "javascripts").exists()
    assert not (site / "assets" / "stylesheets").exists()
    assert not (site / "en" / "assets" / "stylesheets").exists()


def test_only_the_worker_carries_the_build_version(built_project: Path):
    """Pages do not name the build: an edit changes the pages it concerns and the
    worker, not every page (each page stores itself in the newest worker's cache)."""
    site = built_project / SITE
    version = re.search(r'var V="qs-(\w+)"', (site / "sw.js").read_text()).group(1)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert version not in html and "__QS_BUILD__" not in html, page
    relic = (site / "en" / "relics" / "van-mieu-mau" / "index.html").read_text()
    assert 'register("../../../sw.js")' in relic  # one worker at the site's root


def test_the_version_is_made_of_the_files_shipped_and_nothing_else(built_project: Path):
    """The files the build deleted (unused theme assets) and the gzip copies are not
    part of it; every page is."""
    site = built_project / SITE
    version = re.search(r'var V="qs-(\w+)"', (site / "sw.js").read_text()).group(1)
    assert build_version(site) == version
    kept = {p: p.read_bytes() for p in site.rglob("*.gz")}
    for packed in kept:
        packed.unlink()
    try:
        assert build_version(site) == version
    finally:
        for packed, data in kept.items():
            packed.write_bytes(data)


def test_gzip_copies_are_faithful_and_stable(built_project: Path, tmp_path: Path):
    site = built_project / SITE
    copies = sorted(site.rglob("*.gz"))
    assert any(p.name == "index.html.gz" for p in copies)
    for packed in copies:
        data = packed.read_bytes()
        assert gzip.decompress(data) == packed.with_suffix("").read_bytes()
        assert data[3] == 0 and data[4:8] == bytes(4)  # no file name, no time: same bytes
    again = tmp_path / "again"
    shutil.copytree(site, again)
    for p in again.rglob("*.gz"):
        p.unlink()
    write_gzip(again)
    for packed in copies:
        assert (again / packed.relative_to(site)).read_bytes() == packed.read_bytes()


def test_a_changed_page_changes_the_version(tmp_path: Path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p>one</p>")
    first = build_version(site)
    assert build_version(site) == first
    (site / "a" / "index.html").write_text("<p>two</p>")
    second = build_version(site)
    assert second != first
    assert build_version(site, {site / "a" / "index.html": digest_of(b"<p>one</p>")}) != second
    assert build_version(site, {site / "a" / "index.html": digest_of(b"<p>two</p>")}) == second
    write_worker(site, second)
    assert f'var V="qs-{second}"' in (site / "sw.js").read_text()
    assert build_version(site) == second  # the worker itself is not part of the version


def test_same_project_same_site_bytes(project: Path, tmp_path: Path):
    pipeline.build(project)
    first = {
        p.relative_to(project / SITE): p.read_bytes()
        for p in (project / SITE).rglob("*")
        if p.is_file()
    }
    shutil.rmtree(project / "build")
    pipeline.build(project)
    second = {
        p.relative_to(project / SITE): p.read_bytes()
        for p in (project / SITE).rglob("*")
        if p.is_file()
    }
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
