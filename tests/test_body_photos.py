"""Photos in the text are shipped as the cover is: sized WebP with a JPEG fallback,
width and height set, lazy below the page's first picture; never the original."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixture_project import photo

from generator import pipeline

RELIC = Path("relics/mau/van-mieu-mau")
GUIDE = Path("content/guides/kich-hoat-vneid")


def add_photos(project: Path, entry: Path, names: list[str]) -> None:
    for number, name in enumerate(names):
        photo(
            project / entry / name, size=(1600 + 200 * number, 1200), color=(40 * number, 90, 140)
        )
    vi = project / entry / "index.vi.md"
    text = vi.read_text(encoding="utf-8")
    lines = "\n\n".join(f"![Ảnh {n} & chú thích]({name})" for n, name in enumerate(names, 1))
    vi.write_text(text + "\n\n" + lines + "\n", encoding="utf-8")


def pictures(html: str) -> list[str]:
    return re.findall(r'<picture class="qs-photo">.*?</picture>', html, re.S)


def test_photos_in_a_relic_text_are_sized_and_lazy(project: Path):
    add_photos(project, RELIC, ["a.jpg", "b.png", "c.jpg"])
    pipeline.build(project)
    site = project / "build" / "mau" / "site"
    html = (site / "relics" / "van-mieu-mau" / "index.html").read_text(encoding="utf-8")
    found = pictures(html)
    assert len(found) == 3
    for number, (picture, width) in enumerate(zip(found, (1600, 1800, 2000), strict=True), 1):
        assert '<source type="image/webp" srcset="' in picture
        webp = re.findall(r"([^\s,\"]+\.webp) (\d+)w", picture)
        assert [int(w) for _, w in webp] == [480, 720, 1200]
        img = re.search(r"<img [^>]*>", picture).group(0)
        assert re.search(r'src="[^"]+\.jpg"', img)
        assert 'width="720"' in img and f'height="{round(1200 * 720 / width)}"' in img
        assert 'loading="lazy"' in img and "fetchpriority" not in img  # the cover is first
        assert f'alt="Ảnh {number} &amp; chú thích"' in img
        for url in [u for u, _ in webp] + re.findall(r'src="([^"]+)"', img):
            assert (site / "relics" / "van-mieu-mau" / url).resolve().is_file(), url
    shipped = [p.name for p in (site / "media").rglob("*")]
    assert not {"a.jpg", "b.png", "c.jpg"} & set(shipped)  # originals stay at home


def test_the_first_photo_of_a_page_without_a_cover_is_not_lazy(project: Path):
    add_photos(project, GUIDE, ["buoc-1.jpg", "buoc-2.jpg"])
    pipeline.build(project)
    html = (project / "build/mau/site/guides/kich-hoat-vneid/index.html").read_text("utf-8")
    first, second = pictures(html)
    assert 'fetchpriority="high"' in first and 'loading="lazy"' not in first
    assert 'loading="lazy"' in second


@pytest.mark.browser
def test_the_photos_show_in_chromium(project: Path, phone):
    from conftest import serve_dir

    add_photos(project, RELIC, ["a.jpg", "b.png", "c.jpg"])
    pipeline.build(project)
    server, url = serve_dir(project / "build" / "mau" / "site")
    try:
        phone.goto(url + "relics/van-mieu-mau/")
        phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        phone.wait_for_function(
            "[...document.querySelectorAll('.qs-photo img')]"
            ".every(i => i.complete && i.naturalWidth > 0)",
            timeout=10000,
        )
        sources = phone.eval_on_selector_all(".qs-photo img", "xs => xs.map(i => i.currentSrc)")
        assert len(sources) == 3 and all(s.endswith(".webp") for s in sources), sources
        box = phone.eval_on_selector(".qs-photo img", "i => i.getBoundingClientRect().width")
        assert box <= 360  # fits the phone's screen
    finally:
        server.shutdown()
