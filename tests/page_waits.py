"""Waiting in a page for what only an async function can read, such as the Cache API.

Playwright's `wait_for_function` is done as soon as its function returns anything
truthy, and the Promise an async function returns is truthy: it returns at once,
whatever the Promise later holds. These waits call `page.evaluate`, which awaits the
Promise, again and again until it holds something truthy.
"""

from __future__ import annotations

import time

POLL_MS = 50

STORED_ITSELF = """async () => {
    if (!navigator.serviceWorker.controller) return false;
    for (const name of await caches.keys()) {
        if (await (await caches.open(name)).match(location.href)) return true;
    }
    return false;
}"""


def wait_until(page, predicate: str, what: str, timeout: float = 10.0) -> None:
    """Wait until the async JavaScript function `predicate` resolves to something
    truthy in `page`; fail, naming `what` was waited for, after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}, in vain, at {page.url}")
        page.wait_for_timeout(POLL_MS)


def wait_until_stored(page) -> None:
    """Wait until the offline worker controls the page and the page has stored itself."""
    wait_until(page, STORED_ITSELF, "the page to be controlled by the worker and stored")
