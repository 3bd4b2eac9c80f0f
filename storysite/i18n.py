"""Languages, UI translations and locale-aware formatting (all through Babel)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import cached_property

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_compact_decimal, format_currency, format_decimal

from .content import decode
from .errors import Problem, Problems, SiteError
from .files import FileContent
from .invisible import INVISIBLE_RE, kind
from .languages import KNOWN_LANGUAGES, Language
from .model import PartialDate


@dataclass(frozen=True)
class Catalog:
    """One language's interface text: msgid -> translation (English has none)."""

    lang: str
    messages: tuple[tuple[str | tuple, str | tuple], ...] = ()
    listed: frozenset = frozenset()  # every msgid its file lists, translated or not
    file: str | None = None  # the .po file it was read from

    @cached_property
    def _lookup(self) -> dict:
        return dict(self.messages)

    def gettext(self, message: str) -> str:
        return self._lookup.get(message) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        forms = self._lookup.get((singular, plural))
        if forms:
            return forms[0 if count == 1 else min(1, len(forms) - 1)]
        return singular if count == 1 else plural


@dataclass(frozen=True)
class Catalogs:
    """Every language's interface text, for pages that speak more than one (the cover)."""

    by_lang: dict[str, Catalog]

    def translate(self, lang: str, message: str) -> str:
        return self.by_lang[lang].gettext(message)


def load_catalog(po: PoFile) -> tuple[Catalog, tuple[Problem, ...]]:
    """A language's .po file, read and checked (Cache.map: kept until the file changes)."""
    problems = Problems()
    try:
        _check_strings(decode(po.content.data, po.display), po.display)  # GBK, UTF-16: named, with a line
        catalog = read_po(io.BytesIO(po.content.data), locale=po.language.locale, abort_invalid=True)
    except SiteError as exc:
        problems.extend(exc.problems)
        return Catalog(po.language.code), tuple(problems.items)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        problems.error(po.display, _po_line(exc), _po_problem(exc))
        return Catalog(po.language.code), tuple(problems.items)
    _check_catalog(catalog, po.display, problems, quiet_if_empty=bool(po.language.derived_from))
    messages = tuple(
        (message.id, message.string)
        for message in catalog
        if message.id
        and not message.fuzzy
        and (any(message.string) if isinstance(message.string, tuple) else message.string)
    )
    listed = frozenset(message.id for message in catalog if message.id)
    return Catalog(po.language.code, messages, listed, po.display), tuple(problems.items)


def po_display(language: Language) -> str:
    """A language's interface text file, as messages name it."""
    return f"translations/{language.folder}/LC_MESSAGES/messages.po"


@dataclass(frozen=True)
class PoFile:
    language: Language
    content: FileContent
    display: str


PO_STRING_RE = re.compile(r'^\s*(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"')
PO_CLOSED_RE = re.compile(r'"(?:[^"\\]|\\.)*"\s*$')
PO_KEYWORD_RE = re.compile(r'^\s*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?=\s|"|$)\s*(.*)$')


def _check_strings(text: str, display: str) -> None:
    """Every string in quotes, closed: Babel reads `msgstr "目录` as 目, and `msgstr 网站导航`
    as 站导 (it drops the first and last characters, where the quotes should be), silently."""
    for number, line in enumerate(text.split("\n"), start=1):
        keyword = PO_KEYWORD_RE.match(line)
        if keyword and not keyword.group(2).startswith('"'):
            name, typed = keyword.group(1), keyword.group(2).strip()
            wanted = f'{name} "{typed}"' if typed else f'{name} "..." ({name} "" until it is translated)'
            raise SiteError.single(
                display, number, f"the text after {name} must be in double quotes: {wanted}"
            )
        opening = PO_STRING_RE.match(line)
        if opening and not PO_CLOSED_RE.match(line, opening.end() - 1):
            raise SiteError.single(display, number, 'a text here is not closed: end the line with "')
    _check_each_msgid_once(text, display)


def _check_each_msgid_once(text: str, display: str) -> None:
    """Babel keeps one of two entries for the same text, silently: an editor who adds a
    translation at the end for a text listed above sees one of them, not knowing which."""
    first: dict[tuple[str, str], int] = {}
    context, entry, line_of_entry = "", None, 0
    for number, line in enumerate([*text.split("\n"), "msgstr"], start=1):
        if entry is not None and line.startswith('"'):
            entry += line.strip()[1:-1]  # the msgid goes on, on the next line
            continue
        if entry is not None:  # the msgid has ended
            key = (context, entry)
            if key in first and entry:
                raise SiteError.single(display, line_of_entry, f'msgid "{entry}" is listed already, on line '
                                       f"{first[key]}: keep one entry for it and delete the other")  # fmt: skip
            first.setdefault(key, line_of_entry)
            context, entry = "", None
        if line.startswith("msgctxt "):
            context = line[len("msgctxt ") :].strip()
        elif line.startswith("msgid "):
            entry, line_of_entry = line[len("msgid ") :].strip()[1:-1], number


def _po_line(exc) -> int | None:
    """Babel says where it stopped as `... on N`, N counted from 0."""
    match = re.search(r" on (\d+)$", str(exc)) if isinstance(exc, PoFileError) else None
    return int(match.group(1)) + 1 if match else None


# What Babel's complaints mean, said as an editor can act on them.
PO_PROBLEMS = (
    ("misformatted keyword", "this line is none of msgid, msgstr, msgctxt, a text in double quotes or a # "
     "comment: check the keyword's spelling, or put the text in double quotes"),
    ("missing msgstr", 'this msgid has no msgstr: write msgstr "" (or the translation) after it'),
    ("conflicts", "holds the marks of a merge (#-#-#-#-#): keep one version of each text and delete the marks"),
    ("num_plurals", "has more msgstr[n] forms than Plural-Forms, at the top of the file, allows: remove the "
     "extra ones"),
)  # fmt: skip


def _po_problem(exc) -> str:
    said = re.sub(r" on \d+$", "", str(exc))  # the line is given before the message
    meaning = next((ours for theirs, ours in PO_PROBLEMS if theirs in said), None)
    return meaning or f"cannot read translations: {said}"


# The whole placeholder, conversion included: `%(date)s` turned into `%(date)d` fails
# just as surely as a renamed one, when the page is rendered.
PLACEHOLDER_RE = re.compile(r"%(?:%|(?:\(\w+\))?[sdif])")  # %% too: a lone % breaks formatting
MARKUP_RE = re.compile(r"<[A-Za-z/!?][^>\s]*")  # a tag, a comment: what a browser would not show as text


def _check_catalog(catalog, display: str, problems: Problems, quiet_if_empty: bool = False) -> None:
    """quiet_if_empty: a derived edition's catalogue overrides only some strings; the
    others are converted from its source language's, not shown in English."""
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(strings) or message.fuzzy:
            if not quiet_if_empty:
                problems.warn(display, message.lineno, f"'{ids[0]}' is not translated: English is shown")
            continue
        for text in filter(None, strings):
            wrong = _translation_problem(ids[0], text)
            if wrong:
                problems.error(display, message.lineno, f"the translation of '{ids[0]}' {wrong}")


def _translation_problem(english: str, text: str) -> str | None:
    if sorted(PLACEHOLDER_RE.findall(text)) != sorted(PLACEHOLDER_RE.findall(english)):
        return "must keep the placeholders of the English"
    markup = MARKUP_RE.search(text)
    if markup:  # Jinja trusts a translation as HTML: a tag would reach every page as it is
        return f"holds HTML ({markup.group()}...): interface text is plain text, remove the tag"
    if "%" in PLACEHOLDER_RE.sub("", text):  # templates format every string they translate
        return "has a lone %: write %% for a percent sign"
    invisible = INVISIBLE_RE.search(text)  # written as \v or \a, which the file itself may hold
    if invisible:
        return (
            f"holds the invisible {kind(invisible.group())}: no page or feed may hold it; delete the escape"
        )
    return None


@dataclass(frozen=True)
class Formatter:
    """Dates and numbers for one language."""

    language: Language

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.language.locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, "long", locale=self.locale)

    def partial_date(self, value: PartialDate) -> str:
        if value.day:
            return self.date(dt.date(value.year, value.month, value.day))
        if value.month:
            return format_skeleton("yMMMM", dt.date(value.year, value.month, 1), locale=self.locale)
        return format_decimal(value.year, "0", locale=self.locale) + self.language.year_suffix

    def number(self, value) -> str:
        return format_decimal(value, locale=self.locale, group_separator=self.language.groups_digits)

    def compact(self, value) -> str:
        """7000000000 -> '7 billion' / '70亿'."""
        # Chinese has only the short form, which is already in words (亿, 万).
        style = "long" if "long" in self.locale.compact_decimal_formats else "short"
        return format_compact_decimal(value, format_type=style, fraction_digits=1, locale=self.locale)

    def currency(self, value, currency: str = "CNY") -> str:
        return format_currency(value, currency, locale=self.locale)

    def yuan(self, value) -> str:
        """Amounts as a reader says them: '7 billion yuan' / '70亿元'."""
        amount = self.compact(value) if value >= 10_000 else self.number(value)
        return self.language.yuan % {"amount": amount}


def language_name(code: str, in_lang: str) -> str:
    """'zh' -> 'Chinese' on an English page, '中文' on a Chinese one."""
    names = Locale.parse(KNOWN_LANGUAGES[in_lang].locale).languages
    return names.get(code.replace("-", "_"), code)
