"""Which URLs a sign may carry, and which built file a decoded URL lands on.

A prefix matches on scheme and host case-insensitively (a QR short link is upper case
so that it fits the alphanumeric mode) and on the path exactly: `/Q/` and `/q/` are
different folders on a static host.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urlsplit

from ..i18n import N_
from .messages import Message


def _parts(url: str) -> tuple[str, str, str]:
    s = urlsplit(url.strip())
    return s.scheme.lower(), s.netloc.lower(), s.path or "/"


def _prefix_parts(prefix: str) -> tuple[str, str, str]:
    scheme, host, path = _parts(prefix)
    return scheme, host, path if path.endswith("/") else path + "/"


def match_prefix(url: str, prefixes: Iterable[str]) -> str | None:
    """The longest of `prefixes` that `url` lies inside, or None."""
    scheme, host, path = _parts(url)
    if scheme not in ("http", "https") or not host:
        return None
    best, best_len = None, -1
    for prefix in prefixes:
        p_scheme, p_host, p_path = _prefix_parts(prefix)
        inside = (scheme, host) == (p_scheme, p_host) and path.startswith(p_path)
        if inside and len(p_path) > best_len:
            best, best_len = prefix, len(p_path)
    return best


def outside_problems(code: str, urls: Iterable[str], prefixes: tuple[str, ...]) -> list[Message]:
    """One message per URL of sign `code` that no allowed prefix covers."""
    allowed = ", ".join(prefixes)
    return [
        Message(
            N_("sign {code}: {url} is outside this site ({allowed})"),
            code=code,
            url=url or "(empty URL)",
            allowed=allowed,
        )
        for url in urls
        if not match_prefix(url, prefixes)
    ]


def target_file(url: str, prefix_dirs: Mapping[str, str]) -> str | None:
    """The file (relative to the site root) that serves `url`, or None if outside.

    `prefix_dirs` maps a prefix (base URL or short base) to its folder in the built
    site ("" for the root). A directory URL `X/` is served by `X/index.html`.
    """
    prefix = match_prefix(url, prefix_dirs)
    if prefix is None:
        return None
    rest = _parts(url)[2][len(_prefix_parts(prefix)[2]) :]
    folder = prefix_dirs[prefix].strip("/")
    path = "/".join(p for p in (folder, unquote(rest)) if p)
    if not path or path.endswith("/") or not rest:
        path = path.rstrip("/") + "/index.html" if path else "index.html"
    return path
