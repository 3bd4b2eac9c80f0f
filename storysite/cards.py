"""Share cards: a 1200 x 630 PNG per page and language, the image a link preview
shows when a page has no picture of its own.

Drawn with Pillow in the fonts bundled with the generator (fonts/card-sans.otf and,
for the title, fonts/card-sans-bold.otf: subsets of Noto Sans CJK SC Regular and
Bold made by tools/make_card_font.py), never with the machine's fonts, and with Pillow's own text layout rather than the optional
libraqm: the same text gives the same bytes on every machine. Lines break
between words and between any two Han characters (no language is asked which
it is), never before a closing mark nor after an opening one.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from .paint import ACCENT, INK, MUTED, PAPER  # the site's colours

WIDTH, HEIGHT = 1200, 630
FONT_PATH = Path(__file__).parent / "fonts" / "card-sans.otf"
BOLD_FONT_PATH = Path(__file__).parent / "fonts" / "card-sans-bold.otf"
MARGIN = 80
BAR_WIDTH = 24  # the accent bar down the left edge
SITE_TOP = 64  # the site's title above a page's; a page without it starts its title there
TITLE_TOP = 140
INK_STEPS = ((INK, 11), (MUTED, 9), (ACCENT, 9))  # an ink's blends with the paper: the palette
TITLE_SIZES = (72, 60, 50)  # the largest at which the title fits in TITLE_LINES
TITLE_LINES = 3
STANDFIRST_SIZE = 34
SITE_SIZE = 30
LINE_HEIGHT = 1.3
PARAGRAPH_GAP = 14  # between the standfirst's paragraphs (the cover's languages)
TITLE_GAP = 24  # between the title and the standfirst
ELLIPSIS = "…"
HAN = r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A piece of text no line breaks inside: a run of letters and digits with what clings to
# it, or one Han character or mark; the spaces between pieces are kept with them.
PIECE_RE = re.compile(rf"[{HAN}]\s*|[^\s{HAN}]+\s*|\s+")
NO_LINE_START = set("，。、；：！？）」』》〉】〕’”…,.;:!?)]}%")
NO_LINE_END = set("（「『《〈【〔‘“([{")


@dataclass(frozen=True)
class CardFont:
    """The fonts the cards are drawn with, by their file names in fonts/. The files are
    part of the generator, in every key through cache.GENERATOR_VERSION (a new font
    redraws every card), so a key holds their names rather than 2.4 MB digested again
    on every save. The title is set in a true bold: a regular face thickened by a
    stroke looked heavier and took twice as long to draw."""

    regular: str = FONT_PATH.name
    bold: str = BOLD_FONT_PATH.name

    def face(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        """A font at a size, opened once for as long as this value lives (a build, or
        the preview while the value is interned): opening it costs more than drawing a line."""
        faces = self.__dict__.setdefault("_faces", {})
        if (size, bold) not in faces:
            data = (FONT_PATH.parent / (self.bold if bold else self.regular)).read_bytes()
            faces[size, bold] = ImageFont.truetype(
                io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC
            )
        return faces[size, bold]

    def lacks(self, character: str) -> bool:
        """Whether either font has no glyph for it; asked once per character while this lives."""
        lacking = self.__dict__.setdefault("_lacks", {})
        if character not in lacking:
            faces = [self.face(20, bold) for bold in (False, True)]
            if "_blanks" not in self.__dict__:  # no font has U+FFFF: what a missing glyph looks like
                self.__dict__["_blanks"] = [bytes(face.getmask("\uffff")) for face in faces]
            masks = [bytes(face.getmask(character)) for face in faces]
            lacking[character] = any(map(bytes.__eq__, masks, self.__dict__["_blanks"]))
        return lacking[character]

    def __getstate__(self) -> dict:
        return {"regular": self.regular, "bold": self.bold}  # the opened faces stay in their process


@dataclass(frozen=True)
class CardText:
    """What one card shows; with the font, the whole input of draw_card. The title and
    the standfirst may each hold several paragraphs, one a line apart ("\n"): the
    bilingual cover's, one per language."""

    title: str
    standfirst: str
    site_title: str


def bundled_font() -> CardFont:
    return CardFont()


def draw_card(text: CardText, font: CardFont) -> bytes:
    """The card as PNG bytes. A page's card names the site above its title; a card
    without that line (the homes', the cover's) is set in the middle of the card."""
    coverage = Image.new("L", (WIDTH, HEIGHT), 0)  # how much ink each pixel takes, 0 to 255
    draw = ImageDraw.Draw(coverage)
    room = WIDTH - 2 * MARGIN
    site = font.face(SITE_SIZE)
    site_lines = _fit(text.site_title, site, room, 1)  # none where the title is the site's
    for line in site_lines:
        draw.text((MARGIN, SITE_TOP), line, font=site, fill=255)
    title_font, title_lines = _title_layout(text.title, font, room)
    title_step, step = round(title_font.size * LINE_HEIGHT), round(STANDFIRST_SIZE * LINE_HEIGHT)
    top = TITLE_TOP if site_lines else SITE_TOP
    standfirst_top = top + len(title_lines) * title_step + TITLE_GAP
    standfirst = font.face(STANDFIRST_SIZE)
    paragraphs = _paragraphs(
        text.standfirst, standfirst, room, max(1, (HEIGHT - 60 - standfirst_top) // step)
    )
    if not site_lines:
        used = standfirst_top - top + sum(len(lines) * step + PARAGRAPH_GAP for lines in paragraphs)
        shift = max(0, (HEIGHT - used) // 2 - top)
        top, standfirst_top = top + shift, standfirst_top + shift
    for number, line in enumerate(title_lines):
        draw.text((MARGIN, top + number * title_step), line, font=title_font, fill=255)
    y = standfirst_top
    for lines in paragraphs:
        for line in lines:
            draw.text((MARGIN, y), line, font=standfirst, fill=255)
            y += step
        y += PARAGRAPH_GAP
    return _png(coverage, ((0, ACCENT), (top, INK), (standfirst_top, MUTED)))


def _png(coverage: Image.Image, bands: tuple[tuple[int, str], ...]) -> bytes:
    """The coverage in colour: each band (from its top to the next one's) in its ink.
    Three inks on one paper: every pixel is a blend of the paper and one ink, so a
    fixed palette of those blends keeps every smoothed edge and makes the file a third
    of the size. The text is drawn as coverage, each band then mapped to its ink's
    steps of the palette by a lookup table: no colour image is filled and blended and
    no nearest colour searched (7 ms a card, now 5; at N = 1,000 a cold build draws
    3,000). zlib's run-length strategy: as fast as its lowest level, and the files
    (23-33 KB, which only link-preview crawlers fetch) as small as at its third."""
    for (top, ink), (bottom, _) in zip(bands, (*bands[1:], (HEIGHT, "")), strict=True):
        box = (0, top, WIDTH, bottom)
        coverage.paste(coverage.crop(box).point(SHADES[ink]), box)
    coverage.paste(SHADES[ACCENT][255], (0, 0, BAR_WIDTH, HEIGHT))
    image = Image.frombytes("P", coverage.size, coverage.tobytes())
    image.putpalette(PALETTE)
    output = io.BytesIO()
    image.save(output, "PNG", compress_level=3, compress_type=zlib.Z_RLE)
    return output.getvalue()


def _palette_and_shades() -> tuple[list[int], dict[str, list[int]]]:
    """The palette (the paper, then each ink's steps from the paper to it, as RGB
    channels), and for each ink the palette index of each coverage 0-255."""
    paper = ImageColor.getrgb(PAPER)
    palette, shades = list(paper), {}
    for ink, steps in INK_STEPS:
        target, first = ImageColor.getrgb(ink), len(palette) // 3
        for k in range(1, steps + 1):
            palette += [round(p + (t - p) * k / steps) for p, t in zip(paper, target, strict=True)]
        nearest = [round(amount * steps / 255) for amount in range(256)]
        shades[ink] = [first + k - 1 if k else 0 for k in nearest]
    return palette, shades


PALETTE, SHADES = _palette_and_shades()


def _title_layout(title: str, font: CardFont, room: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the whole title fits; at the smallest, cut with an ellipsis."""
    for size in TITLE_SIZES:
        face = font.face(size, bold=True)
        lines = [line for paragraph in title.split("\n") for line in wrap(paragraph, face.getlength, room)]
        if len(lines) <= TITLE_LINES:
            return face, lines
    return face, [line for lines in _paragraphs(title, face, room, TITLE_LINES) for line in lines]


def _paragraphs(text: str, face: ImageFont.FreeTypeFont, room: int, most: int) -> list[list[str]]:
    """The lines of each paragraph, at most `most` in all: each paragraph leaves at
    least one line for every paragraph after it."""
    paragraphs = [paragraph for paragraph in text.split("\n") if paragraph.strip()]
    fitted: list[list[str]] = []
    used = 0
    for index, paragraph in enumerate(paragraphs):
        left = most - used - (len(paragraphs) - index - 1)
        if left < 1:
            break
        fitted.append(_fit(paragraph, face, room, left))
        used += len(fitted[-1])
    return fitted


def _fit(text: str, face: ImageFont.FreeTypeFont, room: int, most: int) -> list[str]:
    """At most `most` lines; the last ends with an ellipsis when the text is longer."""
    lines = wrap(text, face.getlength, room)
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and face.getlength(last + ELLIPSIS) > room:
        last = last[:-1]
    return [*lines[: most - 1], last.rstrip() + ELLIPSIS]


def wrap(text: str, length, room: float) -> list[str]:
    """Lines no longer than `room` as measured by length(text); breaks between pieces.
    A line's length is the sum of its pieces', each measured once: measuring the line
    again for every piece made a long Chinese summary cost a square of its length."""
    widths: dict[str, float] = {}

    def width(piece: str) -> float:
        if piece not in widths:
            widths[piece] = length(piece)
        return widths[piece]

    lines: list[str] = []
    line, used = "", 0.0
    for piece in _pieces(" ".join(text.split())):
        if line and used + width(piece.rstrip()) > room:
            lines.append(line.rstrip())
            line, used, piece = "", 0.0, piece.lstrip()
        line += piece
        used += width(piece)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> list[str]:
    """Unbreakable pieces: a closing mark joins the piece before it, an opening mark the one after."""
    pieces: list[str] = []
    for piece in PIECE_RE.findall(text):
        if pieces and (piece[0] in NO_LINE_START or pieces[-1].rstrip()[-1:] in NO_LINE_END):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def missing_glyphs(text: str, font: CardFont) -> str:
    """The characters of text the font cannot draw (they would come out as a box), in order."""
    return "".join(c for c in dict.fromkeys(text) if not c.isspace() and font.lacks(c))
