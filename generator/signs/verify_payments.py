"""verify_payment_signs: read every payment code back from the PDFs and check it pays the
right account, under the right name (issue 18).

A fake payment code pasted over a real one is the fraud payment stickers exist to defeat,
so a payment sign passes only when, read back from the PDF itself:

- every code is decoded (zxing-cpp over PDFium, `verify.decode_pdf`), and every payload
  the PDF says it carries (its Keywords) is among them;
- every payload parses as VietQR with a matching CRC (`payments.vietqr.parse`);
- the codes pay exactly the expected accounts (bank BIN and account number), no fewer and
  no others;
- the text printed beside each code (PDFium's text layer) shows that account's payee,
  bank short name and last four digits. "Beside" is measured: each printed occurrence
  counts for the code nearest to it on its page, so a sheet whose cells swapped two shops'
  names or codes fails.

`expected` maps a sign's code to what it must pay. A sticker or a standee pays one account,
so its value is one mapping::

    {"bin": "970436", "account": "0000000001", "payee": "NGUYEN VAN MAU",
     "bank": "Vietcombank", "account_tail": "0001"}

A sheet (many shops) maps to a sequence of such mappings, one per shop, in any order.

A PDF in the folder that carries a VietQR payload but whose code is not in `expected` is a
stale payment sign (a shop gone, or a code renamed) and fails; so does an expected code
with no PDF. Other signs (plaques, posters: their codes are links) are left to
`verify_signs`.

Messages name accounts by their last four digits only: verify output ends up in CI logs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp

from ..i18n import N_
from ..payments import vietqr
from .messages import Joined, Message
from .render import BOOKS
from .spec import VerifyLine
from .verify import DPI, decode_pdf, reading_problems

EMV_START = "000201"  # ID 00, length 02, value 01: every EMVCo payload starts so
_CRC_END = re.compile(r"6304[0-9A-Fa-f]{4}")
FIELDS = ("bin", "account", "payee", "bank", "account_tail")

Expected = Mapping[str, str]


def carried_payloads(keywords: str) -> list[str]:
    """The payloads a sign's PDF Keywords list. They are joined by spaces, and a VietQR
    payload may hold spaces (an example's purpose, "MAU - KHONG CHUYEN TIEN"): a payload
    that starts like an EMVCo one runs on to the word that ends with its CRC field."""
    out: list[str] = []
    words = keywords.split(" ")
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if not word:
            continue
        if word.startswith(EMV_START):
            j = i
            while not _CRC_END.fullmatch(word[-8:]) and j < len(words):
                word += " " + words[j]
                j += 1
            if _CRC_END.fullmatch(word[-8:]):
                i = j
            else:  # no CRC anywhere after it: take the word alone, parse() will refuse it
                word = words[i - 1]
        out.append(word)
    return out


def is_payment_payload(text: str) -> bool:
    return text.startswith(EMV_START)


def _tail(account: str) -> str:
    return "…" + account[-4:] if account else "?"


def _expected_list(value: Expected | Sequence[Expected]) -> list[Expected]:
    return [value] if isinstance(value, Mapping) else list(value)


# ------------------------------------------------------------------ reading the PDF


class _Page:
    """One page as the check needs it: the codes read from its rendering, with their
    centres in points, and its text layer, to find where a string is printed."""

    def __init__(self, page, dpi: int = DPI):
        scale = dpi / 72
        height = page.get_height()
        image = page.render(scale=scale, grayscale=True).to_pil()
        self.codes: list[tuple[str, tuple[float, float]]] = []
        for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            if c.valid:
                p = c.position
                xs = (p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x)
                ys = (p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y)
                self.codes.append((c.text, (sum(xs) / 4 / scale, height - sum(ys) / 4 / scale)))
        self.textpage = page.get_textpage()

    def centres_of(self, text: str, whole_word: bool = False) -> list[tuple[float, float]]:
        """Where each printed occurrence of `text` lies (the centre of its letters)."""
        out = []
        search = self.textpage.search(text, match_case=True, match_whole_word=whole_word)
        try:
            while hit := search.get_next():
                first, count = hit
                boxes = [self.textpage.get_charbox(i) for i in range(first, first + count)]
                boxes = [b for b in boxes if b[2] > b[0] and b[3] > b[1]]
                if boxes:
                    x0 = min(b[0] for b in boxes)
                    x1 = max(b[2] for b in boxes)
                    y0 = min(b[1] for b in boxes)
                    y1 = max(b[3] for b in boxes)
                    out.append(((x0 + x1) / 2, (y0 + y1) / 2))
        finally:
            search.close()
        return out

    def close(self) -> None:
        self.textpage.close()


# ------------------------------------------------------------------ checking one sign


def _printed_problems(pages, paying: dict[str, Expected]) -> list[Message]:
    """What expected text is not printed beside the code that pays its account.

    `paying` maps each decoded payload to the expected entry it pays."""
    problems = []
    for name in ("payee", "bank", "account_tail"):
        want_by_payload = {p: e[name] for p, e in paying.items()}
        shown: dict[str, bool] = dict.fromkeys(paying, False)
        for page in pages:
            if not page.codes:
                continue
            for wanted in sorted(set(want_by_payload.values())):
                for point in page.centres_of(wanted, whole_word=True):
                    nearest = min(page.codes, key=lambda c: math.dist(c[1], point))[0]
                    if want_by_payload.get(nearest) == wanted:
                        shown[nearest] = True
        for payload, ok in shown.items():
            if not ok:
                entry = paying[payload]
                problems.append(
                    Message(
                        N_(
                            "the code paying {bank} account {tail} has no {field} "
                            "{value} printed beside it"
                        ),
                        bank=entry["bank"],
                        tail=_tail(entry["account"]),
                        field=name.replace("_", " "),
                        value=repr(entry[name]),
                    )
                )
    return problems


def check_payment_sign(pdf: Path, expected: Sequence[Expected]) -> VerifyLine:
    """The verdict on one payment sign's PDF against the accounts it must pay."""
    code = pdf.stem
    try:
        found, _ = decode_pdf(pdf)  # what a phone reads: the authority, as for every sign
        doc = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, OSError) as exc:
        message = Message(N_("{file}: cannot be read ({error})"), file=pdf.name, error=str(exc))
        return VerifyLine(code, False, (), message)
    pages: list[_Page] = []
    try:
        carried = carried_payloads(doc.get_metadata_dict().get("Keywords", ""))
        pages = [_Page(page) for page in doc]
        problems = _problems(found, carried, pages, expected)
    finally:
        for page in pages:
            page.close()
        doc.close()
    if problems:
        return VerifyLine(code, False, tuple(found), Joined("; ", problems))
    message = Message(
        N_(
            "payment codes read: {count}; each pays the expected account, "
            "with its payee, bank and last digits printed beside it"
        ),
        count=len(found),
    )
    return VerifyLine(code, True, tuple(found), message)


def _problems(found, carried, pages, expected: Sequence[Expected]) -> list[Message]:
    problems = reading_problems(found, carried, vietqr.masked)
    by_account = {(e["bin"], e["account"]): e for e in expected}
    paying: dict[str, Expected] = {}
    paid = set()
    for payload in sorted(set(found)):
        try:
            fields = vietqr.parse(payload)
        except ValueError as exc:
            problems.append(
                Message(
                    N_("{payload} is not a valid VietQR payment code ({problem})"),
                    payload=repr(vietqr.masked(payload)),
                    problem=str(exc),
                )
            )
            continue
        key = (fields["bin"], fields["account"])
        entry = by_account.get(key)
        if entry is None:
            problems.append(
                Message(
                    N_(
                        "a code pays BIN {bin} account {tail}, which is not an account "
                        "this sign should pay"
                    ),
                    bin=fields["bin"] or "?",
                    tail=_tail(fields["account"] or ""),
                )
            )
            continue
        wrong = vietqr.static_transfer_problems(fields)
        if "purpose" in entry and (fields["purpose"] or "") != entry["purpose"]:
            wrong.append(f"its transfer message is {fields['purpose']!r}")
        if wrong:
            problems.append(
                Message(
                    N_(
                        "the code paying {bank} account {tail} is not what a sticker "
                        "carries: {problems}"
                    ),
                    bank=entry["bank"],
                    tail=_tail(entry["account"]),
                    problems="; ".join(wrong),
                )
            )
        paying[payload] = entry
        paid.add(key)
    for key, entry in by_account.items():
        if key not in paid:
            problems.append(
                Message(
                    N_("no code pays {bank} (BIN {bin}) account {tail}"),
                    bank=entry["bank"],
                    bin=entry["bin"],
                    tail=_tail(entry["account"]),
                )
            )
    problems += _printed_problems(pages, paying)
    return problems


# ------------------------------------------------------------------ a folder


def _is_payment_pdf(pdf: Path) -> bool:
    """Whether the PDF says it carries a VietQR payload (its Keywords)."""
    try:
        doc = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, OSError):
        return False
    try:
        keywords = doc.get_metadata_dict().get("Keywords", "")
    finally:
        doc.close()
    return any(is_payment_payload(p) for p in carried_payloads(keywords))


def verify_payment_signs(
    folder: Path, expected: Mapping[str, Expected | Sequence[Expected]]
) -> list[VerifyLine]:
    """One VerifyLine per payment sign, sorted by code: each `<code>.pdf` in `folder` whose
    code is a key of `expected`, each expected code without a PDF, and each PDF carrying a
    VietQR payload that `expected` does not name (a stale sign). See the module's
    docstring for the shape of `expected`."""
    folder = Path(folder)
    for code, value in expected.items():
        for entry in _expected_list(value):
            absent = [f for f in FIELDS if not entry.get(f)]
            if absent:
                raise ValueError(f"expected[{code!r}]: missing {', '.join(absent)}")
    pdfs = {p.stem: p for p in folder.glob("*.pdf") if p.name not in BOOKS}
    lines = []
    for code in sorted(set(pdfs) | set(expected)):
        pdf = pdfs.get(code)
        if code not in expected:
            if pdf is not None and _is_payment_pdf(pdf):
                message = Message(
                    N_(
                        "{file}: a payment sign that is no longer made (a stale sticker); "
                        "remove it and do not print it"
                    ),
                    file=pdf.name,
                )
                lines.append(VerifyLine(code, False, (), message))
            continue
        if pdf is None:
            message = Message(N_("{file}: missing; build again"), file=f"{code}.pdf")
            lines.append(VerifyLine(code, False, (), message))
            continue
        lines.append(check_payment_sign(pdf, _expected_list(expected[code])))
    return lines


def verify_payment_books(folder: Path, expected) -> list[VerifyLine]:
    """all.pdf must pay every expected account and no other, with each payee printed
    beside its code; reprint.pdf (some of the signs) no other account."""
    accounts: dict[tuple, Expected] = {}
    for value in expected.values():
        for entry in _expected_list(value):
            accounts.setdefault((entry["bin"], entry["account"]), entry)
    lines = []
    for name in BOOKS:
        book = folder / name
        if not book.is_file() or not accounts:
            continue
        wanted = list(accounts.values())
        if name != "all.pdf":  # only the accounts it carries must be there
            found = {(f["bin"], f["account"]) for f in _parsed(decode_pdf(book)[0])}
            wanted = [e for key, e in accounts.items() if key in found] or wanted
        lines.append(check_payment_sign(book, wanted))
    return lines


def _parsed(payloads) -> list[dict]:
    out = []
    for payload in payloads:
        try:
            out.append(vietqr.parse(payload))
        except ValueError:
            continue  # reported by check_payment_sign
    return out
