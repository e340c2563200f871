"""`qrsite serve`: builds, serves on 127.0.0.1, rebuilds on save, shows problems in the page."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from fixture_project import add_relics, photo

from generator.scaffold import new_entry
from generator.serve import RELOAD_TAG, Preview, changed_files, snapshot

RELIC = "relics/mau/van-mieu-mau"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(project):
    lines: list[str] = []
    p = Preview(project, "mau", port=0, echo=lines.append, lang="vi")
    p.start()
    p.lines = lines
    yield p
    p.close()


def test_serves_the_site_with_the_reload_script(preview):
    status, page = get(preview.url + "relics/van-mieu-mau/")
    assert status == 200
    assert "Văn miếu Mẫu" in page and "/__qrsite__/reload.js" in page
    assert get(preview.url + "__qrsite__/version") == (200, "1")
    status, worker = get(preview.url + "sw.js")
    assert status == 200 and "unregister" in worker
    assert preview.url.startswith("http://127.0.0.1:")


def test_rebuilds_after_a_save(preview, project):
    assert preview.poll_once() is False  # nothing changed
    edit(project / RELIC / "index.vi.md", "title: Văn miếu Mẫu", "title: Văn miếu Mẫu mới sửa")
    assert preview.poll_once() is True
    assert "Văn miếu Mẫu mới sửa" in get(preview.url + "relics/van-mieu-mau/")[1]
    assert get(preview.url + "__qrsite__/version")[1] == "2"


def test_problems_show_in_the_page_and_the_terminal(preview, project):
    vi = project / RELIC / "index.vi.md"
    edit(vi, "cover: anh-bia.jpg", "cover: anh-khac.jpg")
    preview.poll_once()
    status, page = get(preview.url + "relics/van-mieu-mau/")
    assert status == 500
    assert 'id="qrsite-problems"' in page
    assert "relics/mau/van-mieu-mau/index.vi.md:7:" in page
    assert "không tìm thấy tệp" in page  # the reader's language (vi here)
    assert "/__qrsite__/reload.js" in page
    assert any(line.startswith(f"{RELIC}/index.vi.md:7:") for line in preview.lines)
    status, _ = get(preview.url + "en/")  # every page says so, not just the broken one
    assert status == 500
    edit(vi, "cover: anh-khac.jpg", "cover: anh-bia.jpg")
    preview.poll_once()
    assert get(preview.url + "relics/van-mieu-mau/")[0] == 200


def test_preview_does_not_issue_codes_into_the_project(preview, project):
    new_entry(project, "relic", "mau", "den-moi")
    assert preview.poll_once()
    assert get(preview.url + "relics/den-moi/")[0] == 200
    assert not (project / "sites" / "mau" / "codes.yml").exists()


@pytest.fixture
def relics_preview(project):
    """A preview of a site with enough relics that their pages are stamped (stamp.py)."""
    add_relics(project, 2)
    p = Preview(project, "mau", port=0, echo=lambda line: None, lang="vi")
    p.start()
    yield p
    p.close()


def version_of(preview: Preview, page: str) -> str:
    return get(preview.url + "__qrsite__/version?page=" + urllib.parse.quote(page))[1]


def test_an_edited_entry_shows_before_the_site_is_built_again(relics_preview, project):
    """The entry's own pages are made on their own at once (edited_first), in every
    language, and are the very bytes the build after them makes; the rest of the site
    (its list here) waits for that build."""
    preview = relics_preview
    seen = preview.seen
    edit(project / RELIC / "index.vi.md", "title: Văn miếu Mẫu", "title: Văn miếu Vừa sửa")
    edit(project / RELIC / "index.en.md", "title: Sample Temple", "title: Just Edited Temple")
    versions = {page: version_of(preview, page) for page in ("/relics/van-mieu-mau/", "/")}
    now = snapshot(project)
    assert changed_files(seen, now) == {f"{RELIC}/index.vi.md", f"{RELIC}/index.en.md"}

    assert preview.show_edited(changed_files(seen, now))
    early = {
        page: get(preview.url + page)[1]
        for page in ("relics/van-mieu-mau/", "en/relics/van-mieu-mau/")
    }
    assert "Văn miếu Vừa sửa" in early["relics/van-mieu-mau/"]
    assert "Just Edited Temple" in early["en/relics/van-mieu-mau/"]
    assert "Văn miếu Vừa sửa" not in get(preview.url + "relics/")[1]  # not built yet
    assert version_of(preview, "/relics/van-mieu-mau/") != versions["/relics/van-mieu-mau/"]
    assert version_of(preview, "/") == versions["/"]  # an open home page does not reload
    assert get(preview.url + "__qrsite__/version")[1] == "1"  # no build has ended

    preview.rebuild(now)
    assert "Văn miếu Vừa sửa" in get(preview.url + "relics/")[1]
    for page, body in early.items():
        assert get(preview.url + page)[1] == body
        assert preview.edited == {}  # served from the build's files now
        on_disk = (preview.site_dir / page / "index.html").read_text(encoding="utf-8")
        assert body == on_disk.replace("</body>", RELOAD_TAG + "</body>", 1)


def test_an_open_page_whose_entry_went_away_is_told_so(preview, project):
    """A page whose file the rebuild left out (the entry deleted, moved, made a draft)
    gets a new version, so it reloads into the 404 rather than showing what was."""
    before = version_of(preview, "/relics/dinh-lang-dong/")
    assert len(before) == 24  # the page's own bytes, hashed
    shutil.rmtree(project / "relics" / "mau" / "dinh-lang-dong")
    assert preview.poll_once()
    assert get(preview.url + "relics/dinh-lang-dong/")[0] == 404
    assert version_of(preview, "/relics/dinh-lang-dong/") == "gone-2"
    assert version_of(preview, "/relics/a%00b/") == ""  # no such file: never a reload


@pytest.mark.parametrize(
    "change",
    ["new photo", "error", "site setting", "new entry", "draft"],
)
def test_edits_that_wait_for_the_build(relics_preview, project, change):
    """What the shortcut cannot show truly waits for the build: a photo the last build
    did not ship, a file with an error, anything but an entry's text, a new entry, an
    entry turned into a draft."""
    preview = relics_preview
    vi = project / RELIC / "index.vi.md"
    if change == "new photo":  # in the folder at the last build, but used by no page
        photo(project / RELIC / "anh-moi.jpg", color=(200, 40, 40))
        preview.rebuild()
    seen = preview.seen
    if change == "new photo":  # now only the text changes
        edit(vi, "cover: anh-bia.jpg", "cover: anh-moi.jpg")
    elif change == "error":
        edit(vi, "cover: anh-bia.jpg", "cover: anh-bia.jpg\nmo-ta: a field no entry has")
    elif change == "site setting":
        site = project / "sites" / "mau" / "site.yml"
        site.write_text(site.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "new entry":
        new_entry(project, "relic", "mau", "den-moi")
    else:
        edit(vi, "cover: anh-bia.jpg", "cover: anh-bia.jpg\ndraft: true")
    before = get(preview.url + "relics/van-mieu-mau/")
    changed = changed_files(seen, snapshot(project))
    assert changed
    assert preview.show_edited(changed) is False
    assert preview.edited == {}
    assert get(preview.url + "relics/van-mieu-mau/") == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_command_stops_cleanly_on_ctrl_c(project, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(temp), "LANG": "en_US.UTF-8", "LC_ALL": ""}
    code = "from generator.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "mau", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        status = None
        while status is None and time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail("qrsite serve ended early:\n" + proc.stdout.read())
            try:
                status = get(f"http://127.0.0.1:{port}/__qrsite__/version")[0]
            except OSError:
                time.sleep(0.3)
        assert status == 200
        while get(f"http://127.0.0.1:{port}/__qrsite__/version")[1] == "0":
            assert time.monotonic() < deadline + 120, "the first build never finished"
            time.sleep(0.3)  # the first build is still running
        assert get(f"http://127.0.0.1:{port}/")[0] == 200
        assert list(temp.iterdir())  # the build lives in a temporary folder
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    assert "Stopped." in out and "Traceback" not in out
    assert list(temp.iterdir()) == []
    assert [p.name for p in (project / "build").iterdir()] == [".cache"]  # shared, no output


@pytest.mark.browser
def test_open_page_reloads_itself_after_a_save(preview, project, phone):
    stop = threading.Event()
    watcher = threading.Thread(target=preview.run, args=(stop, 0.2), daemon=True)
    watcher.start()
    try:
        phone.goto(preview.url + "relics/van-mieu-mau/")
        assert "Văn miếu Mẫu" in phone.title()
        edit(project / RELIC / "index.vi.md", "title: Văn miếu Mẫu", "title: Văn miếu Mới")
        phone.wait_for_function("document.title.indexOf('Văn miếu Mới') === 0", timeout=60_000)
        edit(project / RELIC / "index.vi.md", "cover: anh-bia.jpg", "cover: khong-co.jpg")
        phone.wait_for_selector("#qrsite-problems li", timeout=60_000)
        assert "index.vi.md:7:" in phone.inner_text("#qrsite-problems")
    finally:
        stop.set()
        watcher.join(10)


def test_every_page_says_it_is_building_until_the_first_build_ends(project, monkeypatch):
    from generator import pipeline

    release = threading.Event()
    real_check = pipeline.check

    def slow_check(*args, **kwargs):
        release.wait(60)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check", slow_check)
    preview = Preview(project, "mau", port=0, echo=lambda line: None, lang="vi")
    starting = threading.Thread(target=preview.start, daemon=True)
    starting.start()
    try:
        for _ in range(100):
            if preview.server is not None:
                break
            time.sleep(0.05)
        for path in ("", "relics/van-mieu-mau/", "en/"):
            status, page = get(preview.url + path)
            assert status == 503 and 'id="qrsite-building"' in page, path
            assert "/__qrsite__/reload.js" in page
        release.set()
        starting.join(120)
        status, page = get(preview.url + "relics/van-mieu-mau/")
        assert status == 200 and "Văn miếu Mẫu" in page
    finally:
        release.set()
        preview.close()


def test_a_preview_after_a_build_resizes_no_photo_again(project, monkeypatch):
    """The preview shares `qrsite build`'s cache: photo sizes made by the build are
    used as they are, and the pages come out as the build's (the preview's own bits
    aside: its reload script and its worker)."""
    from generator import pipeline
    from generator.site import media

    pipeline.build(project)
    made = []
    real = media._make_sizes
    monkeypatch.setattr(
        media, "_make_sizes", lambda todo, jobs=None: made.extend(todo) or real(todo, jobs)
    )
    preview = Preview(project, "mau", port=0, echo=lambda line: None, lang="vi")
    try:
        preview.rebuild()
        relic = Path(RELIC.replace("relics/mau", "relics")) / "index.html"
        built = (project / "build" / "mau" / "site" / relic).read_bytes()
        assert (preview.site_dir / relic).read_bytes() == built
    finally:
        preview.close()
    assert made == []
    (project / "build" / ".cache" / "photos").rename(project / "elsewhere")  # no cache: made
    preview = Preview(project, "mau", port=0, echo=lambda line: None, lang="vi")
    try:
        preview.rebuild()
    finally:
        preview.close()
    assert made
