"""The 404 page works at any depth: its links and its offline worker, at a root or in a folder.

A host answers every missing path with the same 404.html, however deep the path, so the
page cannot link relatively. Its links start from the path of the site's `base_url`;
these tests serve a built site both from a host's root and from a sub-folder named in
`base_url`, open a missing page three folders deep in Chromium and follow every link.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest

from generator import pipeline

pytestmark = pytest.mark.browser


class _HostWith404(http.server.SimpleHTTPRequestHandler):
    """A static host that serves the site under `prefix` and its 404 page for anything
    missing, as nginx's `error_page 404` does (the English one under the English folder)."""

    prefix = "/"

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            return self._not_found(path)
        self.path = "/" + path[len(self.prefix) :]
        local = Path(self.translate_path(self.path))
        if local.is_dir() and (local / "index.html").is_file() or local.is_file():
            return super().send_head()
        return self._not_found(self.path)

    def _not_found(self, path: str):
        page = Path(self.directory) / ("en/404.html" if path.startswith("/en/") else "404.html")
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def _serve(site: Path, prefix: str):
    handler = functools.partial(
        type("Host", (_HostWith404,), {"prefix": prefix}), directory=str(site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def _status(url: str) -> int:
    try:
        with urlopen(url, timeout=10) as response:
            return response.status
    except OSError as exc:
        return getattr(exc, "code", 0)


def _check_missing_page(browser, root_url: str, missing: str, lang_home: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        response = page.goto(root_url + missing)
        assert response.status == 404
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        own = [h for h in hrefs if h.startswith(root_url.split("/", 3)[0] + "//127.0.0.1")]
        assert any(urlsplit(h).path.rstrip("/.") + "/" == urlsplit(lang_home).path for h in own)
        for href in own:
            assert urlsplit(href).path.startswith(urlsplit(root_url).path), href
            assert _status(href.split("#")[0]) == 200, f"{missing}: {href} is not a page"
        scope = page.evaluate(
            """() => Promise.race([
                navigator.serviceWorker.ready.then(r => r.scope),
                new Promise(done => setTimeout(() => done(null), 8000)),
            ])"""
        )
        assert scope == root_url, f"the offline worker did not register from {missing}"
    finally:
        context.close()


@pytest.mark.parametrize("prefix", ["/", "/hd/"])
def test_404_pages_link_and_register_the_worker_at_any_depth(browser, project: Path, prefix):
    site_yml = project / "sites" / "mau" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    site_yml.write_text(
        text.replace(
            "base_url: https://mau.example.org/", f"base_url: https://mau.example.org{prefix}"
        ),
        encoding="utf-8",
    )
    pipeline.build(project)
    server, root_url = _serve(project / "build" / "mau" / "site", prefix)
    try:
        _check_missing_page(browser, root_url, "relics/khong-co/sau/hon/", root_url)
        _check_missing_page(
            browser, root_url, "en/relics/not-here/at/all/", urljoin(root_url, "en/")
        )
    finally:
        server.shutdown()
