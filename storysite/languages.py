"""The languages the generator knows, each as a record of everything that differs
between them: code and templates ask the record, never `if lang == ...`. A site builds
those site.yaml lists; adding a language is adding a record here (and its interface
text under translations/).

Plain data, importing nothing of the generator's: the checks of every data file ask
which languages exist (schema.py), as the rendering does."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """Everything that differs between languages, as data: code and templates ask the
    record, never `if lang == ...`. Adding a language is adding a record."""

    code: str  # in file names and URLs
    html_lang: str  # BCP 47, for lang= and hreflang=
    locale: str  # Babel locale
    og_locale: str  # Open Graph's form: en_US, zh_CN
    name: str  # in its own language, for the switcher
    # Curly quotes, dashes and ellipses from ASCII. Chinese is typed with its own
    # full-width punctuation (“”、——、……), so there the pass would only cost time.
    smart_punctuation: bool = True
    script: str = "latin"  # the typography the CSS gives it: latin, han
    uses_catalog: bool = True  # False for the language the templates are written in
    label_space: str = " "  # between a label and its number: "Note 1", "注1"
    unit_space: str = " "  # between a number and its unit: "7 villages", "7个"
    list_separator: str = ", "
    clause_separator: str = "; "
    outlet_separator: str = ", "  # between a source's outlet and headline
    title_marks: tuple[str, str] = ("", "")  # around a headline: 《》 in Chinese
    comma: str = ", "
    colon: str = ": "  # between a date and what happened: "2018: ...", "2018年：..."
    full_stop: str = "."
    sentence_space: str = " "  # after a full stop, before what follows it: none after 。
    shows_english_headline: bool = True  # a translated headline after the original
    year_suffix: str = ""  # a bare year: "2013", "2013年"
    quotes_han_as: str = "zh-Hans"  # the lang of Chinese quoted in its text; "" where Chinese is its own
    quotes_latin_as: str = ""  # the lang of English words quoted in its text (a Chinese page's: en)
    yuan: str = "%(amount)s yuan"
    # A citation's locator, by Pandoc term: (term, one, several); %s is the number(s).
    locator_forms: tuple[tuple[str, str, str], ...] = (
        ("page", "p. %s", "pp. %s"),
        ("paragraph", "para. %s", "paras. %s"),
        ("figure", "fig. %s", "figs. %s"),
    )
    range_dash: str = "–"  # between the ends of a range of pages or paragraphs
    # Digits grouped in thousands (5,425)? Chinese text writes 5425个, and a chart beside it
    # that wrote 5,425 set its numbers two ways on one page.
    groups_digits: bool = True
    words_per_minute: int = 230  # Latin words, for English long-form
    han_per_minute: int = 400  # characters; typical silent reading speed for Chinese
    # The words around a match a search result shows (Pagefind's default is 30): Pagefind
    # counts a Chinese word as one, so 30 of them made an excerpt of a dozen characters.
    search_excerpt_words: int = 30
    # A derived edition is made at build time from another language's text (derive.py):
    # the language it comes from, and the OpenCC profile site.yaml may change.
    derived_from: str | None = None
    conversion: str = ""
    # A derived edition's quotation marks for its source's: Traditional Chinese quotes
    # 「」 and 『』 where Simplified quotes “” and ‘’ (OpenCC converts characters only).
    quote_marks: tuple[tuple[str, str], ...] = ()

    @property
    def folder(self) -> str:
        """Its folder under translations/, named as Babel names locales: zh_Hant."""
        return self.code.replace("-", "_")

    def reading_minutes(self, words: int, han: int) -> int:
        """A Chinese text may quote English, and the reverse: both are counted."""
        return max(1, round(words / self.words_per_minute + han / self.han_per_minute))


SIMPLIFIED_CHINESE = Language(
    "zh", "zh-Hans", "zh_Hans_CN", "zh_CN", "简体中文",
    smart_punctuation=False, script="han", label_space="", unit_space="", list_separator="、", clause_separator="；",
    outlet_separator="", title_marks=("《", "》"), comma="，", full_stop="。", sentence_space="", colon="：",
    shows_english_headline=False, year_suffix="年", quotes_han_as="", quotes_latin_as="en", yuan="%(amount)s元",
    search_excerpt_words=70,
    locator_forms=(("page", "第%s页", "第%s页"), ("paragraph", "第%s段", "第%s段"), ("figure", "图%s", "图%s")),
    range_dash="至", groups_digits=False,
)  # fmt: skip

KNOWN_LANGUAGES = {
    "en": Language("en", "en", "en", "en_US", "English", uses_catalog=False),
    "zh": SIMPLIFIED_CHINESE,
    # Traditional characters, derived from the Simplified text (Taiwan standard by default):
    # Chinese in every other respect, its own words written in its own characters.
    "zh-Hant": dataclasses.replace(
        SIMPLIFIED_CHINESE, code="zh-Hant", html_lang="zh-Hant", locale="zh_Hant_TW", og_locale="zh_TW",
        name="繁體中文",
        locator_forms=(("page", "第%s頁", "第%s頁"), ("paragraph", "第%s段", "第%s段"), ("figure", "圖%s", "圖%s")),
        derived_from="zh", conversion="s2twp",
        quote_marks=(("“", "「"), ("”", "」"), ("‘", "『"), ("’", "』")),
    ),
}  # fmt: skip
