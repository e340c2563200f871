"""A tiny bilingual project written into a temp folder, for tests that build for real."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent

SITE_YML = """\
name: {vi: "Phường Mẫu", en: "Sample Ward"}
description: {vi: "Trang mẫu để kiểm thử.", en: "A sample site for tests."}
base_url: https://mau.example.org/
short_base: HTTPS://MAU.EXAMPLE.ORG/Q/
organization: {vi: "Đoàn phường Mẫu", en: "Sample Ward Youth Union"}
contact: {phone: "0000 000 000", zalo: "https://zalo.me/0000000000"}
languages: [vi, en]
guides: [kich-hoat-vneid]
counters:
  - slug: mot-cua
    name: {vi: "Bộ phận một cửa phường Mẫu", en: "Sample Ward one-stop counter"}
    place: {vi: "Trụ sở UBND phường", en: "Ward People's Committee"}
    guides: [kich-hoat-vneid]
signs: {paper: A4, logo: logo.png}
example: true
"""

RELIC_VI = """\
---
title: Văn miếu Mẫu
summary: Nơi thờ Khổng Tử và các bậc hiền tài của vùng.
address: Phường Mẫu, thành phố Mẫu
ranking: Di tích quốc gia
coordinates: [20.94, 106.33]
cover: anh-bia.jpg
hours: 7:00–17:00 hằng ngày
example: true
---
## Nguồn gốc

Văn miếu được dựng từ lâu đời.
"""

RELIC_EN = """\
---
title: Sample Temple of Literature
summary: A temple to Confucius and the region's scholars.
address: Sample Ward, Sample City
ranking: National relic
hours: 7:00–17:00 daily
---
## Origin

The temple was built long ago.
"""

RELIC2_VI = """\
---
title: Đình Làng Đông
summary: Ngôi đình cổ của làng Đông.
address: Làng Đông
cover: anh-bia.jpg
---
Ngôi đình có kiến trúc gỗ.
"""

STREET_VI = """\
---
title: Tuyến phố chuyển đổi số Mẫu
summary: Mười biển QR hướng dẫn dịch vụ công trực tuyến.
ward: Phường Mẫu
kind: digital
stops:
  - number: 1
    place: Trước cổng UBND phường
    guide: kich-hoat-vneid
  - number: 2
    place: Nhà văn hoá khu phố
    guide: kich-hoat-vneid
---
Tuyến phố mẫu. Xem [hướng dẫn VNeID](../../../content/guides/kich-hoat-vneid/).
"""

STREET_EN = """\
---
title: Sample digital street
summary: Ten QR boards that guide residents to online public services.
ward: Sample Ward
stops:
  - number: 1
    place: At the ward office gate
---
A sample street.
"""

GUIDE_VI = """\
---
title: Kích hoạt tài khoản định danh điện tử VNeID
summary: Các bước kích hoạt tài khoản VNeID mức 2.
audience: Người dân từ 14 tuổi
documents: [Căn cước công dân gắn chip, Điện thoại có số đăng ký chính chủ]
fee: Miễn phí
duration: Khoảng 15 phút
links:
  - title: Cổng dịch vụ công quốc gia
    url: https://dichvucong.gov.vn
---
1. Tải ứng dụng VNeID.
2. Nhập số định danh cá nhân.
3. Làm theo hướng dẫn trên màn hình.
"""

GUIDE_EN = """\
---
title: Activating your VNeID e-ID account
summary: The steps to activate a level-2 VNeID account.
---
1. Install the VNeID app.
2. Enter your personal ID number.
3. Follow the instructions on screen.
"""


def photo(path: Path, size=(1200, 800), color=(180, 90, 40)) -> None:
    img = Image.new("RGB", size, color)
    ImageDraw.Draw(img).rectangle(
        [size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2], fill=(240, 220, 160)
    )
    img.save(path, "JPEG", quality=80)


def logo(path: Path) -> None:
    """A tiny PNG logo with a transparent corner, drawn here so no binary is kept."""
    img = Image.new("RGBA", (48, 48), (200, 16, 46, 255))
    ImageDraw.Draw(img).ellipse([10, 10, 38, 38], fill=(255, 215, 0, 255))
    ImageDraw.Draw(img).rectangle([0, 0, 7, 7], fill=(0, 0, 0, 0))
    img.save(path, "PNG")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def make_project(root: Path, site: str = "mau") -> Path:
    """Write the fixture project into `root` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    write(root / "sites" / site / "site.yml", SITE_YML)
    logo(root / "sites" / site / "logo.png")
    relic = root / "relics" / site / "van-mieu-mau"
    write(relic / "index.vi.md", RELIC_VI)
    write(relic / "index.en.md", RELIC_EN)
    photo(relic / "anh-bia.jpg")
    relic2 = root / "relics" / site / "dinh-lang-dong"  # no English file: shows the fallback
    write(relic2 / "index.vi.md", RELIC2_VI)
    photo(relic2 / "anh-bia.jpg", color=(60, 120, 90))
    street = root / "streets" / site / "pho-mau"
    write(street / "index.vi.md", STREET_VI)
    write(street / "index.en.md", STREET_EN)
    guide = root / "content" / "guides" / "kich-hoat-vneid"
    write(guide / "index.vi.md", GUIDE_VI)
    write(guide / "index.en.md", GUIDE_EN)
    return root


def add_relics(root: Path, count: int, site: str = "mau", start: int = 0) -> None:
    """Add `count` more bilingual relics, for tests of growth."""
    source = root / "relics" / site / "van-mieu-mau"
    for i in range(start, start + count):
        folder = root / "relics" / site / f"di-tich-{i:04d}"
        folder.mkdir(parents=True)
        for name in ("index.vi.md", "index.en.md", "anh-bia.jpg"):
            shutil.copyfile(source / name, folder / name)


def copy_samples(dest: Path) -> Path:
    """The repository's own sample sites and content, copied to `dest` to build there
    (a build writes build/ and codes.yml beside the content)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("sites", "relics", "streets", "content", "mkdocs.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy(src, dest / name)
    return dest
