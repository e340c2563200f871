"""Entry pages stamped from one MkDocs page per kind are the pages MkDocs would render."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from fixture_project import add_relics

from generator import pipeline
from generator.site import build_site, stamp
from generator.site.inline import QuickShell
from generator.site.pages import Page

TRICKY = {
    "di-tich-0000": ('Đình "Mẫu" & <Con> O\'Brien', "Mô tả có & < > \" ' đủ cả"),
    "di-tich-0001": ("Chùa Một Cột qs-stamp-title", "qs-stamp-description thật"),
    "di-tich-0002": ("Đền\u00a0Cuối\u00a0", "\u00a0hai dòng,\n  khoảng trắng ở hai đầu\u00a0"),
}
# bodies whose white space the page keeps as it is: a code block, a table cell
KEPT = {
    "di-tich-0003": "\n    mã   nguồn\n\n        thụt   lề\n",
    "di-tich-0004": "\n<pre>\n  giữ   nguyên\n</pre>\n",
}


def with_tricky_relics(root: Path) -> Path:
    add_relics(root, 6)
    for folder, text in KEPT.items():
        page = root / "relics" / "mau" / folder / "index.vi.md"
        page.write_text(page.read_text("utf-8") + text, "utf-8")
    for folder, (title, summary) in TRICKY.items():
        page = root / "relics" / "mau" / folder / "index.vi.md"
        text = page.read_text("utf-8")
        lines = [  # JSON strings are YAML strings, escapes and all
            f"title: {json.dumps(title, ensure_ascii=False)}"
            if line.startswith("title:")
            else f"summary: {json.dumps(summary, ensure_ascii=False)}"
            if line.startswith("summary:")
            else line
            for line in text.split("\n")
        ]
        page.write_text("\n".join(lines), "utf-8")
    return root


def site_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.parts
    }


def build_all_by_mkdocs(root: Path, out: Path, monkeypatch) -> dict[str, bytes]:
    with monkeypatch.context() as m:
        m.setattr(pipeline, "build_site", functools.partial(build_site, stamp_entries=False))
        pipeline.build(root, out_root=out)
    return site_files(out)


def test_stamped_pages_are_byte_for_byte_what_mkdocs_renders(project: Path, monkeypatch):
    root = with_tricky_relics(project)
    made: list[int] = []
    real = stamp.stamp

    def counting(plan, lang_root):
        result = real(plan, lang_root)
        made.append(len(result or {}))
        return result

    quick: list[bool] = []
    finish = QuickShell.page

    def finishing(shell, *args):
        page = finish(shell, *args)
        quick.append(page is not None)
        return page

    monkeypatch.setattr(stamp, "stamp", counting)
    monkeypatch.setattr(QuickShell, "page", finishing)
    pipeline.build(root, out_root=root / "stamped")
    monkeypatch.undo()
    assert sum(made) >= 4  # most relics of both languages were stamped, not rendered
    assert True in quick and False in quick  # finished from the shell, or declined
    stamped = site_files(root / "stamped")
    reference = build_all_by_mkdocs(root, root / "reference", monkeypatch)
    assert stamped.keys() == reference.keys()
    assert [name for name in stamped if stamped[name] != reference[name]] == []
    page = stamped["mau/site/relics/di-tich-0000/index.html"].decode()
    assert "<title>Đình &#34;Mẫu&#34; &amp; &lt;Con&gt; O&#39;Brien - " in page
    assert not any(stamp.MARK + "-" in name for name in stamped)
    assert b"qs-stamp-0" not in stamped["mau/site/sitemap.xml"]


def test_a_witness_that_differs_leaves_every_page_to_mkdocs(project: Path, monkeypatch):
    root = with_tricky_relics(project)
    real = stamp.substitute
    monkeypatch.setattr(stamp, "substitute", lambda *a: real(*a) + "<!-- not MkDocs' -->")
    pipeline.build(root, out_root=root / "fallback")
    monkeypatch.undo()
    fallback = site_files(root / "fallback")
    reference = build_all_by_mkdocs(root, root / "reference", monkeypatch)
    assert fallback == reference


def test_only_plain_entry_addresses_are_stamped():
    def page(path: str, kind: str = "relic") -> Page:
        return Page(path, path, "", "", kind)

    pages = [
        page("", "home"),
        page("relics/", "list"),
        page("relics/a/"),
        page("relics/b/"),
        page("relics/Đ/"),  # MkDocs would quote it in links: left to MkDocs
        page("guides/x/", "guide"),  # alone of its kind: nothing to gain
    ]
    plan = stamp.plan(pages)
    assert [(g.witness.path, [p.path for p in g.rest]) for g in plan.groups] == [
        ("relics/a/", ["relics/b/"])
    ]
    assert {p.path for p in plan.by_mkdocs} == {
        "",
        "relics/",
        "relics/a/",
        "relics/Đ/",
        "guides/x/",
        plan.groups[0].stand_in.path,
    }
    assert stamp.plan([*pages, page(f"relics/{stamp.MARK}-0-0/")]).groups == []


def test_an_entry_called_index_is_not_the_list_page(project: Path, monkeypatch):
    relic = project / "relics" / "mau" / "van-mieu-mau"
    relic.rename(relic.with_name("index"))
    reference = build_all_by_mkdocs(project, project / "reference", monkeypatch)
    assert "mau/site/relics/index/index.html" in reference
    assert "Văn miếu Mẫu" in reference["mau/site/relics/index/index.html"].decode()
    assert "Văn miếu Mẫu" in reference["mau/site/relics/index.html"].decode()  # the list
    pipeline.build(project, out_root=project / "stamped")
    assert site_files(project / "stamped") == reference
