"""Each schema field as a Decap CMS form field: the widget that fits its type.

The table of fields lives in generator/schema.py; this module only knows how each
*type* of field is edited, so a field added to the schema reaches the form unchanged.
"""

from __future__ import annotations

from babel import Locale

from ..schema import BOTH, HELP_LANGUAGES, PARTS, Field, Part

LOCKED_WIDGET = "qrsite-locked"  # registered by the editing room's script: shows, never edits
# The checker's own shapes, so the form refuses what `qrsite check` would.
PATTERNS = {
    "url": (
        r"^https?://\S+$",
        ("một địa chỉ bắt đầu bằng https://", "an address starting https://"),
    ),
    "email": (r"^[^@\s]+@[^@\s]+\.[^@\s]+$", ("một địa chỉ thư", "an email address")),
    "day": (r"^\d{4}-\d{2}-\d{2}$", ("năm-tháng-ngày, ví dụ 2026-11-20", "year-month-day")),
    "partial_date": (
        r"^\d{4}(-\d{2}(-\d{2})?)?$",
        ("năm, năm-tháng hoặc năm-tháng-ngày", "year, year-month or year-month-day"),
    ),
    "slug": (r"^[a-z0-9]+(-[a-z0-9]+)*$", ("chữ thường không dấu, số và '-'", "a-z, 0-9, '-'")),
}
# Schema types that are a date written year-month-day.
DAY_TYPES = ("date", "day")


class FormContext:
    """What a form depends on besides the schema: the language its labels are written
    in, the site's languages, and the guides a stop or a counter may point to."""

    def __init__(
        self, ui: str, languages: tuple[str, ...], guides: tuple[tuple[str, str], ...] = ()
    ):
        self.ui = ui
        self.languages = languages
        # labels and hints exist in the schema's help languages; the first stands in
        self.index = HELP_LANGUAGES.index(ui) if ui in HELP_LANGUAGES else 0
        self.guides = guides  # (folder name, title), in the order they are offered

    def pick(self, pair: tuple[str, str]) -> str:
        return pair[self.index]

    def language_name(self, code: str) -> str:
        return Locale.parse(code).get_display_name(self.ui) or code


def form_field(f: Field, words: FormContext, *, translated_file: bool) -> dict:
    """One top-level field of an entry or of site.yml."""
    spec = _widget(f.type, f.name, words, choices=f.choices, long_text=f.long_text)
    spec.update(
        name=f.name,
        label=words.pick(f.label) or f.name,
        hint=words.pick(f.form_help or (f.help_vi, f.help_en)),
        required=f.required,
    )
    if f.start is not None and f.type == "flag":
        spec["default"] = f.start
    if f.locked:
        spec["widget"] = LOCKED_WIDGET
        spec["required"] = False
        for key in ("pattern", "fields", "field", "options", "multiple"):
            spec.pop(key, None)
    if translated_file:
        # A translated list's own parts say which of them the translation carries.
        spec["i18n"] = f.where == BOTH
    return spec


def part_field(p: Part, words: FormContext, *, in_translated_list: bool) -> dict:
    spec = _widget(p.type, p.name, words, choices=p.choices)
    spec.update(name=p.name, label=words.pick(p.label), required=p.required)
    if p.locked:
        spec["hint"] = words.pick(
            (
                "Không đổi sau khi biển đã in: mã QR đã in gắn với tên này.",
                "Never change it once signs are printed: their codes hang on it.",
            )
        )
    if in_translated_list:
        spec["i18n"] = p.translated
    return spec


def _widget(type_name: str, name: str, words: FormContext, *, choices=(), long_text=False):
    if type_name in PARTS:
        parts = PARTS[type_name]
        translated = any(p.translated for p in parts)
        fields = [part_field(p, words, in_translated_list=translated) for p in parts]
        if type_name in ("contact", "sign_defaults", "freshness"):
            return {"widget": "object", "fields": fields, "collapsed": False}
        return {"widget": "list", "fields": fields, "collapsed": True, "summary": _summary(parts)}
    if type_name == "text":
        return {"widget": "text" if long_text else "string"}
    if type_name == "number":
        return {"widget": "number", "value_type": "int", "min": 1}
    if type_name in PATTERNS or type_name in DAY_TYPES:
        pattern, hint = PATTERNS["day" if type_name in DAY_TYPES else type_name]
        return {"widget": "string", "pattern": [pattern, words.pick(hint)]}
    if type_name == "flag":
        return {"widget": "boolean"}
    if type_name == "text_list":
        return {"widget": "list", "field": {"name": name, "label": name, "widget": "string"}}
    if type_name == "coordinates":
        return {
            "widget": "list",
            "min": 2,
            "max": 2,
            "field": {"name": name, "label": name, "widget": "number", "value_type": "float"},
        }
    if type_name in ("file", "image"):
        photo = name in ("cover", "logo") or type_name == "image"
        return {"widget": "image" if photo else "file", "choose_url": False}
    if type_name in ("kind", "paper", "print_room", "choice"):
        return {"widget": "select", "options": list(choices)}
    if type_name == "languages":
        options = [{"label": words.language_name(c), "value": c} for c in choices]
        return {"widget": "select", "multiple": True, "min": 1, "options": options}
    if type_name == "bilingual":
        # each language optional in the form: `qrsite check` says which it needs
        fields = [
            {
                "name": code,
                "label": words.language_name(code),
                "widget": "string",
                "required": False,
            }
            for code in words.languages
        ]
        return {"widget": "object", "fields": fields, "collapsed": False}
    if type_name in ("guide", "guides", "guide_list"):
        # Chosen from the guides that exist, never typed. (Decap's relation widget would
        # give "<folder>/index", the entry's path, where qrsite wants the folder name.)
        if not words.guides:
            pattern, hint = PATTERNS["slug"]
            return {"widget": "string", "pattern": [pattern, words.pick(hint)]}
        options = [{"label": title, "value": slug} for slug, title in words.guides]
        return {"widget": "select", "options": options, "multiple": type_name != "guide"}
    raise ValueError(f"no editor widget for the schema type {type_name!r} ({name})")


def _summary(parts: tuple[Part, ...]) -> str:
    """A list item's one-line summary in the collapsed list: its first two parts."""
    return " · ".join("{{fields." + p.name + "}}" for p in parts[:2])
