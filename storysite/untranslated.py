"""Interface text the templates ask for that a language's .po file does not list: shown
in English on every page of that edition, so the editor is told, naming the template
line that asks for it. (A listed but untranslated string is reported by i18n.py.)"""

from __future__ import annotations

from .errors import Problems
from .i18n import Catalogs
from .languages import KNOWN_LANGUAGES
from .templating import TEMPLATES_DIR, Templates

MOST_NAMED = 3  # missing texts named one by one; more are counted


def warn_untranslated(templates: Templates, catalogs: Catalogs, problems: Problems) -> None:
    """For each language whose own .po file the editors keep (not English, not a derived
    edition, not one whose file is missing: that is said once, in load.py)."""
    sources, asked = templates.sources, [made.messages for made in templates.compiled]
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
