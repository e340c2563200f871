"""A site whose site.yml names a hosted repository gets the editing room at admin/:
the real Decap CMS from the pinned npm copy, its configuration from the schema, and
nothing that leads the public there."""

from __future__ import annotations

import os
import re

import pytest
from conftest import serve_dir

from generator import pipeline
from generator.problems import ContentError

BACKENDS = {
    "github": ("repo: doan-mau/trang-qr\n", "GitHub"),
    "gitlab": ("repo: doan-mau/trang-qr\n    app_id: abc123\n", "GitLab"),
    "gitea": (
        "repo: doan-mau/trang-qr\n    app_id: abc123\n"
        "    api_root: https://git.example.org/api/v1\n    base_url: https://git.example.org\n",
        "Gitea",
    ),
}


def _with_editor(project, backend: str):
    site_file = project / "sites" / "mau" / "site.yml"
    extra, _ = BACKENDS[backend]
    site_file.write_text(
        site_file.read_text("utf-8") + f"editor:\n    backend: {backend}\n    {extra}", "utf-8"
    )
    return project


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_the_hosted_room_loads_and_nothing_public_leads_to_it(browser, project, backend):
    pipeline.build(_with_editor(project, backend))
    site = project / "build" / "mau" / "site"
    admin = site / "admin"
    page_html = (admin / "index.html").read_text("utf-8")
    assert 'name="robots" content="noindex"' in page_html
    assert re.findall(r'src="([^"]+)"', page_html) == ["decap-cms.js", "qrsite-editor.js"]
    config = (admin / "config.yml").read_text("utf-8")
    assert f"name: {backend}" in config and "repo: doan-mau/trang-qr" in config
    assert "local_backend" not in config
    public = [
        p for p in site.rglob("*") if p.is_file() and "admin" not in p.relative_to(site).parts
    ]
    for path in public:
        if path.suffix in (".html", ".xml", ".json", ".js", ".txt"):
            text = path.read_text("utf-8", errors="replace")
            assert "admin/" not in text.replace('"admin/"', "") or path.name == "sw.js", path
    worker = (site / "sw.js").read_text("utf-8")
    assert '"admin/"' in worker  # left to the network, never stored

    server, url = serve_dir(site)
    try:
        page = browser.new_page()
        hosts: set[str] = set()
        errors: list[str] = []
        page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
        page.on("console", lambda m: errors.append(m.text) if "Config Errors" in m.text else None)
        page.goto(url + "admin/")
        _, host_name = BACKENDS[backend]
        page.get_by_role("button", name=re.compile(host_name)).wait_for()
        assert not errors
        assert hosts == {url.split("/")[2]}
        page.close()
    finally:
        server.shutdown()


def test_without_the_npm_copy_the_build_says_what_to_run(project, monkeypatch):
    from generator.editor import room

    def missing(root):
        raise room.NotInstalled("decap-cms")

    monkeypatch.setattr(room, "node_modules", missing)
    before = (
        sorted(p.name for p in (project / "build").glob("*"))
        if (project / "build").exists()
        else []
    )
    with pytest.raises(ContentError) as caught:
        pipeline.build(_with_editor(project, "gitea"))
    (problem,) = caught.value.problems
    assert "npm ci --omit=dev" in problem.message
    after = (
        sorted(p.name for p in (project / "build").glob("*"))
        if (project / "build").exists()
        else []
    )
    assert [n for n in after if n != ".cache"] == [n for n in before if n != ".cache"]


def test_a_site_without_editor_has_no_admin(built_project):
    assert not (built_project / "build" / "mau" / "site" / "admin").exists()
    assert os.path.isdir(built_project / "build" / "mau" / "site")
