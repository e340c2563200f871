"""The committed locks: in step with pyproject.toml, hashed, and what this test run uses.

A fresh machine installs from requirements.lock / requirements-test.lock (README, Set
up), so every range pyproject.toml declares must be pinned there, every pin must carry
hashes (pip's --require-hashes refuses anything else), and the packages this test run
imports must be the locked versions, so that what passes here is what the lock gives.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked(name: str) -> dict[str, list[tuple[str, Marker | None, int]]]:
    """name -> [(version, marker, number of hashes)] as the lock file pins them."""
    pins: dict[str, list[tuple[str, Marker | None, int]]] = {}
    current = None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            marker = Marker(match.group(3)) if match.group(3) else None
            current = [match.group(2), marker, 0]
            pins.setdefault(canonicalize_name(match.group(1)), []).append(current)
        elif line.strip().startswith("--hash=sha256:") and current is not None:
            current[2] += 1
        elif line.strip() and not line.lstrip().startswith("#"):
            assert line.startswith(" "), f"{name}: a line that pins nothing: {line}"
    return {k: [tuple(p) for p in v] for k, v in pins.items()}


def declared(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(r) for r in names]


def test_every_declared_range_is_pinned_inside_it_with_hashes():
    for lock, extra in (("requirements.lock", None), ("requirements-test.lock", "test")):
        pins = locked(lock)
        for requirement in declared(extra):
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{lock}: {name} is not locked: run scripts/update_locks.py"
            for version, _, hashes in pins[name]:
                assert requirement.specifier.contains(version, prereleases=True), (lock, name)
                assert hashes >= 1, f"{lock}: {name}=={version} has no hash"
        assert "setuptools" in pins  # the project installs with --no-build-isolation


def test_the_test_lock_pins_what_the_build_lock_pins_at_the_same_versions():
    build, test = locked("requirements.lock"), locked("requirements-test.lock")
    for name, pins in build.items():
        assert [p[:2] for p in test.get(name, [])] == [p[:2] for p in pins], name


def test_this_run_uses_the_locked_versions():
    """Catalogs, PDFs and pages are tested under exactly what a fresh install gets."""
    checked = 0
    for name, pins in locked("requirements-test.lock").items():
        for version, marker, _ in pins:
            if marker is not None and not marker.evaluate():
                continue
            try:
                installed = metadata.version(name)
            except metadata.PackageNotFoundError:
                installed = None
            assert installed == version, f"{name}: {installed} installed, {version} locked"
            checked += 1
    assert checked >= len(declared("test"))
