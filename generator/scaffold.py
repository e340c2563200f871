"""`qrsite new`: start an entry folder from the bilingual templates.

The bundle starts as a draft (`draft: true`): `qrsite serve` previews it at once, with
placeholder values and, for a relic, a drawn placeholder cover, and `qrsite build`
leaves it out until the author has replaced them and deleted the draft line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from . import templates
from .i18n import N_, UserError
from .paths import is_slug
from .schema import ENTRY_ROOTS
from .slugs import slugify

COVER_NAME = "anh-bia.jpg"
COVER_SIZE = (1200, 800)


class ScaffoldError(UserError):
    """An expected refusal of `qrsite new`."""


@dataclass
class Created:
    folder: Path
    files: list[Path]


def entry_folder(root: Path, kind: str, site: str | None, slug: str) -> Path:
    if kind == "guide":
        return root / "content" / "guides" / slug
    return root / ENTRY_ROOTS[kind] / str(site) / slug


def resolve_slug(slug: str | None, title: str | None) -> str:
    """The folder name: the one given, else one made from the title by transliteration."""
    if slug:
        if not is_slug(slug):
            raise ScaffoldError(
                N_("the name '{name}' must use only a-z, 0-9 and '-' (try '{suggestion}')"),
                name=slug,
                suggestion=slugify(slug) or "ten-muc",
            )
        return slug
    if title:
        made = slugify(title)
        if made:
            return made
    raise ScaffoldError(N_("give a folder name (for example den-kiep-bac) or --title"))


def new_entry(
    root: Path, kind: str, site: str | None, slug: str | None, title: str | None = None
) -> Created:
    """Write index.vi.md, index.en.md (and a placeholder cover for a relic)."""
    slug = resolve_slug(slug, title)
    values: dict = {}
    if title:
        values["title"] = title.strip()
    if kind != "guide":
        site_file = root / "sites" / str(site) / "site.yml"
        if not isinstance(site, str) or not is_slug(site) or not site_file.is_file():
            known = sorted(p.name for p in (root / "sites").glob("*") if p.is_dir())
            raise ScaffoldError(
                N_(
                    "there is no site '{name}': the sites are {known}. To start a new one: "
                    'qrsite new site {name} --name "…"'
                ),
                name=site,
                known=", ".join(known) or "-",
            )
        if kind == "street":
            values["stops"] = [_first_stop(site_file)]
    folder = entry_folder(root, kind, site, slug)
    if folder.exists():
        raise ScaffoldError(
            N_("the folder {path} already exists: choose another name"), path=_rel(folder, root)
        )
    folder.mkdir(parents=True)
    files = []
    for lang in ("vi", "en"):
        path = folder / f"index.{lang}.md"
        path.write_text(templates.render(kind, lang, values), encoding="utf-8")
        files.append(path)
    if kind == "relic":
        cover = folder / COVER_NAME
        draw_cover(cover, values.get("title") or "")
        files.append(cover)
    return Created(folder, files)


def new_site(root: Path, slug: str, name: str, name_en: str | None = None) -> Created:
    """Write sites/SLUG/site.yml from the schema, explained in both languages."""
    from .templates.site_yml import render_site

    if not is_slug(slug):
        raise ScaffoldError(
            N_("the name '{name}' must use only a-z, 0-9 and '-' (try '{suggestion}')"),
            name=slug,
            suggestion=slugify(slug) or "ten-trang",
        )
    if not name.strip():
        raise ScaffoldError(N_('give the site\'s name: --name "Phường Hòa Cường"'))
    folder = root / "sites" / slug
    if folder.exists():
        raise ScaffoldError(
            N_("the folder {path} already exists: choose another name"), path=_rel(folder, root)
        )
    folder.mkdir(parents=True)
    path = folder / "site.yml"
    path.write_text(render_site(slug, name.strip(), (name_en or "").strip() or None), "utf-8")
    return Created(folder, [path])


def _first_stop(site_file: Path) -> dict:
    """A street's first stop must point at a guide the site carries."""
    try:
        data = yaml.safe_load(site_file.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        data = {}
    guides = data.get("guides") if isinstance(data, dict) else None
    if not guides or not isinstance(guides, list):
        raise ScaffoldError(
            N_(
                "{path} lists no guides: add one under 'guides:' first, "
                "every street stop points to a guide"
            ),
            path=f"sites/{site_file.parent.name}/site.yml",
        )
    return {"number": 1, "place": templates.template_stop_place(), "guide": str(guides[0])}


def draw_cover(path: Path, title: str) -> None:
    """A plain placeholder photo that says it must be replaced (same bytes every time)."""
    from PIL import Image, ImageDraw, ImageFont

    from .fonts import __file__ as fonts_init

    width, height = COVER_SIZE
    img = Image.new("RGB", COVER_SIZE, (222, 214, 196))
    draw = ImageDraw.Draw(img)
    draw.rectangle([40, 40, width - 40, height - 40], outline=(150, 120, 80), width=6)
    font_file = Path(fonts_init).parent / "NotoSans-Bold.ttf"
    big = ImageFont.truetype(str(font_file), 56)
    small = ImageFont.truetype(str(font_file), 36)
    lines = [
        (title[:40] or "Ảnh bìa", big),
        ("Ảnh tạm — hãy thay bằng ảnh thật", small),
        ("Placeholder — replace with a real photo", small),
    ]
    y = height // 2 - 110
    for text, font in lines:
        box = draw.textbbox((0, 0), text, font=font)
        draw.text(((width - (box[2] - box[0])) // 2, y), text, fill=(90, 60, 30), font=font)
        y += (box[3] - box[1]) + 40
    img.save(path, "JPEG", quality=80, optimize=True, comment=templates.PLACEHOLDER_COVER_MARK)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
