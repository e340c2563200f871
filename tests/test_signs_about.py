"""A sign's PDF names who made it and what it is, as a print shop's software shows it."""

from __future__ import annotations

import csv
from pathlib import Path

from pypdf import PdfReader

ORGANIZATION = "Đoàn phường Mẫu · Sample Ward Youth Union"  # the fixture's site.yml


def test_each_sign_and_the_book_name_their_organization_and_what_they_are(built_project: Path):
    signs = built_project / "build" / "mau" / "signs"
    with (signs / "manifest.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        info = PdfReader(signs / row["file"]).metadata
        assert info.author == ORGANIZATION
        assert info.subject and row["title_vi"] in info.subject, (row, info.subject)
        assert info.title.startswith(row["code"])
    relic = next(r for r in rows if r["title_vi"] == "Văn miếu Mẫu")
    subject = PdfReader(signs / relic["file"]).metadata.subject
    assert subject.startswith("Biển di tích · Relic plaque: Văn miếu Mẫu")
    book = PdfReader(signs / "all.pdf").metadata
    assert book.author == ORGANIZATION and "anonymous" not in str(book)
    assert book.subject == f"{len(rows)} biển, mỗi trang một biển · {len(rows)} signs, one per page"
