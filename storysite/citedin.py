"""Where each source is cited, for the sources page's "Cited in": every note of every
chapter, and the timeline and sources pages once each."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Citation, Entry
from .records import TimelineEvent

PAGE_KINDS_WITH_INTROS = ("timeline", "sources")


@dataclass(frozen=True)
class CitingPlaces:
    """Everything of one edition that may cite a source."""

    chapters: tuple[Entry, ...]
    intros: tuple[Entry | None, Entry | None]  # of the timeline and sources pages
    timeline: tuple[TimelineEvent, ...]


def citation_index(places: CitingPlaces) -> dict[str, tuple[Citation, ...]]:
    """source id -> every place of one edition citing it, in story order, for the
    sources page; the timeline and sources pages once each, at the first note or event
    there that cites it."""
    index: dict[str, list[Citation]] = {}
    for chapter in places.chapters:
        for source_id, citation in chapter.citations:
            index.setdefault(source_id, []).append(citation)
    for name, intro in zip(PAGE_KINDS_WITH_INTROS, places.intros, strict=True):
        first: dict[str, str] = {}  # source id -> the anchor of its first place on the page
        for source_id, citation in intro.citations if intro else ():
            first.setdefault(source_id, citation.anchor)
        if name == "timeline":
            for number, event in enumerate(places.timeline, 1):  # as timeline.html numbers them
                for source_id in event.sources:
                    first.setdefault(source_id, f"event-{number}")
        for source_id in sorted(first):
            index.setdefault(source_id, []).append(Citation(name, first[source_id], name))
    return {source_id: tuple(found) for source_id, found in index.items()}
