"""The QR symbol is qrcode's own: same version, same mask (lowest ISO 18004 penalty as
qrcode scores it, the first of equals), same modules, for many kinds of URL."""

from __future__ import annotations

import random
import string

import pytest
import qrcode
from qrcode import util
from qrcode.constants import ERROR_CORRECT_Q

from generator.signs import qr
from generator.signs.qr import qr_matrix

UPPER = string.ascii_uppercase + string.digits


def _urls() -> list[str]:
    rnd = random.Random(18004)
    urls = [f"HTTPS://HD.EXAMPLE.ORG/Q/{''.join(rnd.choices(UPPER, k=5))}/" for _ in range(150)]
    urls += [
        f"https://{rnd.choice(['tinh', 'haiduong', 'a'])}.example.org/relics/"
        + "-".join(
            rnd.choices(["den", "chua", "dinh", "van-mieu", "mao-dien"], k=rnd.randint(1, 6))
        )
        + "/"
        for _ in range(100)
    ]
    sets = (UPPER + "/:.-", string.ascii_letters + string.digits + "/-_.~", string.digits)
    for length in [*range(1, 120, 4), 150, 200, 260, 330]:  # versions 1 to about 15
        urls += ["".join(rnd.choices(chars, k=length)) for chars in sets]
    urls += ["Đình làng số 7 — https://x.example.org/đình/", "a", "A", "0"]
    return urls


def _qrcode(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_Q, border=0)
    code.add_data(url)
    code.make(fit=True)
    return code


@pytest.fixture(scope="module")
def urls():
    return _urls()


def test_the_symbol_is_the_one_qrcode_makes(urls):
    versions = set()
    for url in urls:
        code = _qrcode(url)
        got = qr_matrix(url)
        versions.add(code.version)
        assert got.version == code.version, url
        expected = tuple(tuple(bool(m) for m in row) for row in code.get_matrix())
        assert got.modules == expected, url
    assert len(versions) >= 12  # many sizes (with and without version information)
    assert {1, 2, 3, 7} <= versions


def test_every_mask_scores_as_qrcode_scores_it(urls):
    for url in urls[::5]:
        code = _qrcode(url)
        codewords = util.create_data(code.version, code.error_correction, code.data_list)
        v = qr._version(code.version, len(codewords))
        bits = format(int.from_bytes(bytes(codewords), "big"), f"0{8 * len(codewords)}b")
        data = int("".join(v.place(bits + "0")), 2)
        scores = []
        for mask in range(8):
            code.makeImpl(True, mask)  # the layout qrcode scores (format bits left light)
            scores.append(util.lost_point(code.modules))
            assert qr._penalty(v.scored[mask] ^ data, v) == scores[-1], (url, mask)
        assert code.best_mask_pattern() == scores.index(min(scores))
