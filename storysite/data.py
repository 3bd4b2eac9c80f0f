"""The story's data files: sources.yaml, timeline.yaml and data/*.yaml (maps: mapdata.py)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from . import yamlsafe
from .content import decode
from .errors import Problems, SiteError
from .files import FileContent
from .records import ChartPoint, ChartSeries, Source, TimelineEvent, described
from .schema import ID_RE, Field, check_mapping, items_of
from .slugs import SLUG_RE

SOURCE_FIELDS = (
    Field("outlet", "localized", True, "who published it"),
    Field("headline", "text", True, "in the original language"),
    Field("headline_en", "text"),
    Field(
        "headline_shown", "localized", False, "where the headline was not recorded: what each edition shows"
    ),
    Field("authors", "text_list"),
    Field(
        "authors_shown", "localized", False, "the authors as each edition names them: {zh: 刘海奎、贾晓琳}"
    ),
    Field("date", "partial_date", True, "YYYY, YYYY-MM or YYYY-MM-DD"),
    Field("date_note", "localized"),
    Field("language", "text", True, "language of the original: en, zh, ru, ..."),
    Field("url", "url"),
    Field("note", "localized", True, "what copy was read and how reliable it is"),
)
SOURCE_FIELD_NAMES = frozenset(f.name for f in SOURCE_FIELDS)
EVENT_FIELDS = (
    Field("date", "partial_date", True, "YYYY, YYYY-MM or YYYY-MM-DD"),
    Field("label", "localized"),
    Field("text", "localized", True, "{en: ..., zh: ...}"),
    Field("sources", "id_list", True, "e.g. [cnr-2021]"),
)
ONE_POINT = "a list of {year: 2013, value: 2, source: id}"
SERIES_FIELDS = (
    Field("title", "localized", True),
    Field("description", "localized", True, "one sentence saying what it shows"),
    Field("unit", "localized", True, "e.g. {en: villages, zh: 个}"),
    Field(
        "quantity",
        "localized",
        False,
        "what the numbers count, the table's heading: {en: Taobao villages, zh: 淘宝村（个）}",
    ),
    Field("points", "raw", True, ONE_POINT),
)
POINT_FIELDS = (
    Field("year", "int", True),
    Field("value", "number", True),
    Field("source", "text", True, "a source id"),
    Field("note", "localized"),
)


@dataclass(frozen=True)
class DataFile:
    """A YAML data file as read: the input of the loaders below (through Cache.map,
    which keeps what they return until the file changes)."""

    content: FileContent
    display: str
    languages: tuple[str, ...]

    @property
    def stem(self) -> str:
        return self.display.rsplit("/", 1)[-1].removesuffix(".yaml")


def _reported(load):
    """load(file, problems) -> load(file) returning (result, the problems found)."""

    @functools.wraps(load)
    def run(file: DataFile):
        problems = Problems()
        return load(file, problems), tuple(problems.items)

    return run


def _yaml(file: DataFile):
    return yamlsafe.load(decode(file.content.data, file.display), file.display)


def _load_sources(file: DataFile, problems: Problems) -> tuple[dict[str, Source], frozenset[str]] | None:
    """(the valid entries, every id the file names), or None when the file itself is
    unusable (then citations go unchecked). An entry with a field error is reported once,
    at its own line; its id still counts as known, so the places citing it are not also
    told, falsely, to add it."""
    try:
        data = _yaml(file)
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    display, languages = file.display, file.languages
    if not isinstance(data, yamlsafe.YamlMap):
        problems.error(display, 1, "should map each source id to its entry")
        return None
    sources = {}
    named = frozenset(source_id for source_id in data if isinstance(source_id, str))
    for source_id, entry in data.items():
        line = data.line_of(source_id)
        if not isinstance(source_id, str) or not ID_RE.match(source_id):
            problems.error(
                display,
                line,
                f"'{source_id}' is not a valid source id: use lowercase letters, digits and hyphens",
            )
            continue
        values = check_mapping(entry, SOURCE_FIELDS, display, problems, languages, f"{source_id}: ", line)
        if not isinstance(entry, yamlsafe.YamlMap) or len(values) < len(entry.keys() & SOURCE_FIELD_NAMES):
            continue
        if "language" in values and not _is_language(values["language"]):
            problems.error(
                display,
                entry.line_of("language"),
                f"{source_id}: language: '{values['language']}' is no language code; "
                "write the original's, such as en, zh or ru",
            )
            continue
        if all(f.name in values for f in SOURCE_FIELDS if f.required):
            sources[source_id] = _source(source_id, values, line, display, problems)
    return sources, named


def _is_language(code: str) -> bool:
    """A language tag a browser understands (it becomes the headline's lang=)."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


def _headlines_shown(values: dict) -> dict[str, str]:
    """headline_shown, and for an article only described (no headline recorded) in
    another language, its English description on the English edition: the Chinese
    description, the editors' words and no title, headed the English sources page."""
    shown = dict(values.get("headline_shown") or {})
    english = values.get("headline_en")
    if english and described(values["headline"]) and described(english):
        shown.setdefault("en", english)
    return shown


def _source(source_id: str, values: dict, line: int, display: str, problems: Problems) -> Source:
    if values["language"] != "en" and "headline_en" not in values:
        problems.error(display, line, f"{source_id}: add headline_en, an English rendering of the headline")
    return Source(
        id=source_id,
        outlet=values["outlet"],
        headline=values["headline"],
        headline_en=values.get("headline_en"),
        authors=values.get("authors", ()),
        date=values["date"],
        date_note=values.get("date_note"),
        language=values["language"],
        url=values.get("url"),
        note=values["note"],
        line=line,
        headline_in=_headlines_shown(values),  # each edition's words, in its language
        authors_in={lang: (text,) for lang, text in (values.get("authors_shown") or {}).items()},
    )


def _load_timeline(file: DataFile, problems: Problems) -> tuple[TimelineEvent, ...]:
    try:
        data = _yaml(file)
    except SiteError as exc:
        problems.extend(exc.problems)
        return ()
    events = []
    items = items_of(data, file.display, problems, "the timeline")
    for index, item in enumerate(items):
        line = items.line_of(index)
        values = check_mapping(item, EVENT_FIELDS, file.display, problems, file.languages, "event: ", line)
        if all(f.name in values for f in EVENT_FIELDS if f.required):
            events.append(
                TimelineEvent(
                    date=values["date"],
                    label=values.get("label"),
                    text=values["text"],
                    sources=values["sources"],
                    line=line,
                )
            )
    return tuple(sorted(events, key=lambda e: (e.date.sort_key, e.line)))


UNUSABLE = object()  # a data file whose name or YAML is wrong (already reported)


def named_yaml(file: DataFile, problems: Problems, example: str):
    """The YAML of a data file named by its id (a slug), or UNUSABLE after saying why."""
    if not SLUG_RE.match(file.stem):
        problems.error(file.display, None, f"name these files like {example}")
        return UNUSABLE
    try:
        return _yaml(file)
    except SiteError as exc:
        problems.extend(exc.problems)
        return UNUSABLE


def _load_chart(file: DataFile, problems: Problems) -> ChartSeries | None:
    data = named_yaml(file, problems, "heze-villages.yaml")
    if data is UNUSABLE:
        return None
    return _series(file.stem, data, file.display, file.languages, problems)


load_sources = _reported(_load_sources)
load_timeline = _reported(_load_timeline)
load_chart = _reported(_load_chart)


def _series(chart_id, data, display, languages, problems: Problems) -> ChartSeries | None:
    values = check_mapping(data, SERIES_FIELDS, display, problems, languages)
    if not all(f.name in values for f in SERIES_FIELDS if f.required):
        return None
    if values["points"] in (None, "", [], {}):  # no point to draw: say so at the key, not at line 1
        problems.error(display, data.line_of("points"), f"points: needs at least one point, {ONE_POINT}")
        return None
    points = _points(values["points"], display, languages, problems)
    if not points:
        return None
    return ChartSeries(
        chart_id,
        values["title"],
        values["description"],
        values["unit"],
        points,
        display,
        values.get("quantity"),
    )


# Far above any figure the story gives (7 billion yuan is 7e9) and below 2**53, where floats stop
# counting in ones; much larger, Babel cannot format a figure (1e28), nor Python make a float of it.
LARGEST_VALUE = 10**15


def _bar_value_problem(value: float, typed: str | None) -> str | None:
    """What keeps a value from being drawn as a bar, or None: bars rise from zero, to a
    height in proportion to the largest value."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        reading = "'not a number'" if math.isnan(value) else "infinity"
        return f"value: YAML read `{typed or value}` as {reading}; write the figure in digits, as 168 or 2.5"
    if value < 0:
        return f"value: {value} is below zero, and a bar chart draws only from zero up: give 0 or more"
    if value >= LARGEST_VALUE:
        return (
            "value: too large to show; keep it below 1,000,000,000,000,000 (10^15): count in a "
            "larger unit if need be (billions, say) and name it in unit:"
        )
    return None


def _points(items, display, languages, problems: Problems) -> tuple[ChartPoint, ...]:
    items = items_of(items, display, problems, "points")
    points: dict[int, ChartPoint] = {}
    for index, item in enumerate(items):
        line = items.line_of(index)
        values = check_mapping(item, POINT_FIELDS, display, problems, languages, "point: ", line)
        if not all(f.name in values for f in POINT_FIELDS if f.required):
            continue
        year = values["year"]
        unusable = _bar_value_problem(values["value"], item.raw.get("value"))
        if unusable:
            problems.error(display, item.line_of("value"), unusable)
            continue
        if year in points:
            problems.error(
                display, line, f"{year} is given twice (first on line {points[year].line}): keep one"
            )
            continue
        points[year] = ChartPoint(year, values["value"], values["source"], values.get("note"), line)
    return tuple(sorted(points.values(), key=lambda p: p.year))
