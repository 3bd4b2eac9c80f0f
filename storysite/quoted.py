"""Chinese quoted in another language's text (a name, a newspaper's title in a note),
marked with its language, as chapters mark it by hand: a screen reader then reads it
in a Chinese voice, and the browser picks a Chinese font rather than a Japanese one."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from .i18n import Language
from .mdext import HAN
from .typography import smarten

HAN_RUN_RE = re.compile(rf"[{HAN}](?:[{HAN}\s]*[{HAN}])?")


def typeset(text: str, language: Language) -> str:
    """Plain text (a source's note, a timeline event) set as the language sets its
    chapters: curly quotes, dashes and ellipses in English, as typed in Chinese."""
    return smarten(text, "") if language.smart_punctuation else text


def mark_quoted_han(text: str, language: Language) -> Markup:
    """text, escaped, each run of Chinese in it marked, where the page's language
    quotes Chinese (English); as it is, escaped, where Chinese is the page's own."""
    escaped = str(escape(text))
    if not language.quotes_han_as:
        return Markup(escaped)
    return Markup(
        HAN_RUN_RE.sub(lambda run: f'<span lang="{language.quotes_han_as}">{run.group(0)}</span>', escaped)
    )
