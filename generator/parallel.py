"""Run one function over independent tasks, in worker processes when asked to.

Sites share nothing while they build, so `qrsite build --jobs N` hands each to its
own process; the same independence lets a province spread its sites over a CI
matrix. Results come back in the order of the tasks.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor


def die_with_parent() -> None:
    """In a worker process (Linux): be killed when the process that started it dies, so
    that a killed build leaves no worker running."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request was made
        os.kill(os.getpid(), signal.SIGKILL)


def reuse_freed_memory() -> None:
    """In a worker process (glibc): keep freed memory for the next allocation instead of
    handing it back. A sign's preview takes a 2 MB bitmap and as much again in images;
    mapped afresh for each sign, they cost a thousand page faults (about 3 ms) apiece."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(-3, 64 << 20)  # M_MMAP_THRESHOLD: big blocks come from the heap
        libc.mallopt(-1, 256 << 20)  # M_TRIM_THRESHOLD: and the heap keeps them
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def start_worker() -> None:
    """A pool's initializer: a worker that dies with its parent and reuses its memory."""
    die_with_parent()
    reuse_freed_memory()


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def runs_here(jobs: int, count: int) -> bool:
    """Whether run() calls its `count` tasks in this process (`jobs`: as run takes it)."""
    return (cpu_count() if jobs <= 0 else jobs) == 1 or count <= 1


def run(
    fn: Callable, tasks: Sequence[tuple], jobs: int = 1
) -> list[tuple[object, BaseException | None]]:
    """Call `fn(*task)` for each task; return (result, error) pairs in task order.

    With one job the tasks run here, one after the other, and stop at the first
    error. With more, every task runs to its end, so that each site that did build
    is reported (and its codes saved) even when another failed.
    """
    if runs_here(jobs, len(tasks)):
        out: list[tuple[object, BaseException | None]] = []
        for task in tasks:
            try:
                out.append((fn(*task), None))
            except Exception as exc:
                out.append((None, exc))
                break
        return out
    jobs = cpu_count() if jobs <= 0 else jobs
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)), mp_context=context, initializer=start_worker
    ) as pool:
        futures = [pool.submit(fn, *task) for task in tasks]
        out = []
        for future in futures:
            try:
                out.append((future.result(), None))
            except Exception as exc:
                out.append((None, exc))
        return out


def map_forked(fn: Callable, items: Sequence, jobs: int, chunk: int = 64) -> list:
    """`fn(item)` for each item, in order, over `jobs` forked processes in chunks: for
    many small tasks whose inputs and results are cheap to send. The caller checks that
    forking is safe here (background.fork_is_safe)."""
    return _map("fork", fn, items, jobs, chunk)


def map_processes(fn: Callable, items: Sequence, jobs: int, chunk: int = 1) -> list:
    """`fn(item)` for each item, in order, over `jobs` processes: forked on POSIX (they
    start at once, the imports done), started afresh elsewhere. For tasks that take
    their time in C (an image codec) and share no state with a thread of the caller."""
    return _map("fork" if os.name == "posix" else "spawn", fn, items, jobs, chunk)


def _map(start: str, fn: Callable, items: Sequence, jobs: int, chunk: int) -> list:
    context = multiprocessing.get_context(start)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=start_worker) as pool:
        return list(pool.map(fn, items, chunksize=chunk))
