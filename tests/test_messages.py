"""Each mistake a volunteer makes gives `path:line: what to do`, in Vietnamese and English.

Every case copies the fixture project, makes one mistake, runs `qrsite check` through
click under LANG=vi_VN.UTF-8 and LANG=en_US.UTF-8, and looks for the place and the
key words of the fix. The catalog tests keep the Vietnamese translation complete and
in step with the code.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from fixture_project import photo

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "generator" / "locale"
LANGS = {
    "vi": {"LANG": "vi_VN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""},
    "en": {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""},
}
RELIC = "relics/mau/van-mieu-mau"
STREET = "streets/mau/pho-mau"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def yaml_syntax(root):
    edit(root, f"{RELIC}/index.vi.md", "summary: Nơi", 'summary: "Nơi')


def yaml_no_colon(root):
    edit(root, f"{RELIC}/index.vi.md", "title: Văn miếu", "title Văn miếu")


def yaml_colon_in_value(root):
    edit(root, f"{RELIC}/index.vi.md", "hours: 7:00–17:00 hằng ngày", "hours: Mở cửa: 7:00–17:00")


def yaml_tab(root):
    edit(root, f"{RELIC}/index.vi.md", "ranking:", "\tranking:")


def yaml_indent(root):
    edit(root, f"{STREET}/index.vi.md", "    place: Nhà văn", "   place: Nhà văn")


def unknown_field(root):
    edit(root, f"{RELIC}/index.vi.md", "address:", "adress:")


def missing_required(root):
    edit(root, f"{RELIC}/index.vi.md", "address: Phường Mẫu, thành phố Mẫu\n", "")


def wrong_type(root):
    edit(root, f"{RELIC}/index.vi.md", "coordinates: [20.94, 106.33]", "coordinates: gần chợ")


def missing_photo(root):
    edit(root, f"{RELIC}/index.vi.md", "cover: anh-bia.jpg", "cover: anh-bia-moi.jpg")


def missing_audio(root):
    edit(root, f"{RELIC}/index.vi.md", "hours:", "audio: thuyet-minh.mp3\nhours:")


def large_photo(root):
    photo(root / RELIC / "anh-bia.jpg", size=(3000, 2000))


def broken_link(root):
    edit(
        root,
        f"{RELIC}/index.vi.md",
        "Văn miếu được",
        "Xem [đình](../dinh-lang-tay/). Văn miếu được",
    )


def duplicate_counter(root):
    text = (root / "sites/mau/site.yml").read_text(encoding="utf-8")
    block = text[text.index("  - slug: mot-cua") : text.index("signs:")]
    edit(root, "sites/mau/site.yml", "signs:", block + "signs:")


def duplicate_stop(root):
    edit(root, f"{STREET}/index.vi.md", "  - number: 2", "  - number: 1")


def unknown_guide(root):
    edit(
        root,
        f"{STREET}/index.vi.md",
        "    guide: kich-hoat-vneid\n  - number: 2",
        "    guide: kich-hoat-vneld\n  - number: 2",
    )


def unknown_guide_far(root):
    edit(
        root,
        f"{STREET}/index.vi.md",
        "    guide: kich-hoat-vneid\n  - number: 2",
        "    guide: nop-thue\n  - number: 2",
    )


def vi_only_in_english(root):
    edit(root, f"{RELIC}/index.en.md", "hours:", "cover: anh-bia.jpg\nhours:")


def stop_guide_in_english(root):
    edit(
        root,
        f"{STREET}/index.en.md",
        "    place: At the ward office gate",
        "    place: At the ward office gate\n    guide: kich-hoat-vneid",
    )


# name, mistake, file:line, exit code, key words (vi), key words (en)
CASES = [
    ("yaml", yaml_syntax, f"{RELIC}/index.vi.md:3:", 1,
     ["YAML", "dấu ngoặc kép", "chưa được đóng"], ["YAML is not valid", "quote", "not closed"]),
    ("yaml-colon", yaml_no_colon, f"{RELIC}/index.vi.md:2:", 1,
     ["thiếu dấu ':'", "'tên: giá trị'"], ["no ':' after the field name", "'name: value'"]),
    ("yaml-value", yaml_colon_in_value, f"{RELIC}/index.vi.md:8:", 1,
     ["dấu ngoặc kép", 'hours: "..."'], ["in quotes", 'hours: "..."']),
    ("yaml-tab", yaml_tab, f"{RELIC}/index.vi.md:5:", 1,
     ["tab", "dấu cách"], ["tab", "spaces"]),
    ("yaml-indent", yaml_indent, f"{STREET}/index.vi.md:11:", 1,
     ["thụt lề"], ["indented differently"]),
    ("unknown", unknown_field, f"{RELIC}/index.vi.md:4:", 1,
     ["trường lạ 'adress'", "'address'"], ["unknown field 'adress'", "did you mean 'address'"]),
    ("required", missing_required, f"{RELIC}/index.vi.md:2:", 1,
     ["thiếu trường bắt buộc 'address'", "thêm dòng"], ["required field 'address'", "add a line"]),
    ("type", wrong_type, f"{RELIC}/index.vi.md:6:", 1,
     ["[vĩ độ, kinh độ]"], ["[latitude, longitude]"]),
    ("photo", missing_photo, f"{RELIC}/index.vi.md:7:", 1,
     ["không tìm thấy tệp 'anh-bia-moi.jpg'", "đặt tệp cạnh"],
     ["'anh-bia-moi.jpg' was not found", "put it next to"]),
    ("audio", missing_audio, f"{RELIC}/index.vi.md:8:", 1,
     ["không tìm thấy tệp 'thuyet-minh.mp3'"], ["'thuyet-minh.mp3' was not found"]),
    ("large", large_photo, f"{RELIC}/index.vi.md:7:", 0,
     ["3000×2000", "lớn hơn cần thiết"], ["warning", "3000×2000", "larger than needed"]),
    ("link", broken_link, f"{RELIC}/index.vi.md:13:", 1,
     ["'../dinh-lang-tay/'", "kiểm tra tên"], ["'../dinh-lang-tay/' points to nothing", "check"]),
    ("counter", duplicate_counter, "sites/mau/site.yml:14:", 1,
     ["'mot-cua'", "hai lần"], ["'mot-cua' is used twice", "its own slug"]),
    ("stop", duplicate_stop, f"{STREET}/index.vi.md:10:", 1,
     ["số biển 1", "hai lần"], ["stop number 1 is used twice", "its own number"]),
    ("guide", unknown_guide, f"{STREET}/index.vi.md:7:", 1,
     ["'kich-hoat-vneld'", "'kich-hoat-vneid'"],
     ["'kich-hoat-vneld'", "did you mean 'kich-hoat-vneid'"]),
    ("guide-far", unknown_guide_far, f"{STREET}/index.vi.md:7:", 1,
     ["'nop-thue'", "content/guides"], ["'nop-thue', which does not exist", "content/guides"]),
    ("vi-only", vi_only_in_english, f"{RELIC}/index.en.md:6:", 1,
     ["'cover' chỉ được ghi trong tệp tiếng Việt"],
     ["'cover' belongs in the Vietnamese file only"]),
    ("stop-guide", stop_guide_in_english, f"{STREET}/index.en.md:8:", 1,
     ["'stops.guide' chỉ được ghi trong tệp tiếng Việt"],
     ["'stops.guide' belongs in the Vietnamese"]),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "mistake, where, code, words_vi, words_en", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_mistake_names_file_line_and_fix(
    project, monkeypatch, lang, mistake, where, code, words_vi, words_en
):
    mistake(project)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check"], env=LANGS[lang], catch_exceptions=False)
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.splitlines() if line.startswith(where)]
    assert lines, result.output
    for word in words_vi if lang == "vi" else words_en:
        assert any(word in line for line in lines), (word, result.output)


def test_all_problems_of_a_run_are_reported_at_once(project, monkeypatch):
    for mistake in (unknown_field, missing_photo, duplicate_stop, vi_only_in_english):
        mistake(project)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check"], env=LANGS["vi"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "4 " in result.output.splitlines()[-1], result.output
    assert len([x for x in result.output.splitlines() if re.match(r"^\S+:\d+: ", x)]) == 4


def _catalog(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def test_every_message_has_a_vietnamese_translation_with_the_same_placeholders():
    names = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
    for message in _catalog("vi"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"no Vietnamese for: {message.id}"
        assert len(forms) == 1, "Vietnamese has one plural form: " + str(message.id)
        assert not message.fuzzy, f"fuzzy: {message.id}"
        for form in forms:
            assert sorted(set(names.findall(ids[-1]))) == sorted(set(names.findall(form))), ids


def _extract(source: Path, pot: Path) -> set[str]:
    """The msgids Babel extracts from `source` with the project's own keywords."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from update_catalogs import KEYWORDS
    finally:
        sys.path.pop(0)
    cmd = [sys.executable, "-m", "babel.messages.frontend", "extract", "--no-default-keywords"]
    for keyword in KEYWORDS:
        cmd += ["-k", keyword]
    subprocess.run([*cmd, "-o", str(pot), str(source)], check=True, capture_output=True)
    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def test_catalogs_are_in_step_with_the_code(tmp_path):
    """Extract the msgids from the code now and compare with the committed catalogs."""
    extracted = _extract(ROOT / "generator", tmp_path / "messages.pot")
    for lang in ("vi", "en"):
        committed = {m.id for m in _catalog(lang) if m.id}
        assert extracted - committed == set(), f"{lang}: run python scripts/update_catalogs.py"
        assert committed - extracted == set(), f"{lang}: stale entries, run update_catalogs.py"


def test_a_new_message_is_extracted_and_a_lookup_is_not(tmp_path):
    """The comparison above fails on a real message the catalogs lack, and only on one.

    Dictionary lookups and ordinary calls (`t["title"]`, `h.update(x)`, `seen.add(x)`)
    are not messages under any Babel release; a problem added with a new text is.
    """
    source = tmp_path / "generator"
    source.mkdir()
    (source / "sample.py").write_text(
        "def check(problems, path, t, h, seen):\n"
        '    problems.add(path, 3, "a message no catalog has yet: {field}", field="x")\n'
        '    problems.warn(path, 4, "a warning no catalog has yet")\n'
        '    seen.add("not a message")\n'
        '    h.update("not a message either")\n'
        '    return t["title"], t["summary"]\n',
        encoding="utf-8",
    )
    extracted = _extract(source, tmp_path / "messages.pot")
    assert extracted == {"a message no catalog has yet: {field}", "a warning no catalog has yet"}
    committed = {m.id for m in _catalog("vi") if m.id}
    assert extracted - committed == extracted


@pytest.mark.parametrize(
    "env, words",
    [
        ({"LANGUAGE": "vi", "LANG": "C", "LC_ALL": ""}, "Tìm thấy 1 lỗi."),
        ({"LANGUAGE": "vi:en", "LANG": "C.UTF-8", "LC_ALL": ""}, "Tìm thấy 1 lỗi."),
        ({"LANGUAGE": "", "LC_ALL": "vi_VN.UTF-8", "LANG": "C"}, "Tìm thấy 1 lỗi."),
        ({"LANGUAGE": "en", "LANG": "vi_VN.UTF-8", "LC_ALL": ""}, "1 problem found."),
        ({"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"}, "1 problem found."),
    ],
)
def test_the_language_comes_from_language_first_then_the_locale(project, monkeypatch, env, words):
    unknown_field(project)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check"], env=env, catch_exceptions=False)
    assert result.output.splitlines()[-1] == words


def test_counts_are_plural_only_where_the_language_has_plurals(project, monkeypatch):
    monkeypatch.chdir(project)
    unknown_field(project)
    one = CliRunner().invoke(main, ["check"], env=LANGS["en"], catch_exceptions=False)
    assert one.output.splitlines()[-1] == "1 problem found."
    missing_photo(project)
    two_en = CliRunner().invoke(main, ["check"], env=LANGS["en"], catch_exceptions=False)
    assert two_en.output.splitlines()[-1] == "2 problems found."
    two_vi = CliRunner().invoke(main, ["check"], env=LANGS["vi"], catch_exceptions=False)
    assert two_vi.output.splitlines()[-1] == "Tìm thấy 2 lỗi."


@pytest.mark.parametrize("field, line", [("title", 2), ("summary", 3), ("guide", 9)])
def test_a_missing_space_after_a_colon_is_named_on_its_own_line(project, monkeypatch, field, line):
    path = project / STREET / "index.vi.md"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[line - 1].lstrip(" -").startswith(f"{field}: ")
    path.write_text(text.replace(f"{field}: ", f"{field}:", 1), encoding="utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check"], env=LANGS["en"], catch_exceptions=False)
    expected = (
        f"{STREET}/index.vi.md:{line}: the YAML is not valid: there is no space after the "
        f"':' of '{field}': write '{field}: value'"
    )
    assert expected in result.output.splitlines(), result.output


def test_vietnamese_messages_name_kinds_of_sign_in_vietnamese(project, monkeypatch):
    """A code whose relic vanished is named with the sign's kind in the reader's language."""
    from generator import pipeline

    pipeline.build(project)
    import shutil

    shutil.rmtree(project / RELIC)
    monkeypatch.chdir(project)
    vi = CliRunner().invoke(main, ["check"], env=LANGS["vi"], catch_exceptions=False)
    [line] = [x for x in vi.output.splitlines() if x.startswith("sites/mau/codes.yml:")]
    assert "đã in trên biển di tích 'Văn miếu Mẫu'" in line
    assert not re.search(r"\b(relic|stop|counter_guide)\b", line.split(" cho ")[0]), line
    en = CliRunner().invoke(main, ["check"], env=LANGS["en"], catch_exceptions=False)
    assert "is printed on the relic sign 'Văn miếu Mẫu'" in en.output


def _check_lines(project, monkeypatch, lang="en") -> list[str]:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check"], env=LANGS[lang], catch_exceptions=False)
    return result.output.splitlines()


def test_a_missing_photo_in_the_text_is_called_a_photo(project, monkeypatch):
    edit(project, f"{RELIC}/index.vi.md", "Văn miếu được dựng từ lâu đời.", "![Cổng](cong.jpg)")
    lines = _check_lines(project, monkeypatch)
    assert any(
        x.startswith(f"{RELIC}/index.vi.md:")
        and "the photo 'cong.jpg' was not found: put it next to this file" in x
        for x in lines
    ), lines
    assert not any("points to nothing" in x for x in lines)


@pytest.mark.parametrize("written", ["guides: [kich-hoat-vneid, vneid-sai]", "list"])
def test_a_misspelt_guide_in_site_yml_is_named_on_its_line(project, monkeypatch, written):
    site_yml = project / "sites" / "mau" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    new = written if written != "list" else "guides:\n  - kich-hoat-vneid\n  - vneid-sai"
    site_yml.write_text(text.replace("guides: [kich-hoat-vneid]", new, 1), encoding="utf-8")
    line = next(
        n
        for n, x in enumerate(site_yml.read_text(encoding="utf-8").splitlines(), 1)
        if "vneid-sai" in x
    )
    lines = _check_lines(project, monkeypatch)
    assert any(x.startswith(f"sites/mau/site.yml:{line}: the guide 'vneid-sai'") for x in lines)


def test_a_misspelt_short_base_is_one_message(project, monkeypatch):
    edit(project, "sites/mau/site.yml", "short_base:", "shortbase:")
    lines = _check_lines(project, monkeypatch)
    assert lines[-1] == "1 problem found.", lines
    assert "unknown field 'shortbase': did you mean 'short_base'?" in lines[0]


def test_an_unknown_field_in_the_english_file_lists_only_the_fields_it_may_have(
    project, monkeypatch
):
    edit(project, f"{RELIC}/index.en.md", "title:", "titel: x\ntitle:")
    edit(project, f"{RELIC}/index.en.md", "titel: x", "colour: red")
    [line] = [x for x in _check_lines(project, monkeypatch) if "unknown field 'colour'" in x]
    listed = line.split("the fields are ", 1)[1].split(", ")
    assert "title" in listed and "summary" in listed
    assert not {"cover", "coordinates", "draft", "example", "paper"} & set(listed), listed


def test_a_link_from_the_host_root_is_a_warning_that_says_how_to_link(project, monkeypatch):
    edit(
        project,
        f"{RELIC}/index.vi.md",
        "Văn miếu được dựng từ lâu đời.",
        "[Phố](/streets/pho-mau/)",
    )
    lines = _check_lines(project, monkeypatch)
    [line] = [x for x in lines if "'/streets/pho-mau/'" in x]
    assert line.startswith(f"{RELIC}/index.vi.md:") and ": warning: " in line
    assert "link to the folder as it lies on disk instead (../other-folder/" in line
