"""`qrsite new`: bilingual templates made from the schema; a new bundle passes `check`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import schema, templates
from generator.cli import main
from generator.slugs import slugify

EN = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def run(root: Path, monkeypatch, *args, env=EN):
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Đền Kiếp Bạc", "den-kiep-bac"),
        ("Đà Nẵng", "da-nang"),
        ("Chùa Côn Sơn – Kiếp Bạc", "chua-con-son-kiep-bac"),
        ("Tuyến phố không dùng tiền mặt", "tuyen-pho-khong-dung-tien-mat"),
    ],
)
def test_slug_from_vietnamese_title(title, slug):
    assert slugify(title) == slug


def test_new_then_check_is_clean(project, monkeypatch):
    for args in (
        ["new", "relic", "mau", "--title", "Đền Kiếp Bạc"],
        ["new", "street", "mau", "pho-moi"],
        ["new", "guide", "--title", "Cài đặt VssID"],
    ):
        result = run(project, monkeypatch, *args)
        assert result.exit_code == 0, result.output
    folder = project / "relics" / "mau" / "den-kiep-bac"
    assert sorted(p.name for p in folder.iterdir()) == ["anh-bia.jpg", "index.en.md", "index.vi.md"]
    assert "title: Đền Kiếp Bạc" in (folder / "index.vi.md").read_text(encoding="utf-8")
    assert (project / "streets/mau/pho-moi/index.en.md").is_file()
    assert (project / "content/guides/cai-dat-vssid/index.vi.md").is_file()
    result = run(project, monkeypatch, "check")
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.output


def _uncomment(text: str, names) -> str:
    """Turn every commented sample line of the template into a real field line."""
    out = []
    sample = re.compile(r"^# (?:(?:" + "|".join(names) + r"):|- |  )")
    for line in text.split("\n"):
        out.append(line[2:] if sample.match(line) else line)
    return "\n".join(out)


@pytest.mark.parametrize("kind", ["relic", "street", "guide"])
def test_every_optional_sample_in_the_templates_is_valid(project, monkeypatch, kind):
    args = ["new", kind] + ([] if kind == "guide" else ["mau"]) + ["thu-nghiem"]
    assert run(project, monkeypatch, *args).exit_code == 0
    top = {"relic": "relics/mau", "street": "streets/mau", "guide": "content/guides"}[kind]
    folder = project / top / "thu-nghiem"
    names = [f.name for f in schema.FIELDS[kind]]
    for lang in ("vi", "en"):
        path = folder / f"index.{lang}.md"
        path.write_text(_uncomment(path.read_text(encoding="utf-8"), names), encoding="utf-8")
    for audio in ("thuyet-minh.mp3", "narration-en.mp3"):
        (folder / audio).write_bytes(b"\xff\xfb\x90\x00" + bytes(400))
    result = run(project, monkeypatch, "check")
    assert result.exit_code == 0, result.output
    en = (folder / "index.en.md").read_text(encoding="utf-8")
    assert "title:" in en and "\n# title:" not in en


@pytest.mark.parametrize("kind", ["relic", "street", "guide"])
def test_templates_follow_the_schema(kind):
    vi = templates.render(kind, "vi")
    en = templates.render(kind, "en")
    for field in schema.FIELDS[kind]:
        assert re.search(rf"^(# )?{field.name}:", vi, re.M), field.name
        assert field.help_vi.split()[0] in vi and field.help_en.split()[0] in vi
        in_en = re.search(rf"^# {field.name}:", en, re.M) is not None
        assert in_en == (field.where == schema.BOTH), field.name


def test_new_refuses_an_existing_folder_and_an_unknown_site(project, monkeypatch):
    result = run(project, monkeypatch, "new", "relic", "mau", "van-mieu-mau")
    assert result.exit_code == 1
    assert "relics/mau/van-mieu-mau already exists" in result.output
    vi = {"LANG": "vi_VN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    result = run(project, monkeypatch, "new", "relic", "khong-co", "abc", env=vi)
    assert result.exit_code == 1
    assert "khong-co" in result.output and "mau" in result.output
    assert "không có" in result.output.lower()
    result = run(project, monkeypatch, "new", "guide", "Sai Tên")
    assert result.exit_code == 1 and "sai-ten" in result.output


def test_new_bundles_are_the_same_bytes_every_time(tmp_path, monkeypatch):
    from fixture_project import make_project

    outputs = []
    for name in ("a", "b"):
        root = make_project(tmp_path / name)
        assert run(root, monkeypatch, "new", "relic", "mau", "--title", "Đình Mới").exit_code == 0
        folder = root / "relics" / "mau" / "dinh-moi"
        outputs.append({p.name: p.read_bytes() for p in folder.iterdir()})
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("site", ["../sites/mau", "mau/../mau", "./mau", "/tmp", "Mau"])
def test_new_refuses_a_site_that_is_not_a_plain_name(project, monkeypatch, site):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run(project, monkeypatch, "new", "relic", site, "--title", "X")
    assert result.exit_code == 1
    assert f"there is no site '{site}'" in result.output and "mau" in result.output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_scaffold_error_is_a_user_error():
    from generator.i18n import UserError
    from generator.scaffold import ScaffoldError, resolve_slug

    with pytest.raises(UserError) as caught:
        resolve_slug("Sai Tên", None)
    assert isinstance(caught.value, ScaffoldError)
    assert "sai-ten" in caught.value.render(str)


def test_new_site_writes_every_field_explained_and_passes_check(project, monkeypatch):
    result = run(project, monkeypatch, "new", "site", "xa-thu-nghiem", "--name", "Xã Thử Nghiệm")
    assert result.exit_code == 0, result.output
    text = (project / "sites" / "xa-thu-nghiem" / "site.yml").read_text(encoding="utf-8")
    for field in schema.SITE:
        assert re.search(rf"(?m)^(# )?{field.name}:", text), field.name
        for help_text in (field.help_vi, field.help_en):
            assert " ".join(help_text.split()[:4]) in " ".join(text.replace("# ", "").split())
    check = run(project, monkeypatch, "check", "xa-thu-nghiem")
    assert check.exit_code == 0, check.output
    assert "sites/xa-thu-nghiem/site.yml:" in check.output and "example address" in check.output
    made = run(project, monkeypatch, "new", "relic", "xa-thu-nghiem", "--title", "Đình làng")
    assert made.exit_code == 0, made.output
    assert run(project, monkeypatch, "check", "xa-thu-nghiem").exit_code == 0


def test_a_missing_site_says_how_to_start_one(project, monkeypatch):
    result = run(project, monkeypatch, "new", "relic", "xa-moi", "--title", "Đình làng")
    assert result.exit_code == 1
    assert "there is no site 'xa-moi'" in result.output
    assert 'qrsite new site xa-moi --name "…"' in result.output
    again = run(project, monkeypatch, "new", "site", "mau", "--name", "Phường Mẫu")
    assert again.exit_code == 1 and "already exists" in again.output
