"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Every mapping the YAML loader builds remembers the file line of each key, so a
message can point at the very line an author must fix.

Files come from many hands, so the loader also refuses what could stall or crash a
build: YAML anchors and aliases (the "billion laughs"), fields nested absurdly deep,
a key written twice, and Markdown shaped to make the renderer work for minutes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import yaml

from .yaml_hints import explain as explain_yaml_error

MAX_BYTES = 2_000_000  # a Markdown file larger than this is surely a mistake
MAX_DEPTH = 20  # YAML nesting: a stop inside a list inside a field is 3
MAX_BRACKETS = 1000  # Markdown's link parser slows down with the square of the '[' signs
MAX_INDENT = 80  # columns: 20 levels of nested lists
MAX_QUOTE_DEPTH = 50  # '>' signs at the start of a line
# A line starting with 21 tabs, spaces or '>': the least that can pass MAX_INDENT columns
# (a tab is at most 4) or MAX_QUOTE_DEPTH '>' signs.
_DEEP_LINE = re.compile(r"^[> \t]{21}", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not tab, line feed, return


class LineDict(dict):
    """A dict that knows the file line of each key (and its own)."""

    line: int = 0
    lines: dict


class _Checks:
    """Composing in Python, each node checked as it is made."""

    line_offset = 0
    depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise FrontMatterError(
                self.peek_event().start_mark.line + 1 + self.line_offset,
                "anchors and aliases ('&name', '*name') are not allowed here: "
                "write each value out in full",
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise FrontMatterError(
                    self.peek_event().start_mark.line + 1 + self.line_offset,
                    "the fields are nested more than {limit} levels deep: "
                    "check the indentation and the brackets",
                    limit=MAX_DEPTH,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_Checks, yaml.SafeLoader):
    """All in Python: slower, but its error messages are the ones yaml_hints explains."""


try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    _FastLoader = _Loader
else:

    class _FastLoader(
        _Checks,
        yaml.composer.Composer,
        CParser,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """libyaml scans and parses (most of the time, in C); the rest is _Loader's."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        line = key_node.start_mark.line + 1 + loader.line_offset
        if key in result.lines:
            raise FrontMatterError(
                line,
                "the field '{field}' is written twice (lines {first} and {second}): keep one",
                field=key,
                first=result.lines[key],
                second=line,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


for _cls in {_Loader, _FastLoader}:
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    # Dates stay text: an author's "2023-05-01" is not a datetime to us.
    _cls.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str, **params):
        super().__init__(message)
        self.line = line
        self.message = message
        self.params = params


@dataclass
class Document:
    meta: LineDict
    body: str
    body_line: int  # file line where the body starts


def normalize(value):
    """NFC-normalise every string inside a loaded YAML value."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, LineDict):
        out = LineDict({k: normalize(v) for k, v in value.items()})
        out.line, out.lines = value.line, value.lines
        return out
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def load_yaml(text: str, line_offset: int = 0):
    """Load one YAML document; any failure is a FrontMatterError with a line."""
    try:
        return _load(_FastLoader, text, line_offset)
    except FrontMatterError:
        if _FastLoader is _Loader:
            raise
    # libyaml found a mistake: the pure-Python parser reads it again, because its
    # messages are the ones explained to authors in plain words
    return _load(_Loader, text, line_offset)


def _load(loader_class, text: str, line_offset: int):
    try:
        loader = loader_class(text)
    except yaml.YAMLError as exc:  # the reader checks the characters up front
        raise FrontMatterError(
            line_offset + 1,
            "the YAML is not valid ({detail}): check colons, quotes and indentation",
            detail=str(exc).splitlines()[0],
        ) from None
    loader.line_offset = line_offset
    try:
        return normalize(loader.get_single_data())
    except yaml.MarkedYAMLError as exc:
        line, message, params = explain_yaml_error(exc, text)  # the line to fix, in plain words
        raise FrontMatterError(line + 1 + line_offset, message, **params) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(
            line_offset + 1,
            "the YAML is not valid ({detail}): check colons, quotes and indentation",
            detail=str(exc).splitlines()[0],
        ) from None
    except (RecursionError, MemoryError):
        raise FrontMatterError(
            line_offset + 1,
            "the fields are nested more than {limit} levels deep: "
            "check the indentation and the brackets",
            limit=MAX_DEPTH,
        ) from None
    finally:
        if "loader" in locals():
            loader.dispose()


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise FrontMatterError(
            0,
            "the file is {size} bytes, more than the {limit} a page may have: split it into "
            "several entries",
            size=len(raw),
            limit=MAX_BYTES,
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            line, "the file is not UTF-8 text: save it again as UTF-8 in your editor"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Word processors paste invisible control characters; no page or field wants them.
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def parse(raw: bytes) -> Document:
    """Parse a Markdown file with front matter; raise FrontMatterError with a line."""
    text = decode(raw)
    if not text.strip():
        raise FrontMatterError(1, "the file is empty: start from the template made by 'qrsite new'")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise FrontMatterError(
            1, "the file must start with a line '---', then the fields, then another '---'"
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise FrontMatterError(
            1, "the fields are not closed: add a line '---' after the last field"
        ) from None
    meta = load_yaml("\n".join(lines[1:end]), line_offset=1)
    if meta is None:
        meta = LineDict()
        meta.line, meta.lines = 2, {}
    if not isinstance(meta, LineDict):
        raise FrontMatterError(
            2, "the fields must be written as 'name: value' lines, not a list or a single value"
        )
    body = "\n".join(lines[end + 1 :])
    check_body(body, end + 2)
    return Document(meta=meta, body=body, body_line=end + 2)


def check_body(body: str, first_line: int) -> None:
    """Refuse Markdown shaped to stall or crash the renderer, naming the line."""
    if body.count("[") <= MAX_BRACKETS and not _DEEP_LINE.search(body):
        return  # no line can be refused: read no line on its own
    brackets = 0
    for number, line in enumerate(body.split("\n"), start=first_line):
        brackets += line.count("[")
        if brackets > MAX_BRACKETS:
            raise FrontMatterError(
                number,
                "the text has more than {limit} '[' signs: a page needs far fewer; "
                "remove the extra ones",
                limit=MAX_BRACKETS,
            )
        stripped = line.lstrip(" \t")
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        if indent > MAX_INDENT:
            raise FrontMatterError(
                number,
                "this line is indented {count} spaces: lists nest at most 20 levels; "
                "remove some of the spaces",
                count=indent,
            )
        quotes = len(stripped) - len(stripped.lstrip("> \t"))
        if quotes > 0 and stripped[:quotes].count(">") > MAX_QUOTE_DEPTH:
            raise FrontMatterError(
                number,
                "this line starts with more than {limit} '>' signs: remove most of them",
                limit=MAX_QUOTE_DEPTH,
            )
