"""What a sign's PDF says about itself, as a print shop's software shows it: its title,
who made it (Author: the site's organization) and what it is (Subject: the kind of sign,
its titles and where it goes), instead of reportlab's "anonymous" and "unspecified"."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import gettext_for
from .messages import SIGN_KINDS
from .render_pdf import About
from .spec import SignSpec

SIGN_LANGS = ("vi", "en")  # a sign's texts come in these two (SignSpec's *_vi and *_en)


def about_sign(spec: SignSpec) -> About:
    kind = _both(*(_kind(spec.kind, lang) for lang in SIGN_LANGS))
    subject = f"{kind}: {_both(spec.title_vi, spec.title_en)}"
    if spec.placement:
        subject += f" — {spec.placement}"
    if spec.paper:
        subject += f" ({spec.paper})"
    return About(
        title=f"{spec.code} · {spec.title_vi}",
        author=_both(spec.organization_vi, spec.organization_en),
        subject=subject,
    )


def about_book(specs: Sequence[SignSpec]) -> About:
    """all.pdf: every sign of one site, for the print shop."""
    author = _both(specs[0].organization_vi, specs[0].organization_en) if specs else ""
    count = len(specs)
    return About(
        title=f"{author} — {_both('Biển QR để in', 'QR signs to print')}",
        author=author,
        subject=_both(f"{count} biển, mỗi trang một biển", f"{count} signs, one per page"),
    )


def _kind(kind: str, lang: str) -> str:
    word = gettext_for(lang)(SIGN_KINDS[kind]) if kind in SIGN_KINDS else kind
    return word[:1].upper() + word[1:]


def _both(vi: str, en: str) -> str:
    return f"{vi} · {en}" if en and en != vi else vi
