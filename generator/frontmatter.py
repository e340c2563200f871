"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Every mapping the YAML loader builds remembers the file line of each key, so a
message can point at the very line an author must fix.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import yaml

MAX_BYTES = 2_000_000  # a Markdown file larger than this is surely a mistake


class LineDict(dict):
    """A dict that knows the file line of each key (and its own)."""

    line: int = 0
    lines: dict


class _Loader(yaml.SafeLoader):
    line_offset = 0


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text: an author's "2023-05-01" is not a datetime to us.
_Loader.yaml_implicit_resolvers = {
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
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        return normalize(loader.get_single_data())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in str(exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote: point at where it was opened
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        raise FrontMatterError(
            line,
            "the YAML is not valid ({detail}): check colons, quotes and indentation",
            detail=str(exc.problem or exc.context or "").strip(),
        ) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(
            line_offset + 1,
            "the YAML is not valid ({detail}): check colons, quotes and indentation",
            detail=str(exc).splitlines()[0],
        ) from None
    finally:
        loader.dispose()


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise FrontMatterError(
            0,
            "the file is {size} MB, too large for one page: split it into several entries",
            size=round(len(raw) / 1_000_000, 1),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            line, "the file is not UTF-8 text: save it again as UTF-8 in your editor"
        ) from None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


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
    return Document(meta=meta, body="\n".join(lines[end + 1 :]), body_line=end + 2)
