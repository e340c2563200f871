"""`qrsite serve SITE`: a live preview on 127.0.0.1 for authors.

The site is built into a temporary folder and served from there; the content tree
is polled for changes (plain polling: it works the same on every system and in
every editor) and the site is built again after each save. Open pages reload by
themselves. When the content has problems, every page shows the list of them,
as does the terminal, and the last good build stays on disk until they are fixed.

The preview never writes into the project's content: new short codes are not saved
to codes.yml (only `qrsite build` does that), and the offline service worker is
replaced by one that removes itself, so an old copy never hides a fresh edit. It
shares `qrsite build`'s cache (build/.cache: photo sizes, rendered Markdown, drawn
signs), so a preview after a build does not resize every photo again, and each
rebuild keeps what the edit did not change, as `qrsite build` does. Before that
rebuild, the edited entry's own pages are made on their own and served from memory
(edited_first.py): what the author looks at changes within a second, however large the
site. Each open page asks for its own version, and reloads only when its bytes change.
"""

from __future__ import annotations

import functools
import hashlib
import html
import http.server
import os
import posixpath
import shutil
import signal
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG

from . import pipeline
from .edited_first import LastBuild, edited_pages
from .i18n import N_, built_line, cli_language, count_text, gettext_for
from .problems import ContentError, Problem
from .site.build import MkDocsFailed
from .site.media import PhotoError

WATCHED = ("sites", "relics", "streets", "content", "mkdocs.yml")
SPECIAL = "/__qrsite__/"
# each page asks for its own version (page_version) and reloads when it changes; an
# empty answer (a file between two builds' swap) is no change
RELOAD_JS = (
    '(function(){var v=null,u="/__qrsite__/version?page="+encodeURIComponent(location.pathname);'
    'function tick(){fetch(u,{cache:"no-store"}).then(function(r){return r.text()})'
    ".then(function(t){if(t&&v!==null&&t!==v){location.reload();return}if(t)v=t;"
    "setTimeout(tick,700)}).catch(function(){setTimeout(tick,2000)})}tick()})();"
)
NO_WORKER_JS = (
    'self.addEventListener("install",function(){self.skipWaiting()});'
    'self.addEventListener("activate",function(){self.registration.unregister()});'
)
RELOAD_TAG = f'<script src="{SPECIAL}reload.js"></script>'


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file an author edits; a change in it means: build again.
    Hidden files and folders (an editor's swap file, .git) are not watched."""
    files = {}
    for name in WATCHED:
        top = os.path.join(root, name)
        if os.path.isfile(top):
            _note(files, top, name)
        for folder, subfolders, names in os.walk(top):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            where = os.path.relpath(folder, root).replace(os.sep, "/")
            for file in names:
                if not file.startswith("."):
                    _note(files, os.path.join(folder, file), f"{where}/{file}")
    return files


def _note(files: dict, path: str, name: str) -> None:
    try:
        stat = os.stat(path)
    except OSError:  # gone since it was listed
        return
    if S_ISREG(stat.st_mode):
        files[name] = (stat.st_mtime_ns, stat.st_size)


def looked_again(root: Path, now: dict, changed: set[str]) -> dict[str, tuple[int, int]]:
    """`now` with the `changed` files looked at again, once their editor is done: a file
    changed meanwhile elsewhere shows in the next snapshot (a province's whole snapshot
    is a quarter of a second)."""
    files = {name: stat for name, stat in now.items() if name not in changed}
    for name in changed:
        _note(files, os.path.join(root, name), name)
    return files


def changed_files(before: dict, after: dict) -> set[str]:
    """The files added, removed or changed between two snapshots."""
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


class Preview:
    """One site's preview: the build folder, the server and the state the pages show."""

    def __init__(
        self,
        root: Path,
        site: str,
        port: int = 8000,
        echo: Callable[[str], None] = print,
        lang: str | None = None,
    ):
        self.root = root.resolve()
        self.site = site
        self.port = port
        self.echo = echo
        self.lang = lang or cli_language()
        self.gettext = gettext_for(self.lang)
        self.out = Path(tempfile.mkdtemp(prefix="qrsite-preview-"))
        self.cache = self.root / "build" / ".cache"  # shared with `qrsite build`
        self.problems: list[str] = []
        self.found: list[Problem] = []  # errors and warnings of the last build, for the editor
        self.ready = False  # the first build has ended (well or with problems)
        self.version = 0
        self.seen: dict[str, tuple[int, int]] = {}
        self.server: http.server.ThreadingHTTPServer | None = None
        self.lock = threading.Lock()
        self.last: LastBuild | None = None  # the last good build, for edited_first
        self.edited: dict[str, bytes] = {}  # pages made ahead of the build (edited_first)

    @property
    def site_dir(self) -> Path:
        return self.out / self.site / "site"

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> None:
        self._serve(functools.partial(_Handler, preview=self))

    def _serve(self, handler) -> None:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.rebuild()

    def rebuild(self, seen: dict[str, tuple[int, int]] | None = None) -> bool:
        """Build again; on problems keep the last good output and show the problems.
        `seen`: the snapshot of the content taken just before, if there is one."""
        self.seen = snapshot(self.root) if seen is None else seen
        last = None
        gettext = self.gettext
        problems: list[str] = []
        found: list[Problem] = []
        try:
            checked = pipeline.check(self.root, [self.site], preview=True, cache=self.cache)
            found = list(checked.warnings)
            registry, codes = checked.codes[self.site]
            result = pipeline.build_one(
                checked.project, self.site, self.out, registry, codes, cache=self.cache
            )
            own = {key: code.code for key, code in codes.items()}
            last = LastBuild(checked.project, self.site, result.stamps, own)
        except ContentError as exc:
            found = list(exc.problems)
            problems = [p.render(gettext) for p in exc.problems]
        except MkDocsFailed as exc:
            problems = [gettext("MkDocs could not build the site: {detail}").format(detail=exc)]
        except pipeline.SignsFailed as exc:
            problems = [m.render(gettext) for m in exc.messages] or str(exc).splitlines()
        except PhotoError as exc:
            problems = [
                gettext(
                    "the photo '{name}' is damaged (it ends too early): export it again as JPEG"
                ).format(name=Path(exc.source).name)
            ]
        except BaseException:
            with self.lock:  # pages made ahead of a build that failed so must not stay
                self.edited = {}
            raise
        with self.lock:
            self.problems = problems
            self.found = found
            self.ready = True
            self.version += 1
            self.last = last
            self.edited = {}  # the build has them all now
        stamp = time.strftime("%H:%M:%S")
        if problems:
            for line in problems:
                self.echo(line)
            self.echo(
                f"[{stamp}] "
                + count_text(
                    self.lang,
                    "{count} problem found: fix it and save, the page will follow.",
                    "{count} problems found: fix them and save, the page will follow.",
                    len(problems),
                )
            )
            return False
        for warning in checked.warnings:
            self.echo(warning.render(gettext))
        self.echo(
            f"[{stamp}] "
            + built_line(
                self.lang,
                self.site,
                result.pages,
                result.signs,
                self.url if self.server else self.site_dir,
            )
        )
        return True

    def poll_once(self) -> bool:
        """Build again when a file changed since the last build; True when it did. An
        edited entry's own pages show first, while the site is built (edited_first)."""
        now = snapshot(self.root)
        if now == self.seen:
            return False
        time.sleep(0.2)  # let an editor finish writing (some save in two steps)
        changed = changed_files(self.seen, now)
        now = looked_again(self.root, now, changed)
        self.show_edited({name for name in changed if self.seen.get(name) != now.get(name)})
        self.rebuild(now)
        return True

    def show_edited(self, changed: set[str]) -> bool:
        """Serve the pages of the entries whose texts are `changed` at once, made on
        their own; False when the edit must wait for the build (edited_first says which)."""
        with self.lock:
            last = None if self.problems else self.last
        if last is None:
            return False
        try:
            pages = edited_pages(last, changed, self.cache, self.site_dir)
        except Exception:  # whatever it is, the build that follows reports it properly
            return False
        if pages is None:
            return False
        with self.lock:
            self.edited.update(pages)
        return True

    def page_version(self, path: str) -> str:
        """What changes when the page at `path` would show something else: its bytes, or
        the state every page shows instead (being built, problems), or the build that
        left it without a file; "" when its file cannot be read for a moment."""
        page = self.page_file(path)
        with self.lock:
            if not self.ready:
                return "building"
            if self.problems:
                return f"problems-{self.version}"
            body, version = self.edited.get(page), self.version
        if body is None:
            try:
                body = (self.site_dir / page).read_bytes()
            except FileNotFoundError:  # gone: an entry moved, retired or made a draft
                return f"gone-{version}"
            except OSError:
                return ""
        return hashlib.blake2b(body, digest_size=12).hexdigest()

    @staticmethod
    def page_file(path: str) -> str:
        """The file under the site folder that answers `path` (an address on the server),
        as a path from that folder (an address cannot leave it; "" for no file)."""
        rel = posixpath.normpath("/" + urllib.parse.unquote(path)).lstrip("/")
        if "\0" in rel:  # no file has it
            return ""
        if path.endswith("/") or not rel:
            rel = posixpath.join(rel, "index.html")
        return rel

    def run(self, stop: threading.Event, interval: float = 0.5) -> None:
        while not stop.wait(interval):
            self.poll_once()

    def close(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        shutil.rmtree(self.out, ignore_errors=True)

    def building_page(self) -> bytes:
        """What every page answers until the first build is done: it reloads by itself."""
        title = self.gettext("The preview is being built")
        hint = self.gettext("This page opens by itself when it is ready.")
        page = (
            '<!doctype html><html><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(title)}</title>"
            "<style>body{font:18px/1.5 sans-serif;margin:1rem}</style></head>"
            f'<body><h1 id="qrsite-building">{html.escape(title)}…</h1>'
            f"<p>{html.escape(hint)}</p>{RELOAD_TAG}</body></html>"
        )
        return page.encode("utf-8")

    def error_page(self) -> bytes:
        gettext = self.gettext
        items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in self.problems)
        title = gettext("The preview is waiting for fixes")
        hint = gettext(
            "Fix each problem below in the file and line it names, then save: "
            "this page reloads by itself."
        )
        page = (
            '<!doctype html><html><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>"
            "body{font:18px/1.5 sans-serif;margin:1rem;max-width:60rem}"
            "li{margin:.6rem 0;padding:.5rem;background:#fff3f0;border-left:4px solid #c0392b}"
            "code{white-space:pre-wrap;word-break:break-word;font-size:16px}</style></head>"
            f"<body><h1>{html.escape(title)}</h1><p>{html.escape(hint)}</p>"
            f'<ol id="qrsite-problems">{items}</ol>{RELOAD_TAG}</body></html>'
        )
        return page.encode("utf-8")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, preview: Preview, **kwargs):
        self.preview = preview
        super().__init__(*args, directory=str(preview.site_dir), **kwargs)

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        preview = self.preview
        if path == SPECIAL + "version":
            page = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("page")
            version = preview.page_version(page[0]) if page else str(preview.version)
            return self._send(200, version.encode(), "text/plain")
        if path == SPECIAL + "reload.js":
            return self._send(200, RELOAD_JS.encode(), "text/javascript")
        if path.endswith("/sw.js"):
            return self._send(200, NO_WORKER_JS.encode(), "text/javascript")
        with preview.lock:
            problems = list(preview.problems)
            ready = preview.ready
        if not ready and (path.endswith("/") or path.endswith(".html")):
            return self._send(503, preview.building_page(), "text/html; charset=utf-8")
        if problems and (path.endswith("/") or path.endswith(".html")):
            return self._send(500, preview.error_page(), "text/html; charset=utf-8")
        file = Path(self.translate_path(path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        with preview.lock:
            edited = preview.edited.get(preview.page_file(path))
        if edited is not None or file.suffix == ".html" and file.is_file():
            text = file.read_text(encoding="utf-8") if edited is None else edited.decode()
            if "</body>" in text:
                text = text.replace("</body>", RELOAD_TAG + "</body>", 1)
            else:
                text += RELOAD_TAG
            return self._send(200, text.encode("utf-8"), "text/html; charset=utf-8")
        return super().do_GET()


def serve(
    root: Path,
    site: str,
    port: int = 8000,
    echo: Callable[[str], None] = print,
    make: Callable[..., Preview] = Preview,
    announce: str = N_("Preview of {site} on {url} (Ctrl-C to stop)"),
) -> int:
    """Run the preview (or what `make` builds on it) until Ctrl-C; the exit code."""
    gettext = gettext_for(cli_language())
    if not (root / "sites" / site / "site.yml").is_file():
        known = sorted(p.parent.name for p in (root / "sites").glob("*/site.yml"))
        echo(
            gettext("there is no site '{name}': the sites are {known}").format(
                name=site, known=", ".join(known) or "-"
            )
        )
        return 1
    preview = make(root, site, port, echo)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, _interrupt)  # a closed terminal cleans up like Ctrl-C
    try:
        try:
            preview.start()
        except OSError as exc:
            echo(
                gettext("cannot listen on port {port} ({detail}): try --port {other}").format(
                    port=port, detail=exc.strerror, other=port + 1
                )
            )
            return 1
        echo(preview.gettext(announce).format(site=site, url=preview.url))
        preview.run(stop)
    except KeyboardInterrupt:
        echo(preview.gettext("Stopped."))
    finally:
        stop.set()
        preview.close()
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
