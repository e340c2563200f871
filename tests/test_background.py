"""Work in a forked process: its result or its error comes back, and cancel leaves nothing."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from generator.background import Background


def square(x: int) -> int:
    return x * x


def fail(message: str) -> None:
    raise ValueError(message)


def interrupted() -> None:
    raise KeyboardInterrupt


def start_a_worker_and_wait(pid_file: str) -> None:
    worker = subprocess.Popen(["sleep", "60"])
    Path(pid_file).write_text(str(worker.pid))
    time.sleep(60)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")  # a zombie is gone


def test_result_comes_back_from_another_process():
    job = Background(os.getpid)
    assert job.result() != os.getpid()
    assert Background(square, 7).result() == 49


def test_errors_come_back_as_they_were_raised():
    with pytest.raises(ValueError, match="no such sign"):
        Background(fail, "no such sign").result()
    with pytest.raises(KeyboardInterrupt):
        Background(interrupted).result()


def test_cancel_stops_the_work_and_the_processes_it_started(tmp_path: Path):
    pid_file = tmp_path / "worker.pid"
    job = Background(start_a_worker_and_wait, str(pid_file))
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.02)
    worker = int(pid_file.read_text())
    assert alive(worker)
    job.cancel()
    deadline = time.monotonic() + 5
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not alive(worker)
