"""The third stage: Markdown bodies rendered to HTML, and the Site they make up.

A body's rendering depends on its document and on its language's Style (labels
read out to screen readers, URLs, the charts it may draw): the two together are
the input of render_body, so they are its cache key.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

from . import content, markup
from .cache import Cache
from .charts import ChartLabels, render_chart
from .config import SiteConfig
from .i18n import Catalog, Formatter
from .languages import KNOWN_LANGUAGES, Language
from .load import Project
from .mapmodel import LocatorMap
from .maps import MapLabels, render_map
from .model import Document, Entry, FrontMatter, Site
from .parallel import MANY_SMALL
from .quoted import typeset
from .records import ChartSeries, Source
from .urls import Urls


@dataclass(frozen=True)
class Style:
    """Everything a body's rendering depends on besides the body itself."""

    lang: str
    catalog: Catalog  # the labels, read out before a note's number or an aside's letter
    urls: Urls
    charts: dict[str, ChartSeries]
    outlets: dict[str, str]  # source id -> its outlet in this language, named in chart tables
    maps: dict[str, LocatorMap]

    def chart_html(self, chart_id: str) -> str:
        if chart_id not in self.charts:
            return ""  # reported by the body check; only text it cannot see (in raw HTML) gets here
        gettext = self.catalog.gettext
        labels = ChartLabels(gettext("Show the numbers"), gettext("Year"), gettext("Source"))
        return render_chart(
            self.charts[chart_id],
            Formatter(KNOWN_LANGUAGES[self.lang]),
            labels,
            lambda source_id: self.urls.source(self.lang, source_id),
            self.outlets.get,
        )

    def map_html(self, map_id: str) -> str:
        if map_id not in self.maps:
            return ""  # reported by the body check, as for charts
        return render_map(self.maps[map_id], self.lang, map_labels(self.lang, self.catalog))

    def chapter_url(self, slug: str, lang: str) -> str:
        """A derived edition's text links to its source language's files: the reader stays
        in the derived edition."""
        if lang == KNOWN_LANGUAGES[self.lang].derived_from:
            lang = self.lang
        return self.urls.chapter(slug, lang)

    @cached_property
    def renderer(self) -> markup.Renderer:
        """A configured Markdown, made once per Style (Cache.intern hands back the same one)."""
        gettext = self.catalog.gettext
        space = KNOWN_LANGUAGES[self.lang].label_space
        context = markup.Context(
            lang=self.lang,
            note_label=gettext("Note") + space,
            aside_label=gettext("Aside") + space,
            back_to_aside=gettext("Back to aside %(letter)s"),
            asides_heading=gettext("Asides"),
            chapter_url=self.chapter_url,
            media_url=self.urls.media,
            chart_html=self.chart_html,
            map_html=self.map_html,
        )
        return markup.new_renderer(context)


def map_labels(lang: str, catalog: Catalog) -> MapLabels:
    language = KNOWN_LANGUAGES[lang]
    gettext = catalog.gettext
    return MapLabels(
        marked=gettext("Marked on the map: %(places)s"),
        sources=gettext("Map data: %(sources)s"),
        source=gettext("%(source)s, %(what)s"),
        licensed=gettext("%(source)s (%(licence)s), %(what)s"),
        list_separator=language.list_separator,
        clause_separator=language.clause_separator,
        space=language.label_space,
    )


def render_entry(doc: Document, style: Style) -> Entry:
    meta = typeset_meta(doc.meta, KNOWN_LANGUAGES[doc.lang])
    return Entry(doc.slug, doc.lang, meta, markup.render(style.renderer, doc.body), doc.source.display)


def typeset_meta(meta: FrontMatter, language: Language) -> FrontMatter:
    """The title, summary and image text set as the body is (Ren’s, not Ren's): shown
    under the title, in the lists, the feeds, the share cards and the search results."""
    if not language.smart_punctuation:
        return meta
    return dataclasses.replace(
        meta,
        title=typeset(meta.title, language),
        summary=typeset(meta.summary, language),
        image_alt=meta.image_alt and typeset(meta.image_alt, language),
    )


def styles(config: SiteConfig, project: Project, cache: Cache) -> dict[str, Style]:
    sources = project.sources or {}
    charted = sorted({point.source for series in project.charts.values() for point in series.points})
    found = {}
    for lang in config.languages:
        outlets = {sid: sources[sid].outlet[lang] for sid in charted if sid in sources}
        catalog, urls = project.catalogs.by_lang[lang], Urls(config.base_path)
        style = Style(lang, catalog, urls, project.charts, outlets, project.maps)
        found[lang] = cache.intern(style)
    return found


def render_entries(
    documents: list[Document], styles: dict[str, Style], cache: Cache, derived: frozenset = frozenset()
) -> list[Entry]:
    """Every body rendered, each only if its document or its language's style changed.
    derived: the (slug, lang) of the texts converted from another edition's, whose reading
    time is that edition's (converting a word may add a character: 博客, 部落格)."""
    entries = []
    for lang, style in styles.items():
        mine = [doc for doc in documents if doc.lang == lang]
        entries.extend(cache.map(render_entry, mine, common=style, parallel=MANY_SMALL))
    minutes = {(entry.slug, entry.lang): entry.body.reading_minutes for entry in entries}
    for index, entry in enumerate(entries):
        wanted = minutes.get((entry.slug, KNOWN_LANGUAGES[entry.lang].derived_from))
        # Replaced only where they differ (a few chapters): an Entry made anew on every
        # save is hashed anew downstream (0.1 s a save at N = 1,000, all replaced).
        if (entry.slug, entry.lang) in derived and wanted not in (None, entry.body.reading_minutes):
            entries[index] = dataclasses.replace(
                entry, body=dataclasses.replace(entry.body, reading_minutes=wanted)
            )
    return entries


def assemble_site(
    config: SiteConfig,
    project: Project,
    sources: dict[str, Source],
    entries: list[Entry],
    orders: dict[str, int],
    stale: frozenset,
) -> Site:
    """sources: those the pages list (checks.sources_to_publish); orders: slug -> place in
    the story (a translation's is its original's)."""
    chapters = {}
    for lang in config.languages:
        mine = [e for e in entries if e.lang == lang and e.slug not in content.RESERVED_PAGES]
        chapters[lang] = tuple(sorted(mine, key=lambda e: (orders.get(e.slug, 0), e.slug)))
    return Site(
        chapters=chapters,
        intros={(e.slug, e.lang): e for e in entries if e.slug in content.RESERVED_PAGES},
        sources=sources,
        timeline=project.timeline,
        charts=project.charts,
        maps=shown_maps(project.maps, entries),
        stale=stale,
    )


def shown_maps(maps: dict[str, LocatorMap], entries: list[Entry]) -> dict[str, LocatorMap]:
    """The maps the given pages draw, in the project's order: the cover draws the site's
    maps, and one that only a draft left out shows must not reach it."""
    drawn = {figure_id for entry in entries for kind, figure_id in entry.body.figures if kind == "map"}
    return {map_id: locator for map_id, locator in maps.items() if map_id in drawn}
