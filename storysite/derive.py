"""Derived editions: the Traditional Chinese text made at build time from the Simplified.

OpenCC converts; the editors' glossary (translations/zh_Hant/glossary.yaml) fixes
what it gets wrong, and a hand-written `<slug>.zh-Hant.md` replaces a chapter's
derived text. Every conversion is a Cache.map result keyed by the text it converts
and by the Converter (source and target, profile, glossary, OpenCC's version), so a
derived text is made again exactly when one of those changed.

Each derive_* function returns its value and the glossary terms it used, so that a
term that matches nothing can be reported.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from importlib import metadata

from . import yamlsafe
from .content import decode
from .files import FileContent
from .i18n import Catalog
from .mapmodel import LocatorMap
from .model import Document
from .records import ChartSeries, Source, TimelineEvent

try:
    OPENCC_VERSION = metadata.version("opencc")
except metadata.PackageNotFoundError:  # reported when a derived edition is asked for
    OPENCC_VERSION = "?"
# Private-use characters stand in for glossary terms while OpenCC runs: it passes them
# through untouched, so a term is neither converted nor split.
PLACEHOLDER_BASE = 0xF0000
APOSTROPHE_RE = re.compile(r"(?<=[A-Za-z])’(?=[A-Za-z])")
# What a body names rather than says: a link's or an image's address and a citation's
# key, kept as written (images/丁楼.jpg, https://zh.wikipedia.org/wiki/菏泽市, @cnr-2021).
# Converted, the Traditional page showed an image it does not publish and sent readers to
# another address; a glossary term matching inside a key broke the whole build. The
# address is group 1 of each: inline, a reference's definition (not a footnote's), raw
# HTML's, an autolink.
ADDRESS_PATTERNS = (
    re.compile(r"\]\([ ]*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)"),
    re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE),
    re.compile(r"""\b(?:href|src)[ \t]*=[ \t]*("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE),
    re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>"),
    re.compile(r"@([A-Za-z0-9_][A-Za-z0-9_-]*)"),
)
EXTERNAL_RE = re.compile(r"""["'<]?(?:[A-Za-z][A-Za-z0-9+.-]*:|//)""")
ADDRESS_BASE = 0x100000  # the private-use characters that stand in for them meanwhile


@dataclass(frozen=True)
class Converter:
    """How a derived edition is made: the input of every conversion besides the text."""

    source: str  # the language converted from: zh
    target: str  # the derived edition: zh-Hant
    profile: str  # OpenCC's: s2twp
    glossary: tuple[tuple[str, str], ...] = ()  # (as written in the source, as it must read)
    quote_marks: tuple[tuple[str, str], ...] = ()  # (the source's mark, the target's): Language.quote_marks
    engine: str = OPENCC_VERSION  # another OpenCC may convert differently


@functools.cache
def opencc_converter(profile: str):
    import opencc  # loaded only by a site with a derived edition, and only on a cache miss

    return opencc.OpenCC(profile)


class Texts:
    """Converts text after text with one Converter, noting the glossary terms used."""

    def __init__(self, converter: Converter):
        self.converter = converter
        self.used: set[str] = set()

    def __call__(self, text: str) -> str:
        held = []
        for term, replacement in self.converter.glossary:  # longest first: 菏泽市 before 菏泽
            if term in text:
                self.used.add(term)
                text = text.replace(term, chr(PLACEHOLDER_BASE + len(held)))
                held.append(replacement)
        text = opencc_converter(self.converter.profile).convert(text)
        for index, replacement in enumerate(held):
            text = text.replace(chr(PLACEHOLDER_BASE + index), replacement)
        return self._quote_marks(text)

    def markdown(self, body: str) -> str:
        """A chapter's Markdown, converted but for its addresses and citation keys."""
        held: list[str] = []
        for pattern in ADDRESS_PATTERNS:
            body = pattern.sub(functools.partial(_hold, held=held), body)
        converted = self(body)
        if not held:
            return converted
        stand_ins = re.compile(f"[{chr(ADDRESS_BASE)}-{chr(ADDRESS_BASE + len(held) - 1)}]")
        return stand_ins.sub(lambda found: held[ord(found.group()) - ADDRESS_BASE], converted)

    def _quote_marks(self, text: str) -> str:
        """The target's quotation marks; an apostrophe in an English word (People’s) stays."""
        if not self.converter.quote_marks:
            return text
        table = str.maketrans(dict(self.converter.quote_marks))
        return "’".join(part.translate(table) for part in APOSTROPHE_RE.split(text))

    def localized(self, values: dict[str, str] | None) -> dict[str, str] | None:
        """{en, zh} -> {en, zh, zh-Hant}: the target's text converted from the source's."""
        if values is None:
            return None
        return {**values, self.converter.target: self(values[self.converter.source])}

    def result(self, value):
        return value, frozenset(self.used)


def _hold(found: re.Match, held: list[str]) -> str:
    """The match with its address replaced by a stand-in, all but the #fragment of an
    address in this site: that names a heading, whose id is converted as the heading is."""
    address = found.group(1)
    path, mark, fragment = (address, "", "") if EXTERNAL_RE.match(address) else address.partition("#")
    held.append(path)
    start, end = found.start(1) - found.start(), found.end(1) - found.start()
    whole = found.group()
    return whole[:start] + chr(ADDRESS_BASE + len(held) - 1) + mark + fragment + whole[end:]


def derive_document(doc: Document, converter: Converter):
    """A chapter (or page intro) of the derived edition from its source-language file;
    messages about it still name that file, the one the editor writes."""
    texts = Texts(converter)
    meta = doc.meta
    meta = dataclasses.replace(
        meta,
        title=texts(meta.title),
        summary=texts(meta.summary),
        image_alt=texts(meta.image_alt) if meta.image_alt else meta.image_alt,
    )
    source = dataclasses.replace(doc.source, lang=converter.target)  # its text: the file's, as written
    return texts.result(dataclasses.replace(doc, source=source, meta=meta, body=texts.markdown(doc.body)))


def derive_sources(sources: dict[str, Source], converter: Converter):
    """Outlets, notes, the authors as shown and, for sources in the source language, the
    headline as shown. The sources are every edition's: what is written once (the
    authors, the headline) keeps its text, and the derived edition its converted form."""
    texts = Texts(converter)
    derived = {}
    for source_id, source in sources.items():
        headlines = source.headline_in
        if source.language == converter.source or converter.source in headlines:
            headlines = {**headlines, converter.target: texts(source.shown_headline(converter.source))}
        written = source.shown_authors(converter.source)  # as the source edition names them
        authors = {**source.authors_in, converter.target: tuple(texts(author) for author in written)}
        derived[source_id] = dataclasses.replace(
            source,
            outlet=texts.localized(source.outlet),
            note=texts.localized(source.note),
            date_note=texts.localized(source.date_note),
            authors_in=authors,
            headline_in=headlines,
        )
    return texts.result(derived)


def derive_timeline(events: tuple[TimelineEvent, ...], converter: Converter):
    texts = Texts(converter)
    derived = tuple(
        dataclasses.replace(event, text=texts.localized(event.text), label=texts.localized(event.label))
        for event in events
    )
    return texts.result(derived)


def derive_chart(series: ChartSeries, converter: Converter):
    texts = Texts(converter)
    points = tuple(dataclasses.replace(point, note=texts.localized(point.note)) for point in series.points)
    derived = dataclasses.replace(
        series,
        title=texts.localized(series.title),
        description=texts.localized(series.description),
        unit=texts.localized(series.unit),
        quantity=texts.localized(series.quantity),
        points=points,
    )
    return texts.result(derived)


def derive_map(locator: LocatorMap, converter: Converter):
    """A locator map's words: titles, captions, place names, credits."""
    texts = Texts(converter)
    local = texts.localized
    sources = tuple(
        dataclasses.replace(
            source, name=local(source.name), what=local(source.what), licence=local(source.licence)
        )
        for source in locator.sources
    )
    panels = tuple(
        dataclasses.replace(
            panel,
            title=local(panel.title),
            places=tuple(dataclasses.replace(place, name=local(place.name)) for place in panel.places),
        )
        for panel in locator.panels
    )
    derived = dataclasses.replace(
        locator,
        title=local(locator.title),
        description=local(locator.description),
        short=local(locator.short),
        note=local(locator.note),
        sources=sources,
        panels=panels,
    )
    return texts.result(derived)


def derive_texts(values: tuple[dict[str, str], ...], converter: Converter):
    """Localized texts (site.yaml's title, standfirst, author), each with the target's added."""
    texts = Texts(converter)
    return texts.result(tuple(texts.localized(value) for value in values))


def derive_catalog(catalog: Catalog, converter: Converter):
    """The interface text: the source language's translations converted, string by string."""
    texts = Texts(converter)
    messages = tuple(
        (key, tuple(texts(form) for form in text) if isinstance(text, tuple) else texts(text))
        for key, text in catalog.messages
    )
    return texts.result(Catalog(converter.target, messages))


@dataclass(frozen=True)
class GlossaryFile:
    content: FileContent
    display: str


def load_glossary(file: GlossaryFile):
    """-> ((term, replacement, line) longest term first, problems). Cache.map keeps it."""
    from .errors import Problems, SiteError

    problems = Problems()
    try:
        data = yamlsafe.load(decode(file.content.data, file.display), file.display)
    except SiteError as exc:
        return (), tuple(exc.problems)
    if data is None:
        return (), ()
    if not isinstance(data, yamlsafe.YamlMap):
        problems.error(
            file.display, 1, "should map each term, as written in Simplified, to its Traditional form"
        )
        return (), tuple(problems.items)
    entries = []
    for term, replacement in data.items():
        line = data.line_of(term)
        if not isinstance(term, str) or not isinstance(replacement, str) or not term or not replacement:
            problems.error(file.display, line, "write each entry as `简体词: 繁體詞`, both as text")
            continue
        entries.append((term, replacement, line))
    return tuple(sorted(entries, key=lambda entry: (-len(entry[0]), entry[0]))), tuple(problems.items)
