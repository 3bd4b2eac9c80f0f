"""Typography for the languages that want it: curly quotes, dashes and ellipses.

Python-Markdown's `smarty` extension sets these with a dozen inline patterns, each
tried at every position of every run of text; for an English chapter that was a
third of the cost of rendering it. This is one pass over the finished tree instead:
each run of text outside code is rewritten with two regular expressions, and a
quote is opening or closing by the character before it, which may end the run of
text before (`“*word*”`). The results are SmartyPants' (what `smarty` gives) on the
texts this site is made of; tests/test_markup.py holds them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

AS_WRITTEN = {"code", "pre", "kbd", "samp", "script", "style"}  # their text is shown as typed
BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div",
          "figcaption", "aside", "section", "ol", "ul", "table", "tr", "figure"}  # fmt: skip
DASH_RE = re.compile(r"---?|\.\.\.|\. \. \.")
DASHES = {"---": "\u2014", "--": "\u2013", "...": "\u2026", ". . .": "\u2026"}
QUOTE_RE = re.compile(r"['\"]")
# A quote after one of these (or at the start of a block) opens; after anything else
# (a letter, a digit, punctuation that ends a phrase) it closes, or is an apostrophe.
OPENS_AFTER = frozenset(" \t\n\r\u00a0([{<\u2014\u2013-/\u201c\u2018")
DECADE_RE = re.compile(r"\d\ds")  # 'the '80s': an apostrophe, though a word follows
CURLY = {('"', True): "\u201c", ('"', False): "\u201d", ("'", True): "\u2018", ("'", False): "\u2019"}


def smarten(text: str, before: str) -> str:
    """One run of text, `before` being the character that precedes it ("" at a block's start)."""
    if "-" in text or "." in text:
        text = DASH_RE.sub(lambda m: DASHES[m.group(0)], text)
    if "'" not in text and '"' not in text:
        return text
    parts, start, previous = [], 0, before
    for match in QUOTE_RE.finditer(text):
        index = match.start()
        if index > start:
            previous = text[index - 1]
        previous = _curly(text, index, previous)  # a quote right after is judged by this one
        parts += [text[start:index], previous]
        start = index + 1
    parts.append(text[start:])
    return "".join(parts)


def _curly(text: str, index: int, previous: str) -> str:
    quote, following = text[index], text[index + 1 : index + 2]
    after_space = previous == "" or previous in OPENS_AFTER
    if quote == "'" and after_space and DECADE_RE.match(text, index + 1):
        return "\u2019"
    # At the end of a run, what follows is an element's text (`"*word*"`): not a space.
    opening = after_space and following not in (" ", "\t", "\n")
    return CURLY[(quote, opening)]


class _Typography(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        """Each element's text, then its children's, each child's tail after it, in the
        order they are read. A stack of what is left, not recursion: emphasis nested a
        thousand deep (`___...x...___`) is a line an editor can write."""
        before = ""
        pending: list[tuple[etree.Element, str]] = [(root, "text")]
        while pending:
            element, part = pending.pop()
            if part == "tail":
                before = self._rewrite(element, "tail", before)
                continue
            if element.tag in BLOCKS:
                before = ""
            if element.tag in AS_WRITTEN:
                text = "".join(element.itertext())
                before = text[-1:] or before
                continue
            before = self._rewrite(element, "text", before)
            for child in reversed(element):
                pending += [(child, "tail"), (child, "text")]

    @staticmethod
    def _rewrite(element: etree.Element, part: str, before: str) -> str:
        text = getattr(element, part)
        if not text:
            return before
        if not isinstance(text, AtomicString):  # a URL shown as text, say: final as it is
            text = smarten(text, before)
            setattr(element, part, text)
        return text[-1]


class TypographyExtension(Extension):
    """After the inline patterns (20), before the heading ids are made from the text (5)."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(_Typography(md), "typography", 15)
