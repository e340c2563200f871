"""The sign renderer's refusals, warnings and verify lines follow the reader's language."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.i18n import gettext_for
from generator.signs import SignSpec
from generator.signs.messages import Joined, Message
from generator.signs.render import check_specs

VI = {"LANG": "vi_VN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}
BASE = "https://mau.example.org/"


def test_a_message_reads_as_english_and_renders_in_vietnamese():
    problems = check_specs(
        [SignSpec("all", "relic_plaque", "x", "Tên", "Name", url="https://elsewhere.example/")],
        (BASE,),
    )
    english = [str(p) for p in problems]
    assert any("is outside this site" in p for p in english), english
    vietnamese = [p.render(gettext_for("vi")) for p in problems]
    assert any("nằm ngoài trang này" in p for p in vietnamese), vietnamese
    assert not any("outside" in p for p in vietnamese), vietnamese
    joined = Joined("; ", problems)
    assert pickle.loads(pickle.dumps(joined)).render(gettext_for("vi")) == "; ".join(vietnamese)


def test_a_cached_message_keeps_its_values():
    message = Message("codes read: {count}; every target page exists", count=2)
    back = Message.from_json(message.to_json())
    assert back.render(gettext_for("vi")) == "đọc được 2 mã, mọi trang mã dẫn tới đều có"
    assert Message.from_json("plain text").render(gettext_for("vi")) == "plain text"


@pytest.mark.slow
def test_build_warning_and_verify_lines_come_out_in_vietnamese(project: Path, monkeypatch):
    relic = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
    text = relic.read_text(encoding="utf-8")
    long_word = "Vănmiếu" * 12  # one word too long for the plaque even at its minimum size
    relic.write_text(text.replace("title: Văn miếu Mẫu", f"title: {long_word}"), "utf-8")
    monkeypatch.chdir(project)
    runner = CliRunner()
    result = runner.invoke(main, ["build"], env=VI)
    assert result.exit_code == 0, result.output
    assert "cảnh báo: " in result.output and "nhỏ hơn mức tối thiểu" in result.output
    assert "below the layout's minimum" not in result.output
    result = runner.invoke(main, ["verify"], env=VI)
    assert result.exit_code == 0, result.output
    assert "mọi trang mã dẫn tới đều có" in result.output, result.output
    assert "every target page exists" not in result.output


def test_a_refusal_crosses_a_process_boundary_whole():
    """Sites are built in worker processes: the refusal must arrive with its messages."""
    from generator.pipeline import SignsFailed
    from generator.signs.messages import SignsError

    error = SignsError([Message("sign {code}: no URL to encode", code="X")])
    failed = pickle.loads(pickle.dumps(SignsFailed("mau", str(error), error.messages)))
    assert (failed.site, str(failed)) == ("mau", "sign X: no URL to encode")
    assert failed.messages[0].render(gettext_for("vi")) == (
        "biển X: không có địa chỉ nào để in thành mã QR"
    )
    assert pickle.loads(pickle.dumps(error)).messages == error.messages


@pytest.mark.slow
def test_a_sign_that_cannot_be_drawn_is_refused_in_vietnamese(project: Path, monkeypatch):
    relic = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
    text = relic.read_text(encoding="utf-8")
    relic.write_text(text.replace("title: Văn miếu Mẫu", "title: Văn miếu 漢"), "utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"], env=VI)
    assert result.exit_code == 1, result.output
    assert "phông chữ không có ký tự" in result.output, result.output
    assert "the font has no glyph" not in result.output
