"""Progress shows on a terminal and stays silent when not on one or under CI."""

from __future__ import annotations

import io

from generator import pipeline, progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_reporter_only_on_a_terminal_outside_ci():
    assert progress.for_terminal(FakeTerminal(), environ={}) is not None
    assert progress.for_terminal(FakeTerminal(), environ={"CI": "true"}) is None
    assert progress.for_terminal(io.StringIO(), environ={}) is None


def test_terminal_reporter_rewrites_one_line_and_ends_it():
    stream = FakeTerminal()
    reporter = progress.TerminalProgress(stream)
    with progress.reporting(reporter):
        for done in range(1, 4):
            progress.report("photos", done, 3, f"a{done}.jpg")
    out = stream.getvalue()
    assert out.count("\r\x1b[K") == 3
    assert out.endswith("photos 3/3 a3.jpg\n")
    progress.report("photos", 1, 1)  # nobody listens outside the block
    assert stream.getvalue() == out


def test_build_reports_sites_pages_and_photos(project, tmp_path):
    events = []
    pipeline.build(project, out_root=tmp_path / "out", progress=lambda *e: events.append(e))
    stages = {e[0] for e in events}
    assert {"sites", "pages", "photos"} <= stages
    assert events[-1][:3] == ("sites", 1, 1)
    photos = [e for e in events if e[0] == "photos"]
    assert photos[-1][1] == photos[-1][2] > 0
