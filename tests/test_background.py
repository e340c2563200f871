"""Work in a forked process: its result or its error comes back, and cancel leaves nothing."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from generator import background
from generator.background import Background
from generator.parallel import die_with_parent


@pytest.fixture(autouse=True)
def forking(monkeypatch):
    """Other tests of the session may have left a thread running (a local web server);
    these tests are about the forked process itself."""
    monkeypatch.setattr(background, "fork_is_safe", lambda: True)


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


def _sleep(bound: bool) -> None:
    if bound:
        die_with_parent()
    time.sleep(60)


def start_a_worker_then_die(pid_file: str, bound: bool = False) -> None:
    worker = multiprocessing.get_context("fork").Process(target=_sleep, args=(bound,))
    worker.start()  # it holds the result pipe, as a pool's workers do
    Path(pid_file).write_text(str(worker.pid))
    os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would


def wait_for(path: Path) -> int:
    deadline = time.monotonic() + 10
    while not path.exists() or not path.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return int(path.read_text())


def gone(pid: int, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not alive(pid)


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


def _niceness() -> int:
    return os.nice(0)


def test_the_work_beside_yields_the_cores_to_the_main_work():
    here = os.nice(0)
    assert Background(_niceness).result() == min(here + background.NICENESS, 19)


def test_errors_come_back_as_they_were_raised():
    with pytest.raises(ValueError, match="no such sign"):
        Background(fail, "no such sign").result()
    with pytest.raises(KeyboardInterrupt):
        Background(interrupted).result()


def test_cancel_stops_the_work_and_the_processes_it_started(tmp_path: Path):
    pid_file = tmp_path / "worker.pid"
    job = Background(start_a_worker_and_wait, str(pid_file))
    worker = wait_for(pid_file)
    assert alive(worker)
    job.cancel()
    assert gone(worker)


def test_a_process_killed_outright_is_reported_not_waited_for(tmp_path: Path):
    pid_file = tmp_path / "worker.pid"
    job = Background(start_a_worker_then_die, str(pid_file))
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="stopped"):
        job.result()  # its worker still holds the pipe open: the end never comes
    assert time.monotonic() - started < 10
    assert gone(wait_for(pid_file))  # and the worker was stopped with its group


def test_a_worker_dies_with_the_process_that_started_it(tmp_path: Path):
    pid_file = tmp_path / "worker.pid"
    parent = multiprocessing.get_context("fork").Process(
        target=start_a_worker_then_die, args=(str(pid_file), True)
    )
    parent.start()
    parent.join()
    assert gone(wait_for(pid_file))


def test_with_threads_running_the_work_runs_here(monkeypatch):
    monkeypatch.undo()  # the real rule
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert Background(os.getpid).result() == os.getpid()
    finally:
        stop.set()
        thread.join()


def test_a_build_whose_sign_drawing_is_killed_says_so_and_keeps_the_output(project: Path):
    from click.testing import CliRunner

    from generator import pipeline
    from generator.cli import main

    pipeline.build(project)
    pipeline.build(project)  # the codes.yml the first wrote is read, and kept, by a check

    def files() -> list[str]:  # less the spare (not served): the staging folder took it
        found = (p.relative_to(project).as_posix() for p in (project / "build").rglob("*"))
        return sorted(f for f in found if not f.startswith("build/.spare"))

    before = files()
    real = pipeline._quiet_signs
    pipeline._quiet_signs = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["build"], env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    finally:
        os.chdir(cwd)
        pipeline._quiet_signs = real
    assert result.exit_code == 1
    assert "mau: the signs were not finished; nothing was changed:" in result.output
    assert "stopped before it finished" in result.output and "short of memory" in result.output
    assert "cannot be made" not in result.output
    assert "Traceback" not in result.output
    assert files() == before
