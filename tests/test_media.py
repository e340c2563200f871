"""Photos made fit for an old phone: responsive WebP with a JPEG fallback, sized, cached."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from PIL import Image

from generator import kept_json
from generator.site.media import FALLBACK, WIDTHS, MediaMap
from generator.site.photofacts import PhotoFacts


def photo(folder: Path, name: str = "anh.jpg", size=(2400, 1600), color=(180, 120, 60)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    img = Image.linear_gradient("L").resize(size).convert("RGB")
    img = Image.blend(img, Image.new("RGB", size, color), 0.5)
    path = folder / name
    img.save(path, quality=95)
    return path


def entry(folder: Path):
    """The three things MediaMap reads from an entry."""
    return SimpleNamespace(folder=folder, section="relics", slug="den")


def same(p: str) -> str:
    return p


def test_picture_offers_webp_sizes_and_a_jpeg_fallback_with_dimensions(tmp_path: Path):
    photo(tmp_path / "den")
    media = MediaMap()
    html = media.picture(entry(tmp_path / "den"), "anh.jpg", "Đền", same, eager=True)
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    assert [int(w) for w in re.findall(r" (\d+)w", srcset)] == list(WIDTHS)
    assert re.search(r'<img src="media/relics/den/anh-720\.[0-9a-f]{8}\.jpg"', html)
    assert f'width="{FALLBACK}" height="{FALLBACK * 2 // 3}"' in html
    assert 'fetchpriority="high"' in html and 'loading="lazy"' not in html
    later = media.picture(entry(tmp_path / "den"), "anh.jpg", "Đền", same)
    assert 'loading="lazy"' in later and "fetchpriority" not in later


def test_written_files_have_the_promised_sizes_and_formats(tmp_path: Path):
    photo(tmp_path / "den")
    media = MediaMap()
    media.picture(entry(tmp_path / "den"), "anh.jpg", "", same)
    site = tmp_path / "site"
    media.write(site, tmp_path / "cache")
    shipped = sorted(p for p in site.rglob("*") if p.is_file())
    assert "anh.jpg" not in {p.name for p in shipped}  # the original never ships
    for path in shipped:
        with Image.open(path) as img:
            width = int(re.search(r"-(\d+)\.", path.name).group(1))
            assert img.width == width
            assert img.format == ("WEBP" if path.suffix == ".webp" else "JPEG")


def test_a_small_photo_is_not_enlarged_nor_listed_twice(tmp_path: Path):
    photo(tmp_path / "den", size=(300, 200))
    html = MediaMap().picture(entry(tmp_path / "den"), "anh.jpg", "", same)
    assert re.findall(r" (\d+)w", html) == ["300"]
    assert 'width="300" height="200"' in html


def test_a_changed_photo_gets_a_new_name(tmp_path: Path):
    photo(tmp_path / "den")
    first = MediaMap().picture(entry(tmp_path / "den"), "anh.jpg", "", same)
    photo(tmp_path / "den", color=(20, 40, 200))
    second = MediaMap().picture(entry(tmp_path / "den"), "anh.jpg", "", same)
    assert first != second
    names = re.compile(r"anh-\d+\.([0-9a-f]{8})\.")
    assert set(names.findall(first)).isdisjoint(names.findall(second))


def test_resized_copies_come_from_the_cache_on_rebuild(tmp_path: Path):
    photo(tmp_path / "den")
    cache = tmp_path / "cache"
    media = MediaMap()
    media.picture(entry(tmp_path / "den"), "anh.jpg", "", same)
    media.write(tmp_path / "a", cache)
    stamps = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    media.write(tmp_path / "b", cache)
    assert stamps and stamps == {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    for a in (tmp_path / "a").rglob("*.webp"):
        assert a.read_bytes() == (tmp_path / "b" / a.relative_to(tmp_path / "a")).read_bytes()


def test_a_photo_is_read_whole_once_for_all_its_names_and_sizes(tmp_path: Path, monkeypatch):
    """An author's photo can be megabytes: its URLs and its cache keys share one hash."""
    source = photo(tmp_path / "den")
    reads = []
    read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: reads.append(path) or read(path))
    media = MediaMap()
    for _ in range(2):  # both languages
        media.picture(entry(tmp_path / "den"), "anh.jpg", "", same)
        media.thumbnail(entry(tmp_path / "den"), "anh.jpg", same)
    media.write(tmp_path / "site", tmp_path / "cache", jobs=1)
    assert reads.count(source) == 1


def test_a_photo_taken_sideways_is_measured_upright(tmp_path: Path):
    folder = tmp_path / "den"
    folder.mkdir()
    img = Image.new("RGB", (1600, 1200), (90, 90, 90))
    exif = img.getexif()
    exif[0x0112] = 6  # rotate 90° on display
    img.save(folder / "anh.jpg", exif=exif)
    html = MediaMap().picture(entry(folder), "anh.jpg", "", same)
    assert f'width="{FALLBACK}" height="{FALLBACK * 4 // 3}"' in html


def _counting_measures(monkeypatch) -> list[Path]:
    from generator.site import media as media_module

    measured: list[Path] = []
    measure = media_module._measure
    monkeypatch.setattr(
        media_module, "_measure", lambda source: measured.append(source) or measure(source)
    )
    return measured


def _first_build(folder: Path, facts_file: Path) -> str:
    media = MediaMap(PhotoFacts(facts_file))
    html = media.picture(entry(folder), "anh.jpg", "", same)
    media.facts.save()
    return html


def test_an_unchanged_photo_is_not_read_in_the_next_build(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(kept_json, "FRESH_NS", 0)  # as if the photo were saved long ago
    photo(tmp_path / "den")
    facts = tmp_path / "cache" / "facts.json"
    first = _first_build(tmp_path / "den", facts)
    measured = _counting_measures(monkeypatch)
    again = MediaMap(PhotoFacts(facts)).picture(entry(tmp_path / "den"), "anh.jpg", "", same)
    assert measured == [] and again == first


def test_a_changed_photo_is_read_again_in_the_next_build(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(kept_json, "FRESH_NS", 0)
    photo(tmp_path / "den")
    facts = tmp_path / "cache" / "facts.json"
    first = _first_build(tmp_path / "den", facts)
    size = (tmp_path / "den" / "anh.jpg").stat().st_size
    new = photo(tmp_path / "den", size=(1200, 1200), color=(20, 40, 200))  # same name
    new.write_bytes(new.read_bytes().ljust(size, b"\0"))  # and the same number of bytes
    assert new.stat().st_size == size
    measured = _counting_measures(monkeypatch)
    again = MediaMap(PhotoFacts(facts)).picture(entry(tmp_path / "den"), "anh.jpg", "", same)
    assert measured == [tmp_path / "den" / "anh.jpg"]
    assert again != first and f'height="{FALLBACK}"' in again


def test_a_photo_saved_just_before_the_build_is_read_again_next_time(tmp_path, monkeypatch):
    """Two saves within one tick of the file system's clock leave the same record."""
    photo(tmp_path / "den")
    facts = tmp_path / "cache" / "facts.json"
    _first_build(tmp_path / "den", facts)
    measured = _counting_measures(monkeypatch)
    MediaMap(PhotoFacts(facts)).picture(entry(tmp_path / "den"), "anh.jpg", "", same)
    assert measured == [tmp_path / "den" / "anh.jpg"]


def test_damaged_kept_facts_are_measured_again(tmp_path: Path, monkeypatch):
    photo(tmp_path / "den")
    facts = tmp_path / "facts.json"
    facts.write_text('{"broken": ', encoding="utf-8")
    measured = _counting_measures(monkeypatch)
    html = MediaMap(PhotoFacts(facts)).picture(entry(tmp_path / "den"), "anh.jpg", "", same)
    assert measured and f'width="{FALLBACK}"' in html


def test_every_shipped_file_under_media_carries_a_hash_of_its_content(project: Path):
    """Hosts keep media/ a year (docs/nginx/): a re-recorded narration must get a new name."""
    import hashlib

    from generator import pipeline

    relic = project / "relics" / "mau" / "van-mieu-mau"
    (relic / "thuyet-minh.mp3").write_bytes(b"ID3 first recording")
    vi = relic / "index.vi.md"
    vi.write_text(
        vi.read_text(encoding="utf-8").replace("\nhours:", "\naudio: thuyet-minh.mp3\nhours:", 1),
        encoding="utf-8",
    )
    pipeline.build(project)
    media = project / "build" / "mau" / "site" / "media"
    shipped = [p for p in media.rglob("*") if p.is_file()]
    assert any(p.suffix == ".mp3" for p in shipped)
    for path in shipped:
        assert re.fullmatch(r"[a-z0-9-]+\.[0-9a-f]{8}\.[a-z0-9]+", path.name), path
    first = hashlib.sha256(b"ID3 first recording").hexdigest()[:8]
    assert (media / "relics" / "van-mieu-mau" / f"thuyet-minh.{first}.mp3").read_bytes() == (
        b"ID3 first recording"
    )
    (relic / "thuyet-minh.mp3").write_bytes(b"ID3 recorded again")
    pipeline.build(project)
    again = hashlib.sha256(b"ID3 recorded again").hexdigest()[:8]
    page = (
        project / "build" / "mau" / "site" / "relics" / "van-mieu-mau" / "index.html"
    ).read_text(encoding="utf-8")
    assert f"thuyet-minh.{again}.mp3" in page and f"thuyet-minh.{first}.mp3" not in page
    assert not (media / "relics" / "van-mieu-mau" / f"thuyet-minh.{first}.mp3").exists()
