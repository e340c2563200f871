"""The sign cache: each sign's PDF, PNG and drawing, keyed by a hash of all its inputs.

The key covers the (NFC) spec, the logo's bytes, the font files, the layout file and
RENDERER_VERSION; change any of them and the sign is drawn again, otherwise it is
copied. Font and logo hashes are computed once per process, so a warm run reads no
font. Entries are written to a temporary name and renamed: a killed run leaves no
half-written entry behind. Pictures a drawing uses (a logo) are kept once each under
`images/<sha256>`, named by their content: a cached drawing never holds a path.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from ..staging import place, temp_beside
from . import fonts
from .spec import SignSpec

RENDERER_VERSION = "12"  # 3: pictures named by content; 4: one fixed PDF date; 5: previews;
# 6: font programs compressed by libdeflate; 7: text under 10 pt in solid K;
# 8: Author and Subject in the PDF; 9: a poster's few cards grow, share title sizes;
# 10: small light text on a dark band knocked out to white; 11: example signs marked;
# 12: a drawing keeps its codes as PDF rectangles


@lru_cache(maxsize=256)
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    st = path.stat()
    return _file_digest(str(path), st.st_mtime_ns, st.st_size)


def sign_key(spec: SignSpec, layout_digest: str) -> str:
    data = asdict(spec)
    data["logo"] = file_digest(spec.logo) if spec.logo else None
    blob = json.dumps(
        [RENDERER_VERSION, fonts.fingerprint(), layout_digest, data],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


class SignCache:
    """Files under `root/<key[:2]>/<key>.{pdf,png,json,ops}`; `all-<key>.pdf` for books.

    `.json` is the small report (QR version, warnings), read on every hit; `.ops` is
    the drawing, read only when all.pdf has to be drawn again.
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def _base(self, key: str) -> Path:
        return self.root / key[:2] / key

    def has(self, key: str) -> bool:
        """The entry is complete: every file, the preview (written last) included."""
        return all(path.exists() for path in self.files(key))

    def files(self, key: str) -> list[Path]:
        base = self._base(key)
        return [base.with_suffix(s) for s in (".pdf", ".png", ".json", ".ops")]

    def meta(self, key: str) -> dict:
        return json.loads(self._base(key).with_suffix(".json").read_text("utf-8"))

    def copy_out(self, key: str, pdf: Path, png: Path) -> None:
        base = self._base(key)
        place(base.with_suffix(".pdf"), pdf)
        place(base.with_suffix(".png"), png)

    def drawing(self, key: str) -> dict:
        return json.loads(self._base(key).with_suffix(".ops").read_text("utf-8"))

    def _image(self, digest: str) -> Path:
        return self.root / "images" / digest

    def images(self, digests) -> dict[str, bytes]:
        """The stored pictures with these digests (each stored by `store`)."""
        return {d: self._image(d).read_bytes() for d in digests}

    def store(
        self,
        key: str,
        pdf: bytes,
        meta: dict,
        drawing: dict,
        images: dict[str, bytes] | None = None,
    ) -> None:
        """The drawn sign; the entry is complete once its preview is stored too."""
        base = self._base(key)
        base.parent.mkdir(parents=True, exist_ok=True)
        for digest, data in (images or {}).items():
            path = self._image(digest)
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                _write(path, data)
        for suffix, data in ((".ops", drawing), (".pdf", pdf), (".json", meta)):
            if isinstance(data, dict):
                data = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
            _write(base.with_suffix(suffix), data)

    def store_preview(self, key: str, png: bytes) -> Path:
        """The PNG, made from the stored PDF's page once all.pdf is drawn (preview.py)."""
        path = self._base(key).with_suffix(".png")
        _write(path, png)
        return path

    def pdf(self, key: str) -> Path:
        return self._base(key).with_suffix(".pdf")

    def book(self, key: str) -> Path:
        return self.root / f"all-{key}.pdf"


def _write(path: Path, data: bytes) -> None:
    """Written under a temporary name, then renamed: never seen half-written."""
    tmp = temp_beside(path, hidden=False)
    tmp.write_bytes(data)
    os.replace(tmp, path)
