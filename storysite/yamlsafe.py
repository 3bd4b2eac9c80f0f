"""YAML loading that is safe, strict and remembers where every value came from.

Only ``SafeLoader`` is used (the C parser when present, for speed). On top of it:
duplicate keys are errors; anchors and aliases are refused, which rules out
alias bombs; nesting is capped so no input can exhaust the stack; impossible
dates are errors, not tracebacks. Mappings and lists come back as ``YamlMap``
and ``YamlList``, which record the line of each key or item and the raw text
of each scalar, so later checks can say ``title: YAML read `no` as false``.
"""

from __future__ import annotations

import re

import yaml

from .errors import SiteError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 40


class YamlMap(dict):
    """A mapping that knows the line of each key and the raw text of each value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = 0
        self.lines: dict = {}
        self.raw: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class YamlList(list):
    """A list that knows the line of each item."""

    def __init__(self, *args):
        super().__init__(*args)
        self.line = 0
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


class _StrictLoader(_Base):
    """SafeLoader that records lines and rejects duplicate keys."""

    line_offset = 0

    def _line(self, node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def construct_strict_mapping(self, node):
        mapping = YamlMap()
        mapping.line = self._line(node)
        yield mapping
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                )
            if key in mapping:
                first = mapping.lines[key]
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (first given on line {first}); keep one",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.lines[key] = self._line(key_node)
            if isinstance(value_node, yaml.ScalarNode):
                mapping.raw[key] = value_node.value

    def construct_strict_sequence(self, node):
        items = YamlList()
        items.line = self._line(node)
        yield items
        for child in node.value:
            items.append(self.construct_object(child, deep=True))
            items.lines.append(self._line(child))

    def construct_checked_timestamp(self, node):
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"'{node.value}' is not a real date ({exc}); write YYYY-MM-DD",
                node.start_mark,
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_strict_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _StrictLoader.construct_strict_sequence)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_checked_timestamp)


def _check_graph(node, path: str, line_offset: int) -> None:
    """Refuse aliases (a node reached twice) and nesting deeper than MAX_DEPTH."""
    seen: set[int] = set()
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        line = current.start_mark.line + 1 + line_offset
        if id(current) in seen:
            raise SiteError.single(
                path, line, "anchors and aliases (&name, *name) are not allowed; write the value out"
            )
        seen.add(id(current))
        if depth > MAX_DEPTH:
            raise SiteError.single(path, line, f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(current, yaml.MappingNode):
            children = [n for pair in current.value for n in pair]
        elif isinstance(current, yaml.SequenceNode):
            children = current.value
        else:
            children = []
        stack.extend((child, depth + 1) for child in children)


def _flow_depth_ok(text: str) -> bool:
    """Cheap guard run before parsing: the parser itself recurses on nesting."""
    depth = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif char in "]}":
            depth = max(0, depth - 1)
    return True


def _tab_problem(text: str, path: str, line_offset: int) -> SiteError | None:
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return SiteError.single(
                path,
                number + line_offset,
                "a tab is used for indentation; YAML needs spaces (replace the tab with two spaces)",
            )
    return None


def load(text: str, path: str, line_offset: int = 0):
    """Parse one YAML document; every problem raises SiteError with file and line."""
    tab = _tab_problem(text, path, line_offset)
    if tab:
        raise tab
    if not _flow_depth_ok(text):
        raise SiteError.single(path, line_offset + 1, f"nested deeper than {MAX_DEPTH} levels")
    loader = _StrictLoader(text)
    loader.line_offset = line_offset
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_graph(node, path, line_offset)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise SiteError.single(path, _mark_line(exc, line_offset), _describe(exc)) from None
    except yaml.YAMLError as exc:
        raise SiteError.single(path, line_offset + 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()


def _mark_line(exc: yaml.MarkedYAMLError, line_offset: int) -> int:
    mark = exc.problem_mark or exc.context_mark
    return (mark.line + 1 if mark else 1) + line_offset


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if "could not determine a constructor" in problem:
        tag = re.search(r"'([^']*)'", problem)
        name = tag.group(1) if tag else "this tag"
        return f"the tag {name} is not allowed; only plain values, lists and mappings are"
    if isinstance(exc, yaml.constructor.ConstructorError):
        return problem
    if exc.context and exc.context not in problem:
        problem = f"{problem} ({exc.context})"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = '; put text containing ": " in quotes'
    return f"YAML syntax: {problem}{hint}"
