"""Declarative checks for the YAML an editor writes: front matter and data files.

Each field is declared once with its kind; ``check_mapping`` turns a YamlMap
into plain values and records every problem with its line. Messages quote the
raw text the editor typed, because YAML's own reading of it (``no`` is false,
``12:30`` is 750) is exactly what surprises people.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import Problems
from .languages import KNOWN_LANGUAGES
from .model import PartialDate
from .slugs import SLUG_RE
from .weburls import folder_problem, url_problem
from .yamlsafe import YamlList, YamlMap

ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*\Z")
PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = False
    help: str = ""


class Invalid(ValueError):
    """A value of the wrong kind; the message says what was expected."""


def _yaml_reading(value) -> str:
    if isinstance(value, bool):
        return "the yes/no value " + str(value).lower()
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return "a date"
    if value is None:
        return "nothing"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    return f'the text "{value}"'


def _text(value, raw):
    if isinstance(value, str):
        if not value.strip():
            raise Invalid("is empty; write some text")
        return value.strip()
    shown = raw if raw is not None else value
    raise Invalid(
        f'should be text, but YAML read `{shown}` as {_yaml_reading(value)}; put it in quotes: "{shown}"'
    )


def _integer(value, raw):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    hint = "; remove the quotes" if isinstance(value, str) and value.strip().isdigit() else ""
    raise Invalid(f"should be a whole number, not {_yaml_reading(value)}{hint}")


def _number(value, raw):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise Invalid(f"should be a number, not {_yaml_reading(value)}")


def _boolean(value, raw):
    if isinstance(value, bool) and (raw or "").lower() in ("true", "false"):
        return value
    if value is None:
        raise Invalid("is empty; write true or false")
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        # YAML read "true" in quotes as text: the bare message would quote back what was typed
        raise Invalid(f'should be true or false, but "{value}" in quotes is text: remove the quotes')
    shown = raw if raw is not None else value
    raise Invalid(f"should be true or false, not `{shown}`")


def _date(value, raw):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise Invalid(f"should be a date written YYYY-MM-DD, not `{raw if raw else value}`")


def _partial_date(value, raw):
    if isinstance(value, dt.datetime):
        raise Invalid("should be a date without a time: YYYY, YYYY-MM or YYYY-MM-DD")
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    match = PARTIAL_DATE_RE.match(str(value)) if isinstance(value, (int, str)) else None
    if not match:
        raise Invalid(f"should be a date written YYYY, YYYY-MM or YYYY-MM-DD, not `{value}`")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:  # a month or day left out stands for the first; one written 00 is no date
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError as exc:
        raise Invalid(f"`{value}` is not a real date ({exc})") from None
    return PartialDate(year, month, day)


def _slug(value, raw):
    text = _text(value, raw)
    if not SLUG_RE.match(text):
        raise Invalid(f"`{text}` is not a valid id: use lowercase letters, digits and hyphens")
    return text


def _text_list(value, raw):
    if not isinstance(value, list):
        raise Invalid(f"should be a list like [a, b], not {_yaml_reading(value)}")
    return tuple(_text(item, None) for item in value)


def _id_list(value, raw):
    if not isinstance(value, list) or not value:
        raise Invalid("should be a non-empty list of source ids, like [cnr-2021]")
    return tuple(_text(item, None) for item in value)


def _url(value, raw, this_machine: bool = False):
    """A web address a reader's browser opens. this_machine: `localhost` may name the
    host, as 127.0.0.1 may (a site published to a test server on this computer)."""
    text = _text(value, raw)
    problem = url_problem(text, this_machine)
    if problem:
        raise Invalid(f"`{text}` {problem}")
    return text


def _folder_url(value, raw):
    """Where a site is published: an http(s) folder, nothing after it."""
    text = _url(value, raw, this_machine=True)
    address, problem = folder_problem(text)
    if problem:
        raise Invalid(f"`{text}` {problem}")
    return address


# RFC 4151: tag:<domain or e-mail>,<date>:<name>, e.g. tag:example.org,2026:taobao
TAG_URI_RE = re.compile(r"^tag:[A-Za-z0-9.@-]+\.[A-Za-z]+,\d{4}(-\d{2}(-\d{2})?)?:[\x21-\x7e]*$")


def _tag_uri(value, raw):
    text = _text(value, raw)
    if not TAG_URI_RE.match(text):
        raise Invalid(
            f"`{text}` is not a tag URI: write tag:, a domain you owned on that date, a comma, "
            "the date, a colon and a name, e.g. tag:example.org,2026:taobao"
        )
    return text


KINDS: dict[str, Callable] = {
    "text": _text,
    "int": _integer,
    "number": _number,
    "bool": _boolean,
    "date": _date,
    "partial_date": _partial_date,
    "slug": _slug,
    "text_list": _text_list,
    "id_list": _id_list,
    "url": _url,
    "folder_url": _folder_url,
    "tag_uri": _tag_uri,
    "raw": lambda value, raw: value,  # checked by the caller
}


def localized(value, raw, languages: tuple[str, ...]) -> dict[str, str]:
    """Text in every language: one string for all, or {en: ..., zh: ...}. The text of a
    language the site does not build (taken out of site.yaml's languages, for now) is
    kept and left unread; a derived edition's is never given here."""
    if isinstance(value, dict):
        extra = [key for key in value if key not in languages and not _written_elsewhere(key)]
        if extra:  # named: "give each language" alone left `fr:` unseen among the right ones
            raise Invalid(_not_written_here(extra[0], languages))
        if any(lang not in value for lang in languages):
            wanted = ", ".join(f"{lang}: ..." for lang in languages)
            raise Invalid(f"should give the text for each language: {{{wanted}}}")
        return {lang: _text(value[lang], value.raw.get(lang)) for lang in languages}
    text = _text(value, raw)
    return {lang: text for lang in languages}


def _not_written_here(key, languages: tuple[str, ...]) -> str:
    source = KNOWN_LANGUAGES[key].derived_from if key in KNOWN_LANGUAGES else None
    if source:
        return f"{key} is made from the {source} text when the site is built: remove the {key} text"
    return f"'{key}' is not a language of this site; give the text for {', '.join(languages)} only"


def _written_elsewhere(key) -> bool:
    """A language editors write in, though not in this site (its text waits there)."""
    language = KNOWN_LANGUAGES.get(key) if isinstance(key, str) else None
    return language is not None and language.derived_from is None


def check_mapping(
    data,
    fields: tuple[Field, ...],
    display: str,
    problems: Problems,
    languages: tuple[str, ...] = ("en", "zh"),
    what: str = "",
    line: int | None = None,
) -> dict:
    """Validate a YamlMap against fields; return the converted values found valid. line:
    where the value stands, for one that is no mapping (a scalar records no line of its own)."""
    if not isinstance(data, YamlMap):
        line = getattr(data, "line", None) or line or 1
        problems.error(display, line, _not_a_mapping(data, fields, what))
        return {}
    known = {f.name: f for f in fields}
    values: dict = {}
    meant = set()  # keys a misspelling was taken for: their absence is that one slip
    for key in data:
        if key not in known:
            meant.add(_unknown_key(key, known, data.line_of(key), display, problems, what))
            continue
        field = known[key]
        try:
            values[key] = _convert(field, data[key], data.raw.get(key), languages)
        except Invalid as exc:
            problems.error(display, data.line_of(key), f"{key}: {exc}")
    for field in fields:
        if field.required and field.name not in data and field.name not in meant:
            hint = f" ({field.help})" if field.help else ""
            problems.error(display, data.line, f"{what}missing required key '{field.name}'{hint}")
    return values


def _not_a_mapping(data, fields: tuple[Field, ...], what: str) -> str:
    """An entry left empty, or written as one value (`- Heze passes 500 villages`): what to write instead."""
    if not what:
        return "this file should be a mapping of key: value lines"
    wanted = ", ".join(f"{f.name}:" for f in fields if f.required)
    if data is None:
        return f"{what}write its fields below it ({wanted})"
    return (
        f"{what}YAML read this as {_yaml_reading(data)}, not as key: value lines; write its fields ({wanted})"
    )


def _convert(field: Field, value, raw, languages):
    if field.kind == "localized":
        return localized(value, raw, languages)
    return KINDS[field.kind](value, raw)


def _unknown_key(key, known, line, display, problems: Problems, what: str) -> str | None:
    """Report it, with the key it most likely means; -> that key, if any."""
    close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
    problems.error(display, line, f"{what}unknown key '{key}'{hint}")
    return close[0] if close else None


def items_of(data, display: str, problems: Problems, what: str) -> YamlList:
    """The list at the top of a data file, or an empty one after reporting why."""
    if isinstance(data, YamlList):
        return data
    problems.error(display, getattr(data, "line", 1) or 1, f"{what} should be a list of entries")
    return YamlList()
