"""`qrsite edit` starts decap-server on 127.0.0.1 only, and Ctrl-C stops all it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixture_project import copy_samples

from generator.editor.room import NotInstalled, Room


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as /proc/net/tcp writes them) listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.append(address)
    return found


def _proxies_of(root: Path) -> list[int]:
    """Processes whose environment points decap-server at `root`."""
    wanted = f"GIT_REPO_DIRECTORY={root}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if wanted in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _room_or_skip(root: Path) -> Room:
    try:
        room = Room(root, "hai-duong", ("vi", "en"), port=0, echo=lambda line: None, lang="vi")
        room.start()
    except NotInstalled as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the editing room cannot start: {exc} (CI must run npm ci)")
        pytest.skip(str(exc))
    return room


def test_the_local_proxy_listens_on_loopback_only(tmp_path):
    room = _room_or_skip(copy_samples(tmp_path / "project"))
    try:
        assert room.proxy is not None
        addresses = _listening(room.proxy.port)
        assert addresses and set(addresses) <= {"0100007F"}, addresses  # 127.0.0.1
        assert set(_listening(room.server.server_address[1])) <= {"0100007F"}
    finally:
        room.close()
    assert room.proxy.process.poll() is not None
    assert not _listening(room.proxy.port)


def test_ctrl_c_stops_the_room_and_its_proxy(tmp_path):
    root = copy_samples(tmp_path / "project")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "edit", "hai-duong", "--port", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, SOURCE_DATE_EPOCH="1796342400"),
    )
    try:
        for line in process.stdout:
            if "__qrsite__/edit/" in line:
                break
            if "npm ci" in line and not os.environ.get("CI"):
                pytest.skip(line)
        assert _proxies_of(root), "decap-server runs while the room is open"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        deadline = time.monotonic() + 10
        while _proxies_of(root) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _proxies_of(root)
    finally:
        if process.poll() is None:
            process.kill()
