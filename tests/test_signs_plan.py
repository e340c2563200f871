"""Which text a site's signs carry: English lines only where there is English."""

from __future__ import annotations

from pathlib import Path

from generator import pipeline
from generator.signplan import sign_specs
from generator.signs.compose import compose
from generator.signs.layout import load_layout


def specs_of(project: Path):
    checked = pipeline.check(project)
    site = checked.project.sites["mau"]
    return sign_specs(checked.project, site, checked.codes["mau"][1])


def placements(spec):
    return compose(spec.normalized(), load_layout(spec.kind)).placements


def printed(spec) -> list[str]:
    return [line for p in placements(spec) for line in p.lines]


def test_a_relic_without_english_prints_its_vietnamese_once(project: Path):
    specs = {s.entry: s for s in specs_of(project) if s.kind == "relic_plaque"}
    lone = specs["relics/mau/dinh-lang-dong"]
    assert (lone.title_en, lone.subtitle_en) == ("", "")
    lines = printed(lone)
    assert lines.count("Đình Làng Đông") == 1
    assert not any("English" in line for line in lines)
    assert "Quét mã để xem giới thiệu" in lines
    # a bilingual relic keeps both titles, its English ranking and the English promise
    both = specs["relics/mau/van-mieu-mau"]
    assert (both.title_en, both.subtitle_en) == ("Sample Temple of Literature", "National relic")
    assert any("Scan to read in English" in line for line in printed(both))


def test_an_english_file_without_a_field_adds_no_vietnamese_as_english(project: Path):
    relic = project / "relics" / "mau" / "van-mieu-mau" / "index.en.md"
    relic.write_text(relic.read_text("utf-8").replace("ranking: National relic\n", ""), "utf-8")
    (plaque,) = [s for s in specs_of(project) if s.entry == "relics/mau/van-mieu-mau"]
    assert plaque.subtitle_en == ""
    assert printed(plaque).count("Di tích quốc gia") == 1


def test_a_guide_without_english_leaves_boards_and_tents_vietnamese_only(project: Path):
    (project / "content" / "guides" / "kich-hoat-vneid" / "index.en.md").unlink()
    specs = specs_of(project)
    guided = [s for s in specs if s.kind in ("street_board", "counter_tent")]
    assert {s.kind for s in guided} == {"street_board", "counter_tent"}
    for spec in guided:
        assert spec.title_en == ""
        ids = [p.id for p in placements(spec)]
        assert "title_en" not in ids
        assert ids.count("title_vi") == (2 if spec.kind == "counter_tent" else 1)  # tent: 2 faces
    board = next(s for s in guided if s.kind == "street_board")
    assert board.subtitle_en == "Sample digital street"  # the street itself has English
    sheet = next(s for s in specs if s.kind == "sticker_sheet")
    assert all(item.title_en == "" for item in sheet.items)
