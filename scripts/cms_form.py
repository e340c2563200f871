"""Open and save every sample entry and site.yml in the real editing room.

The browser editor writes YAML in its own form (keys in the schema's order, plain
scalars, long lines folded). Samples kept in that form stay byte for byte the same
when a volunteer opens one and saves it unchanged; run this after editing samples by
hand. Needs the test extras (Playwright) and Debian's Chromium.

    python scripts/cms_form.py [SITE ...]
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.editor.room import ROOM, Room, site_languages  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-sync"]


def entries(root: Path, site: str, with_guides: bool) -> list[tuple[str, str]]:
    """(collection, entry slug as the CMS names it) for every entry the room lists."""
    found = []
    for collection, folder in (("relics", f"relics/{site}"), ("streets", f"streets/{site}")):
        for index in sorted((root / folder).glob("*/index.vi.md")):
            found.append((collection, f"{index.parent.name}/index"))
    if with_guides:
        for index in sorted((root / "content/guides").glob("*/index.vi.md")):
            found.append(("guides", f"{index.parent.name}/index"))
    return found + [("site", "site")]


def save_unchanged(page: Page, base: str, collection: str, slug: str) -> None:
    """Save twice, a letter added then taken away: the CMS does not save an unchanged
    entry, and measures a change from the entry as it was opened."""
    page.goto(f"{base}#/collections/{collection}/entries/{slug}")
    for key in ("x", "Backspace"):
        page.reload()
        field = page.locator("[id^='title-field'], [id^='vi-field']").first
        field.wait_for()
        field.focus()
        page.keyboard.press("End")
        page.keyboard.press(key)
        page.get_by_role("button", name="Công bố", exact=True).click()
        page.get_by_role("menuitem", name="Công bố ngay").click()
        page.get_by_role("button", name="Đã công bố").wait_for()


def main(sites: list[str]) -> int:
    sites = sites or sorted(p.parent.name for p in (ROOT / "sites").glob("*/site.yml"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for number, site in enumerate(sites):
            room = Room(ROOT, site, site_languages(ROOT, site), port=0, echo=print, lang="vi")
            room.start()
            stop = threading.Event()
            threading.Thread(target=room.run, args=(stop,), daemon=True).start()
            try:
                page = browser.new_page()
                page.on("dialog", lambda dialog: dialog.accept())  # leaving a saved entry
                base = room.url.rstrip("/") + ROOM
                page.goto(base)
                page.get_by_role("button", name="Đăng nhập").click()
                for collection, slug in entries(ROOT, site, with_guides=number == 0):
                    print(site, collection, slug)
                    save_unchanged(page, base, collection, slug)
            finally:
                stop.set()
                room.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
