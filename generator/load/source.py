"""Read YAML and Markdown front matter while remembering where every value came from.

PyYAML's `safe_load` forgets positions, so we compose the node tree and build the
Python values ourselves, recording the line and column of each key and value. The
resulting map lets a Pydantic error location such as `("price_tiers", 1, "min_qty")`
be reported as `ball-valve.yaml:14:7`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError, Loc, format_loc

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it: about 20× faster on large catalogs."""
Position = tuple[int, int]


PINNED: tuple[Loc, ...] = (("slug",), ("id",))
"""Where `library.sources` places an entity file (with its `aliases` entries)."""


@dataclass
class Document:
    """Plain data of one file plus the 1-based positions of its values and keys."""

    path: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    origin: Path | None = None
    """File to re-read positions from: documents validated in a worker process come
    back without their (large) position tables, which only errors ever need."""
    unreadable: set[Loc] = field(default_factory=set)
    """Values already reported as unreadable (such as the date 2026-13-01): their
    validation errors would only repeat that."""
    pinned: dict[Loc, Position] = field(default_factory=dict)
    """Positions kept when the tables are dropped: those every load looks up (where
    an entity and its aliases are declared), so an unchanged file is not parsed again."""

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """Position of `loc`, or of its nearest ancestor present in the file."""
        if not key and loc in self.pinned:
            return self.pinned[loc]
        if self.origin is not None and not self.values:
            parsed, _ = parse_yaml(self.origin.read_text(encoding="utf-8-sig"), self.path)
            self.values, self.keys = parsed.values, parsed.keys
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        for end in range(len(loc) - 1, -1, -1):
            if loc[:end] in self.values:
                return self.values[loc[:end]]
        return (1, 1)

    def compact(self, data: Any, origin: Path) -> Document:
        """This document with `data` and without its position tables (re-read from
        `origin` should an error need them), keeping the positions in `PINNED`."""
        aliases = self.data.get("aliases") if isinstance(self.data, dict) else None
        count = len(aliases) if isinstance(aliases, list) else 0
        locs = [*PINNED, *(("aliases", index) for index in range(count))]
        pinned = {loc: self.position(loc) for loc in locs}
        return Document(self.path, data, origin=origin, pinned=pinned)

    def error(self, loc: Loc, field_path: str, message: str, *, key: bool = False) -> ContentError:
        line, column = self.position(loc, key=key)
        return ContentError(self.path, line, column, field_path, message)


def _mark(node: yaml.Node, line_offset: int) -> Position:
    return (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


YAML_TAGS = "tag:yaml.org,2002:"
"""The standard tags; a list or map with another (`!foo [a]`) would lose it silently."""
MAX_DEPTH = 100
"""Deepest nesting a content file may have; real files stay under ten levels."""
MAX_ALIAS_VALUES = 10_000
"""Values that aliases may add to one file: enough for any honest reuse, while an
alias bomb (a few hundred bytes expanding to billions of values) stops in milliseconds."""


class _Builder:
    """Builds plain values from the node tree; aliases are expanded, within limits."""

    def __init__(self, document: Document, loader: yaml.SafeLoader, line_offset: int) -> None:
        self.document = document
        self.loader = loader
        self.line_offset = line_offset
        self.errors: list[ContentError] = []
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.alias_values = 0

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        if id(node) in self.seen:
            self.alias_values += 1
            if self.alias_values > MAX_ALIAS_VALUES:
                raise _Refused(loc, node, f"aliases expand to more than {MAX_ALIAS_VALUES:,} values")
        self.seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            raise _Refused(loc, node, f"nested deeper than {MAX_DEPTH} levels")
        self.document.values[loc] = _mark(node, self.line_offset)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, loc)
        if id(node) in self.open:
            raise _Refused(loc, node, "recursive alias: the value contains itself")
        if not node.tag.startswith(YAML_TAGS):  # an error, as on a scalar
            message = f"malformed YAML: could not determine a constructor for the tag '{node.tag}'"
            self.errors.append(ContentError(self.document.path, *_mark(node, self.line_offset), "", message))
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
            return self.mapping(node, loc)
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line, column = _mark(key_node, self.line_offset)
            if not isinstance(key_node, yaml.ScalarNode):
                self.errors.append(
                    ContentError(
                        self.document.path, line, column, format_loc(loc), "a key must be plain text"
                    )
                )
                continue
            key = self.scalar(key_node, loc)
            if isinstance(key, bool):  # YAML 1.1 reads the key `no` or `on` as a boolean
                key = key_node.value
            elif not isinstance(key, str | int):
                key = str(key)
            if key in result:
                self.errors.append(
                    ContentError(self.document.path, line, column, format_loc((*loc, key)), "duplicate key")
                )
                continue
            self.document.keys[(*loc, key)] = (line, column)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        """The scalar's value; a value YAML recognises but Python rejects (a date such
        as 2026-13-01) is an error at the value, which is kept as text."""
        try:
            value = self.loader.construct_object(node)
        except ValueError as exc:
            self.fail(node, loc, f"'{node.value}' is not a valid {_kind(node)} ({exc})")
            self.document.unreadable.add(loc)
            return node.value
        if isinstance(value, str):
            control = control_character(value)
            if control:
                self.fail(node, loc, control[1])
            return value
        if not node.style and type(value) in (int, float) and str(value) != node.value:
            # YAML 1.1 reads `0755` as 493, `1:20` as 80 and `1.50` as 1.5: a text field
            # shows the characters written, a number field still reads them as a number.
            return node.value
        return value

    def fail(self, node: yaml.ScalarNode, loc: Loc, message: str) -> None:
        line, column = _mark(node, self.line_offset)
        self.errors.append(ContentError(self.document.path, line, column, format_loc(loc), message))


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
"""Characters HTML forbids in a page (controls other than tab and line ends, and
noncharacters): a YAML escape such as "\\0" or "\\x07" can write them."""


def control_character(text: str) -> tuple[int, str] | None:
    """(index, message) of the first character of `text` that HTML forbids, or None."""
    found = CONTROL.search(text)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    return found.start(), f"control character {code} in the text; remove it (HTML forbids it)"


def _kind(node: yaml.ScalarNode) -> str:
    return node.tag.rpartition(":")[2].replace("timestamp", "date")


class _Refused(Exception):
    """A file whose structure is refused as a whole (alias bomb, recursion, depth)."""

    def __init__(self, loc: Loc, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.node = node
        self.message = message


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Document, list[ContentError]]:
    """Parse one YAML document; malformed YAML becomes a positioned error, not an exception."""
    document = Document(path, None)
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            document.data = {}
            return document, []
        builder = _Builder(document, loader, line_offset)
        document.data = builder.build(node, ())
        return document, builder.errors
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 1)
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "malformed YAML"
        return document, [ContentError(path, line, column, "", f"malformed YAML: {problem}")]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as NUL
        # libyaml counts the position in UTF-8 bytes, PyYAML in characters.
        if SafeLoader is yaml.SafeLoader:
            prefix = text[: exc.position]
        else:
            prefix = text.encode()[: exc.position].decode(errors="ignore")
        line = prefix.count("\n") + 1
        column = len(prefix) - (prefix.rfind("\n") + 1) + 1
        return document, [ContentError(path, line + line_offset, column, "", f"malformed YAML: {exc.reason}")]
    except _Refused as exc:
        return Document(path, None), [_refusal(document, exc, line_offset)]
    except RecursionError:  # the pure-Python parser, which lacks libyaml's depth limit
        message = f"malformed YAML: nested deeper than {MAX_DEPTH} levels"
        return Document(path, None), [ContentError(path, 1, 1, "", message)]
    finally:
        loader.dispose()


def _refusal(document: Document, exc: _Refused, line_offset: int) -> ContentError:
    """The error at the innermost key above the refused value: where the alias or the
    nesting was written (an alias itself keeps no position in the node tree)."""
    for end in range(min(len(exc.loc), MAX_DEPTH), 0, -1):
        if exc.loc[:end] in document.keys:
            line, column = document.keys[exc.loc[:end]]
            field = format_loc(exc.loc[: min(end, 6)]) + ("…" if end > 6 else "")
            return ContentError(document.path, line, column, field, exc.message)
    line, column = _mark(exc.node, line_offset)
    return ContentError(document.path, line, column, "", exc.message)


def split_front_matter(text: str, path: str) -> tuple[str, str, int] | ContentError:
    """Split a Markdown file into (front matter, body, line offset of the front matter)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return ContentError(path, 1, 1, "", "missing YAML front matter (the file must start with ---)")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), 1
    return ContentError(path, 1, 1, "", "front matter is not closed by a --- line")


def read_source(path: Path) -> bytes | str:
    """The file's bytes, or why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return "file not found"
    except OSError as exc:
        return f"cannot read file: {exc.strerror}"


def decode_text(relative: str, data: bytes | str, errors: list[ContentError]) -> str | None:
    """The text of a file's bytes (`data` from `read_source`), with universal newlines;
    a byte order mark (as some Windows editors write) is dropped."""
    if isinstance(data, str):
        errors.append(ContentError(relative, 1, 1, "", data))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not UTF-8 text ({exc.reason}); save the file as UTF-8"
        errors.append(ContentError(relative, line, column, "", message))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
