"""Work done beside the main work, in a forked process, its result fetched later.

A site's signs need only the content model, so they are drawn while MkDocs writes the
pages, and the two keep both cores busy. The forked process leads a process group of
its own, so cancelling it also stops the workers it started; Ctrl-C reaches the main
process, which cancels it; if the main process dies (killed, a CI timeout), the kernel
stops the forked one, and its workers with it (parallel.die_with_parent). Where forking
is not safe (no fork, macOS, a process already running threads, as `qrsite serve` does)
the work simply runs when its result is asked for.

The forked process runs at a lower priority (NICENESS): the main work is what the
build waits on last, so it gets a core whenever it wants one, and the work beside it
takes the rest. Both end sooner than when they share the cores evenly.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable

from .parallel import start_worker

NICENESS = 10  # added to the forked process's, and so to its workers'


class Stopped(RuntimeError):
    """The forked process ended without a result (killed, out of memory)."""

    def __init__(self, exitcode: int | None):
        super().__init__(f"the background work stopped (exit code {exitcode})")
        self.exitcode = exitcode


class Background:
    """`fn(*args)` started now; `result()` waits for it and returns it or raises."""

    def __init__(self, fn: Callable, *args) -> None:
        self._fn, self._args = fn, args
        self._proc = None
        if not fork_is_safe():
            return
        context = multiprocessing.get_context("fork")
        self._recv, send = context.Pipe(duplex=False)
        self._proc = context.Process(target=_child, args=(send, fn, args))
        self._proc.start()
        send.close()
        with contextlib.suppress(OSError):  # the child does so too: no race either way
            os.setpgid(self._proc.pid, self._proc.pid)

    def result(self):
        if self._proc is None:
            return self._fn(*self._args)
        try:
            # the process's workers inherit its end of the pipe (and its sentinel), so a
            # process that died is seen by asking for it, not by the pipe closing
            while not self._recv.poll(0.1):
                if not self._proc.is_alive() and not self._recv.poll():
                    raise EOFError
            ok, value = self._recv.recv()
        except EOFError:
            self.cancel()
            raise Stopped(self._proc.exitcode) from None
        finally:
            self._recv.close()
        self._proc.join()
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        """Stop the work and every process it started; nothing is left running."""
        if self._proc is None:
            return
        try:  # the group outlives its first process while a worker of it is alive
            os.killpg(self._proc.pid, signal.SIGTERM)
        except OSError:
            if self._proc.is_alive():
                self._proc.kill()
        self._proc.join()
        self._recv.close()


def fork_is_safe() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and sys.platform != "darwin"
        and threading.active_count() == 1
    )


def _child(send, fn: Callable, args: tuple) -> None:
    os.setpgid(0, 0)
    os.nice(NICENESS)
    start_worker()
    try:
        message = (True, fn(*args))
    except BaseException as exc:  # KeyboardInterrupt included: the parent decides
        message = (False, exc)
    try:
        send.send(message)
    except Exception as exc:  # an error that cannot be pickled: its text travels
        send.send((False, RuntimeError(f"{message[1]!r} ({exc})")))
    send.close()
