"""Work done beside the main work, in a forked process, its result fetched later.

A site's signs need only the content model, so they are drawn while MkDocs writes the
pages, and the two keep both cores busy. The forked process leads a process group of
its own, so cancelling it also stops the workers it started; Ctrl-C reaches the main
process, which cancels it. Where processes cannot be forked the work simply runs
when its result is asked for.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable


class Background:
    """`fn(*args)` started now; `result()` waits for it and returns it or raises."""

    def __init__(self, fn: Callable, *args) -> None:
        self._fn, self._args = fn, args
        self._proc = None
        if "fork" not in multiprocessing.get_all_start_methods():
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
            ok, value = self._recv.recv()
        except EOFError:
            self._proc.join()
            raise RuntimeError(
                f"the background work stopped (exit code {self._proc.exitcode})"
            ) from None
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
        if self._proc.is_alive():
            try:
                os.killpg(self._proc.pid, signal.SIGTERM)
            except OSError:
                self._proc.kill()
        self._proc.join()
        self._recv.close()


def _child(send, fn: Callable, args: tuple) -> None:
    os.setpgid(0, 0)
    try:
        message = (True, fn(*args))
    except BaseException as exc:  # KeyboardInterrupt included: the parent decides
        message = (False, exc)
    try:
        send.send(message)
    except Exception as exc:  # an error that cannot be pickled: its text travels
        send.send((False, RuntimeError(f"{message[1]!r} ({exc})")))
    send.close()
