"""Photos and audio next to an entry, made fit for an old phone.

Pages ask for a picture by name; this map remembers what each page needs and writes
every file once, after MkDocs has built the pages. Resized copies are cached by the
hash of the original, so a rebuild resizes only photos that changed. Originals are
never shipped as they are.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from PIL import Image, ImageOps

from ..model import Entry
from ..parallel import cpu_count, map_processes
from ..paths import child_file
from ..progress import report as report_progress
from ..staging import place, temp_beside
from ..sweep import record
from .photofacts import PhotoFacts
from .photosizes import Size, make_sizes, recipe

Image.MAX_IMAGE_PIXELS = 120_000_000  # a 12,000×9,000 photo is resized, anything bigger refused

# A 360 px phone at DPR 2 takes 720 (a photo of ~40 KB instead of ~80 KB at 960);
# 480 serves DPR 1, 1200 a desktop screen. The JPEG fallback (browsers without WebP)
# is made at FALLBACK width only.
WIDTHS = (480, 720, 1200)
FALLBACK = 720
THUMB = 160
LADDER = tuple(sorted({*WIDTHS, FALLBACK, THUMB}, reverse=True))  # each from the one before
SPREAD_FROM = 4  # photos to resize before worker processes pay for their start
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class Variant:
    source: Path
    dest: str  # path under the site root
    width: int | None  # None: copy as is
    fmt: str  # JPEG | WEBP | copy


def entry_media_dir(entry: Entry) -> str:
    return f"media/{entry.section}/{entry.slug}/"


class MediaMap:
    """`facts`: each photo's sha256 and size, measured once (kept between builds when
    the facts have a file)."""

    def __init__(self, facts: PhotoFacts | None = None) -> None:
        self.variants: dict[str, Variant] = {}
        self.facts = facts or PhotoFacts()
        self._photos: dict[tuple[Path, str], tuple[Path, str, str, int]] = {}

    def size(self, source: Path) -> tuple[int, int]:
        """The photo's width and height as shown (turned as its camera says)."""
        return self.facts.of(source, _measure)[1]

    def _add(self, source: Path, dest: str, width: int | None, fmt: str) -> str:
        self.variants.setdefault(dest, Variant(source, dest, width, fmt))
        return dest

    def _sized(self, entry: Entry, name: str, width: int, fmt: str) -> str:
        key = (entry.folder, name)
        photo = self._photos.get(key)
        if photo is None:  # each size of each photo asks: a dozen times per photo
            source = entry.folder / name
            base = f"{entry_media_dir(entry)}{Path(name).stem}"
            photo = self._photos[key] = (source, base, self.version(source), self.size(source)[0])
        source, base, tag, full_width = photo
        real = min(width, full_width)
        ext = "webp" if fmt == "WEBP" else "jpg"
        return self._add(source, f"{base}-{real}.{tag}.{ext}", real, fmt)

    def sized_jpeg(self, entry: Entry, name: str) -> str:
        """The path (from the site's root) of the photo's fallback JPEG, shipped anyway."""
        return self._sized(entry, name, FALLBACK, "JPEG")

    def version(self, source: Path) -> str:
        """A short hash of the photo and the resizer: a changed photo gets a new URL,
        so hosts and phones may keep every photo URL for a year (see docs/nginx/)."""
        params = f"{self.digest(source)}/{recipe()}"
        return hashlib.sha256(params.encode()).hexdigest()[:8]

    def digest(self, source: Path) -> str:
        """The photo's sha256 (an author's photo can be megabytes: see photofacts.py)."""
        return self.facts.of(source, _measure)[0]

    def picture(
        self, entry: Entry, name: str, alt: str, url_for, eager: bool = False, cls: str = "qs-cover"
    ) -> str:
        source = entry.folder / name
        w, h = self.size(source)
        webp = list(dict.fromkeys((self._sized(entry, name, x, "WEBP"), min(x, w)) for x in WIDTHS))
        jpeg = self._sized(entry, name, FALLBACK, "JPEG")
        fallback_w = min(FALLBACK, w)
        height = round(h * fallback_w / w)
        srcset = ", ".join(f"{escape(url_for(p))} {pw}w" for p, pw in webp)
        loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
        return (
            f'<picture class="{cls}"><source type="image/webp" srcset="{srcset}" '
            f'sizes="(min-width: 960px) 720px, 100vw">'
            f'<img src="{escape(url_for(jpeg))}" alt="{escape(alt)}" width="{fallback_w}" '
            f'height="{height}" {loading} decoding="async"></picture>'
        )

    def thumbnail(self, entry: Entry, name: str, url_for) -> str:
        source = entry.folder / name
        w, h = self.size(source)
        path = self._sized(entry, name, THUMB, "JPEG")
        tw = min(THUMB, w)
        return (
            f'<img class="qs-thumb" src="{escape(url_for(path))}" alt="" width="{tw}" '
            f'height="{round(h * tw / w)}" loading="lazy" decoding="async">'
        )

    def file(self, entry: Entry, name: str, url_for) -> str:
        return url_for(self._copied(entry, entry.folder / name))

    def _copied(self, entry: Entry, source: Path) -> str:
        """An author's file (narration audio, a document) shipped as it is, its name tagged
        with a hash of its content like the photos': a file recorded again gets a new URL,
        so nothing under media/ can stay stale on a phone that keeps it a year."""
        tag = self.facts.of(source, _measure_file)[0][:8]
        return self._add(
            source, f"{entry_media_dir(entry)}{source.stem}.{tag}{source.suffix}", None, "copy"
        )

    _ATTR = re.compile(r'(<(?:img|a)\b[^>]*?\s(?:src|href)=")([^"]+)(")')
    _IMG = re.compile(r"<img\b[^>]*>")
    _SRC = re.compile(r'\ssrc="([^"]+)"')
    _ALT = re.compile(r'\salt="([^"]*)"')

    def rewrite(self, entry: Entry, html: str, url_for, eager_first: bool = False) -> str:
        """Point relative links to files in the entry's folder at their shipped copies;
        a photo in the text is shipped as the cover is (WebP sizes, a JPEG, its size set),
        lazy unless `eager_first` and it is the page's first picture."""
        eager = [eager_first]

        def photo(match: re.Match) -> str:
            src = self._SRC.search(match.group(0))
            target = unescape(src.group(1)) if src else ""
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", target, re.I):
                return match.group(0)
            source = child_file(entry.folder, target)
            if source is None or not source.is_file():
                return match.group(0)
            if source.suffix.lower() not in PHOTO_SUFFIXES:
                return match.group(0)
            alt = self._ALT.search(match.group(0))
            first, eager[0] = eager[0], False
            text = unescape(alt.group(1)) if alt else ""
            return self.picture(entry, target, text, url_for, eager=first, cls="qs-photo")

        html = self._IMG.sub(photo, html)

        def repl(match: re.Match) -> str:
            target = match.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", target, re.I):
                return match.group(0)
            source = child_file(entry.folder, target)
            if source is None or not source.is_file():
                return match.group(0)
            if source.suffix.lower() in PHOTO_SUFFIXES:
                new = self._sized(entry, target, FALLBACK, "JPEG")
            else:
                new = self._copied(entry, source)
            return match.group(1) + escape(url_for(new)) + match.group(3)

        return self._ATTR.sub(repl, html)

    def write(
        self, site_dir: Path, cache_dir: Path, site: str | None = None, jobs: int | None = None
    ) -> None:
        """Ship every photo size and file; `site`: record the cache files it used; `jobs`:
        processes resizing photos (None: one per core, at most 8)."""
        cache = os.fspath(cache_dir)  # paths as strings: a province has tens of thousands
        keyed = {
            dest: os.path.join(cache, _cache_key(variant, self.digest(variant.source)))
            for dest, variant in self.variants.items()
            if variant.fmt != "copy"
        }
        missing = {keyed[d]: v for d, v in sorted(self.variants.items()) if d in keyed}
        _make_sizes({c: v for c, v in missing.items() if not os.path.exists(c)}, jobs)
        if site is not None:
            record(cache_dir, site, keyed.values())
        folders: set[str] = set()
        root = os.fspath(site_dir)
        for number, (dest, variant) in enumerate(sorted(self.variants.items()), 1):
            report_progress("photos", number, len(self.variants), dest)
            target = os.path.join(root, dest)
            folder = os.path.dirname(target)
            if folder not in folders:  # an entry's sizes share one folder
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            if variant.fmt == "copy":  # the author's own file: never linked to
                shutil.copyfile(variant.source, target)
            else:
                place(keyed[dest], target)


def _make_sizes(todo: dict[str, Variant], jobs: int | None = None) -> None:
    """Make every missing photo size: all of a photo's in one task (it is decoded once),
    the photos spread over every core when there are several."""
    by_source: dict[Path, list[Size]] = {}
    for cached, variant in sorted(todo.items()):
        by_source.setdefault(variant.source, []).append(
            Size(variant.width, variant.fmt, Path(cached))
        )
    tasks = sorted(by_source.items())
    jobs = min(jobs or min(cpu_count(), 8), len(tasks))
    if jobs <= 1 or len(tasks) < SPREAD_FROM:
        failed = [_make_photo_sizes(task) for task in tasks]
    else:
        failed = map_processes(_make_photo_sizes, tasks, jobs)
    for source in failed:
        if source:
            raise PhotoError(source)


def _make_photo_sizes(task: tuple[Path, list[Size]]) -> str | None:
    """Write one photo's cached sizes; the name of the original when it cannot be
    decoded. Each is written aside and renamed into place: sites build at once."""
    source, sizes = task
    aside = [size._replace(out=temp_beside(size.out, hidden=False)) for size in sizes]
    try:
        for size in aside:
            size.out.parent.mkdir(parents=True, exist_ok=True)
        make_sizes(source, aside, LADDER)
    except (OSError, ValueError, Image.DecompressionBombError):
        for size in aside:
            size.out.unlink(missing_ok=True)
        return str(source)
    for size, done in zip(aside, sizes, strict=True):
        size.out.replace(done.out)
    return None


class PhotoError(Exception):
    """A photo that opened at check time but cannot be decoded to the end (truncated)."""

    def __init__(self, source: str):
        super().__init__(source)
        self.source = source


def _measure(source: Path) -> tuple[str, tuple[int, int]]:
    """The photo's sha256 and its size as shown, from one read of the file."""
    data = source.read_bytes()
    with Image.open(io.BytesIO(data)) as img:
        size = ImageOps.exif_transpose(img).size if _rotated(img) else img.size
    return hashlib.sha256(data).hexdigest(), size


def _measure_file(source: Path) -> tuple[str, tuple[int, int]]:
    """Any file's sha256, read in blocks (it has no picture size)."""
    digest = hashlib.sha256()
    with source.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest(), (0, 0)


def _rotated(img: Image.Image) -> bool:
    try:
        return img.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    except Exception:  # a damaged EXIF block is no reason to fail a page
        return False


def _cache_key(variant: Variant, digest: str) -> str:
    ext = "webp" if variant.fmt == "WEBP" else "jpg"
    return f"{digest[:2]}/{digest}-{variant.width}-{recipe()}.{ext}"
