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

from generator import pipeline, schema
from generator.content import load_project
from generator.frontmatter import FrontMatterError, parse
from generator.i18n import gettext_for
from generator.problems import ContentError

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
    for problem in problems.sorted():
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


# --- the whole check, on a street, a guide and site.yml -----------------------------------

CHECK = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
STREET = "streets/mau/pho-mau/index.vi.md"
GUIDE = "content/guides/kich-hoat-vneid/index.vi.md"
SITE = "sites/mau/site.yml"
SUB_NAMES = sorted(
    {*FIELD_NAMES, *schema.STOP_KEYS, *schema.SHOP_KEYS, *schema.LINK_KEYS, "vi", "en"}
)
SITE_NAMES = sorted(
    {*schema.SITE_KEYS, *schema.COUNTER_KEYS, *schema.SIGN_DEFAULT_KEYS, "phone", "zalo", "vi"}
)


PLAUSIBLE = st.sampled_from(
    ["vi", "en", "fr", "kich-hoat-vneid", "logo.png", "anh-bia.jpg", "https://x.vn/", "A4", "1"]
)


def values(names: list[str]):
    return st.recursive(
        st.one_of(SCALARS, PLAUSIBLE),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(
                st.one_of(st.sampled_from(names), st.text(max_size=6)), inner, max_size=4
            ),
        ),
        max_leaves=16,
    )


@pytest.fixture(scope="module")
def check_root():
    """A project whose codes were issued, so a broken file also meets the code registry."""
    folder = Path(tempfile.mkdtemp(prefix="qrsite-fuzz-check-"))
    root = make_project(folder / "project")
    checked = pipeline.check(root)
    checked.codes["mau"][0].save()
    yield root
    shutil.rmtree(folder)


def check_outcome(root: Path, rel: str, raw: bytes) -> None:
    """Run the whole check with `raw` as the file `rel`: it passes, or every problem renders."""
    path = root / rel
    original = path.read_bytes()
    path.write_bytes(raw)
    try:
        pipeline.check(root)
    except ContentError as exc:
        assert exc.problems
        gettext = gettext_for("vi")
        for problem in exc.problems:
            assert problem.render(gettext).startswith(problem.path)
            problem.render(str)
    finally:
        path.write_bytes(original)


def front_matter(root: Path, rel: str) -> dict:
    text = (root / rel).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


def places(value, path=()):
    """Every place inside a front matter or site.yml, as a path of keys and indexes."""
    yield path
    if isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from places(value[key], (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*path, index))


def replaced(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: replaced(value[head], rest, new)}
    return [*value[:head], replaced(value[head], rest, new), *value[head + 1 :]]


def get(value, path):
    for step in path:
        value = value[step]
    return value


def mutate(data, value, names: list[str]):
    """`value` with one place inside it changed, as an author's slip would: a list where one
    text was meant, a mapping, a number, a text, or anything at all."""
    path = data.draw(st.sampled_from(list(places(value))[1:] or [()]))
    old = get(value, path)
    new = data.draw(
        st.one_of(
            st.just([old]),
            st.just({"vi": old}),
            st.just(str(old)),
            st.just(old[0] if isinstance(old, list) and old else None),
            values(names),
        )
    )
    return replaced(value, path, new)


def with_changes(meta: dict, changes: dict) -> dict:
    out = dict(meta)
    for key, value in changes.items():
        if value is None and key in out:
            del out[key]  # a field left out
        else:
            out[key] = value
    return out


@pytest.mark.parametrize("rel, kind", [(STREET, "street"), (GUIDE, "guide")])
@CHECK
@given(data=st.data())
def test_check_of_a_changed_street_or_guide(check_root, rel, kind, data):
    names = [f.name for f in schema.FIELDS[kind]]
    changes = data.draw(
        st.dictionaries(
            st.one_of(st.sampled_from(names), st.text(max_size=8)), values(SUB_NAMES), max_size=3
        )
    )
    meta = with_changes(front_matter(check_root, rel), changes)
    for _ in range(data.draw(st.integers(0, 4))):
        meta = mutate(data, meta, SUB_NAMES)
    body = data.draw(st.sampled_from(["", "x\n", "[a](../khac/)\n", "![b](anh.jpg)\n"]))
    text = yaml.safe_dump(meta, allow_unicode=True)
    check_outcome(check_root, rel, f"---\n{text}---\n{body}".encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("rel", [STREET, GUIDE, SITE])
@CHECK
@given(text=YAMLISH)
def test_check_of_yamlish_text(check_root, rel, text):
    raw = text if rel == SITE else f"---\n{text}\n---\nbody\n"
    check_outcome(check_root, rel, raw.encode())


@CHECK
@given(data=st.data())
def test_check_of_a_changed_site_yml(check_root, data):
    changes = data.draw(
        st.dictionaries(
            st.one_of(st.sampled_from(SITE_NAMES), st.text(max_size=8)),
            values(SITE_NAMES),
            max_size=3,
        )
    )
    meta = with_changes(yaml.safe_load((check_root / SITE).read_text(encoding="utf-8")), changes)
    for _ in range(data.draw(st.integers(0, 4))):
        meta = mutate(data, meta, SITE_NAMES)
    text = yaml.safe_dump(meta, allow_unicode=True)
    check_outcome(check_root, SITE, text.encode("utf-8", "surrogatepass"))


@CHECK
@given(raw=st.binary(max_size=1500))
def test_check_of_any_bytes_as_site_yml(check_root, raw):
    check_outcome(check_root, SITE, raw)
