"""The second stage: check what was loaded against itself, before anything is rendered.

Citations, links, images and charts must resolve; orders must agree between
languages; translations are current, stale, unmarked or missing. After the
bodies are rendered, links to #anchors are checked against them and sources
cited nowhere are reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from . import bodychecks, chapterfiles, content, renderedchecks, translation
from .bodychecks import Known, missing_image_message
from .cache import Cache
from .citations import ids_cited_in
from .config import SiteConfig
from .errors import Problem, Problems
from .languages import KNOWN_LANGUAGES
from .load import Project
from .mdext import CHART_RE
from .model import Document, Entry
from .parallel import MANY_SMALL
from .records import Source
from .translation import TranslationState

# A chart's or map's directive on a line of its own anywhere in a draft: the pages draw one only
# where it stands alone as a paragraph, so this finds every one they would draw, and no fewer.
FIGURE_LINE_RE = re.compile(CHART_RE.pattern, re.MULTILINE)


def check_references(project: Project, problems: Problems) -> None:
    """Timeline events and chart points name sources that exist."""
    known = project.source_ids
    if known is None:  # already reported; don't also call every citation unknown
        return
    for event in project.timeline:
        for source_id in event.sources:
            if source_id not in known:
                problems.error("content/timeline.yaml", event.line, f"unknown source '{source_id}'")
    for series in project.charts.values():
        for point in series.points:
            if point.source not in known:
                problems.error(series.display, point.line, f"{point.year}: unknown source '{point.source}'")


def story_orders(project: Project, original: str, problems: Problems) -> dict[str, int]:
    """slug -> its place in the story, from the original's front matter. A translation
    may leave `order` out; one that gives another is an error, as is a clash."""
    documents = project.documents
    orders = {d.slug: d.meta.order for d in documents if d.lang == original and d.meta.order is not None}
    seen: dict[tuple[str, int], Document] = {}
    for doc in documents:
        if doc.slug in content.RESERVED_PAGES or (doc.slug, doc.lang) in project.derived:
            continue  # a derived text's order is its source's, reported there
        given, wanted = doc.meta.order, orders.get(doc.slug)
        if doc.lang != original and given is not None and wanted is not None and given != wanted:
            where = (doc.source.display, doc.line_of("order"))
            problems.error(*where, f"order is {given} here but {wanted} in the original; make them equal")
        elif given is None and f"{doc.slug}.{original}.md" not in project.chapter_files:
            problems.error(
                doc.source.display,
                1,
                f"content/{doc.slug}.{original}.md, the original this translates, does not exist: "
                f"write it, or give this file an order of its own to publish it in {doc.lang} only",
            )
        order = given if given is not None else wanted
        if order is None:
            continue
        if (doc.lang, order) in seen:
            _order_clash(doc, seen[(doc.lang, order)], order, project.chapter_files, original, problems)
        seen[(doc.lang, order)] = doc
    return orders


def _order_clash(doc: Document, other: Document, order: int, chapter_files, original: str, problems) -> None:
    """Said at the file whose own `order` line the editor must change. A translation that
    takes its order from its original clashes because the original does, which is said
    there; unless the other file is written in this language alone, with an order of its own."""
    if doc.meta.order is None:
        if other.meta.order is None or f"{other.slug}.{original}.md" in chapter_files:
            return
        doc, other = other, doc
    problems.error(
        doc.source.display,
        doc.line_of("order"),
        f"order {order} is also used by {other.source.display}; each chapter needs its own",
    )


def check_dates(documents, today: dt.date, problems: Problems) -> None:
    """A date after today is a warning: readers and feed readers would see it as given.
    Checked on every run, never cached: today is not an input of any cached result."""
    for doc in documents:
        for key in ("published", "updated"):
            value = getattr(doc.meta, key)
            if value and value > today:
                problems.warn(
                    doc.source.display,
                    doc.line_of(key),
                    f"{key}: {value.isoformat()} is in the future; readers will see that date (is the year right?)",
                )


def check_body(doc: Document, known: Known) -> tuple[Problem, ...]:
    """Everything wrong with one body's citations, links, images and charts."""
    found = Problems()
    bodychecks.check_body(doc, known, found)
    image = doc.meta.image
    missing = image and missing_image_message(image, known.media)
    if missing:
        found.error(doc.source.display, doc.line_of("image"), missing)
    return tuple(found.items)


def drafts_everywhere(project: Project, original: str) -> Project:
    """A chapter whose original is a draft is a draft in every language: its translations
    (and the editions derived from them) wait with it, and nothing links to them. So does
    a derived edition's hand-written text (content/<slug>.zh-Hant.md) whose source
    language's text is a draft: it follows that text, which readers must not see yet."""
    drafted = {(doc.slug, doc.lang) for doc in project.documents if doc.meta.draft}
    if not drafted:
        return project
    held = {slug for slug, lang in drafted if lang == original}

    def waits(slug: str, lang: str | None) -> bool:
        if lang is None:
            return False
        return slug in held or (slug, lang) in drafted or waits(slug, KNOWN_LANGUAGES[lang].derived_from)

    documents = tuple(
        dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, draft=True))
        if not doc.meta.draft and waits(doc.slug, doc.lang)
        else doc
        for doc in project.documents
    )
    return dataclasses.replace(project, documents=documents)


def check_bodies(documents, project: Project, cache: Cache, problems: Problems, previewed: bool) -> None:
    """previewed: a link to a draft is a warning (the preview shows it), else an error in
    a published chapter, in `check` as in `build`; in a draft, always a warning."""
    drafts = (
        doc for doc in project.documents if doc.meta.draft and (doc.slug, doc.lang) not in project.derived
    )
    known = Known(
        project.source_ids,
        project.chapter_files,
        project.chart_files,
        project.media,
        project.map_files,
        frozenset(f"{doc.slug}.{doc.lang}.md" for doc in drafts),
        previewed,
    )
    published = [doc for doc in documents if not doc.meta.draft]
    in_drafts = [doc for doc in documents if doc.meta.draft]
    for group, rules in ((published, known), (in_drafts, dataclasses.replace(known, drafts_shown=True))):
        for found in cache.map(check_body, group, common=rules, parallel=MANY_SMALL):
            problems.extend(list(found))


def check_anchors(documents, entries: list[Entry], problems: Problems) -> None:
    """Links to a #part of a chapter name an id that its rendered page has."""
    documents = [doc for doc in documents if doc.has_fragment_links]  # most have none
    if not documents:
        return
    by_page = {(e.slug, e.lang): e for e in entries}
    known: dict[tuple[str, str], frozenset[str]] = {}

    def anchors(slug: str, lang: str) -> frozenset[str] | None:
        if (slug, lang) not in by_page:
            return None  # a draft left out of this build, or a missing file (reported already)
        if (slug, lang) not in known:
            known[(slug, lang)] = renderedchecks.anchors_of(by_page[(slug, lang)].body)
        return known[(slug, lang)]

    for doc in documents:
        renderedchecks.check_anchors(doc, anchors, problems)


def sources_to_publish(
    project: Project, entries: list[Entry], left_out: list[Document], problems: Problems
) -> dict[str, Source]:
    """The sources the pages list: every one but those cited only by drafts left out of
    these pages, in their text or by a chart only they show (nothing a draft uses is
    published); one cited nowhere at all is listed, and said so."""
    sources, timeline, charts = project.sources or {}, project.timeline, project.charts
    waiting = charts_only_drafts_show(charts, entries, left_out)
    cited = frozenset().union(*(entry.cited for entry in entries))
    cited |= {source_id for event in timeline for source_id in event.sources}
    cited |= {
        point.source
        for chart_id, series in charts.items()
        if chart_id not in waiting
        for point in series.points
    }
    in_drafts = frozenset().union(*(ids_cited_in(doc.body) for doc in left_out))
    in_drafts |= {point.source for chart_id in waiting for point in charts[chart_id].points}
    for source in sources.values():
        if source.id not in cited and source.id not in in_drafts:
            problems.warn(
                "content/sources.yaml", source.line, f"'{source.id}' is cited nowhere: cite it or remove it"
            )
    return {
        source_id: source
        for source_id, source in sources.items()
        if source_id in cited or source_id not in in_drafts
    }


def charts_only_drafts_show(charts: dict, entries: list[Entry], left_out: list[Document]) -> frozenset[str]:
    """The charts that drafts left out show and no page made draws. A chart that no page
    shows at all is no draft's: its sources stay listed, as before it is placed."""
    drawn = {figure_id for entry in entries for kind, figure_id in entry.body.figures if kind == "chart"}
    in_drafts = {
        match.group(2)
        for doc in left_out
        for match in FIGURE_LINE_RE.finditer(doc.body)
        if match.group(1) == "chart"
    }
    return frozenset((in_drafts & charts.keys()) - drawn)


def translation_states(
    config: SiteConfig, documents, written: chapterfiles.FileNames, cache: Cache, problems: Problems
) -> frozenset[tuple[str, str]]:
    """Warn about missing, stale and unmarked translations; -> the stale (slug, lang) pairs.
    written: the chapter files there are; one that is there but broken is not missing
    (its own error says what is wrong)."""
    stale = set()
    original = config.original_language
    by_key = {(d.slug, d.lang): d for d in documents}
    originals = [d for d in documents if d.lang == original]
    versions = dict(
        zip((d.slug for d in originals), cache.map(translation.version_of, originals), strict=True)
    )
    for doc in documents:  # marked as a translation, of a file since deleted
        if (
            doc.meta.translation_of
            and doc.slug not in versions
            and f"{doc.slug}.{original}.md" not in written
        ):
            problems.error(
                doc.source.display,
                doc.line_of("translation_of"),
                f"translates content/{doc.slug}.{original}.md, which does not exist: restore it, or delete "
                "this file too (or, to publish it in its language only, remove this line)",
            )
    for slug in sorted({d.slug for d in documents} & versions.keys()):
        for lang in config.authored_languages[1:]:  # a derived edition's state: editions.py
            state = translation.status(versions.get(slug), by_key.get((slug, lang)))
            where = f"content/{slug}.{lang}.md"
            if state is TranslationState.MISSING and f"{slug}.{lang}.md" not in written:
                problems.warn(f"content/{slug}.{original}.md", None, f"no {lang} translation yet ({where})")
            elif state is TranslationState.STALE:
                problems.warn(where, None, f"the {original} text changed since this was translated")
                stale.add((slug, lang))
            elif state is TranslationState.UNMARKED:
                problems.warn(
                    where, None, f"not marked as a translation: run python build.py status --mark {slug}"
                )
    return frozenset(stale)
