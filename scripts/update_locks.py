"""Write the committed locks from pyproject.toml's ranges: every package pinned, with hashes.

    python scripts/update_locks.py        (needs uv: `pip install uv`)

requirements.lock is what `qrsite build` needs; requirements-test.lock adds the test
extras. Both are resolved once for every platform (Linux, macOS, Windows) and every Python
from 3.11, so a volunteer's laptop and next year's CI install the versions tested today.
setuptools is locked too: the project is installed with --no-build-isolation, so no
unpinned build tool is fetched at install time.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"requirements.lock": [], "requirements-test.lock": ["--extra", "test"]}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        build_tools = Path(tmp) / "build-system.in"
        build_tools.write_text("setuptools>=68\n", encoding="utf-8")
        for name, extras in LOCKS.items():
            subprocess.run(
                [
                    "uv",
                    "pip",
                    "compile",
                    "--quiet",
                    "--universal",
                    "--python-version",
                    "3.11",
                    "--generate-hashes",
                    "--no-header",
                    "--no-annotate",
                    "--index-url",
                    "https://pypi.org/simple",
                    *extras,
                    "pyproject.toml",
                    str(build_tools),
                    "-o",
                    name,
                ],
                cwd=ROOT,
                check=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
