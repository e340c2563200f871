"""The editing room's Decap CMS configuration for one site, written from the schema.

Never hand-kept: collections, fields, widgets, which file a field is written to and
which fields are locked all come from generator/schema.py, so the form accepts what
`qrsite check` accepts. Payment details (payments.yml) are absent: every one of their
fields is locked, and a changed account is the fraud the stickers exist to prevent.
"""

from __future__ import annotations

from ..model import Project
from ..schema import ENTRY_ROOTS, FIELDS, KIND_LABELS, KINDS, SITE
from .widgets import FormContext, form_field

GUIDES_FOLDER = "content/guides"
SITE_FILE_COLLECTION = "site"  # site.yml, a collection of one file


def collection_name(kind: str) -> str:
    return "guides" if kind == "guide" else ENTRY_ROOTS[kind]


def entry_folder(kind: str, site: str) -> str:
    return GUIDES_FOLDER if kind == "guide" else f"{ENTRY_ROOTS[kind]}/{site}"


def editor_config(
    site: str,
    languages: tuple[str, ...],
    ui_language: str,
    backend: dict,
    local_backend: str | None = None,
    guides: tuple[tuple[str, str], ...] = (),
) -> dict:
    """Decap's config.yml as a dict; `local_backend` is the proxy's URL for `qrsite edit`;
    `guides` the (folder, title) of each guide a stop or counter may point to."""
    ui = ui_language if ui_language in languages else languages[0]
    words = FormContext(ui, languages, guides)
    translated = len(languages) > 1
    config: dict = {"backend": backend}
    if local_backend:
        config["local_backend"] = {"url": local_backend, "allowed_hosts": ["127.0.0.1"]}
    config.update(
        locale=words.ui,
        # The media library's own folder; entries keep their photos beside their text.
        media_folder=f"sites/{site}",
        public_folder="",
        slug={"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        show_preview_links=False,
    )
    if translated:
        config["i18n"] = {
            "structure": "multiple_files",
            "locales": list(languages),
            "default_locale": languages[0],
        }
    config["collections"] = [_entry_collection(kind, site, words, translated) for kind in KINDS] + [
        _site_collection(site, words)
    ]
    return config


def _entry_collection(kind: str, site: str, words: FormContext, translated: bool) -> dict:
    fields = [form_field(f, words, translated_file=translated) for f in FIELDS[kind]]
    body = {
        "name": "body",
        "label": words.pick(("Nội dung", "Text")),
        "widget": "markdown",
        "modes": ["raw", "rich_text"],
        "required": False,
    }
    if translated:
        body["i18n"] = True
    label = words.pick(KIND_LABELS[KINDS.index(kind)])
    collection = {
        "name": collection_name(kind),
        "label": label,
        "label_singular": label,
        "folder": entry_folder(kind, site),
        # one folder per entry: index.<lang>.md and its photos side by side
        "path": "{{slug}}/index" if translated else "{{slug}}/index." + words.languages[0],
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": False,
        "media_folder": "",
        "public_folder": "",
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        "fields": fields + [body],
    }
    if translated:
        collection["i18n"] = True
    return collection


def _site_collection(site: str, words: FormContext) -> dict:
    return {
        "name": SITE_FILE_COLLECTION,
        "label": words.pick(("Trang", "Site")),
        "delete": False,
        "files": [
            {
                "name": "site",
                "label": words.pick(("Thông tin trang (site.yml)", "Site settings (site.yml)")),
                "file": f"sites/{site}/site.yml",
                "format": "yaml",
                "media_folder": "",
                "public_folder": "",
                "fields": [form_field(f, words, translated_file=False) for f in SITE],
            }
        ],
    }


def guide_choices(project: Project) -> tuple[tuple[str, str], ...]:
    """(folder, Vietnamese title) of every guide ready to be pointed to, by title."""
    ready = [(str(e.vi.fields.get("title") or slug), slug) for slug, e in project.guides.items()]
    return tuple((slug, title) for title, slug in sorted(ready) if not project.guides[slug].draft)
