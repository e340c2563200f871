"""The bilingual site.yml that `qrsite new site` writes, from `schema.SITE`.

Like the entry templates, every field is explained in Vietnamese and English; the
required ones hold values that pass `qrsite check`, the rest are commented out with an
example. The web addresses are under example.org until the team knows its host, and
`check` warns about that until they are replaced.
"""

from __future__ import annotations

from .. import schema
from . import comment_lines, dump_value

HEADER = (
    "Trang của một địa phương: mỗi trường có lời giải thích (tiếng Việt, rồi tiếng Anh).\n"
    "Dòng bắt đầu bằng '#' là ghi chú; bỏ '#' để dùng một trường tùy chọn.\n"
    "One locality's site: each field is explained in Vietnamese, then English.\n"
    "Lines starting with '#' are notes; remove the '#' to use an optional field."
)


def render_site(slug: str, name: str, name_en: str | None = None) -> str:
    name_en = name_en or name
    values = {
        "name": {"vi": name, "en": name_en},
        "base_url": f"https://{slug}.example.org/",
        "short_base": f"HTTPS://{slug.upper()}.EXAMPLE.ORG/Q/",
        "organization": {"vi": f"Đoàn Thanh niên {name}", "en": f"{name_en} Youth Union"},
        "languages": schema.field_map_of(schema.SITE)["languages"].example,
    }
    lines = comment_lines(HEADER)
    for field in schema.SITE:
        mark = "bắt buộc / required" if field.required else "tùy chọn / optional"
        lines += ["", *comment_lines(f"{field.name} ({mark})")]
        lines += comment_lines(f"{field.help_vi}\n{field.help_en}")
        if field.name in values:
            lines += dump_value(field.name, values[field.name])
        else:
            sample = field.example if field.example is not None else True
            lines += ["# " + line for line in dump_value(field.name, sample)]
    return "\n".join(lines) + "\n"
