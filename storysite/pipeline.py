"""The build, top to bottom: load, check, render the bodies, render the pages, write.

Each stage takes plain data and returns plain data; only write_site touches
the output folder. Reused work is looked up by each stage through the one
Cache, under the fingerprint of its inputs: the result is the same whether the
cache was empty, full, or left by the preview.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import bodies, cards, checks
from .assets import collect_assets
from .cache import Cache, project_cache
from .config import CONFIG_NAME, SiteConfig, load_config
from .editions import derive_editions, derived_states
from .errors import Interrupted, Problem, Problems, SiteError
from .images import load_images, source_of
from .imagetags import place_all
from .links import broken_links
from .load import load_project
from .output import write_site
from .outputdir import check_cache_dir, check_output_dir
from .pending import Pending
from .render import render_site
from .renderedchecks import Published, check_figures_drawn, check_rendered
from .search import SearchInput, index_language, published_index, search_input, warm_up
from .sharing import CardsDrawn, CardsToDraw, start_drawing, undrawn, warn_missing_glyphs
from .swap import folder_identity
from .templating import load_templates
from .untranslated import warn_untranslated
from .urls import Urls, edition_path

FEED_ID_ADVICE = (
    "no feed_id: feed readers know each chapter by its address, so moving the site would show "
    "every chapter as new; add a line such as feed_id: tag:example.org,2026:taobao and never change it"
)


@dataclass(frozen=True)
class Audience:
    """Whom the pages are made for: whether drafts are among them, whether they are the
    preview server's (every template loaded up front, its banner made in each language),
    and whether the share cards are drawn. The pages themselves differ only by the
    drafts they show: the server puts the banner on them as it serves them."""

    drafts: bool
    preview: bool
    cards: bool


PUBLISHED = Audience(drafts=False, preview=False, cards=True)  # `build`
PREVIEWED = Audience(drafts=True, preview=True, cards=True)  # `serve`
# `check` publishes nothing: a card's problems (a missing glyph) are found from its
# text, and its address is all that links need; drawing them was a third of a check
# from nothing at N = 1,000.
CHECKED = Audience(drafts=True, preview=False, cards=False)


@dataclass(frozen=True)
class BuildResult:
    pages: int
    warnings: list[Problem]


def render_outputs(
    config: SiteConfig, problems: Problems, cache: Cache, audience: Audience = PUBLISHED
) -> list[tuple[str, bytes]]:
    """Everything the site consists of, in memory, its search index included; raises
    SiteError on any error."""
    files, cards, index = render_files(config, problems, cache, audience)
    with cards:
        return files + cards.result() + index.result()


def render_files(
    config: SiteConfig, problems: Problems, cache: Cache, audience: Audience = PUBLISHED
) -> tuple[list[tuple[str, bytes]], CardsDrawn, PendingIndex]:
    """Every file of the site but the cards and the search index, and those two while
    they are made: the cards by the workers, the index by Pagefind, a process of its
    own; meanwhile the site is written. Use the cards in a `with` block."""
    if cache.is_empty():  # a build from nothing makes the index: Pagefind starts on another core
        warm_up(config.settings)
    rendered = render_pages(config, problems, cache, audience)
    index = PendingIndex(cache.start(index_language, rendered.search))
    cards = start_drawing(rendered.cards, cache) if audience.cards else undrawn(rendered.cards)
    return rendered.files, cards, index


@dataclass(frozen=True)
class PendingIndex:
    """The search index's files, while Pagefind makes them (an output.Later)."""

    started: Pending

    def done(self) -> bool:
        return self.started.done()

    def result(self) -> list[tuple[str, bytes]]:
        return list(published_index(self.started.results()))


@dataclass(frozen=True)
class RenderedPages:
    files: list[tuple[str, bytes]]  # every file but the share cards and the search index
    cards: CardsToDraw  # the share cards the pages show (their names are known)
    # What the index is made from, a language each: apart, because the preview indexes
    # in the background, so that a save reaches the browser first.
    search: tuple[SearchInput, ...]
    banners: dict[str, bytes]  # html lang -> the preview's banner (the preview only)


def render_pages(
    config: SiteConfig, problems: Problems, cache: Cache, audience: Audience = PUBLISHED
) -> RenderedPages:
    """Every page, and what the cards and the index are made from."""
    project = load_project(config, cache, problems)
    config, project = derive_editions(config, project, cache, problems)
    project = checks.drafts_everywhere(project, config.original_language)
    assets, asset_files = collect_assets(config.static_dir, config.base_path, cache.files, problems)
    library = load_images(config.content_dir, cache, problems)
    checks.check_references(project, problems)
    orders = checks.story_orders(project, config.original_language, problems)
    checks.check_dates(project.documents, dt.date.today(), problems)
    _warn_settings(config, problems)
    shown = [doc for doc in project.documents if audience.drafts or not doc.meta.draft]
    written = [doc for doc in shown if (doc.slug, doc.lang) not in project.derived]  # checked in the source
    checks.check_bodies(written, project, cache, problems, previewed=audience.preview)
    stale = checks.translation_states(config, project.documents, project.chapter_files, cache, problems)
    stale = derived_states(config, project, stale, problems)
    font = cache.intern(cards.bundled_font())  # opened once while interned: the glyph check, the cards
    warn_missing_glyphs(shown, config.settings, cache, problems, font)
    problems.raise_if_errors()  # rendering assumes every reference resolves

    entries = bodies.render_entries(shown, bodies.styles(config, project, cache), cache, project.derived)
    _check_rendered(config, project, written, entries, library, cache, problems, audience.preview)
    entries, shown_images = place_all(entries, library, config.base_path, cache)
    problems.raise_if_errors()
    left_out = [] if audience.drafts else [doc for doc in project.documents if doc.meta.draft]
    sources = checks.sources_to_publish(project, entries, left_out, problems)
    site = bodies.assemble_site(config, project, sources, entries, orders, stale)

    templates = load_templates(config, project.catalogs, cache, audience.preview)
    warn_untranslated(next(iter(templates.values())), project.catalogs, problems)
    rendered = render_site(
        config, site, project.catalogs, templates, assets, library, font, audience.preview, cache
    )
    searched = search_input(config.settings, site, rendered.found, project.catalogs)
    lead_images = {source_of(doc.meta.image, "") for doc in shown if doc.meta.image}
    files = rendered.files + asset_files + library.published(shown_images | lead_images)
    return RenderedPages(files, rendered.cards, searched, rendered.banners)


def _check_rendered(config, project, written, entries, library, cache, problems, previewed: bool) -> None:
    """What the bodies show, as rendered (the line checks found no error): anchors,
    images and links. A draft's links are its own affair, and the preview shows drafts:
    a link to one is refused only where it would be published (build, check)."""
    checks.check_anchors(written, entries, problems)
    check_figures_drawn(written, entries, problems)  # drafts too: the preview shows them
    urls, languages = Urls(config.base_path), {edition_path(lang).rstrip("/") for lang in config.languages}
    chapters = {
        urls.chapter(doc.slug, doc.lang) for doc in project.documents if previewed or not doc.meta.draft
    }
    published = Published(config.base_path, library.images, chapters, languages, project.sources or {})
    mine = [e for e in entries if not e.meta.draft and (e.slug, e.lang) not in project.derived]
    check_rendered(written, mine, published, cache, problems)  # the entries written here


def _warn_settings(config: SiteConfig, problems: Problems) -> None:
    problems.extend(list(config.warnings))
    if config.settings.feed_id is None:
        problems.warn(CONFIG_NAME, None, FEED_ID_ADVICE)


def build(project: Path, output: Path | None = None, cache: Cache | None = None) -> BuildResult:
    """Build the published site; the previous output survives any failure. cache: the
    project's (project_cache), if the caller keeps it."""
    cache = project_cache(project) if cache is None else cache
    config = load_config(project, output, cache.files)
    check_output_dir(config.output, project, config.output_named_at)
    check_cache_dir(cache.folder, config.output, project)
    problems = Problems()
    if cache.refused:
        problems.warn("STORYSITE_CACHE", None, f"{cache.folder} holds files the generator did not make, "
                      "so the build cache is only read there: name a new or an empty folder")  # fmt: skip
    files, cards, index = render_files(config, problems, cache)
    before = folder_identity(config.output)
    try:
        with cards:
            write_site(files, config.output, later=(cards, index))
        cache.save()
        if cache.unsaved:
            problems.warn(str(cache.folder), None, f"the build cache could not be saved ({cache.unsaved}): "
                          "the next build starts from nothing")  # fmt: skip
    except KeyboardInterrupt:  # the editor is told which site the output folder now holds
        raise Interrupted(_what_the_output_holds(before, folder_identity(config.output))) from None
    pages = sum(1 for path, _ in files if path.endswith(".html"))  # neither the cards nor the index
    return BuildResult(pages, problems.warnings)


def _what_the_output_holds(before, after) -> str:
    if after == before:  # never swapped: the staging folder, if any, was removed
        return "the previous site is unchanged" if before else "nothing was written"
    if after is None:  # only where two folders cannot be exchanged in one step
        return "the output folder is gone; build again"
    return "the new site is in place"


def check(project: Path) -> Problems:
    """Everything build() checks, drafts included, writing nothing."""
    problems = Problems()
    try:
        cache = project_cache(project, writable=False)
        config = load_config(project, reader=cache.files)
        try:
            check_output_dir(config.output, project, config.output_named_at)  # as build() would
            check_cache_dir(cache.folder, config.output, project)
        except SiteError as exc:
            problems.extend(exc.problems)
        outputs = render_outputs(config, problems, cache, CHECKED)
        problems.extend(broken_links(outputs, config.base_url, "(built page)"))
    except SiteError as exc:
        known = set(problems.items)
        problems.extend([p for p in exc.problems if p not in known])
    return problems
