"""Interpret a layout for one spec: a `Drawing`, i.e. page geometry plus drawing ops.

Ops are plain tuples in PDF points (origin bottom-left of the MediaBox), so the same
drawing is written to the sign's own PDF and replayed onto a page of `all.pdf`, and can
be cached as JSON. A layout with a grid gets as many pages as its items need (a street
of 30 stops makes a 3-page poster); every page repeats the other layers, and templates
can read {page}, {pages} and {more_pages} ("1" when there are several). Placements
record where each text landed, for tests and checks.

An image op names its picture by the SHA-256 of its bytes, never by a path: the bytes
travel in `Drawing.images` (and in the cache's content-addressed store), so a project
moved to another folder draws the same PDF and replays its cached drawings.

Geometry: MediaBox = trim + 3 mm bleed on every side (the DESIGN contract), BleedBox =
MediaBox, TrimBox = the paper. Crop marks are short K-only lines in the bleed strip on
the extensions of the trim lines, stopping 1 mm short of the trim: the guillotine cuts
them away with the bleed.
"""

from __future__ import annotations

import contextlib
import hashlib
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import N_
from . import fonts
from .layout import PAPER_MM, Layout
from .messages import Message, sign_kind
from .qr import QUIET_MODULES, qr_matrix
from .spec import SignSpec
from .textfit import TextDoesNotFit, fit_text

MM = 72.0 / 25.4
BLEED_MM = 3.0
MARK_GAP_MM = 1.0  # between the trim and the start of a crop mark
MARK_WIDTH_PT = 0.25
K = (0.0, 0.0, 0.0, 1.0)
WHITE = (0.0, 0.0, 0.0, 0.0)
# Below this size a tint (72 % black, or a colour of several inks) is screened into dots
# or printed slightly out of register, and small letters come out fuzzy: solid K instead.
SOLID_TEXT_BELOW_PT = 10.0
LIGHT_INK = 0.5  # total ink of a colour light enough to be text on a dark band


class SignError(ValueError):
    """A sign that cannot be drawn; its one argument is a Message (or plain text)."""


def message_of(exc: Exception):
    """The exception's Message when it carries one, else its English text."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if hasattr(first, "render") else str(exc)


@dataclass
class Placement:
    """Where one text landed: its box and each line's (x, baseline, width), in points."""

    id: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    size: float
    lines: tuple[str, ...]
    line_boxes: tuple[tuple[float, float, float], ...]
    ink: tuple[float, float]  # y of the ink block's bottom and top
    rotated: bool = False
    page: int = 0


@dataclass
class Drawing:
    code: str
    media: tuple[float, float]
    trim: tuple[float, float, float, float]
    bleed: tuple[float, float, float, float]
    pages: list[list[tuple]] = field(default_factory=list)  # ops per page
    placements: list[Placement] = field(default_factory=list)
    payloads: list[str] = field(default_factory=list)
    qr_versions: list[int] = field(default_factory=list)
    module_mm: list[float] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # sha256 hex -> file bytes

    @property
    def ops(self) -> list[tuple]:
        """The first page's ops (most signs have one page)."""
        return self.pages[0]

    def image_digests(self) -> list[str]:
        """The digests the ops draw, in first-use order."""
        seen = [op[1] for page in self.pages for op in page if op[0] == "image"]
        return list(dict.fromkeys(seen))

    def to_json(self) -> dict[str, Any]:
        """Everything but the image bytes (stored once per content by the cache)."""
        return {
            "code": self.code,
            "media": self.media,
            "trim": self.trim,
            "bleed": self.bleed,
            "pages": self.pages,
            "payloads": self.payloads,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Drawing:
        return cls(
            code=data["code"],
            media=tuple(data["media"]),
            trim=tuple(data["trim"]),
            bleed=tuple(data["bleed"]),
            pages=[[tuple(op) for op in page] for page in data["pages"]],
            payloads=list(data["payloads"]),
        )


class _Fields(dict):
    def __missing__(self, key):
        raise SignError(f"layout asks for an unknown field {{{key}}}")


def _render(template: str, values: dict[str, str]) -> str:
    """Fill a template; a separator left dangling by an empty field goes too."""
    text = string.Formatter().vformat(template, (), _Fields(values))
    parts = [p.strip() for p in text.split(" · ")]
    return " · ".join(p for p in parts if p).strip(" ·")


SIZE_STEP = 0.25  # pt: the steps textfit sizes text in


@dataclass(frozen=True)
class _Frame:
    """Maps a box in a layer's coordinates (mm, top-down) to the trimmed sheet's."""

    ox: float = 0.0
    oy: float = 0.0
    w: float = 0.0
    h: float = 0.0
    rot: int = 0
    parent: _Frame | None = None
    zoom: float = 1.0  # a grid's cards drawn larger when there are few of them

    def to_sheet(self, box):
        x, y, w, h = box
        if self.rot == 180:
            x, y = self.w - x - w, self.h - y - h
        z = self.zoom
        x, y, w, h = x * z + self.ox, y * z + self.oy, w * z, h * z
        return self.parent.to_sheet((x, y, w, h)) if self.parent else (x, y, w, h)

    @property
    def rotation(self) -> int:
        return (self.rot + (self.parent.rotation if self.parent else 0)) % 360

    @property
    def scale(self) -> float:
        """How much larger than written its contents are drawn (sizes, widths, radii)."""
        return self.zoom * (self.parent.scale if self.parent else 1.0)


class _Composer:
    def __init__(self, spec: SignSpec, layout: Layout):
        self.spec, self.layout = spec, layout
        self.same_size: dict[str, float] = {}  # text id -> pt, while a grid is drawn
        self.paper = spec.paper or layout.paper
        self.s = layout.scale(self.paper)  # layout mm -> paper mm
        self.trim_w, self.trim_h = PAPER_MM[self.paper]
        b = BLEED_MM * MM
        tw, th = self.trim_w * MM, self.trim_h * MM
        self.d = Drawing(
            code=spec.code,
            media=(round(tw + 2 * b, 4), round(th + 2 * b, 4)),
            trim=(round(b, 4), round(b, 4), round(b + tw, 4), round(b + th, 4)),
            bleed=(0.0, 0.0, round(tw + 2 * b, 4), round(th + 2 * b, 4)),
        )

    # --- coordinates -------------------------------------------------------------------
    def pt_box(self, sheet_box):
        """Sheet mm box (layout scale, top-down) -> PDF points (x, y, w, h), bottom-up."""
        x, y, w, h = (v * self.s for v in sheet_box)
        b = BLEED_MM
        return ((b + x) * MM, (b + self.trim_h - y - h) * MM, w * MM, h * MM)

    def color(self, name: str | None, default=K):
        return self.layout.color(name) if name else default

    def _text_color(self, name: str | None, size_pt: float):
        """The layout's colour for text, or one solid ink where the letters are too small
        for a tint: a tint of black becomes solid K; a light colour (sky, cream: such text
        stands on a dark band) is knocked out to the paper's white; a dark one becomes K."""
        color = self.color(name)
        if size_pt >= SOLID_TEXT_BELOW_PT or color in (WHITE, K):
            return color
        c, m, y, k = color
        if c == m == y == 0:
            return K
        return WHITE if c + m + y + k < LIGHT_INK else K

    # --- layers ------------------------------------------------------------------------
    def layers(self, layers, frame: _Frame, values: dict[str, str]):
        for layer in layers:
            when = layer.get("when", "")
            if when and bool(values.get(when.lstrip("!"))) == when.startswith("!"):
                continue
            getattr(self, "_" + layer["type"])(layer, frame, values)

    def _rotated(self, frame: _Frame, box_pt, ops: list[tuple]) -> list[tuple]:
        if frame.rotation != 180:
            return ops
        x, y, w, h = box_pt
        return [("save",), ("cm", -1, 0, 0, -1, 2 * x + w, 2 * y + h), *ops, ("restore",)]

    def _rect(self, layer, frame, values):
        x, y, w, h = frame.to_sheet(layer["box"])
        # an edge on the trim edge runs on into the bleed
        eps, bl = 0.01, BLEED_MM / self.s
        x0, y0, x1, y1 = x, y, x + w, y + h
        x0 = x0 - bl if abs(x0) < eps else x0
        y0 = y0 - bl if abs(y0) < eps else y0
        x1 = x1 + bl if abs(x1 - self.trim_w / self.s) < eps else x1
        y1 = y1 + bl if abs(y1 - self.trim_h / self.s) < eps else y1
        px, py, pw, ph = self.pt_box((x0, y0, x1 - x0, y1 - y0))
        z = self.s * frame.scale
        radius = float(layer.get("radius", 0)) * z * MM
        fill, stroke = layer.get("fill"), layer.get("stroke")
        if fill:
            self.ops.append(("fill", *self.color(fill)))
        if stroke:
            width = float(layer.get("stroke_width", 0.5)) * z
            dash = tuple(float(v) * z for v in layer.get("dash", ()))
            self.ops.append(("stroke", *self.color(stroke), width, dash))
        self.ops.append(("rect", px, py, pw, ph, radius, int(bool(stroke)), int(bool(fill))))

    def _line(self, layer, frame, values):
        x1, y1, x2, y2 = layer["points"]
        bx, by, _, _ = frame.to_sheet((min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)))
        # lines are symmetric under a 180° turn about their box, so draw in sheet space
        a = self.pt_box((bx, by, abs(x2 - x1), abs(y2 - y1)))
        z = self.s * frame.scale
        dash = tuple(float(v) * z for v in layer.get("dash", ()))
        width = float(layer.get("width", 0.5)) * z
        self.ops.append(("stroke", *self.color(layer.get("color")), width, dash))
        up = (y1 < y2) == (x1 < x2)  # the line's direction within its box
        xa, xb = a[0], a[0] + a[2]
        ya, yb = (a[1] + a[3], a[1]) if up else (a[1], a[1] + a[3])
        self.ops.append(("line", xa, ya, xb, yb))

    def _text(self, layer, frame, values):
        text = _render(layer["text"], values)
        if not text:
            return
        style = layer.get("font", "regular")
        missing = fonts.missing_glyphs(text, style)
        if missing:
            raise SignError(
                Message(
                    N_("the font has no glyph for {missing} in {text}"),
                    missing=repr(missing),
                    text=repr(text),
                )
            )
        box = self.pt_box(frame.to_sheet(layer["box"]))
        x, y, w, h = box
        size = float(layer["size"]) * self.s * frame.scale
        min_size = float(layer.get("min_size", layer["size"])) * self.s * frame.scale
        layout_min = min_size
        if layer.get("id") in self.same_size:  # every card of the sheet alike
            size = min_size = self.same_size[layer["id"]]
        try:
            fit = fit_text(
                text,
                style,
                w,
                h,
                size,
                min_size,
                float(layer.get("line_height", 1.25)),
                layer.get("overflow", "shrink_wrap"),
            )
        except TextDoesNotFit as exc:
            raise SignError(
                Message(
                    "{layer}: {problem}",
                    layer=layer.get("id", layer["text"]),
                    problem=message_of(exc),
                )
            ) from None
        # alone, or with its cards; sizes go in quarter points, and a minimum scaled to
        # another paper (12 pt on A3: 16.97) is met by the quarter point nearest it
        if fit.size < layout_min - SIZE_STEP / 2:
            self.d.warnings.append(
                Message(
                    N_(
                        "{layer}: set at {size} pt, below the layout's minimum "
                        "{minimum} pt; shorten the text"
                    ),
                    layer=layer.get("id", layer["text"]),
                    size=f"{fit.size:.1f}",
                    minimum=f"{layout_min:.1f}",
                )
            )
        valign = layer.get("valign", "middle")
        top = y + h - {"top": 0, "middle": (h - fit.height) / 2, "bottom": h - fit.height}[valign]
        align = layer.get("align", "left")
        ops: list[tuple] = [("fill", *self._text_color(layer.get("color"), fit.size))]
        line_boxes = []
        for i, (line, lw) in enumerate(zip(fit.lines, fit.widths, strict=True)):
            base = top - fit.ascent - i * fit.pitch
            lx = {"left": x, "center": x + (w - lw) / 2, "right": x + w - lw}[align]
            ops.append(("text", style, fit.size, lx, base, line))
            line_boxes.append((lx, base, lw))
        self.ops.extend(self._rotated(frame, box, ops))
        self.d.placements.append(
            Placement(
                id=layer.get("id", layer["text"]),
                box=(x, y, x + w, y + h),
                size=fit.size,
                lines=fit.lines,
                line_boxes=tuple(line_boxes),
                ink=(top - fit.height, top),
                rotated=frame.rotation == 180,
                page=len(self.d.pages),
            )
        )

    def _qr(self, layer, frame, values):
        data = _render(layer["data"], values)
        if not data:
            return
        matrix = qr_matrix(data)
        quiet = int(layer.get("quiet", QUIET_MODULES))
        x, y, w, h = self.pt_box(frame.to_sheet(layer["box"]))
        side = min(w, h)
        n = matrix.size + 2 * quiet
        module = side / n
        module_mm = module / MM
        need = float(layer["min_module_mm"]) * self.s
        if module_mm < need - 1e-9:
            raise SignError(
                Message(
                    N_(
                        "QR modules would be {size} mm, under the layout's minimum "
                        "{minimum} mm (version {version}, {length} characters): "
                        "shorten the URL or enlarge the qr box in {layout}"
                    ),
                    size=f"{module_mm:.2f}",
                    minimum=f"{need:.2f}",
                    version=matrix.version,
                    length=len(data),
                    layout=self.layout.path.name,
                )
            )
        qx = x + (w - side) / 2
        qy = {"top": y + h - side, "middle": y + (h - side) / 2, "bottom": y}[
            layer.get("valign", "middle")
        ]
        ops: list[tuple] = [("fill", *WHITE), ("rect", qx, qy, side, side, 0, 0, 1)]
        top = qy + side - quiet * module
        left = qx + quiet * module
        ops += [("fill", *K), ("qr", left, top, module, matrix.pdf_rects())]
        self.ops.extend(ops)  # a code reads the same at any angle: no turn needed
        self.d.payloads.append(data)
        self.d.qr_versions.append(matrix.version)
        self.d.module_mm.append(round(module_mm, 3))

    def _image(self, layer, frame, values):
        src = _render(layer["src"], values)
        if not src:
            return
        data = Path(src).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        self.d.images[digest] = data
        box = self.pt_box(frame.to_sheet(layer["box"]))
        self.ops.extend(self._rotated(frame, box, [("image", digest, *box)]))

    def _group(self, layer, frame, values):
        x, y, w, h = layer["box"]
        child = _Frame(x, y, w, h, int(layer.get("rotate", 0)), frame)
        self.layers(layer["layers"], child, values)

    def _grid(self, layer, frame, values):
        items, first = self.page_items, self.first_item
        cols, rows = int(layer["columns"]), int(layer["rows"])
        x, y, w, h = layer["box"]
        gx, gy = layer.get("gap", [0, 0])
        cw, ch = (w - gx * (cols - 1)) / cols, (h - gy * (rows - 1)) / rows
        zoom, used_cols = 1.0, cols
        if layer.get("grow") and self.page_count == 1 and items:
            zoom, used_cols = _grown(len(items), cols, (w, h), (cw, ch), (gx, gy))
            zoom = min(zoom, float(layer.get("max_grow", 2.0)))
        step_x, step_y = cw * zoom + gx, ch * zoom + gy
        used_rows = -(-len(items) // used_cols) if items else 0
        if layer.get("valign") == "middle" and self.page_count == 1:
            y += (h - used_rows * step_y + gy) / 2
        if zoom > 1.0:  # the cards, fewer and larger, sit in the middle of the grid's box
            x += (w - used_cols * step_x + gx) / 2
        self.same_size = {
            name: self._common_size(layer["cell"], name, _Frame(0, 0, cw, ch, 0, frame, zoom))
            for name in layer.get("same_size", ())
        }
        outline = layer.get("outline")
        for i, item in enumerate(items):
            r, c = divmod(i, used_cols)
            in_row = min(used_cols, len(items) - r * used_cols)
            shift = (used_cols - in_row) * step_x / 2 if zoom > 1.0 else 0.0  # a short last row
            cx, cy = x + shift + c * step_x, y + r * step_y
            cell_values = item.fields()
            cell_values["number"] = cell_values["number"] or str(first + i + 1)
            cell = _Frame(cx, cy, cw, ch, 0, frame, zoom)
            if outline:
                self._rect(
                    {
                        "box": [0, 0, cw, ch],
                        "stroke": outline.get("color", "black"),
                        "stroke_width": outline.get("width", 0.5),
                        "radius": outline.get("radius", 0),
                        "dash": outline.get("dash", ()),
                    },
                    cell,
                    cell_values,
                )
            self.layers(layer["cell"], cell, cell_values)
        self.same_size = {}

    def _common_size(self, cell_layers, name: str, cell: _Frame) -> float:
        """The size at which the text `name` fits on every card of the sign (all its
        pages), so that the cards of one poster read alike: the smallest of their fits."""
        layer = next(la for la in cell_layers if la["type"] == "text" and la.get("id") == name)
        _, _, w, h = self.pt_box(cell.to_sheet(layer["box"]))
        size = float(layer["size"]) * self.s * cell.scale
        low = float(layer.get("min_size", layer["size"])) * self.s * cell.scale
        fits = []
        for item in self.spec.items:
            text = _render(layer["text"], item.fields())
            if text:
                style = layer.get("font", "regular")
                pitch = float(layer.get("line_height", 1.25))
                overflow = layer.get("overflow", "shrink_wrap")
                with contextlib.suppress(TextDoesNotFit):  # reported where that card is drawn
                    fits.append(fit_text(text, style, w, h, size, low, pitch, overflow).size)
        return min(fits) if fits else size

    # --- page --------------------------------------------------------------------------
    def crop_marks(self):
        x0, y0, x1, y1 = self.d.trim
        mw, mh = self.d.media
        g = MARK_GAP_MM * MM
        ops: list[tuple] = [("stroke", *K, MARK_WIDTH_PT, ())]
        for x in (x0, x1):
            ops += [("line", x, 0, x, y0 - g), ("line", x, y1 + g, x, mh)]
        for y in (y0, y1):
            ops += [("line", 0, y, x0 - g, y), ("line", x1 + g, y, mw, y)]
        self.ops.extend(ops)

    def run(self) -> Drawing:
        items = self.spec.items
        per_page = _grid_capacity(self.layout.layers)
        count = max(1, -(-len(items) // per_page)) if per_page else 1
        self.page_count = count
        for page in range(count):
            self.ops = []
            self.first_item = first = page * per_page
            self.page_items = items[first : first + per_page] if per_page else ()
            values = self.spec.fields()
            values.update(page=str(page + 1), pages=str(count), more_pages="1" if count > 1 else "")
            self.layers(self.layout.layers, _Frame(), values)
            self.crop_marks()
            self.d.pages.append(self.ops)
        return self.d


def _grown(count: int, cols: int, box, cell, gap) -> tuple[float, int]:
    """(zoom, columns) that draw `count` cards largest within the grid's `box`, never
    smaller than written, with at most `cols` columns."""
    (w, h), (cw, ch), (gx, gy) = box, cell, gap
    best = (1.0, cols)
    for c in range(1, cols + 1):
        r = -(-count // c)
        zoom = min((w - gx * (c - 1)) / (c * cw), (h - gy * (r - 1)) / (r * ch))
        if zoom > best[0] + 1e-9:
            best = (zoom, c)
    return best


def _grid_capacity(layers) -> int:
    """Items per page: the smallest grid of the layout (0 when it has none)."""
    sizes = [int(la["columns"]) * int(la["rows"]) for la in layers if la["type"] == "grid"]
    for la in layers:
        if la["type"] == "group":
            sizes.append(_grid_capacity(la["layers"]) or 0)
    sizes = [n for n in sizes if n]
    return min(sizes) if sizes else 0


def compose(spec: SignSpec, layout: Layout) -> Drawing:
    """Lay out one (NFC-normalised) spec; raises SignError naming the sign on failure."""
    try:
        return _Composer(spec, layout).run()
    except (SignError, ValueError) as exc:
        raise SignError(
            Message(
                N_("sign {code} ({kind}): {problem}"),
                code=spec.code,
                kind=sign_kind(spec.kind),
                problem=message_of(exc),
            )
        ) from None
