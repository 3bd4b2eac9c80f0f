"""The plain data that flows between the build stages. No behaviour beyond trivia."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


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

    path: Path
    display: str  # the path as shown in messages, relative to the project
    slug: str
    lang: str
    text: str

    @cached_property
    def name(self) -> str:
        return self.path.name

    @cached_property
    def digest(self) -> str:
        """Of the decoded text: stands for it in cache keys."""
        from .cache import digest  # model stays free of imports at load time

        return digest(self.text)


@dataclass(frozen=True)
class Document:
    """A parsed Markdown file: checked front matter and the body below it."""

    source: SourceFile
    meta: dict
    body: str
    body_line: int  # line number in the file of the body's first line
    lines: dict = field(default_factory=dict)  # front-matter key -> its line, for messages

    def line_of(self, key: str) -> int:
        """Where a front-matter key is, or the line after the opening `---`."""
        return self.lines.get(key, 2)

    @cached_property
    def meta_key(self) -> str:
        """Of the checked front matter: stands for it in cache keys."""
        from .cache import digest

        return digest(repr(sorted(self.meta.items())))

    @cached_property
    def has_fragment_links(self) -> bool:
        """Does the body link to a #part of a page? (Most don't: their links need no check.)"""
        return bool(re.search(r"\]\(\s*<?[^)\s>]*#", self.body))

    @property
    def slug(self) -> str:
        return self.source.slug

    @property
    def lang(self) -> str:
        return self.source.lang


@dataclass(frozen=True)
class Source:
    id: str
    outlet: dict[str, str]
    headline: str
    headline_en: str | None
    authors: tuple[str, ...]
    date: PartialDate
    date_note: dict[str, str] | None
    language: str
    url: str | None
    note: dict[str, str]
    line: int


@dataclass(frozen=True)
class TimelineEvent:
    date: PartialDate
    label: dict[str, str] | None
    text: dict[str, str]
    sources: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class ChartPoint:
    year: int
    value: float
    source: str
    note: dict[str, str] | None = None
    line: int | None = None  # in the chart's file, for messages


@dataclass(frozen=True)
class ChartSeries:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    unit: dict[str, str]
    points: tuple[ChartPoint, ...]
    display: str


@dataclass(frozen=True)
class Note:
    """One numbered entry in a chapter's notes: a source and the places citing it."""

    number: int
    source_id: str
    refs: tuple[str, ...]  # ids of the superscripts that cite it, for back links


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

    @cached_property
    def reading_minutes(self) -> int:
        from .i18n import reading_minutes

        return reading_minutes(self.words, self.han)


@dataclass(frozen=True)
class Entry:
    """A page built from a Markdown document: a chapter or a page intro."""

    slug: str
    lang: str
    meta: dict
    body: RenderedBody
    display: str
    digest: str = ""  # of everything the entry was made from: a cache key for pages showing it
    meta_key: str = ""  # of its front matter alone

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def order(self) -> int:
        return self.meta.get("order", 0)

    @cached_property
    def citing(self) -> tuple[tuple[str, tuple[str, str, str]], ...]:
        """(source id, (lang, slug, anchor of the note)) for each source the entry cites."""
        return tuple((n.source_id, (self.lang, self.slug, f"note-{n.number}")) for n in self.body.notes)

    @cached_property
    def cited(self) -> frozenset[str]:
        """The ids of the sources the entry cites."""
        return frozenset(source_id for source_id, _ in self.citing)

    @cached_property
    def citing_key(self) -> str:
        """Of `citing`: stands for it in cache keys."""
        return repr(self.citing)

    @cached_property
    def listing_key(self) -> str:
        """Of what a page listing the entry may show of it: its slug and front matter."""
        return f"{self.slug}\x1f{self.meta_key}"

    @cached_property
    def recency(self) -> tuple:
        """Newest first when sorted in reverse: the date of its last change, then its order."""
        return (self.meta["updated"], -self.order)


@dataclass(frozen=True)
class Site:
    chapters: dict[str, tuple[Entry, ...]]  # per language, in story order
    intros: dict[tuple[str, str], Entry]  # (slug, lang) -> intro of sources/timeline
    sources: dict[str, Source]
    timeline: tuple[TimelineEvent, ...]
    charts: dict[str, ChartSeries]
    stale: frozenset = frozenset()  # (slug, lang) of translations behind their original

    def chapter(self, lang: str, slug: str) -> Entry | None:
        return self._by_slug.get((lang, slug))

    @cached_property
    def citations(self) -> dict[str, tuple[tuple[str, str, str], ...]]:
        """source id -> every (lang, page slug, note anchor) citing it, in story order, for
        the sources page's back links; the timeline and sources pages once each, with no
        anchor. Worked out only if a page asks: most rebuilds find that page unchanged."""
        index: dict[str, list[tuple[str, str, str]]] = {}
        for lang, chapters in self.chapters.items():
            for chapter in chapters:
                for source_id, place in chapter.citing:
                    index.setdefault(source_id, []).append(place)
            for name in ("timeline", "sources"):
                intro = self.intros.get((name, lang))
                cited = {sid for sid, _ in intro.citing} if intro else set()
                if name == "timeline":
                    cited.update(sid for event in self.timeline for sid in event.sources)
                for source_id in sorted(cited):
                    index.setdefault(source_id, []).append((lang, name, ""))
        return {source_id: tuple(places) for source_id, places in index.items()}

    @cached_property
    def _by_slug(self) -> dict[tuple[str, str], Entry]:
        return {(lang, c.slug): c for lang, chapters in self.chapters.items() for c in chapters}
