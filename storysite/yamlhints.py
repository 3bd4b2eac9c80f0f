"""What an editor meant where YAML's parser stopped: said at the line of the slip, in the
editor's words (a quote or a bracket never closed, a value YAML reads as its own, a
full-width colon or space typed with a Chinese input method on), not in the parser's."""

from __future__ import annotations

import re

import yaml

from .errors import SiteError

# A key typed with a Chinese input method on: `summary：` (U+FF1A). YAML sees no key there
# and blames a later line in its own words; the slip is at this one.
FULL_WIDTH_KEY_RE = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_-]*)[ ]*：")


def full_width_colon(text: str, path: str, line_offset: int) -> SiteError | None:
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


# Indentation typed with a Chinese input method on: the ideographic space (U+3000) is no
# space to YAML but text, so `　zh: …` is a key of its own, or the parser stops a line below.
FULL_WIDTH_INDENT_RE = re.compile(r"^([ ]*)\u3000[ \u3000]*(?:-[ ]|[A-Za-z_][A-Za-z0-9_-]*[ ]*:(?:[ ]|$))")


def full_width_indent(text: str, path: str, line_offset: int, anywhere: bool) -> SiteError | None:
    """anywhere: also after plain spaces, which only a parser that stopped may be told of (the
    text of an indented block may begin with an ideographic space, as Chinese paragraphs do)."""
    for number, line in enumerate(text.split("\n"), start=1):
        found = FULL_WIDTH_INDENT_RE.match(line)
        if found and (anywhere or not found.group(1)):
            return SiteError.single(
                path,
                number + line_offset,
                "a full-width space (U+3000) is used for indentation; YAML needs plain spaces "
                "(retype them with the Chinese input method off)",
            )
    return None


def unclosed_quote(exc: yaml.MarkedYAMLError) -> str:
    """A quote never closed is found where the text ends, lines below the slip: said at
    the line the quote opens, where the editor must look."""
    if "quoted scalar" in (exc.context or "") and "end of stream" in (exc.problem or ""):
        return "a quote opened on this line is never closed: end the value with the same quote mark"
    return ""


def unclosed_bracket(exc: yaml.MarkedYAMLError, text: str) -> str:
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


def indicator_hint(mark, text: str) -> str:
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
