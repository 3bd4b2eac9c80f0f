"""YAML loading that is safe, strict and remembers where every value came from.

Only ``SafeLoader`` is used (the C parser when present, for speed). On top of it:
duplicate keys are errors; anchors and aliases are refused, which rules out
alias bombs; tags written out (``!!python/object``...) are refused before
anything is built; nesting is capped so no input can exhaust the stack;
impossible dates are errors, not tracebacks. Mappings and lists come back as
``YamlMap`` and ``YamlList``, which record the line of each key or item and the
raw text of each scalar, so later checks can say ``title: YAML read `no` as false``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

import yaml

from . import yamlhints
from .errors import SiteError
from .invisible import INVISIBLE_RE, escaped_problem

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 40
LEADING_ZERO_RE = re.compile(r"[-+]?0[0-9]+")
YAML_TAG = "tag:yaml.org,2002:"  # what `!!` stands for


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

    line_of_mark: Callable[[yaml.Mark], int] = staticmethod(lambda mark: mark.line + 1)

    def _line(self, node) -> int:
        return self.line_of_mark(node.start_mark)

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

    def construct_shown_str(self, node):
        """Text, which every page and feed must be able to hold: an escape in quotes ("\\a",
        "\\x07") writes a character that would make the feed no XML at all."""
        text = self.construct_scalar(node)
        invisible = INVISIBLE_RE.search(text)
        if invisible:
            raise yaml.constructor.ConstructorError(
                None, None, escaped_problem(invisible.group()), node.start_mark
            )
        return text

    def construct_written_int(self, node):
        """A whole number as it reads: YAML 1.1 took `order: 010` for octal, 8, and a
        chapter padded for sorting went silently to the wrong place (YAML 1.2 reads 10)."""
        digits = self.construct_scalar(node).replace("_", "")
        if LEADING_ZERO_RE.fullmatch(digits):
            return int(digits, 10)
        return self.construct_yaml_int(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:str", _StrictLoader.construct_shown_str)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_written_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_strict_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _StrictLoader.construct_strict_sequence)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_checked_timestamp)
# YAML 1.1 reads a lone `=` as a "value key" that SafeLoader cannot build: it is just text.
_StrictLoader.add_constructor("tag:yaml.org,2002:value", _StrictLoader.construct_shown_str)


def _structure_problem(text: str, path: str, line_of_mark) -> SiteError | None:
    """Aliases and nesting deeper than MAX_DEPTH, found in the parser's event stream
    before any node is built: building nodes recurses once per level of nesting (the
    C composer can crash the whole process on a deep enough document), and an alias
    bomb only explodes once its aliases are expanded. The events themselves come from
    a parser that keeps its own stack, so reading them is safe at any depth."""
    parser = _Base(text)
    depth = 0
    try:
        while not parser.check_event(yaml.StreamEndEvent):
            event = parser.get_event()
            line = line_of_mark(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                return SiteError.single(
                    path, line, "anchors and aliases (&name, *name) are not allowed; write the value out"
                )
            if _explicit_tag(event):
                return SiteError.single(
                    path,
                    line,
                    f"the tag {_as_written(event.tag)} is not allowed; only plain values, lists and mappings are",
                )
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return SiteError.single(path, line, f"nested deeper than {MAX_DEPTH} levels")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: load() reports it, with its line
    finally:
        parser.dispose()
    return None


def _explicit_tag(event) -> bool:
    """A tag written out (`!!python/object:...`, `!!map`, `!x`), not one YAML inferred.
    Editors never need one; the constructors behind them fail in odd ways or worse."""
    if not isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
        return False
    inferred = any(event.implicit) if isinstance(event, yaml.ScalarEvent) else event.implicit
    return event.tag is not None and not inferred


def _as_written(tag: str) -> str:
    return "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag


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
    tab = _tab_problem(text, path, line_offset) or yamlhints.full_width_indent(text, path, line_offset, False)
    if tab:
        raise tab
    line_of_mark = _line_counter(text, line_offset)
    structure = _structure_problem(text, path, line_of_mark)
    if structure:
        raise structure
    loader = _StrictLoader(text)
    loader.line_of_mark = line_of_mark
    try:
        return loader.get_single_data()
    except yaml.constructor.ConstructorError as exc:
        # The syntax was read, and what it stands for is wrong (a key given twice, an
        # impossible date): said as that. The hints below are for a parser that stopped,
        # and told an editor to quote a value already in quotes.
        mark = exc.problem_mark or exc.context_mark
        raise SiteError.single(
            path, line_of_mark(mark) if mark else line_offset + 1, _describe(exc)
        ) from None
    except yaml.MarkedYAMLError as exc:
        full_width = yamlhints.full_width_colon(text, path, line_offset) or yamlhints.full_width_indent(
            text, path, line_offset, True
        )
        if full_width:
            raise full_width from None
        unclosed = yamlhints.unclosed_quote(exc) or yamlhints.unclosed_bracket(exc, text)
        mark = (exc.context_mark if unclosed else exc.problem_mark) or exc.context_mark
        line = line_of_mark(mark) if mark else line_offset + 1
        raise SiteError.single(
            path, line, unclosed or yamlhints.indicator_hint(mark, text) or _describe(exc)
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + line_offset
        raise SiteError.single(path, line, _describe_character(exc)) from None
    except yaml.YAMLError as exc:
        raise SiteError.single(path, line_offset + 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()


def _describe_character(exc: yaml.reader.ReaderError) -> str:
    code = exc.character if isinstance(exc.character, int) else ord(exc.character or "?")
    return f"contains the invisible character U+{code:04X}, which YAML does not allow; delete it"


def _line_counter(text: str, line_offset: int) -> Callable[[yaml.Mark], int]:
    """mark -> the line of the file, as an editor counts: YAML also ends lines at
    U+0085, U+2028 and U+2029, where editors and the rest of the build do not."""
    if not any(char in text for char in "\x85\u2028\u2029"):
        return lambda mark: mark.line + 1 + line_offset
    newlines = [index for index, char in enumerate(text) if char == "\n"]
    return lambda mark: bisect.bisect_left(newlines, mark.index) + 1 + line_offset


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
