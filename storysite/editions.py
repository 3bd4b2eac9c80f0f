"""The derived editions added to what was loaded, and their state for `status` and `check`.

A derived edition (a language record with `derived_from`, listed in site.yaml) gets
every text of its source language converted (derive.py): the chapters that have no
hand-written `<slug>.<code>.md`, the page intros, site.yaml's texts, the sources,
the timeline, the charts and the interface text, whose own .po file may override
any string. Nothing here knows which languages these are: it asks the records.
"""

from __future__ import annotations

import dataclasses

from . import translation
from .cache import Cache
from .config import SiteConfig
from .derive import (
    Converter,
    GlossaryFile,
    derive_catalog,
    derive_chart,
    derive_document,
    derive_map,
    derive_sources,
    derive_texts,
    derive_timeline,
    load_glossary,
)
from .errors import Problems, SiteError
from .i18n import Catalog, Catalogs
from .languages import KNOWN_LANGUAGES, Language
from .load import Project
from .model import Document
from .translation import TranslationState

GLOSSARY_NAME = "glossary.yaml"


def derive_editions(config: SiteConfig, project: Project, cache: Cache, problems: Problems):
    """-> (config, project) with every derived edition's texts added."""
    for target, profile in config.settings.conversions.items():
        language = KNOWN_LANGUAGES[target]
        display = glossary_display(language)
        glossary = _load_glossary(config, display, cache, problems)
        pairs = tuple((term, replacement) for term, replacement, _ in glossary)
        converter = Converter(language.derived_from, target, profile, pairs, language.quote_marks)
        config, project, used = _derive(config, project, converter, cache)
        if problems.errors:  # a file that could not be read is no text to match: its terms stay unsaid
            continue
        for term, _, line in glossary:
            if term not in used:
                problems.warn(
                    display, line, f"'{term}' matches nothing in the derived text: correct or remove it"
                )
    return config, project


def glossary_display(language: Language) -> str:
    return f"translations/{language.folder}/{GLOSSARY_NAME}"


def _load_glossary(config: SiteConfig, display: str, cache: Cache, problems: Problems):
    path = config.project / display
    if not path.is_file():
        return ()
    try:
        file = GlossaryFile(cache.files.read(path, display), display)
    except SiteError as exc:
        problems.extend(exc.problems)
        return ()
    entries, found = cache.map(load_glossary, [file])[0]
    problems.extend(list(found))
    return entries


def _derive(config: SiteConfig, project: Project, converter: Converter, cache: Cache):
    used: set[str] = set()

    def run(function, inputs: list) -> list:
        results = cache.map(function, inputs, common=converter)
        for _, terms in results:
            used.update(terms)
        return [value for value, _ in results]

    written = {(doc.slug, doc.lang) for doc in project.documents}
    originals = [
        doc
        for doc in project.documents
        if doc.lang == converter.source and (doc.slug, converter.target) not in written
    ]
    documents = run(derive_document, originals)
    settings = config.settings
    texts = run(derive_texts, [(settings.title, settings.standfirst, settings.author)])[0]
    settings = dataclasses.replace(settings, title=texts[0], standfirst=texts[1], author=texts[2])
    project = dataclasses.replace(
        project,
        documents=project.documents + tuple(documents),
        derived=project.derived | {(doc.slug, doc.lang) for doc in documents},
        sources=None if project.sources is None else run(derive_sources, [project.sources])[0],
        timeline=run(derive_timeline, [project.timeline])[0],
        charts=dict(zip(project.charts, run(derive_chart, list(project.charts.values())), strict=True)),
        maps=dict(zip(project.maps, run(derive_map, list(project.maps.values())), strict=True)),
        catalogs=_catalogs(
            project.catalogs, run(derive_catalog, [project.catalogs.by_lang[converter.source]])[0]
        ),
    )
    return dataclasses.replace(config, settings=settings), project, used


def _catalogs(catalogs: Catalogs, derived: Catalog) -> Catalogs:
    """The derived interface text, overridden string by string by the edition's own .po file."""
    own = catalogs.by_lang[derived.lang]
    merged = Catalog(derived.lang, derived.messages + own.messages)  # the later of two equal ids wins
    return Catalogs({**catalogs.by_lang, derived.lang: merged})


def derived_states(config: SiteConfig, project: Project, stale: frozenset, problems: Problems) -> frozenset:
    """The stale chapters of every edition: a derived chapter is as stale as the text it
    comes from; a hand-written override whose source text changed since it was written
    is reported."""
    found = set(stale)
    by_key = {(doc.slug, doc.lang): doc for doc in project.documents}
    for target in config.settings.conversions:
        source = KNOWN_LANGUAGES[target].derived_from
        found |= {(slug, target) for slug, lang in stale if lang == source}
        for (slug, lang), doc in sorted(by_key.items()):
            if lang == target and (slug, lang) not in project.derived:
                _check_override(doc, by_key.get((slug, source)), source, problems)
    return frozenset(found)


def _check_override(override: Document, original: Document | None, source: str, problems: Problems) -> None:
    state = override_state(original, override)
    where, slug = override.source.display, override.slug
    if state is TranslationState.STALE:
        problems.warn(
            where, None, f"the {source} text changed since this was written: bring it up to date, "
            f"then run python build.py status --mark {slug}"
        )  # fmt: skip
    elif state is TranslationState.UNMARKED:
        problems.warn(
            where,
            None,
            f"not marked as following the {source} text: run python build.py status --mark {slug}",
        )


def override_state(original: Document | None, override: Document | None) -> TranslationState:
    return translation.status(translation.version_of(original) if original else None, override)


STATUS_WORDS = {
    TranslationState.MISSING: "derived",
    TranslationState.CURRENT: "overridden",
    TranslationState.STALE: "override stale",
    TranslationState.UNMARKED: "override unmarked",
}


def derived_status(original: Document | None, override: Document | None) -> str:
    """What `status` shows for a chapter of a derived edition."""
    if original is None and override is None:
        return TranslationState.MISSING.value
    return STATUS_WORDS[override_state(original, override)]
