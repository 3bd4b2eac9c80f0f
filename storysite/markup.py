"""Markdown -> safe HTML for one document (its checks, line by line: bodychecks.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import markdown
import nh3

from .citations import CitationExtension
from .headingids import HeadingIdsExtension
from .languages import KNOWN_LANGUAGES
from .mdext import HAN, StoryExtension
from .mdgates import MarkGates
from .model import RenderedBody
from .quoted import mark_quoted_latin_html
from .typography import TypographyExtension

FENCE_RE = re.compile(r"^(```|~~~)")  # where fenced_code sees a fence: at the left margin
MD_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")
SLOT_RE = re.compile(r'<div class="(chart|map)-slot" data-(?:chart|map)="([a-z0-9-]+)"></div>')
HAN_RUN_RE = re.compile(rf"[{HAN}]+")
# Han characters are outside every class here, so a word ends where Han text begins
WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
TAG_RE = re.compile(r"<[^>]+>")

ALLOWED_TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "loading", "width", "height"},
    # what the generator hides from screen readers: a pull quote (said once, in the text)
    # and the arrow of an aside's link back (its words say where it goes)
    "aside": {"aria-hidden"},
    "span": {"aria-hidden"},
    "div": {"data-chart", "data-map"},
    "td": {"style"},
    "th": {"style"},
    "ol": {"start"},
    "time": {"datetime"},
    "q": {"cite"},
}
# Configured once: building the allowlists again for every document cost a third of sanitising.
SANITISER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    filter_style_properties={"text-align"},
    # the one role the generator gives (an aside's text: doc-footnote); no other kept
    tag_attribute_values={"div": {"role": {"doc-footnote"}}},
)


@dataclass(frozen=True)
class Context:
    """What rendering a document may look up; every field affects the output."""

    lang: str
    note_label: str  # read out before a citation's number
    aside_label: str  # read out before a footnote's letter
    back_to_aside: str  # a footnote's back link, read out; has %(letter)s
    asides_heading: str
    chapter_url: Callable[[str, str], str]
    media_url: Callable[[str], str]
    chart_html: Callable[[str], str]
    map_html: Callable[[str], str]


@dataclass(frozen=True)
class Renderer:
    """A configured Markdown instance and the extensions whose results we read."""

    md: markdown.Markdown
    citations: CitationExtension
    story: StoryExtension
    context: Context


def new_renderer(context: Context, gated: bool = True) -> Renderer:
    """gated=False: every pass and inline pattern on every document, what the gates
    (mdgates.py) must give the same HTML as."""
    citations = CitationExtension(label=context.note_label, lang=context.lang)
    story = StoryExtension(
        chapter_url=context.chapter_url,
        media_url=context.media_url,
        aside_label=context.aside_label,
        back_to_aside=context.back_to_aside,
        asides_heading=context.asides_heading,
    )
    typography = [TypographyExtension()] if KNOWN_LANGUAGES[context.lang].smart_punctuation else []
    md = markdown.Markdown(
        extensions=[
            "footnotes",
            "fenced_code",
            "attr_list",
            "tables",
            "sane_lists",
            *typography,
            HeadingIdsExtension(),
            citations,
            story,
            *([MarkGates()] if gated else []),  # last: it gates passes the others registered
        ],
        output_format="html",
    )
    return Renderer(md, citations, story, context)


def render(renderer: Renderer, body: str) -> RenderedBody:
    """Render one body; a renderer is reused between documents of one language."""
    renderer.md.reset()
    html = renderer.md.convert(body)
    html = mark_quoted_latin_html(SANITISER.clean(html), KNOWN_LANGUAGES[renderer.context.lang])
    text = TAG_RE.sub(" ", html)  # the prose a reader reads: not the figures' labels and tables
    figures = tuple(match.groups() for match in SLOT_RE.finditer(html))
    html = SLOT_RE.sub(lambda m: _figure(renderer.context, m.group(1), m.group(2)), html)
    han = sum(map(len, HAN_RUN_RE.findall(text)))  # counted run by run: Chinese is nearly all Han
    words = len(WORD_RE.findall(text))
    return RenderedBody(
        html=html,
        notes=renderer.citations.notes,
        headings=renderer.story.headings,
        words=words,
        han=han,
        reading_minutes=KNOWN_LANGUAGES[renderer.context.lang].reading_minutes(words, han),
        figures=figures,
    )


def _figure(context: Context, kind: str, figure_id: str) -> str:
    return (context.chart_html if kind == "chart" else context.map_html)(figure_id)
