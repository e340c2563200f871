"""streets/<site>/<street>/payments.yml: the payment details behind a cashless street's
payment stickers, checked against schema.PAYMENT and the bundled NAPAS bank list.

A sticker's code moves money, so everything in it must be exactly right or refused: a
known bank, an account of digits, the holder's name in the form the bank app shows (the
customer compares the two before paying), and the owner's consent to print it.
"""

from __future__ import annotations

import re
from pathlib import Path

from unidecode import unidecode

from .. import schema
from ..frontmatter import FrontMatterError, LineDict, load_yaml
from ..model import Payment
from ..payments import vietqr
from ..payments.banks import find_bank
from ..problems import Problems
from ..slugs import slugify
from .dates import parse_day
from .shapes import line_of, unknown_keys

FILE_NAME = "payments.yml"
HOLDER = re.compile(r"^[A-Z][A-Z ]*[A-Z]$")  # as bank apps show it: NGUYEN THI LAN


def load_payments(
    folder: Path, kind: str | None, shop_names: list[str], problems: Problems
) -> tuple[Payment, ...]:
    """The shops' payment details of a street folder (none when it has no payments.yml)."""
    path = folder / FILE_NAME
    if not path.is_file():
        return ()
    try:
        data = load_yaml(path.read_bytes().decode("utf-8-sig"), 0)
    except UnicodeDecodeError:
        problems.add(path, 1, "the file is not UTF-8 text: save it again as UTF-8 in your editor")
        return ()
    except FrontMatterError as exc:
        problems.add(path, exc.line, exc.message, **exc.params)
        return ()
    if kind != "cashless":
        problems.add(
            path,
            1,
            "payment details belong to a cashless street: set 'kind: cashless' in "
            "index.vi.md or remove this file",
        )
        return ()
    if not isinstance(data, LineDict) or not isinstance(data.get("shops"), list):
        problems.add(path, 1, "payments.yml must have a 'shops:' list, one item per shop")
        return ()
    unknown_keys(path, data, ("shops",), problems)
    payments: list[Payment] = []
    for item in data["shops"]:
        payment = _payment(path, item, shop_names, problems)
        if payment and any(p.shop == payment.shop for p in payments):
            problems.add(
                path,
                payment.line,
                "the shop '{name}' has payment details twice: keep one",
                name=payment.shop,
            )
        elif payment and _file_name(payment) in {"all", *map(_file_name, payments)}:
            problems.add(
                path,
                payment.line,
                "the shop '{name}' would name its sticker file like another one "
                "('{file}'): tell the two names apart",
                name=payment.shop,
                file=_file_name(payment),
            )
        elif payment:
            payments.append(payment)
    return tuple(payments)


def _file_name(payment: Payment) -> str:
    """A shop's part of its sticker's file name (paymentplan: `<street>--<shop>`); the
    street's sheet is `<street>--all`."""
    return slugify(payment.shop)


def _payment(path: Path, item, shop_names: list[str], problems: Problems) -> Payment | None:
    if not isinstance(item, LineDict):
        problems.add(
            path,
            0,
            "each shop needs lines like {keys}",
            keys=", ".join(f"'{k}: ...'" for k in schema.PAYMENT_KEYS),
        )
        return None
    unknown_keys(path, item, schema.PAYMENT_KEYS, problems)
    missing = [k for k in schema.PAYMENT_KEYS if k not in item]
    for key in missing:
        problems.add(path, item.line, "the item of '{field}' needs '{key}'", field="shops", key=key)
    if missing:
        return None
    shop = str(item["shop"]).strip()
    ok = True
    if shop not in shop_names:
        problems.add(
            path,
            line_of(item, "shop"),
            "there is no shop named '{name}' in index.vi.md: write its name exactly as in "
            "'shops' ({names})",
            name=shop,
            names=", ".join(shop_names) or "-",
        )
        ok = False
    bank = find_bank(str(item["bank"]))
    if bank is None:
        problems.add(
            path,
            line_of(item, "bank"),
            "unknown bank '{bank}': write its short name (Vietcombank), code (VCB) or 6-digit "
            "NAPAS BIN (970436), as in generator/payments/banks.csv",
            bank=item["bank"],
        )
        ok = False
    account = _account(path, item, problems)
    holder = _holder(path, item, problems)
    consent = _consent(path, item, problems)
    if not (ok and bank and account and holder and consent):
        return None
    return Payment(shop, bank.bin, bank.short_name, account, holder, *consent, line=item.line)


def _account(path: Path, item: LineDict, problems: Problems) -> str | None:
    """The account as digits; never repeated whole in a message (logs are read by many)."""
    value = item["account"]
    line = line_of(item, "account")
    if isinstance(value, int) and not isinstance(value, bool):
        problems.add(
            path,
            line,
            "write the account number in quotes, as text: written as a number it loses "
            "its leading zeros",
        )
        return None
    account = str(value).strip()
    if not account.isascii() or not account.isdigit():
        problems.add(
            path, line, "the account number must be digits only, with no spaces or letters"
        )
        return None
    if not vietqr.ACCOUNT_MIN <= len(account) <= vietqr.ACCOUNT_MAX:
        problems.add(
            path,
            line,
            "the account number has {count} digits: a bank account has {low} to {high}",
            count=len(account),
            low=vietqr.ACCOUNT_MIN,
            high=vietqr.ACCOUNT_MAX,
        )
        return None
    return account


def _holder(path: Path, item: LineDict, problems: Problems) -> str | None:
    holder = " ".join(str(item["holder"]).split())
    if not HOLDER.match(holder):
        problems.add(
            path,
            line_of(item, "holder"),
            "write the holder's name as the bank app shows it, in capitals without "
            "diacritics: '{suggestion}'",
            suggestion=bank_form(holder) or "NGUYEN THI LAN",
        )
        return None
    return holder


def bank_form(name: str) -> str:
    """A name the way Vietnamese bank apps display it: Nguyễn Thị Lan -> NGUYEN THI LAN."""
    return " ".join(re.sub(r"[^A-Z ]", " ", unidecode(name).upper()).split())


def _consent(path: Path, item: LineDict, problems: Problems) -> tuple | None:
    consent = item["consent"]
    if not isinstance(consent, LineDict) or not str(consent.get("by") or "").strip():
        problems.add(
            path,
            line_of(item, "consent"),
            "'consent' needs the day the shop owner agreed (date: 2026-11-20) and who "
            "collected it (by: ...): these details are personal data (Decree 13/2023)",
        )
        return None
    unknown_keys(path, consent, schema.CONSENT_KEYS, problems)
    day = parse_day(consent.get("date", ""))
    if day is None:
        problems.add(
            path,
            line_of(consent, "date"),
            "'{field}' must be a date written year-month-day, for example 2026-11-20",
            field="consent.date",
        )
        return None
    return day, " ".join(str(consent["by"]).split())
