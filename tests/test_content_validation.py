"""Content validation: what an author may plausibly write gives a clear problem at its
line, never a traceback, a page that was never built, or advice that would do harm."""

from __future__ import annotations

from pathlib import Path

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
    assert any(e.startswith(f"{GUIDE}:") and "https://" in e for e in found), found


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
