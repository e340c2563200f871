"""Payment stickers for a cashless street, from payments.yml to the PDF: the details are
checked with their file and line, the page shows whom each shop's code pays (never the
whole account), the codes decode with a parser that is not ours, the stickers stay out of
the site, and a changed account is reported by the build and by status."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import zxingcpp
from click.testing import CliRunner
from pypdf import PdfReader
from vietnam_qr_pay import QRPay

from generator import pipeline
from generator.cli import main
from generator.problems import ContentError
from generator.signs.verify import decode_pdf

STREET = "streets/mau/pho-mau"
PAYMENTS = f"{STREET}/payments.yml"
SHOPS = """\
shops:
  - name: Tạp hóa Cô Lan
    address: 12 đường Mẫu
    pays: [VietQR]
  - name: Quán Bà Bảy
    address: 14 đường Mẫu
"""
DETAILS = """\
shops:
  - shop: Tạp hóa Cô Lan
    bank: Vietcombank
    account: "0000001234"
    holder: NGUYEN THI LAN
    consent: {date: 2026-11-20, by: Nguyễn Văn An}
  - shop: Quán Bà Bảy
    bank: "970415"
    account: "0000005678"
    holder: TRAN THI BAY
    consent: {date: 2026-11-20, by: Nguyễn Văn An}
"""
# The NAPAS BINs of the two banks, from their published VietQR list (not from our CSV).
VIETCOMBANK, VIETINBANK = "970436", "970415"


def cashless(root: Path, details: str = DETAILS) -> None:
    vi = root / STREET / "index.vi.md"
    text = vi.read_text(encoding="utf-8").replace("kind: digital", "kind: cashless")
    head, sep, body = text.partition("\n---\n")
    vi.write_text(head + "\n" + SHOPS.rstrip("\n") + sep + body, encoding="utf-8")
    (root / PAYMENTS).write_text(details, encoding="utf-8")


def set_example(root: Path, on: bool) -> None:
    site = root / "sites" / "mau" / "site.yml"
    text = site.read_text(encoding="utf-8")
    site.write_text(
        text.replace("example: true", f"example: {'true' if on else 'false'}"), encoding="utf-8"
    )


def run(root: Path, *args: str):
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, list(args), env={"LANG": "en_US.UTF-8"})
    finally:
        os.chdir(old)


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ('bank: "970415"', 'bank: "970499"', 8, "unknown bank"),
        ("bank: Vietcombank", "bank: Vietcomm Bank", 3, "unknown bank"),
        ('account: "0000001234"', 'account: "00000O1234"', 4, "digits only"),
        ('account: "0000001234"', "account: 1234567", 4, "in quotes"),
        ('account: "0000001234"', 'account: "12345"', 4, "5 digits"),
        ('account: "0000001234"', 'account: "123456"', None, None),  # the shortest allowed
        ("holder: NGUYEN THI LAN", "holder: Nguyễn Thị Lan", 5, "'NGUYEN THI LAN'"),
        ("shop: Quán Bà Bảy", "shop: Quán Bà Bẩy", 7, "no shop named"),
        (
            "    consent: {date: 2026-11-20, by: Nguyễn Văn An}\n  - shop",
            "\n  - shop",
            2,
            "consent",
        ),
    ],
)
def test_payment_details_are_checked_with_their_file_and_line(project, old, new, line, words):
    assert old in DETAILS
    cashless(project, DETAILS.replace(old, new, 1))
    if line is None:
        pipeline.check(project)
        return
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    found = [p for p in caught.value.problems if p.path == PAYMENTS and p.level == "error"]
    assert found, caught.value.problems
    assert found[0].line == line and words in found[0].render(lambda m: m)


def test_payment_details_belong_to_a_cashless_street(project):
    (project / PAYMENTS).write_text(DETAILS, encoding="utf-8")  # the street stays digital
    with pytest.raises(ContentError) as caught:
        pipeline.check(project)
    assert any(p.path == PAYMENTS and "cashless" in p.message for p in caught.value.problems)


def test_the_street_page_names_each_payee_with_four_digits_and_the_site_never_the_account(
    project,
):
    cashless(project)
    pipeline.build(project)
    site = project / "build" / "mau" / "site"
    vi = (site / "streets" / "pho-mau" / "index.html").read_text(encoding="utf-8")
    assert "Vietcombank, người nhận NGUYEN THI LAN, tài khoản có 4 số cuối 1234" in vi
    en = (site / "en" / "streets" / "pho-mau" / "index.html").read_text(encoding="utf-8")
    assert "Bank transfer: VietinBank, to TRAN THI BAY, account ending 5678" in en
    for path in site.rglob("*"):
        if path.is_file() and path.suffix != ".gz":
            data = path.read_bytes()
            assert b"0000001234" not in data and b"0000005678" not in data, path
            assert not path.name.startswith("pho-mau--"), path


def test_stickers_decode_with_an_independent_parser_and_stay_out_of_the_public_signs(project):
    cashless(project)
    set_example(project, False)
    (project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md").write_text(
        (project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md")
        .read_text(encoding="utf-8")
        .replace("example: true\n", ""),
        encoding="utf-8",
    )
    pipeline.build(project)
    signs = project / "build" / "mau" / "signs"
    payments = signs / "payments"
    sticker = payments / "pho-mau--tap-hoa-co-lan.pdf"
    found, _carried = decode_pdf(sticker)
    assert len(found) == 1
    qr = QRPay(found[0])
    assert qr.is_valid  # the CRC, checked by a parser that shares no code with ours
    assert (qr.consumer.bank_bin, qr.consumer.bank_number) == (VIETCOMBANK, "0000001234")
    assert qr.amount is None and qr.additional_data.purpose is None  # a real shop's code
    sheet, _ = decode_pdf(payments / "pho-mau--all.pdf")
    assert sorted(QRPay(p).consumer.bank_bin for p in sheet) == sorted([VIETCOMBANK, VIETINBANK])
    assert (payments / "pho-mau--quan-ba-bay--a6.pdf").is_file()
    public, _ = decode_pdf(signs / "all.pdf")
    assert public and not any(p.startswith("000201") for p in public)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(sticker).pages).split())
    assert "NGUYEN THI LAN" in text and "1234" in text and "MẪU" not in text


def test_an_example_street_pays_nobody_by_mistake(project):
    cashless(project)  # the fixture site is an example
    pipeline.build(project)
    sticker = project / "build" / "mau" / "signs" / "payments" / "pho-mau--tap-hoa-co-lan.pdf"
    image_codes = decode_pdf(sticker)[0]
    assert QRPay(image_codes[0]).additional_data.purpose == "MAU - KHONG CHUYEN TIEN"
    assert "MẪU · SAMPLE" in " ".join(p.extract_text() for p in PdfReader(sticker).pages)


def test_a_changed_account_is_reported_last_by_build_and_by_status(project):
    cashless(project)
    first = run(project, "build")
    assert first.exit_code == 0, first.output
    assert "+ Vietcombank (970436) •••• 1234 NGUYEN THI LAN" in first.output
    again = run(project, "build")
    assert "PAYMENT DETAILS" not in again.output  # nothing changed
    (project / PAYMENTS).write_text(
        DETAILS.replace('"0000001234"', '"0000009999"'), encoding="utf-8"
    )
    pending = run(project, "status")
    assert "payment details edited since the last build:" in pending.output
    assert (
        "Vietcombank (970436) •••• 1234 NGUYEN THI LAN → Vietcombank (970436) •••• 9999"
        in pending.output
    )
    changed = run(project, "build")
    lines = changed.output.rstrip("\n").splitlines()
    assert lines[-1].startswith("!!") and "•••• 1234" in lines[-1] and "•••• 9999" in lines[-1]
    assert any("THÔNG TIN NHẬN TIỀN" in line for line in lines[-3:])  # in both languages
    assert "0000009999" not in changed.output  # four digits only, in logs too
    status = run(project, "status").output.rstrip("\n").splitlines()
    assert "•••• 9999" in status[-1] and "edited since" not in "\n".join(status)


def test_verify_reads_every_payment_code_back(project):
    cashless(project)
    assert run(project, "build").exit_code == 0
    result = run(project, "verify")
    assert result.exit_code == 0, result.output
    assert "pho-mau--tap-hoa-co-lan" in result.output
    # a sticker that pays another account than the content says is caught
    (project / PAYMENTS).write_text(
        DETAILS.replace('"0000001234"', '"0000009999"'), encoding="utf-8"
    )
    result = run(project, "verify")
    assert result.exit_code != 0 and "pho-mau--tap-hoa-co-lan" in result.output


def test_zxing_reads_the_code_at_the_sticker_size(project):
    """The sticker is 80 mm: its code must read from a phone-like raster, not just from
    the vector PDF at print resolution (PDFium at 150 dpi, a modest phone photo)."""
    import pypdfium2 as pdfium

    cashless(project)
    pipeline.build(project)
    pdf = pdfium.PdfDocument(
        str(project / "build" / "mau" / "signs" / "payments" / "pho-mau--quan-ba-bay.pdf")
    )
    image = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [QRPay(c.text).consumer.bank_number for c in codes] == ["0000005678"]


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        # the same bank by another name is no change; another bank is, even by its BIN
        ("bank: Vietcombank", "bank: VCB", None),
        ("bank: Vietcombank", 'bank: "970418"', "→ BIDV (970418) •••• 1234"),
        ("holder: NGUYEN THI LAN", "holder: NGUYEN  THI LAN", None),  # spaces fold
        ("holder: NGUYEN THI LAN", "holder: NGUYEN THI LANH", "→ Vietcombank (970436) ••••"),
    ],
)
def test_what_counts_as_a_change_of_payee(project, old, new, shown):
    cashless(project)
    assert run(project, "build").exit_code == 0
    (project / PAYMENTS).write_text(DETAILS.replace(old, new, 1), encoding="utf-8")
    output = run(project, "build").output
    if shown is None:
        assert "PAYMENT DETAILS" not in output
    else:
        assert shown in output.splitlines()[-1]


def test_a_renamed_shop_shows_its_old_and_new_details(project):
    cashless(project)
    assert run(project, "build").exit_code == 0
    vi = project / STREET / "index.vi.md"
    vi.write_text(
        vi.read_text(encoding="utf-8").replace("Quán Bà Bảy", "Quán Bà Tám"), encoding="utf-8"
    )
    details = DETAILS.replace("Quán Bà Bảy", "Quán Bà Tám").replace('"0000005678"', '"0000000008"')
    (project / PAYMENTS).write_text(details, encoding="utf-8")
    lines = run(project, "build").output.splitlines()
    assert any("Quán Bà Bảy: − VietinBank (970415) •••• 5678" in line for line in lines)
    assert any("Quán Bà Tám: + VietinBank (970415) •••• 0008" in line for line in lines)


def test_verify_reads_the_payment_book_too(project):
    """all.pdf of the payment signs is what a print shop prints from: a book that lost a
    shop's page (here: one sticker in its place) fails, naming it."""
    cashless(project)
    assert run(project, "build").exit_code == 0
    payments = project / "build" / "mau" / "signs" / "payments"
    (payments / "all.pdf").write_bytes((payments / "pho-mau--quan-ba-bay.pdf").read_bytes())
    result = run(project, "verify")
    assert result.exit_code != 0
    failed = [line for line in result.output.splitlines() if not line.startswith("ok")]
    assert any("mau/all" in line and "1234" in line for line in failed), result.output


def test_every_sticker_cut_from_the_sheet_names_its_street_and_youth_union(project):
    cashless(project)
    pipeline.build(project)
    sheet = project / "build" / "mau" / "signs" / "payments" / "pho-mau--all.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(sheet).pages).split())
    issuer = "Tuyến phố chuyển đổi số Mẫu · Đoàn phường Mẫu"
    assert text.count(issuer) == 2  # one per shop: the sheet's own title row has no "·"
    assert text.count("Name differs? Call 0000 000 000") == 2


def test_verify_fails_a_real_streets_sticker_that_still_says_sample(project):
    """A sample's codes tell bank apps not to pay; once the site is real, stickers drawn
    as a sample must not pass for real ones (nor real ones for samples)."""
    cashless(project)
    assert run(project, "build").exit_code == 0  # the fixture site is an example
    set_example(project, False)
    relic = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
    relic.write_text(relic.read_text(encoding="utf-8").replace("example: true\n", ""), "utf-8")
    result = run(project, "verify")
    assert result.exit_code != 0
    assert "transfer message is 'MAU - KHONG CHUYEN TIEN'" in result.output
