"""The MkDocs adapter: model in, static site out."""

from .build import build_site, finish_for_phones, page_bodies

__all__ = ["build_site", "finish_for_phones", "page_bodies"]
