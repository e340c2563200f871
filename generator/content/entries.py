"""One entry folder: index.vi.md and its translations read, each field checked against
the schema (generator/schema.py), the whole province read on every core when large."""

from __future__ import annotations

from pathlib import Path

from .. import schema
from ..background import fork_is_safe
from ..frontmatter import FrontMatterError, LineDict, parse
from ..model import Entry, Translation
from ..parallel import cpu_count, map_forked
from ..paths import inside
from ..problems import Problems
from .kept_entries import KeptEntries, folder_record
from .payments import load_payments
from .shapes import unknown_field
from .values import check_value

SPREAD_FROM = 400  # entries: with fewer, starting the workers costs more than it saves


def load_entries(
    found: list[tuple], root: Path, problems: Problems, kept: KeptEntries | None = None
) -> list:
    """Each (folder, kind, site) loaded, in order; a province's thousands of files are
    read and checked on every core (each file on its own, the messages gathered).
    `kept`: what the last check read, used for the folders that did not change."""
    if kept is None:  # nothing to compare: no record is taken, nothing kept
        records, read = [()] * len(found), [None] * len(found)
    else:
        records = [folder_record(folder) for folder, _, _ in found]
        read = [kept.get(task, record) for task, record in zip(found, records, strict=True)]
    missing = [i for i, known in enumerate(read) if known is None]
    tasks = [(*found[i], root) for i in missing]
    jobs = min(cpu_count(), 4)
    if len(tasks) < SPREAD_FROM or jobs < 2 or not fork_is_safe():
        fresh = [_load_alone(task) for task in tasks]
    else:
        fresh = map_forked(_load_alone, tasks, jobs)
    for i, result in zip(missing, fresh, strict=True):
        read[i] = result
        if kept is not None:
            kept.put(found[i], records[i], result)
    if kept is not None:
        kept.save()
    for _, items in read:
        problems.items.extend(items)
    return [entry for entry, _ in read]


def _load_alone(task: tuple) -> tuple:
    folder, kind, site, root = task
    problems = Problems(root)
    return load_entry(folder, kind, site, root, problems), problems.items


def load_entry(folder: Path, kind: str, site: str | None, root: Path, problems: Problems):
    vi_path = folder / "index.vi.md"
    en_path = folder / "index.en.md"
    if not vi_path.is_file():
        hint = " (index.en.md alone is not enough)" if en_path.is_file() else ""
        problems.add(
            folder,
            0,
            "the Vietnamese file index.vi.md is missing{hint}: every entry needs one",
            hint=hint,
        )
        return None
    vi = _load_translation(vi_path, kind, "vi", problems)
    en = _load_translation(en_path, kind, "en", problems) if en_path.is_file() else None
    if vi is None:
        return None
    payments = ()
    if kind == "street":
        shops = [s["name"] for s in vi.fields.get("shops") or [] if "name" in s]
        payments = load_payments(folder, vi.fields.get("kind"), shops, problems)
    return Entry(
        kind=kind, site=site, slug=folder.name, folder=folder, vi=vi, en=en, payments=payments
    )


def _load_translation(path: Path, kind: str, lang: str, problems: Problems):
    if path.is_symlink() and not inside(path, path.parent):
        problems.add(
            path,
            0,
            "this file is a link to a place outside the project: copy the file here instead",
        )
        return None
    try:
        doc = parse(path.read_bytes())
    except FrontMatterError as exc:
        problems.add(path, exc.line, exc.message, **exc.params)
        return None
    except OSError as exc:
        problems.add(path, 0, "the file cannot be read ({detail})", detail=exc.strerror)
        return None
    fields = check_fields(path, doc.meta, kind, lang, problems)
    return Translation(path=path, fields=fields, body=doc.body, body_line=doc.body_line)


def check_fields(path: Path, meta: LineDict, kind: str, lang: str, problems: Problems) -> dict:
    spec = schema.field_map(kind)
    fields: dict = {}
    suggested = set()  # a misspelt required field is reported once, as "did you mean"
    for name, value in meta.items():
        line = meta.lines.get(name, meta.line)
        field = spec.get(name)
        if field is None:
            allowed = [f.name for f in spec.values() if lang == "vi" or f.where != schema.VI_ONLY]
            suggested.add(unknown_field(path, line, name, allowed, problems))
            continue
        if lang == "en" and field.where == schema.VI_ONLY:
            problems.add(
                path,
                line,
                "'{field}' belongs in the Vietnamese file only (index.vi.md): "
                "delete it here, the English page takes it from there",
                field=name,
            )
            continue
        checked = check_value(path, line, field, value, lang, problems)
        if checked is not None:
            fields[name] = checked
    if lang == "vi":
        for field in spec.values():
            if field.required and field.name not in meta and field.name not in suggested:
                problems.add(
                    path,
                    meta.line,
                    "the required field '{field}' is missing: add a "
                    "line '{field}: ...' between the '---' lines",
                    field=field.name,
                )
    return fields
