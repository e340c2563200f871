"""Drafts, and template text that must not reach a print shop.

An entry with `draft: true` in its Vietnamese file is work in progress: `qrsite serve`
previews it and `qrsite build` leaves it out (no page, code, sign or search entry), so
its own problems are only warnings. A published entry that still holds what `qrsite new`
wrote (a placeholder value, a "Viết ở đây" line, the drawn placeholder cover) is an
error naming each place, since its page and sign would carry it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import templates
from ..model import Entry, Project, Translation
from ..problems import ERROR, WARNING, Problems
from .shapes import field_line

PEEK_BYTES = 512  # the comment Pillow writes comes right after the JPEG header (byte 24)


def every_entry(project: Project) -> list[Entry]:
    return [*project.guides.values(), *(e for es in project.entries.values() for e in es)]


def demote_draft_problems(project: Project, problems: Problems) -> set[str]:
    """A draft's own errors become warnings; returns the keys of drafts that had any
    (a preview leaves those out: their pages cannot be made yet)."""
    folders = {problems.relative(e.folder) + "/": e.key for e in every_entry(project) if e.draft}
    broken: set[str] = set()
    for number, problem in enumerate(problems.items):
        if problem.level != ERROR:
            continue
        key = next((k for f, k in folders.items() if problem.path.startswith(f)), None)
        if key is not None:
            problems.items[number] = replace(problem, level=WARNING)
            broken.add(key)
    return broken


def check_template_text(project: Project, problems: Problems) -> None:
    for entry in every_entry(project):
        if entry.draft:
            continue
        for lang, translation in (("vi", entry.vi), ("en", entry.en)):
            if translation is not None:
                _check_translation(entry, lang, translation, problems)


def _check_translation(entry: Entry, lang: str, translation: Translation, problems) -> None:
    path = translation.path
    for name, example in templates.template_values(entry.kind, lang).items():
        if translation.fields.get(name) == example:
            problems.add(
                path,
                field_line(path, name),
                "'{field}' still holds the template's text '{value}': write the real "
                "{field}, or put back 'draft: true' until the entry is ready",
                field=name,
                value=example,
            )
    if lang == "vi":
        place = templates.template_stop_place()
        for stop in translation.fields.get("stops") or []:
            if stop.get("place") == place:
                problems.add(
                    path,
                    stop["_line"],
                    "stop {number}: 'place' still holds the template's text '{value}': "
                    "write where the board stands",
                    number=stop.get("number"),
                    value=place,
                )
        cover = translation.fields.get("cover")
        if cover and _is_placeholder(entry.folder / cover):
            problems.add(
                path,
                field_line(path, "cover"),
                "'cover' is still the placeholder photo that 'qrsite new' drew: put a real "
                "photo next to this file and write its name",
            )
    asks = templates.template_body_lines(entry.kind, lang)
    if not any(ask in translation.body for ask in asks):
        return  # the whole text searched once for each: most have none
    for offset, line in enumerate(translation.body.split("\n")):
        if line.strip() in asks:
            problems.add(
                path,
                translation.body_line + offset,
                "this line is still the template's text: write your own, or delete it",
            )


def _is_placeholder(photo: Path) -> bool:
    try:
        with photo.open("rb") as f:
            return templates.PLACEHOLDER_COVER_MARK in f.read(PEEK_BYTES)
    except OSError:
        return False  # a missing cover is reported with the field already
