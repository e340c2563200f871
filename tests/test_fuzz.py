"""Any bytes an author saves give either an entry or a clear problem naming the file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from fixture_project import make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import schema
from generator.content import load_project
from generator.frontmatter import FrontMatterError, parse
from generator.i18n import gettext_for

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
REL = "relics/mau/van-mieu-mau/index.vi.md"
FIELD_NAMES = sorted(
    {name for kind in ("relic", "street", "guide") for name in schema.field_map(kind)}
)

YAMLISH = st.lists(
    st.sampled_from(
        list("abcđếĐ0123456789 -:,.'\"[]{}#&*!|>%@`?\\\t\n") + ["---", "...", "\n  ", "\n- "]
    ),
    max_size=120,
).map("".join)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)), inner, max_size=4
        ),
    ),
    max_leaves=20,
)
FRONT = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10)), VALUES, max_size=8
)


@pytest.fixture(scope="module")
def fuzz_root():
    folder = Path(tempfile.mkdtemp(prefix="qrsite-fuzz-"))
    root = make_project(folder / "project")
    yield root
    shutil.rmtree(folder)


def outcome(root: Path, raw: bytes) -> None:
    """Load the project with `raw` as a relic's Vietnamese file and judge the result."""
    (root / REL).write_bytes(raw)
    project, problems = load_project(root)
    loaded = any(e.slug == "van-mieu-mau" for e in project.entries.get("mau", []))
    mine = [p for p in problems.errors if p.path == REL]
    assert loaded or mine, [p.render(str) for p in problems.items]
    gettext = gettext_for("vi")
    for problem in problems.items:
        assert problem.render(gettext).startswith(problem.path)  # renders in Vietnamese too


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_any_bytes(fuzz_root, raw):
    outcome(fuzz_root, raw)


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_any_bytes_after_a_fence(fuzz_root, raw):
    outcome(fuzz_root, b"---\n" + raw + b"\n---\nbody\n")


@FUZZ
@given(text=YAMLISH, body=YAMLISH)
def test_yamlish_text(fuzz_root, text, body):
    outcome(fuzz_root, f"---\n{text}\n---\n{body}".encode())


@FUZZ
@given(front=FRONT, body=st.text(max_size=500))
def test_any_yaml_structure(fuzz_root, front, body):
    text = yaml.safe_dump(front, allow_unicode=True)
    outcome(fuzz_root, f"---\n{text}---\n{body}".encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=3000))
def test_parse_raises_only_its_own_error(raw):
    try:
        doc = parse(raw)
    except FrontMatterError as exc:
        assert exc.line >= 0
        exc.message.format(**exc.params)
    else:
        assert isinstance(doc.meta, dict) and doc.body_line >= 2
