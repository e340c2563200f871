"""A photo's sizes from one decoding, each from the next wider one: as good as before,
hardly larger, the same bytes in any process, and a new cache key for a new recipe.

The reference is the recipe before (bench/photos.py keeps it) and the size made in one
step from the whole original, on textured pictures (flat ones would pass anything).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from ssim import ssim
from textured_photos import save_textured_photo

from generator.site import media, photosizes
from generator.site.media import MediaMap
from generator.site.photosizes import Size, make_sizes

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from photos import SIZES, ideal_picture, old_size  # noqa: E402

SEEDS = (11, 12, 13)


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("textured")
    return [save_textured_photo(folder / f"anh-{seed}.jpg", seed) for seed in SEEDS]


def _sizes(folder: Path) -> list[Size]:
    return [Size(width, fmt, folder / f"{width}.{fmt.lower()}") for width, fmt in SIZES]


@pytest.fixture(scope="module")
def made(photos: list[Path], tmp_path_factory) -> list[tuple[Path, Path, Path]]:
    """(photo, its old sizes' folder, its new sizes' folder)"""
    out = []
    for photo in photos:
        old, new = (tmp_path_factory.mktemp(f"{photo.stem}-{k}") for k in ("old", "new"))
        for size in _sizes(old):
            old_size(photo, size.width, size.fmt, size.out)
        make_sizes(photo, _sizes(new), media.LADDER)
        out.append((photo, old, new))
    return out


def test_each_size_is_resized_within_an_ssim_of_099_of_one_step_from_the_original(
    photos: list[Path],
):
    """Not of the old recipe's picture: that decoded a JPEG at half scale for the 480
    and 160 sizes, 0.987 of one step at 480 (bench/photos.py prints both)."""
    for photo in photos:
        for width, picture in photosizes.resized(photo, {w for w, _ in SIZES}):
            ideal = ideal_picture(photo, width)
            assert picture.size == ideal.size
            assert ssim(picture, ideal) >= 0.99, (photo.name, width)


def test_each_file_keeps_as_much_of_the_picture_as_before_and_is_at_most_5_percent_larger(
    made: list[tuple[Path, Path, Path]],
):
    for photo, old, new in made:
        for before, after in zip(_sizes(old), _sizes(new), strict=True):
            where = (photo.name, after.width, after.fmt)
            assert after.out.stat().st_size <= 1.05 * before.out.stat().st_size, where
            ideal = ideal_picture(photo, after.width)
            with Image.open(before.out) as a, Image.open(after.out) as b:
                assert b.size == a.size and b.format == a.format == after.fmt, where
                assert ssim(b, ideal) >= 0.99 * ssim(a, ideal), where


def test_the_widest_size_is_the_same_file_as_before(made: list[tuple[Path, Path, Path]]):
    """Resized from the original with the same settings: not one byte changed."""
    for _, old, new in made:
        assert (old / "1200.webp").read_bytes() == (new / "1200.webp").read_bytes()


def test_a_size_made_alone_is_the_same_file_as_made_with_the_others(
    made: list[tuple[Path, Path, Path]], tmp_path: Path
):
    """Another site may need the thumbnail alone later: it comes through the same sizes,
    so a cached size's bytes never depend on what was missing with it."""
    photo, _, new = made[0]
    for size in _sizes(tmp_path):
        if size.width < max(media.LADDER):
            make_sizes(photo, [size], media.LADDER)
            assert size.out.read_bytes() == (new / size.out.name).read_bytes(), size.out.name


def test_the_same_photo_gives_the_same_bytes_in_another_process(photos: list[Path], tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    make_sizes(photos[0], _sizes(here))
    code = (
        "import sys; from pathlib import Path; "
        "from generator.site.photosizes import Size, make_sizes; "
        f"sizes = {[(s.width, s.fmt, s.out.name) for s in _sizes(there)]!r}; "
        "make_sizes(Path(sys.argv[1]), [Size(w, f, Path(sys.argv[2]) / n) for w, f, n in sizes])"
    )
    subprocess.run([sys.executable, "-c", code, str(photos[0]), str(there)], check=True, cwd=ROOT)
    for size in _sizes(here):
        assert size.out.read_bytes() == (there / size.out.name).read_bytes(), size.out.name


def test_a_photo_is_decoded_once_for_all_its_sizes(photos: list[Path], tmp_path, monkeypatch):
    opened = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda fp, *a, **k: opened.append(fp) or real_open(fp))
    make_sizes(photos[0], _sizes(tmp_path))
    assert opened == [photos[0]]


def test_a_changed_recipe_gets_new_cache_keys_and_urls(tmp_path: Path, monkeypatch):
    source = save_textured_photo(tmp_path / "den" / "anh.jpg", 1, size=(400, 300))
    variant = media.Variant(source, "", 400, "WEBP")

    def names() -> tuple[str, str]:
        medium = MediaMap()
        return media._cache_key(variant, medium.digest(source)), medium.version(source)

    before = names()
    monkeypatch.setattr(photosizes, "WEBP_METHOD", photosizes.WEBP_METHOD - 1)
    changed = names()
    monkeypatch.undo()
    monkeypatch.setattr(photosizes, "RESIZER_VERSION", "0")
    again = names()
    assert before[0] != changed[0] != again[0] != before[0]
    assert before[1] != changed[1] != again[1] != before[1]


def test_many_photos_resized_in_workers_are_what_one_process_makes(tmp_path: Path):
    """Spread over worker processes, each photo's sizes are the bytes made here."""
    sources = [
        save_textured_photo(tmp_path / "in" / f"{n}.jpg", n, size=(1000, 750)) for n in range(5)
    ]
    widths = [(min(w, 1000), f) for w, f in SIZES]
    todo = {
        str(tmp_path / "pool" / f"{s.stem}-{w}.{f}"): media.Variant(s, "", w, f)
        for s in sources
        for w, f in widths
    }
    media._make_sizes(todo, jobs=2)
    media._make_sizes({k.replace("pool", "alone"): v for k, v in todo.items()}, jobs=1)
    for cached in todo:
        alone = Path(cached.replace("pool", "alone"))
        assert Path(cached).read_bytes() == alone.read_bytes()
