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
# The languages of every label and hint below (help_vi, help_en; label pairs), in order.
HELP_LANGUAGES = ("vi", "en")
PAPERS = ("A5", "A4", "A3")
KIND_LABELS = (("Di tích", "Relic"), ("Tuyến phố", "Street"), ("Hướng dẫn", "Guide"))
# Months an entry stays fresh after its `checked` day, unless site.yml says otherwise:
# steps on a phone app change fastest, a relic's history slowest.
FRESH_MONTHS = {"guide": 6, "street": 12, "relic": 24}
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
    label: tuple[str, str] = ("", "")  # (Vietnamese, English): the editor's field label
    # The editor's hint where the text above speaks of writing the file by hand.
    form_help: tuple[str, str] | None = None
    long_text: bool = False  # a paragraph rather than a line (the editor's text box)


_COMMON = (
    Field(
        "title",
        "text",
        BOTH,
        True,
        "Tên hiển thị ở đầu trang và trên biển.",
        "The name shown at the top of the page and on the sign.",
        "Tên mục mới",
        label=("Tên", "Title"),
    ),
    Field(
        "summary",
        "text",
        BOTH,
        True,
        "Một hoặc hai câu giới thiệu, hiện trong danh sách.",
        "One or two sentences, shown in lists.",
        "Một câu giới thiệu ngắn.",
        label=("Giới thiệu ngắn", "Summary"),
        long_text=True,
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
        label=("Bản nháp", "Draft"),
        form_help=(
            "Bật: bài đang viết, xem trước được nhưng chưa lên trang, chưa có mã QR và biển. "
            "Tắt khi bài đã sẵn sàng đăng.",
            "On: work in progress, previewed but with no page, QR code or sign yet. Switch "
            "it off when the entry is ready to publish.",
        ),
    ),
    Field(
        "example",
        "flag",
        VI_ONLY,
        False,
        "Ghi 'true' nếu đây là nội dung mẫu chưa được kiểm chứng.",
        "Write 'true' if this is example content that has not been checked.",
        None,
        label=("Nội dung mẫu", "Example content"),
        form_help=(
            "Bật nếu đây là nội dung mẫu chưa được kiểm chứng: trang và biển sẽ ghi rõ.",
            "On if this is example content that has not been checked: pages and signs say so.",
        ),
    ),
    Field(
        "checked",
        "date",
        VI_ONLY,
        False,
        "Ngày có người kiểm tra lại thông tin lần cuối (năm-tháng-ngày). Trang hiện ngày này; "
        "quá hạn (xem 'freshness' trong site.yml) thì 'qrsite status' nhắc kiểm tra lại.",
        "The day someone last confirmed the facts (year-month-day). The page shows it; once "
        "it is older than the site's 'freshness', 'qrsite status' asks for a new check.",
        None,
        label=("Ngày kiểm tra lần cuối", "Last checked"),
    ),
    Field(
        "sources",
        "sources",
        VI_ONLY,
        False,
        "Nguồn của thông tin: mỗi nguồn có title (tên bài, văn bản), và nếu có: publisher "
        "(nơi đăng), date (năm-tháng-ngày, năm-tháng hoặc năm), url (https). Hiện dưới mục "
        "«Nguồn».",
        "Where the facts come from: each source has a title (of the article or document) "
        "and, where known, a publisher, a date (year-month-day, year-month or year) and an "
        "url (https). Shown under «Sources».",
        None,
        label=("Nguồn", "Sources"),
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
        label=("Địa chỉ", "Address"),
    ),
    Field(
        "ranking",
        "text",
        BOTH,
        False,
        "Xếp hạng di tích (nếu có), ví dụ 'Di tích quốc gia'.",
        "The relic's ranking, if any, e.g. 'National relic'.",
        None,
        label=("Xếp hạng", "Ranking"),
    ),
    Field(
        "coordinates",
        "coordinates",
        VI_ONLY,
        False,
        "Vĩ độ, kinh độ dạng [20.94, 106.33] — dùng để mở bản đồ.",
        "Latitude and longitude as [20.94, 106.33] — used for the map link.",
        None,
        label=("Toạ độ", "Coordinates"),
    ),
    Field(
        "cover",
        "file",
        VI_ONLY,
        True,
        "Tên tệp ảnh bìa đặt cạnh tệp này (jpg, png hoặc webp).",
        "The cover photo's file name, placed next to this file (jpg, png or webp).",
        "anh-bia.jpg",
        label=("Ảnh bìa", "Cover photo"),
    ),
    Field(
        "hours",
        "text",
        BOTH,
        False,
        "Giờ mở cửa.",
        "Opening hours.",
        None,
        label=("Giờ mở cửa", "Opening hours"),
    ),
    Field(
        "audio",
        "file",
        BOTH,
        False,
        "Tệp thuyết minh (mp3) do tình nguyện viên thu, đặt cạnh tệp này.",
        "A narration (mp3) recorded by a volunteer, placed next to this file.",
        None,
        label=("Thuyết minh (mp3)", "Narration (mp3)"),
    ),
    Field(
        "paper",
        "paper",
        VI_ONLY,
        False,
        "Khổ giấy biển QR của mục này: A5, A4 hoặc A3 (mặc định theo site).",
        "Paper size of this entry's sign: A5, A4 or A3 (default: the site's).",
        None,
        PAPERS,
        label=("Khổ giấy biển", "Sign paper size"),
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
        label=("Phường/xã", "Ward or commune"),
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
        label=("Loại tuyến phố", "Kind of street"),
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
        label=("Các biển QR", "Boards"),
    ),
    Field(
        "shops",
        "shops",
        VI_ONLY,
        False,
        "Cửa hàng nhận thanh toán không tiền mặt: name, address, pays (danh sách). Thông tin "
        "nhận tiền để in nhãn thanh toán ghi riêng trong payments.yml cạnh tệp này.",
        "Shops that take cashless payment: name, address, pays (a list). The details printed "
        "on their payment stickers go in payments.yml beside this file.",
        None,
        label=("Cửa hàng", "Shops"),
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
        label=("Dành cho", "Who it is for"),
    ),
    Field(
        "documents",
        "text_list",
        BOTH,
        False,
        "Giấy tờ cần mang theo (danh sách).",
        "Documents to bring (a list).",
        None,
        label=("Giấy tờ cần mang", "Documents to bring"),
    ),
    Field("fee", "text", BOTH, False, "Lệ phí.", "The fee.", None, label=("Lệ phí", "Fee")),
    Field(
        "duration",
        "text",
        BOTH,
        False,
        "Mất bao lâu.",
        "How long it takes.",
        None,
        label=("Thời gian", "Duration"),
    ),
    Field(
        "links",
        "links",
        BOTH,
        False,
        "Đường dẫn chính thức: mỗi dòng có title và url (https).",
        "Official links: each with a title and an url (https).",
        None,
        label=("Đường dẫn chính thức", "Official links"),
    ),
)

FIELDS: dict[str, tuple[Field, ...]] = {"relic": RELIC, "street": STREET, "guide": GUIDE}


@dataclass(frozen=True)
class Part:
    """One key inside a compound field (a stop, a source, a counter ...)."""

    name: str
    # text | number | url | email | day (year-month-day) | partial_date | choice | guide |
    # guides | bilingual | text_list | image, or the name of another compound (its PARTS)
    type: str
    label: tuple[str, str]  # (Vietnamese, English)
    required: bool = False
    translated: bool = False  # the English file may carry it
    choices: tuple[str, ...] = ()
    # A printed code hangs on it (a counter's slug): the editor keeps it as written.
    locked: bool = False


def _keys(parts: tuple[Part, ...]) -> tuple[str, ...]:
    return tuple(p.name for p in parts)


STOP_PARTS = (
    Part("number", "number", ("Số thứ tự", "Number"), True, translated=True),
    Part("place", "text", ("Nơi đặt biển", "Where the board stands"), True, translated=True),
    Part("guide", "guide", ("Hướng dẫn", "Guide"), True),
)
SHOP_PARTS = (
    Part("name", "text", ("Tên cửa hàng", "Shop name"), True),
    Part("address", "text", ("Địa chỉ", "Address")),
    Part("pays", "text_list", ("Nhận thanh toán qua", "Takes payment by")),
)
LINK_PARTS = (
    Part("title", "text", ("Tên đường dẫn", "Link title"), True, translated=True),
    Part("url", "url", ("Địa chỉ (https)", "Address (https)"), True, translated=True),
)
SOURCE_PARTS = (
    Part("title", "text", ("Tên bài, văn bản", "Title"), True),
    Part("publisher", "text", ("Nơi đăng", "Publisher")),
    Part("date", "partial_date", ("Ngày đăng", "Date")),
    Part("url", "url", ("Địa chỉ (https)", "Address (https)")),
)
# Sub-fields of list fields; the English file may carry only the translated ones.
STOP_KEYS = _keys(STOP_PARTS)
STOP_TRANSLATABLE = tuple(p.name for p in STOP_PARTS if p.translated)
SHOP_KEYS = _keys(SHOP_PARTS)
LINK_KEYS = _keys(LINK_PARTS)
SOURCE_KEYS = _keys(SOURCE_PARTS)


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
        label=("Tên trang", "Site name"),
    ),
    Field(
        "description",
        "bilingual",
        SITE_FILE,
        False,
        "Một hai câu giới thiệu trang, hiện ở trang chủ.",
        "One or two sentences about the site, shown on the home page.",
        {"vi": "Di tích và dịch vụ công của phường.", "en": "The ward's relics and services."},
        label=("Giới thiệu trang", "Site description"),
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
        label=("Địa chỉ web", "Web address"),
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
        label=("Đầu đường dẫn ngắn", "Short link start"),
    ),
    Field(
        "organization",
        "bilingual",
        SITE_FILE,
        True,
        "Đơn vị làm trang, in trên mọi biển.",
        "Who makes the site, printed on every sign.",
        {"vi": "Đoàn phường Mẫu", "en": "Sample Ward Youth Union"},
        label=("Đơn vị", "Organization"),
    ),
    Field(
        "contact",
        "contact",
        SITE_FILE,
        False,
        "Số điện thoại (phone), Zalo OA (zalo, địa chỉ https) và thư điện tử (email) để người "
        "dân liên hệ và báo sai sót.",
        "A phone number (phone), a Zalo Official Account (zalo, an https address) and an "
        "email address (email), for residents to ask and to report a mistake.",
        {
            "phone": "0236 3 000 000",
            "zalo": "https://zalo.me/0000000000",
            "email": "doan.phuongmau@example.org",
        },
        label=("Liên hệ", "Contact"),
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
        label=("Ngôn ngữ", "Languages"),
    ),
    Field(
        "guides",
        "guide_list",
        SITE_FILE,
        False,
        "Các hướng dẫn dùng chung mà trang này đăng (tên thư mục trong content/guides).",
        "The shared guides this site carries (folder names in content/guides).",
        ["kich-hoat-vneid"],
        label=("Hướng dẫn đăng trên trang", "Guides carried"),
    ),
    Field(
        "counters",
        "counters",
        SITE_FILE,
        False,
        "Các quầy một cửa: slug (tên ngắn, không đổi sau khi in), name, place, guides; và "
        "changes (date, change, name, place) khi quầy đổi tên hay chuyển nơi.",
        "The one-stop counters: slug (a short name, never changed once printed), name, "
        "place, guides; and changes (date, change, name, place) when a counter is renamed "
        "or moves.",
        [
            {
                "slug": "mot-cua",
                "name": {"vi": "Bộ phận một cửa phường Mẫu", "en": "Ward one-stop counter"},
                "place": {"vi": "Trụ sở UBND phường", "en": "Ward People's Committee"},
                "guides": ["kich-hoat-vneid"],
            }
        ],
        label=("Quầy một cửa", "One-stop counters"),
    ),
    Field(
        "signs",
        "sign_defaults",
        SITE_FILE,
        False,
        "Mặc định của biển: paper (A5, A4 hoặc A3) và logo (tệp ảnh cạnh site.yml).",
        "Sign defaults: paper (A5, A4 or A3) and logo (a picture next to site.yml).",
        {"paper": "A4", "logo": "logo.png"},
        label=("Mặc định của biển", "Sign defaults"),
    ),
    Field(
        "freshness",
        "freshness",
        SITE_FILE,
        False,
        "Thông tin còn mới trong bao nhiêu tháng sau ngày kiểm tra ('checked'), theo loại: "
        "guide, street, relic. Quá hạn: 'qrsite status' nhắc, trang hướng dẫn báo có thể đã "
        "thay đổi.",
        "How many months after its 'checked' day an entry stays fresh, per kind: guide, "
        "street, relic. Past it, 'qrsite status' lists it and a guide's page warns that the "
        "steps may have changed.",
        dict(FRESH_MONTHS),
        label=("Hạn kiểm tra lại (tháng)", "Months before a new check"),
    ),
    Field(
        "sources",
        "sources",
        SITE_FILE,
        False,
        "Nguồn của phần giới thiệu trang (như 'sources' của một bài), hiện ở trang chủ.",
        "The sources of the site's description (as an entry's 'sources'), shown on the home page.",
        [
            {
                "title": "Tuyến phố chuyển đổi số đầu tiên của phường",
                "publisher": "Báo Mẫu",
                "date": "2024-05-10",
            }
        ],
        label=("Nguồn của phần giới thiệu", "Sources of the description"),
    ),
    Field(
        "changes",
        "site_changes",
        SITE_FILE,
        False,
        "Địa phương đã sáp nhập hoặc đổi tên: mỗi lần có date (ngày có hiệu lực), change "
        "(merged hoặc renamed), old và new (tên cũ, tên mới); nếu đổi cả tên trang hay đơn vị: "
        "name, organization. Từ ngày đó, các trang báo thay đổi và biển mới in tên mới.",
        "The locality was merged or renamed: each change has a date (when it took effect), "
        "change (merged or renamed), old and new (the names before and after); name and "
        "organization when the site's or its organization's name changed too. From that day "
        "the pages say so and new signs carry the new names.",
        [
            {
                "date": "2025-07-01",
                "change": "merged",
                "old": {"vi": "phường Mẫu Cũ", "en": "Old Sample ward"},
                "new": {"vi": "phường Mẫu", "en": "Sample ward"},
            }
        ],
        label=("Sáp nhập, đổi tên", "Mergers and renamings"),
    ),
    Field(
        "print_room",
        "print_room",
        SITE_FILE,
        False,
        "Phòng in (trang liệt kê mọi biển để mang đi in): 'public' (mặc định) đặt trong trang "
        "web, ở địa chỉ không trang nào dẫn tới; 'artifact' chỉ để trong thư mục build, không "
        "đăng lên mạng.",
        "The print room (a page listing every sign to take to the print shop): 'public' "
        "(the default) puts it in the published site, at an address no page links to; "
        "'artifact' keeps it in the build folder only, never published.",
        "public",
        ("public", "artifact"),
        label=("Phòng in", "Print room"),
    ),
    Field(
        "editor",
        "editor",
        SITE_FILE,
        False,
        "Phòng soạn bài trên mạng cho nhóm có kho mã trên GitHub, GitLab hoặc Gitea: backend "
        "(github, gitlab hoặc gitea), repo (chủ/tên kho), branch (nhánh, mặc định main); "
        "app_id (mã ứng dụng OAuth, với gitlab và gitea), api_root (địa chỉ API của máy chủ "
        "tự đặt), base_url (máy chủ đăng nhập, với github). Khi có, trang web có thêm "
        "admin/, không trang nào dẫn tới.",
        "A browser editing room for a team whose repository is on GitHub, GitLab or Gitea: "
        "backend (github, gitlab or gitea), repo (owner/name), branch (default main); app_id "
        "(the OAuth application's id, for gitlab and gitea), api_root (a self-hosted "
        "server's API address), base_url (the login server, for github). When given, the "
        "site gets admin/, which no page links to.",
        {"backend": "gitea", "repo": "doan-phuong/trang-qr", "app_id": "..."},
        locked=True,
        label=("Phòng soạn bài trên mạng", "Hosted editing room"),
    ),
    Field(
        "example",
        "flag",
        SITE_FILE,
        False,
        "Ghi 'true' nếu cả trang là nội dung mẫu: mọi trang và mọi biển hiện lời báo.",
        "Write 'true' if the whole site is example content: every page and sign says so.",
        None,
        label=("Cả trang là mẫu", "Whole site is an example"),
    ),
)
SITE_KEYS = tuple(f.name for f in SITE)
SITE_REQUIRED = tuple(f.name for f in SITE if f.required)
SITE_CHANGE_KINDS = ("merged", "renamed")  # a locality is merged or renamed
COUNTER_CHANGE_KINDS = ("merged", "renamed", "moved")  # a counter may also move
COUNTER_CHANGE_PARTS = (
    Part("date", "day", ("Ngày có hiệu lực", "Date"), True),
    Part("change", "choice", ("Thay đổi", "Change"), True, choices=COUNTER_CHANGE_KINDS),
    Part("name", "bilingual", ("Tên mới", "New name")),
    Part("place", "bilingual", ("Nơi mới", "New place")),
)
# Counters may record a change too: from its date, the new name and place are current.
COUNTER_PARTS = (
    Part("slug", "slug", ("Tên ngắn (không đổi sau khi in)", "Short name"), True, locked=True),
    Part("name", "bilingual", ("Tên quầy", "Counter name"), True),
    Part("place", "bilingual", ("Nơi đặt quầy", "Place")),
    Part("guides", "guides", ("Hướng dẫn tại quầy", "Guides at the counter")),
    Part("changes", "counter_changes", ("Đổi tên, chuyển nơi", "Renamed or moved")),
)
SIGN_DEFAULT_PARTS = (
    Part("paper", "choice", ("Khổ giấy", "Paper size"), choices=PAPERS),
    Part("logo", "image", ("Logo", "Logo")),
)
CONTACT_PARTS = (
    Part("phone", "text", ("Điện thoại", "Phone")),
    Part("zalo", "url", ("Zalo OA (https)", "Zalo OA (https)")),
    Part("email", "email", ("Thư điện tử", "Email")),
)
SITE_CHANGE_PARTS = (
    Part("date", "day", ("Ngày có hiệu lực", "Date"), True),
    Part("change", "choice", ("Thay đổi", "Change"), True, choices=SITE_CHANGE_KINDS),
    Part("old", "bilingual", ("Tên cũ", "Old name"), True),
    Part("new", "bilingual", ("Tên mới", "New name"), True),
    Part("name", "bilingual", ("Tên trang mới", "New site name")),
    Part("organization", "bilingual", ("Đơn vị mới", "New organization")),
)
FRESHNESS_PARTS = tuple(
    Part(kind, "number", label) for kind, label in zip(KINDS, KIND_LABELS, strict=True)
)
COUNTER_KEYS = _keys(COUNTER_PARTS)
COUNTER_LOCKED = tuple(p.name for p in COUNTER_PARTS if p.locked)
SIGN_DEFAULT_KEYS = _keys(SIGN_DEFAULT_PARTS)
CONTACT_KEYS = _keys(CONTACT_PARTS)
SITE_CHANGE_KEYS = _keys(SITE_CHANGE_PARTS)
COUNTER_CHANGE_KEYS = _keys(COUNTER_CHANGE_PARTS)
EDITOR_BACKENDS = ("github", "gitlab", "gitea")
EDITOR_PARTS = (
    Part("backend", "choice", ("Nơi đặt kho", "Host"), True, choices=EDITOR_BACKENDS),
    Part("repo", "text", ("Kho (chủ/tên)", "Repository (owner/name)"), True),
    Part("branch", "text", ("Nhánh", "Branch")),
    Part("app_id", "text", ("Mã ứng dụng OAuth", "OAuth application id")),
    Part("api_root", "url", ("Địa chỉ API", "API address")),
    Part("base_url", "url", ("Máy chủ đăng nhập", "Login server")),
)
EDITOR_KEYS = _keys(EDITOR_PARTS)
# The parts of every compound field type, by the type's name.
PARTS: dict[str, tuple[Part, ...]] = {
    "stops": STOP_PARTS,
    "shops": SHOP_PARTS,
    "links": LINK_PARTS,
    "sources": SOURCE_PARTS,
    "contact": CONTACT_PARTS,
    "counters": COUNTER_PARTS,
    "counter_changes": COUNTER_CHANGE_PARTS,
    "site_changes": SITE_CHANGE_PARTS,
    "sign_defaults": SIGN_DEFAULT_PARTS,
    "freshness": FRESHNESS_PARTS,
    "editor": EDITOR_PARTS,
}

# streets/<site>/<street>/payments.yml: the payment details of a cashless street's shops,
# printed into payment stickers. Kept apart from the text authors edit, and locked: a
# changed account is the fraud the stickers exist to prevent.
PAYMENTS_FILE = "payments"
PAYMENT = (
    Field(
        "shop",
        "text",
        PAYMENTS_FILE,
        True,
        "Tên cửa hàng, đúng như 'name' trong 'shops' của index.vi.md.",
        "The shop's name, exactly as its 'name' in index.vi.md's 'shops'.",
        "Tạp hóa Cô Lan",
        locked=True,
        label=("Cửa hàng", "Shop"),
    ),
    Field(
        "bank",
        "bank",
        PAYMENTS_FILE,
        True,
        "Ngân hàng: tên ngắn (Vietcombank), mã (VCB) hoặc mã BIN 6 số của NAPAS (970436).",
        "The bank: its short name (Vietcombank), code (VCB) or 6-digit NAPAS BIN (970436).",
        "Vietcombank",
        locked=True,
        label=("Ngân hàng", "Bank"),
    ),
    Field(
        "account",
        "account",
        PAYMENTS_FILE,
        True,
        "Số tài khoản, trong dấu ngoặc kép để giữ các số 0 ở đầu. Trang chỉ hiện 4 số cuối.",
        "The account number, in quotes so that leading zeros stay. Pages show only its "
        "last four digits.",
        "0000000001",
        locked=True,
        label=("Số tài khoản", "Account number"),
    ),
    Field(
        "holder",
        "holder",
        PAYMENTS_FILE,
        True,
        "Tên chủ tài khoản đúng như ngân hàng hiện: chữ in hoa, không dấu (NGUYEN THI LAN).",
        "The account holder's name exactly as the bank shows it: capitals, no diacritics "
        "(NGUYEN THI LAN).",
        "NGUYEN THI LAN",
        locked=True,
        label=("Chủ tài khoản", "Account holder"),
    ),
    Field(
        "consent",
        "consent",
        PAYMENTS_FILE,
        True,
        "Chủ cửa hàng đồng ý in thông tin (dữ liệu cá nhân, Nghị định 13/2023): date (ngày "
        "đồng ý) và by (người ghi nhận).",
        "The shop owner's consent to print these details (personal data, Decree 13/2023): "
        "date (when) and by (who collected it).",
        {"date": "2026-11-20", "by": "Nguyễn Văn An, Đoàn phường"},
        locked=True,
        label=("Đồng ý in", "Consent"),
    ),
)
PAYMENT_KEYS = tuple(f.name for f in PAYMENT)
CONSENT_KEYS = ("date", "by")
