"""Languages, UI translations and locale-aware formatting (all through Babel)."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_compact_decimal, format_currency, format_decimal

from .errors import Problems
from .model import PartialDate

HAN_PER_MINUTE = 400  # characters; typical silent reading speed for Chinese
WORDS_PER_MINUTE = 230  # for English long-form


@dataclass(frozen=True)
class Language:
    code: str  # in file names and URLs
    html_lang: str  # BCP 47, for lang= and hreflang=
    locale: str  # Babel locale
    name: str  # in its own language, for the switcher
    # Curly quotes, dashes and ellipses from ASCII. Chinese is typed with its own
    # full-width punctuation (“”、——、……), so there the pass would only cost time.
    smart_punctuation: bool = True


KNOWN_LANGUAGES = {
    "en": Language("en", "en", "en", "English"),
    "zh": Language("zh", "zh-Hans", "zh_Hans_CN", "中文", smart_punctuation=False),
}


def load_translations(translations_dir: Path, lang: str, problems: Problems, project: Path):
    """The compiled catalog for a language (English needs none), built in memory."""
    if lang == "en":
        return gettext.NullTranslations()
    po_path = translations_dir / lang / "LC_MESSAGES" / "messages.po"
    display = po_path.relative_to(project).as_posix() if po_path.is_relative_to(project) else str(po_path)
    if not po_path.is_file():
        problems.warn(display, None, "no translations: the interface will be in English")
        return gettext.NullTranslations()
    try:
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=KNOWN_LANGUAGES[lang].locale, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        problems.error(display, _po_line(exc), f"cannot read translations: {exc}")
        return gettext.NullTranslations()
    _check_catalog(catalog, display, problems)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _po_line(exc) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


# The whole placeholder, conversion included: `%(date)s` turned into `%(date)d` fails
# just as surely as a renamed one, when the page is rendered.
PLACEHOLDER_RE = re.compile(r"%(?:%|(?:\(\w+\))?[sdif])")  # %% too: a lone % breaks formatting


def _check_catalog(catalog, display: str, problems: Problems) -> None:
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(strings) or message.fuzzy:
            problems.warn(display, message.lineno, f"'{ids[0]}' is not translated: English is shown")
            continue
        wanted = sorted(PLACEHOLDER_RE.findall(ids[0]))
        for text in strings:
            if text and sorted(PLACEHOLDER_RE.findall(text)) != wanted:
                problems.error(
                    display,
                    message.lineno,
                    f"the translation of '{ids[0]}' must keep the placeholders of the English",
                )
            elif text and "%" in PLACEHOLDER_RE.sub("", text):  # templates format every string they translate
                problems.error(
                    display,
                    message.lineno,
                    f"the translation of '{ids[0]}' has a lone %: write %% for a percent sign",
                )


class Formatter:
    """Dates and numbers for one language."""

    def __init__(self, lang: str):
        self.language = KNOWN_LANGUAGES[lang]
        self.locale = Locale.parse(self.language.locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, "long", locale=self.locale)

    def partial_date(self, value: PartialDate) -> str:
        if value.day:
            return self.date(dt.date(value.year, value.month, value.day))
        if value.month:
            return format_skeleton("yMMMM", dt.date(value.year, value.month, 1), locale=self.locale)
        return format_decimal(value.year, "0", locale=self.locale) + (
            "年" if self.language.code == "zh" else ""
        )

    def number(self, value) -> str:
        return format_decimal(value, locale=self.locale)

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
        return f"{amount}元" if self.language.code == "zh" else f"{amount} yuan"


def reading_minutes(words: int, han: int) -> int:
    """The same in every language: a Chinese text may quote English, and the reverse."""
    return max(1, round(words / WORDS_PER_MINUTE + han / HAN_PER_MINUTE))
