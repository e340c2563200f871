"""Every HTML, JSON and JS file of a built site ships with its gzip copy.

A host with nginx's `gzip_static on` (docs/nginx/) sends a file without a copy
uncompressed, so one missing copy multiplies what a phone downloads for that file. The
README excepts files under 256 bytes, which compression cannot make smaller.
"""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

from gzip_server import GzipServer

SUFFIXES = (".html", ".json", ".js")
TOO_SMALL = 256  # bytes, as the README says


def test_every_html_json_and_js_file_has_a_faithful_gzip_copy(built_project: Path):
    """Checked with Python's own gzip module, not the libdeflate the build uses."""
    sites = sorted((built_project / "build").glob("[!.]*/site"))
    assert sites, "the fixture project built no site"
    for site in sites:
        files = sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
        assert {p.suffix for p in files} == set(SUFFIXES), (site, files)
        large = [p for p in files if p.stat().st_size >= TOO_SMALL]
        missing = [p.relative_to(site).as_posix() for p in large if not _copy(p).is_file()]
        assert missing == [], f"{site}: no .gz beside {missing}"
        for path in (p for p in files if _copy(p).is_file()):  # small ones may have one
            assert gzip.decompress(_copy(path).read_bytes()) == path.read_bytes(), path


def _copy(path: Path) -> Path:
    return path.with_name(path.name + ".gz")


def _get(url: str) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        return response.read(), response.headers.get("Content-Encoding", "")


def test_the_test_host_sends_the_copy_and_never_compresses_itself(tmp_path: Path):
    """The page-weight tests count what this host sends: a file without a copy must
    cost its full size there, as it would behind gzip_static alone."""
    text = ("<p>Văn miếu</p>\n" * 200).encode()
    (tmp_path / "with.html").write_bytes(text)
    (tmp_path / "with.html.gz").write_bytes(gzip.compress(text, mtime=0))
    (tmp_path / "without.html").write_bytes(text)
    with GzipServer(tmp_path) as server:
        body, encoding = _get(server.url + "with.html")
        assert encoding == "gzip" and body == (tmp_path / "with.html.gz").read_bytes()
        body, encoding = _get(server.url + "without.html")
        assert encoding == "" and body == text
        sent = {s.path: (s.body, s.encoding) for s in server.log}
    assert sent["/with.html"] == ((tmp_path / "with.html.gz").stat().st_size, "gzip")
    assert sent["/without.html"] == (len(text), "")
