"""`python build.py status`: the translation table, and marking a translation current."""

from __future__ import annotations

import codecs
from pathlib import Path

from . import chapterfiles, content, translation
from .config import load_config
from .editions import derived_status
from .errors import Problems, SiteError
from .files import FileReader
from .languages import KNOWN_LANGUAGES
from .translation import TranslationState


def _documents(project: Path):
    reader = FileReader(project)
    config = load_config(project, reader=reader)
    problems = Problems()
    files = chapterfiles.discover(config.content_dir, project, config.languages, reader, problems)
    docs = {}
    for file in files:
        doc, found = content.parse(file, config.languages)
        problems.extend(list(found))
        docs[content.slug_and_language(file)] = doc
    problems.raise_if_errors()
    return config, docs


def status_table(project: Path) -> list[tuple[str, ...]]:
    """One row per chapter: slug, then each translation's state."""
    config, docs = _documents(project)
    original = config.original_language
    rows = [("chapter", *config.languages)]
    for slug in sorted({slug for slug, _ in docs}):
        source = docs.get((slug, original))
        version = translation.version_of(source) if source else None
        states = ["original" if source else TranslationState.MISSING.value]
        for lang in config.languages[1:]:
            derived_from = KNOWN_LANGUAGES[lang].derived_from
            if derived_from:
                states.append(derived_status(docs.get((slug, derived_from)), docs.get((slug, lang))))
            else:
                states.append(translation.status(version, docs.get((slug, lang))).value)
        rows.append((slug, *states))
    return rows


def mark_current(project: Path, slug: str) -> list[Path]:
    """Record in each translation of `slug` that it follows the current original."""
    config, docs = _documents(project)
    written = [lang for lang in config.languages if (slug, lang) in docs]
    if not written:
        raise SiteError.single(f"content/{slug}.{config.original_language}.md", None, "no such chapter")
    marked = []
    for lang in config.languages[1:]:
        doc = docs.get((slug, lang))
        followed = docs.get((slug, KNOWN_LANGUAGES[lang].derived_from or config.original_language))
        if doc is None or followed is None:
            continue
        text = translation.with_fingerprint(doc.source.text, translation.version_of(followed))
        path = Path(doc.source.path)
        _write_as_saved(path, text)
        marked.append(path)
    if not marked:
        raise _nothing_to_mark(config.original_language, slug, written[0])
    return marked


def _nothing_to_mark(original: str, slug: str, lang: str) -> SiteError:
    if lang == original:
        return SiteError.single(
            f"content/{slug}.{original}.md",
            None,
            "has no translation to mark yet: create it first (python build.py new makes both files)",
        )
    # A chapter written in another language only: marking records which version of the
    # original a translation follows, and this one follows none.
    return SiteError.single(
        f"content/{slug}.{lang}.md",
        None,
        f"is written in {lang} only: there is no {original} original (content/{slug}.{original}.md) "
        "for it to be marked against, so there is nothing to mark",
    )


def _write_as_saved(path: Path, text: str) -> None:
    """text (with \\n line ends) written as the editor's file was saved: its byte-order
    mark and its line endings kept, so that a diff shows the one line that changed."""
    saved = path.read_bytes()
    mark = codecs.BOM_UTF8 if saved.startswith(codecs.BOM_UTF8) else b""
    ending = "\r\n" if b"\r\n" in saved else "\r" if b"\r" in saved else "\n"
    path.write_bytes(mark + text.replace("\n", ending).encode("utf-8"))
