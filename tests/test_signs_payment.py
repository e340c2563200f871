"""Payment signs (issue 18), read back from the PDFs the renderer writes: each code decodes
(zxing-cpp over PDFium) to a VietQR payload that an independent parser (PyPI
``vietnam-qr-pay``, not our builder) accepts, CRC included, for the right bank and account;
the payee, bank and last digits are printed beside it; the code is K-only with a blank
4-module quiet zone; and ``verify_payment_signs`` catches a wrong account, a wrong name and
a stale sticker."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from test_sign_sample_mark import MARK, mark_problems, page_texts
from test_signs_ink import PAPER, SOLID_K, shown_text
from test_signs_print_marks import DPI, corner_problems, quiet_zone_problems
from vietnam_qr_pay import QRPay

from generator.payments import vietqr
from generator.payments.banks import find_bank
from generator.signs import PAYMENT_KINDS, SignItem, SignSpec, render_signs, verify_payment_signs
from generator.signs.compose import MM, compose
from generator.signs.layout import LayoutError, load_layout
from generator.signs.verify_payments import carried_payloads

BASE = "https://hoathuantay.example.org/"
SHORT = "HTTPS://HTT.EXAMPLE.ORG/Q/"
STREET = {
    "entry": "streets/hoa-thuan-tay/nguyen-huu-tho",
    "title_en": "",
    "subtitle_vi": "Tuyến phố không dùng tiền mặt Nguyễn Hữu Thọ",
    "subtitle_en": "Nguyen Huu Tho cashless street",
    "organization_vi": "Đoàn Thanh niên phường Hòa Thuận Tây",
    "organization_en": "Hoa Thuan Tay Ward Youth Union",
}
WARNING_VI = "Kiểm tra tên người nhận trước khi chuyển"
WARNING_EN = "Check the payee's name before you pay"
CONTACT = "0000 000 000"


def payload(bank: str, account: str, sample: bool) -> str:
    return vietqr.build(find_bank(bank).bin, account, vietqr.SAMPLE_PURPOSE if sample else None)


def shop(code, kind, name, payee, bank, account, *, sample=True, contact=CONTACT) -> SignSpec:
    return SignSpec(
        code=code,
        kind=kind,
        title_vi=name,
        url=payload(bank, account, sample),
        payee=payee,
        bank=bank,
        account_tail=account[-4:],
        contact=contact,
        sample=MARK if sample else "",
        **STREET,
    )


SHOPS = [  # (name, payee, bank, account): visibly made-up accounts
    ("Tạp hóa Cô Lan", "NGUYEN VAN MAU", "Vietcombank", "0000000001"),
    ("Bánh mì Bà Hai", "TRAN THI MAU", "MBBank", "0000000000002"),
    ("Cà phê Góc Phố", "LE VAN MAU", "Techcombank", "0000000000000000003"),  # 19 digits
    ("Sửa xe Anh Tư", "PHAM MAU", "VietinBank", "000004"),
    ("Nước mía Chị Năm", "HOANG THI THANH MAU", "BIDV", "0000000005"),
    ("Trái cây Út Sáu", "VO VAN MAU", "Agribank", "0000000000006"),
    ("Quán chè Bảy", "DANG THI MAU", "ACB", "0000007"),
]


def specs() -> list[SignSpec]:
    items = tuple(
        SignItem(
            f"s{i}",
            payload(bank, account, False),
            name,
            "",
            payee=payee,
            bank=bank,
            account_tail=account[-4:],
        )
        for i, (name, payee, bank, account) in enumerate(SHOPS, 1)
    )
    return [
        shop("nguyen-huu-tho--tap-hoa-co-lan", "payment_sticker", *SHOPS[0]),
        shop("nguyen-huu-tho--tap-hoa-co-lan--a6", "payment_standee", *SHOPS[0]),
        # a real sticker: no mark, no sample purpose, no contact line; 19 digits, version 5
        shop("nguyen-huu-tho--ca-phe", "payment_sticker", *SHOPS[2], sample=False, contact=""),
        # the longest payload there is: 19 digits and the sample purpose (version 7)
        shop("nguyen-huu-tho--ca-phe--a6", "payment_standee", *SHOPS[2]),
        SignSpec(
            code="nguyen-huu-tho--all",
            kind="payment_sheet",
            title_vi="Nguyễn Hữu Thọ",
            items=items,
            **STREET,
        ),
    ]


def expected_of(spec: SignSpec):
    def one(bank, account, payee):
        return {
            "bin": find_bank(bank).bin,
            "account": account,
            "payee": payee,
            "bank": bank,
            "account_tail": account[-4:],
        }

    if spec.kind == "payment_sheet":
        return [one(b, a, p) for _, p, b, a in SHOPS]
    (account,) = [a for _, p, b, a in SHOPS if p == spec.payee]
    return one(spec.bank, account, spec.payee)


def render(specs_, tmp: Path, name: str = "signs"):
    return render_signs(
        specs_, tmp / name, tmp / "cache", base_url=BASE, allowed_prefixes=(SHORT,), jobs=1
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("payment")
    made = specs()
    return made, render(made, tmp), tmp / "signs"


def decoded(pdf: Path) -> list[list]:
    """Per page: the codes zxing-cpp reads from a rendering at `DPI`, and the image."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for page in doc:
            image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            out.append((image, codes))
        return out
    finally:
        doc.close()


# ------------------------------------------------------------------ the codes


def test_each_kind_is_made_and_named_by_its_code(rendered):
    made, signs, out = rendered
    assert {s.kind for s in made} == set(PAYMENT_KINDS)
    names = {p.name for p in out.iterdir()}
    assert names == {f"{s.code}.{e}" for s in made for e in ("pdf", "png")} | {
        "all.pdf",
        "manifest.csv",
    }
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["code"], r["kind"], r["url"]) for r in rows] == [
        (s.code, s.kind, s.url) for s in made
    ]
    assert [r["paper"] for r in rows] == ["S80", "A6", "S80", "A6", "A4"]
    # 7 shops: a sheet of 6 and one more page
    assert len(PdfReader(out / "all.pdf").pages) == 4 + 2


def test_every_code_pays_its_account_by_an_independent_parser(rendered):
    made, signs, _ = rendered
    for spec, sign in zip(made, signs, strict=True):
        texts = [c.text for _, codes in decoded(sign.pdf) for c in codes]
        assert Counter(texts) == Counter(spec.urls()), sign.code  # every code read
        wanted = expected_of(spec)
        wanted = wanted if isinstance(wanted, list) else [wanted]
        paid = set()
        for text in texts:
            qr = QRPay(text)
            assert qr.is_valid, (sign.code, text)  # its own CRC check
            assert qr.crc == text[-4:]
            assert (qr.version, qr.init_method) == ("01", "11")  # static: no amount
            assert qr.amount is None and (qr.currency, qr.nation) == ("704", "VN")
            assert qr.provider.guid == "A000000727" and qr.provider.service == "QRIBFTTA"
            purpose = qr.additional_data.purpose if qr.additional_data else None
            assert purpose == (vietqr.SAMPLE_PURPOSE if spec.sample else None), sign.code
            paid.add((qr.consumer.bank_bin, qr.consumer.bank_number))
        assert paid == {(w["bin"], w["account"]) for w in wanted}, sign.code


def test_the_payee_bank_and_last_digits_are_printed_with_the_warning(rendered):
    made, signs, _ = rendered
    for spec, sign in zip(made, signs, strict=True):
        texts = page_texts(sign.pdf)
        text = " ".join(texts)
        wanted = expected_of(spec)
        for w in wanted if isinstance(wanted, list) else [wanted]:
            assert w["payee"] in text and w["bank"] in text, sign.code
            assert f"•••• {w['account_tail']}" in text, sign.code
        assert WARNING_VI in text and WARNING_EN in text and "VietQR" in text, sign.code
        assert (f"Gọi {CONTACT}" in text) == bool(spec.contact), sign.code
        assert (f"Call {CONTACT}" in text) == bool(spec.contact), sign.code
        if spec.kind != "payment_sheet":
            assert spec.title_vi in text and spec.subtitle_vi in text, sign.code
            assert spec.organization_vi in text, sign.code
        assert all((MARK in t) == bool(spec.sample) for t in texts), sign.code
        assert all(("SAMPLE" in t) == bool(spec.sample) for t in texts), sign.code


def test_the_sample_mark_stays_clear_of_the_code(rendered):
    made, signs, _ = rendered
    for spec, sign in zip(made, signs, strict=True):
        if spec.sample:
            assert mark_problems(sign.pdf, list(spec.urls())) == [], sign.code


def test_the_sheet_marks_every_page_of_an_example_street(tmp_path):
    sheet = replace(specs()[-1], sample=MARK)
    (sign,) = render([sheet], tmp_path)
    assert mark_problems(sign.pdf, list(sheet.urls())) == []


def test_quiet_zone_crop_marks_and_bleed(rendered):
    _, signs, _ = rendered
    for sign in signs:
        for number, (image, codes) in enumerate(decoded(sign.pdf), 1):
            assert codes, (sign.code, number)
            for code in codes:
                assert quiet_zone_problems(image, code) == [], (sign.code, number)
        reader = PdfReader(sign.pdf)
        for number, page in enumerate(reader.pages, 1):
            assert corner_problems(reader, page) == [], (sign.code, number)
    for sign, (w, h) in ((signs[0], (80, 80)), (signs[1], (105, 148))):
        page = PdfReader(sign.pdf).pages[0]
        assert float(page.mediabox.width) == pytest.approx((w + 6) * MM, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx((h + 6) * MM, abs=0.01)
        trim = [float(v) for v in page.trimbox]
        assert trim == pytest.approx([3 * MM, 3 * MM, (3 + w) * MM, (3 + h) * MM], abs=0.01)
        with Image.open(sign.png) as preview:
            assert preview.width == 600
            assert preview.height == pytest.approx(600 * h / w, abs=1)


def test_the_code_and_small_text_are_k_only(rendered):
    _, signs, _ = rendered
    for sign in signs:
        for page in PdfReader(sign.pdf).pages:
            stream = page.get_contents().get_data().decode("latin-1")
            assert not re.search(r"\b(rg|RG|g|G)\n", stream)  # no RGB, no grey
            paths = re.findall(r"([^\n]*)\n(?:q [\d.]+ 0 0 -[\d.]+ [\d.]+ [\d.]+ cm \d)", stream)
            assert paths and all(p.strip() == "0 0 0 1 k" for p in paths), sign.code
            for text, size, fill in shown_text(page):
                if size < 10:
                    assert fill in (SOLID_K, PAPER), (sign.code, text, size)


def test_modules_stay_large_even_for_the_longest_payload():
    longest = payload("Techcombank", "9" * 19, True)
    assert len(longest) == 131
    floors = {"payment_sticker": 0.8, "payment_standee": 1.1, "payment_sheet": 0.8}
    for spec in specs():
        spec = replace(spec, url=longest, items=tuple(replace(i, url=longest) for i in spec.items))
        d = compose(spec.normalized(), load_layout(spec.kind))
        assert max(d.qr_versions) == 7
        assert min(d.module_mm) >= floors[spec.kind], spec.kind


# ------------------------------------------------------------------ refusals


def test_a_broken_payload_is_refused_naming_the_sign(tmp_path):
    good = specs()[0]
    broken = good.url[:-1] + ("0" if good.url[-1] != "0" else "1")  # a wrong CRC
    with pytest.raises(ValueError, match="nguyen-huu-tho--tap-hoa-co-lan.*CRC"):
        render([replace(good, url=broken)], tmp_path)
    sheet = specs()[-1]
    items = (replace(sheet.items[0], url="https://hoathuantay.example.org/"), *sheet.items[1:])
    with pytest.raises(ValueError, match="nguyen-huu-tho--all.*VietQR"):
        render([replace(sheet, items=items)], tmp_path)
    assert not (tmp_path / "signs" / "nguyen-huu-tho--tap-hoa-co-lan.pdf").exists()


def test_a_payment_code_is_not_held_to_the_site_prefixes(tmp_path):
    # and a site link is held to them still, in the same run
    plaque = SignSpec("K7QX3", "relic_plaque", "r", "Đình", "", url="https://elsewhere.example/")
    with pytest.raises(ValueError) as exc:
        render([specs()[0], plaque], tmp_path)
    assert "K7QX3" in str(exc.value) and "nguyen-huu-tho" not in str(exc.value)


def test_a_paper_of_another_shape_cannot_scale_a_layout(tmp_path):
    text = load_layout("payment_sticker").path.read_text("utf-8")
    (tmp_path / "payment_sticker.yml").write_text(
        text.replace("papers: [S80]", "papers: [S80, A6]")
    )
    with pytest.raises(LayoutError, match="A6"):
        load_layout("payment_sticker", tmp_path)


def test_keywords_give_back_payloads_that_hold_spaces():
    sample = payload("Vietcombank", "0000000001", True)
    assert " " in sample
    url = "HTTPS://HTT.EXAMPLE.ORG/Q/K7QX3/"
    assert carried_payloads(f"{sample} {url} {sample}") == [sample, url, sample]
    assert carried_payloads("000201 broken") == ["000201", "broken"]


# ------------------------------------------------------------------ verify


def expected_all(made):
    return {s.code: expected_of(s) for s in made}


def test_verify_passes_on_what_was_rendered(rendered):
    made, _, out = rendered
    lines = verify_payment_signs(out, expected_all(made))
    assert [line.code for line in lines] == sorted(s.code for s in made)
    assert all(line.ok for line in lines), [line.message for line in lines if not line.ok]
    sheet = next(line for line in lines if line.code == "nguyen-huu-tho--all")
    assert len(sheet.urls) == len(SHOPS)


def test_verify_fails_a_sign_that_pays_another_account(rendered):
    made, _, out = rendered
    expected = expected_all(made)
    expected["nguyen-huu-tho--tap-hoa-co-lan"] = dict(
        expected["nguyen-huu-tho--tap-hoa-co-lan"], account="0000000009", account_tail="0009"
    )
    bad = {line.code: line for line in verify_payment_signs(out, expected) if not line.ok}
    assert list(bad) == ["nguyen-huu-tho--tap-hoa-co-lan"]
    assert "…0009" in bad["nguyen-huu-tho--tap-hoa-co-lan"].message
    assert "0000000001" not in bad["nguyen-huu-tho--tap-hoa-co-lan"].message  # masked


def test_verify_fails_a_sign_whose_printed_payee_differs(tmp_path, rendered):
    made, _, _ = rendered
    sticker = made[0]
    render([replace(sticker, payee="NGUYEN VAN KHAC")], tmp_path)
    (line,) = verify_payment_signs(tmp_path / "signs", {sticker.code: expected_of(sticker)})
    assert not line.ok and line.code == sticker.code
    assert "NGUYEN VAN MAU" in line.message and "payee" in line.message


def test_verify_fails_a_sheet_whose_cells_swapped_names(tmp_path):
    sheet = specs()[-1]
    a, b, *rest = sheet.items
    swapped = (replace(a, payee=b.payee), replace(b, payee=a.payee), *rest)
    render([replace(sheet, items=swapped)], tmp_path)  # every name is still on the sheet
    (line,) = verify_payment_signs(tmp_path / "signs", {sheet.code: expected_of(sheet)})
    assert not line.ok
    assert line.message.count("payee") == 2


def test_verify_fails_a_stale_sticker_and_a_missing_one(tmp_path, rendered):
    made, _, out = rendered
    folder = tmp_path / "signs"
    shutil.copytree(out, folder)
    shutil.copy(folder / f"{made[0].code}.pdf", folder / "nguyen-huu-tho--da-dong-cua.pdf")
    (folder / f"{made[1].code}.pdf").unlink()
    lines = {line.code: line for line in verify_payment_signs(folder, expected_all(made))}
    assert not lines["nguyen-huu-tho--da-dong-cua"].ok
    assert "stale" in lines["nguyen-huu-tho--da-dong-cua"].message
    assert not lines[made[1].code].ok and "missing" in lines[made[1].code].message
    assert sum(not line.ok for line in lines.values()) == 2


def test_verify_leaves_other_signs_alone(tmp_path):
    plaque = SignSpec("K7QX3", "relic_plaque", "r", "Đình Mẫu", "", url=f"{SHORT}K7QX3/")
    render([plaque, specs()[0]], tmp_path)
    (line,) = verify_payment_signs(tmp_path / "signs", {specs()[0].code: expected_of(specs()[0])})
    assert line.ok and line.code == specs()[0].code
