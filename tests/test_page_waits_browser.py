"""The waits of page_waits.py wait for what an async function resolves to, where
Playwright's wait_for_function returns at once on its Promise."""

from __future__ import annotations

import pytest
from page_waits import wait_until

pytestmark = pytest.mark.browser

LATER_MS = 300


def test_wait_for_function_does_not_wait_for_a_promise(phone):
    """Why the waits exist: this returns at once although the Promise holds false."""
    handle = phone.wait_for_function("async () => false", timeout=1000)
    assert handle.json_value() is False


def test_a_promise_that_holds_false_fails_the_wait(phone):
    with pytest.raises(AssertionError, match="the impossible"):
        wait_until(phone, "async () => false", "the impossible", timeout=0.3)


def test_the_wait_ends_when_the_promise_holds_true(phone):
    """A condition that comes true a moment later holds when the wait returns (with
    wait_for_function it would not yet: see the first test)."""
    phone.evaluate("window.since = performance.now()")
    later = f"async () => performance.now() - window.since >= {LATER_MS}"
    wait_until(phone, later, "a moment later")
    assert phone.evaluate(later) is True
