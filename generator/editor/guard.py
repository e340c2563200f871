"""What the editing room may do to the folder, checked before the local proxy sees it.

The proxy behind the room (decap-server) writes, renames and deletes whatever it is
asked to. The room asks it only for what a volunteer may do: write an entry's
`index.<lang>.md` and the photos or narration beside it, the site's site.yml and a
picture beside that. It never deletes or renames (a printed code hangs on a folder:
that is `qrsite retire` / `qrsite move`), and never writes codes.yml, translations.yml,
payments.yml, printed.yml or anything under build/: none of them is on the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..i18n import N_
from ..paths import is_slug
from ..slugs import slugify
from .config import entry_folder

READING = frozenset(
    {"info", "entriesByFolder", "entriesByFiles", "getEntry", "getMedia", "getMediaFile"}
)
WRITING = frozenset({"persistEntry", "persistMedia"})
MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".mp3")
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".svg")


@dataclass
class Refused(Exception):
    """A request the room does not pass on; `message` is a catalog id, `values` its fields."""

    message: str
    values: dict = field(default_factory=dict)

    def text(self, gettext) -> str:
        return gettext(self.message).format(**self.values)


@dataclass(frozen=True)
class Writes:
    """The files one request writes: entry texts and media, relative to the project."""

    texts: tuple[str, ...]
    media: tuple[str, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        return self.texts + self.media


class Guard:
    """The allow-list of one site's room."""

    def __init__(self, site: str, languages: tuple[str, ...]):
        self.site = site
        self.languages = languages
        self.entry_folders = tuple(entry_folder(k, site) for k in ("relic", "street", "guide"))
        self.site_file = f"sites/{site}/site.yml"

    def writes(self, request: dict) -> Writes:
        """The files `request` would write; Refused when it may not be passed on."""
        action = request.get("action")
        params = request.get("params")
        params = params if isinstance(params, dict) else {}
        if action in READING:
            return Writes((), ())
        if action in ("deleteFile", "deleteFiles"):
            raise Refused(
                N_(
                    "The editor does not delete files: a printed code may lead to them. "
                    "Ask a maintainer to run 'qrsite retire' for an entry."
                )
            )
        if action == "persistMedia":
            path = _path(next(iter(_dicts([params.get("asset")])), {}).get("path"))
            return Writes((), (self._media(path),))
        if action != "persistEntry":
            raise Refused(N_("The editor does not do '{action}'."), {"action": str(action)})
        data_files = _dicts(params.get("dataFiles")) or _dicts([params.get("entry")])
        if not data_files:
            raise Refused(N_("The editor sent a save with no file in it."))
        if any(item.get("newPath") for item in data_files):
            raise Refused(
                N_(
                    "The editor does not rename an entry's folder: a printed code hangs on it. "
                    "Ask a maintainer to run 'qrsite move OLD NEW'."
                )
            )
        texts = tuple(self._text(_path(item.get("path"))) for item in data_files)
        media = tuple(self._media(_path(a.get("path"))) for a in _dicts(params.get("assets")))
        return Writes(texts, media)

    def _text(self, path: PurePosixPath) -> str:
        if str(path) == self.site_file:
            return str(path)
        self._entry_of(path)
        names = {f"index.{lang}.md" for lang in self.languages}
        if path.name not in names:
            raise _outside(path)
        return str(path)

    def _media(self, path: PurePosixPath) -> str:
        suffix = path.suffix.lower()
        if path.parent == PurePosixPath(self.site_file).parent and suffix in PICTURE_SUFFIXES:
            return str(path)
        self._entry_of(path)
        if suffix not in MEDIA_SUFFIXES:
            raise Refused(
                N_("'{name}' is not a photo or a narration (jpg, png, webp or mp3)."),
                {"name": path.name},
            )
        return str(path)

    def _entry_of(self, path: PurePosixPath) -> str:
        """The entry folder `path` lies directly in; its name must follow the slug rule."""
        parent = path.parent
        if str(parent.parent) not in self.entry_folders:
            raise _outside(path)
        if not is_slug(parent.name) or slugify(parent.name) != parent.name:
            raise Refused(
                N_(
                    "The folder name '{folder}' does not follow qrsite's rule (lower-case "
                    "letters without accents, digits and '-', such as '{suggestion}'): "
                    "change the title, save, then set the title back."
                ),
                {"folder": parent.name, "suggestion": slugify(parent.name) or "ten-muc"},
            )
        return str(parent)


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _path(value) -> PurePosixPath:
    if not isinstance(value, str) or not value or value.startswith("/") or "\\" in value:
        raise Refused(N_("The editor sent a file path it may not write: {path}"), {"path": value})
    path = PurePosixPath(value)
    if ".." in path.parts or any(part.startswith(".") for part in path.parts):
        raise Refused(N_("The editor sent a file path it may not write: {path}"), {"path": value})
    return path


def _outside(path: PurePosixPath) -> Refused:
    return Refused(N_("The editor may not write '{path}'."), {"path": str(path)})


def without_blank_translations(request: dict, default_language: str) -> dict:
    """The save without a translation file that would hold nothing.

    The CMS writes an empty `index.en.md` for an entry nobody has translated yet; a
    missing translation is allowed (the page says so and shows Vietnamese), an empty
    file is not.
    """
    params = request.get("params")
    if request.get("action") != "persistEntry" or not isinstance(params, dict):
        return request
    files = params.get("dataFiles")
    if not isinstance(files, list):
        return request
    kept = [
        item
        for item in files
        if not (
            isinstance(item, dict)
            and str(item.get("raw", "x")).strip() in ("", "---\n---", "---\r\n---")
            and not str(item.get("path", "")).endswith(f".{default_language}.md")
        )
    ]
    return {**request, "params": {**params, "dataFiles": kept}}
