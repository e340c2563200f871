"""Which payment signs a site needs: for each shop with payment details, a square sticker
and an A6 counter standee, and per street one sheet of its stickers for the print shop.

Payment signs have no short code and lead to no page: their code carries a VietQR
payload (generator/payments/vietqr.py). Their files are named after the street and the
shop (`nguyen-huu-tho--tap-hoa-co-lan.pdf`), and they are drawn apart from the other
signs, into `signs/payments/`, never into the site or its `all.pdf`: the whole account
number is in the code. An example site's or street's codes carry a purpose text that
tells every bank app it is not for paying.
"""

from __future__ import annotations

from .model import Entry, Payment, Project, Site
from .payments import vietqr
from .signplan import sample_mark
from .signs import SignItem, SignSpec
from .slugs import slugify

PAYMENTS_DIR = "payments"  # inside a site's signs/ folder
CODE_MAX = 64 - len("--a6")  # the renderer's limit for a file name, the suffix left room


def payment_specs(project: Project, site: Site) -> list[SignSpec]:
    specs = []
    for street in project.site_entries(site.slug, "street"):
        if not street.payments:
            continue
        common = _common(site, street)
        items = []
        for code, payment in zip(_codes(street), street.payments, strict=True):
            payload = payload_of(site, street, payment)
            fields = {
                **common,
                "title_vi": payment.shop,
                "url": payload,
                "payee": payment.holder,
                "bank": payment.bank,
                "account_tail": payment.account_tail,
            }
            specs.append(SignSpec(code=code, kind="payment_sticker", **fields))
            specs.append(SignSpec(code=standee_code(code), kind="payment_standee", **fields))
            items.append(
                SignItem(
                    code,
                    payload,
                    payment.shop,
                    "",
                    payee=payment.holder,
                    bank=payment.bank,
                    account_tail=payment.account_tail,
                    contact=site.phone,
                    sample=common["sample"],
                    issuer=f"{common['subtitle_vi']} · {common['organization_vi']}",
                )
            )
        specs.append(
            SignSpec(
                code=sheet_code(street),
                kind="payment_sheet",
                title_vi=common["subtitle_vi"],
                title_en=common["subtitle_en"],
                items=tuple(items),
                **{k: v for k, v in common.items() if k != "title_en"},
            )
        )
    return specs


def payload_of(site: Site, street: Entry, payment: Payment) -> str:
    """The VietQR payload of a shop's code: no amount; a sample's says not to pay."""
    return vietqr.build(payment.bin, payment.account, purpose=purpose_of(site, street))


def purpose_of(site: Site, street: Entry) -> str | None:
    """The transfer message a code carries: only a sample's, which says not to pay."""
    return vietqr.SAMPLE_PURPOSE if sample_mark(site, street) else None


def standee_code(sticker: str) -> str:
    return f"{sticker}--a6"


def sheet_code(street: Entry) -> str:
    return f"{street.slug}--all"


def sign_codes(street: Entry) -> dict[str, Payment]:
    """Each shop's sticker code (its file name without .pdf), for verify and status."""
    return dict(zip(_codes(street), street.payments, strict=True))


def _codes(street: Entry) -> list[str]:
    """Each shop's sticker code, from its name (check refuses two names that fold alike,
    so a shop's file never depends on where it is listed)."""
    return [f"{street.slug}--{slugify(p.shop)}"[:CODE_MAX].rstrip("-") for p in street.payments]


def _common(site: Site, street: Entry) -> dict:
    en = street.en.fields if street.en is not None else {}
    return {
        "entry": street.key,
        "title_en": "",
        "subtitle_vi": street.vi.fields["title"],
        "subtitle_en": en.get("title", ""),
        "organization_vi": site.organization.vi,
        "organization_en": site.organization.en or "",
        "contact": site.phone,
        "sample": sample_mark(site, street),
    }
