"""site.yaml: every option declared once, typed, with its default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import yamlsafe
from .content import read_text
from .errors import Problem, Problems, SiteError
from .files import FileReader
from .languages import KNOWN_LANGUAGES
from .quoted import typeset
from .schema import Field, check_mapping

CONFIG_NAME = "site.yaml"

FIELDS = (
    Field(
        "base_url",
        "folder_url",
        True,
        "the folder the site is published in, e.g. https://example.org/taobao/",
    ),
    # Checked by _languages alone, which names the choices: as a text list it was told twice.
    Field("languages", "raw", True, "e.g. [en, zh]; the first is the original"),
    Field("title", "localized", True, "the story's title in each language"),
    Field("standfirst", "localized", True, "one or two sentences under the title"),
    Field("author", "localized", True, "who publishes the site"),
    Field("output", "text", False, "output folder, default _site"),
    Field(
        "feed_id",
        "tag_uri",
        False,
        "names the site's feeds for good, wherever it moves: tag:example.org,2026:taobao",
    ),
    Field("conversion", "raw", False, "for a derived edition, its OpenCC profile: {zh-Hant: s2twp}"),
)
# OpenCC's profiles from Simplified to Traditional (others would convert the wrong way).
PROFILES = ("s2t", "s2tw", "s2twp", "s2hk")


@dataclass(frozen=True)
class Settings:
    """What pages may show of site.yaml: all of it but where files go."""

    base_url: str  # always ends with "/"
    languages: tuple[str, ...]
    title: dict[str, str]
    standfirst: dict[str, str]
    author: dict[str, str]
    feed_id: str | None = None  # a tag: URI set once; None: feeds are named by their addresses
    conversions: dict[str, str] = field(default_factory=dict)  # derived edition -> OpenCC profile

    @property
    def authored_languages(self) -> tuple[str, ...]:
        """The languages editors write; the others are derived from them at build time."""
        return tuple(code for code in self.languages if code not in self.conversions)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: '/' or '/story/'."""
        return urlsplit(self.base_url).path or "/"

    @property
    def original_language(self) -> str:
        return self.languages[0]

    def url(self, path: str) -> str:
        """Site-relative path ('en/first-shop/') -> absolute URL for canonical links."""
        return self.base_url + path.lstrip("/")

    def feed_item_id(self, path: str) -> str:
        """The id of a feed or a feed entry: from feed_id, so it stays the same when the
        site moves to another domain or folder (a reader would otherwise see every
        chapter as new); from the address while feed_id is not set."""
        if self.feed_id is None:
            return self.url(path)
        return f"{self.feed_id}/{path.strip('/')}"


@dataclass(frozen=True)
class SiteConfig:
    project: Path
    settings: Settings
    output: Path
    output_named_at: tuple[str, int | None] | None = None  # site.yaml's line, if it chose the folder
    warnings: tuple[Problem, ...] = ()  # what site.yaml holds that does nothing: reported by every build

    @property
    def languages(self) -> tuple[str, ...]:
        return self.settings.languages

    @property
    def original_language(self) -> str:
        return self.settings.original_language

    @property
    def authored_languages(self) -> tuple[str, ...]:
        return self.settings.authored_languages

    @property
    def base_path(self) -> str:
        return self.settings.base_path

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    @property
    def content_dir(self) -> Path:
        return self.project / "content"

    @property
    def templates_dir(self) -> Path:
        return self.project / "templates"

    @property
    def static_dir(self) -> Path:
        return self.project / "static"

    @property
    def translations_dir(self) -> Path:
        return self.project / "translations"


def load_config(project: Path, output: Path | None = None, reader: FileReader | None = None) -> SiteConfig:
    path = project / CONFIG_NAME
    if not path.is_file():
        raise _no_project(project)
    data = yamlsafe.load(read_text(reader or FileReader(project), path, CONFIG_NAME), CONFIG_NAME)
    problems = Problems()
    languages = _languages(data, problems)
    authored = tuple(code for code in languages if not KNOWN_LANGUAGES[code].derived_from)
    values = check_mapping(data, FIELDS, CONFIG_NAME, problems, authored)
    conversions = _conversions(data, values.get("conversion"), languages, problems)
    out = output or _output_folder(data, values.get("output", "_site"), problems)
    problems.raise_if_errors()
    base_url = values["base_url"].rstrip("/") + "/"
    texts = tuple(_set_as_text(values[name]) for name in ("title", "standfirst", "author"))
    settings = Settings(base_url, languages, *texts, values.get("feed_id"), conversions=conversions)
    named_at = None if output or "output" not in values else (CONFIG_NAME, data.line_of("output"))
    out = out if out.is_absolute() else project / out
    return SiteConfig(project, settings, out, named_at, tuple(problems.warnings))


def _set_as_text(texts: dict[str, str]) -> dict[str, str]:
    """Each language's text set as its chapters are (the Taobao Villages’ story, in English)."""
    return {code: typeset(text, KNOWN_LANGUAGES[code]) if code in KNOWN_LANGUAGES else text
            for code, text in texts.items()}  # fmt: skip


def _no_project(project: Path) -> SiteError:
    """Where the command looked for site.yaml, and where the project may be instead: run
    from content/, the project is the folder above."""
    if not project.is_dir():
        return SiteError.single(project, None, "no such folder: give the project folder with --project")
    above = next((folder for folder in project.parents if (folder / CONFIG_NAME).is_file()), None)
    where = f"; the project seems to be {above}: run the command there" if above else ""
    return SiteError.single(
        project / CONFIG_NAME, None, f"not found: run the command in the project folder{where}"
    )


def _output_folder(data, text: str, problems: Problems) -> Path:
    """site.yaml's output: `~` is the home folder, as in a shell. Taken as a folder named
    `~` in the project, it left the editor one slip (`rm -rf ~`) from losing their home."""
    expanded = os.path.expanduser(text)
    if expanded.startswith("~"):  # no such user, or no home folder known
        line = data.line_of("output") if isinstance(data, yamlsafe.YamlMap) else None
        problems.error(
            CONFIG_NAME, line, f"output: cannot tell which folder `{text}` is; write its full path"
        )
    return Path(expanded)


def _languages(data, problems: Problems) -> tuple[str, ...]:
    raw = data.get("languages") if isinstance(data, dict) else None
    line = data.line_of("languages") if isinstance(data, yamlsafe.YamlMap) else 1
    codes = tuple(raw) if isinstance(raw, list) else ()
    # A code is plain text: `[en, [zh]]` holds a list, which no table of languages can look up.
    unknown = [
        index for index, code in enumerate(codes) if not isinstance(code, str) or code not in KNOWN_LANGUAGES
    ]
    if not codes or unknown:
        known = ", ".join(KNOWN_LANGUAGES)
        where = raw.line_of(unknown[0]) if unknown and isinstance(raw, yamlsafe.YamlList) else line
        problems.error(CONFIG_NAME, where, f"languages: choose from {known}, e.g. [en, zh]")
        return tuple(code for code in KNOWN_LANGUAGES if not KNOWN_LANGUAGES[code].derived_from)
    for position, code in enumerate(codes):
        if code in codes[:position]:
            where = raw.line_of(position) if isinstance(raw, yamlsafe.YamlList) else line
            problems.error(CONFIG_NAME, where, f"languages: {code} is listed twice; list each language once")
            continue
        source = KNOWN_LANGUAGES[code].derived_from
        if source and source not in codes[:position]:
            problems.error(
                CONFIG_NAME, line, f"languages: {code} is made from {source}: list {source} before it"
            )
    if KNOWN_LANGUAGES[codes[0]].derived_from:
        problems.error(CONFIG_NAME, line, f"languages: {codes[0]} is derived, so it cannot come first")
    return tuple(dict.fromkeys(codes))  # each once: a repeat is reported above, and only there


def _conversions(data, given, languages: tuple[str, ...], problems: Problems) -> dict[str, str]:
    """Each derived edition's OpenCC profile: its record's default unless site.yaml names one."""
    derived = {
        code: KNOWN_LANGUAGES[code].conversion for code in languages if KNOWN_LANGUAGES[code].derived_from
    }
    if given is None:
        return derived
    line = data.line_of("conversion")
    if not isinstance(given, dict) or any(not isinstance(v, str) for v in given.values()):
        problems.error(
            CONFIG_NAME, line, "conversion: give each derived edition a profile, e.g. {zh-Hant: s2twp}"
        )
        return derived
    for code, profile in given.items():
        if code not in derived and code in KNOWN_LANGUAGES and KNOWN_LANGUAGES[code].derived_from:
            # The edition was turned off by taking it out of languages, as the guide says:
            # its profile is harmless, but left there it would look as if it still applied.
            problems.warn(CONFIG_NAME, given.line_of(code), _unused_conversion(code))
        elif code not in derived:
            problems.error(CONFIG_NAME, line, f"conversion: {code} is not a derived edition in languages")
        elif profile not in PROFILES:
            problems.error(
                CONFIG_NAME,
                line,
                f"conversion: unknown profile '{profile}'; choose from {', '.join(PROFILES)}",
            )
        else:
            derived[code] = profile
    return derived


def _unused_conversion(code: str) -> str:
    return (
        f"conversion: {code} is not in languages, so this line does nothing (no {code} edition is "
        f"published): remove it, or add {code} to languages to publish that edition"
    )
