"""A static server on 127.0.0.1 that behaves like nginx with docs/nginx/qrsite-locations.conf.

It sends the build's pre-compressed `.gz` copy when the browser accepts gzip, and a
file without one as it is (nginx's gzip_static without `gzip on`), so a missing copy
shows in the bytes counted rather than being made up here. It sets the same cache
headers (pages rechecked, photos kept), and logs every request with the bytes it sent,
so tests and the bench count what a phone really downloads, the service worker's
requests included.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass
class Sent:
    path: str
    status: int
    content_type: str
    body: int  # bytes of the body as sent (compressed if it was)
    encoding: str


def cache_control(path: str) -> str:
    """The same policy as docs/nginx/qrsite-locations.conf."""
    if "/media/" in path or path.startswith("media/"):
        return "public, max-age=31536000, immutable"  # photo names carry a content hash
    if "/assets/" in path:
        return "public, max-age=86400"
    return "no-cache"  # pages, sw.js, search.json: always rechecked (304 when unchanged)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    log: list[Sent]
    lock: threading.Lock

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".json": "application/json",
        ".webp": "image/webp",
        ".svg": "image/svg+xml",
    }

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the usual redirect to the slash
            path = path / "index.html"
        if not path.is_file():
            self._record(404, "", 0, "")
            return super().send_head()
        ctype = self.guess_type(str(path))
        encoding = ""
        packed = path.with_name(path.name + ".gz")
        if "gzip" in self.headers.get("Accept-Encoding", "") and packed.is_file():
            path, encoding = packed, "gzip"  # the build's copy; never compressed here
        data = path.read_bytes()
        etag = f'"{len(data):x}-{int(path.stat().st_mtime_ns):x}"'
        url_path = unquote(urlsplit(self.path).path)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", cache_control(url_path))
            self.end_headers()
            self._record(304, ctype, 0, "")
            return None
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", cache_control(url_path))
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self._record(200, ctype, len(data), encoding)
        if self.command == "HEAD":
            return None
        self.wfile.write(data)
        return None

    def _record(self, status: int, ctype: str, body: int, encoding: str) -> None:
        with self.lock:
            self.log.append(Sent(self.path, status, ctype, body, encoding))


class GzipServer:
    """`with GzipServer(folder) as s:` serves `folder`; `s.url`, `s.log`, `s.stop()`."""

    def __init__(self, directory: Path) -> None:
        handler = type("Handler", (GzipHandler,), {"log": [], "lock": threading.Lock()})
        self.log: list[Sent] = handler.log
        self._server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
        )
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.running = True

    def stop(self) -> None:
        """Take the host off the network: later requests fail to connect."""
        if self.running:
            self._server.shutdown()
            self._server.server_close()
            self.running = False

    def __enter__(self) -> GzipServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# ------------------------------------------------------------- a first visit

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2}
SLOW_3G = {  # the slowed connection, as Chrome DevTools emulates it
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
}


@dataclass
class Visit:
    sent: list[Sent]  # what our host sent, in order
    urls: list[str]  # every request the browser made, any host
    fcp: float | None  # first contentful paint in ms, when measured

    def _of(self, kind: str) -> list[Sent]:
        def text(s: Sent) -> bool:
            return s.content_type.startswith(TEXT_TYPES)

        if kind == "text":
            return [s for s in self.sent if text(s)]
        return [s for s in self.sent if not text(s) and s.content_type.startswith("image/")]

    @property
    def text_bytes(self) -> int:
        return sum(s.body for s in self._of("text"))

    @property
    def image_bytes(self) -> int:
        return sum(s.body for s in self._of("image"))

    @property
    def requests(self) -> int:
        return len(self.sent)

    def third_party(self, own: str) -> list[str]:
        host = urlsplit(own).netloc
        return [
            u
            for u in self.urls
            if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != host
        ]


def first_visit(browser, server: GzipServer, path: str, throttle: bool = False, settle_ms=1500):
    """Open `path` with an empty cache like a phone after a QR scan; count what was sent
    until `settle_ms` after the load event."""
    context = browser.new_context(**PHONE)
    urls: list[str] = []
    context.on("request", lambda r: urls.append(r.url))
    page = context.new_page()
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    start = len(server.log)
    try:
        page.goto(server.url + path, wait_until="load")
        page.wait_for_timeout(settle_ms)
        fcp = page.evaluate(
            "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null"
        )
        sent = list(server.log[start:])
    finally:
        context.close()
    return Visit(sent, urls, fcp)
