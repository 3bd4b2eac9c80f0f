"""Pandoc-style citations, ``[@id]``, ``[@a; @b]`` and with locators ``[@a, para. 26]``,
as numbered superscripts.

An inline pattern turns each citation into a ``<sup>`` holding one link per id;
a tree pass afterwards numbers the sources in reading order (footnotes last,
as a reader meets them) and records the notes list the template renders. A source
cited at several places is one note: its locators ("para. 3", "第3段") are listed
in that note, each with the links back to the citations that name it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .languages import KNOWN_LANGUAGES, Language
from .model import Note

ID = r"[A-Za-z0-9][A-Za-z0-9_-]*"
CITE = rf"@{ID}(?:\s*,[^;\]\n]*)?"
CITATION_RE = re.compile(rf"\[({CITE}(?:\s*;\s*{CITE})*)\]")
LOOSE_CITATION_RE = re.compile(r"\[@[^\]\n]*\]")
# Pandoc's [-@id] leaves the author's name out of an author-date citation; a citation here
# is a number, never a name, so the form means nothing and would be printed as typed.
SUPPRESS_AUTHOR_RE = re.compile(r"\[(?:[^\]\n]*[;\s])?-@[^\]\n]*\]")
ONE_CITE_RE = re.compile(rf"\s*@({ID})\s*(?:,(.*))?$", re.DOTALL)

# Pandoc's English locator terms (those a news report can have: pages, paragraphs, and
# its photographs, whose captions are not paragraphs), singular and plural.
TERMS = {
    "p.": "page", "pp.": "page", "page": "page", "pages": "page",
    "para.": "paragraph", "paras.": "paragraph", "paragraph": "paragraph", "paragraphs": "paragraph",
    "¶": "paragraph", "¶¶": "paragraph",
    "fig.": "figure", "figs.": "figure", "figure": "figure", "figures": "figure",
}  # fmt: skip
LOCATOR_RE = re.compile(r"\s*([^\d\s]+)\s*(.*?)\s*$")
PART_RE = re.compile(r"(\d+)(?:\s*[-–—]\s*(\d+))?$")
HOW = "write it as 'para. 26', 'paras. 2–4' or 'p. 3'"


class LocatorError(ValueError):
    """A locator a reader could not be sent to; the message says how to write it."""


@dataclass(frozen=True)
class Cite:
    """One source named in a citation, and where in it (term "" when nowhere in particular)."""

    source_id: str
    term: str = ""  # "page", "paragraph" or "figure"
    parts: tuple[tuple[int, int], ...] = ()  # (first, last) numbers; first == last for one

    def display(self, language: Language) -> str:
        """'para. 26', 'paras. 2–4, 7'; '第26段', '第2至4段、第7段' in Chinese: as the record says."""
        if not self.term:
            return ""
        singular, plural = dict((term, forms) for term, *forms in language.locator_forms)[self.term]
        numbers = language.list_separator.join(
            str(a) if a == b else f"{a}{language.range_dash}{b}" for a, b in self.parts
        )
        many = len(self.parts) > 1 or self.parts[0][0] != self.parts[0][1]
        return (plural if many else singular) % numbers


def parse_locator(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    match = LOCATOR_RE.match(text)
    if not match or not match.group(1):
        raise LocatorError(f"'{text.strip()}' does not say what it counts: {HOW}")
    term, value = match.groups()
    if term.lower() not in TERMS:
        raise LocatorError(f"'{term}' is not a locator term: {HOW}")
    parts = []
    for piece in value.split(","):
        part = PART_RE.match(piece.strip())
        if not part:
            raise LocatorError(f"'{text.strip()}' needs a number, a range or a list after '{term}': {HOW}")
        first, last = int(part.group(1)), int(part.group(2) or part.group(1))
        if first < 1 or last < first:
            raise LocatorError(
                f"'{text.strip()}' is not a range a reader can find: numbers start at 1 and rise"
            )
        parts.append((first, last))
    return TERMS[term.lower()], tuple(parts)


def parse_cites(inner: str) -> list[Cite]:
    """'@a, para. 3; @b' -> [Cite('a', 'paragraph', ((3, 3),)), Cite('b')]; LocatorError if malformed."""
    cites = []
    for piece in inner.split(";"):
        match = ONE_CITE_RE.match(piece)
        if not match:
            raise LocatorError("write [@id] or [@id; @other]")
        source_id, locator = match.groups()
        if locator is None:
            cites.append(Cite(source_id))
        else:
            cites.append(Cite(source_id, *parse_locator(locator)))
    return cites


def cited_ids(inner: str) -> list[str]:
    """'@a; @b, p. 3' -> ['a', 'b']."""
    return [cite.source_id for cite in parse_cites(inner)]


def read_citations(line: str) -> tuple[list[Cite], list[tuple[str, str]]]:
    """What one line cites, and (bracket, what is wrong with it) for each malformed citation."""
    cites, malformed = [], []
    for match in SUPPRESS_AUTHOR_RE.finditer(line):
        malformed.append((match.group(0), _suppressed_author_message(match.group(0))))
    for match in LOOSE_CITATION_RE.finditer(line):
        text = match.group(0)
        if SUPPRESS_AUTHOR_RE.fullmatch(text):
            continue  # reported above
        # "[@a, @b]" is two ids with the wrong separator, not an id with a locator
        if not CITATION_RE.fullmatch(text) or re.search(r",\s*@", text):
            malformed.append((text, f"'{text}' is not a citation: write [@id] or [@id; @other]"))
            continue
        try:
            cites.extend(parse_cites(text[1:-1]))
        except LocatorError as exc:
            malformed.append((text, f"'{text}' has a locator a reader cannot follow: {exc}"))
    return cites, malformed


def ids_cited_in(text: str) -> frozenset[str]:
    """The ids a whole body's citations name, found as the pages find them: a citation may
    wrap onto the next line after a semicolon ([@a;\n@b]), which a line read alone misses.
    A locator the pages cannot follow still names its source: the body means to cite it."""
    return frozenset(
        ONE_CITE_RE.match(piece).group(1)
        for match in CITATION_RE.finditer(text)
        for piece in match.group(1).split(";")
    )


def _suppressed_author_message(text: str) -> str:
    plain = re.sub(r"(?<=[\[;\s])-@", "@", text)
    fix = plain if CITATION_RE.fullmatch(plain) else "[@id] or [@id, para. 3]"
    return (
        f"'{text}' is Pandoc's way to leave out an author's name, which this site does not "
        f"support (its citations are numbers, not names): write {fix}"
    )


def find_citations(line: str) -> tuple[list[str], list[str]]:
    """Ids cited on one line, and any bracket that looks like a citation but is malformed."""
    cites, malformed = read_citations(line)
    return [cite.source_id for cite in cites], [text for text, _ in malformed]


class _CitationPattern(InlineProcessor):
    def handleMatch(self, m, data):
        try:
            cites = parse_cites(m.group(1))
        except LocatorError:
            return None, None, None  # reported with its line by the body check; shown as typed
        sup = etree.Element("sup", {"class": "cite"})
        # A word joiner keeps the number on the line of the word it follows: Chinese
        # text may otherwise break between a character and the superscript.
        sup.text = "\u2060"
        for cite in cites:
            attributes = {"data-cite": cite.source_id}
            where = cite.display(self.language)
            if where:
                attributes["data-where"] = where
            etree.SubElement(sup, "a", attributes)
        return sup, m.start(0), m.end(0)


class _NumberCitations(Treeprocessor):
    def __init__(self, md, ext: CitationExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        numbers: dict[str, int] = {}
        refs: dict[str, list[tuple[str, str]]] = {}
        label = self.ext.getConfig("label")
        for count, link in enumerate(root.iter("a"), start=1):
            source_id = link.attrib.pop("data-cite", None)
            if source_id is None:
                continue
            number = numbers.setdefault(source_id, len(numbers) + 1)
            ref_id = f"ref-{count}"
            refs.setdefault(source_id, []).append((ref_id, link.attrib.pop("data-where", "")))
            link.set("href", f"#note-{number}")
            link.set("id", ref_id)
            hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
            hidden.text = label
            hidden.tail = str(number)
        self.ext.notes = tuple(
            Note(
                numbers[sid], sid, tuple(ref for ref, _ in refs[sid]), tuple(where for _, where in refs[sid])
            )
            for sid in sorted(numbers, key=numbers.get)
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
        self.config = {
            "label": ["Note ", "words read out before a citation number"],
            "lang": ["en", "the language whose record writes the locators"],
        }
        super().__init__(**kwargs)
        self.notes: tuple[Note, ...] = ()

    def extendMarkdown(self, md):
        md.registerExtension(self)
        # A space before a superscript number reads as a gap: the pattern swallows it.
        pattern = _CitationPattern(r"[ \t]*" + CITATION_RE.pattern, md)
        pattern.language = KNOWN_LANGUAGES[self.getConfig("lang")]
        md.inlinePatterns.register(pattern, "citation", 175)
        md.treeprocessors.register(_NumberCitations(md, self), "citation-numbers", 3)

    def reset(self):
        self.notes = ()
