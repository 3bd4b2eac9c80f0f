"""The site's URL scheme, in one place: where each edition, page, chapter and source is."""

from __future__ import annotations

from dataclasses import dataclass


def edition_path(lang: str) -> str:
    """An edition's folder under the base URL: URLs are lowercase, `zh-Hant` -> `zh-hant/`."""
    return lang.lower() + "/"


@dataclass(frozen=True)
class Urls:
    """Every URL the site links to internally, in one place."""

    base_path: str

    def edition(self, lang: str) -> str:
        """Relative to the base URL, for config.url(): 'zh-hant/'."""
        return edition_path(lang)

    def home(self, lang: str) -> str:
        return f"{self.base_path}{edition_path(lang)}"

    def chapter(self, slug: str, lang: str) -> str:
        return f"{self.base_path}{edition_path(lang)}{slug}/"

    def page(self, lang: str, name: str) -> str:
        return f"{self.base_path}{edition_path(lang)}{name}/"

    def source(self, lang: str, source_id: str) -> str:
        return f"{self.base_path}{edition_path(lang)}sources/#src-{source_id}"

    def media(self, path: str) -> str:
        return f"{self.base_path}{path.removeprefix('./')}"
