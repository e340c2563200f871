"""site.yml's `editor`: where the hosted editing room logs in and saves (see editor/)."""

from __future__ import annotations

import re
from pathlib import Path

from .. import schema
from ..frontmatter import LineDict
from ..problems import Problems
from .shapes import line_of, unknown_keys

REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")


def load_editor(path: Path, data: LineDict, problems: Problems) -> tuple[tuple[str, str], ...]:
    """The hosted editing room's backend: which host, which repository, how to log in."""
    editor = data.get("editor")
    if editor is None:
        return ()
    line = line_of(data, "editor")
    if not isinstance(editor, dict):
        problems.add(path, line, "'editor' must hold backend and repo")
        return ()
    unknown_keys(path, editor, schema.EDITOR_KEYS, problems)
    backend = editor.get("backend")
    if backend not in schema.EDITOR_BACKENDS:
        problems.add(
            path,
            line_of(editor, "backend") or line,
            "'backend' must be one of {choices}",
            choices=", ".join(schema.EDITOR_BACKENDS),
        )
    repo = editor.get("repo")
    if not isinstance(repo, str) or not REPO.match(repo):
        problems.add(
            path,
            line_of(editor, "repo") or line,
            "'repo' must name the repository as owner/name, for example doan-phuong/trang-qr",
        )
    for key in ("api_root", "base_url"):
        value = editor.get(key)
        if value is not None and not (isinstance(value, str) and value.startswith("https://")):
            problems.add(
                path,
                line_of(editor, key) or line,
                "'{field}' must be a web address starting with https://",
                field=key,
            )
    return tuple((str(k), str(v)) for k, v in editor.items() if k in schema.EDITOR_KEYS)
