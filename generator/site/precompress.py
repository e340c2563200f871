"""Gzip copies of text files, for hosts that send them as they are (nginx gzip_static).

Compressed once at build time at the highest level, with no timestamp or name in the
header, so the same site gives the same bytes and the host spends no CPU per request.
"""

from __future__ import annotations

import gzip
from pathlib import Path

SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
MIN_SIZE = 256  # smaller files gain nothing worth a second copy


def write_gzip(site_dir: Path) -> int:
    written = 0
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in SUFFIXES:
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) < len(data):
            path.with_name(path.name + ".gz").write_bytes(packed)
            written += 1
    return written
