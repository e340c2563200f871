"""The field reference of the authors' guide, written from `schema.FIELDS` and `schema.SITE`.

Regenerate after changing the schema (a test fails until you do):

    python -m generator.templates.reference docs/authors

It writes content/guides/bang-truong/index.vi.md and index.en.md of that project.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from .. import schema
from . import dump_value

SLUG = "bang-truong"
TEXT = {
    "vi": {
        "title": "Bảng các trường",
        "summary": "Mọi trường có thể ghi ở đầu tệp, cho di tích, tuyến phố và hướng dẫn.",
        "intro": (
            "Bảng này được tạo tự động từ lược đồ của qrsite, nên luôn khớp với trình kiểm "
            "tra và với mẫu của `qrsite new`. Cột «Tệp» cho biết trường được ghi ở đâu: "
            "«cả hai» là chữ cần dịch (tệp tiếng Việt, và tệp tiếng Anh có thể dịch lại); "
            "«chỉ tiếng Việt» là thông tin không cần dịch, chỉ ghi một lần trong index.vi.md."
        ),
        "kinds": {
            "relic": "Di tích",
            "street": "Tuyến phố",
            "guide": "Hướng dẫn",
            "site": "Trang của địa phương (sites/TÊN/site.yml, tạo bằng qrsite new site)",
            "payments": (
                "Thông tin nhận tiền của các cửa hàng trên tuyến phố không dùng tiền mặt "
                "(streets/TÊN/TUYẾN/payments.yml, mỗi cửa hàng một mục trong 'shops:'; "
                "không sửa trên trình soạn thảo web)"
            ),
        },
        "head": ("Trường", "Bắt buộc", "Tệp", "Ý nghĩa", "Ví dụ"),
        "yes": "có",
        "no": "không",
        "where": {
            schema.BOTH: "cả hai",
            schema.VI_ONLY: "chỉ tiếng Việt",
            schema.SITE_FILE: "site.yml",
            schema.PAYMENTS_FILE: "payments.yml",
        },
        "stops": (
            "Mỗi biển trong `stops` có: `number` (số thứ tự), `place` (nơi đặt biển), "
            "`guide` (tên thư mục hướng dẫn). Tệp tiếng Anh chỉ ghi `number` và `place`."
        ),
    },
    "en": {
        "title": "Field reference",
        "summary": "Every field you can write at the top of a file, for relics, streets and "
        "guides.",
        "intro": (
            "This table is generated from qrsite's schema, so it always matches the checker "
            "and the `qrsite new` templates. The «File» column says where a field is "
            "written: «both» is text to translate (the Vietnamese file, and the English file "
            "may translate it); «Vietnamese only» is information written once, in index.vi.md."
        ),
        "kinds": {
            "relic": "Relic",
            "street": "Street",
            "guide": "Guide",
            "site": "A locality's site (sites/NAME/site.yml, started by qrsite new site)",
            "payments": (
                "The payment details of a cashless street's shops (streets/NAME/STREET/"
                "payments.yml, one item per shop under 'shops:'; not edited in the browser "
                "editor)"
            ),
        },
        "head": ("Field", "Required", "File", "Meaning", "Example"),
        "yes": "yes",
        "no": "no",
        "where": {
            schema.BOTH: "both",
            schema.VI_ONLY: "Vietnamese only",
            schema.SITE_FILE: "site.yml",
            schema.PAYMENTS_FILE: "payments.yml",
        },
        "stops": (
            "Each board in `stops` has `number`, `place` (where the board stands) and "
            "`guide` (the guide's folder name). The English file writes `number` and "
            "`place` only."
        ),
    },
}
SAMPLES = {  # shown when the schema gives no example
    "example": True,
    "ranking": "Di tích quốc gia",
    "coordinates": [20.94, 106.33],
    "hours": "7:00–17:00",
    "audio": "thuyet-minh.mp3",
    "paper": "A4",
    "audience": "Người dân từ 14 tuổi",
    "documents": ["Căn cước công dân"],
    "fee": "Miễn phí",
    "duration": "15 phút",
    "checked": "2026-11-20",
}


# Lists of records, too long for a table cell: explained in the help text instead.
LISTED_BELOW = ("stops", "shops", "links", "counters", "sources", "site_changes")


def tables() -> list[tuple[str, tuple[schema.Field, ...]]]:
    """Each kind of entry, then site.yml and payments.yml: one table each."""
    return [*schema.FIELDS.items(), ("site", schema.SITE), ("payments", schema.PAYMENT)]


def _one_line(name: str, value) -> str:
    """`name: value` on one line, a mapping in YAML's flow style ({vi: ..., en: ...})."""
    if isinstance(value, dict):
        flow = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False)
        return f"{name}: {flow.strip()}"
    return " ".join(dump_value(name, value))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference_body(lang: str) -> str:
    """The Markdown body: one table per kind, a row per field, in schema order."""
    t = TEXT[lang]
    out = [t["intro"], ""]
    for kind, fields in tables():
        out += [f"## {t['kinds'][kind]}", ""]
        out.append("| " + " | ".join(t["head"]) + " |")
        out.append("|" + "---|" * len(t["head"]))
        for field in fields:
            help_text = field.help_vi if lang == "vi" else field.help_en
            if field.choices and not all(c in help_text for c in field.choices):
                help_text += " (" + ", ".join(field.choices) + ")"
            value = field.example if field.example is not None else SAMPLES.get(field.name)
            example = ""
            if value is not None and field.type not in LISTED_BELOW:
                example = "`" + _one_line(field.name, value) + "`"
            row = (
                f"`{field.name}`",
                t["yes"] if field.required else t["no"],
                t["where"][field.where],
                _cell(help_text),
                _cell(example),
            )
            out.append("| " + " | ".join(row) + " |")
        out.append("")
    out.append(t["stops"])
    return "\n".join(out) + "\n"


def reference_file(lang: str) -> str:
    t = TEXT[lang]
    return (
        "---\n"
        "# Generated by 'python -m generator.templates.reference': do not edit by hand.\n"
        + dump_value("title", t["title"])[0]
        + "\n"
        + dump_value("summary", t["summary"])[0]
        + "\n"
        "---\n" + reference_body(lang)
    )


def write(project: Path) -> list[Path]:
    folder = project / "content" / "guides" / SLUG
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in ("vi", "en"):
        path = folder / f"index.{lang}.md"
        path.write_text(reference_file(lang), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for written_path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/authors")):
        print(written_path)
