"""The first stage: read the project and parse what it holds, reporting what is wrong.

Every file is read through the cache's FileReader and parsed through
Cache.map, so an unchanged file is neither read again (in the preview) nor
parsed again (anywhere). Nothing is checked against anything else here: that is
checks.py, once everything is known.
"""

from __future__ import annotations

import itertools
import operator
import os
from dataclasses import dataclass
from pathlib import Path

from . import chapterfiles, content, data, mapdata
from .cache import Cache
from .config import SiteConfig
from .errors import Problems, SiteError
from .i18n import Catalog, Catalogs, PoFile, load_catalog, po_display
from .images import FOLDER
from .languages import KNOWN_LANGUAGES
from .mapmodel import LocatorMap
from .model import Document
from .records import ChartSeries, Source, TimelineEvent


@dataclass(frozen=True)
class Project:
    """Everything the editors wrote, parsed."""

    documents: tuple[Document, ...]
    chapter_files: chapterfiles.FileNames  # of the Markdown files under content/ that could be read
    sources: dict[str, Source] | None  # the valid entries; None: the bibliography is unusable
    source_ids: frozenset[str] | None  # every id the bibliography names, valid entry or not
    timeline: tuple[TimelineEvent, ...]
    charts: dict[str, ChartSeries]  # those that can be drawn
    maps: dict[str, LocatorMap]
    catalogs: Catalogs
    media: frozenset[str]  # every file a chapter may show, relative to content/
    derived: frozenset[tuple[str, str]] = frozenset()  # (slug, lang) of documents made by editions.py
    # The id of every chart and map file, drawable or not: a chapter naming one whose file
    # has errors is not told, falsely, to add the file (the file's own errors say what to fix).
    chart_files: frozenset[str] = frozenset()
    map_files: frozenset[str] = frozenset()


def load_project(config: SiteConfig, cache: Cache, problems: Problems) -> Project:
    langs = config.languages
    listing = chapterfiles.list_files(config.content_dir, config.project, langs)
    accepted = cache.map(chapterfiles.accepted_files, [listing])[0]
    problems.extend(list(accepted.problems))
    files = chapterfiles.read_files(accepted.files, cache.files, problems)
    parsed = _reported(cache.map(content.parse, files, common=langs), problems)
    sources, source_ids = _load_sources(config, cache, problems) or (None, None)
    timeline = _load_timeline(config, cache, problems)
    charts, chart_files = _load_figures(config, config.content_dir / "data", data.load_chart, cache, problems)
    maps, map_files = _load_figures(
        config, config.content_dir / "data" / "maps", mapdata.load_map, cache, problems
    )
    return Project(
        documents=tuple(doc for doc in parsed if doc is not None),
        chapter_files=_still_there(accepted, len(files)),
        sources=sources,
        source_ids=source_ids,
        timeline=timeline,
        charts=charts,
        maps=maps,
        catalogs=Catalogs({lang: _load_catalog(config, lang, cache, problems) for lang in langs}),
        media=media_files(config.content_dir),
        chart_files=chart_files,
        map_files=map_files,
    )


def _still_there(accepted: chapterfiles.Accepted, read: int) -> chapterfiles.FileNames:
    """The chapter files there are: those judged, but one removed since (a save under
    way). One that is there but cannot be read (too large, no permission) is there: its
    own error says so, and its translations and the links to it are not told it is gone
    ("delete this file too" would lose a translation)."""
    if read == len(accepted.files):
        return accepted.names
    return chapterfiles.FileNames.of(display for path, display in accepted.files if os.path.lexists(path))


def _reported(results: list, problems: Problems) -> list:
    """The values of (value, problems found) pairs, the problems reported."""
    problems.extend(list(itertools.chain.from_iterable(map(operator.itemgetter(1), results))))
    return list(map(operator.itemgetter(0), results))


def _data_file(config: SiteConfig, path: Path, cache: Cache) -> data.DataFile:
    display = path.relative_to(config.project).as_posix()
    return data.DataFile(cache.files.read(path, display), display, config.authored_languages)


def _load_one(config: SiteConfig, path: Path, load, cache: Cache, problems: Problems, unusable):
    try:
        file = _data_file(config, path, cache)
    except SiteError as exc:
        problems.extend(exc.problems)
        return unusable
    return _reported(cache.map(load, [file]), problems)[0]


def _load_sources(config: SiteConfig, cache: Cache, problems: Problems):
    path = config.content_dir / "sources.yaml"
    if not path.is_file():
        problems.error("content/sources.yaml", None, "missing: every citation needs a bibliography")
        return None
    return _load_one(config, path, data.load_sources, cache, problems, None)


def _load_timeline(config: SiteConfig, cache: Cache, problems: Problems):
    path = config.content_dir / "timeline.yaml"
    if not path.is_file():
        return ()
    return _load_one(config, path, data.load_timeline, cache, problems, ())


def _load_figures(config: SiteConfig, folder: Path, load, cache: Cache, problems: Problems):
    """The charts (or maps) of a folder's files that can be drawn, by id, and the ids of all
    its files."""
    drawable = {}
    paths = sorted(folder.glob("*.yaml"))
    for path in paths:
        found = _load_one(config, path, load, cache, problems, None)
        if found is not None:
            drawable[path.stem] = found
    return drawable, frozenset(path.stem for path in paths)


def _load_catalog(config: SiteConfig, lang: str, cache: Cache, problems: Problems) -> Catalog:
    """A language's interface text; the templates' own language needs none."""
    language = KNOWN_LANGUAGES[lang]
    if not language.uses_catalog:
        return Catalog(lang)
    display = po_display(language)
    path = config.project / display
    if not path.is_file():
        if language.derived_from:
            return Catalog(lang)  # its interface text is derived, and overridden only where wanted
        problems.warn(display, None, "no translations: the interface will be in English")
        return Catalog(lang)
    try:
        po = PoFile(language, cache.files.read(path, display), display)
    except SiteError as exc:
        problems.extend(exc.problems)
        return Catalog(lang)
    return _reported(cache.map(load_catalog, [po]), problems)[0]


def media_files(content_dir: Path) -> frozenset[str]:
    """Every file a body may name as an image, relative to content/: those under
    content/images/ but hidden ones, which are never published (images.py)."""
    found = set()
    for root, _, names in os.walk(content_dir / FOLDER):
        relative = Path(root).relative_to(content_dir).as_posix()
        found.update(f"{relative}/{name}" for name in names if not name.startswith("."))
    return frozenset(found)
