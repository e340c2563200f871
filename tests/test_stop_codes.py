"""A board's code follows its stop, not its number: a printed code never opens another guide.

Boards are numbered on the street in the order the stops are written. Inserting a stop
at the start renumbers every board after it; the codes already on the wall must still
open the guide each board shows (the new numbers are a reprint, never a re-pointing).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import pipeline

STREET = Path("streets/mau/pho-mau/index.vi.md")


def add_guide(root: Path, slug: str, title: str) -> None:
    source = root / "content" / "guides" / "kich-hoat-vneid"
    shutil.copytree(source, root / "content" / "guides" / slug)
    for name in ("index.vi.md", "index.en.md"):
        path = root / "content" / "guides" / slug / name
        text = re.sub(r"(?m)^title: .*$", f"title: {title}", path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    site_yml = root / "sites" / "mau" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^guides: \[(.*)\]$", rf"guides: [\1, {slug}]", text, count=1)
    site_yml.write_text(text, encoding="utf-8")


def set_stops(root: Path, stops: list[tuple[str, str]]) -> None:
    path = root / STREET
    text = path.read_text(encoding="utf-8")
    lines = "".join(
        f"  - number: {n}\n    place: {place}\n    guide: {guide}\n"
        for n, (place, guide) in enumerate(stops, 1)
    )
    text = re.sub(r"(?ms)^stops:\n(  .*?\n)+(?=\S)", "stops:\n" + lines, text, count=1)
    path.write_text(text, encoding="utf-8")


def landing_guide(root: Path, code: str) -> str:
    """The guide a code's landing page (in the built site) opens."""
    html = (root / "build" / "mau" / "site" / "Q" / code / "index.html").read_text(encoding="utf-8")
    return re.search(r"guides/([a-z0-9-]+)/", html).group(1)


def registry_targets(root: Path) -> dict[str, str]:
    data = yaml.safe_load((root / "sites" / "mau" / "codes.yml").read_text(encoding="utf-8"))
    return {code: item["target"] for code, item in data["codes"].items()}


def test_a_stop_inserted_at_the_start_keeps_every_printed_code_on_its_guide(project: Path):
    add_guide(project, "nop-ho-so", "Nộp hồ sơ trực tuyến")
    set_stops(project, [("Cổng UBND", "kich-hoat-vneid"), ("Nhà văn hoá", "nop-ho-so")])
    pipeline.build(project)
    printed = registry_targets(project)
    stops = {c: t for c, t in printed.items() if "#" in t}
    assert len(stops) == 2
    shown = {code: landing_guide(project, code) for code in stops}
    assert sorted(shown.values()) == ["kich-hoat-vneid", "nop-ho-so"]

    add_guide(project, "vssid", "Cài đặt VssID")
    set_stops(
        project,
        [("Chợ", "vssid"), ("Cổng UBND", "kich-hoat-vneid"), ("Nhà văn hoá", "nop-ho-so")],
    )
    pipeline.build(project)
    after = registry_targets(project)
    for code, target in printed.items():
        assert after[code] == target  # no code re-pointed, none retired
    for code, guide in shown.items():
        assert landing_guide(project, code) == guide  # the board on the wall still works
    new = [c for c, t in after.items() if t.endswith("#vssid")]
    assert len(new) == 1 and landing_guide(project, new[0]) == "vssid"


def test_reordered_stops_keep_their_codes(project: Path):
    add_guide(project, "nop-ho-so", "Nộp hồ sơ trực tuyến")
    set_stops(project, [("Cổng UBND", "kich-hoat-vneid"), ("Nhà văn hoá", "nop-ho-so")])
    pipeline.build(project)
    shown = {c: landing_guide(project, c) for c, t in registry_targets(project).items() if "#" in t}
    set_stops(project, [("Nhà văn hoá", "nop-ho-so"), ("Cổng UBND", "kich-hoat-vneid")])
    pipeline.build(project)
    assert {c: landing_guide(project, c) for c in shown} == shown


def test_codes_issued_by_stop_number_follow_the_stop_that_has_that_number(project: Path):
    """Registries written before stops had an identity keyed them `street#N`."""
    add_guide(project, "nop-ho-so", "Nộp hồ sơ trực tuyến")
    set_stops(project, [("Cổng UBND", "kich-hoat-vneid"), ("Nhà văn hoá", "nop-ho-so")])
    registry = project / "sites" / "mau" / "codes.yml"
    registry.write_text(
        "codes:\n"
        "  AAAAA: {target: streets/mau/pho-mau#1, kind: stop}\n"
        "  BBBBB: {target: streets/mau/pho-mau#2, kind: stop}\n",
        encoding="utf-8",
    )
    pipeline.build(project)
    targets = registry_targets(project)
    assert targets["AAAAA"] == "streets/mau/pho-mau#kich-hoat-vneid"
    assert targets["BBBBB"] == "streets/mau/pho-mau#nop-ho-so"
    assert landing_guide(project, "AAAAA") == "kich-hoat-vneid"
    assert landing_guide(project, "BBBBB") == "nop-ho-so"


def test_a_second_board_of_one_guide_taken_away_does_not_advise_retiring_a_standing_one(
    project: Path,
):
    """Two boards of one guide are told apart by their order only: when one goes, the
    message must not tell the author to retire a code that may hang on the other."""
    from generator.i18n import gettext_for
    from generator.problems import ContentError

    pipeline.build(project)  # the fixture street: two stops, both kich-hoat-vneid
    set_stops(project, [("Nhà văn hoá khu phố", "kich-hoat-vneid")])
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    [problem] = [p for p in caught.value.problems if p.path == "sites/mau/codes.yml"]
    text = problem.render(gettext_for("en"))
    assert "told apart only by their order" in text and "manifest.csv" in text
    assert "qrsite retire 'streets/mau/pho-mau#kich-hoat-vneid.2'" not in text
