#!/usr/bin/env python3
"""Draw the illustrations that ship with the sample content.

The sample relics are real places, but we have no licence to ship anyone's
photographs of them. So every picture here is a simple drawing made by this
script, and each one says so in its caption ("Ảnh minh hoạ / Illustration").
Volunteers replace them with their own photos.

What it writes (paths relative to the repository root):

    relics/hai-duong/<slug>/cover.jpg     1600×1000 cover of each sample relic
    relics/hai-duong/van-mieu-mao-dien/cay-gao.jpg   an extra picture used in a body
    relics/hai-duong/den-dinh-suot/thuyet-minh.mp3   a short *silent* placeholder
                                                      narration (valid MPEG audio)
    sites/<site>/logo.png                  a small emblem for each sample site

Run it from anywhere:  python3 scripts/draw_sample_photos.py
It is deterministic: the same Pillow/libjpeg give the same bytes on every run.
Only Pillow is needed (and the DejaVu Sans or Noto Sans font for the captions).
"""

from __future__ import annotations

import math
import random
import struct
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
RELICS = ROOT / "relics" / "hai-duong"
SITES = ROOT / "sites"

W, H = 1600, 1000  # final cover size
SS = 2  # supersampling factor: draw big, shrink once, smooth edges
JPEG_QUALITY = 80

CAPTION = "Ảnh minh hoạ / Illustration"

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)

# Colours (R, G, B)
ROOF = (122, 52, 40)
ROOF_DARK = (86, 36, 30)
WALL = (236, 214, 170)
WALL_SHADE = (214, 188, 140)
WOOD = (128, 70, 42)
STONE = (170, 160, 146)
LATERITE = (176, 96, 58)
LEAF = (58, 112, 66)
LEAF_DARK = (40, 84, 50)
WATER = (96, 150, 186)
GOLD = (226, 178, 64)


def font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    sys.exit("No DejaVu Sans or Noto Sans font found: install fonts-dejavu-core")


# --- drawing helpers (all coordinates in final-size pixels; scaled by SS) -------------


class Canvas:
    def __init__(self, width: int, height: int, seed: int):
        self.w, self.h = width, height
        self.img = Image.new("RGB", (width * SS, height * SS), (255, 255, 255))
        self.d = ImageDraw.Draw(self.img)
        self.rng = random.Random(seed)

    def _p(self, pts):
        return [(round(x * SS), round(y * SS)) for x, y in pts]

    def poly(self, pts, fill):
        self.d.polygon(self._p(pts), fill=fill)

    def rect(self, x0, y0, x1, y1, fill):
        self.d.rectangle(self._p([(x0, y0), (x1, y1)]), fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill):
        self.d.ellipse(self._p([(x0, y0), (x1, y1)]), fill=fill)

    def line(self, pts, fill, width):
        self.d.line(self._p(pts), fill=fill, width=max(1, round(width * SS)))

    def sky(self, top, bottom, horizon):
        for y in range(0, round(horizon * SS)):
            t = y / (horizon * SS)
            c = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
            self.d.line([(0, y), (self.w * SS, y)], fill=c)

    def ground(self, horizon, top, bottom):
        h0 = round(horizon * SS)
        for y in range(h0, self.h * SS):
            t = (y - h0) / max(1, self.h * SS - h0)
            c = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
            self.d.line([(0, y), (self.w * SS, y)], fill=c)

    def finish(self) -> Image.Image:
        return self.img.resize((self.w, self.h), Image.LANCZOS)


def curved_roof(c: Canvas, cx, y_base, width, height, fill=ROOF, ridge=True):
    """A Vietnamese roof: a trapezoid whose eave corners curl up."""
    half = width / 2
    lift = height * 0.55
    pts = [
        (cx - half - height * 0.35, y_base - lift),  # curled left tip
        (cx - half + height * 0.15, y_base),
        (cx + half - height * 0.15, y_base),
        (cx + half + height * 0.35, y_base - lift),  # curled right tip
        (cx + half - height * 0.55, y_base - height * 0.45),
        (cx + half * 0.62, y_base - height),
        (cx - half * 0.62, y_base - height),
        (cx - half + height * 0.55, y_base - height * 0.45),
    ]
    c.poly(pts, fill)
    # tiled stripes
    for i in range(1, 4):
        y = y_base - height * i / 4
        c.line(
            [
                (cx - half * 0.62 - (height - (y_base - y)) * 0.6, y),
                (cx + half * 0.62 + (height - (y_base - y)) * 0.6, y),
            ],
            ROOF_DARK,
            2,
        )
    if ridge:
        c.rect(
            cx - half * 0.66,
            y_base - height - height * 0.12,
            cx + half * 0.66,
            y_base - height + 2,
            ROOF_DARK,
        )
        # little dragon-ish finials at the ridge ends
        for s in (-1, 1):
            x = cx + s * half * 0.66
            c.poly(
                [
                    (x, y_base - height - height * 0.12),
                    (x + s * height * 0.25, y_base - height - height * 0.45),
                    (x + s * height * 0.05, y_base - height + 2),
                ],
                ROOF_DARK,
            )
        c.ellipse(
            cx - height * 0.12,
            y_base - height - height * 0.36,
            cx + height * 0.12,
            y_base - height - height * 0.12,
            GOLD,
        )


def columns(c: Canvas, x0, x1, y0, y1, n, fill=WOOD, width=14):
    for i in range(n):
        x = x0 + (x1 - x0) * i / (n - 1)
        c.rect(x - width / 2, y0, x + width / 2, y1, fill)


def tree(c: Canvas, x, y_ground, size, flowers=None):
    c.rect(x - size * 0.06, y_ground - size * 0.9, x + size * 0.06, y_ground, WOOD)
    rng = c.rng
    for _ in range(9):
        dx = rng.uniform(-0.45, 0.45) * size
        dy = rng.uniform(-1.25, -0.75) * size
        r = rng.uniform(0.22, 0.34) * size
        col = LEAF if rng.random() < 0.6 else LEAF_DARK
        c.ellipse(x + dx - r, y_ground + dy - r, x + dx + r, y_ground + dy + r, col)
    if flowers:
        for _ in range(40):
            dx = rng.uniform(-0.6, 0.6) * size
            dy = rng.uniform(-1.5, -0.6) * size
            r = size * 0.025
            c.ellipse(x + dx - r, y_ground + dy - r, x + dx + r, y_ground + dy + r, flowers)


def hills(c: Canvas, horizon, colour, peaks):
    pts = [(0, horizon)]
    for x, h in peaks:
        pts.append((x, horizon - h))
    pts += [(c.w, horizon), (c.w, horizon + 2), (0, horizon + 2)]
    c.poly(pts, colour)


def caption(img: Image.Image, title: str) -> Image.Image:
    """A band along the bottom: the title, and that this is a drawing."""
    d = ImageDraw.Draw(img, "RGBA")
    w, h = img.size
    band = round(h * 0.11)
    d.rectangle([(0, h - band), (w, h)], fill=(20, 28, 36, 190))
    f1 = font(round(band * 0.36))
    f2 = font(round(band * 0.26))
    pad = round(band * 0.3)
    d.text((pad, h - band / 2), title, font=f1, fill=(255, 255, 255), anchor="lm")
    d.text((w - pad, h - band / 2), CAPTION, font=f2, fill=(235, 225, 200), anchor="rm")
    return img


# --- scenes -------------------------------------------------------------------------


def scene_triple_gate(seed: int, gold_sign=True, pond=False) -> Image.Image:
    """A three-door gate (tam quan) with a two-tier roof in the middle.

    With `pond`, a pond and an arched stone bridge lie in front of the gate.
    """
    c = Canvas(W, H, seed)
    horizon = 640
    c.sky((150, 196, 228), (236, 232, 214), horizon)
    hills(c, horizon, (150, 176, 150), [(200, 60), (520, 30), (900, 80), (1300, 40)])
    c.ground(horizon, (196, 186, 160), (150, 140, 118))
    tree(c, 170, horizon + 40, 260)
    tree(c, 1440, horizon + 50, 300)
    # side gates
    for cx in (480, 1120):
        c.rect(cx - 150, 470, cx + 150, horizon + 60, WALL)
        c.rect(cx - 60, 540, cx + 60, horizon + 60, WOOD)
        c.ellipse(cx - 60, 500, cx + 60, 580, WOOD)
        curved_roof(c, cx, 470, 330, 80)
    # central gate, two tiers
    c.rect(640, 360, 960, horizon + 70, WALL)
    c.rect(640, 360, 660, horizon + 70, WALL_SHADE)
    c.rect(940, 360, 960, horizon + 70, WALL_SHADE)
    c.rect(730, 500, 870, horizon + 70, WOOD)
    c.ellipse(730, 450, 870, 560, WOOD)
    if gold_sign:
        c.rect(720, 395, 880, 440, (150, 30, 30))
        for i in range(4):
            c.rect(738 + i * 36, 407, 758 + i * 36, 428, GOLD)
    curved_roof(c, 800, 360, 420, 90)
    c.rect(690, 250, 910, 290, WALL)
    curved_roof(c, 800, 250, 320, 80)
    if not pond:  # steps and path
        c.poly([(700, horizon + 70), (900, horizon + 70), (1000, H), (600, H)], (208, 200, 184))
        return c.finish()
    c.poly([(0, 770), (W, 760), (W, H), (0, H)], WATER)
    rng = c.rng
    for _ in range(20):
        x = rng.uniform(30, W - 140)
        y = rng.uniform(790, H - 40)
        c.line([(x, y), (x + rng.uniform(50, 130), y)], (170, 206, 226), 3)
    # the bridge: a stone arch, its reflection a darker arch below
    c.poly([(560, 790), (640, 740), (960, 740), (1040, 790), (1040, 810), (560, 810)], STONE)
    c.ellipse(700, 770, 900, 850, WATER)
    c.rect(560, 810, 1040, 830, (150, 140, 126))
    # lotus leaves
    for _ in range(14):
        x = rng.choice((rng.uniform(60, 480), rng.uniform(1120, W - 60)))
        y = rng.uniform(820, H - 140)
        c.ellipse(x - 30, y - 12, x + 30, y + 12, LEAF)
    return c.finish()


def scene_bell_tower(seed: int, mountain=False) -> Image.Image:
    """A pagoda: bell tower with stacked roofs, a low hall behind, trees."""
    c = Canvas(W, H, seed)
    horizon = 660
    c.sky((170, 200, 226), (240, 236, 220), horizon)
    if mountain:
        hills(
            c,
            horizon,
            (110, 150, 118),
            [(0, 200), (260, 330), (520, 260), (760, 380), (1040, 300), (1300, 360), (1600, 220)],
        )
        hills(
            c, horizon, (88, 128, 96), [(0, 120), (400, 180), (820, 150), (1200, 200), (1600, 120)]
        )
    else:
        hills(c, horizon, (160, 184, 158), [(300, 40), (800, 20), (1300, 50)])
    c.ground(horizon, (188, 180, 150), (140, 134, 110))
    # hall behind
    c.rect(300, 520, 1300, horizon + 30, WALL_SHADE)
    columns(c, 330, 1270, 540, horizon + 30, 11)
    curved_roof(c, 800, 520, 1060, 110)
    # bell tower in front
    c.rect(660, 430, 940, horizon + 90, WALL)
    c.rect(750, 540, 850, horizon + 90, WOOD)
    c.ellipse(750, 500, 850, 580, WOOD)
    curved_roof(c, 800, 430, 380, 80)
    c.rect(700, 330, 900, 380, WALL)
    c.ellipse(775, 335, 825, 378, GOLD)  # the bell
    curved_roof(c, 800, 330, 300, 70)
    curved_roof(c, 800, 250, 220, 60)
    tree(c, 160, horizon + 70, 320)
    tree(c, 1460, horizon + 60, 280)
    tree(c, 1260, horizon + 110, 160)
    return c.finish()


def scene_river_temple(seed: int) -> Image.Image:
    """A temple at the foot of a ridge, a wide river in front."""
    c = Canvas(W, H, seed)
    horizon = 560
    c.sky((140, 186, 222), (236, 228, 206), horizon)
    hills(
        c,
        horizon,
        (96, 140, 104),
        [(0, 140), (300, 260), (560, 200), (800, 300), (1100, 220), (1400, 280), (1600, 180)],
    )
    c.ground(horizon, (176, 170, 140), (160, 150, 124))
    # temple
    c.rect(420, 450, 1180, horizon + 60, WALL)
    columns(c, 450, 1150, 470, horizon + 60, 9)
    curved_roof(c, 800, 450, 840, 110)
    c.rect(620, 330, 980, 380, WALL)
    curved_roof(c, 800, 330, 480, 90)
    # river
    c.poly([(0, 760), (W, 720), (W, H), (0, H)], WATER)
    rng = c.rng
    for _ in range(26):
        x = rng.uniform(40, W - 120)
        y = rng.uniform(770, H - 30)
        c.line([(x, y), (x + rng.uniform(50, 120), y)], (170, 206, 226), 3)
    # boat
    c.poly([(1120, 820), (1360, 820), (1320, 860), (1160, 860)], (80, 52, 36))
    tree(c, 210, horizon + 90, 240)
    tree(c, 1420, horizon + 80, 260)
    return c.finish()


def scene_citadel(seed: int) -> Image.Image:
    """Thành Đông: a hexagonal citadel plan over a laterite wall with a moat."""
    c = Canvas(W, H, seed)
    c.sky((232, 224, 204), (214, 204, 180), H)
    # laterite wall across the bottom
    c.poly([(0, 700), (W, 700), (W, H), (0, H)], WATER)
    c.rect(0, 560, W, 720, LATERITE)
    rng = c.rng
    for row in range(4):
        y = 560 + row * 40
        off = (row % 2) * 60
        for i in range(-1, 15):
            x = i * 120 + off
            shade = tuple(max(0, v - rng.randint(0, 28)) for v in LATERITE)
            c.rect(x + 3, y + 3, x + 117, y + 37, shade)
    # hexagon plan, like the old maps
    cx, cy, r = 800, 290, 220
    pts = [
        (
            cx + r * math.cos(math.radians(60 * i + 30)),
            cy + r * 0.82 * math.sin(math.radians(60 * i + 30)),
        )
        for i in range(6)
    ]
    c.poly([(x + 6, y + 6) for x, y in pts], (190, 176, 150))
    c.poly(pts, (246, 240, 226))
    c.line(pts + [pts[0]], ROOF_DARK, 8)
    for a in (0, 90, 180, 270):  # four gates
        x = cx + (r - 40) * math.cos(math.radians(a))
        y = cy + (r - 40) * 0.82 * math.sin(math.radians(a))
        c.rect(x - 16, y - 16, x + 16, y + 16, ROOF)
    c.line([(cx - 120, cy), (cx + 120, cy)], STONE, 4)
    c.line([(cx, cy - 110), (cx, cy + 110)], STONE, 4)
    c.ellipse(cx - 14, cy - 14, cx + 14, cy + 14, GOLD)
    return c.finish()


def scene_cotton_tree(seed: int) -> Image.Image:
    """An old cotton tree (cây gạo) in bloom beside a pond."""
    c = Canvas(1200, 800, seed)
    horizon = 520
    c.sky((168, 204, 232), (240, 236, 222), horizon)
    c.ground(horizon, (170, 188, 140), (140, 160, 112))
    c.poly([(0, 640), (700, 610), (760, 800), (0, 800)], WATER)
    # trunk and bare branches, red flowers
    c.rect(560, 200, 620, horizon + 40, WOOD)
    rng = c.rng
    for _ in range(14):
        y = rng.uniform(150, 380)
        side = rng.choice((-1, 1))
        c.line([(590, y + 40), (590 + side * rng.uniform(120, 300), y)], WOOD, 10)
    for _ in range(160):
        x = rng.uniform(300, 900)
        y = rng.uniform(90, 420)
        r = rng.uniform(7, 12)
        c.ellipse(x - r, y - r, x + r, y + r, (200, 40, 36))
    curved_roof(c, 1000, 470, 260, 60)
    c.rect(900, 470, 1100, horizon + 20, WALL)
    return c.finish()


# --- logos ----------------------------------------------------------------------------


def logo(initials: str, colour) -> Image.Image:
    size = 256
    img = Image.new("RGBA", (size * SS, size * SS), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = SS
    d.ellipse([(4 * s, 4 * s), (252 * s, 252 * s)], fill=colour)
    d.ellipse([(22 * s, 22 * s), (234 * s, 234 * s)], fill=(255, 255, 255))
    # three QR finder squares: this is a QR project
    for x, y in ((62, 58), (150, 58), (62, 146)):
        d.rectangle([(x * s, y * s), ((x + 44) * s, (y + 44) * s)], fill=colour)
        d.rectangle(
            [((x + 8) * s, (y + 8) * s), ((x + 36) * s, (y + 36) * s)], fill=(255, 255, 255)
        )
        d.rectangle([((x + 15) * s, (y + 15) * s), ((x + 29) * s, (y + 29) * s)], fill=colour)
    f = font(round(40 * s))
    d.text((172 * s, 170 * s), initials, font=f, fill=colour, anchor="mm")
    img = img.resize((size, size), Image.LANCZOS)
    return img.quantize(colors=32, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


# --- a silent MP3 ---------------------------------------------------------------------


def silent_mp3(seconds: float) -> bytes:
    """MPEG-1 Layer III, 32 kbit/s, 44.1 kHz, mono: frames whose side info is all zero.

    A decoder reads each frame as silence. This is only a placeholder so that the
    'audio' field and the player can be tried; a volunteer records the real narration.
    """
    header = bytes([0xFF, 0xFB, 0x10, 0xC4])  # sync, MPEG-1 L3, no CRC, 32k, 44.1k, mono
    frame_len = 144 * 32000 // 44100  # 104 bytes, no padding
    frame = header + bytes(frame_len - len(header))
    frames = math.ceil(seconds * 44100 / 1152)
    # ID3v2.3 tag with a title, so players show something sensible
    title = b"\xff\xfe" + "Thuyết minh (chỗ trống) / Narration placeholder".encode("utf-16-le")
    tit2 = b"TIT2" + struct.pack(">I", len(title) + 1) + b"\x00\x00" + b"\x01" + title
    size = len(tit2)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    id3 = b"ID3\x03\x00\x00" + syncsafe + tit2
    return id3 + frame * frames


# --- what to draw ---------------------------------------------------------------------

COVERS = {
    # slug: (scene, seed, caption title)
    "den-dinh-suot": (lambda s: scene_triple_gate(s, gold_sign=False), 11, "Đền – Đình Sượt"),
    "chua-dong-ngo": (lambda s: scene_bell_tower(s), 12, "Chùa Động Ngọ"),
    "dau-tich-thanh-dong": (scene_citadel, 13, "Dấu tích Thành Đông"),
    "van-mieu-mao-dien": (
        lambda s: scene_triple_gate(s, gold_sign=True, pond=True),
        14,
        "Văn miếu Mao Điền",
    ),
    "chua-con-son": (lambda s: scene_bell_tower(s, mountain=True), 15, "Chùa Côn Sơn"),
    "den-kiep-bac": (scene_river_temple, 16, "Đền Kiếp Bạc"),
}

LOGOS = {
    "hai-duong": ("HD", (176, 38, 38)),
    "sa-dec-phuong-1": ("SĐ", (22, 110, 160)),
    "hoa-thuan-tay": ("HTT", (30, 128, 90)),
}


def save_jpeg(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(
        path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False, subsampling="4:2:0"
    )


def main() -> None:
    written = []
    for slug, (scene, seed, title) in COVERS.items():
        path = RELICS / slug / "cover.jpg"
        save_jpeg(caption(scene(seed), title), path)
        written.append(path)
    extra = RELICS / "van-mieu-mao-dien" / "cay-gao.jpg"
    save_jpeg(caption(scene_cotton_tree(21), "Cây gạo cổ thụ"), extra)
    written.append(extra)
    mp3 = RELICS / "den-dinh-suot" / "thuyet-minh.mp3"
    mp3.write_bytes(silent_mp3(3.0))
    written.append(mp3)
    for site, (initials, colour) in LOGOS.items():
        path = SITES / site / "logo.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        logo(initials, colour).save(path, "PNG", optimize=True)
        written.append(path)
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
