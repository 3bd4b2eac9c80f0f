"""Interface text the templates ask for that a language's .po file does not list: shown
in English on every page of that edition, so the editor is told, naming the template
line that asks for it. (A listed but untranslated string is reported by i18n.py.)"""

from __future__ import annotations

import jinja2
from jinja2.ext import extract_from_ast

from .cache import Cache
from .errors import Problems
from .i18n import KNOWN_LANGUAGES, Catalogs
from .templating import TEMPLATES_DIR, new_environment

# The names templates translate with: _() and gettext(), ngettext() for plurals, and
# translate(lang, "...") on the pages in every language (the cover, the 404 page).
GETTEXT_FUNCTIONS = ("_", "gettext", "ngettext", "translate")
MOST_NAMED = 3  # missing texts named one by one; more are counted


def template_messages(source: tuple[str, str]) -> tuple[tuple[int, str | tuple[str, str]], ...]:
    """(line, msgid) of every string a template translates; a plural's msgid is (one,
    several). Nothing for a template that does not parse: its error is reported with it."""
    name, text = source
    try:
        tree = new_environment().parse(text, name)
    except jinja2.TemplateSyntaxError:
        return ()
    found = []
    for line, function, strings in extract_from_ast(tree, GETTEXT_FUNCTIONS, babel_style=False):
        texts = [s for s in (strings if isinstance(strings, tuple) else (strings,)) if isinstance(s, str)]
        if function == "ngettext" and len(texts) >= 2:
            found.append((line, (texts[0], texts[1])))
        elif texts:
            found.append((line, texts[-1]))  # translate(lang, "..."): the text is its last argument
    return tuple(found)


def warn_untranslated(sources, catalogs: Catalogs, cache: Cache, problems: Problems) -> None:
    """For each language whose own .po file the editors keep (not English, not a derived
    edition, not one whose file is missing: that is said once, in load.py)."""
    asked = cache.map(template_messages, list(sources))
    for catalog in catalogs.by_lang.values():
        if catalog.file is None or KNOWN_LANGUAGES[catalog.lang].derived_from:
            continue
        missing: dict = {}  # msgid -> where the templates first ask for it
        for (name, _), messages in zip(sources, asked, strict=True):
            for line, msgid in messages:
                if msgid not in catalog.listed:
                    missing.setdefault(msgid, f"{TEMPLATES_DIR}/{name}:{line}")
        _report(catalog.file, missing, problems)


def _report(display: str, missing: dict, problems: Problems) -> None:
    advice = "so English is shown: add it (README: Translating the interface)"
    named = [
        f"'{msgid[0] if isinstance(msgid, tuple) else msgid}' ({where})" for msgid, where in missing.items()
    ]
    if len(named) > MOST_NAMED:  # an empty or an old file: one line, not dozens
        shown = ", ".join(named[:MOST_NAMED])
        problems.warn(display, None, f"{len(named)} texts the templates use have no entry here, {shown}...: "
                      "English is shown; refresh it (README: Translating the interface)")  # fmt: skip
        return
    for text in named:
        problems.warn(display, None, f"{text} has no entry here, {advice}")
