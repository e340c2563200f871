"""Shared fixtures: a tiny project built for real, a local static server, headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fixture_project import make_project  # noqa: E402

CHROMIUM = os.environ.get("QRSITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True, scope="session")
def _language_from_lang_only():
    """Tests choose the terminal's language with LANG; a LANGUAGE or LC_ALL the machine
    happens to set would otherwise decide first (Python's gettext order)."""
    saved = {k: os.environ.pop(k) for k in ("LANGUAGE", "LC_ALL", "LC_MESSAGES") if k in os.environ}
    yield
    os.environ.update(saved)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the fixture project, for tests that change it."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The fixture project built once for the session; treat it as read-only."""
    from generator import pipeline

    root = make_project(tmp_path_factory.mktemp("built") / "project")
    pipeline.build(root)
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def search_text(language_root: Path) -> str:
    """Every file of one language's search index, the manifest and its shards, as text."""
    files = [language_root / "search.json", *sorted(language_root.glob("search-index/*.json"))]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def serve_dir(directory: Path):
    """Serve `directory` on 127.0.0.1 on a free port; returns (server, base_url)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_server(built_project: Path):
    """The built fixture site served over HTTP; yields the base URL."""
    server, url = serve_dir(built_project / "build" / "mau" / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped only where Chromium is absent."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must install it")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    """A fresh 360×740 phone-sized page at device pixel ratio 2."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()
