"""The one description of every front-matter field.

The checker, the `qrsite new` templates and the field reference in the authors'
guide are all generated from this table, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Where a field may be written.
BOTH = "both"  # translated text: Vietnamese file, and the English file may translate it
VI_ONLY = "vi"  # language-neutral: written once, in the Vietnamese file only
SITE_FILE = "site"  # sites/<site>/site.yml, which carries both languages itself

KINDS = ("relic", "street", "guide")
ENTRY_ROOTS = {"relic": "relics", "street": "streets"}  # guides live in content/guides


@dataclass(frozen=True)
class Field:
    name: str
    # text | text_list | flag | coordinates | file | kind | paper | stops | shops | links;
    # in site.yml: bilingual | url | contact | languages | guide_list | counters | sign_defaults
    type: str
    where: str
    required: bool
    help_vi: str
    help_en: str
    example: object = None
    choices: tuple[str, ...] = field(default_factory=tuple)
    start: object = None  # written, not as a comment, by `qrsite new` and the editor
    # A printed code or a payment depends on it: changed only by someone who knows that
    # (read-only in the browser editor).
    locked: bool = False


_COMMON = (
    Field(
        "title",
        "text",
        BOTH,
        True,
        "Tên hiển thị ở đầu trang và trên biển.",
        "The name shown at the top of the page and on the sign.",
        "Tên mục mới",
    ),
    Field(
        "summary",
        "text",
        BOTH,
        True,
        "Một hoặc hai câu giới thiệu, hiện trong danh sách.",
        "One or two sentences, shown in lists.",
        "Một câu giới thiệu ngắn.",
    ),
    Field(
        "draft",
        "flag",
        VI_ONLY,
        False,
        "Bài đang viết: xem trước được bằng 'qrsite serve', nhưng chưa lên trang, chưa có mã "
        "QR và biển. Xoá dòng này khi bài đã sẵn sàng.",
        "Work in progress: 'qrsite serve' previews it, but it gets no page, no QR code and no "
        "sign yet. Delete this line when the entry is ready.",
        None,
        start=True,
    ),
    Field(
        "example",
        "flag",
        VI_ONLY,
        False,
        "Ghi 'true' nếu đây là nội dung mẫu chưa được kiểm chứng.",
        "Write 'true' if this is example content that has not been checked.",
        None,
    ),
)

RELIC = _COMMON + (
    Field(
        "address",
        "text",
        BOTH,
        True,
        "Địa chỉ di tích.",
        "The relic's address.",
        "Phường ..., thành phố ...",
    ),
    Field(
        "ranking",
        "text",
        BOTH,
        False,
        "Xếp hạng di tích (nếu có), ví dụ 'Di tích quốc gia'.",
        "The relic's ranking, if any, e.g. 'National relic'.",
        None,
    ),
    Field(
        "coordinates",
        "coordinates",
        VI_ONLY,
        False,
        "Vĩ độ, kinh độ dạng [20.94, 106.33] — dùng để mở bản đồ.",
        "Latitude and longitude as [20.94, 106.33] — used for the map link.",
        None,
    ),
    Field(
        "cover",
        "file",
        VI_ONLY,
        True,
        "Tên tệp ảnh bìa đặt cạnh tệp này (jpg, png hoặc webp).",
        "The cover photo's file name, placed next to this file (jpg, png or webp).",
        "anh-bia.jpg",
    ),
    Field(
        "hours",
        "text",
        BOTH,
        False,
        "Giờ mở cửa.",
        "Opening hours.",
        None,
    ),
    Field(
        "audio",
        "file",
        BOTH,
        False,
        "Tệp thuyết minh (mp3) do tình nguyện viên thu, đặt cạnh tệp này.",
        "A narration (mp3) recorded by a volunteer, placed next to this file.",
        None,
    ),
    Field(
        "paper",
        "paper",
        VI_ONLY,
        False,
        "Khổ giấy biển QR của mục này: A5, A4 hoặc A3 (mặc định theo site).",
        "Paper size of this entry's sign: A5, A4 or A3 (default: the site's).",
        None,
        ("A5", "A4", "A3"),
    ),
)

STREET = _COMMON + (
    Field(
        "ward",
        "text",
        BOTH,
        True,
        "Phường/xã nơi có tuyến phố.",
        "The ward or commune the street is in.",
        "Phường ...",
    ),
    Field(
        "kind",
        "kind",
        VI_ONLY,
        True,
        "'digital' (tuyến phố chuyển đổi số) hoặc 'cashless' (tuyến phố không dùng tiền mặt).",
        "'digital' (digital transformation street) or 'cashless' (cashless street).",
        "digital",
        ("digital", "cashless"),
    ),
    Field(
        "stops",
        "stops",
        BOTH,
        True,
        "Các biển QR theo thứ tự: number (số), place (nơi đặt biển), guide (tên thư mục hướng "
        "dẫn). Mã QR của biển đi theo hướng dẫn của nó, không theo số: thêm hay đổi thứ tự biển "
        "không làm hỏng mã đã in. Tệp tiếng Anh chỉ dịch 'place'.",
        "The boards in order: number, place (where the board stands), guide (the guide's "
        "folder name). A board's QR code follows its guide, not its number: adding or "
        "reordering boards never breaks a printed code. The English file translates 'place' "
        "only.",
        [{"number": 1, "place": "Nơi đặt biển ...", "guide": "kich-hoat-vneid"}],
    ),
    Field(
        "shops",
        "shops",
        VI_ONLY,
        False,
        "Cửa hàng nhận thanh toán không tiền mặt: name, address, pays (danh sách).",
        "Shops that take cashless payment: name, address, pays (a list).",
        None,
    ),
)

GUIDE = _COMMON + (
    Field(
        "audience",
        "text",
        BOTH,
        False,
        "Hướng dẫn này dành cho ai.",
        "Who this guide is for.",
        None,
    ),
    Field(
        "documents",
        "text_list",
        BOTH,
        False,
        "Giấy tờ cần mang theo (danh sách).",
        "Documents to bring (a list).",
        None,
    ),
    Field("fee", "text", BOTH, False, "Lệ phí.", "The fee.", None),
    Field(
        "duration",
        "text",
        BOTH,
        False,
        "Mất bao lâu.",
        "How long it takes.",
        None,
    ),
    Field(
        "links",
        "links",
        BOTH,
        False,
        "Đường dẫn chính thức: mỗi dòng có title và url (https).",
        "Official links: each with a title and an url (https).",
        None,
    ),
)

FIELDS: dict[str, tuple[Field, ...]] = {"relic": RELIC, "street": STREET, "guide": GUIDE}

# Sub-fields of list fields; the English file may carry only those in `translatable`.
STOP_KEYS = ("number", "place", "guide")
STOP_TRANSLATABLE = ("number", "place")
SHOP_KEYS = ("name", "address", "pays")
LINK_KEYS = ("title", "url")


def field_map(kind: str) -> dict[str, Field]:
    return field_map_of(FIELDS[kind])


def field_map_of(fields: tuple[Field, ...]) -> dict[str, Field]:
    return {f.name: f for f in fields}


# site.yml: one locality. Bilingual values are written {vi: ..., en: ...}.
SITE = (
    Field(
        "name",
        "bilingual",
        SITE_FILE,
        True,
        "Tên trang, hiện ở đầu mọi trang và trên biển.",
        "The site's name, shown at the top of every page and on the signs.",
        {"vi": "Phường Mẫu", "en": "Sample Ward"},
    ),
    Field(
        "description",
        "bilingual",
        SITE_FILE,
        False,
        "Một hai câu giới thiệu trang, hiện ở trang chủ.",
        "One or two sentences about the site, shown on the home page.",
        {"vi": "Di tích và dịch vụ công của phường.", "en": "The ward's relics and services."},
    ),
    Field(
        "base_url",
        "url",
        SITE_FILE,
        True,
        "Địa chỉ web nơi trang được đăng, kết thúc bằng '/'. Trang đặt trong một thư mục con "
        "thì ghi cả thư mục. Không đổi sau khi đã in biển.",
        "The web address the site is published at, ending in '/'; a site in a sub-folder "
        "names the folder. Never change it once signs are printed.",
        "https://mau.example.org/",
        locked=True,
    ),
    Field(
        "short_base",
        "url",
        SITE_FILE,
        False,
        "Đầu của đường dẫn ngắn in trong mã QR, viết HOA để mã nhỏ gọn (mặc định: base_url "
        "thêm 'q/'). Không đổi sau khi đã in biển.",
        "The start of the short link printed in each QR code, in CAPITALS so the code stays "
        "small (default: base_url plus 'q/'). Never change it once signs are printed.",
        "HTTPS://MAU.EXAMPLE.ORG/Q/",
        locked=True,
    ),
    Field(
        "organization",
        "bilingual",
        SITE_FILE,
        True,
        "Đơn vị làm trang, in trên mọi biển.",
        "Who makes the site, printed on every sign.",
        {"vi": "Đoàn phường Mẫu", "en": "Sample Ward Youth Union"},
    ),
    Field(
        "contact",
        "contact",
        SITE_FILE,
        False,
        "Số điện thoại (phone) và Zalo OA (zalo, địa chỉ https) để người dân liên hệ.",
        "A phone number (phone) and a Zalo Official Account (zalo, an https address).",
        {"phone": "0236 3 000 000", "zalo": "https://zalo.me/0000000000"},
    ),
    Field(
        "languages",
        "languages",
        SITE_FILE,
        False,
        "Các ngôn ngữ của trang: [vi, en] hoặc [vi]. Luôn có tiếng Việt.",
        "The site's languages: [vi, en] or [vi]. Vietnamese is always there.",
        ["vi", "en"],
        ("vi", "en"),
    ),
    Field(
        "guides",
        "guide_list",
        SITE_FILE,
        False,
        "Các hướng dẫn dùng chung mà trang này đăng (tên thư mục trong content/guides).",
        "The shared guides this site carries (folder names in content/guides).",
        ["kich-hoat-vneid"],
    ),
    Field(
        "counters",
        "counters",
        SITE_FILE,
        False,
        "Các quầy một cửa: slug (tên ngắn, không đổi sau khi in), name, place, guides.",
        "The one-stop counters: slug (a short name, never changed once printed), name, "
        "place, guides.",
        [
            {
                "slug": "mot-cua",
                "name": {"vi": "Bộ phận một cửa phường Mẫu", "en": "Ward one-stop counter"},
                "place": {"vi": "Trụ sở UBND phường", "en": "Ward People's Committee"},
                "guides": ["kich-hoat-vneid"],
            }
        ],
    ),
    Field(
        "signs",
        "sign_defaults",
        SITE_FILE,
        False,
        "Mặc định của biển: paper (A5, A4 hoặc A3) và logo (tệp ảnh cạnh site.yml).",
        "Sign defaults: paper (A5, A4 or A3) and logo (a picture next to site.yml).",
        {"paper": "A4", "logo": "logo.png"},
    ),
    Field(
        "example",
        "flag",
        SITE_FILE,
        False,
        "Ghi 'true' nếu cả trang là nội dung mẫu: mọi trang hiện lời báo.",
        "Write 'true' if the whole site is example content: every page says so.",
        None,
    ),
)
SITE_KEYS = tuple(f.name for f in SITE)
SITE_REQUIRED = tuple(f.name for f in SITE if f.required)
COUNTER_KEYS = ("slug", "name", "place", "guides")
COUNTER_LOCKED = ("slug",)  # a counter's codes hang on its slug
SIGN_DEFAULT_KEYS = ("paper", "logo")
