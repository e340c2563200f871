"""The editing room in real Chromium: the real Decap CMS writing real files through the
real local proxy (decap-server), behind qrsite's guard, with the live preview beside it.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from fixture_project import copy_samples, photo

from generator import pipeline
from generator.editor.room import API, ROOM, NotInstalled, Room
from generator.slugs import slugify

SITE = "hai-duong"
STREET_SITE, STREET = "sa-dec-phuong-1", "nguyen-tat-thanh"
DOC_SHOTS = os.environ.get("QRSITE_DOC_SHOTS")  # set to write the guide's screenshots


@pytest.fixture
def room(request, tmp_path, monkeypatch):
    """The room over a copy of the samples, for SITE or the site a test names."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796342400")  # 2026-12-04
    root = copy_samples(tmp_path / "project")
    site = getattr(request, "param", SITE)
    try:
        room = Room(root, site, ("vi", "en"), port=0, echo=lambda line: None, lang="vi")
        room.start()
    except NotInstalled as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the editing room cannot start: {exc} (CI must run npm ci)")
        pytest.skip(str(exc))
    stop = threading.Event()
    polling = threading.Thread(target=room.run, args=(stop, 0.2), daemon=True)
    polling.start()
    yield room
    stop.set()
    polling.join(timeout=60)
    room.close()


def _open(browser, room: Room, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(room.url.rstrip("/") + ROOM)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_timeout(500)
    return context, page, hosts


def _new(page, room: Room, collection: str) -> None:
    page.goto(room.url.rstrip("/") + ROOM + f"#/collections/{collection}/new")
    page.reload()  # a new form, even when the last one was saved in this page
    page.locator("[id^='title-field']").first.wait_for()


def _publish(page) -> None:
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_role("menuitem", name="Công bố ngay").click()


def _wait_for(check, page, tries: int = 60) -> None:
    for _ in range(tries):
        if check():
            return
        page.wait_for_timeout(250)
    assert check()


def _create_relic(page, room: Room, tmp_path: Path, title: str) -> Path:
    _new(page, room, "relics")
    page.locator("[id^='title-field']").first.fill(title)
    page.locator("[id^='summary-field']").first.fill("Một ngôi đình làng, nội dung thử.")
    page.locator("[id^='address-field']").first.fill("Xã Mẫu, tỉnh Mẫu")
    page.get_by_role("button", name="Chọn một hình").click()
    picture = tmp_path / "anh-bia.jpg"
    photo(picture)
    page.locator("input[type=file]").set_input_files(str(picture))
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Đình làng thờ Thành hoàng.")
    page.locator("[id^='title-field']").nth(1).fill("Sample communal house")
    page.locator("[id^='summary-field']").nth(1).fill("A village communal house, a test entry.")
    _publish(page)
    folder = room.root / "relics" / SITE / slugify(title)
    _wait_for(lambda: (folder / "index.en.md").is_file(), page)
    return folder


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_a_relic_written_in_the_browser_becomes_pages_and_a_sign(
    browser, room, tmp_path, width, height
):
    context, page, hosts = _open(browser, room, width, height)
    title = "Đình Nhân Nội"
    folder = _create_relic(page, room, tmp_path, title)
    assert sorted(p.name for p in folder.iterdir()) == ["anh-bia.jpg", "index.en.md", "index.vi.md"]
    vi = (folder / "index.vi.md").read_text(encoding="utf-8")
    en = (folder / "index.en.md").read_text(encoding="utf-8")
    assert "draft: true" in vi and "cover: anh-bia.jpg" in vi and title in vi
    assert "cover" not in en and "draft" not in en and "Sample communal house" in en
    # the draft is in the preview, and the panel beside the form shows its pages
    _wait_for(lambda: _status(room.url + "relics/dinh-nhan-noi/") == 200, page)
    if DOC_SHOTS:
        page.screenshot(path=str(Path(DOC_SHOTS) / f"editor-{width}.png"))
    # a draft gets no page in a real build
    report = pipeline.build(room.root, [SITE])
    assert report is not None
    assert not (room.root / "build" / SITE / "site" / "relics" / "dinh-nhan-noi").exists()
    # ready to publish: switch the draft off and save
    page.locator("[id^='draft-field']").first.click()
    _publish(page)
    _wait_for(lambda: "draft: false" in (folder / "index.vi.md").read_text("utf-8"), page)
    pipeline.check(room.root, [SITE])
    pipeline.build(room.root, [SITE])
    site = room.root / "build" / SITE / "site"
    assert title in (site / "relics" / "dinh-nhan-noi" / "index.html").read_text("utf-8")
    english = (site / "en" / "relics" / "dinh-nhan-noi" / "index.html").read_text("utf-8")
    assert "Sample communal house" in english
    manifest = (room.root / "build" / SITE / "signs" / "manifest.csv").read_text("utf-8")
    assert "dinh-nhan-noi" in manifest and "Đình Nhân Nội" in manifest
    assert hosts == {room.url.split("/")[2]}, "every request stays on 127.0.0.1"
    context.close()


def test_the_editor_names_new_folders_by_qrsites_rule(browser, room):
    titles = [
        "Đà Nẵng",
        unicodedata.normalize("NFD", "Đền Ngọc Sơn"),
        "Văn miếu Mao Điền",
        "Chùa Côn Sơn – Kiếp Bạc (Chí Linh)",
        "Ơn Ưu Ý Ỳ Ỷ Ỹ Ỵ",
    ]
    context, page, _ = _open(browser, room, 1280, 900)
    guides = room.root / "content" / "guides"
    for title in titles:
        before = frozenset(p.name for p in guides.iterdir())
        _new(page, room, "guides")
        page.locator("[id^='title-field']").first.fill(title)
        page.locator("[id^='summary-field']").first.fill("Hướng dẫn thử.")
        _publish(page)
        _wait_for(lambda before=before: {p.name for p in guides.iterdir()} != before, page)
        (made,) = {p.name for p in guides.iterdir()} - before
        assert made == slugify(title), title
    context.close()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _post(room: Room, request: dict) -> tuple[int, dict]:
    data = json.dumps(request).encode()
    call = urllib.request.Request(
        room.url.rstrip("/") + API, data=data, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(call, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_guard_refuses_deleting_renaming_and_files_outside_entries(room):
    codes = room.root / "sites" / SITE / "codes.yml"
    before = codes.read_bytes() if codes.exists() else None
    refused = [
        {"action": "deleteFile", "params": {"path": "relics/hai-duong/chua-con-son/index.vi.md"}},
        {"action": "deleteFiles", "params": {"paths": ["relics/hai-duong/chua-con-son/cover.jpg"]}},
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [{"path": "sites/hai-duong/codes.yml", "raw": "x: 1\n"}],
                "assets": [],
            },
        },
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [
                    {
                        "path": "relics/hai-duong/chua-con-son/index.vi.md",
                        "raw": "---\n---\n",
                        "newPath": "relics/hai-duong/chua-moi/index.vi.md",
                    }
                ],
                "assets": [],
            },
        },
        {
            "action": "persistMedia",
            "params": {
                "asset": {
                    "path": "build/hai-duong/site/index.html",
                    "content": "",
                    "encoding": "base64",
                }
            },
        },
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [
                    {"path": "relics/hai-duong/Chua_Moi/index.vi.md", "raw": "---\n---\n"}
                ],
                "assets": [],
            },
        },
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [
                    {"path": "relics/hai-duong/../../x/index.vi.md", "raw": "---\n---\n"}
                ],
                "assets": [],
            },
        },
    ]
    for request in refused:
        status, answer = _post(room, request)
        assert status == 403, request
        assert answer["error"]
    assert (codes.read_bytes() if codes.exists() else None) == before
    assert (room.root / "relics" / SITE / "chua-con-son" / "index.vi.md").is_file()
    assert not (room.root / "relics" / SITE / "Chua_Moi").exists()
    assert _post(room, [{"action": "deleteFile"}])[0] == 400
    status, answer = _post(room, {"action": "persistEntry", "params": {"dataFiles": "x"}})
    assert status == 403
    status, answer = _post(room, {"action": "info", "params": {}})
    assert status == 200 and answer["type"] == "local_fs"


def test_a_save_that_breaks_its_entry_is_undone_and_explained(room):
    entry = room.root / "relics" / SITE / "chua-con-son" / "index.vi.md"
    before = entry.read_bytes()
    broken = before.decode("utf-8").replace("cover: cover.jpg", "cover: khong-co.jpg", 1)
    assert broken != before.decode("utf-8")
    status, answer = _save(room, "relics/hai-duong/chua-con-son/index.vi.md", broken)
    assert status == 422
    assert "khong-co.jpg" in answer["error"] and "chua-con-son/index.vi.md" in answer["error"]
    assert entry.read_bytes() == before
    # a new entry without its required fields leaves no folder behind
    status, answer = _save(room, "relics/hai-duong/moi/index.vi.md", "---\ntitle: Mới\n---\n")
    assert status == 422 and "moi/index.vi.md" in answer["error"]
    assert not (room.root / "relics" / SITE / "moi").exists()


def _save(room: Room, path: str, raw: str) -> tuple[int, dict]:
    """A save as Decap sends it to its local proxy."""
    params = {
        "branch": "main",
        "dataFiles": [{"path": path, "slug": path.split("/")[-2], "raw": raw}],
        "assets": [],
        "options": {"commitMessage": "save", "useWorkflow": False, "status": "draft"},
    }
    return _post(room, {"action": "persistEntry", "params": params})


@pytest.mark.parametrize("room", [STREET_SITE], indirect=True)
def test_a_stop_is_added_by_choosing_its_guide_on_a_phone(browser, room):
    context, page, _ = _open(browser, room, 360, 740)
    page.goto(room.url.rstrip("/") + ROOM + "#/collections/streets/entries/" + STREET + "/index")
    page.reload()
    page.locator("[id^='title-field']").first.wait_for()
    stops_before = page.locator("[id^='number-field']").count()
    page.get_by_role("button", name="Add các biển qr").first.click()
    added = page.locator("[id^='number-field']").count() - stops_before
    assert added == 1
    vi_stops = _stops(room)
    page.locator("[id^='number-field']").nth(len(vi_stops)).fill(str(len(vi_stops) + 1))
    page.locator("[id^='place-field']").nth(len(vi_stops)).fill("Trước nhà văn hoá, biển thử")
    guide = page.locator("[id^='guide-field']").nth(len(vi_stops))
    guide.click()
    guide.type("VssID")  # the guides offered are the ones that exist, found by title
    page.keyboard.press("Enter")
    _publish(page)
    _wait_for(lambda: len(_stops(room)) == len(vi_stops) + 1, page)
    added_stop = _stops(room)[-1]
    assert added_stop["guide"] == "cai-dat-vssid"
    assert added_stop["place"] == "Trước nhà văn hoá, biển thử"
    pipeline.build(room.root, [STREET_SITE])
    manifest = (room.root / "build" / STREET_SITE / "signs" / "manifest.csv").read_text("utf-8")
    assert "Trước nhà văn hoá, biển thử" in manifest  # the new board's sign
    context.close()


def test_a_guide_step_is_edited_on_a_phone(browser, room):
    context, page, _ = _open(browser, room, 360, 740)
    guide = room.root / "content" / "guides" / "kich-hoat-vneid" / "index.vi.md"
    page.goto(room.url.rstrip("/") + ROOM + "#/collections/guides/entries/kich-hoat-vneid/index")
    page.reload()
    page.locator("[id^='title-field']").first.wait_for()
    body = page.locator("[contenteditable=true]").first
    body.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Mang theo kính đọc sách nếu cần.")
    _publish(page)
    _wait_for(lambda: "kính đọc sách" in guide.read_text("utf-8"), page)
    pipeline.build(room.root, [SITE])
    page_html = room.root / "build" / SITE / "site" / "guides" / "kich-hoat-vneid" / "index.html"
    assert "kính đọc sách" in page_html.read_text("utf-8")
    context.close()


def _stops(room: Room) -> list[dict]:
    text = (room.root / "streets" / STREET_SITE / STREET / "index.vi.md").read_text("utf-8")
    return yaml.safe_load(text.split("---")[1])["stops"]


@pytest.mark.parametrize("room", [STREET_SITE], indirect=True)
def test_samples_saved_back_unchanged_keep_their_bytes(browser, room):
    """Samples are kept in the editor's own output form (scripts/cms_form.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from cms_form import save_unchanged

    files = {
        ("streets", f"{STREET}/index"): [
            f"streets/{STREET_SITE}/{STREET}/index.vi.md",
            f"streets/{STREET_SITE}/{STREET}/index.en.md",
        ],
        ("guides", "cai-dat-vssid/index"): [
            "content/guides/cai-dat-vssid/index.vi.md",
            "content/guides/cai-dat-vssid/index.en.md",
        ],
        ("site", "site"): [f"sites/{STREET_SITE}/site.yml"],
    }
    context, page, _ = _open(browser, room, 1280, 900)
    page.on("dialog", lambda dialog: dialog.accept())
    base = room.url.rstrip("/") + ROOM
    for (collection, slug), paths in files.items():
        before = {p: (room.root / p).read_bytes() for p in paths}
        save_unchanged(page, base, collection, slug)
        assert {p: (room.root / p).read_bytes() for p in paths} == before, slug
    context.close()


def test_a_required_field_left_empty_is_refused_by_the_form(browser, room):
    context, page, _ = _open(browser, room, 1280, 900)
    _new(page, room, "relics")
    page.locator("[id^='title-field']").first.fill("Miếu thử chưa xong")
    _publish(page)
    page.get_by_text("bắt buộc nhập").first.wait_for()
    page.wait_for_timeout(1000)
    assert not (room.root / "relics" / SITE / "mieu-thu-chua-xong").exists()
    context.close()


def test_the_panel_beside_the_form_names_the_entrys_problems(browser, room):
    folder = "relics/hai-duong/mieu-nhap"
    draft = "---\ntitle: Miếu nháp\nsummary: Đang viết.\naddress: Xã Mẫu\ndraft: true\n---\n"
    status, _ = _save(room, f"{folder}/index.vi.md", draft)
    assert status == 200  # a draft's missing cover is a warning, not an error
    _wait_for_build(room)
    context, page, _ = _open(browser, room, 1280, 900)
    page.goto(room.url.rstrip("/") + ROOM + "#/collections/relics/entries/mieu-nhap/index")
    page.reload()
    page.locator("[id^='title-field']").first.wait_for()
    panel = page.frame_locator("iframe").first
    if not panel.locator(".qrsite-panel").count():
        page.locator("button[title*='review'], button[title*='em trước']").last.click()
    problem = panel.locator(".qrsite-problem").first
    problem.wait_for()
    assert "cover" in problem.inner_text() and f"{folder}/index.vi.md" in problem.inner_text()
    links = panel.locator(".qrsite-panel a")
    assert links.first.get_attribute("href") == "/relics/mieu-nhap/"
    context.close()


def _wait_for_build(room: Room) -> None:
    version = room.version
    for _ in range(120):
        if room.version > version:
            return
        threading.Event().wait(0.25)
    raise AssertionError("the preview did not rebuild")


@pytest.mark.parametrize("room", [STREET_SITE], indirect=True)
def test_a_save_that_breaks_a_printed_code_elsewhere_is_undone(room):
    """A counter's slug renamed in site.yml leaves its printed codes leading nowhere:
    the error is in codes.yml, not in the file saved, and the save is still refused."""
    site_file = room.root / "sites" / STREET_SITE / "site.yml"
    before = site_file.read_bytes()
    renamed = before.decode("utf-8").replace("slug: mot-cua-phuong-1", "slug: mot-cua-moi", 1)
    assert renamed != before.decode("utf-8")
    status, answer = _save(room, f"sites/{STREET_SITE}/site.yml", renamed)
    assert status == 422 and "codes.yml" in answer["error"]
    assert site_file.read_bytes() == before
