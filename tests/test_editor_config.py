"""The editing room's configuration is written from the schema, never kept by hand."""

from __future__ import annotations

import pytest

from generator import schema
from generator.editor import config as editor
from generator.editor.widgets import LOCKED_WIDGET

BACKEND = {"name": "git-gateway"}


GUIDES = (("kich-hoat-vneid", "Kích hoạt VNeID"), ("cai-dat-vssid", "Cài đặt VssID"))


def _collections(languages=("vi", "en"), ui="vi"):
    made = editor.editor_config("mau", languages, ui, BACKEND, guides=GUIDES)
    return {c["name"]: c for c in made["collections"]}, made


def _fields(collection: dict) -> dict:
    fields = collection["files"][0]["fields"] if "files" in collection else collection["fields"]
    return {f["name"]: f for f in fields}


def test_every_field_of_the_schema_is_in_the_form_with_its_labels_and_file():
    collections, _ = _collections()
    for kind, fields in schema.FIELDS.items():
        form = _fields(collections[editor.collection_name(kind)])
        for f in fields:
            assert f.name in form, (kind, f.name)
            assert form[f.name]["label"] == f.label[0] and form[f.name]["label"]
            assert form[f.name]["hint"] == (f.form_help or (f.help_vi,))[0]
            assert form[f.name]["i18n"] is (f.where == schema.BOTH)
            assert form[f.name]["required"] is (f.required and not f.locked)
        assert form["body"]["widget"] == "markdown"
    site = _fields(collections[editor.SITE_FILE_COLLECTION])
    assert [f.name for f in schema.SITE] == list(site)
    counters = {p["name"]: p for p in site["counters"]["fields"]}
    assert list(counters) == list(schema.COUNTER_KEYS)
    stops = {p["name"]: p for p in _fields(collections["streets"])["stops"]["fields"]}
    assert stops["guide"]["widget"] == "select" and not stops["guide"]["multiple"]
    assert [o["value"] for o in stops["guide"]["options"]] == [slug for slug, _ in GUIDES]
    assert site["guides"]["multiple"] and counters["guides"]["multiple"]
    assert [n for n, p in stops.items() if p["i18n"]] == list(schema.STOP_TRANSLATABLE)


def test_a_field_added_to_the_schema_appears_in_the_form(monkeypatch):
    added = schema.Field(
        "patron",
        "text",
        schema.BOTH,
        False,
        "Vị thần được thờ.",
        "Who is worshipped.",
        label=("Thờ", "Worships"),
    )
    fields = dict(schema.FIELDS, relic=schema.RELIC + (added,))
    monkeypatch.setattr(editor, "FIELDS", fields)
    collections, _ = _collections(ui="en")
    form = _fields(collections["relics"])
    assert form["patron"]["label"] == "Worships" and form["patron"]["hint"] == "Who is worshipped."
    assert "patron" not in _fields(collections["streets"])


def test_locked_fields_are_shown_not_edited_and_payments_are_absent():
    collections, _ = _collections()
    site = _fields(collections[editor.SITE_FILE_COLLECTION])
    locked = [f.name for f in schema.SITE if f.locked]
    assert locked == ["base_url", "short_base", "editor"]
    for name in locked:
        assert site[name]["widget"] == LOCKED_WIDGET
    for f in schema.PAYMENT:
        assert all(f.name not in _fields(c) for c in collections.values() if "fields" in c), f.name
    files = [f["file"] for c in collections.values() for f in c.get("files", [])]
    assert files == ["sites/mau/site.yml"]
    assert all(c.get("delete") is False for c in collections.values())


def test_the_languages_come_from_the_site():
    _, both = _collections(("vi", "en"))
    assert both["i18n"]["locales"] == ["vi", "en"] and both["i18n"]["default_locale"] == "vi"
    collections, alone = _collections(("vi",))
    assert "i18n" not in alone
    assert collections["relics"]["path"] == "{{slug}}/index.vi"
    assert all("i18n" not in f for f in collections["relics"]["fields"])
    name = _fields(collections[editor.SITE_FILE_COLLECTION])["name"]
    assert [f["name"] for f in name["fields"]] == ["vi"]


def test_a_part_of_an_unknown_type_is_refused_before_the_form_loads(monkeypatch):
    odd = (schema.Part("when", "moon_phase", ("Khi", "When")),)
    monkeypatch.setitem(schema.PARTS, "stops", odd)
    with pytest.raises(ValueError, match="moon_phase"):
        _collections()
