"""The authors' guide (docs/authors) is a qrsite project; its field reference is the schema."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator import pipeline, schema
from generator.templates import reference

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authors"
REFERENCE = GUIDE / "content" / "guides" / reference.SLUG


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_committed_reference_matches_the_schema(lang):
    committed = (REFERENCE / f"index.{lang}.md").read_text(encoding="utf-8")
    assert committed == reference.reference_file(lang), (
        "run: python -m generator.templates.reference docs/authors"
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_reference_has_one_row_per_schema_field(lang):
    body = reference.reference_body(lang)
    tables = body.split("\n## ")[1:]
    # every kind, then site.yml and payments.yml
    expected = [*schema.FIELDS.items(), ("site", schema.SITE), ("payments", schema.PAYMENT)]
    assert len(tables) == len(expected)
    for table, (kind, fields) in zip(tables, expected, strict=True):
        rows = re.findall(r"^\| `(\w+)` \| (\S+) \|", table, re.M)
        assert [name for name, _ in rows] == [f.name for f in fields], kind
        yes = reference.TEXT[lang]["yes"]
        assert [req == yes for _, req in rows] == [f.required for f in fields], kind
        for field in fields:
            assert (field.help_vi if lang == "vi" else field.help_en) in table


@pytest.fixture
def guide_copy(tmp_path) -> Path:
    root = tmp_path / "authors"
    shutil.copytree(GUIDE, root, ignore=shutil.ignore_patterns("build", "translations.yml"))
    return root


def test_guide_project_passes_check(guide_copy):
    checked = pipeline.check(guide_copy)
    site = checked.project.sites["huong-dan"]
    assert reference.SLUG in site.guides
    assert [g for g in site.guides if g not in checked.project.guides] == []
    for guide in checked.project.site_guides("huong-dan"):
        assert guide.en is not None and guide.en.fields.get("title"), guide.slug
    (sample,) = checked.project.site_entries("huong-dan", "relic")
    assert sample.vi.fields.get("example") is True  # a real place, marked as an example
    assert sample.en is not None


@pytest.mark.slow
def test_guide_builds_with_qrsite_in_both_languages(guide_copy):
    pipeline.build(guide_copy)
    site = guide_copy / "build" / "huong-dan" / "site"
    for prefix in ("", "en/"):
        page = (site / prefix / "guides" / reference.SLUG / "index.html").read_text("utf-8")
        assert page.count("<table>") == len(schema.FIELDS) + 2  # and site.yml, payments.yml
        for fields in schema.FIELDS.values():
            for field in fields:
                assert f"<code>{field.name}</code>" in page
        assert (site / prefix / "relics" / "den-kiep-bac" / "index.html").is_file()
    assert "Bảng các trường" in (site / "guides" / reference.SLUG / "index.html").read_text("utf-8")
