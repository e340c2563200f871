"""Extract every message and UI string from the code and merge it into the .po catalogs.

Run after adding or changing a message: `python scripts/update_catalogs.py`, then
translate the new empty entries in generator/locale/vi/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "generator" / "locale"
# Functions whose Nth argument is a message id.
KEYWORDS = [
    "_",
    "gettext",
    "N_",
    "html_text",
    "ngettext:1,2",
    "count_text:2,3",
    "add:3",
    "warn:3",
    "FrontMatterError:2",
]


def main() -> int:
    pot = LOCALE / "messages.pot"
    cmd = [
        sys.executable,
        "-m",
        "babel.messages.frontend",
        "extract",
        "--no-location",
        "--sort-output",
        "--omit-header",
        "--no-default-keywords",
        "-o",
        str(pot),
    ]
    for keyword in KEYWORDS:
        cmd += ["-k", keyword]
    subprocess.run([*cmd, str(ROOT / "generator")], check=True)
    for lang in ("vi", "en"):
        po = LOCALE / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "babel.messages.frontend",
                    "update",
                    "--no-fuzzy-matching",
                    "-i",
                    str(pot),
                    "-o",
                    str(po),
                    "-l",
                    lang,
                ],
                check=True,
            )
        else:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "babel.messages.frontend",
                    "init",
                    "-i",
                    str(pot),
                    "-o",
                    str(po),
                    "-l",
                    lang,
                ],
                check=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
