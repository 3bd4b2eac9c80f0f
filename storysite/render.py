"""Jinja: templates + the assembled Site -> (output path, bytes) for every file."""

from __future__ import annotations

import contextlib
import operator
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
from babel import Locale

from .assemble import Urls, catalog_key
from .assets import AssetLookup
from .cache import GENERATOR_VERSION, MISSING, Cache, SameObjects, digest, join_key
from .config import SiteConfig
from .errors import SiteError
from .i18n import KNOWN_LANGUAGES, Formatter
from .model import Entry, Site
from .pages import Page, plan_pages
from .parallel import map_jobs

FEED_LENGTH = 20  # the most recently updated chapters; a feed reader wants news, not the archive


def make_environment(templates_dir: Path, catalog) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(catalog, newstyle=True)
    return env


def render_site(
    config: SiteConfig,
    site: Site,
    translations,
    urls: Urls,
    asset_urls,
    preview=False,
    cache: Cache | None = None,
) -> list[tuple[str, bytes]]:
    """(output path, bytes) for every page, feed and index file.

    Each output has a key: the digest of the templates, the settings, the site's
    shared data (titles, order, sources, timeline...) and the page's own content.
    Outputs whose key is in the cache are not rendered again.
    """
    cache = cache or Cache()
    pages = plan_pages(site, config.languages, config.title, config.standfirst, cache.same_objects("pages"))
    settings_key = _settings_key(config, translations, asset_urls, preview)
    envs = _environments(config, translations, settings_key, compile_all=preview)
    shared = {
        "config": config,
        "site": site,
        "urls": urls,
        "asset": AssetLookup(asset_urls),
        "languages": {code: KNOWN_LANGUAGES[code] for code in config.languages},
        "formatters": {code: Formatter(code) for code in config.languages},
        "preview": preview,
        "translate": lambda lang, message: translations[lang].gettext(message),
        "language_name": _language_name,
    }
    original = config.original_language
    site_key = digest(settings_key, _shared_data_key(site))

    def context(lang: str, **extra) -> dict:
        return dict(shared, lang=lang, fmt=shared["formatters"][lang], **extra)

    outputs: list[tuple[str, bytes | None]] = []  # None: rendered below
    jobs: list[Job] = []
    remembered = cache.same_objects("page-bytes")

    def add(output: str, lang: str, template: str, own_key: str, make_context=None, page: Page | None = None):
        """A job renders only if its result is not kept: its context is made only then."""
        same = ((page,), (site_key, own_key)) if page else None  # the preview's unchanged pages
        found = remembered.find(*same) if same else MISSING
        if found is MISSING:
            key = join_key(site_key, output, template, own_key)
            make_context = make_context or partial(context, lang, page=page)
            jobs.append(
                Job(len(outputs), key, partial(_render_with, envs[lang], template, make_context), same)
            )
        outputs.append((output, None if found is MISSING else found))

    for page in pages:
        own_key = page.own_key
        if page.key in WHOLE_SITE_PAGES:
            own_key += _whole_site_extras(site, page)
        add(page.output, page.lang, page.template, own_key, page=page)
    add("404.html", original, "404.html", "", partial(context, original, page=_not_found_page(config)))
    for lang in config.languages:
        recent = _recent(site.chapters[lang])
        feed_key = digest(*(c.digest for c in recent))
        add(f"{lang}/feed.xml", lang, "feed.xml", feed_key, partial(context, lang, chapters=recent))
    all_pages = join_key(*(p.links_key for p in pages))
    add("sitemap.xml", original, "sitemap.xml", all_pages, partial(dict, shared, pages=pages))
    add("robots.txt", original, "robots.txt", "", partial(dict, shared))
    _run(jobs, outputs, cache, remembered)
    return outputs


@dataclass(frozen=True)
class Job:
    index: int  # of its output
    key: str  # in the cache
    render: Callable[[], bytes]
    same: tuple | None  # (objects, values) it is remembered by in the preview, if any


_compiled: dict[str, dict[str, jinja2.Environment]] = {}


def _environments(
    config: SiteConfig, translations, settings_key: str, compile_all: bool = False
) -> dict[str, jinja2.Environment]:
    """One Jinja environment per language, kept while the templates and settings are the
    same, so the preview server does not compile every template again on each save.
    compile_all: the preview compiles them all at once, so that the first save after
    the server starts (whose pages mostly came from the cache) need not wait for it."""
    if settings_key not in _compiled:
        _compiled.clear()
        _compiled[settings_key] = {
            lang: make_environment(config.templates_dir, translations[lang]) for lang in config.languages
        }
        if compile_all:
            for env in _compiled[settings_key].values():
                _compile_templates(env)
    return _compiled[settings_key]


def _compile_templates(env: jinja2.Environment) -> None:
    for name in env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml", ".txt"))):
        with contextlib.suppress(jinja2.TemplateError):  # reported, with file and line, when a page uses it
            env.get_template(name)


def _run(jobs: list[Job], outputs: list, cache: Cache, remembered: SameObjects) -> None:
    """Fill in the outputs the jobs make: from the cache, else rendered, on every core
    when there is much to render."""
    results = [cache.get("page", job.key) for job in jobs]
    missing = [index for index, result in enumerate(results) if result is None]
    rendered = map_jobs(lambda index: jobs[missing[index]].render(), len(missing))
    for index, data in zip(missing, rendered, strict=True):
        results[index] = data
        cache.put("page", jobs[index].key, data)
    for job, data in zip(jobs, results, strict=True):
        outputs[job.index] = (outputs[job.index][0], data)
        if job.same:
            remembered.keep(*job.same, data, ("page", job.key))


def _recent(chapters: tuple[Entry, ...]) -> tuple[Entry, ...]:
    newest = sorted(chapters, key=RECENCY, reverse=True)[:FEED_LENGTH]
    return tuple(sorted(newest, key=lambda c: (c.order, c.slug)))


def _settings_key(config: SiteConfig, translations, asset_urls, preview: bool) -> str:
    """The generator, the templates, the interface text, site.yaml and the static files."""
    templates = sorted(p for p in config.templates_dir.rglob("*") if p.is_file())
    settings = (config.base_url, config.languages, config.title, config.standfirst, config.author)
    return digest(
        GENERATOR_VERSION,
        *(
            part
            for path in templates
            for part in (path.relative_to(config.templates_dir).as_posix(), path.read_bytes())
        ),
        *(catalog_key(translations[lang]) for lang in config.languages),
        repr(settings),
        repr(sorted(asset_urls.items())),
        repr(preview),
    )


def _shared_data_key(site: Site) -> str:
    """What any page may show of the whole site: every chapter's front matter, the page
    intros, sources, timeline, charts and stale translations. Not what the chapters'
    text yields (length, citations): few pages show it, see _whole_site_extras."""
    chapters = [join_key(lang, *map(LISTING_KEY, entries)) for lang, entries in sorted(site.chapters.items())]
    return digest(
        *chapters,
        repr(sorted((key, entry.digest) for key, entry in site.intros.items())),
        repr(site.sources),
        repr(site.timeline),
        repr(site.charts),
        repr(sorted(site.stale)),
    )


WHOLE_SITE_PAGES = ("home", "sources")


def _whole_site_extras(site: Site, page: Page) -> str:
    """Figures drawn from every chapter's text, for the pages that show them: the edition
    home shows each chapter's reading time (in minutes, as shown: a few more words rarely
    change it); the sources page lists every citation."""
    if page.key == "home":
        return repr(list(map(READING_MINUTES, site.chapters[page.lang])))
    if page.key == "sources":  # the citations index is drawn from every entry's notes (with their places)
        entries = (site.intros.values(), *site.chapters.values())
        return digest(join_key(*(key for group in entries for key in map(CITING_KEY, group))))
    return ""


# Read from every chapter on every build: attrgetter runs in C.
LISTING_KEY = operator.attrgetter("listing_key")
READING_MINUTES = operator.attrgetter("body.reading_minutes")
CITING_KEY = operator.attrgetter("citing_key")
RECENCY = operator.attrgetter("recency")


def _language_name(code: str, in_lang: str) -> str:
    """'zh' -> 'Chinese' on an English page, '中文' on a Chinese one."""
    names = Locale.parse(KNOWN_LANGUAGES[in_lang].locale).languages
    return names.get(code, code)


def _not_found_page(config: SiteConfig) -> Page:
    lang = config.original_language
    return Page("404.html", "404.html", lang, "Page not found", config.standfirst[lang], "404")


def _render_with(env: jinja2.Environment, name: str, make_context: Callable[[], dict]) -> bytes:
    return _render(env, name, make_context())


def _render(env: jinja2.Environment, name: str, context: dict) -> bytes:
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise SiteError.single(
            f"templates/{exc.name or name}", exc.lineno, f"template syntax: {exc.message}"
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise SiteError.single(f"templates/{exc.name}", None, "template not found") from None
    except SiteError:
        raise
    except Exception as exc:  # an error raised while the template ran
        template, line = _template_frame(exc)
        raise SiteError.single(
            f"templates/{template or name}", line, f"{type(exc).__name__}: {exc}"
        ) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return Path(frame.filename).name, frame.lineno
    return None, None
