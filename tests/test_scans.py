"""`qrsite scans`: scans per code, sign, day and language from a fixture access log."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.moves import retire
from generator.scans import count_scans, parse_time, site_codes

RELIC = "relics/mau/van-mieu-mau"
STOP = "streets/mau/pho-mau#kich-hoat-vneid.2"

# {R} is the relic's code, {S} stop 2's code, {X} a retired code (the second relic's).
LOG = """\
10.0.0.1 - - [20/Nov/2026:08:00:00 +0700] "GET /Q/{R}/ HTTP/1.1" 200 1058 "-" "Mozilla/5.0"
10.0.0.1 - - [20/Nov/2026:08:00:01 +0700] "GET /relics/van-mieu-mau/ HTTP/1.1" 200 9000 "-" "M"
10.0.0.1 - - [20/Nov/2026:08:00:01 +0700] "GET /assets/qs.css HTTP/1.1" 200 900 "-" "M"
10.0.0.2 - - [20/Nov/2026:09:00:00 +0700] "GET /Q/{R} HTTP/1.1" 301 0 "-" "M"
10.0.0.2 - - [20/Nov/2026:09:00:00 +0700] "GET /Q/{R}/ HTTP/1.1" 200 1058 "-" "M"
10.0.0.2 - - [20/Nov/2026:09:00:01 +0700] "GET /assets/x.js HTTP/1.1" 200 10 "-" "M"
10.0.0.2 - - [20/Nov/2026:09:00:02 +0700] "GET /en/relics/van-mieu-mau/ HTTP/1.1" 200 9 "-" "M"
10.0.0.3 - - [20/Nov/2026:23:59:59 +0700] "HEAD /Q/{S}/ HTTP/1.1" 200 0
10.0.0.3 - - [21/Nov/2026:00:05:00 +0700] "GET /guides/kich-hoat-vneid/ HTTP/1.1" 200 9 "-" "M"
10.0.0.4 - - [21/Nov/2026:10:00:00 +0700] "POST /Q/{R}/ HTTP/1.1" 200 10 "-" "M"
10.0.0.4 - - [21/Nov/2026:10:00:00 +0700] "GET /Q/ZZZZZ/ HTTP/1.1" 404 10 "-" "M"
10.0.0.4 - - [21/Nov/2026:10:00:00 +0700] "GET /Q/{R}/ HTTP/1.1" 404 10 "-" "M"
10.0.0.5 - - [21/Nov/2026:10:00:00 +0700] "GET /Q/{X}/?utm=x HTTP/1.1" 200 700 "-" "M"
10.0.0.1 - - [21/Nov/2026:11:00:00 +0700] "GET /Q/{R}/index.html HTTP/1.1" 200 1058 "-" "M"
10.0.0.1 - - [21/Nov/2026:11:00:03 +0700] "GET /en/relics/van-mieu-mau/ HTTP/1.1" 304 0 "-" "M"
10.0.0.1 - - [21/Nov/2026:11:00:20 +0700] "GET /Q/{R}/ HTTP/1.1" 200 1058 "-" "M"
this line is not an access log line
"""


def prepare(project: Path) -> tuple[dict[str, str], str]:
    checked = pipeline.check(project)
    registry, codes = checked.codes["mau"]
    registry.save()
    keys = {key: code.code for key, code in codes.items()}
    retire(project, "relics/mau/dinh-lang-dong")
    log = LOG.format(R=keys[RELIC], S=keys[STOP], X=keys["relics/mau/dinh-lang-dong"])
    return keys, log


def test_counts_scans_per_code_day_and_language(project: Path):
    keys, log = prepare(project)
    counts = count_scans(log.splitlines(keepends=True), site_codes(project, "mau"))
    assert counts.lines == 17 and counts.unreadable == 1
    relic, stop, gone = keys[RELIC], keys[STOP], keys["relics/mau/dinh-lang-dong"]
    rows = {(code, day): n for _site, code, day, n in counts.table(by_day=True)}
    assert rows == {
        (relic, "2026-11-20"): {"vi": 1, "en": 1, "?": 0},
        (relic, "2026-11-21"): {"vi": 0, "en": 1, "?": 0},  # the reload 17 s later is one scan
        (stop, "2026-11-20"): {"vi": 0, "en": 0, "?": 1},  # the next page came after the window
        (gone, "2026-11-21"): {"vi": 0, "en": 0, "?": 1},
    }
    totals = {code: sum(n.values()) for _site, code, _day, n in counts.table(by_day=False)}
    assert totals == {relic: 3, stop: 1, gone: 1}


def test_time_zone_of_the_log_gives_the_day():
    when = parse_time("20/Nov/2026:23:59:59 +0700")
    assert when is not None and when.date().isoformat() == "2026-11-20"
    assert parse_time("20/Foo/2026:23:59:59 +0700") is None


def run(project: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args), env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    finally:
        os.chdir(cwd)


def test_cli_prints_a_table_and_csv(project: Path, tmp_path: Path):
    keys, log = prepare(project)
    path = tmp_path / "access.log.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(log)
    result = run(project, "scans", str(path), "--site", "mau")
    assert result.exit_code == 0, result.output
    assert "Văn miếu Mẫu" in result.output and "5 scans in 17 lines" in result.output
    result = run(project, "scans", str(path), "--csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "site,code,kind,target,title,day,vi,en,unknown,total"
    assert f"mau,{keys[RELIC]},relic,{RELIC},Văn miếu Mẫu,2026-11-20,1,1,0,2" in lines
    assert len(lines) == 5
    result = run(project, "scans", str(path), "--site", "nowhere")
    assert result.exit_code == 1 and "no site 'nowhere'" in result.output


def test_impossible_dates_and_a_damaged_gzip_are_clean(tmp_path):
    import gzip as gz

    from generator.scans import ScanCounts, ScanError, open_log, read_hits

    bad_day = '1.2.3.4 - - [32/Jan/2024:10:00:00 +0700] "GET /Q/ABCDE/ HTTP/1.1" 200 5 "-" "-"\n'
    counts = ScanCounts()
    assert list(read_hits([bad_day], counts)) == []
    assert counts.unreadable == 1
    broken = tmp_path / "access.log.gz"
    broken.write_bytes(gz.compress(bad_day.encode() * 50)[:40])
    import pytest

    with pytest.raises(ScanError):
        list(open_log(broken))
