"""Content a reader can trust: sources, "last checked" dates and their age, "report a
mistake", localities renamed or merged, and example content marked on every page kind.

Every test builds the fixture project for real; the build's "now" is set the way a
publishing run sets it (SOURCE_DATE_EPOCH) or left to the last commit's date.
"""

from __future__ import annotations

import calendar
import datetime
import os
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from click.testing import CliRunner
from dateutil.relativedelta import relativedelta
from pypdf import PdfReader

from generator import pipeline
from generator.cli import main
from generator.codes import read_registry
from generator.content import claims
from generator.problems import ContentError

GUIDE = "content/guides/kich-hoat-vneid/index.vi.md"
RELIC = "relics/mau/van-mieu-mau/index.vi.md"
SITE = "sites/mau/site.yml"


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_field(root: Path, name: str, lines: str) -> None:
    """Add front-matter lines just before the closing '---'."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    path.write_text(head + "\n" + lines.rstrip("\n") + sep + body, encoding="utf-8")


def epoch(day: str) -> str:
    """Noon UTC of `day`, as SOURCE_DATE_EPOCH, computed without our own code."""
    y, m, d = (int(p) for p in day.split("-"))
    return str(calendar.timegm((y, m, d, 12, 0, 0)))


def build_on(root: Path, day: str, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    pipeline.build(root)


def page(root: Path, path: str) -> str:
    return (root / "build" / "mau" / "site" / path / "index.html").read_text(encoding="utf-8")


# --- "last checked" ---------------------------------------------------------------------


def test_the_last_checked_day_is_written_the_way_each_language_writes_dates(project, monkeypatch):
    set_field(project, RELIC, "checked: 2026-11-20")
    build_on(project, "2026-12-01", monkeypatch)
    assert "Thông tin kiểm tra lần cuối: 20/11/2026" in page(project, "relics/van-mieu-mau")
    assert "Last checked: 20 Nov 2026" in page(project, "en/relics/van-mieu-mau")


@pytest.mark.parametrize(
    ("checked", "months"),
    [("2026-05-20", 6), ("2026-08-31", 6)],  # the second ends in February's last day
)
def test_a_guide_warns_from_the_first_day_past_its_age_and_not_before(
    project, monkeypatch, checked, months
):
    set_field(project, GUIDE, f"checked: {checked}")
    last_fresh = datetime.date.fromisoformat(checked) + relativedelta(months=months)
    build_on(project, last_fresh.isoformat(), monkeypatch)
    assert "qs-overdue" not in page(project, "guides/kich-hoat-vneid")
    build_on(project, (last_fresh + datetime.timedelta(days=1)).isoformat(), monkeypatch)
    html = page(project, "guides/kich-hoat-vneid")
    assert "qs-overdue" in html
    assert "0000 000 000" in html.split("qs-overdue", 1)[1].split("</div>", 1)[0]  # whom to ask
    assert "may have changed" in page(project, "en/guides/kich-hoat-vneid")


def test_freshness_comes_from_site_yml(project, monkeypatch):
    set_field(project, GUIDE, "checked: 2026-09-01")
    edit(project, SITE, "example: true", "example: true\nfreshness: {guide: 2}")
    build_on(project, "2026-11-02", monkeypatch)  # 2 months and a day: past the site's age
    assert "qs-overdue" in page(project, "guides/kich-hoat-vneid")


def test_a_relic_past_its_age_shows_its_date_but_no_warning(project, monkeypatch):
    set_field(project, RELIC, "checked: 2020-01-01")
    build_on(project, "2026-12-01", monkeypatch)
    html = page(project, "relics/van-mieu-mau")
    assert "qs-overdue" not in html and "1/1/2020" in html


def test_an_entry_never_checked_says_no_date_and_warns_nothing(project, monkeypatch):
    build_on(project, "2030-01-01", monkeypatch)
    html = page(project, "guides/kich-hoat-vneid")
    assert "qs-checked" not in html and "qs-overdue" not in html


def test_without_source_date_epoch_the_build_dates_itself_by_its_last_commit(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    set_field(project, GUIDE, "checked: 2026-05-20")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)

    def commit_on(day: str) -> None:
        env = {**os.environ, "GIT_COMMITTER_DATE": f"{epoch(day)} +0000"}
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"]
        subprocess.run(
            [*git, "commit", "-q", "--allow-empty", "-m", day], cwd=project, env=env, check=True
        )

    commit_on("2026-11-20")
    pipeline.build(project)
    first = page(project, "guides/kich-hoat-vneid")
    pipeline.build(project)
    assert page(project, "guides/kich-hoat-vneid") == first  # the same day, the same bytes
    assert "qs-overdue" not in first
    commit_on("2026-11-21")
    pipeline.build(project)
    assert "qs-overdue" in page(project, "guides/kich-hoat-vneid")


# --- status -----------------------------------------------------------------------------


def status_on(root: Path, day: str, *args: str):
    env = {"SOURCE_DATE_EPOCH": epoch(day), "LANG": "en_US.UTF-8"}
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["status", *args], env=env)
    finally:
        os.chdir(old)


def test_status_lists_overdue_entries_oldest_first_with_their_age(project):
    set_field(project, GUIDE, "checked: 2026-01-15")
    set_field(project, RELIC, "checked: 2023-03-01")
    result = status_on(project, "2026-12-01")
    lines = result.output.splitlines()
    overdue = [line.strip() for line in lines if ": checked " in line]
    assert overdue == [
        "relics/mau/van-mieu-mau: checked 2023-03-01, 45 months ago",
        "content/guides/kich-hoat-vneid: checked 2026-01-15, 10 months ago",
    ]
    assert any("never dated" in line and line.rstrip().endswith("2") for line in lines)


def test_status_strict_fails_only_for_an_entry_past_its_age(project):
    # the fixture has a relic without English: listed, never a failure
    assert status_on(project, "2026-12-01", "--strict").exit_code == 0
    set_field(project, GUIDE, "checked: 2026-06-01")
    assert status_on(project, "2026-12-01", "--strict").exit_code == 0  # exactly 6 months
    result = status_on(project, "2026-12-02", "--strict")
    assert result.exit_code == 1, result.output
    assert status_on(project, "2026-12-02").exit_code == 0  # not strict: a report only


# --- sources and claims -----------------------------------------------------------------

SOURCES = """\
sources:
  - title: "Đi tìm dấu tích Thành Đông"
    publisher: Báo Hải Dương
    date: 2023-05
    url: https://baohaiduong.vn/print/352983.html
  - title: Sách địa chí
    date: 2008
"""


def test_sources_are_listed_under_their_heading_in_each_language(project, monkeypatch):
    set_field(project, RELIC, SOURCES)
    build_on(project, "2026-12-01", monkeypatch)
    vi = page(project, "relics/van-mieu-mau")
    assert ">Nguồn</h2>" in vi
    assert '<a href="https://baohaiduong.vn/print/352983.html"' in vi
    assert "Báo Hải Dương, 5/2023" in vi and "Sách địa chí, 2008" in vi
    en = page(project, "en/relics/van-mieu-mau")
    assert ">Sources</h2>" in en and "Báo Hải Dương, May 2023" in en


@pytest.mark.parametrize(
    ("lines", "line", "words"),
    [
        ("sources:\n  - publisher: Báo X", 11, "needs 'title'"),
        ("sources:\n  - title: A\n    date: 12/2023", 12, "year-month-day"),
        ("sources:\n  - title: A\n    url: ftp://x.org/a", 12, "https://"),
        ("checked: 20/11/2026", 10, "year-month-day"),
        ("checked: 2026-02-30", 10, "year-month-day"),  # no such day
    ],
)
def test_a_bad_source_or_date_names_its_file_and_line(project, lines, line, words):
    set_field(project, RELIC, lines)
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    found = [p for p in caught.value.problems if p.path == RELIC and p.level == "error"]
    assert found and found[0].line == line and words in found[0].render(lambda m: m)


def test_a_claim_credited_to_the_press_without_a_source_is_a_warning(project):
    edit(project, RELIC, "Văn miếu được dựng từ lâu đời.", "Theo báo chí, văn miếu rất cổ.")
    warnings = [w for w in pipeline.check(project).warnings if "press" in w.message]
    assert [(w.path, w.line) for w in warnings] == [(RELIC, 13)]
    set_field(project, RELIC, SOURCES)
    assert not [w for w in pipeline.check(project).warnings if "press" in w.message]


# --- report a mistake -------------------------------------------------------------------


def report_href(html: str) -> str | None:
    if 'class="qs-report"' not in html:
        return None
    return html.split('class="qs-report"><a href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_report_a_mistake_by_email_carries_the_page_and_its_code(project, monkeypatch):
    edit(project, SITE, 'zalo: "https://zalo.me/0000000000"', "email: doan@mau.example.org")
    build_on(project, "2026-12-01", monkeypatch)
    registry = read_registry(project / "sites" / "mau" / "codes.yml")
    code = next(c.code for c in registry.codes.values() if c.target == "relics/mau/van-mieu-mau")
    href = report_href(page(project, "en/relics/van-mieu-mau"))
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and unquote(parts.path) == "doan@mau.example.org"
    query = parse_qs(parts.query)
    assert "Sample Temple of Literature" in query["subject"][0]
    assert "https://mau.example.org/en/relics/van-mieu-mau/" in query["body"][0]
    assert code in query["body"][0]


def test_report_a_mistake_goes_to_zalo_or_a_text_message_or_nowhere(project, monkeypatch):
    build_on(project, "2026-12-01", monkeypatch)
    assert report_href(page(project, "relics/van-mieu-mau")) == "https://zalo.me/0000000000"
    edit(project, SITE, ', zalo: "https://zalo.me/0000000000"', "")
    build_on(project, "2026-12-01", monkeypatch)
    href = report_href(page(project, "guides/kich-hoat-vneid"))
    assert href.startswith("sms:0000000000?body=")
    assert "https://mau.example.org/guides/kich-hoat-vneid/" in unquote(href)
    edit(project, SITE, 'contact: {phone: "0000 000 000"}', "")
    build_on(project, "2026-12-01", monkeypatch)
    assert report_href(page(project, "guides/kich-hoat-vneid")) is None


# --- localities that change -------------------------------------------------------------

CHANGES = """\
changes:
  - date: 2025-07-01
    change: merged
    old: {vi: "phường Mẫu Cũ", en: "Old Sample ward"}
    new: {vi: "phường Mẫu Mới", en: "New Sample ward"}
"""
COUNTER_CHANGE = """\
    changes:
      - date: 2025-07-01
        change: merged
        name: {vi: "Trung tâm hành chính công phường Mẫu Mới", en: "New Sample ward service centre"}
        place: {vi: "Số 1 đường Mẫu", en: "1 Sample street"}
"""


def with_changes(root: Path) -> None:
    edit(root, SITE, "example: true", "example: true\n" + CHANGES)
    edit(
        root,
        SITE,
        "    guides: [kich-hoat-vneid]\n",
        "    guides: [kich-hoat-vneid]\n" + COUNTER_CHANGE,
    )


def counter_tent_text(root: Path) -> str:
    registry = read_registry(root / "sites" / "mau" / "codes.yml")
    code = next(c.code for c in registry.codes.values() if c.kind == "counter_guide")
    pdf = root / "build" / "mau" / "signs" / f"{code}.pdf"
    return " ".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_a_merged_locality_is_told_on_its_pages_from_its_date(project, monkeypatch):
    with_changes(project)
    build_on(project, "2025-06-30", monkeypatch)
    assert "Mẫu Mới" not in page(project, "")
    assert "Bộ phận một cửa phường Mẫu" in counter_tent_text(project)
    build_on(project, "2025-07-01", monkeypatch)
    for path in ("", "relics/van-mieu-mau", "counters/mot-cua"):
        assert "Từ 1/7/2025, phường Mẫu Cũ thuộc phường Mẫu Mới." in page(project, path), path
    assert "Since 1 Jul 2025, Old Sample ward has been part of New Sample ward." in page(
        project, "en/"
    )


def test_a_changed_counter_gives_its_current_name_and_place_and_new_signs_use_them(
    project, monkeypatch
):
    with_changes(project)
    build_on(project, "2025-07-01", monkeypatch)
    html = page(project, "counters/mot-cua")
    assert "<h1>Trung tâm hành chính công phường Mẫu Mới</h1>" in html
    assert "Số 1 đường Mẫu" in html
    assert "Trước 1/7/2025: Bộ phận một cửa phường Mẫu (Trụ sở UBND phường)." in html
    text = counter_tent_text(project)
    assert "Mẫu Mới" in text and "Bộ phận một cửa phường Mẫu" not in text


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("  - change: merged\n    old: A\n    new: B", "'date'"),
        ("  - date: 2025-07-01\n    change: split\n    old: A\n    new: B", "merged"),
        ("  - date: 2025-07-01\n    change: merged\n    new: B", "'old' and 'new'"),
    ],
)
def test_a_change_that_cannot_be_read_is_an_error_in_site_yml(project, change, words):
    edit(project, SITE, "example: true", "example: true\nchanges:\n" + change)
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    assert any(p.path == SITE and words in p.render(lambda m: m) for p in caught.value.problems)


# --- example content everywhere ---------------------------------------------------------


def test_an_example_site_says_so_on_every_kind_of_page_and_landing(project, monkeypatch):
    build_on(project, "2026-12-01", monkeypatch)
    site = project / "build" / "mau" / "site"
    pages = ["", "relics", "counters", "counters/mot-cua", "relics/van-mieu-mau", "en/streets"]
    for path in pages:
        assert "qs-example" in page(project, path), path
    landings = sorted((site / "Q").glob("*/index.html"))
    assert landings
    for landing in landings:
        text = landing.read_text(encoding="utf-8")
        assert "Example content" in text and "Nội dung mẫu" in text, landing
    edit(project, SITE, "example: true", "example: false")
    for name in ("relics/mau/van-mieu-mau/index.vi.md",):
        edit(project, name, "example: true\n", "")
    build_on(project, "2026-12-01", monkeypatch)
    for path in pages:
        assert "qs-example" not in page(project, path), path
    for landing in sorted((site / "Q").glob("*/index.html")):
        assert "qs-example" not in landing.read_text(encoding="utf-8")


def test_shops_on_another_language_page_are_labelled_vietnamese(project, monkeypatch):
    shops = 'shops:\n  - name: Tạp hóa Cô Lan\n    address: "12 đường Mẫu"\n    pays: [VietQR]'
    set_field(project, "streets/mau/pho-mau/index.vi.md", shops)
    build_on(project, "2026-12-01", monkeypatch)
    en = page(project, "en/streets/pho-mau")
    assert '<ul class="qs-shops" lang="vi">' in en and "given in Vietnamese" in en
    assert 'class="qs-shops-note"' not in page(project, "streets/pho-mau")


# --- what the review of the first version found -----------------------------------------


def test_a_checked_day_after_the_build_day_is_a_warning_on_its_line(project, monkeypatch):
    set_field(project, RELIC, "checked: 2062-11-20")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-20"))
    warnings = [w for w in pipeline.check(project).warnings if w.path == RELIC]
    assert [(w.line, dict(w.params)["date"]) for w in warnings] == [(10, "2062-11-20")]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2062-11-20"))  # the same day: fine
    assert not [w for w in pipeline.check(project).warnings if w.path == RELIC]


def test_a_source_nobody_could_look_up_is_a_warning_and_does_not_back_a_claim(project):
    edit(project, RELIC, "Văn miếu được dựng từ lâu đời.", "Theo báo chí, văn miếu rất cổ.")
    set_field(project, RELIC, "sources:\n  - title: Một bài báo\n    date: 2023")
    messages = [w.message for w in pipeline.check(project).warnings if w.path == RELIC]
    assert any("no publisher and no address" in m for m in messages)
    assert any("credits the press" in m for m in messages)


def test_an_english_line_crediting_the_press_is_found_too(project):
    edit(
        project,
        "relics/mau/van-mieu-mau/index.en.md",
        "The temple was built long ago.",
        "As reported in the press, the temple is old.",
    )
    warnings = [w for w in pipeline.check(project).warnings if "press" in w.message]
    assert [w.path for w in warnings] == ["relics/mau/van-mieu-mau/index.en.md"]


@pytest.mark.parametrize(
    "line",
    [
        "THEO BÁO CHÍ, đình rất cổ.",
        "Báo chí phản ánh rằng đình rất cổ.",
        "Theo nhiều bài báo, đình rất cổ.",
        "Theo thông tin từ báo chí, đình rất cổ.",
        "According to Media reports, the temple is old.",
        "NEWS REPORTS SAY the temple is old.",
        "It was Reported by the Press long ago.",
    ],
)
def test_every_press_phrase_in_any_case_is_looked_for(line):
    """A text is searched for the phrases only if it holds one of their cue words: each
    phrase the warning knows, in any case, must hold one."""
    assert claims.PRESS.search(line) and claims.cued(line)


@pytest.mark.parametrize("value", ["0000-05", "2024-13", "2024-02-30"])
def test_a_source_date_that_is_no_date_is_an_error(project, value):
    set_field(project, RELIC, f"sources:\n  - title: A\n    publisher: B\n    date: {value}")
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    assert any(p.path == RELIC and p.line == 13 for p in caught.value.problems)


def test_the_template_checked_day_must_be_replaced(project):
    set_field(project, RELIC, "checked: YYYY-MM-DD")
    with pytest.raises(ContentError):
        pipeline.check(project)


def test_an_email_that_would_carry_other_recipients_is_refused(project):
    edit(project, SITE, 'zalo: "https://zalo.me/0000000000"', 'email: "a@b.org?bcc=x@y.org"')
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    assert any(p.path == SITE and "email" in p.message for p in caught.value.problems)


def test_a_counter_changed_twice_gives_its_newest_name_and_both_before(project, monkeypatch):
    with_changes(project)
    second = COUNTER_CHANGE.replace("2025-07-01", "2026-01-01").replace("Mẫu Mới", "Mẫu Mới Hơn")
    edit(project, SITE, COUNTER_CHANGE, COUNTER_CHANGE + second.split("    changes:\n")[1])
    build_on(project, "2026-01-01", monkeypatch)
    html = page(project, "counters/mot-cua")
    assert "<h1>Trung tâm hành chính công phường Mẫu Mới Hơn</h1>" in html
    first = html.index("Trước 1/1/2026: Trung tâm hành chính công phường Mẫu Mới (")
    assert first < html.index("Trước 1/7/2025: Bộ phận một cửa phường Mẫu (")


def test_an_overdue_draft_never_fails_status_strict(project):
    set_field(project, GUIDE, "checked: 2020-01-01\ndraft: true")
    assert status_on(project, "2026-12-01", "--strict").exit_code == 0
