"""What needs printing again: `sites/<site>/printed.yml` against the signs a build draws."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Site
from .signs import SignSpec


def reprint_list(site: Site, specs: Sequence[SignSpec]) -> dict[str, str]:
    """Sign code -> why it must be printed (again); filled in by `qrsite printed` records."""
    return {}
