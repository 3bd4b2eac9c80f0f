"""Search: every edition indexed at build time by Pagefind, published as static files.

Pagefind's extended binary segments Chinese, which has no spaces between words, and
keeps one index per language (a page's <html lang>), so each edition's search page
finds only that edition. Indexed: each chapter's article, and every timeline event
and every source as a record of its own, linked to its place on the timeline or the
sources page. The index is a Cache.map result keyed by exactly these records, so it
is made again only when something a reader could find changed.

Each language is indexed on its own (Pagefind names every file of a language's
index by its content and lists the languages in one entry file): its peak memory is
then that of the largest language, not of all of them (N = 1,000: 930-960 MiB as one
index, 500-525 as three), and an edit indexes again only the languages it changed.
The languages' files are joined into one bundle, byte for byte what one index of
every language gives (a test checks it).

Pagefind runs as a process of its own, spoken to over a pipe; nothing is written to
disk here: the files come back in memory and are written with the rest of the site,
atomically, or not at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import indexer
from .cache import Cache
from .config import Settings
from .errors import SiteError
from .i18n import Catalogs, Formatter
from .languages import KNOWN_LANGUAGES
from .model import IDEOGRAPH_RE, Entry, Site
from .quoted import typeset
from .urls import Urls

BUNDLE = "pagefind"  # the folder the index and its scripts are published in
# Pagefind writes interfaces the search page does not use: not published.
ENTRY = "pagefind-entry.json"
CHAPTERS_A_GROUP = 64  # see _characters
UNUSED = ("pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


@dataclass(frozen=True)
class SearchRecord:
    url: str
    language: str  # as Pagefind names it (pagefind_language)
    title: str = ""
    content: str = ""  # a record's text; empty for a page given whole
    # A whole page, whose data-pagefind-body Pagefind reads: the very bytes the page was
    # rendered to (from the cache, unchanged: the preview compares them by identity).
    html: bytes = b""


@dataclass(frozen=True)
class SearchInput:
    """What one language's index is made from."""

    language: str  # as Pagefind names it
    records: tuple[SearchRecord, ...]
    engine: str = ""  # a binary PAGEFIND_BINARY_PATH names (indexer.chosen_binary); packages: in every key


def chapter_record(urls: Urls, lang: str, slug: str, page: bytes) -> SearchRecord:
    """What an edition's search finds of a chapter: its page, given whole."""
    return SearchRecord(urls.chapter(slug, lang), pagefind_language(lang), html=page)


def pagefind_language(lang: str) -> str:
    """An edition's language as Pagefind names it: the html lang, in lowercase."""
    return KNOWN_LANGUAGES[lang].html_lang.lower()


def search_input(
    settings: Settings, site: Site, chapters: dict[str, list[SearchRecord]], catalogs: Catalogs
) -> tuple[SearchInput, ...]:
    """What each edition's search finds, a language at a time: its chapters (lang -> their
    records, made with their pages: render.RenderedChapter), timeline events and sources."""
    urls = Urls(settings.base_path)
    by_language: dict[str, list[SearchRecord]] = {}
    for lang in settings.languages:
        language = pagefind_language(lang)
        records = by_language.setdefault(language, [])
        records += chapters[lang]
        records.extend(_timeline_records(site, lang, language, urls, catalogs))
        records.extend(_source_records(site, lang, language, urls))
    engine = indexer.chosen_binary()
    return tuple(SearchInput(language, tuple(records), engine) for language, records in by_language.items())


def _timeline_records(site: Site, lang: str, language: str, urls: Urls, catalogs: Catalogs):
    edition = KNOWN_LANGUAGES[lang]
    fmt, timeline = Formatter(edition), catalogs.translate(lang, "Timeline")
    for number, event in enumerate(site.timeline, start=1):
        when = event.label[lang] if event.label else fmt.partial_date(event.date)
        url = f"{urls.page(lang, 'timeline')}#event-{number}"
        text = typeset(event.text[lang], edition)  # as the page sets it: Heze’s, not Heze's
        title = (
            f"{typeset(when, edition)}{edition.colon}{first_clause(text)} · {timeline}"  # dates alone repeat
        )
        yield SearchRecord(url, language, title, text)


CLAUSE_END_RE = re.compile(r"[,;:.!?，；：。！？]|[(（“‘「『《]|[)）”’」』》]")
OPENING, CLOSING, COLONS = "(（“‘「『《", ")）”’」』》", ":："
TITLE_CHARACTERS = 48  # enough to tell two events of one year apart
SHORTEST_CLAUSE = 20  # in Latin letters (a Han character counts two): "Context" says nothing


def first_clause(text: str) -> str:
    """The start of an event's text, to the end of its first clause that says something,
    cut short (with …) if long. A clause ends at no mark inside brackets or quotes, nor
    inside a number (1,400; 2.03); a short lead ending in a colon ("Context, in Hebei:")
    is kept with the clause after it."""
    depth, start = 0, 0
    for mark in CLAUSE_END_RE.finditer(text):
        char, at = mark.group(), mark.start()
        if char in OPENING or char in CLOSING:
            depth = depth + 1 if char in OPENING else max(0, depth - 1)
        elif depth or _inside_number(text, at):
            continue
        elif char in COLONS and not start and _width(text[:at]) < SHORTEST_CLAUSE * 2:
            start = at + 1  # a lead: the clause after it is the one that must say something
        elif _width(text[start:at]) >= SHORTEST_CLAUSE:
            return _shortened(text[:at], start)
    return _shortened(text, start)


def _inside_number(text: str, at: int) -> bool:
    return 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit()


def _width(text: str) -> int:
    return len(text.strip()) + len(IDEOGRAPH_RE.findall(text))


def _shortened(clause: str, lead: int) -> str:
    """Cut at a space if long, and before a bracket or quote the cut would leave open."""
    if len(clause) - lead <= TITLE_CHARACTERS:
        return clause
    cut = clause[: lead + TITLE_CHARACTERS]
    space = cut.rfind(" ")
    cut = cut[:space] if space > lead + TITLE_CHARACTERS // 2 else cut
    opened = [i for i, char in enumerate(cut) if char in OPENING]
    closed = sum(char in CLOSING for char in cut)
    if len(opened) > closed:
        cut = cut[: opened[closed]].rstrip()
    return cut.rstrip(",;:，；： ") + "…"


def _source_records(site: Site, lang: str, language: str, urls: Urls):
    edition, english = KNOWN_LANGUAGES[lang], KNOWN_LANGUAGES["en"]
    for source in site.sources.values():
        # A result's title in the reader's language; its text names the headline once. Each
        # part set as the page sets it: an English headline as English, on a Chinese page too.
        shown = KNOWN_LANGUAGES.get(source.headline_language(lang), edition)
        headline = typeset(source.shown_headline(lang), shown)
        translation = source.headline_translation(lang)  # as the page shows it, if it does
        translated = typeset(translation, english) if translation else ""
        title = (edition.shows_english_headline and translated) or headline
        parts = (
            typeset(source.outlet[lang], edition),
            title,
            translated,
            typeset(source.note[lang], edition),
        )
        text = " ".join(dict.fromkeys(part for part in parts if part))
        yield SearchRecord(urls.source(lang, source.id), language, title, text)


def query_maps(settings: Settings, site: Site, cache: Cache) -> dict[str, dict[str, str]]:
    """edition -> {character: character}: how a query typed in the other script of the
    same language is written in the edition's (淘宝 on the Traditional edition's search
    page finds 淘寶, and 淘寶 on the Simplified one finds 淘宝). Character by character,
    over the characters the story uses: a query is a word or two. A character map cannot
    tell words apart (里 is 裡, but 阿里 keeps 里), so the page searches the query as typed
    too, and shows its results first (static/search-both.js)."""
    maps: dict[str, dict[str, str]] = {}
    for target, profile in settings.conversions.items():
        source = KNOWN_LANGUAGES[target].derived_from
        forward = cache.map(character_map, [(_characters(site, source, cache), profile)])[0]
        maps[target] = forward
        maps[source] = {converted: original for original, converted in reversed(forward.items())}
    return maps


def _characters(site: Site, lang: str, cache: Cache) -> str:
    """Every Han character of an edition's chapters, timeline and sources, once, in order.
    The chapters' are gathered a group at a time, each group's a cached result: a save
    gathers again only its chapter's group, where the union of every chapter's set took
    most of a save's query-map time (17 ms at N = 1,000)."""
    texts = [event.text[lang] for event in site.timeline]
    texts += [source.outlet[lang] + source.headline + source.note[lang] for source in site.sources.values()]
    found = frozenset(IDEOGRAPH_RE.findall("".join(texts)))
    entries = site.chapters[lang]
    groups = [
        tuple(entries[start : start + CHAPTERS_A_GROUP]) for start in range(0, len(entries), CHAPTERS_A_GROUP)
    ]
    return "".join(sorted(found.union(*cache.map(_ideographs_of, groups, keep=False))))


def _ideographs_of(entries: tuple[Entry, ...]) -> frozenset[str]:
    return frozenset().union(*(entry.ideographs for entry in entries))


def character_map(job: tuple[str, str]) -> dict[str, str]:
    """(characters, OpenCC profile) -> each character that converts to another single one."""
    from .derive import opencc_converter

    characters, profile = job
    convert = opencc_converter(profile).convert
    pairs = ((character, convert(character)) for character in characters)
    return {
        character: converted
        for character, converted in pairs
        if converted != character and len(converted) == 1
    }


def index_language(search: SearchInput) -> tuple[tuple[str, bytes], ...]:
    """Pagefind's files for one language (as it names them; see published_index), or a
    SiteError."""
    try:
        return tuple(indexer.index([_pagefind_page(record) for record in search.records]))
    except (OSError, ValueError, indexer.PagefindError) as exc:  # missing, crashed, or refused a record
        raise SiteError.single(
            BUNDLE,
            None,
            f"the search index could not be built: {exc}; "
            "reinstall the generator's libraries: python -m pip install -e .",
        ) from None


def published_index(languages: Iterable[tuple[tuple[str, bytes], ...]]) -> tuple[tuple[str, bytes], ...]:
    """(output path, bytes) of the index and Pagefind's interface: the languages' files
    joined, their entry files made one (its languages sorted, so that the same site
    builds to the same bytes). The files they share (the scripts) are the same bytes."""
    files: dict[str, bytes] = {}
    entries = []
    for language_files in languages:
        for path, data in language_files:
            if path == ENTRY:
                entries.append(_entry(data))
            elif not path.startswith(UNUSED) and files.setdefault(path, data) != data:
                raise _unexpected(path)
    files[ENTRY] = _joined_entry(entries)
    return tuple(sorted((f"{BUNDLE}/{path}", data) for path, data in files.items()))


def _entry(data: bytes) -> dict:
    """A language's entry file, as Pagefind 1 writes it: its languages, and what all share."""
    try:
        entry = json.loads(data)
    except ValueError:
        entry = None
    if not isinstance(entry, dict) or not isinstance(entry.get("languages"), dict):
        raise _unexpected(ENTRY)
    return entry


def _joined_entry(entries: list[dict]) -> bytes:
    """One entry file listing every language's index; all else in them is the same."""
    if not entries:
        raise _unexpected(ENTRY)
    shared = {**entries[0], "languages": {}}
    languages: dict = {}
    for entry in entries:
        if {**entry, "languages": {}} != shared or languages.keys() & entry["languages"].keys():
            raise _unexpected(ENTRY)
        languages.update(entry["languages"])
    joined = {**shared, "languages": languages}
    return json.dumps(joined, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _unexpected(path: str) -> SiteError:
    """The languages' indexes cannot be joined: not what Pagefind 1 makes."""
    return SiteError.single(
        f"{BUNDLE}/{path}",
        None,
        "Pagefind made the search index in a form this generator cannot join; reinstall the "
        "generator's libraries (python -m pip install -e .), delete .storysite-cache and build again",
    )


def warm_up(settings: Settings) -> None:
    """Have Pagefind ready for the editions' languages by the time the site is rendered."""
    indexer.warm_up(sorted({pagefind_language(lang) for lang in settings.languages}))


def _pagefind_page(record: SearchRecord) -> dict:
    if record.html:
        return {"type": "AddFile", "url": record.url, "file_contents": record.html.decode("utf-8")}
    return {"type": "AddRecord", "url": record.url, "content": record.content,
            "language": record.language, "meta": {"title": record.title}}  # fmt: skip
