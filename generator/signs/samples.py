"""One sample sign of each kind, and the command that draws the README's previews.

    python -m generator.signs.samples docs/images

writes `sign-<kind>.png` for every kind (the previews shown in the README). The samples
use the reserved example.org hosts. The payment sticker and standee pay a visibly made-up
account (0000000001 at Vietcombank), carry the "MẪU · SAMPLE" mark and a payload whose
purpose says "MAU - KHONG CHUYEN TIEN" (not for paying): a valid payload may still be
somebody's real account.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ..payments import vietqr
from ..payments.banks import find_bank
from .render import render_signs
from .spec import SignItem, SignSpec

BASE = "https://haiduong.example.org/"
SHORT = "HTTPS://HD.EXAMPLE.ORG/Q/"
WARD = {
    "organization_vi": "UBND phường Trần Hưng Đạo",
    "organization_en": "Tran Hung Dao Ward People's Committee",
}
STOPS = [
    ("Cài đặt VNeID mức 2", "Install VNeID level 2"),
    ("Thanh toán không dùng tiền mặt", "Cashless payment"),
    ("Nộp hồ sơ trên Cổng dịch vụ công quốc gia", "Apply on the national public-service portal"),
    ("Tra cứu hồ sơ", "Track an application"),
    ("Chữ ký số", "Digital signature"),
    ("Đặt lịch khám bệnh trực tuyến", "Book a doctor online"),
    ("Nộp thuế điện tử", "Pay tax online"),
    ("Đóng học phí", "Pay school fees"),
    ("Hỏi đáp qua Zalo OA phường", "Ask the ward on Zalo"),
]
RELICS = [
    ("Văn miếu Mao Điền", "Mao Dien Temple of Literature"),
    ("Đền Kiếp Bạc", "Kiep Bac Temple"),
    ("Côn Sơn", "Con Son"),
    ("Chùa Thanh Mai", "Thanh Mai Pagoda"),
    ("Đền thờ Chu Văn An", "Chu Van An Temple"),
    ("Đình Mộ Trạch", "Mo Trach communal house"),
    ("Lăng mộ Tuệ Tĩnh", "Tue Tinh's tomb"),
    ("Chùa Giám", "Giam Pagoda"),
    ("Thành cổ Hải Dương", "Hai Duong citadel"),
    ("Đền Yết Kiêu", "Yet Kieu Temple"),
    ("Chùa Nhẫm Dương", "Nham Duong Pagoda"),
    ("Đền Cao An Phụ", "Cao An Phu Temple"),
]


SAMPLE_MARK = "MẪU · SAMPLE"
SAMPLE_BANK = "Vietcombank"
SAMPLE_ACCOUNT = "0000000001"
SHOP = {
    "entry": "streets/hoa-thuan-tay/nguyen-huu-tho",
    "title_vi": "Tạp hóa Cô Lan",
    "title_en": "",
    "subtitle_vi": "Tuyến phố không dùng tiền mặt Nguyễn Hữu Thọ",
    "subtitle_en": "Nguyen Huu Tho cashless street",
    "organization_vi": "Đoàn Thanh niên phường Hòa Thuận Tây",
    "organization_en": "Hoa Thuan Tay Ward Youth Union",
    "payee": "NGUYEN VAN MAU",
    "bank": SAMPLE_BANK,
    "account_tail": SAMPLE_ACCOUNT[-4:],
    "contact": "0000 000 000",
    "sample": SAMPLE_MARK,
}


def sample_payload(account: str = SAMPLE_ACCOUNT, bank: str = SAMPLE_BANK) -> str:
    """A VietQR payload that says it is a sample (its purpose: not for paying)."""
    return vietqr.build(find_bank(bank).bin, account, purpose=vietqr.SAMPLE_PURPOSE)


def _short(code: str) -> str:
    return f"{SHORT}{code}/"


def sample_specs() -> list[SignSpec]:
    stops = tuple(
        SignItem(f"S{i}X7K", _short(f"S{i}X7K"), vi, en) for i, (vi, en) in enumerate(STOPS, 1)
    )
    stickers = tuple(
        SignItem(f"R{i:02d}QX", _short(f"R{i:02d}QX"), vi, en)
        for i, (vi, en) in enumerate(RELICS * 2, 1)
    )
    return [
        SignSpec(
            code="K7QX3",
            kind="relic_plaque",
            entry="relics/hai-duong/van-mieu-mao-dien",
            title_vi="Văn miếu Mao Điền",
            title_en="Mao Dien Temple of Literature",
            subtitle_vi="Di tích quốc gia đặc biệt · xếp hạng năm 2012",
            subtitle_en="Special national relic, ranked in 2012",
            url=_short("K7QX3"),
            placement="Cổng chính, bên trái",
            organization_vi="UBND tỉnh Hải Dương · Sở Văn hóa, Thể thao và Du lịch",
            organization_en="Hai Duong Provincial People's Committee · "
            "Department of Culture, Sports and Tourism",
        ),
        SignSpec(
            code="S3X7K",
            kind="street_board",
            entry="streets/hai-duong/pho-chuyen-doi-so-tran-hung-dao",
            title_vi="Cài đặt và kích hoạt định danh điện tử VNeID mức 2",
            title_en="Install and activate VNeID level 2 electronic ID",
            subtitle_vi="Phố chuyển đổi số Trần Hưng Đạo",
            subtitle_en="Tran Hung Dao digital transformation street",
            url=_short("S3X7K"),
            number=3,
            **WARD,
        ),
        SignSpec(
            code="P4ST1",
            kind="street_poster",
            entry="streets/hai-duong/pho-chuyen-doi-so-tran-hung-dao",
            title_vi="Phố chuyển đổi số Trần Hưng Đạo",
            title_en="Tran Hung Dao digital transformation street",
            subtitle_vi="9 điểm hướng dẫn dịch vụ số dọc phố",
            subtitle_en="9 stops along the street that show you digital services",
            url=_short("P4ST1"),
            items=stops,
            **WARD,
        ),
        SignSpec(
            code="C9M2T",
            kind="counter_tent",
            entry="guides/dang-ky-khai-sinh",
            title_vi="Đăng ký khai sinh trực tuyến trên Cổng dịch vụ công",
            title_en="Register a birth online on the public-service portal",
            subtitle_vi="Bộ phận một cửa phường Trần Hưng Đạo · Quầy số 2",
            subtitle_en="One-stop counter, Tran Hung Dao ward · Desk 2",
            url=_short("C9M2T"),
            **WARD,
        ),
        SignSpec(
            code="T8SH2",
            kind="sticker_sheet",
            entry="relics/hai-duong",
            title_vi="Mã QR di tích Hải Dương",
            title_en="Hai Duong relic codes",
            items=stickers,
            organization_vi="Sở Văn hóa, Thể thao và Du lịch Hải Dương",
            organization_en="Hai Duong Department of Culture, Sports and Tourism",
        ),
        SignSpec(
            code="nguyen-huu-tho--tap-hoa-co-lan",
            kind="payment_sticker",
            url=sample_payload(),
            **SHOP,
        ),
        SignSpec(
            code="nguyen-huu-tho--tap-hoa-co-lan--a6",
            kind="payment_standee",
            url=sample_payload(),
            **SHOP,
        ),
    ]


def write_previews(target: Path) -> list[Path]:
    """Render the samples and copy each preview to `target/sign-<kind>.png`."""
    target.mkdir(parents=True, exist_ok=True)
    out = []
    with tempfile.TemporaryDirectory(prefix="qrsite-samples-") as tmp:
        signs = render_signs(
            sample_specs(),
            Path(tmp) / "signs",
            Path(tmp) / "cache",
            base_url=BASE,
            allowed_prefixes=(SHORT,),
            jobs=1,
        )
        for sign in signs:
            dst = target / f"sign-{sign.kind}.png"
            dst.write_bytes(sign.png.read_bytes())
            out.append(dst)
    return out


if __name__ == "__main__":
    for path in write_previews(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")):
        print(path, path.stat().st_size // 1024, "KB")
