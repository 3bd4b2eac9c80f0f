"""Markdown -> safe HTML for one document, and the line-by-line checks that
Python-Markdown cannot do itself (it forgets line numbers)."""

from __future__ import annotations

import difflib
import html as html_module
import re
from collections.abc import Callable, Container
from dataclasses import dataclass

import markdown
import nh3

from .citations import CitationExtension, read_citations
from .errors import Problems
from .headingids import HeadingIdsExtension
from .i18n import KNOWN_LANGUAGES
from .mdext import CHAPTER_LINK_RE, CHART_RE, HAN, StoryExtension
from .mdgates import MarkGates
from .model import Document, RenderedBody
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
    "aside": {"aria-hidden"},
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
    html = SANITISER.clean(html)
    html = SLOT_RE.sub(lambda m: _figure(renderer.context, m.group(1), m.group(2)), html)
    text = TAG_RE.sub(" ", html)
    han = sum(map(len, HAN_RUN_RE.findall(text)))  # counted run by run: Chinese is nearly all Han
    words = len(WORD_RE.findall(text))
    return RenderedBody(
        html=html,
        notes=renderer.citations.notes,
        headings=renderer.story.headings,
        words=words,
        han=han,
        reading_minutes=KNOWN_LANGUAGES[renderer.context.lang].reading_minutes(words, han),
    )


def _figure(context: Context, kind: str, figure_id: str) -> str:
    return (context.chart_html if kind == "chart" else context.map_html)(figure_id)


def check_body(
    doc: Document,
    source_ids: set[str] | None,
    chapter_files: Container[str],
    chart_ids: set[str],
    missing_image: Callable[[str], str | None],
    problems: Problems,
    map_ids: frozenset[str] = frozenset(),
) -> None:
    """Report unknown citations, dead chapter links, unknown charts or maps and missing images."""
    in_fence = False
    for offset, line in enumerate(doc.body.split("\n")):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        if in_fence or line.startswith("    "):
            continue
        where = (doc.source.display, doc.body_line + offset)
        _check_citations(line, source_ids, where, problems)
        _check_links(line, chapter_files, where, problems)
        _check_images(line, missing_image, where, problems)
        _check_directive(line, chart_ids, map_ids, where, problems)
        _check_raw_html(line, where, problems)


ID_ATTR_RE = re.compile(r'\sid="([^"]+)"')
PAGE_IDS = frozenset({"main", "notes", "notes-heading"})  # ids every chapter page has around its text


def anchors_of(body: RenderedBody) -> frozenset[str]:
    """Every id a link into this body may name."""
    return PAGE_IDS | frozenset(ID_ATTR_RE.findall(body.html))


def check_anchors(
    doc: Document, anchors: Callable[[str, str], frozenset[str] | None], problems: Problems
) -> None:
    """Links with a #fragment, to this chapter or another, must name an id the page has.

    anchors(slug, lang) -> the ids of that chapter's page, or None if it is not built."""
    if not doc.has_fragment_links:
        return
    for offset, line in enumerate(doc.body.split("\n")):
        for match in MD_LINK_RE.finditer(line):
            target, _, fragment = match.group(1).partition("#")
            chapter = CHAPTER_LINK_RE.match(target) if target else None
            if not fragment or (target and not chapter):
                continue
            slug, lang = (chapter[1], chapter[2]) if chapter else (doc.slug, doc.lang)
            ids = anchors(slug, lang)
            if ids is not None and fragment not in ids:
                page = target or "this chapter"
                hint = _closest(fragment, ids)
                problems.error(
                    doc.source.display,
                    doc.body_line + offset,
                    f"'#{fragment}' is not a heading or anchor in {page}{hint}",
                )


def _closest(wanted: str, ids: frozenset[str]) -> str:
    close = difflib.get_close_matches(wanted, sorted(ids), n=1)
    return f": did you mean '#{close[0]}'?" if close else ""


CODE_SPAN_RE = re.compile(r"(`+).*?\1")
RAW_TAG_RE = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)([^<>]*)>?")
EVENT_ATTR_RE = re.compile(r"\b(on[a-z]+|style|srcdoc|formaction)\s*=", re.IGNORECASE)
URL_IN_LINE_RE = re.compile(r"\]\(\s*<?([^)>]+)|\b(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
UNSAFE_SCHEME_RE = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)
STRIPPED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


def _check_raw_html(line: str, where, problems: Problems) -> None:
    """Say what the sanitiser will remove, so an editor's pasted HTML does not vanish silently."""
    line = CODE_SPAN_RE.sub("", line)  # `<script>` in code is text, shown as written
    if "<" in line:
        for closing, tag, attributes in RAW_TAG_RE.findall(line):
            if tag.lower() not in ALLOWED_TAGS and not _is_autolink(tag, attributes):
                if not closing:
                    problems.warn(*where, f"<{tag.lower()}> is not allowed in a chapter and is removed")
            elif not closing:
                for attribute in EVENT_ATTR_RE.findall(attributes):
                    problems.warn(*where, f"the {attribute.lower()}= attribute is not allowed and is removed")
    for match in URL_IN_LINE_RE.finditer(line):
        url = STRIPPED_IN_URLS.sub("", html_module.unescape(match.group(1) or match.group(2) or ""))
        scheme = UNSAFE_SCHEME_RE.match(url)
        if scheme:
            problems.warn(*where, f"a {scheme.group(1).lower()}: link is not allowed and is removed")


def _is_autolink(tag: str, rest: str) -> bool:
    """<https://example.org> and <someone@example.org> are Markdown links, not HTML."""
    return rest.startswith((":", "@", ".")) or "@" in tag


# A citation typed with a Chinese input method on: ［@id］, [@id］ or [＠id]. It is not a
# citation, so it would be printed as typed, silently.
FULL_WIDTH_CITATION_RE = re.compile(r"[［\[][@＠][^\]］\n]*[］\]]")


def _check_citations(line, source_ids, where, problems: Problems) -> None:
    for match in FULL_WIDTH_CITATION_RE.finditer(line):
        text = match.group(0)
        if any(char in text for char in "［］＠"):
            problems.warn(
                *where,
                f"'{text}' is typed with full-width characters, so it is printed as text, "
                "not a citation: write [@id] with half-width [ ] and @",
            )
    cites, malformed = read_citations(line)
    for cite in cites:
        if source_ids is not None and cite.source_id not in source_ids:
            problems.error(
                *where, f"unknown source '@{cite.source_id}': add it to content/sources.yaml or fix the id"
            )
    for _, message in malformed:
        problems.error(*where, message)


def _check_links(line, chapter_files, where, problems: Problems) -> None:
    for match in MD_LINK_RE.finditer(line):
        target = match.group(1).split("#")[0]
        is_local_md = target.endswith(".md") and not re.match(r"^[a-z]+:", target)
        if is_local_md and (not CHAPTER_LINK_RE.match(target) or target not in chapter_files):
            problems.error(*where, f"link to '{target}', which is not a chapter file in content/")


def _check_images(line, missing_image, where, problems: Problems) -> None:
    for match in IMAGE_RE.finditer(line):
        alt, src = match.groups()
        if not alt.strip():
            problems.error(*where, f"image '{src}' has no alt text: describe it inside ![...]")
        missing = None if re.match(r"^[a-z]+:", src) else missing_image(src)
        if missing:
            problems.error(*where, missing)


def _check_directive(line, chart_ids, map_ids, where, problems: Problems) -> None:
    if not line.startswith(":::"):
        return
    match = CHART_RE.match(line)
    if not match:
        problems.error(*where, "unknown directive: the only ones are '::: chart <id>' and '::: map <id>'")
    elif match.group(1) == "chart" and match.group(2) not in chart_ids:
        problems.error(*where, f"no chart '{match.group(2)}': add content/data/{match.group(2)}.yaml")
    elif match.group(1) == "map" and match.group(2) not in map_ids:
        problems.error(*where, f"no map '{match.group(2)}': add content/data/maps/{match.group(2)}.yaml")
