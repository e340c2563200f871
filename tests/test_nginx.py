"""docs/nginx/ in a real nginx: the include, unchanged, in front of a built site; the
server block a person adapts loads in the nginx installed here (Debian 12: 1.22)."""

from __future__ import annotations

import csv
import http.client
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "nginx"
LOCATIONS = DOCS / "qrsite-locations.conf"
SERVER = DOCS / "server.conf"
NGINX = os.environ.get("QRSITE_NGINX", "/usr/sbin/nginx")
TIMEOUT = 10  # seconds, for every request and for nginx to start or stop
RELIC = "relics/mau/van-mieu-mau"

# What each kind of file the build writes must be served as (IANA; the README names
# image/webp and application/javascript), written here, not read from the include.
TYPES = {
    ".html": "text/html",
    ".js": "application/javascript",
    ".json": "application/json",
    ".xml": "text/xml",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".mp3": "audio/mpeg",
    ".pdf": "application/pdf",  # the print room's signs
    ".csv": "text/csv",  # the print room's manifest
}
HASHED = re.compile(r"\.[0-9a-f]{8}\.[a-z0-9]+$")  # cover-720.3f2a9c1d.webp


def need(program: str) -> str:
    """The program's path; a failure on CI (it must install it), a skip elsewhere."""
    found = shutil.which(program)
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{program} not found: CI must install it")
        pytest.skip(f"{program} not found")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CONF = """\
{user}
worker_processes 1;
pid "{d}/nginx.pid";
lock_file "{d}/nginx.lock";
error_log "{d}/error.log" notice;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path "{d}/body";
    proxy_temp_path "{d}/proxy";
    fastcgi_temp_path "{d}/fastcgi";
    uwsgi_temp_path "{d}/uwsgi";
    scgi_temp_path "{d}/scgi";
    access_log "{d}/access.log" combined;
    server {{
        listen 127.0.0.1:{port};
        root "{root}";
        include "{include}";
    }}
}}
"""


class Nginx:
    """A real nginx on a free 127.0.0.1 port: `root` served through the include, as is."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root
        self.access_log = folder / "access.log"
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> Nginx:
        nginx = need(NGINX)
        self.folder.mkdir(parents=True, exist_ok=True)
        user = "user root;" if os.geteuid() == 0 else ""  # workers as nobody cannot read tmp
        for _attempt in range(3):  # another process may take the free port first
            self.port = free_port()
            conf = self.folder / "nginx.conf"
            conf.write_text(
                CONF.format(
                    user=user, d=self.folder, port=self.port, root=self.root, include=LOCATIONS
                )
            )
            with open(self.folder / "stderr.log", "wb") as err:
                self.process = subprocess.Popen(
                    [nginx, "-p", str(self.folder), "-c", str(conf),
                     "-e", str(self.folder / "error.log"), "-g", "daemon off;"],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                    start_new_session=True,
                )  # fmt: skip
            if self._wait_listening():
                return self
            self.stop()
            if "Address already in use" not in self._errors():
                break
        pytest.fail(f"nginx did not start:\n{self._errors()}")

    def _wait_listening(self) -> bool:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def _errors(self) -> str:
        logs = [self.folder / "stderr.log", self.folder / "error.log"]
        return "".join(p.read_text(errors="replace") for p in logs if p.exists())

    def stop(self) -> None:
        """Quit gracefully: every request is logged and the log closed."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the master and its workers
            self.process.wait(TIMEOUT)

    def get(self, path: str, gzip_ok: bool = False, source: str = "127.0.0.1"):
        """(status, headers, body as sent) of a GET from address `source`."""
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=TIMEOUT, source_address=(source, 0)
        )
        try:
            headers = {"Accept-Encoding": "gzip" if gzip_ok else "identity"}
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def site(built_project: Path) -> Path:
    return built_project / "build" / "mau" / "site"


@pytest.fixture(scope="module")
def codes(built_project: Path) -> list[str]:
    """The fixture site's live short codes, from the registry on disk."""
    registry = yaml.safe_load((built_project / "sites" / "mau" / "codes.yml").read_text())
    live = sorted(code for code, item in registry["codes"].items() if not item.get("retired"))
    assert len(live) >= 2
    return live


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory):
    server = Nginx(tmp_path_factory.mktemp("nginx"), site)
    try:
        yield server.start()
    finally:
        server.stop()


def landing_link(site: Path, code: str, lang: str) -> str:
    """The path the landing of `code` links to for `lang`, read from its HTML on disk."""
    html = (site / "Q" / code / "index.html").read_text()
    href = re.search(rf'<a href="([^"]+)" hreflang="{lang}"', html).group(1)
    return urljoin(f"/Q/{code}/", href)


def cache_control(headers) -> set[str]:
    return {part.strip() for part in headers.get("Cache-Control", "").split(",")}


def test_short_link_answers_with_its_landing(nginx: Nginx, site: Path, codes: list[str]):
    """The QR payload's path is a plain folder of the site: no rewrite rule needed."""
    status, headers, body = nginx.get(f"/Q/{codes[0]}/")
    assert status == 200 and body == (site / "Q" / codes[0] / "index.html").read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    # without its slash, a redirect to it, so the landing's relative links resolve
    status, headers, _ = nginx.get(f"/Q/{codes[0]}")
    assert status == 301 and headers["Location"] == f"/Q/{codes[0]}/"
    for lang in ("vi", "en"):
        assert nginx.get(landing_link(site, codes[0], lang))[0] == 200


def test_pages_go_out_as_the_prebuilt_gzip_copies(nginx: Nginx, site: Path, codes: list[str]):
    """gzip_static: the build's own copies, byte for byte, not nginx compressing again."""
    for path, file in [("/", "index.html"), (f"/Q/{codes[1]}/", f"Q/{codes[1]}/index.html"),
                       ("/en/search.json", "en/search.json"), ("/sw.js", "sw.js")]:  # fmt: skip
        status, headers, body = nginx.get(path, gzip_ok=True)
        assert status == 200 and headers["Content-Encoding"] == "gzip", path
        assert body == (site / (file + ".gz")).read_bytes(), path
        assert headers["Vary"] == "Accept-Encoding", path


def test_pages_are_rechecked_and_hashed_photos_kept_a_year(nginx: Nginx, site: Path):
    for path in ("/", "/en/", "/search.json", "/sw.js", "/relics/van-mieu-mau/"):
        status, headers, _ = nginx.get(path)
        assert status == 200 and cache_control(headers) == {"no-cache"}, path
    media = [p for p in site.glob("media/**/*") if p.is_file()]
    assert media and all(HASHED.search(p.name) for p in media)
    photos = sorted(site.glob("media/**/*.webp")) + sorted(site.glob("media/**/*.jpg"))
    for photo in (photos[0], photos[-1]):  # a WebP and a JPEG
        status, headers, _ = nginx.get("/" + photo.relative_to(site).as_posix())
        assert status == 200
        assert cache_control(headers) == {"public", "max-age=31536000", "immutable"}, photo


def test_every_kind_of_built_file_has_its_type(nginx: Nginx, site: Path):
    """The include's types replace mime.types, so every suffix the build writes needs one."""
    one_of_each = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix != ".gz":
            one_of_each.setdefault(path.suffix, path)
    assert ".webp" in one_of_each and ".js" in one_of_each
    assert set(one_of_each) <= set(TYPES), "a new kind of file: give it a type in the include"
    for suffix, path in one_of_each.items():
        status, headers, _ = nginx.get("/" + path.relative_to(site).as_posix())
        assert status == 200 and headers["Content-Type"].split(";")[0] == TYPES[suffix], path


def test_the_print_room_is_served_unindexed(nginx: Nginx, site: Path):
    status, headers, body = nginx.get("/print/")
    assert status == 200 and b"noindex" in body
    assert headers["X-Robots-Tag"] == "noindex"
    status, headers, _ = nginx.get("/print/manifest.csv")
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"


def test_unknown_paths_get_the_sites_own_404_page(nginx: Nginx, site: Path, codes: list[str]):
    """A mistyped short link still shows the site's header and a way home."""
    assert "ZZZZZ" not in codes
    for path, page in [("/no/such/page/", "404.html"), ("/Q/ZZZZZ/", "404.html"),
                       ("/en/no-such-page/", "en/404.html")]:  # fmt: skip
        status, headers, body = nginx.get(path)
        assert status == 404 and body == (site / page).read_bytes(), path
        assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_narration_is_audio_and_kept_a_year_like_photos(project: Path, tmp_path: Path):
    """The include keeps all of media/ a year: safe only while the build tags every file
    there, the author's narration too, with a hash of its content."""
    need(NGINX)
    page = project / RELIC / "index.vi.md"
    page.write_text(page.read_text().replace("hours:", "audio: thuyet-minh.mp3\nhours:", 1))
    (project / RELIC / "thuyet-minh.mp3").write_bytes(b"\xff\xfb\x90\x00" + bytes(400))
    pipeline.build(project)
    site = project / "build" / "mau" / "site"
    (audio,) = site.glob("media/**/*.mp3")
    assert audio.name != "thuyet-minh.mp3" and HASHED.search(audio.name)
    server = Nginx(tmp_path / "nginx", site).start()
    try:
        status, headers, body = server.get("/" + audio.relative_to(site).as_posix())
    finally:
        server.stop()
    assert status == 200 and body == audio.read_bytes()
    assert headers["Content-Type"] == "audio/mpeg"
    assert cache_control(headers) == {"public", "max-age=31536000", "immutable"}


def run_scans(project: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args), env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    finally:
        os.chdir(cwd)


def test_qrsite_scans_counts_the_nginx_log(built_project: Path, site: Path, codes, tmp_path):
    """Scans are counted from the log nginx really writes, not from a hand-written one."""
    server = Nginx(tmp_path / "nginx", site).start()
    first, second = codes[:2]
    try:
        visits = [  # (address, path, status)
            ("127.0.0.1", f"/Q/{first}", 301),  # the slash-less form, then the redirect
            ("127.0.0.1", f"/Q/{first}/", 200),  # ... one scan, read in English:
            ("127.0.0.1", landing_link(site, first, "en"), 200),
            ("127.0.0.1", f"/Q/{first}/", 200),  # a reload within 30 s: no new scan
            ("127.0.0.2", f"/Q/{first}/", 200),  # another address: a scan, in Vietnamese
            ("127.0.0.2", landing_link(site, first, "vi"), 200),
            ("127.0.0.1", f"/Q/{second}/", 200),  # a second code, no page after it: '?'
            ("127.0.0.1", "/Q/ZZZZZ/", 404),  # not a code: no scan
        ]
        assert "ZZZZZ" not in codes
        for source, path, expected in visits:
            assert server.get(path, source=source)[0] == expected, path
    finally:
        server.stop()  # every request logged, the log closed
    log = server.access_log.read_text()
    assert len(log.splitlines()) == len(visits)

    result = run_scans(built_project, "scans", str(server.access_log), "--site", "mau")
    assert result.exit_code == 0, result.output
    assert f"3 scans in {len(visits)} lines; 0 lines not in" in result.output

    result = run_scans(built_project, "scans", str(server.access_log), "--site", "mau", "--csv")
    assert result.exit_code == 0, result.output
    totals: dict[str, list[int]] = {}
    for row in csv.DictReader(io.StringIO(result.output)):
        n = totals.setdefault(row["code"], [0, 0, 0, 0])
        for i, column in enumerate(("vi", "en", "unknown", "total")):
            n[i] += int(row[column])
    assert totals == {first: [1, 1, 0, 2], second: [0, 0, 1, 1]}


def test_the_server_block_loads_in_this_nginx(tmp_path: Path, site: Path):
    """docs/nginx/server.conf as a person adapts it: only paths and certificates change;
    its listen lines and the include must load in the nginx installed here."""
    nginx = need(NGINX)
    openssl = need("openssl")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=haiduong.example.org", "-keyout", str(tmp_path / "key.pem"),
         "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True, timeout=TIMEOUT * 3,
    )  # fmt: skip
    text = SERVER.read_text()
    for old, new in {
        "/etc/letsencrypt/live/haiduong.example.org/fullchain.pem": tmp_path / "cert.pem",
        "/etc/letsencrypt/live/haiduong.example.org/privkey.pem": tmp_path / "key.pem",
        "/srv/qrsite/hai-duong": site,
        "/var/log/nginx/hai-duong.access.log": tmp_path / "access.log",
        "snippets/qrsite-locations.conf": LOCATIONS,
    }.items():
        assert text.count(old) == 1, old
        text = text.replace(old, str(new))
    (tmp_path / "server.conf").write_text(text)
    (tmp_path / "nginx.conf").write_text(
        f'pid "{tmp_path}/nginx.pid";\nevents {{}}\nhttp {{\n    access_log off;\n'
        + "".join(f'    {k}_temp_path "{tmp_path}/{k}";\n'
                  for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f'    include "{tmp_path}/server.conf";\n}}\n'
    )  # fmt: skip
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
         "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
