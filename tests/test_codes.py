"""Short codes: alphabet, registry, short links in QR alphanumeric mode, vanished targets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import qrcode
import zxingcpp
from PIL import Image
from qrcode.constants import ERROR_CORRECT_Q

from generator import links, pipeline
from generator.codes import (
    ALPHABET,
    is_alphanumeric,
    landing_path,
    qr_short_base,
    read_registry,
    short_folder,
    short_url,
    targets,
)
from generator.i18n import gettext_for
from generator.model import Bilingual, Site
from generator.problems import ContentError


def issue_codes(root: Path) -> dict[str, str]:
    """Check the project and save its registry as a build would; returns target -> code."""
    checked = pipeline.check(root)
    registry, codes = checked.codes["mau"]
    registry.save()
    return {key: code.code for key, code in codes.items()}


def site(short_base: str, base_url: str = "https://mau.example.org/") -> Site:
    return Site("mau", Path("."), Bilingual("x"), Bilingual("x"), base_url, short_base,
                Bilingual("x"))  # fmt: skip


def qr_version(data: str) -> int:
    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_Q, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code.version


def decode(data: str) -> str:
    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_Q, border=4, box_size=6)
    code.add_data(data)
    image = code.make_image().get_image().convert("L")
    assert isinstance(image, Image.Image)
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    return results[0].text


def test_codes_use_the_alphabet_without_look_alikes(project: Path):
    codes = issue_codes(project)
    assert len(codes) == 6  # 2 relics, 1 street, 2 stops, 1 counter guide
    assert len(set(codes.values())) == 6
    for code in codes.values():
        assert len(code) == 5
        assert set(code) <= set(ALPHABET)
        assert not set(code) & set("O0I1")


def test_codes_are_kept_and_recorded_with_kind_and_title(project: Path):
    first = issue_codes(project)
    second = issue_codes(project)
    assert first == second
    registry = read_registry(project / "sites" / "mau" / "codes.yml")
    relic = registry.codes[first["relics/mau/van-mieu-mau"]]
    assert (relic.kind, relic.title) == ("relic", "Văn miếu Mẫu")
    assert registry.codes[first["streets/mau/pho-mau#kich-hoat-vneid.2"]].kind == "stop"
    assert registry.codes[first["counters/mau/mot-cua/kich-hoat-vneid"]].kind == "counter_guide"
    text = registry.path.read_text(encoding="utf-8")
    assert relic.line == text.split("\n").index(f"  {relic.code}:") + 1


def test_the_registry_is_written_only_when_a_code_is_issued(project: Path):
    issue_codes(project)
    path = project / "sites" / "mau" / "codes.yml"
    path.write_text(path.read_text(encoding="utf-8") + "# a note kept by hand\n", "utf-8")
    before = path.stat().st_mtime_ns
    assert issue_codes(project)  # nothing new: the file is left as it is
    assert path.stat().st_mtime_ns == before and "# a note kept by hand" in path.read_text("utf-8")
    relic = next((project / "relics" / "mau").iterdir())
    shutil.copytree(relic, relic.with_name("mot-di-tich-moi"))
    codes = issue_codes(project)
    assert codes["relics/mau/mot-di-tich-moi"] in path.read_text(encoding="utf-8")


def test_short_link_is_upper_case_and_smaller_than_the_long_url(project: Path):
    checked = pipeline.check(project)
    mau = checked.project.sites["mau"]
    _registry, codes = checked.codes["mau"]
    for target in targets(checked.project, mau):
        url = short_url(mau, codes[target.key].code)
        assert url == url.upper() and is_alphanumeric(url)
        assert decode(url) == url
        long_url = links.absolute(mau.base_url, "vi", target.page)
        assert qr_version(url) < qr_version(long_url), (url, long_url)
    relic = codes["relics/mau/van-mieu-mau"].code
    assert short_url(mau, relic) == f"HTTPS://MAU.EXAMPLE.ORG/Q/{relic}/"
    assert qr_version(short_url(mau, relic)) <= 3


def test_scheme_and_host_are_upper_cased_but_not_the_path():
    assert qr_short_base("https://hd.example.org/Q/") == "HTTPS://HD.EXAMPLE.ORG/Q/"
    assert qr_short_base("https://hd.example.org/q/") == "HTTPS://HD.EXAMPLE.ORG/q/"
    assert short_url(site("https://mau.example.org/Q/"), "ABCDE") == (
        "HTTPS://MAU.EXAMPLE.ORG/Q/ABCDE/"
    )


def test_landing_folder_keeps_case_and_drops_the_base_path():
    assert landing_path(site("HTTPS://MAU.EXAMPLE.ORG/Q/"), "ABCDE") == "Q/ABCDE/"
    assert short_folder(site("HTTPS://QR.EXAMPLE.ORG/")) == ""
    assert short_folder(site("HTTPS://EXAMPLE.ORG/HD/Q/", "https://example.org/hd/")) == "Q/"


@pytest.mark.parametrize("short_base, warned", [
    ("https://mau.example.org/q/", True),
    ("https://mau.example.org/s_q/", True),
    ("https://mau.example.org/Q/", False),
    ("HTTPS://MAU.EXAMPLE.ORG/Q/", False),
])  # fmt: skip
def test_check_warns_when_the_short_base_needs_byte_mode(project: Path, short_base, warned):
    path = project / "sites" / "mau" / "site.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("short_base: HTTPS://MAU.EXAMPLE.ORG/Q/", f"short_base: {short_base}"),
        encoding="utf-8",
    )
    warnings = [w for w in pipeline.check(project).warnings if "byte mode" in w.message]
    assert bool(warnings) == warned
    if warned:
        assert warnings[0].path == "sites/mau/site.yml"
        assert warnings[0].line == 4


def test_renamed_folder_fails_naming_code_sign_and_both_commands(project: Path):
    codes = issue_codes(project)
    old = project / "relics" / "mau" / "van-mieu-mau"
    old.rename(old.with_name("van-mieu"))
    vi = old.with_name("van-mieu") / "index.vi.md"  # changed too: nothing tells it is the same
    vi.write_text(vi.read_text("utf-8").replace("title: Văn miếu Mẫu", "title: Văn miếu"), "utf-8")
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    registry = read_registry(project / "sites" / "mau" / "codes.yml")
    code = codes["relics/mau/van-mieu-mau"]
    problems = [p for p in caught.value.problems if dict(p.params).get("code") == code]
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.line) == ("sites/mau/codes.yml", registry.codes[code].line)
    text = problem.render(gettext_for("en"))
    assert "the relic sign 'Văn miếu Mẫu'" in text
    assert "qrsite move relics/mau/van-mieu-mau NEW-FOLDER" in text
    assert "qrsite retire relics/mau/van-mieu-mau" in text
    assert "qrsite move" in problem.render(gettext_for("vi"))


def test_a_stop_taken_out_of_a_street_fails_naming_the_stop(project: Path):
    from test_stop_codes import add_guide, set_stops

    add_guide(project, "nop-ho-so", "Nộp hồ sơ trực tuyến")
    set_stops(project, [("Cổng UBND", "kich-hoat-vneid"), ("Nhà văn hoá", "nop-ho-so")])
    codes = issue_codes(project)
    set_stops(project, [("Cổng UBND", "kich-hoat-vneid")])
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    messages = [p.render(gettext_for("en")) for p in caught.value.problems]
    [message] = [m for m in messages if codes["streets/mau/pho-mau#nop-ho-so"] in m]
    assert "the stop 'nop-ho-so' of streets/mau/pho-mau" in message
    assert "qrsite retire 'streets/mau/pho-mau#nop-ho-so'" in message


def test_a_damaged_registry_stops_the_check_and_is_left_alone(project: Path):
    issue_codes(project)
    path = project / "sites" / "mau" / "codes.yml"
    path.write_text("codes: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    assert any(p.path == "sites/mau/codes.yml" for p in caught.value.problems)
    assert path.read_text(encoding="utf-8") == "codes: [unclosed\n"


def test_the_registry_as_read_is_kept_for_the_same_file(project: Path, monkeypatch):
    """A build keeps the registry it read (by a hash of codes.yml): the next check reads
    the same codes, lines and moves without parsing the YAML; a changed file is read."""
    from generator import codes as codes_module

    issue_codes(project)
    path = project / "sites" / "mau" / "codes.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("codes:", "moved:\n  relics/mau/a: relics/mau/b\ncodes:"))
    kept = project / "build" / ".cache" / "registry" / "mau.json"
    parsed = read_registry(path, kept)
    parsings = []
    real = codes_module.load_yaml
    monkeypatch.setattr(codes_module, "load_yaml", lambda t: parsings.append(t) or real(t))
    again = read_registry(path, kept)
    assert parsings == [] and again == parsed and again.as_read == parsed.as_read
    assert again.moved == {"relics/mau/a": "relics/mau/b"}
    lines = [c.line for c in parsed.codes.values()]  # not compared by ==
    assert [c.line for c in again.codes.values()] == lines and min(lines) > 4
    first = next(iter(parsed.codes))
    path.write_text(text.replace(f"  {first}:\n", f"  {first}:\n    retired: true\n", 1))
    changed = read_registry(path, kept)
    assert len(parsings) == 1 and changed.codes[first].retired


def test_landing_pages_are_tiny_and_self_contained(built_project):
    folder = built_project / "build" / "mau" / "site" / "Q"
    pages = sorted(folder.glob("*/index.html"))
    issued = read_registry(built_project / "sites" / "mau" / "codes.yml").codes
    assert [p.parent.name for p in pages] == sorted(issued) and len(pages) >= 6
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert len(html.encode()) < 2048
        assert "<link" not in html and "src=" not in html
        assert "http://" not in html and "https://" not in html  # relative: any host works
        assert 'http-equiv="refresh"' in html and "location.replace" in html


def vanished(problems) -> list[str]:
    return [p.render(gettext_for("en")) for p in problems if p.path == "sites/mau/codes.yml"]


def test_an_entry_that_fails_to_load_is_not_called_vanished(project: Path):
    issue_codes(project)
    relic = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
    relic.write_text(relic.read_text(encoding="utf-8").replace("title:", "title: [", 1), "utf-8")
    street = project / "streets" / "mau" / "pho-mau" / "index.vi.md"
    street.write_text(street.read_text(encoding="utf-8").replace("kind:", "kind: {", 1), "utf-8")
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    paths = {p.path for p in caught.value.problems}
    assert "relics/mau/van-mieu-mau/index.vi.md" in paths
    assert "streets/mau/pho-mau/index.vi.md" in paths
    assert vanished(caught.value.problems) == []  # no advice to retire a sign still up


def test_a_folder_that_is_gone_is_still_called_vanished_next_to_a_broken_one(project: Path):
    codes = issue_codes(project)
    relic = project / "relics" / "mau" / "van-mieu-mau"
    (relic / "index.vi.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    street = project / "streets" / "mau" / "pho-mau"
    for path in street.iterdir():
        path.unlink()
    street.rmdir()
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    messages = vanished(caught.value.problems)
    assert any(codes["streets/mau/pho-mau"] in m for m in messages), messages
    assert any(codes["streets/mau/pho-mau#kich-hoat-vneid"] in m for m in messages), messages
    assert not any(codes["relics/mau/van-mieu-mau"] in m for m in messages), messages
