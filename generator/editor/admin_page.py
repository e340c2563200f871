"""The editing room's page: served by `qrsite edit`, and written into a site whose
site.yml names a hosted repository (`editor:`), at admin/.

No public page links to admin/; it is outside the sitemap and the search index (it is
no MkDocs page), the offline worker leaves it to the network, and the page asks not to
be indexed. It loads only files of its own folder: the project's pinned npm copy of
Decap CMS, copied in, never a script from another host.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from ..model import Project, Site
from ..site.precompress import write_gzip
from . import ADMIN
from .config import editor_config, guide_choices

ASSETS = Path(__file__).parent / "assets"
SCRIPT = "qrsite-editor.js"
DECAP_DIST = ("decap-cms", "dist")


def admin_html(room: dict | None = None) -> bytes:
    """The page that starts the CMS; `room` tells qrsite's script it runs in `qrsite edit`."""
    setting = f"<script>window.QRSITE_ROOM={json.dumps(room, ensure_ascii=False)};</script>"
    page = (
        '<!doctype html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex"><title>qrsite</title></head><body>'
        f"{setting if room else ''}"
        f'<script src="decap-cms.js"></script><script src="{SCRIPT}"></script>'
        "</body></html>"
    )
    return page.encode("utf-8")


def config_yaml(config: dict) -> bytes:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8")


def decap_files(modules: Path) -> list[Path]:
    """The CMS's bundle, its chunks and their WebAssembly: what the page may load."""
    dist = modules / Path(*DECAP_DIST)
    return sorted(
        p for p in dist.iterdir() if p.name.endswith("decap-cms.js") or p.suffix == ".wasm"
    )


def backend(site: Site) -> dict:
    """Decap's `backend` from site.yml's `editor` (GitLab and Gitea log in with PKCE)."""
    setting = dict(site.editor)
    made = {
        "name": setting["backend"],
        "repo": setting["repo"],
        "branch": setting.get("branch", "main"),
    }
    if setting.get("app_id"):
        made["app_id"] = setting["app_id"]
        if setting["backend"] in ("gitlab", "gitea"):
            made["auth_type"] = "pkce"
    for key in ("api_root", "base_url"):
        if setting.get(key):
            made[key] = setting[key]
    return made


def write_admin(project: Project, site: Site, site_dir: Path, modules: Path) -> None:
    """admin/ of the built site: the page, its configuration and the CMS."""
    folder = site_dir / ADMIN
    folder.mkdir(parents=True, exist_ok=True)
    config = editor_config(
        site.slug,
        site.languages,
        site.languages[0],
        backend(site),
        guides=guide_choices(project),
    )
    (folder / "index.html").write_bytes(admin_html())
    (folder / "config.yml").write_bytes(config_yaml(config))
    shutil.copyfile(ASSETS / SCRIPT, folder / SCRIPT)
    for file in decap_files(modules):
        shutil.copyfile(file, folder / file.name)
    write_gzip(folder)
