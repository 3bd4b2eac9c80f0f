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

from .errors import SiteError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 40
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


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_strict_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _StrictLoader.construct_strict_sequence)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_checked_timestamp)
# YAML 1.1 reads a lone `=` as a "value key" that SafeLoader cannot build: it is just text.
_StrictLoader.add_constructor("tag:yaml.org,2002:value", _StrictLoader.construct_yaml_str)


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


# A key typed with a Chinese input method on: `summary：` (U+FF1A). YAML sees no key there
# and blames a later line in its own words; the slip is at this one.
FULL_WIDTH_KEY_RE = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_-]*)[ ]*：")


def _full_width_colon(text: str, path: str, line_offset: int) -> SiteError | None:
    for number, line in enumerate(text.split("\n"), start=1):
        found = FULL_WIDTH_KEY_RE.match(line)
        if found:
            key = found.group(1)
            return SiteError.single(
                path,
                number + line_offset,
                f"'：' after '{key}' is a full-width colon; write a plain ':' and a space ({key}: …)",
            )
    return None


def load(text: str, path: str, line_offset: int = 0):
    """Parse one YAML document; every problem raises SiteError with file and line."""
    tab = _tab_problem(text, path, line_offset)
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
    except yaml.MarkedYAMLError as exc:
        full_width = _full_width_colon(text, path, line_offset)
        if full_width:
            raise full_width from None
        unclosed = _unclosed_quote(exc) or _unclosed_bracket(exc, text)
        mark = (exc.context_mark if unclosed else exc.problem_mark) or exc.context_mark
        line = line_of_mark(mark) if mark else line_offset + 1
        raise SiteError.single(
            path, line, unclosed or _indicator_hint(mark, text) or _describe(exc)
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + line_offset
        raise SiteError.single(path, line, _describe_character(exc)) from None
    except yaml.YAMLError as exc:
        raise SiteError.single(path, line_offset + 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()


def _unclosed_quote(exc: yaml.MarkedYAMLError) -> str:
    """A quote never closed is found where the text ends, lines below the slip: said at
    the line the quote opens, where the editor must look."""
    if "quoted scalar" in (exc.context or "") and "end of stream" in (exc.problem or ""):
        return "a quote opened on this line is never closed: end the value with the same quote mark"
    return ""


def _unclosed_bracket(exc: yaml.MarkedYAMLError, text: str) -> str:
    """A value begun with [ or { is read as a list or mapping, which YAML finds unclosed only
    at the line after it: said at the line it opens. Often it is text (`image_alt: [a photo`)."""
    context, start, end = exc.context or "", exc.context_mark, exc.problem_mark
    if "flow sequence" not in context and "flow mapping" not in context:
        return ""
    opening, closing, kind = ("[", "]", "list") if "sequence" in context else ("{", "}", "mapping")
    if not start or not end or end.line <= start.line:  # a slip on its own line: said there
        return ""
    line_end = text.find("\n", end.index)
    if closing in text[start.index : line_end if line_end >= 0 else len(text)]:
        return ""  # closed by the line YAML stops at: the slip is inside, where YAML says
    return (
        f"a {opening} opened on this line is never closed: if the value is text, put it all in quotes "
        f'("{opening}..."); if it is a {kind}, end it with {closing}'
    )


# A value that begins with a character YAML reads as its own: a list, a mapping, a quote,
# or one reserved ([Draft] Title, 'Ren's village', @dinglou, `Taobao`).
SHOWN_VALUE = 100  # characters of a value the advice repeats
INDICATOR_VALUE_RE = re.compile(r"^\s*(?:-\s+)?([\w-]+):\s+([\[{'\"@`%&*!|>])(.*)$")


def _indicator_hint(mark, text: str) -> str:
    """Said where YAML stopped on the line of such a value: what YAML took it for is no
    help to an editor who typed a title."""
    lines = text.split("\n")
    found = INDICATOR_VALUE_RE.match(lines[mark.line]) if mark and mark.line < len(lines) else None
    if not found or len(found.group(3)) > SHOWN_VALUE:  # a value that long is no title typed
        return ""
    key, first, value = found.group(1), found.group(2), (found.group(2) + found.group(3)).strip()
    if first in "'\"" and len(value) > 1 and value.endswith(first):
        value = value[1:-1]  # 'Ren's village': the quotes were meant to enclose it
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (
        f"{key}: a value that begins with {first} is not read as text: put it all in quotes: {key}: {quoted}"
    )


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
