"""What the data files hold, as checked records: the bibliography (content/sources.yaml),
the timeline (content/timeline.yaml) and the charts' series (content/data/*.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import PartialDate


def described(headline: str) -> bool:
    """Words in [square brackets] stand in for a headline nobody recorded: the editors'
    description of the article, in their own words, not its title."""
    return headline.startswith("[") and headline.endswith("]")


@dataclass(frozen=True)
class Source:
    id: str
    outlet: dict[str, str]
    headline: str
    headline_en: str | None
    authors: tuple[str, ...]
    date: PartialDate
    date_note: dict[str, str] | None
    language: str
    url: str | None
    note: dict[str, str]
    line: int
    # edition -> the headline as that edition shows it, where not as written (a derived
    # edition shows a headline in its source language converted)
    headline_in: dict[str, str] = field(default_factory=dict)
    authors_in: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the same, of the authors

    def shown_headline(self, lang: str) -> str:
        return self.headline_in.get(lang, self.headline)

    def shown_authors(self, lang: str) -> tuple[str, ...]:
        return self.authors_in.get(lang, self.authors)

    def headline_recorded(self, lang: str) -> bool:
        """False where the data describes the article in [square brackets] instead: no
        title, so shown without title marks, not as a cited title."""
        return not described(self.shown_headline(lang))

    def headline_translation(self, lang: str) -> str | None:
        """headline_en, shown after the headline an edition shows: not where it is that
        very headline, nor where both only describe the article (the editors' words
        twice, in two languages: the edition's own say it)."""
        english = self.headline_en
        if not english or english == self.shown_headline(lang):
            return None
        return None if described(english) and not self.headline_recorded(lang) else english

    def headline_language(self, lang: str) -> str:
        """The language of the headline as shown in that edition, for its lang attribute."""
        return lang if lang in self.headline_in else self.language


@dataclass(frozen=True)
class TimelineEvent:
    date: PartialDate
    label: dict[str, str] | None
    text: dict[str, str]
    sources: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class ChartPoint:
    year: int
    value: float
    source: str
    note: dict[str, str] | None = None
    line: int | None = None  # in the chart's file, for messages


@dataclass(frozen=True)
class ChartSeries:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    unit: dict[str, str]
    points: tuple[ChartPoint, ...]
    display: str
    quantity: dict[str, str] | None = None  # the data table's heading; the unit where none is given
