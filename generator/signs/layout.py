"""Sign layouts are data: one YAML file per kind in `layouts/`, checked here once.

A layout names the paper its boxes are drawn for (`paper`, portrait), the papers a
spec may ask for (`papers`; ISO A sizes A6 to A3 share one aspect, so boxes and font
sizes scale with the paper width; every paper a layout offers must have its own paper's
aspect), named CMYK colours, and a list of layers. Boxes are [x, y, w, h] in millimetres
from the top-left corner of the trimmed sheet. S80 is an 80 mm square sticker, offered
only by its own layout (payment_sticker): no A size scales to it.

Layer types (beyond `type`; `when: FIELD` skips the layer when FIELD is empty,
`when: "!FIELD"` when it is not):
- rect:  box, fill, stroke, stroke_width (pt), dash, radius (mm). An edge lying on the trim
         edge extends 3 mm into the bleed by itself.
- line:  points [x1, y1, x2, y2], color, width (pt), dash [on, off] (pt).
- text:  text (a template such as "{title_vi}"), box, font (regular|bold), size and
         min_size (pt), align (left|center|right), valign (top|middle|bottom), color,
         line_height, overflow (shrink_wrap: shrink to min_size on one line, then wrap
         at word boundaries; wrap_shrink: the largest size that fits, wrapped or not;
         shrink: one line only). Never clipped, never overflowing.
- qr:    data (template, usually "{url}"), box, min_module_mm (required: the renderer
         refuses a code whose modules come out smaller on the layout's paper), quiet
         (modules, >= 4), valign. A white quiet zone is drawn under the code.
- image: src (template, usually "{logo}"), box: PNG/JPEG scaled to fit, centred.
- group: box, rotate (0|180), layers: children with boxes relative to the group box.
- grid:  box, columns, rows, gap [x, y] (mm), outline {color, width, dash, radius},
         valign (top|middle: centre the rows in use on a one-page sign), cell:
         layers relative to each cell, reading the item's fields ({title_vi}, {url},
         {number}: the item's number, else its 1-based place).
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .spec import ITEM_FIELDS, SIGN_FIELDS

LAYOUT_DIR = Path(__file__).parent / "layouts"
PAPER_MM = {
    "S80": (80.0, 80.0),  # a square sticker (payment_sticker only)
    "A6": (105.0, 148.0),
    "A5": (148.0, 210.0),
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
}
BASE_COLORS = {"black": (0.0, 0.0, 0.0, 1.0), "white": (0.0, 0.0, 0.0, 0.0)}

_COMMON = {"type", "when", "id"}
_KEYS: dict[str, tuple[set[str], set[str]]] = {  # type -> (required, optional)
    "rect": ({"box"}, {"fill", "stroke", "stroke_width", "radius", "dash"}),
    "line": ({"points"}, {"color", "width", "dash"}),
    "text": (
        {"text", "box", "size"},
        {"font", "min_size", "align", "valign", "color", "line_height", "overflow"},
    ),
    "qr": ({"data", "box", "min_module_mm"}, {"quiet", "valign"}),
    "image": ({"src", "box"}, set()),
    "group": ({"box", "layers"}, {"rotate"}),
    "grid": (
        {"box", "columns", "rows", "cell"},
        {"gap", "outline", "valign", "grow", "max_grow", "same_size"},
    ),
}
_CHOICES = {
    "font": ("regular", "bold"),
    "align": ("left", "center", "right"),
    "valign": ("top", "middle", "bottom"),
    "overflow": ("shrink_wrap", "wrap_shrink", "shrink"),
    "rotate": (0, 180),
}


class LayoutError(ValueError):
    pass


@dataclass(frozen=True)
class Layout:
    kind: str
    paper: str
    papers: tuple[str, ...]
    colors: dict[str, tuple[float, float, float, float]]
    layers: tuple[dict[str, Any], ...]
    digest: str  # sha256 of the file's bytes, for the cache key
    path: Path

    def scale(self, paper: str) -> float:
        if paper not in self.papers:
            raise LayoutError(
                f"{self.path.name}: paper {paper!r} is not offered; use {', '.join(self.papers)}"
            )
        return PAPER_MM[paper][0] / PAPER_MM[self.paper][0]

    def color(self, name: str) -> tuple[float, float, float, float]:
        return self.colors[name]


def layout_path(kind: str, layout_dir: Path = LAYOUT_DIR) -> Path:
    return layout_dir / f"{kind}.yml"


@cache
def load_layout(kind: str, layout_dir: Path = LAYOUT_DIR) -> Layout:
    """Read and check `<kind>.yml` once per process."""
    path = layout_path(kind, layout_dir)
    if not path.is_file():
        raise LayoutError(f"no layout for sign kind {kind!r} (expected {path})")
    raw = path.read_bytes()
    data = yaml.safe_load(raw)
    where = path.name
    if not isinstance(data, dict):
        raise LayoutError(f"{where}: expected a mapping")
    extra = set(data) - {"kind", "paper", "papers", "colors", "layers"}
    if extra:
        raise LayoutError(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
    paper = data.get("paper", "A4")
    papers = tuple(data.get("papers", [paper]))
    for p in (paper, *papers):
        if p not in PAPER_MM:
            raise LayoutError(f"{where}: unknown paper {p!r}")
        (w, h), (base_w, base_h) = PAPER_MM[p], PAPER_MM[paper]
        if abs(w / h - base_w / base_h) > 0.01:  # boxes scale with the width alone
            raise LayoutError(f"{where}: paper {p} is not the shape of {paper}; it cannot scale")
    colors = dict(BASE_COLORS)
    for name, value in (data.get("colors") or {}).items():
        if not (isinstance(value, list) and len(value) == 4 and all(0 <= v <= 1 for v in value)):
            raise LayoutError(f"{where}: colors.{name}: expected [c, m, y, k] between 0 and 1")
        colors[name] = tuple(float(v) for v in value)
    layers = tuple(_check_layers(data.get("layers") or [], f"{where}: layers", colors, SIGN_FIELDS))
    return Layout(
        kind=data.get("kind", kind),
        paper=paper,
        papers=papers,
        colors=colors,
        layers=layers,
        digest=hashlib.sha256(raw).hexdigest(),
        path=path,
    )


def _template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _check_fields(layer, here, fields) -> None:
    used = set()
    for key in ("text", "data", "src"):
        if key in layer:
            try:
                used |= _template_fields(str(layer[key]))
            except ValueError as exc:
                raise LayoutError(f"{here}.{key}: {exc}") from None
    if layer.get("when"):
        used.add(str(layer["when"]).lstrip("!"))
    unknown = used - fields
    if unknown:
        raise LayoutError(
            f"{here}: unknown field(s) {', '.join(sorted(unknown))}; "
            f"use {', '.join(sorted(fields))}"
        )


def _check_layers(layers, where, colors, fields) -> list[dict[str, Any]]:
    if not isinstance(layers, list):
        raise LayoutError(f"{where}: expected a list")
    out = []
    for i, layer in enumerate(layers):
        here = f"{where}[{i}]"
        if not isinstance(layer, dict) or layer.get("type") not in _KEYS:
            raise LayoutError(f"{here}: 'type' must be one of {', '.join(_KEYS)}")
        required, optional = _KEYS[layer["type"]]
        missing = required - set(layer)
        unknown = set(layer) - required - optional - _COMMON
        if missing:
            raise LayoutError(f"{here}: missing {', '.join(sorted(missing))}")
        if unknown:
            raise LayoutError(f"{here}: unknown key(s) {', '.join(sorted(unknown))}")
        for key, choices in _CHOICES.items():
            if key in layer and layer[key] not in choices:
                raise LayoutError(f"{here}.{key}: {layer[key]!r} is not one of {choices}")
        for key in ("fill", "stroke", "color"):
            if key in layer and layer[key] not in colors:
                raise LayoutError(f"{here}.{key}: unknown colour {layer[key]!r}")
        if "box" in layer and not _numbers(layer["box"], 4):
            raise LayoutError(f"{here}.box: expected [x, y, w, h] in mm")
        if layer["type"] == "qr" and int(layer.get("quiet", 4)) < 4:
            raise LayoutError(f"{here}.quiet: the quiet zone must be at least 4 modules")
        if layer["type"] == "text" and layer.get("min_size", layer["size"]) > layer["size"]:
            raise LayoutError(f"{here}: min_size is larger than size")
        _check_fields(layer, here, fields)
        layer = dict(layer)
        if layer["type"] == "group":
            layer["layers"] = _check_layers(layer["layers"], f"{here}.layers", colors, fields)
        if layer["type"] == "grid":
            layer["cell"] = _check_layers(layer["cell"], f"{here}.cell", colors, ITEM_FIELDS)
            outline = layer.get("outline") or {}
            if outline and outline.get("color", "black") not in colors:
                raise LayoutError(f"{here}.outline.color: unknown colour")
        out.append(layer)
    return out


def _numbers(value, n: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == n
        and all(isinstance(v, int | float) for v in value)
    )
