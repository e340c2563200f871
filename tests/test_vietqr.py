"""VietQR payloads and the bundled bank list (issue 18).

The builder is checked three independent ways: it reproduces payloads published by another
project byte for byte, its CRC agrees with the standard library's ``binascii.crc_hqx``, and a
parser that is not ours (PyPI ``vietnam-qr-pay``) decodes what it builds.
"""

import binascii

import pytest

from generator.payments import vietqr
from generator.payments.banks import banks, find_bank

# Test fixtures of xuannghia/vietnam-qr-pay (test/test-vietqr.spec.ts, commit 17a05d3, 2026-07-20):
# static transfers to a Techcombank and an MBBank account. The second is published with a
# lower-case CRC; the standard's hex is upper case, so we compare it upper-cased.
PUBLISHED_TCB = (
    "00020101021138580010A000000727012800069704070114190304136010180208QRIBFTTA"
    "53037045802VN63040283"
)
PUBLISHED_MB = (
    "00020101021138540010A00000072701240006970422011003523509170208QRIBFTTA53037045802VN630479db"
)


def test_builder_reproduces_published_payloads():
    assert vietqr.build("970407", "19030413601018") == PUBLISHED_TCB
    assert vietqr.build("970422", "0352350917") == PUBLISHED_MB.upper()


def test_crc_matches_standard_library():
    payload = vietqr.build("970436", "0000000001", vietqr.SAMPLE_PURPOSE)
    expected = binascii.crc_hqx(payload[:-4].encode("ascii"), 0xFFFF)
    assert payload[-8:-4] == "6304"
    assert payload[-4:] == f"{expected:04X}"
    # The check value of CRC-16/CCITT-FALSE, from the CRC catalogue.
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1


def test_sample_payload_layout():
    payload = vietqr.build("970436", "0000000001", vietqr.SAMPLE_PURPOSE)
    assert payload.startswith("00020101021138540010A000000727")
    assert "0208QRIBFTTA" in payload
    assert "53037045802VN62270823MAU - KHONG CHUYEN TIEN6304" in payload
    assert "54" not in vietqr.parse(payload)["tags"]


def test_parse_round_trip():
    payload = vietqr.build("970415", "113366668888", vietqr.SAMPLE_PURPOSE)
    got = vietqr.parse(payload)
    assert got["payload_format"] == "01"
    assert got["point_of_initiation"] == "11"
    assert got["guid"] == "A000000727"
    assert (got["bin"], got["account"]) == ("970415", "113366668888")
    assert got["service_code"] == "QRIBFTTA"
    assert (got["currency"], got["country"]) == ("704", "VN")
    assert got["purpose"] == "MAU - KHONG CHUYEN TIEN"
    assert got["amount"] is None
    assert vietqr.parse(vietqr.build("970415", "113366668888"))["purpose"] is None


def test_parse_reads_published_payload_with_lower_case_crc():
    got = vietqr.parse(PUBLISHED_MB)
    assert (got["bin"], got["account"]) == ("970422", "0352350917")


def test_independent_parser_decodes_our_payload():
    # PyPI vietnam-qr-pay (Python port of the npm library the fixtures above come from):
    # a decoder that shares no code with ours. Imported here, not skipped: it is in the test lock.
    from vietnam_qr_pay import QRPay

    payload = vietqr.build("970418", "0000000000123", vietqr.SAMPLE_PURPOSE)
    qr = QRPay(payload)
    assert qr.is_valid
    assert (qr.version, qr.init_method) == ("01", "11")
    assert qr.provider.guid == "A000000727"
    assert qr.provider.service == "QRIBFTTA"
    assert (qr.consumer.bank_bin, qr.consumer.bank_number) == ("970418", "0000000000123")
    assert (qr.currency, qr.nation, qr.amount) == ("704", "VN", None)
    assert qr.additional_data.purpose == "MAU - KHONG CHUYEN TIEN"
    assert qr.crc == payload[-4:]
    assert not QRPay(payload[:-1] + ("0" if payload[-1] != "0" else "1")).is_valid


@pytest.mark.parametrize("position", [20, 50, -2])
def test_parse_detects_tampering(position):
    payload = vietqr.build("970436", "1234567890", vietqr.SAMPLE_PURPOSE)
    chars = list(payload)
    chars[position] = "9" if chars[position] != "9" else "8"
    with pytest.raises(ValueError, match="CRC"):
        vietqr.parse("".join(chars))


def test_parse_detects_a_swapped_account_with_recomputed_length_but_old_crc():
    real = vietqr.build("970436", "1234567890")
    fake = vietqr.build("970436", "1234567891")
    with pytest.raises(ValueError, match="CRC mismatch"):
        vietqr.parse(fake[:-4] + real[-4:])


def test_parse_requires_crc_last():
    with pytest.raises(ValueError, match="CRC"):
        vietqr.parse(PUBLISHED_TCB[:-8])


def test_account_with_a_letter_is_refused():
    with pytest.raises(ValueError, match="digits only"):
        vietqr.build("970436", "12345678O0")


@pytest.mark.parametrize("bin_", ["97043", "9704366", "97043A", "", " 970436"])
def test_bad_bin_is_refused(bin_):
    with pytest.raises(ValueError, match="BIN must be exactly 6 digits"):
        vietqr.build(bin_, "1234567890")


def test_account_length_limits():
    at_max = "1" * vietqr.ACCOUNT_MAX
    assert vietqr.parse(vietqr.build("970436", at_max))["account"] == at_max
    with pytest.raises(ValueError, match="6 to 19 digits"):
        vietqr.build("970436", at_max + "1")
    at_min = "1" * vietqr.ACCOUNT_MIN
    assert vietqr.parse(vietqr.build("970436", at_min))["account"] == at_min
    with pytest.raises(ValueError, match="6 to 19 digits"):
        vietqr.build("970436", at_min[:-1])
    assert (vietqr.ACCOUNT_MIN, vietqr.ACCOUNT_MAX) == (6, 19)


def test_purpose_limits():
    at_max = "X" * vietqr.PURPOSE_MAX
    assert vietqr.parse(vietqr.build("970436", "1234567890", at_max))["purpose"] == at_max
    with pytest.raises(ValueError, match="at most 25"):
        vietqr.build("970436", "1234567890", at_max + "X")
    with pytest.raises(ValueError, match="without diacritics"):
        vietqr.build("970436", "1234567890", "MẪU")


@pytest.mark.parametrize(
    ("text", "bin_"),
    [
        ("970436", "970436"),
        ("Vietcombank", "970436"),
        ("vcb", "970436"),
        ("VietinBank", "970415"),
        ("ICB", "970415"),
        ("MB Bank", "970422"),
        ("mb-bank", "970422"),
        ("MB", "970422"),
        ("Agribank", "970405"),
        ("VBA", "970405"),
        ("  nam a bank ", "970428"),
        ("seab", "970440"),
        ("LPBank", "970449"),
    ],
)
def test_find_bank(text, bin_):
    bank = find_bank(text)
    assert bank is not None
    assert bank.bin == bin_


@pytest.mark.parametrize("text", ["999999", "Bank of Nowhere", "", "  -  ", "97043"])
def test_unknown_bank_is_none(text):
    assert find_bank(text) is None


def test_bank_list_is_well_formed():
    rows = banks()
    assert len(rows) >= 40
    assert len({b.bin for b in rows}) == len(rows), "one bank per BIN"
    for name in (
        "Vietcombank",
        "VietinBank",
        "BIDV",
        "Agribank",
        "Techcombank",
        "MBBank",
        "ACB",
        "VPBank",
        "Sacombank",
        "TPBank",
        "HDBank",
        "VIB",
        "SHB",
        "Eximbank",
        "MSB",
        "OCB",
        "SeABank",
        "LPBank",
        "NamABank",
    ):
        assert find_bank(name) is not None, name
    # The bundled list must not put a payment through to the wrong bank: spot-check the BINs
    # that sources disagreed on (see generator/payments/banks.SOURCE.md).
    assert find_bank("PVcomBank").bin == "970412"
    assert find_bank("Timo").bin == "963388"


def _with_crc(body: str) -> str:
    """A payload made by hand, its CRC from the standard library's CRC-16/CCITT."""
    body += "6304"
    return body + f"{binascii.crc_hqx(body.encode('ascii'), 0xFFFF):04X}"


def test_only_a_static_no_amount_transfer_is_what_a_sticker_carries():
    assert vietqr.static_transfer_problems(vietqr.parse(vietqr.build("970436", "1234567890"))) == []
    merchant = "0010A000000727" + "0124" + "0006970436" + "01101234567890" + "0208QRIBFTTA"
    one_sale = _with_crc(
        "000201"
        + "010212"
        + f"38{len(merchant):02d}{merchant}"
        + "5303704"
        + "540510000"
        + "5802VN"
    )
    problems = vietqr.static_transfer_problems(vietqr.parse(one_sale))  # parses: CRC is right
    assert any("point_of_initiation" in p for p in problems)
    assert any("amount" in p for p in problems)
