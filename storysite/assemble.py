"""Gather and check everything, render the Markdown bodies, and return the Site.

Nothing here writes to disk: the whole site is known, and every problem
reported, before the output stage starts.
"""

from __future__ import annotations

import operator
import os
from dataclasses import dataclass
from functools import partial

from . import content, data, markup, translation
from .cache import GENERATOR_VERSION, MISSING, Cache, digest, join_key
from .charts import render_chart
from .config import SiteConfig
from .errors import Problems
from .i18n import Formatter, load_translations
from .model import Document, Entry, Site
from .parallel import map_jobs


@dataclass(frozen=True)
class Urls:
    """Every URL the site links to internally, in one place."""

    base_path: str

    def home(self, lang: str) -> str:
        return f"{self.base_path}{lang}/"

    def chapter(self, slug: str, lang: str) -> str:
        return f"{self.base_path}{lang}/{slug}/"

    def page(self, lang: str, name: str) -> str:
        return f"{self.base_path}{lang}/{name}/"

    def source(self, lang: str, source_id: str) -> str:
        return f"{self.base_path}{lang}/sources/#src-{source_id}"

    def media(self, path: str) -> str:
        return f"{self.base_path}{path.removeprefix('./')}"


def assemble(
    config: SiteConfig, problems: Problems, include_drafts: bool = False, cache: Cache | None = None
):
    """-> (Site, translations, Urls). Raises SiteError with every problem found."""
    langs = config.languages
    cache = cache or Cache()
    memo = cache.scratch.setdefault("files", {})  # lives as long as the cache: the preview's
    files = content.discover(config.content_dir, config.project, langs, problems, memo)
    documents = [doc for f in files if (doc := _parse(f, langs, cache, problems))]
    content_dir, project = config.content_dir, config.project
    sources = _unless_changed(
        cache, [content_dir / "sources.yaml"], langs, problems,
        lambda found: data.load_sources(content_dir, project, langs, found),
    )  # fmt: skip
    timeline = _unless_changed(
        cache, [content_dir / "timeline.yaml"], langs, problems,
        lambda found: data.load_timeline(content_dir, project, langs, found),
    )  # fmt: skip
    charts = _unless_changed(
        cache, _chart_files(content_dir), langs, problems,
        lambda found: data.load_charts(content_dir, project, langs, found),
    )  # fmt: skip
    if sources is not None:  # None: already reported; don't also call every citation unknown
        _check_references(timeline, charts, sources, problems)
    originals = {f.slug for f in files if f.lang == config.original_language}
    documents = _inherit_order(documents, config.original_language, originals, problems, cache)
    _check_orders(documents, problems)
    visible = [d for d in documents if include_drafts or not d.meta["draft"]]
    _check_bodies(config, visible, files, sources, charts, cache, problems)
    translations = {
        lang: _unless_changed(
            cache,
            [config.translations_dir / lang / "LC_MESSAGES" / "messages.po"],
            lang,
            problems,
            partial(load_translations, config.translations_dir, lang, project=config.project),
        )  # fmt: skip
        for lang in langs
    }
    stale = _check_translations(config, documents, problems, cache)
    problems.raise_if_errors()  # rendering assumes every reference resolves
    urls = Urls(config.base_path)
    entries = _render_all(visible, urls, charts, sources or {}, translations, cache)
    _check_anchors(visible, entries, problems)
    problems.raise_if_errors()
    _warn_uncited(sources or {}, entries, timeline, charts, problems)
    site = Site(
        chapters=_chapters_by_language(entries, langs),
        intros={(e.slug, e.lang): e for e in entries if e.slug in content.RESERVED_PAGES},
        sources=sources or {},
        timeline=timeline,
        charts=charts,
        stale=stale,
    )
    return site, translations, urls


def _warn_uncited(sources, entries: list[Entry], timeline, charts, problems: Problems) -> None:
    cited = frozenset().union(*map(CITED, entries))
    cited |= {source_id for event in timeline for source_id in event.sources}
    cited |= {point.source for series in charts.values() for point in series.points}
    for source in sources.values():
        if source.id not in cited:
            problems.warn(
                "content/sources.yaml", source.line, f"'{source.id}' is cited nowhere: cite it or remove it"
            )


CITED = operator.attrgetter("cited")


def _check_references(timeline, charts, sources, problems: Problems) -> None:
    for event in timeline:
        for source_id in event.sources:
            if source_id not in sources:
                problems.error("content/timeline.yaml", event.line, f"unknown source '{source_id}'")
    for series in charts.values():
        for point in series.points:
            if point.source not in sources:
                problems.error(series.display, point.line, f"{point.year}: unknown source '{point.source}'")


def _inherit_order(
    documents: list[Document], original: str, originals: set[str], problems: Problems, cache: Cache
):
    """A translation takes its order from the original; a different one is an error."""
    orders = {d.slug: d.meta.get("order") for d in documents if d.lang == original}
    result = []
    for doc in documents:
        if doc.slug in content.RESERVED_PAGES or doc.lang == original:
            result.append(doc)
            continue
        wanted = orders.get(doc.slug)
        given = doc.meta.get("order")
        if given is not None and wanted is not None and given != wanted:
            problems.error(
                doc.source.display,
                doc.line_of("order"),
                f"order is {given} here but {wanted} in the original; make them equal",
            )
        elif given is None and doc.slug not in originals:
            problems.error(doc.source.display, 2, "front matter: missing required key 'order'")
        if given is not None:
            result.append(doc)  # its own order is the original's: nothing to inherit
            continue
        result.append(
            cache.same_objects("inherited").get((doc,), (wanted,), partial(_with_order, doc, wanted))
        )
    return result


def _with_order(doc: Document, order: int) -> Document:
    return Document(doc.source, dict(doc.meta, order=order), doc.body, doc.body_line, doc.lines)


def _check_orders(documents: list[Document], problems: Problems) -> None:
    seen: dict[tuple[str, int], Document] = {}
    for doc in documents:
        if doc.slug in content.RESERVED_PAGES or doc.meta.get("order") is None:
            continue
        key = (doc.lang, doc.meta["order"])
        if key in seen:
            other = seen[key].source.display
            problems.error(
                doc.source.display,
                doc.line_of("order"),
                f"order {key[1]} is also used by {other}; each chapter needs its own",
            )
        seen[key] = doc


def _check_bodies(config, documents, files, sources, charts, cache: Cache, problems: Problems) -> None:
    chapter_files = {f.name for f in files}
    media_root = config.content_dir
    source_ids = None if sources is None else set(sources)
    # Everything a body's check looks up besides the body: it is part of the cache key.
    lookups = digest(
        GENERATOR_VERSION,
        repr(sorted(source_ids) if source_ids is not None else None),
        repr(sorted(chapter_files)),
        repr(sorted(charts)),
        repr(_media_files(media_root)),
    )

    def media_exists(path: str) -> bool:
        return (media_root / path).is_file()

    chart_ids = set(charts)

    def check(doc: Document) -> tuple:
        found = Problems()
        markup.check_body(doc, source_ids, chapter_files, chart_ids, media_exists, found)
        image = doc.meta.get("image")
        if image and not media_exists(image):
            found.error(doc.source.display, doc.line_of("image"), f"image '{image}' not found under content/")
        return tuple(found.items)

    # The preview's unchanged files come back as the very same documents: found by
    # identity first, then by content key, and checked (on every core) only if new.
    memo = cache.same_objects("body-check")
    reports = [memo.find((doc,), (lookups,)) for doc in documents]
    todo = [index for index, report in enumerate(reports) if report is MISSING]
    keys = {
        index: join_key(lookups, doc.source.display, doc.source.digest, repr(doc.meta.get("image")))
        for index in todo
        for doc in (documents[index],)
    }
    for index in todo:
        reports[index] = cache.get("body-check", keys[index])
    missing = [index for index in todo if reports[index] is None]
    for index, report in zip(
        missing, map_jobs(lambda i: check(documents[missing[i]]), len(missing)), strict=True
    ):
        reports[index] = report
        cache.put("body-check", keys[index], report)
    for index in todo:
        memo.keep((documents[index],), (lookups,), reports[index], ("body-check", keys[index]))
    for report in reports:
        problems.extend(list(report))


def _check_anchors(documents: list[Document], entries: list[Entry], problems: Problems) -> None:
    by_page = {(e.slug, e.lang): e for e in entries}
    known: dict[tuple[str, str], frozenset[str]] = {}

    def anchors(slug: str, lang: str) -> frozenset[str] | None:
        if (slug, lang) not in by_page:
            return None  # a draft left out of this build, or a missing file (reported already)
        if (slug, lang) not in known:
            known[(slug, lang)] = markup.anchors_of(by_page[(slug, lang)].body)
        return known[(slug, lang)]

    for doc in documents:
        markup.check_anchors(doc, anchors, problems)


def _media_files(content_dir) -> list[str]:
    """Every file a body may show as an image: all of content/ but its chapters."""
    found = []
    for root, _, names in os.walk(content_dir):
        top = root == str(content_dir)
        found.extend(os.path.join(root, name) for name in names if not (top and name.endswith(".md")))
    return sorted(found)


def _unless_changed(cache: Cache, paths: list, variant, problems: Problems, load):
    """load(problems) for a data file, run again only once one of `paths` changed (by
    file stamp); what it reported is reported again. In a build this is one call; the
    preview server, whose cache lives on, reloads only the files that were saved."""
    memo = cache.scratch.setdefault("data", {})
    key = (repr(variant), tuple(map(str, paths)))
    stamps = tuple(content.file_stamp(path) for path in paths)
    if key in memo and memo[key][0] == stamps:
        _, result, reported = memo[key]
    else:
        found = Problems()
        result = load(found)
        reported = tuple(found.items)
        memo[key] = (stamps, result, reported)
    problems.extend(list(reported))
    return result


def _chart_files(content_dir) -> list:
    """The chart folder itself (a file added or removed changes its stamp) and its files."""
    folder = content_dir / "data"
    try:
        return [folder, *sorted(folder.iterdir())]
    except OSError:
        return [folder]


def _parse(source, langs, cache: Cache, problems: Problems) -> Document | None:
    memo = cache.same_objects("parse")  # the preview hands back the very object of a file not saved since
    parsed = memo.find((source,), (langs,))
    if parsed is MISSING:
        key = join_key(GENERATOR_VERSION, repr(str(source.path)), source.display, source.digest, repr(langs))
        parsed = cache.get("parse", key)
        if parsed is None:
            found = Problems()
            parsed = (content.parse(source, langs, found), tuple(found.items))
            cache.put("parse", key, parsed)
        memo.keep((source,), (langs,), parsed, ("parse", key))
    result, reported = parsed
    problems.extend(list(reported))
    return result


def _render_all(documents, urls: Urls, charts, sources, translations, cache: Cache) -> list[Entry]:
    """Render every body, each once per content: unchanged text comes from the cache."""
    contexts = {
        lang: _render_context_key(lang, urls, charts, sources, translations[lang])
        for lang in {d.lang for d in documents}
    }
    # The preview reuses the very Document objects of unchanged files: their entries too.
    memo = cache.same_objects("entries")
    entries = [memo.find((doc,), (contexts[doc.lang],)) for doc in documents]
    todo = [index for index, entry in enumerate(entries) if entry is MISSING]
    made = _make_entries([documents[i] for i in todo], contexts, urls, charts, sources, translations, cache)
    for index, entry in zip(todo, made, strict=True):
        entries[index] = entry
        doc, context = documents[index], contexts[documents[index].lang]
        memo.keep((doc,), (context,), entry, ("body", _body_key(context, doc)))
    return entries


def _make_entries(
    documents, contexts, urls: Urls, charts, sources, translations, cache: Cache
) -> list[Entry]:
    # Kept between the preview's saves: making a Markdown instance costs more than a body.
    kept = cache.scratch.get("renderers", {})
    renderers = {key: kept[key] for key in contexts.values() if key in kept}
    cache.scratch["renderers"] = renderers
    if cache.lives_on:  # the preview: set up now, so that the first save need not wait for it
        for lang, context in contexts.items():
            if context not in renderers:
                renderers[context] = _renderer(lang, urls, charts, sources, translations[lang])
    keys = [_body_key(contexts[doc.lang], doc) for doc in documents]
    bodies = [cache.get("body", key) for key in keys]
    missing = [index for index, body in enumerate(bodies) if body is None]

    def render_one(index: int):
        doc = documents[missing[index]]
        context = contexts[doc.lang]
        if context not in renderers:
            renderers[context] = _renderer(doc.lang, urls, charts, sources, translations[doc.lang])
        return markup.render(renderers[context], doc.body)

    for index, body in zip(missing, map_jobs(render_one, len(missing)), strict=True):
        bodies[index] = body
        cache.put("body", keys[index], body)
    entries = []
    for doc, body, key in zip(documents, bodies, keys, strict=True):
        meta_key = doc.meta_key
        entries.append(
            Entry(doc.slug, doc.lang, doc.meta, body, doc.source.display, join_key(key, meta_key), meta_key)
        )
    return entries


def _body_key(context: str, doc: Document) -> str:
    return join_key(context, doc.source.digest)  # the body is in the file's text


def _render_context_key(lang: str, urls: Urls, charts, sources, gettext_catalog) -> str:
    """Everything besides its own text that a rendered body depends on."""
    charted = sorted({point.source for series in charts.values() for point in series.points})
    outlets = [
        (sid, sources[sid].outlet.get(lang)) for sid in charted if sid in sources
    ]  # chart tables name them
    return digest(
        GENERATOR_VERSION, lang, urls.base_path, catalog_key(gettext_catalog), repr(charts), repr(outlets)
    )


def catalog_key(catalog) -> str:
    """The interface text of one language: English has none (it is the template's own)."""
    return repr(sorted(getattr(catalog, "_catalog", {}).items()))


def _renderer(lang: str, urls: Urls, charts, sources, gettext_catalog) -> markup.Renderer:
    fmt = Formatter(lang)
    gettext = gettext_catalog.gettext
    space = "" if lang == "zh" else " "  # before a note's number or letter: Chinese puts none

    def chart_html(chart_id: str) -> str:
        if chart_id not in charts:
            return ""  # reported by the body check; only text it cannot see (in raw HTML) gets here
        return render_chart(
            charts[chart_id],
            lang,
            fmt,
            gettext,
            lambda sid: urls.source(lang, sid),
            lambda sid: sources[sid].outlet[lang],
        )

    context = markup.Context(
        lang=lang,
        note_label=gettext("Note") + space,
        aside_label=gettext("Aside") + space,
        back_to_aside=gettext("Back to aside %(letter)s"),
        asides_heading=gettext("Asides"),
        chapter_url=urls.chapter,
        media_url=urls.media,
        chart_html=chart_html,
    )
    return markup.new_renderer(context)


def _chapters_by_language(entries: list[Entry], langs) -> dict[str, tuple[Entry, ...]]:
    chapters = {}
    for lang in langs:
        mine = [e for e in entries if e.lang == lang and e.slug not in content.RESERVED_PAGES]
        chapters[lang] = tuple(sorted(mine, key=lambda e: (e.order, e.slug)))
    return chapters


def _check_translations(config: SiteConfig, documents: list[Document], problems: Problems, cache: Cache):
    """Warn about missing, stale and unmarked translations; -> the stale (slug, lang) pairs."""
    stale = set()
    original = config.original_language
    by_key = {(d.slug, d.lang): d for d in documents}
    memo = cache.same_objects("translation")
    for slug in sorted({d.slug for d in documents}):
        source = by_key.get((slug, original))
        for lang in config.languages[1:]:
            translated = by_key.get((slug, lang))
            state, reported = memo.get(
                (source, translated),
                (slug, lang),
                partial(_translation_state, source, translated, slug, lang, original),
            )
            if state == translation.STALE:
                stale.add((slug, lang))
            problems.extend(list(reported))
    return frozenset(stale)


def _translation_state(source, translated, slug: str, lang: str, original: str) -> tuple[str, tuple]:
    """-> (state, the warnings it calls for)."""
    found = Problems()
    state = translation.status(source, translated)
    where = f"content/{slug}.{lang}.md"
    if state == translation.MISSING:
        found.warn(f"content/{slug}.{original}.md", None, f"no {lang} translation yet ({where})")
    elif state == translation.STALE:
        found.warn(where, None, f"the {original} text changed since this was translated")
    elif state == translation.UNMARKED:
        found.warn(where, None, f"not marked as a translation: run python build.py status --mark {slug}")
    return state, tuple(found.items)
