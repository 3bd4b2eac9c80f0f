"""The plain data that flows between the build stages. No behaviour beyond trivia."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

IDEOGRAPH_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

if TYPE_CHECKING:
    from .mapmodel import LocatorMap
    from .records import ChartSeries, Source, TimelineEvent


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (sources are often vague)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file found under content/, decoded and with newlines normalised."""

    path: str
    display: str  # the path as shown in messages, relative to the project
    slug: str
    lang: str
    text: str

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file's checked front matter (intros of the timeline and sources pages
    have only title, summary, updated and translation_of)."""

    title: str
    summary: str
    updated: dt.date
    published: dt.date | None = None  # first publication; when not given, `updated` stands for it
    order: int | None = None
    draft: bool = False
    image: str | None = None
    image_alt: str | None = None
    translation_of: str | None = None

    @property
    def first_published(self) -> dt.date:
        return self.published or self.updated


@dataclass(frozen=True)
class Document:
    """A parsed Markdown file: checked front matter and the body below it."""

    source: SourceFile
    meta: FrontMatter
    body: str
    body_line: int  # line number in the file of the body's first line
    lines: tuple[tuple[str, int], ...] = ()  # front-matter key -> its line, for messages

    def line_of(self, key: str) -> int:
        """Where a front-matter key is, or the line after the opening `---`."""
        return dict(self.lines).get(key, 2)

    @cached_property
    def has_fragment_links(self) -> bool:
        """Does the body link to a #part of a page? (Most don't: their links need no check.)"""
        return bool(re.search(r"\]\(\s*<?[^)\s>]*#", self.body))

    # Kept once read: every stage sorts and groups documents by these, tens of thousands
    # of times a save at N = 1,000, and they are never part of a key (not fields).
    @cached_property
    def slug(self) -> str:
        return self.source.slug

    @cached_property
    def lang(self) -> str:
        return self.source.lang


@dataclass(frozen=True)
class Note:
    """One numbered entry in a chapter's notes: a source and the places citing it."""

    number: int
    source_id: str
    refs: tuple[str, ...]  # ids of the superscripts that cite it, for back links
    locators: tuple[str, ...] = ()  # where in the source each of those cites, as shown: "para. 3" or ""

    @property
    def places(self) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
        """The locators in the order a reader meets them, each with its (ref id, back link number)."""
        grouped: dict[str, list[tuple[str, int]]] = {}
        wheres = self.locators or ("",) * len(self.refs)
        for number, (ref, where) in enumerate(zip(self.refs, wheres, strict=True), start=1):
            grouped.setdefault(where, []).append((ref, number))
        return tuple((where, tuple(refs)) for where, refs in grouped.items())


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class RenderedBody:
    html: str
    notes: tuple[Note, ...]
    headings: tuple[Heading, ...]
    words: int  # Latin words
    han: int  # Han characters
    reading_minutes: int
    # (kind, id) of each chart and map drawn into it: what the page shows, as drawn, so
    # that the site publishes a figure only if a published page shows it
    figures: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Entry:
    """A page built from a Markdown document: a chapter or a page intro."""

    slug: str
    lang: str
    meta: FrontMatter
    body: RenderedBody
    display: str

    @property
    def title(self) -> str:
        return self.meta.title

    @cached_property
    def cited(self) -> frozenset[str]:
        """The ids of the sources the entry cites."""
        return frozenset(note.source_id for note in self.body.notes)

    @cached_property
    def ideographs(self) -> str:
        """The Chinese characters of its title, summary and body, each once. The search
        page's query map is made from every chapter's on every save: each entry's found
        once, and kept with it as one string (a warm build at N = 1,000 read them back as
        3,000 sets of single characters in 39 ms, as strings in a few)."""
        text = self.meta.title + self.meta.summary + self.body.html
        return "".join(sorted(set(IDEOGRAPH_RE.findall(text))))

    @cached_property
    def shows_images(self) -> bool:
        """Whether its body has an image to place (asked on every save: answered once)."""
        return "<img" in self.body.html

    @cached_property
    def citations(self) -> tuple[tuple[str, Citation], ...]:
        """(source id, where it is cited here) for each note: made once per entry, so the
        sources page's index of an edition is keyed by values already fingerprinted."""
        return tuple(
            (note.source_id, Citation(self.slug, f"note-{note.number}", self.title))
            for note in self.body.notes
        )

    @cached_property
    def link(self) -> ChapterLink:
        return ChapterLink(self.slug, self.lang, self.meta.title)

    @cached_property
    def card(self) -> ChapterCard:
        return ChapterCard(self.slug, self.lang, self.meta.title, self.meta, self.body.reading_minutes)


@dataclass(frozen=True)
class ChapterLink:
    """What a page that links to a chapter shows of it: a page given only these cannot
    show, and so need not be redrawn for, anything else of the chapter."""

    slug: str
    lang: str
    title: str


@dataclass(frozen=True)
class ChapterCard:
    """What a list of chapters (the edition home) shows of each: not its text, so an edit
    that leaves the reading time as it was does not redraw the list."""

    slug: str
    lang: str
    title: str
    meta: FrontMatter
    reading_minutes: int


@dataclass(frozen=True)
class Citation:
    """A place that cites a source, for the sources page's back links."""

    slug: str  # a chapter's, or "timeline" / "sources"
    anchor: str  # the id on that page of the note or timeline event: note-2, event-12
    title: str

    @property
    def place(self) -> tuple[str, int]:
        """What the anchor is, as a link to it is named: ("note", 2), ("event", 12)."""
        kind, _, number = self.anchor.rpartition("-")
        return kind, int(number)


@dataclass(frozen=True)
class Site:
    chapters: dict[str, tuple[Entry, ...]]  # per language, in story order
    intros: dict[tuple[str, str], Entry]  # (slug, lang) -> intro of sources/timeline
    sources: dict[str, Source]
    timeline: tuple[TimelineEvent, ...]
    charts: dict[str, ChartSeries]
    maps: dict[str, LocatorMap] = field(default_factory=dict)
    stale: frozenset = frozenset()  # (slug, lang) of translations behind their original

    def contents(self, lang: str) -> tuple[ChapterLink, ...]:
        return tuple(chapter.link for chapter in self.chapters[lang])
