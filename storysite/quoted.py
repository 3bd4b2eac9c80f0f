"""Text of one language quoted in another's, marked with its language: Chinese in an
English note (a name, a newspaper's title), English in a Chinese page (a phrase, an
outlet's English name). A screen reader then reads each in its own voice (WCAG 3.1.2),
and the browser picks a Chinese font rather than a Japanese one."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from .languages import Language
from .mdext import HAN
from .typography import smarten

HAN_RUN_RE = re.compile(rf"[{HAN}](?:[{HAN}\s]*[{HAN}])?")
# Two Latin words or more ("Party chief", "Through Taobao, you can escape bitter days"):
# one word alone (GDP, JavaScript, a name) is a term the page's voice reads well enough.
# Never from inside a character reference (&amp;) or a word.
LATIN_RUN_RE = re.compile(r"(?<![&#\w])[A-Za-z][A-Za-z’'-]*(?:[ ,]+[A-Za-z][A-Za-z’'-]*)+")
# A tag, its quoted attribute values whole (an alt text may hold ">"), or a run of text.
HTML_TOKEN_RE = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>|[^<]+""")
TAG_RE = re.compile(r"<(/?)([A-Za-z][\w:-]*)(.*)>", re.DOTALL)
# Their text is no prose (code, a figure's labels), or its language is already said.
AS_WRITTEN = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "math"})
VOID = frozenset({"br", "img", "hr", "wbr", "input", "source", "meta", "link", "col", "area"})


def typeset(text: str, language: Language) -> str:
    """Plain text (a source's note, a timeline event) set as the language sets its
    chapters: curly quotes, dashes and ellipses in English, as typed in Chinese."""
    return smarten(text, "") if language.smart_punctuation else text


def mark_quoted_han(text: str, language: Language) -> Markup:
    """Plain text, escaped, with what the page's language quotes marked: runs of Chinese
    on an English page, runs of English words on a Chinese one."""
    if language.quotes_han_as:
        return _marked(text, HAN_RUN_RE, language.quotes_han_as)
    if language.quotes_latin_as:
        return _marked(text, LATIN_RUN_RE, language.quotes_latin_as)
    return Markup(escape(text))


def _marked(text: str, pattern: re.Pattern, lang: str) -> Markup:
    parts, end = [], 0
    for run in pattern.finditer(text):
        parts += [str(escape(text[end : run.start()])), f'<span lang="{lang}">{escape(run.group())}</span>']
        end = run.end()
    parts.append(str(escape(text[end:])))
    return Markup("".join(parts))


def mark_quoted_latin_html(html: str, language: Language) -> str:
    """A Chinese body's HTML with each run of English words in its prose marked: not in
    code or figures, nor inside an element whose language is already given."""
    if not language.quotes_latin_as:
        return html
    opening = f'<span lang="{language.quotes_latin_as}">'
    parts, kept = [], []  # kept: for each element open, whether its text stays as written
    for token in HTML_TOKEN_RE.findall(html):
        tag = TAG_RE.match(token) if token.startswith("<") else None
        if tag:
            _follow(tag, token, kept)
        elif not token.startswith("<") and not any(kept):
            token = LATIN_RUN_RE.sub(lambda run: f"{opening}{run.group()}</span>", token)
        parts.append(token)
    return "".join(parts)


def _follow(tag: re.Match, token: str, kept: list[bool]) -> None:
    closing, name = tag.group(1), tag.group(2).lower()
    if closing:
        if kept:
            kept.pop()
    elif name not in VOID and not token.endswith("/>"):
        kept.append(name in AS_WRITTEN or " lang=" in tag.group(3))
