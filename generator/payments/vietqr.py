"""Static VietQR payloads: the NAPAS QR standard on EMVCo Merchant-Presented Mode.

A payment sticker carries a *static* code for a transfer to a bank account with no amount:
the customer types the amount, and a printed code stays valid for every sale.

Layout (each data object is a 2-digit ID, a 2-digit length and the value)::

    00 "01"            payload format indicator
    01 "11"            point of initiation: static
    38 ...             merchant account information
       00 "A000000727"   NAPAS GUID
       01 ...            beneficiary organisation
          00 BIN           acquirer: the bank's 6-digit NAPAS BIN
          01 account       consumer: the account number
       02 "QRIBFTTA"     service: inter-bank fund transfer to an account
    53 "704"           currency: VND (ISO 4217)
    58 "VN"            country
    62 ...             optional additional data; 08 = purpose of transaction
    63 CRC             CRC-16/CCITT-FALSE over everything before it, "6304" included

Limits (NAPAS field table as transcribed in vanvixi/vietqr.dart
``packages/vietqr_core/vietqr_field_definitions_en.md``): acquirer ID exactly 6 (N),
merchant/consumer ID at most 19, purpose of transaction at most 25, any value at most 99.
"""

from __future__ import annotations

import re

PAYLOAD_FORMAT = "01"
STATIC = "11"
NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
SAMPLE_PURPOSE = "MAU - KHONG CHUYEN TIEN"

BIN_LENGTH = 6
# 19 is the NAPAS maximum for the merchant/consumer ID (38/01/01). 6 is our own floor, to catch a
# truncated number: public clients of the VietQR.io generator API document "accountNo 6-19".
ACCOUNT_MIN = 6
ACCOUNT_MAX = 19
PURPOSE_MAX = 25
VALUE_MAX = 99

_DIGITS = re.compile(r"[0-9]+")
# EMVCo "ans": printable ASCII. Bank apps prefill the purpose as the transfer message, and
# they expect it without diacritics, so anything else is refused rather than transliterated.
_ANS = re.compile(r"[\x20-\x7e]*")
_CRC_TAIL = re.compile(r"6304([0-9A-Fa-f]{4})")


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR).

    Written out bit by bit rather than borrowed, so the tests can check it against
    ``binascii.crc_hqx`` as an independent implementation.
    """
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    """One EMVCo data object; its length is two decimal digits, so a value cannot exceed 99."""
    if len(value) > VALUE_MAX:
        raise ValueError(f"VietQR field {tag} is {len(value)} characters; at most {VALUE_MAX}")
    return f"{tag}{len(value):02d}{value}"


def _check_bin(bin_: str) -> str:
    if not isinstance(bin_, str) or len(bin_) != BIN_LENGTH or not _DIGITS.fullmatch(bin_):
        raise ValueError(f"bank BIN must be exactly {BIN_LENGTH} digits, got {bin_!r}")
    return bin_


def _check_account(account: str) -> str:
    if not isinstance(account, str) or not _DIGITS.fullmatch(account):
        raise ValueError(f"account number must be digits only (0-9), got {account!r}")
    if not ACCOUNT_MIN <= len(account) <= ACCOUNT_MAX:
        raise ValueError(
            f"account number must be {ACCOUNT_MIN} to {ACCOUNT_MAX} digits, "
            f"got {len(account)} digits"
        )
    return account


def _check_purpose(purpose: str) -> str:
    if not isinstance(purpose, str) or not purpose or not _ANS.fullmatch(purpose):
        raise ValueError(
            f"purpose must be plain ASCII text without diacritics (bank apps show it as the "
            f"transfer message), got {purpose!r}"
        )
    if len(purpose) > PURPOSE_MAX:
        raise ValueError(f"purpose is {len(purpose)} characters; at most {PURPOSE_MAX}")
    return purpose


def build(bin: str, account: str, purpose: str | None = None) -> str:
    """Build the static VietQR payload for a transfer to ``account`` at the bank ``bin``.

    No amount (tag 54) is written: the customer types it, so one printed code serves every
    sale. ``purpose`` fills tag 62/08, the message bank apps prefill; sample stickers pass
    ``SAMPLE_PURPOSE`` so that a scan of a sample says it is not for paying.
    Raises ValueError, naming the field, for any input the standard does not allow.
    """
    beneficiary = _tlv("00", _check_bin(bin)) + _tlv("01", _check_account(account))
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TO_ACCOUNT)
    body = (
        _tlv("00", PAYLOAD_FORMAT)
        + _tlv("01", STATIC)
        + _tlv("38", merchant)
        + _tlv("53", CURRENCY_VND)
        + _tlv("58", COUNTRY_VN)
    )
    if purpose is not None:
        body += _tlv("62", _tlv("08", _check_purpose(purpose)))
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def static_transfer_problems(fields: dict) -> list[str]:
    """What makes a parsed payload other than the one kind a sticker may carry: a static
    transfer to an account through NAPAS, in đồng, with no amount (a code that asks for an
    amount, pays a card, or is meant for one sale is not ours)."""
    wanted = {
        "payload_format": PAYLOAD_FORMAT,
        "point_of_initiation": STATIC,
        "guid": NAPAS_GUID,
        "service_code": SERVICE_TO_ACCOUNT,
        "currency": CURRENCY_VND,
        "country": COUNTRY_VN,
    }
    out = [f"{k} is {fields.get(k)!r}, not {v!r}" for k, v in wanted.items() if fields.get(k) != v]
    if fields.get("amount") is not None:
        out.append("it carries an amount (tag 54)")
    return out


def masked(payload: str) -> str:
    """A payload fit for a log: every digit of a run of ten or more hidden but its last
    four, so an account number never appears whole in CI output."""
    return re.sub(r"\d{10,}", lambda m: "•" * (len(m.group()) - 4) + m.group()[-4:], payload)


def _split(data: str, where: str) -> dict[str, str]:
    """Read one level of ID-length-value objects; a duplicate or a truncated object is an error."""
    out: dict[str, str] = {}
    i = 0
    while i < len(data):
        head = data[i : i + 4]
        if len(head) < 4 or not head.isdigit():
            raise ValueError(f"VietQR {where}: malformed data object at position {i}: {head!r}")
        tag, length = head[:2], int(head[2:])
        value = data[i + 4 : i + 4 + length]
        if len(value) != length:
            raise ValueError(f"VietQR {where}: field {tag} is cut short")
        if tag in out:
            raise ValueError(f"VietQR {where}: field {tag} appears twice")
        out[tag] = value
        i += 4 + length
    return out


def parse(payload: str) -> dict:
    """Read a VietQR payload back and check its CRC, for ``qrsite verify``.

    Returns the fields a payment sticker depends on (``bin``, ``account``, ``purpose``, …) and
    ``tags``, the top-level objects as read. Raises ValueError if the CRC is missing, is not the
    last field or does not match, or if the TLV structure is broken: a code that fails here
    must not be printed.
    """
    if not isinstance(payload, str) or not payload.isascii():
        raise ValueError("VietQR payload must be ASCII text")
    tail = _CRC_TAIL.fullmatch(payload[-8:])
    if tail is None:
        raise ValueError("VietQR payload does not end with its CRC (field 63, 4 hex digits)")
    expected = crc16_ccitt_false(payload[:-4].encode("ascii"))
    if int(tail.group(1), 16) != expected:
        raise ValueError(
            f"VietQR CRC mismatch: payload says {tail.group(1).upper()}, content gives "
            f"{expected:04X} (altered or damaged)"
        )
    tags = _split(payload, "payload")
    if list(tags)[-1] != "63":
        raise ValueError("VietQR field 63 (CRC) must be the last field")
    merchant = _split(tags.get("38", ""), "field 38")
    beneficiary = _split(merchant.get("01", ""), "field 38/01")
    additional = _split(tags["62"], "field 62") if "62" in tags else {}
    return {
        "payload_format": tags.get("00"),
        "point_of_initiation": tags.get("01"),
        "guid": merchant.get("00"),
        "bin": beneficiary.get("00"),
        "account": beneficiary.get("01"),
        "service_code": merchant.get("02"),
        "amount": tags.get("54"),
        "currency": tags.get("53"),
        "country": tags.get("58"),
        "purpose": additional.get("08"),
        "crc": tags["63"].upper(),
        "tags": tags,
    }
