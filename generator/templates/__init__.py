"""Bilingual entry templates, written from `schema.FIELDS`.

The front matter is produced from the schema on every call, so a new or changed
field shows up in `qrsite new` at once. Only the Markdown bodies (the headings an
author fills in) are stored as files in this folder.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

from .. import schema

HERE = Path(__file__).resolve().parent
# Written into the JPEG comment of the cover `qrsite new` draws, so that `check` can tell
# a placeholder left in place from a real photo, whatever the entry's title became.
PLACEHOLDER_COVER_MARK = b"qrsite: placeholder cover, replace with a real photo"

# What an optional field looks like when commented out in a template.
_OPTIONAL_SAMPLES = {
    "ranking": "Di tích quốc gia",
    "coordinates": [20.94, 106.33],
    "hours": "7:00–17:00",
    "audio": "thuyet-minh.mp3",
    "paper": "A4",
    "example": True,
    "audience": "Người dân từ 14 tuổi",
    "documents": ["Căn cước công dân gắn chip"],
    "fee": "Miễn phí",
    "duration": "Khoảng 15 phút",
    "links": [{"title": "Cổng dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn"}],
    "shops": [{"name": "Tên cửa hàng", "address": "Số nhà, tên đường", "pays": ["VietQR"]}],
    "checked": "YYYY-MM-DD",
    "sources": [
        {
            "title": "Tên bài báo hoặc văn bản",
            "publisher": "Nơi đăng",
            "date": "2024-05-10",
            "url": "https://...",
        }
    ],
}
_ENGLISH_SAMPLES = {
    "title": "English title",
    "summary": "One short sentence in English.",
    "address": "Ward ..., ... city",
    "ranking": "National relic",
    "hours": "7:00–17:00",
    "ward": "... Ward",
    "audience": "Residents aged 14 and over",
    "documents": ["Chip-based citizen ID card"],
    "fee": "Free",
    "duration": "About 15 minutes",
    "links": [{"title": "National public service portal", "url": "https://dichvucong.gov.vn"}],
    "audio": "narration-en.mp3",
}
HEADER = {
    "vi": (
        "Mẫu {kind}: mỗi trường có lời giải thích (tiếng Việt, rồi tiếng Anh).\n"
        "Dòng bắt đầu bằng '#' là ghi chú; bỏ '#' để dùng một trường tùy chọn.\n"
        "A {kind_en} template: each field is explained in Vietnamese, then English.\n"
        "Lines starting with '#' are notes; remove the '#' to use an optional field."
    ),
    "en": (
        "English translation. Translate only what is written here; the rest (photo,\n"
        "coordinates, guide of each stop) comes from index.vi.md.\n"
        "Bản dịch tiếng Anh: bỏ '#' ở đầu dòng rồi dịch. Ảnh, toạ độ... lấy từ index.vi.md.\n"
        "Remove the '#' before a field and translate it; write the English text below '---'."
    ),
}
KIND_VI = {"relic": "di tích", "street": "tuyến phố", "guide": "hướng dẫn"}
KIND_EN = {"relic": "relic", "street": "street", "guide": "guide"}


def dump_value(name: str, value) -> list[str]:
    """`name: value` as YAML lines, plain where YAML allows it, so volunteers read it easily."""
    if isinstance(value, (list, dict)):
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            items = ", ".join(_scalar(v) for v in value)
            return [f"{name}: [{items}]"]
        text = yaml.safe_dump(
            {name: value}, allow_unicode=True, sort_keys=False, default_flow_style=False
        )
        return text.rstrip("\n").split("\n")
    return [f"{name}: {_scalar(value)}"]


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    if plain and "," not in text and "[" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def comment_lines(text: str) -> list[str]:
    lines = []
    for paragraph in text.split("\n"):
        lines += [f"# {line}".rstrip() for line in textwrap.wrap(paragraph, 88) or [""]]
    return lines


def front_matter(kind: str, lang: str, values: dict | None = None) -> str:
    """The YAML between the '---' lines for a new `kind` entry in `lang`."""
    values = values or {}
    lines = comment_lines(HEADER[lang].format(kind=KIND_VI[kind], kind_en=KIND_EN[kind]))
    for field in schema.FIELDS[kind]:
        if lang == "en" and field.where == schema.VI_ONLY:
            continue
        lines.append("")
        if lang == "en":
            mark = "dịch / translate"
        else:
            mark = "bắt buộc / required" if field.required else "tùy chọn / optional"
        lines += comment_lines(f"{field.name} ({mark})")
        lines += comment_lines(f"{field.help_vi}\n{field.help_en}")
        if lang == "vi" and (field.required or field.start is not None):
            value = values.get(field.name, field.example if field.start is None else field.start)
            lines += dump_value(field.name, value)
            continue
        if lang == "en":
            sample = _ENGLISH_SAMPLES.get(field.name)
            if field.name == "stops":
                sample = [
                    {"number": s["number"], "place": "Where the board stands, in English"}
                    for s in values.get("stops", field.example)
                ]
        else:
            sample = _OPTIONAL_SAMPLES.get(field.name)
        if sample is None:
            sample = "..."
        lines += ["# " + line for line in dump_value(field.name, sample)]
    return "\n".join(lines) + "\n"


@cache
def template_values(kind: str, lang: str) -> Mapping[str, object]:
    """The placeholder each required text field gets from a template (a real fee may well
    be "Free", so optional samples do not count): text an author has not replaced yet.
    Asked for each entry's translations: made once per kind and language."""
    required = [f for f in schema.FIELDS[kind] if f.required and f.type == "text"]
    if lang == "en":
        found = {f.name: _ENGLISH_SAMPLES[f.name] for f in required if f.name in _ENGLISH_SAMPLES}
    else:
        found = {f.name: f.example for f in required if isinstance(f.example, str)}
    return MappingProxyType(found)


def template_stop_place() -> str:
    """The place `qrsite new` writes for a street's first stop."""
    return schema.field_map("street")["stops"].example[0]["place"]


@cache
def template_body_lines(kind: str, lang: str) -> frozenset[str]:
    """The lines of a body template that ask the author to write something (read once
    per kind and language)."""
    lines = body(kind, lang).splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def body(kind: str, lang: str) -> str:
    return (HERE / f"{kind}.{lang}.md").read_text(encoding="utf-8")


def render(kind: str, lang: str, values: dict | None = None) -> str:
    """A whole index.<lang>.md: front matter from the schema, then the body skeleton."""
    return f"---\n{front_matter(kind, lang, values)}---\n\n{body(kind, lang)}"
