"""The MkDocs adapter: model in, static site out."""

from .build import build_site

__all__ = ["build_site"]
