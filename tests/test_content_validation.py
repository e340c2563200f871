"""Content validation: what an author may plausibly write gives a clear problem at its
line, never a traceback, a page that was never built, or advice that would do harm."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content import load_project
from generator.i18n import gettext_for
from generator.problems import Problems

VI = gettext_for("vi")


def errors(root: Path) -> list[str]:
    """Every problem of a check, rendered in English and (to prove it renders) Vietnamese."""
    _, problems = load_project(root)
    for problem in problems.sorted():
        problem.render(VI)
    return [p.render(str) for p in problems.sorted() if p.level == "error"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if text in line:
            return number
    raise AssertionError(text)


SITE = "sites/mau/site.yml"
STREET = "streets/mau/pho-mau/index.vi.md"
GUIDE = "content/guides/kich-hoat-vneid/index.vi.md"


# --- problems can always be sorted and rendered ----------------------------------------


def test_problems_with_a_list_or_mapping_among_the_values_sort_and_render(tmp_path):
    problems = Problems(tmp_path)
    problems.add("a.md", 1, "the link '{url}' must start with https://", url=["https://x"])
    problems.add("a.md", 1, "the link '{url}' must start with https://", url={"a": [1]})
    problems.add("a.md", 1, "the link '{url}' must start with https://", url=["https://x"])
    problems.add("a.md", 1, "the link '{url}' must start with https://", url=3)
    problems.add("a.md", 1, "the link '{url}' must start with https://", url=None)
    problems.add("a.md", 1, "the link '{url}' must start with https://", url=["x" * 500])
    texts = [p.render(VI) for p in problems.sorted()]
    assert len(texts) == 5
    assert all(len(t) < 300 for t in texts)
    assert any("https://x" in t for t in texts)


def test_a_list_as_the_logo_is_a_problem_not_a_crash(project):
    edit(project / SITE, "logo: logo.png}", "logo: [logo.png]}")
    found = errors(project)
    assert any(e.startswith(f"{SITE}:") and "logo" in e for e in found), found


def test_a_list_as_a_link_url_is_a_problem_not_a_crash(project):
    edit(project / GUIDE, "url: https://dichvucong.gov.vn", "url: [https://dichvucong.gov.vn]")
    found = errors(project)
    assert any(e.startswith(f"{GUIDE}:") and "'links.url'" in e for e in found), found


# --- counters: only guides the site builds, each once ------------------------------------


def add_guide(root: Path, slug: str) -> None:
    source = root / "content" / "guides" / "kich-hoat-vneid"
    target = root / "content" / "guides" / slug
    target.mkdir()
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())


def test_a_counter_guide_the_site_does_not_carry_is_an_error_at_the_counter(project):
    add_guide(project, "cai-dat-vssid")
    edit(
        project / SITE,
        "    guides: [kich-hoat-vneid]",
        "    guides: [kich-hoat-vneid, cai-dat-vssid]",
    )
    line = line_of(project / SITE, "- slug: mot-cua")
    found = errors(project)
    assert any(
        e.startswith(f"{SITE}:{line}:") and "cai-dat-vssid" in e and "'guides' in site.yml" in e
        for e in found
    ), found
    edit(
        project / SITE, "guides: [kich-hoat-vneid]\n", "guides: [kich-hoat-vneid, cai-dat-vssid]\n"
    )
    assert errors(project) == []


def test_a_guide_listed_twice_under_a_counter_is_an_error_at_that_line(project):
    edit(
        project / SITE,
        "    guides: [kich-hoat-vneid]",
        "    guides: [kich-hoat-vneid, kich-hoat-vneid]",
    )
    line = line_of(project / SITE, "    guides: [kich-hoat-vneid, kich-hoat-vneid]")
    found = errors(project)
    assert any(
        e.startswith(f"{SITE}:{line}:") and "kich-hoat-vneid" in e and "twice" in e for e in found
    ), found


# --- list fields: each sub-field in its schema type --------------------------------------


@pytest.mark.parametrize(
    "old, new, field",
    [
        (
            "guide: kich-hoat-vneid\n  - number: 2",
            "guide: [kich-hoat-vneid]\n  - number: 2",
            "stops.guide",
        ),
        ("guide: kich-hoat-vneid\n  - number: 2", "guide: {a: b}\n  - number: 2", "stops.guide"),
        ("place: Trước cổng UBND phường", "place: [a, b]", "stops.place"),
    ],
)
def test_a_stop_field_of_the_wrong_type_is_a_problem_at_its_line(project, old, new, field):
    edit(project / STREET, old, new)
    line = line_of(project / STREET, new.split("\n")[0])
    found = errors(project)
    assert any(e.startswith(f"{STREET}:{line}:") and f"'{field}'" in e for e in found), found
    assert not any("does not exist" in e for e in found), found


def test_a_stop_without_a_guide_gets_one_clear_message(project):
    edit(project / STREET, "    guide: kich-hoat-vneid\n  - number: 2", "  - number: 2")
    found = errors(project)
    assert len(found) == 1, found
    assert "needs 'guide'" in found[0]


def test_pays_may_be_one_text_and_must_not_be_a_mapping(project):
    edit(
        project / STREET,
        "---\nTuyến",
        "shops:\n  - name: Quán A\n    pays: VietQR\n"
        "  - name: Quán B\n    pays: {a: b}\n---\nTuyến",
    )
    project_, problems = load_project(project)
    found = [p.render(str) for p in problems.errors]
    line = line_of(project / STREET, "pays: {a: b}")
    assert found == [
        f"{STREET}:{line}: 'shops.pays' must be a list of texts (lines starting with '- ')"
    ]
    [street] = [e for e in project_.entries["mau"] if e.slug == "pho-mau"]
    assert street.vi.fields["shops"][0]["pays"] == ["VietQR"]  # not "V, i, e, t, Q, R"


@pytest.mark.parametrize("value", ["[Cổng]", "{a: b}", "''"])
def test_a_link_title_must_be_text(project, value):
    edit(project / GUIDE, "  - title: Cổng dịch vụ công quốc gia", f"  - title: {value}")
    line = line_of(project / GUIDE, f"  - title: {value}")
    found = errors(project)
    assert any(e.startswith(f"{GUIDE}:{line}:") and "'links.title'" in e for e in found), found


# --- site.yml: languages and contact ------------------------------------------------------


@pytest.mark.parametrize("value", ["vi", "[vi, fr]", "[en]", "[vi, vi]", "[vi, [en]]", "{vi: 1}"])
def test_languages_must_be_vi_and_maybe_en(project, value):
    edit(project / SITE, "languages: [vi, en]", f"languages: {value}")
    line = line_of(project / SITE, "languages:")
    found = errors(project)
    assert any(e.startswith(f"{SITE}:{line}:") and "'languages'" in e for e in found), found


@pytest.mark.parametrize("value", ["[vi]", "[vi, en]", "[en, vi]"])
def test_languages_that_are_fine(project, value):
    edit(project / SITE, "languages: [vi, en]", f"languages: {value}")
    assert errors(project) == []


@pytest.mark.parametrize(
    "value",
    ['"javascript:alert(1)"', "http://zalo.me/1", "zalo.me/0912345678", "[https://zalo.me/1]"],
)
def test_zalo_must_be_an_https_address(project, value):
    edit(project / SITE, 'zalo: "https://zalo.me/0000000000"', f"zalo: {value}")
    line = line_of(project / SITE, "zalo:")
    found = errors(project)
    assert any(e.startswith(f"{SITE}:{line}:") and "'zalo'" in e for e in found), found


@pytest.mark.parametrize("value", ['"<b>0912</b>"', '"call me"', "[1, 2]", "true", '"---"'])
def test_phone_must_be_a_phone_number(project, value):
    edit(project / SITE, 'phone: "0000 000 000"', f"phone: {value}")
    line = line_of(project / SITE, "phone:")
    found = errors(project)
    assert any(e.startswith(f"{SITE}:{line}:") and "'phone'" in e for e in found), found


@pytest.mark.parametrize("value", ['"+84 (220) 385-5555"', "84912345678", '"0220.385.555"'])
def test_phones_that_are_fine(project, value):
    edit(project / SITE, 'phone: "0000 000 000"', f"phone: {value}")
    assert errors(project) == []


# --- body links: only where the built page can follow them -------------------------------

RELIC = "relics/mau/van-mieu-mau/index.vi.md"
RELIC_EN = "relics/mau/van-mieu-mau/index.en.md"


def add_link(path: Path, target: str) -> int:
    """Append a paragraph with a link to `target`; returns its line."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nXem [đây]({target}).\n", encoding="utf-8")
    return len(text.split("\n")) + 1


def add_site(root: Path, slug: str) -> None:
    """A second site with one street, made by copying the first."""
    (root / "sites" / slug).mkdir()
    for name in ("site.yml", "logo.png"):
        (root / "sites" / slug / name).write_bytes((root / "sites" / "mau" / name).read_bytes())
    street = root / "streets" / slug / "pho-khac"
    street.mkdir(parents=True)
    for path in (root / "streets" / "mau" / "pho-mau").iterdir():
        (street / path.name).write_bytes(path.read_bytes())


@pytest.mark.parametrize(
    "page, target",
    [
        (RELIC, "anh-bia.jpg"),
        (RELIC, "./"),
        (RELIC, "../dinh-lang-dong/"),
        (RELIC, "../dinh-lang-dong"),
        (RELIC, "../../../streets/mau/pho-mau/"),
        (RELIC, "../../../content/guides/kich-hoat-vneid/#buoc-2"),
        (RELIC_EN, "../dinh-lang-dong/"),
        (GUIDE, "../cai-dat-vssid/"),
        (STREET, "../../../content/guides/kich-hoat-vneid/"),
    ],
)
def test_links_the_built_page_can_follow_are_accepted(project, page, target):
    add_guide(project, "cai-dat-vssid")
    add_link(project / page, target)
    assert errors(project) == []


@pytest.mark.parametrize(
    "page, target, says",
    [
        (RELIC, "../dinh-lang-dong/anh-bia.jpg", "this site"),
        (RELIC, "../../../sites/mau/site.yml", "this site"),
        (RELIC, "../../../streets/khac/pho-khac/", "this site"),
        (RELIC, "../../../content/guides/cai-dat-vssid/", "'guides' in site.yml"),
        (RELIC, "../../../content/guides/kich-hoat-vneid/index.vi.md", "this site"),
        (RELIC_EN, "../../../sites/mau/", "this site"),
        (GUIDE, "../../../relics/mau/van-mieu-mau/", "another guide"),
        (GUIDE, "../cai-dat-vssid/index.vi.md", "another guide"),
    ],
)
def test_links_the_built_page_cannot_follow_are_refused(project, page, target, says):
    add_guide(project, "cai-dat-vssid")
    add_site(project, "khac")
    line = add_link(project / page, target)
    found = errors(project)
    assert any(
        e.startswith(f"{page}:{line}:") and f"'{target}' cannot work" in e and says in e
        for e in found
    ), found


def test_links_in_code_are_examples_and_not_checked(project):
    page = project / RELIC
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n`[a](../../../sites/mau/site.yml)`\n\n```\n[b](../dinh-lang-dong/anh-bia.jpg)\n```\n",
        encoding="utf-8",
    )
    assert errors(project) == []
