"""MkDocs run from outside, for one language of one site, and its output kept.

Two things are added to MkDocs. Its warnings are collected, so a strict build fails
with MkDocs' own words. Compiled templates are kept in memory (_KeptTemplates), so a run
after the first in a process (the next language, a rebuild in `qrsite serve`) does not
compile the theme's templates again. And its output is kept on disk under a hash of
all it reads (mkdocs_output), so a build whose stand-ins did not change copies it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from pathlib import Path

import jinja2
import jinja2.bccache

from ..kept_json import recipe_of
from ..staging import temp_beside

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


class MkDocsFailed(Exception):
    pass


MKDOCS_KEPT = "mkdocs"  # under the build's cache folder: <site>/<lang>/
MKDOCS_LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "markupsafe")


def mkdocs_output(config: Path, docs: Path, made: Path, kept: Path, strict: bool) -> None:
    """MkDocs' output for `config` (whose pages are in `docs`) in `made`: copied from
    `kept` when MkDocs was given exactly these pages, settings and theme last time (its
    output depends on nothing else), else made by MkDocs and kept. MkDocs renders a
    site's stand-ins, which an edit of one entry seldom changes, and takes a third of a
    second per language. A project's mkdocs.yml with `hooks` (Python code MkDocs runs,
    which the key cannot see) always runs MkDocs."""
    key = _mkdocs_key(config, docs)
    hooks = b"\nhooks:" in config.read_bytes()  # a top-level key, as yaml.safe_dump writes it
    if not hooks and (kept / "key").is_file() and (kept / "key").read_text("utf-8") == key:
        shutil.rmtree(made, ignore_errors=True)
        shutil.copytree(kept / "out", made, copy_function=shutil.copyfile)
        return
    run_mkdocs(config, strict)
    fresh = temp_beside(kept)
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(made, fresh / "out", copy_function=shutil.copyfile)
    (fresh / "key").write_text(key, "utf-8")
    shutil.rmtree(kept, ignore_errors=True)
    fresh.rename(kept)  # copies, not links: later steps rewrite some of these files


def _mkdocs_key(config: Path, docs: Path) -> str:
    """A hash of all MkDocs reads: the config (paths under this build's own work folder
    aside), the pages written for it, the theme's files and the libraries' versions,
    and the build's time (MkDocs dates the sitemap and its gzip copy): in a git project
    the last commit's, which edits made since do not change (reproducible.py)."""
    digest = hashlib.sha256()
    digest.update(config.read_bytes().replace(os.fsencode(config.parent.parent), b"WORK"))
    for folder in (docs, THEME_DIR):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"\0{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    digest.update(recipe_of([], MKDOCS_LIBRARIES).encode())  # the libraries' versions
    day = os.environ.get("SOURCE_DATE_EPOCH") or time.strftime("%Y-%m-%d", time.gmtime())
    digest.update(f"\0{day}".encode())
    return digest.hexdigest()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _KeptTemplates(jinja2.BytecodeCache):
    """Compiled theme templates, kept for the process's next MkDocs run (given to MkDocs
    as a plugin that hands itself to Jinja as its bytecode cache).

    Jinja files each compiled template under its name and a checksum of its source, so
    an edited template is compiled again; the code does not depend on the run's config.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def on_env(self, env, config, files):
        env.bytecode_cache = self
        return env

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_KEPT_TEMPLATES = _KeptTemplates()


def run_mkdocs(config_file: Path, strict: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        config = load_config(str(config_file), strict=strict)
        config.plugins["qrsite/kept-templates"] = _KEPT_TEMPLATES
        build(config)
    except (MkDocsException, SystemExit) as exc:
        raise MkDocsFailed("; ".join(handler.messages) or str(exc)) from None
    finally:
        logger.removeHandler(handler)
    if strict and handler.messages:
        raise MkDocsFailed("; ".join(handler.messages))
