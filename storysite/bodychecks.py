"""What a chapter's Markdown is checked for, line by line, before it is rendered: the
checks Python-Markdown cannot make itself (it forgets line numbers), each reported
at the editor's file and line."""

from __future__ import annotations

import difflib
import html as html_module
import posixpath
import re
from collections.abc import Container
from dataclasses import dataclass

from .citations import read_citations
from .errors import Problems
from .markup import ALLOWED_TAGS, FENCE_RE, IMAGE_RE, MD_LINK_RE
from .mdext import CHAPTER_LINK_RE, CHART_RE
from .model import Document


@dataclass(frozen=True)
class Known:
    """What a body's references may name: the input of a body check besides the body."""

    source_ids: frozenset[str] | None  # None: the bibliography is unusable, citations go unchecked
    chapter_files: Container[str]
    chart_ids: frozenset[str] = frozenset()  # of every chart file: one with errors is reported there
    media: frozenset[str] = frozenset()
    map_ids: frozenset[str] = frozenset()  # of every map file, likewise
    drafts: frozenset[str] = frozenset()  # the chapter files that are drafts
    drafts_shown: bool = False  # whether the pages made include them (`check`, the preview)


def check_body(doc: Document, known: Known, problems: Problems) -> None:
    """Report unknown citations, links that would lead nowhere, images from elsewhere or
    missing, footnotes without text or without a reference, unknown charts or maps."""
    in_fence = False
    for offset, line in enumerate(doc.body.split("\n")):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        if in_fence or line.startswith("    "):
            continue
        where = (doc.source.display, doc.body_line + offset)
        prose = _code_masked(line)  # `[@id]` in code is shown as typed: it cites, links, shows nothing
        _check_citations(prose, known.source_ids, where, problems)
        _check_links(prose, known, where, problems)
        _check_images(prose, known.media, where, problems)
        _check_directive(line, known.chart_ids, known.map_ids, where, problems)
        _check_raw_html(line, where, problems)
    check_footnotes(doc, problems)


FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FOOTNOTE_TEXT_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")


def check_footnotes(doc: Document, problems: Problems) -> None:
    """A marker with no footnote text is printed as typed, and a footnote no marker
    refers to is printed with a link back to nothing: both are errors, at their line."""
    texts: dict[str, int] = {}
    markers: dict[str, int] = {}
    in_fence = False
    for offset, line in enumerate(doc.body.split("\n")):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        text = FOOTNOTE_TEXT_RE.match(line)
        if text:
            _note_footnote_text(text.group(1), doc.body_line + offset, texts, doc, problems)
        rest = _code_masked(line[text.end() :] if text else line)
        for marker in FOOTNOTE_REF_RE.finditer(rest):
            markers.setdefault(marker.group(1), doc.body_line + offset)
    display = doc.source.display
    for label, line in markers.items():
        if label not in texts:
            problems.error(
                display, line, f"footnote [^{label}] has no text: add a line '[^{label}]: ...' below"
            )
    for label, line in texts.items():
        if label not in markers:
            problems.error(
                display,
                line,
                f"footnote [^{label}] is never referred to: put [^{label}] where it belongs, or remove it",
            )


def _note_footnote_text(label: str, line: int, texts: dict[str, int], doc: Document, problems) -> None:
    """Python-Markdown prints only the last text given for a label, so an earlier one
    would vanish from the page without a word."""
    first = texts.setdefault(label, line)
    if first != line:
        problems.error(
            doc.source.display,
            line,
            f"footnote [^{label}] already has its text on line {first}, and only one is printed: "
            f"join the two, or give this one a label of its own and refer to it",
        )


def missing_image_message(path: str, media: frozenset[str]) -> str | None:
    """None when content/ has the image; else what to say, with the nearest name there is."""
    if posixpath.normpath(path) in media:
        return None
    close = difflib.get_close_matches(posixpath.normpath(path), sorted(media), n=1, cutoff=0.6)
    if close and " " in close[0]:  # what was typed ended at its space: no spelling can reach it
        better = "-".join(close[0].split())
        return f"image '{path}' not found: '{close[0]}' has a space in its name, where an address ends; rename it '{better}'"
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"image '{path}' not found under content/{hint}"


# As Python-Markdown reads inline code: a run of backticks not escaped by a backslash, to
# the next run of the same length; `\`` is a backtick, and what follows it is not code.
CODE_SPAN_RE = re.compile(r"(?<![\\`])(?:\\\\)*(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _code_masked(line: str) -> str:
    """The line with each inline code span blanked out, character for character: what
    is around it stays where it was, and alt text written as code stays text."""
    return CODE_SPAN_RE.sub(lambda span: "x" * len(span.group(0)), line)


RAW_TAG_RE = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)([^<>]*)>?")
STYLED_TAGS = ("td", "th")  # a table cell keeps style="text-align: ..." (markup.ALLOWED_ATTRIBUTES)
EVENT_ATTR_RE = re.compile(r"\b(on[a-z]+|style|srcdoc|formaction)\s*=", re.IGNORECASE)
# A quoted value's leading spaces are skipped, as browsers and the sanitiser skip them
# (href=" javascript:..." was removed without a word).
RAW_HREF_RE = re.compile(r"<a\b[^>]*?\bhref\s*=\s*(?:[\"']\s*)?([^\"'\s>]+)", re.IGNORECASE)
RAW_SRC_RE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:[\"']\s*)?([^\"'\s>]+)", re.IGNORECASE)
URL_IN_LINE_RE = re.compile(  # an inline link, a raw one, a reference definition: [x]: url
    r"\]\(\s*<?([^)>]+)|\b(?:href|src)\s*=\s*(?:[\"']\s*)?([^\"'\s>]+)|^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)",
    re.IGNORECASE,
)
REF_DEFINITION_RE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?([^\s>]+)")  # [x]: url (not [^1]: a footnote)
UNSAFE_SCHEME_RE = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)
STRIPPED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


def _check_raw_html(line: str, where, problems: Problems) -> None:
    """Say what the sanitiser will remove, so an editor's pasted HTML does not vanish silently."""
    line = _code_masked(line)  # `<script>` in code is text, shown as written
    if "<" in line:
        for closing, tag, attributes in RAW_TAG_RE.findall(line):
            if tag.lower() not in ALLOWED_TAGS and not _is_autolink(tag, attributes):
                if not closing:
                    problems.warn(*where, f"<{tag.lower()}> is not allowed in a chapter and is removed")
            elif not closing:
                for attribute in EVENT_ATTR_RE.findall(attributes):
                    if not (attribute.lower() == "style" and tag.lower() in STYLED_TAGS):  # text-align kept
                        problems.warn(
                            *where, f"the {attribute.lower()}= attribute is not allowed and is removed"
                        )
    for match in URL_IN_LINE_RE.finditer(line):
        typed = next(filter(None, match.groups()), "")
        scheme = UNSAFE_SCHEME_RE.match(STRIPPED_IN_URLS.sub("", html_module.unescape(typed)))
        if scheme:
            typed = typed.strip()
            shown = typed if len(typed) <= 32 else typed[:31] + "…"  # which one, where a line has several
            problems.warn(
                *where, f"a {scheme.group(1).lower()}: link is not allowed and is removed ({shown})"
            )


def _is_autolink(tag: str, rest: str) -> bool:
    """<https://example.org> and <someone@example.org> are Markdown links, not HTML."""
    return rest.startswith((":", "@", ".")) or "@" in tag


# ［@id］, 【@id】, [@id］ or [＠id], typed with a Chinese input method on: no citation, printed as typed.
# Pandoc's prefix, [see @id, p. 3]: read by Pandoc, printed as typed here.
PREFIXED_CITATION_RE = re.compile(r"\[((?:[^\]\[@`\n]*[^\s\]\[@`\n])?\s)@([\w.-]*\w)([^\]\n]*)\](?!\()")
FULL_WIDTH_CITATION_RE = re.compile(r"[［\[【][@＠][^\]］】\n]*[］\]】]")


def _check_citations(line, source_ids, where, problems: Problems) -> None:
    for match in FULL_WIDTH_CITATION_RE.finditer(line):
        text = match.group(0)
        if any(char in text for char in "［］＠【】"):
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
    for match in PREFIXED_CITATION_RE.finditer(line):
        if source_ids is None or match.group(2) in source_ids:
            problems.warn(*where, f"'{match.group(0)}' is printed as typed, not as a citation: the words go "
                          f"outside the brackets: {match.group(1).strip()} [@{match.group(2)}{match.group(3)}]")  # fmt: skip


SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # https:, mailto:: a link out of the site
NOT_WITHIN_SITE = (
    "a chapter links to another by its file name (first-shop.en.md), to a part of a page "
    "with #id, and to another site with https://; a path to a page of the built site breaks "
    "when the site moves, and nothing checks it"
)
FROM_ELSEWHERE = (
    "is on another server: pages load nothing from other servers (many cannot be reached "
    "from mainland China, and each would learn of every reader's visit); save it under "
    "content/images/ and give that path"
)


def _check_links(line, known: Known, where, problems: Problems) -> None:
    images = [match.span() for match in IMAGE_RE.finditer(line)]
    for match in MD_LINK_RE.finditer(line):
        if not any(start <= match.start() < end for start, end in images):
            _check_link(match.group(1), known, where, problems)
    for match in [*RAW_HREF_RE.finditer(line), *REF_DEFINITION_RE.finditer(line)]:
        _check_link(match.group(1), known, where, problems)


UNDRAFT = "remove draft: true there, or in the original it translates"


def _check_link(href: str, known: Known, where, problems: Problems) -> None:
    target = STRIPPED_IN_URLS.sub("", html_module.unescape(href)).split("#")[0]  # as a browser reads it
    if not target or SCHEME_RE.match(target):
        return  # a part of this page (checked with the ids), another site, or javascript: (removed, and said)
    if not target.endswith(".md") or not CHAPTER_LINK_RE.match(target):
        problems.error(*where, f"link to '{href}': {NOT_WITHIN_SITE}")
    elif target not in known.chapter_files:
        problems.error(*where, f"link to '{target}', which is not a chapter file in content/")
    elif target in known.drafts:
        draft = f"link to '{target}', a draft: published pages leave drafts out, so it would lead nowhere"
        if known.drafts_shown:
            problems.warn(*where, f"{draft} once built; publish it ({UNDRAFT}) or remove the link")
        else:
            problems.error(*where, f"{draft}; publish it ({UNDRAFT}) or remove the link")


def _check_images(line, media: frozenset[str], where, problems: Problems) -> None:
    for match in IMAGE_RE.finditer(line):
        alt, src = match.groups()
        if not alt.strip():
            problems.error(*where, f"image '{src}' has no alt text: describe it inside ![...]")
        _check_image_source(src, media, where, problems)
    for match in RAW_SRC_RE.finditer(line):
        _check_image_source(match.group(1), media, where, problems)


def _check_image_source(src: str, media: frozenset[str], where, problems: Problems) -> None:
    url = STRIPPED_IN_URLS.sub("", html_module.unescape(src))
    if SCHEME_RE.match(url) or url.startswith("//"):
        if not UNSAFE_SCHEME_RE.match(url):  # javascript: and data: are removed, and said so
            problems.error(*where, f"image '{src}' {FROM_ELSEWHERE}")
        return
    missing = missing_image_message(src, media)
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
