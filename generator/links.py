"""Where every page lives in a built site, as paths relative to a language's root."""

from __future__ import annotations

from .model import Counter, Entry


def entry_path(entry: Entry) -> str:
    return f"{entry.section}/{entry.slug}/"


def counter_path(counter: Counter) -> str:
    return f"counters/{counter.slug}/"


def lang_prefix(lang: str) -> str:
    """Vietnamese is the site's root; English lives under /en/."""
    return "" if lang == "vi" else f"{lang}/"


def site_path(lang: str, path: str) -> str:
    """A page's path from the root of the whole built site."""
    return lang_prefix(lang) + path


def relative(from_path: str, to_path: str) -> str:
    """A relative link between two paths under the built site's root (directory URLs)."""
    depth = from_path.count("/")
    return "../" * depth + to_path if (depth or to_path) else "./"


def absolute(base_url: str, lang: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + site_path(lang, path)
