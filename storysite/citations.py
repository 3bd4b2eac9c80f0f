"""Pandoc-style citations, ``[@id]`` and ``[@a; @b]``, as numbered superscripts.

An inline pattern turns each citation into a ``<sup>`` holding one link per id;
a tree pass afterwards numbers the sources in reading order (footnotes last,
as a reader meets them) and records the notes list the template renders.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .model import Note

ID = r"[A-Za-z0-9][A-Za-z0-9_-]*"
CITATION_RE = re.compile(rf"\[(@{ID}(?:\s*;\s*@{ID})*)\]")
LOOSE_CITATION_RE = re.compile(r"\[@[^\]\n]*\]")


def cited_ids(inner: str) -> list[str]:
    """'@a; @b' -> ['a', 'b']."""
    return [part.strip()[1:] for part in inner.split(";")]


def find_citations(line: str) -> tuple[list[str], list[str]]:
    """Ids cited on one line, and any bracket that looks like a citation but is malformed."""
    ids, malformed = [], []
    for match in LOOSE_CITATION_RE.finditer(line):
        exact = CITATION_RE.fullmatch(match.group(0))
        if exact:
            ids.extend(cited_ids(exact.group(1)))
        else:
            malformed.append(match.group(0))
    return ids, malformed


class _CitationPattern(InlineProcessor):
    def handleMatch(self, m, data):
        sup = etree.Element("sup", {"class": "cite"})
        # A word joiner keeps the number on the line of the word it follows: Chinese
        # text may otherwise break between a character and the superscript.
        sup.text = "\u2060"
        for source_id in cited_ids(m.group(1)):
            etree.SubElement(sup, "a", {"data-cite": source_id})
        return sup, m.start(0), m.end(0)


class _NumberCitations(Treeprocessor):
    def __init__(self, md, ext: CitationExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        numbers: dict[str, int] = {}
        refs: dict[str, list[str]] = {}
        label = self.ext.getConfig("label")
        for count, link in enumerate(root.iter("a"), start=1):
            source_id = link.attrib.pop("data-cite", None)
            if source_id is None:
                continue
            number = numbers.setdefault(source_id, len(numbers) + 1)
            ref_id = f"ref-{count}"
            refs.setdefault(source_id, []).append(ref_id)
            link.set("href", f"#note-{number}")
            link.set("id", ref_id)
            hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
            hidden.text = label
            hidden.tail = str(number)
        self.ext.notes = tuple(
            Note(numbers[sid], sid, tuple(refs[sid])) for sid in sorted(numbers, key=numbers.get)
        )
        for sup in root.iter("sup"):
            if sup.get("class") == "cite":
                _separate_with_commas(sup)


def _separate_with_commas(sup) -> None:
    links = list(sup)
    for link in links[:-1]:
        link.tail = ","


class CitationExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"label": ["Note ", "words read out before a citation number"]}
        super().__init__(**kwargs)
        self.notes: tuple[Note, ...] = ()

    def extendMarkdown(self, md):
        md.registerExtension(self)
        # A space before a superscript number reads as a gap: the pattern swallows it.
        pattern = r"[ \t]*" + CITATION_RE.pattern
        md.inlinePatterns.register(_CitationPattern(pattern, md), "citation", 175)
        md.treeprocessors.register(_NumberCitations(md, self), "citation-numbers", 3)

    def reset(self):
        self.notes = ()
